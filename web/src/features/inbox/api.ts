import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { InboxView, NotificationView } from '../../../../server/src/modules/inbox/schemas';

export type Notice = NotificationView;
export type InboxDto = InboxView;

const KEY = ['inbox'] as const;

export function useInbox(opts: { unread?: boolean; limit?: number } = {}) {
  return useQuery({ queryKey: [...KEY, opts.unread ?? false, opts.limit ?? 50], queryFn: () => api.get<InboxDto>('/notifications', { unread: opts.unread || undefined, limit: opts.limit }) });
}

/** The bell's count: one small request, refreshed every minute and when the tab comes back. */
export function useUnreadCount() {
  return useQuery({ queryKey: [...KEY, 'count'], queryFn: () => api.get<InboxDto>('/notifications', { unread: true, limit: 1 }), refetchInterval: 60_000, select: (d) => d.unread });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api.post(`/notifications/${id}/read`), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post('/notifications/read-all'), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}
