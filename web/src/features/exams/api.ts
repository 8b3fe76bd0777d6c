import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, request } from '../../api/client';
import type { Analysis, AnswerResponse, AnswerSaved, Attempt, Category, Draft, GradingItem, ImportReport, MyPaper, Paper, PaperInput, Practice, PracticeItem, QuestionDetail, QuestionList, Regrade, Results } from '../../../../server/src/modules/exams/schemas';

export type { Analysis, AnswerResponse, Attempt, Category, Draft, GradingItem, ImportReport, Item, MyPaper, Paper, PaperInput, Practice, PracticeItem, Question, QuestionDetail, Regrade, Results, ReviewOptions } from '../../../../server/src/modules/exams/schemas';

const KEY = ['exams'] as const;

export const useMyPapers = () => useQuery({ queryKey: [...KEY, 'my'], queryFn: () => api.get<MyPaper[]>('/exams/my/papers') });
export const useAttempt = (id: number) => useQuery({ queryKey: [...KEY, 'attempt', id], queryFn: () => api.get<Attempt>(`/exams/attempts/${id}`), refetchOnWindowFocus: false });
export const startAttempt = (paperId: number) => api.post<{ id: number }>(`/exams/papers/${paperId}/attempts`);
export const saveAnswer = (attemptId: number, itemId: number, body: { response: AnswerResponse; answeredAt: string }) => api.put<AnswerSaved>(`/exams/attempts/${attemptId}/items/${itemId}`, body);
export const submitAttempt = (attemptId: number) => api.post<Attempt>(`/exams/attempts/${attemptId}/submit`);

export const usePractice = () => useQuery({ queryKey: [...KEY, 'practice'], queryFn: () => api.get<Practice>('/exams/practice/today') });
export function useAnswerPractice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ position, response }: { position: number; response: AnswerResponse }) => api.post<PracticeItem>(`/exams/practice/today/${position}`, { response }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'practice'] }),
  });
}

export const useCategories = () => useQuery({ queryKey: [...KEY, 'categories'], queryFn: () => api.get<Category[]>('/exams/categories') });
export const useQuestions = (q: { q?: string; categoryId?: number; type?: string; page?: number }) =>
  useQuery({ queryKey: [...KEY, 'questions', q], queryFn: () => api.get<QuestionList>('/exams/questions', { ...q, pageSize: 20 }) });
export function useImportQuestions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, categoryId }: { file: File; categoryId?: number }) => {
      const fd = new FormData();
      fd.append('file', file);
      return request<ImportReport>('POST', '/exams/questions/import', { body: fd, query: { categoryId } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
export const useQuestion = (id: number | undefined) => useQuery({ queryKey: [...KEY, 'question', id], queryFn: () => api.get<QuestionDetail>(`/exams/questions/${id}`), enabled: Boolean(id) });
export function useSaveQuestion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, categoryId, draft }: { id?: number; version?: number; categoryId: number; draft: Draft }) =>
      id ? api.put<{ newVersion: boolean; versionId: number }>(`/exams/questions/${id}`, { categoryId, version, draft }) : api.post<{ id: number }>('/exams/questions', { categoryId, draft }).then(() => ({ newVersion: false, versionId: 0 })),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
export function useCorrectKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: { version: number; options?: { key: string; fraction: number }[]; truth?: boolean; accepted?: { text: string; fraction: number; feedback: string }[] } }) =>
      api.post<Regrade>(`/exams/questions/${id}/correct-key`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
export const exportUrl = (format: 'gift' | 'aiken' | 'xlsx', categoryId?: number) => apiUrl('/exams/questions/export', { format, categoryId });

export const usePapers = () => useQuery({ queryKey: [...KEY, 'papers'], queryFn: () => api.get<Paper[]>('/exams/papers') });
export function useCreatePaper() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: PaperInput) => api.post<{ id: number }>('/exams/papers', body), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}
export function usePublishPaper() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (p: { id: number; version: number }) => api.post(`/exams/papers/${p.id}/publish`, { version: p.version }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useGrading = () => useQuery({ queryKey: [...KEY, 'grading'], queryFn: () => api.get<GradingItem[]>('/exams/grading') });
export function useGrade() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (g: { itemId: number; score: number; comment: string }) => api.post<{ attemptScore: number; pending: number }>(`/exams/grading/${g.itemId}`, { score: g.score, comment: g.comment }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export const useResults = (q: { quarter?: string; paperId?: number }) => useQuery({ queryKey: [...KEY, 'results', q], queryFn: () => api.get<Results>('/exams/results', q) });
export const awardsUrl = (q: { quarter?: string; paperId?: number }) => apiUrl('/exams/results/awards.xlsx', q);
export const useAnalysis = (paperId: number | undefined) =>
  useQuery({ queryKey: [...KEY, 'analysis', paperId], queryFn: () => api.get<Analysis>(`/exams/papers/${paperId}/analysis`), enabled: Boolean(paperId) });
