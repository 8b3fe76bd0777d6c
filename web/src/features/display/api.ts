// The atmosphere API: server/src/modules/display (screens/, announcements/, dashboards/).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { AnnouncementCreate, AnnouncementUpdate, AnnouncementView, ReadStatsView } from '../../../../server/src/modules/display/announcements/schemas';
import type { PlaylistEntry, QuoteView, ScreenCreate, ScreenUpdate, ScreenView, ScreenSecret as ScreenSecretT } from '../../../../server/src/modules/display/screens/schemas';

export type Screen = ScreenView;
export type Playlist = PlaylistEntry[];
export type ScreenSecret = Static<typeof ScreenSecretT>;
export type Quote = QuoteView;
export type Announcement = AnnouncementView;
export type ReadStats = ReadStatsView;

const SCREENS = ['display', 'screens'] as const;
const QUOTES = ['display', 'quotes'] as const;
const ANN = ['announcements'] as const;

export function useScreens() {
  return useQuery({ queryKey: SCREENS, queryFn: () => api.get<{ items: Screen[]; darkAfterMinutes: number }>('/display/screens'), refetchInterval: 30_000 });
}

function useInvalidate(key: readonly string[]) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

export function useCreateScreen() {
  const done = useInvalidate(SCREENS);
  return useMutation({ mutationFn: (b: ScreenCreate) => api.post<ScreenSecret>('/display/screens', b), onSuccess: done });
}
export function useUpdateScreen() {
  const done = useInvalidate(SCREENS);
  return useMutation({ mutationFn: ({ id, ...b }: ScreenUpdate & { id: number }) => api.patch<{ ok: boolean }>(`/display/screens/${id}`, b), onSuccess: done });
}
export function useRenewScreen() {
  const done = useInvalidate(SCREENS);
  return useMutation({ mutationFn: ({ id, version }: { id: number; version: number }) => api.post<ScreenSecret>(`/display/screens/${id}/renew`, { version }), onSuccess: done });
}
export function useRevokeScreen() {
  const done = useInvalidate(SCREENS);
  return useMutation({ mutationFn: ({ id, version }: { id: number; version: number }) => api.post<{ ok: boolean }>(`/display/screens/${id}/revoke`, { version }), onSuccess: done });
}
export function useDeleteScreen() {
  const done = useInvalidate(SCREENS);
  return useMutation({ mutationFn: (id: number) => api.del<{ ok: boolean }>(`/display/screens/${id}`), onSuccess: done });
}

export function useQuotes() {
  return useQuery({ queryKey: QUOTES, queryFn: () => api.get<{ items: Quote[] }>('/display/quotes') });
}
export function useAddQuote() {
  const done = useInvalidate(QUOTES);
  return useMutation({ mutationFn: (b: { unitId: number; text: string; source?: string }) => api.post<{ id: number }>('/display/quotes', b), onSuccess: done });
}
export function useDeleteQuote() {
  const done = useInvalidate(QUOTES);
  return useMutation({ mutationFn: (id: number) => api.del<{ ok: boolean }>(`/display/quotes/${id}`), onSuccess: done });
}

// ---- announcements ----

export function useManagedAnnouncements(state: string) {
  return useQuery({ queryKey: [...ANN, 'managed', state], queryFn: () => api.get<{ items: Announcement[] }>('/announcements', { state }) });
}
export function useMyAnnouncements(enabled = true) {
  return useQuery({ queryKey: [...ANN, 'mine'], queryFn: () => api.get<{ items: Announcement[] }>('/announcements/mine'), enabled });
}
export function useAnnouncement(id: number) {
  return useQuery({ queryKey: [...ANN, id], queryFn: () => api.get<Announcement>(`/announcements/${id}`) });
}
export function useReadStats(id: number | null) {
  return useQuery({ queryKey: [...ANN, id, 'reads'], queryFn: () => api.get<ReadStats>(`/announcements/${id}/reads`), enabled: id !== null });
}
export function useCreateAnnouncement() {
  const done = useInvalidate(ANN);
  return useMutation({ mutationFn: (b: AnnouncementCreate) => api.post<{ id: number }>('/announcements', b), onSuccess: done });
}
export function useUpdateAnnouncement() {
  const done = useInvalidate(ANN);
  return useMutation({ mutationFn: ({ id, ...b }: AnnouncementUpdate & { id: number }) => api.patch<{ ok: boolean }>(`/announcements/${id}`, b), onSuccess: done });
}
export function useWithdrawAnnouncement() {
  const done = useInvalidate(ANN);
  return useMutation({ mutationFn: ({ id, version }: { id: number; version: number }) => api.post<{ ok: boolean }>(`/announcements/${id}/withdraw`, { version }), onSuccess: done });
}
export function useDeleteAnnouncement() {
  const done = useInvalidate(ANN);
  return useMutation({ mutationFn: (id: number) => api.del<{ ok: boolean }>(`/announcements/${id}`), onSuccess: done });
}
export function useUploadImage() {
  const done = useInvalidate(ANN);
  return useMutation({
    mutationFn: ({ id, file }: { id: number; file: File }) => {
      const fd = new FormData();
      fd.append('file', file);
      return api.post<{ id: number; url: string }>(`/announcements/${id}/images`, fd);
    },
    onSuccess: done,
  });
}
export function useDeleteImage() {
  const done = useInvalidate(ANN);
  return useMutation({ mutationFn: ({ id, imageId }: { id: number; imageId: number }) => api.del<{ ok: boolean }>(`/announcements/${id}/images/${imageId}`), onSuccess: done });
}
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api.post<{ counted: boolean }>(`/announcements/${id}/read`), onSuccess: () => qc.invalidateQueries({ queryKey: [...ANN, 'mine'] }) });
}

/** Paragraphs typed in a plain text box, as the HTML the server keeps (it sanitises again). */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n{1,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}

/** The stored HTML back to paragraphs for editing. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.body.children].map((el) => el.textContent ?? '').join('\n');
}
