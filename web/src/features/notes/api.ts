import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** private: only me; unit: colleagues of my unit; town: colleagues of the whole town. */
export type Visibility = 'private' | 'unit' | 'town';

export interface Note {
  id: number;
  memberId: number;
  authorName: string;
  mine: boolean;
  bookId: number | null;
  bookTitle: string;
  chapter: string;
  page: string;
  quote: string;
  thought: string;
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
  version: number;
}
export interface NoteBook {
  bookId: number | null;
  title: string;
  count: number;
  lastAt: string;
}
export interface NoteInput {
  bookId?: number | null;
  bookTitle?: string | null;
  chapter?: string;
  page?: string;
  quote?: string;
  thought?: string;
  visibility?: Visibility;
}
export interface NoteFilter {
  q?: string;
  bookId?: number;
  bookTitle?: string;
  scope?: 'mine' | 'unit';
}

const K = ['notes'] as const;

export function useNotes(f: NoteFilter) {
  return useQuery({ queryKey: [...K, 'list', f], queryFn: () => api.get<Note[]>('/notes', { ...f }) });
}
export function useNoteBooks() {
  return useQuery({ queryKey: [...K, 'books'], queryFn: () => api.get<NoteBook[]>('/notes/books') });
}
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: K });
}
export function useSaveNote() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, version, input }: { id?: number; version?: number; input: NoteInput }): Promise<unknown> => (id ? api.put(`/notes/${id}`, { ...input, version }) : api.post('/notes', input)),
    onSuccess: refresh,
    meta: { silent: true },
  });
}
export function useDeleteNote() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, version }: { id: number; version: number }) => api.del(`/notes/${id}?version=${version}`), onSuccess: refresh });
}
export async function searchCatalog(q: string) {
  const r = await api.get<{ items: { id: number; title: string; authors: string }[] }>('/library/books', { q, pageSize: 10 });
  return r.items;
}
