// The reflections API (/api/reflections…): server/src/modules/reflections/routes.ts.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Static } from 'typebox';
import type { BookPage } from '../../api/types';
import type { CommentDto, DetailDto, MatchDto, QuotaDto, ReferenceDto, ReportDto, SummaryDto } from '../../../../server/src/modules/reflections/schemas';

export type Status = 'draft' | 'submitted' | 'returned' | 'approved' | 'excellent' | 'reported';
export type Feedback = '采用' | '未采用' | '待反馈';

// Shapes from the server's own schemas (type-only); the string fields the
// server leaves open are narrowed to the values the contract names.
type Summary = Static<typeof SummaryDto>;
type Detail = Static<typeof DetailDto>;
export type Passage = Detail['passageComments'][number];
export type ReflectionSummary = Omit<Summary, 'status'> & { status: Status };
export type ReflectionEvent = Omit<Detail['events'][number], 'action' | 'fromStatus' | 'toStatus'> & {
  action: 'create' | 'submit' | 'resubmit' | 'return' | 'approve' | 'excellent' | 'report' | 'feedback';
  fromStatus: Status | null;
  toStatus: Status;
};
export type Reflection = Omit<Detail, 'status' | 'events'> & { status: Status; events: ReflectionEvent[] };

export interface RubricItem {
  name: string;
  points: number;
}

export interface ReflectionConfig {
  minChars: number;
  maxChars: number;
  flagPercent: number;
  sharedWithColleagues: boolean;
  rubric: RubricItem[];
}

export interface FinishedBook {
  planItemId: number | null;
  bookId: number | null;
  bookTitle: string;
  finishedOn: string | null;
  reflectionId: number | null;
}

export type Range = Static<typeof MatchDto>['mine'][number];

export type Match = Omit<Static<typeof MatchDto>, 'kind'> & { kind: 'reflection' | 'reference' };

export interface ReviewView {
  reflection: Reflection;
  matches: Match[];
  /** When the reflection was first handed in (a resubmission after a return keeps the date). */
  firstSubmittedAt?: string | null;
  /** Share of the text (%) inside quotation marks or blockquotes (引用占比), when the server reports it. */
  quotedPercent?: number | null;
  rubric: RubricItem[];
  flagPercent: number;
  canReview: boolean;
}

/** The queue's states: the stored ones after hand-in, and 重新提交 (submitted again after a return). */
export type QueueStatus = Exclude<Status, 'draft'> | 'resubmitted';

export interface ReviewFilter {
  unitId?: number;
  month?: string;
  status?: QueueStatus;
  minSimilarity?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

export type ReferenceText = Omit<Static<typeof ReferenceDto>, 'kind'> & { kind: 'copied' | 'excerpt' };

export type QuotaRow = Static<typeof QuotaDto>['items'][number];

export type ReportItem = Omit<Static<typeof ReportDto>['items'][number], 'feedback'> & { feedback: Feedback };

export type Report = Omit<Static<typeof ReportDto>, 'items'> & { items: ReportItem[] };

export type SharedComment = Static<typeof CommentDto>;

export interface WriteBody {
  title: string;
  bodyHtml: string;
  planItemId?: number | null;
  bookId?: number | null;
  bookTitle?: string;
}

const R = ['reflections'] as const;

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: R });
}

export function useConfig() {
  return useQuery({ queryKey: [...R, 'config'], queryFn: () => api.get<ReflectionConfig>('/reflections/config'), staleTime: 5 * 60_000 });
}

export function useFinishedBooks() {
  return useQuery({ queryKey: [...R, 'books'], queryFn: () => api.get<{ items: FinishedBook[] }>('/reflections/books') });
}

export function useMine() {
  return useQuery({ queryKey: [...R, 'mine'], queryFn: () => api.get<{ items: ReflectionSummary[] }>('/reflections/mine') });
}

export const reflectionKey = (id: number) => [...R, 'one', id] as const;
export const fetchReflection = (id: number) => api.get<Reflection>(`/reflections/${id}`);

export function useReflection(id: number) {
  return useQuery({ queryKey: reflectionKey(id), queryFn: () => fetchReflection(id), enabled: Number.isInteger(id) && id > 0, retry: false, refetchOnWindowFocus: false });
}

// The editor's writes: called by the autosave, errors handled there.
export const createReflection = (body: WriteBody) => api.post<Reflection>('/reflections', body);
export const saveReflection = (id: number, body: WriteBody & { version: number }) => api.put<Reflection>(`/reflections/${id}`, body);
export const submitReflection = (id: number, version: number) => api.post<Reflection>(`/reflections/${id}/submit`, { version });

