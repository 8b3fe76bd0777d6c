import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { Candidates, Live, MySeminars, ScheduleBody, SeminarDetail, SeminarItem, SpeechChoices, YearPlan } from '../../../../server/src/modules/seminars/schemas';
import type { DirectBody, LectureDetail, LectureItem, LectureReport, MyLectures, SlotBody } from '../../../../server/src/modules/seminars/lectures/schemas';

export type { Candidates, Live, MySeminars, ScheduleBody, SeminarDetail, SeminarItem, SpeechChoices, YearPlan, DirectBody, LectureDetail, LectureItem, LectureReport, MyLectures, SlotBody };
export type Speaker = SeminarDetail['speakers'][number];

const K = ['seminars'] as const;
const L = ['lectures'] as const;

function useRefresh(key: readonly string[] = K) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

// ---- seminars ----
export const useMySeminars = () => useQuery({ queryKey: [...K, 'mine'], queryFn: () => api.get<MySeminars>('/seminars/mine') });
export const useSeminars = (year: number) => useQuery({ queryKey: [...K, 'list', year], queryFn: () => api.get<SeminarItem[]>('/seminars', { year }) });
export const useYearPlan = (unitId: number | undefined, year: number) =>
  useQuery({ queryKey: [...K, 'year', unitId, year], queryFn: () => api.get<YearPlan>('/seminars/year', { unitId, year }), enabled: Boolean(unitId) });
export const useSeminar = (id: number, poll = false) =>
  useQuery({ queryKey: [...K, 'detail', id], queryFn: () => api.get<SeminarDetail>(`/seminars/${id}`), refetchInterval: poll ? 5000 : false });
export const useCandidates = (unitId: number | undefined) =>
  useQuery({ queryKey: [...K, 'candidates', unitId], queryFn: () => api.get<Candidates>('/seminars/candidates', { unitId }), enabled: Boolean(unitId) });
export const useSpeechChoices = () => useQuery({ queryKey: [...K, 'choices'], queryFn: () => api.get<SpeechChoices>('/seminars/speech-choices') });

export function useSchedule() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: ScheduleBody) => api.post<{ id: number; sessionId: number }>('/seminars', body), onSuccess: refresh, meta: { silent: true } });
}
export function useSeminarAction() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, action }: { id: number; action: 'open' | 'close' | 'cancel' | 'sign-off' | 'volunteer' }) => api.post(`/seminars/${id}/${action}`), onSuccess: refresh });
}
export function useAddSpeaker() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, memberId }: { id: number; memberId: number }) => api.post(`/seminars/${id}/speakers`, { memberId }), onSuccess: refresh });
}
export function useRemoveSpeaker() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, speakerId }: { id: number; speakerId: number }) => api.del(`/seminars/${id}/speakers/${speakerId}`), onSuccess: refresh });
}
export function useSaveSpeech() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, speakerId, ...body }: { id: number; speakerId: number; bookId: number; reflectionId: number | null; summary: string; version: number }) => api.put(`/seminars/${id}/speakers/${speakerId}/speech`, body),
    onSuccess: refresh,
  });
}
export function useUploadSpeech() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, speakerId, file }: { id: number; speakerId: number; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<{ id: number; name: string }>('POST', `/seminars/${id}/speakers/${speakerId}/file`, { body: form });
    },
    onSuccess: refresh,
  });
}
export function useComment() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, speakerId, body }: { id: number; speakerId: number; body: string }) => api.post<{ id: number }>(`/seminars/${id}/comments`, { speakerId, body }), onSuccess: refresh });
}
export function useEvaluate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, speakerId, ...body }: { id: number; speakerId: number; grade?: string | null; score?: number | null; words: string; version: number }) => api.put(`/seminars/${id}/speakers/${speakerId}/evaluation`, body),
    onSuccess: refresh,
  });
}
export function useAskLeave() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ sessionId, reason }: { sessionId: number; reason: string }) => api.post<{ id: number }>(`/sessions/${sessionId}/leave`, { reason }), onSuccess: refresh });
}

/** The meeting-room screen: polls for comments after the last one it has. */
export const fetchLive = (id: number, after: number) => api.get<Live>(`/seminars/${id}/live`, { after });

export const fileUrl = (id: number) => `/api/seminar-files/${id}`;
export const minutesUrl = (id: number) => `/api/seminars/${id}/minutes.docx`;

// ---- lectures ----
export const useMyLectures = () => useQuery({ queryKey: [...L, 'mine'], queryFn: () => api.get<MyLectures>('/lectures/mine') });
export const useLectures = (year: number) => useQuery({ queryKey: [...L, 'list', year], queryFn: () => api.get<LectureItem[]>('/lectures', { year }) });
export const useLecture = (id: number) => useQuery({ queryKey: [...L, 'detail', id], queryFn: () => api.get<LectureDetail>(`/lectures/${id}`) });
export const useLectureReport = (year: number) => useQuery({ queryKey: [...L, 'report', year], queryFn: () => api.get<LectureReport>('/lectures/report', { year }) });
export function usePropose() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: (body: { topic: string; outline: string }) => api.post<{ id: number }>('/lectures', body), onSuccess: refresh });
}
export function useScheduleLecture() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: ({ id, ...body }: SlotBody & { id: number }) => api.post(`/lectures/${id}/schedule`, body), onSuccess: refresh });
}
export function useDirectLecture() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: (body: DirectBody) => api.post<{ id: number }>('/lectures/direct', body), onSuccess: refresh });
}
export function useRejectLecture() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: ({ id, note }: { id: number; note: string }) => api.post(`/lectures/${id}/reject`, { note }), onSuccess: refresh });
}
export function useLectureAction() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: ({ id, action }: { id: number; action: 'open' | 'close' | 'cancel' }) => api.post(`/lectures/${id}/${action}`), onSuccess: refresh });
}
export function useRate() {
  const refresh = useRefresh(L);
  return useMutation({ mutationFn: ({ id, stars, comment }: { id: number; stars: number; comment: string }) => api.post(`/lectures/${id}/ratings`, { stars, comment }), onSuccess: refresh });
}
export function useUploadLectureFile() {
  const refresh = useRefresh(L);
  return useMutation({
    mutationFn: ({ id, kind, file }: { id: number; kind: 'slides' | 'handout'; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<{ id: number; name: string }>('POST', `/lectures/${id}/files`, { body: form, query: { kind } });
    },
    onSuccess: refresh,
  });
}

/** Units the clerk may pick as organiser or attending (the sessions feature's endpoint). */
export const useUnits = () => useQuery({ queryKey: ['study-plans', 'units'], queryFn: () => api.get<{ id: number; name: string; path: string; depth: number }[]>('/study-plans/units'), staleTime: 60_000 });
