import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type {
  ChannelCreateBody,
  ChannelDto,
  ChannelMeta,
  ChannelUpdateBody,
  DeliveryPage,
  TestSendResult,
} from '../../../../server/src/modules/channels/schemas';

export type Channel = Static<typeof ChannelDto>;
export type ChannelCreate = Static<typeof ChannelCreateBody>;
export type ChannelUpdate = Static<typeof ChannelUpdateBody>;
export type Deliveries = Static<typeof DeliveryPage>;
export type Delivery = Deliveries['items'][number];
export type TestResult = Static<typeof TestSendResult>;

const KEY = ['channels'] as const;

export function useChannels() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: () => api.get<Channel[]>('/channels'), refetchInterval: 15_000 });
}

export function useChannelMeta() {
  return useQuery({ queryKey: [...KEY, 'meta'], queryFn: () => api.get<Static<typeof ChannelMeta>>('/channels/meta'), staleTime: Infinity });
}

export function useDeliveries(channelId: number | null, status: string | undefined, page: number) {
  return useQuery({
    queryKey: [...KEY, 'deliveries', channelId, status, page],
    queryFn: () => api.get<Deliveries>(`/channels/${channelId}/deliveries`, { status, page, pageSize: 10 }),
    enabled: channelId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useCreateChannel() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: ChannelCreate) => api.post<Channel>('/channels', body), onSuccess: refresh });
}

export function useUpdateChannel() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: ChannelUpdate }) => api.patch<Channel>(`/channels/${id}`, body), onSettled: refresh });
}

export function useDeleteChannel() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/channels/${id}`), onSuccess: refresh });
}

export function useTestChannel() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, to }: { id: number; to?: string }) => api.post<TestResult>(`/channels/${id}/test`, to ? { to } : {}), onSettled: refresh });
}

export function useRetryDelivery() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ channelId, id }: { channelId: number; id: number }) => api.post(`/channels/${channelId}/deliveries/${id}/retry`), onSuccess: refresh });
}
