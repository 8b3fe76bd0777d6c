import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, request, type Query } from '../../api/client';
import type { OnlineInput as ServerOnlineInput, PracticeInput as ServerPracticeInput } from '../../../../server/src/modules/learning/schemas';

const KEY = ['learning'] as const;

export interface LearningOptions {
  platforms: string[];
  practiceKinds: { value: string; label: string }[];
  minutesPerCreditHour: number;
  minutesPerPoint: number;
  backfillDays: number;
  maxPhotos: number;
  maxFileBytes: number;
  today: string;
}

export interface OnlineRecord {
  id: number;
  memberId: number;
  day: string;
  platform: string;
  content: string;
  minutes: number | null;
  credits: number | null;
  points: number | null;
  studyMinutes: number;
  evidenceFileId: number | null;
  source: string;
  createdAt: string;
}

export interface PracticeRecord {
  id: number;
  memberId: number;
  day: string;
  kind: string;
  kindLabel: string;
  title: string;
  description: string;
  minutes: number;
  photoFileIds: number[];
  createdAt: string;
}

export type OnlineInput = ServerOnlineInput;

export type PracticeInput = ServerPracticeInput;

export interface MyLearning {
  online: OnlineRecord[];
  practice: PracticeRecord[];
  onlineMinutes: number;
  practiceMinutes: number;
}

type WithMember = { memberName: string; unitName: string };
export interface UnitLearning {
  online: (OnlineRecord & WithMember)[];
  practice: (PracticeRecord & WithMember)[];
  onlineTotal: number;
  onlineMinutes: number;
  practiceTotal: number;
  practiceMinutes: number;
}

export interface UnitFilter {
  unitId?: number;
  month?: string;
  platform?: string;
  practiceKind?: string;
  q?: string;
}

export interface ImportRow {
  row: number;
  name: string;
  phone: string;
  day: string;
  platform: string;
  outcome: 'taken' | 'duplicate' | 'refused';
  reason?: string;
  memberName?: string;
  unitName?: string;
  minutes?: number;
}

export interface ImportReport {
  format: string;
  encoding?: string;
  dryRun: boolean;
  total: number;
  taken: number;
  duplicate: number;
  refused: number;
  rows: ImportRow[];
}

export const fileUrl = (id: number) => apiUrl(`/learning/files/${id}`);
export const templateUrl = () => apiUrl('/learning/import-template');
export const exportUrl = (f: UnitFilter) => apiUrl('/learning/unit/export', f as Query);

export function useLearningOptions() {
  return useQuery({ queryKey: [...KEY, 'options'], queryFn: () => api.get<LearningOptions>('/learning/options'), staleTime: 60_000 });
}

export function useMyLearning(month: string) {
  return useQuery({ queryKey: [...KEY, 'mine', month], queryFn: () => api.get<MyLearning>('/learning/mine', { month }), placeholderData: keepPreviousData });
}

export function useUnitLearning(f: UnitFilter) {
  return useQuery({ queryKey: [...KEY, 'unit', f], queryFn: () => api.get<UnitLearning>('/learning/unit', f as Query), placeholderData: keepPreviousData });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useSaveOnline() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: OnlineInput }) => (id ? api.put<{ minutes: number }>(`/learning/online/${id}`, input) : api.post<{ id: number; minutes: number }>('/learning/online', input)),
    onSuccess: refresh,
    meta: { silent: true },
  });
}

export function useDeleteOnline() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/learning/online/${id}`), onSuccess: refresh });
}

export function useSavePractice() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: PracticeInput }) => (id ? api.put(`/learning/practice/${id}`, input) : api.post<{ id: number }>('/learning/practice', input)),
    onSuccess: refresh,
    meta: { silent: true },
  });
}

export function useDeletePractice() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/learning/practice/${id}`), onSuccess: refresh });
}

export function uploadFile(blob: Blob, name: string) {
  const form = new FormData();
  form.append('file', blob, name);
  return request<{ id: number; mime: string; size: number }>('POST', '/learning/files', { body: form });
}

export function useImport() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ file, dryRun, platform }: { file: File; dryRun: boolean; platform?: string }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<ImportReport>('POST', '/learning/import', { body: form, query: { dryRun, platform } });
    },
    onSuccess: (r) => {
      if (!r.dryRun) void refresh();
    },
  });
}