export function useDeleteReflection() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/reflections/${id}`), onSuccess: refresh });
}

/** The catalog search (GET /library/books), for a book not in the reading plan. */
export function useCatalogSearch(q: string) {
  return useQuery({
    queryKey: [...R, 'catalog', q],
    queryFn: () => api.get<BookPage>('/library/books', { q, page: 1, pageSize: 10 }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

// ---- review (console)

export function useReviewQueue(filter: ReviewFilter) {
  return useQuery({
    queryKey: [...R, 'review', filter],
    queryFn: () => api.get<{ items: ReflectionSummary[]; total: number; canReview: boolean }>('/reflections/review', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useReviewView(id: number) {
  return useQuery({ queryKey: [...R, 'review-one', id], queryFn: () => api.get<ReviewView>(`/reflections/${id}/review`), enabled: Number.isInteger(id) && id > 0, retry: false });
}

export type Decision =
  | { action: 'return'; comment?: string; passages: Passage[]; version?: number }
  | { action: 'approve' | 'excellent'; scores?: RubricItem[]; comment?: string };

export function useDecide(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (d: Decision) => {
      const { action, ...body } = d;
      return api.post<Reflection>(`/reflections/${id}/${action}`, body);
    },
    onSuccess: refresh,
  });
}

export function useBatch() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { action: 'approve' | 'excellent' | 'return'; ids: number[]; comment?: string }) => api.post<{ done: number[]; skipped: { id: number; reason: string }[] }>('/reflections/batch', body),
    onSuccess: refresh,
  });
}

// ---- references

export function useReferences() {
  return useQuery({ queryKey: [...R, 'references'], queryFn: () => api.get<{ items: ReferenceText[] }>('/reflections/references') });
}

export function useAddReference() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { title: string; text: string; kind: 'copied' | 'excerpt'; bookId?: number | null }) => api.post<ReferenceText>('/reflections/references', body),
    onSuccess: refresh,
  });
}

export function useDeleteReference() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/reflections/references/${id}`), onSuccess: refresh });
}

// ---- quota

export function useQuota(month: string | undefined, unitId?: number) {
  return useQuery({
    queryKey: [...R, 'quota', month, unitId],
    queryFn: () => api.get<{ month: string; percent: number; items: QuotaRow[] }>('/reflections/quota', { month, unitId }),
    placeholderData: keepPreviousData,
  });
}

// ---- upward reports

export function useReports() {
  return useQuery({ queryKey: [...R, 'reports'], queryFn: () => api.get<{ items: Report[] }>('/reflections/reports') });
}

export function useExcellent() {
  return useQuery({ queryKey: [...R, 'excellent'], queryFn: () => api.get<{ items: ReflectionSummary[] }>('/reflections/excellent') });
}

export function useCreateReport() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: { title: string; recipient: string; reflectionIds: number[] }) => api.post<Report>('/reflections/reports', body), onSuccess: refresh });
}

export function useFeedback() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ reportId, itemId, feedback, note }: { reportId: number; itemId: number; feedback: Feedback; note?: string }) =>
      api.put<Report>(`/reflections/reports/${reportId}/items/${itemId}`, { feedback, note }),
    onSuccess: refresh,
  });
}

export const reportFileUrl = (id: number, kind: 'docx' | 'xlsx') => `/api/reflections/reports/${id}/${kind}`;

// ---- sharing

export function useShared() {
  return useInfiniteQuery({
    queryKey: [...R, 'shared'],
    queryFn: ({ pageParam }) => api.get<{ items: ReflectionSummary[]; total: number; enabled: boolean }>('/reflections/shared', { page: pageParam }),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.reduce((n, p) => n + p.items.length, 0) < last.total && last.items.length > 0 ? pages.length + 1 : undefined),
  });
}

export function useLike(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (like: boolean) => (like ? api.post<{ likes: number; likedByMe: boolean }>(`/reflections/${id}/like`) : api.del<{ likes: number; likedByMe: boolean }>(`/reflections/${id}/like`)),
    onSuccess: refresh,
  });
}

export function useComments(id: number, enabled: boolean) {
  return useQuery({ queryKey: [...R, 'comments', id], queryFn: () => api.get<{ items: SharedComment[] }>(`/reflections/${id}/comments`), enabled });
}

export function useAddComment(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: string) => api.post<SharedComment>(`/reflections/${id}/comments`, { body }), onSuccess: refresh });
}

export function useDeleteComment(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (commentId: number) => api.del(`/reflections/${id}/comments/${commentId}`), onSuccess: refresh });
}
