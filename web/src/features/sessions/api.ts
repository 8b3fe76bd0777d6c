import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { memberYearPlan } from '../../../../server/src/modules/sessions/plan';
import type { CheckInResult as ServerCheckInResult, LeaveRow as ServerLeaveRow, SessionInput as ServerSessionInput, SheetRow as ServerSheetRow } from '../../../../server/src/modules/sessions/service';

export interface SessionUnit {
  id: number;
  name: string;
}
export interface Counts {
  expected: number;
  present: number;
  late: number;
  leave: number;
  absent: number;
  pending: number;
  checkedIn: number;
}
export interface Session {
  id: number;
  unitId: number;
  unitName: string;
  planId: number | null;
  topic: string;
  place: string;
  host: string;
  startsAt: string;
  endsAt: string;
  date: string;
  start: string;
  end: string;
  minutes: number;
  status: 'scheduled' | 'open' | 'closed' | 'cancelled';
  statusLabel: string;
  version: number;
  units: SessionUnit[];
}
export type SheetRow = ServerSheetRow;
export interface SessionDetail extends Session {
  counts: Counts;
  sheet: SheetRow[];
}
export interface Screen {
  session: Session;
  url: string | null;
  qrSvg: string | null;
  rotateSeconds: number;
  secondsLeft: number;
  counts: Counts;
  recent: { name: string; time: string }[];
}
export type CheckInResult = ServerCheckInResult;
export interface MySession extends Session {
  myStatus: SheetRow['status'];
  myStatusLabel: string;
  checkedAt: string | null;
  leave: { status: string; statusLabel: string; reason: string; note: string | null } | null;
}
export interface MySessions {
  upcoming: MySession[];
  past: MySession[];
  year: { present: number; late: number; leave: number; absent: number; total: number };
}
export type LeaveRequest = ServerLeaveRow;
export type SessionInput = ServerSessionInput;
export interface PlanUnit {
  id: number;
  name: string;
  path: string;
  depth: number;
}
export interface PlanBook {
  id: number;
  bookId: number;
  month: number | null;
  note: string;
  title: string;
  authors: string;
  publisher: string;
  category: string;
}
export interface PlanSession {
  id: number;
  topic: string;
  place: string;
  host: string;
  startsAt: string;
  endsAt: string;
  month: number;
  when: string;
  minutes: number;
  status: string;
  statusLabel: string;
  units: string[];
}
export interface Plan {
  id: number;
  unitId: number;
  year: number;
  title: string;
  notes: string;
  version: number;
  months: { month: number; theme: string; content: string }[];
  books: PlanBook[];
  sessions: PlanSession[];
}
export interface Person {
  memberId: number;
  name: string;
  unitName: string;
}
export interface Readers {
  members: number;
  books: { bookId: number; title: string; month: number | null; readCount: number; total: number; read: (Person & { finishedOn: string | null })[]; notRead: Person[] }[];
}

const K = ['sessions'] as const;

export function useScan() {
  return useMutation({ mutationFn: ({ id, token }: { id: number; token: string }) => api.post<CheckInResult>(`/sessions/${id}/scan`, { token }), meta: { silent: true } });
}
export function useMySessions() {
  return useQuery({ queryKey: [...K, 'mine'], queryFn: () => api.get<MySessions>('/sessions/mine') });
}
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: K });
}
export function useAskLeave() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<{ id: number }>(`/sessions/${id}/leave`, { reason }), onSuccess: refresh });
}
export function useSessions(year: number) {
  return useQuery({ queryKey: [...K, 'list', year], queryFn: () => api.get<(Session & { counts: Counts })[]>('/sessions', { year }) });
}
export function useSession(id: number | null) {
  return useQuery({ queryKey: [...K, 'detail', id], queryFn: () => api.get<SessionDetail>(`/sessions/${id}`), enabled: id !== null, refetchInterval: 15_000 });
}
export function useScreen(id: number) {
  return useQuery({ queryKey: [...K, 'screen', id], queryFn: () => api.get<Screen>(`/sessions/${id}/screen`), refetchInterval: 3000, refetchIntervalInBackground: true });
}
export function useSaveSession() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, version, input }: { id?: number; version?: number; input: SessionInput }): Promise<unknown> =>
      id ? api.put<{ ok: boolean }>(`/sessions/${id}`, { ...input, version }) : api.post<{ id: number }>('/sessions', input),
    onSuccess: refresh,
  });
}
export function useSessionAction() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, action }: { id: number; action: 'open' | 'close' | 'cancel' }) => api.post(`/sessions/${id}/${action}`), onSuccess: refresh });
}
export function useManualCheckIn() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, memberId, time }: { id: number; memberId: number; time?: string }) => api.post<CheckInResult>(`/sessions/${id}/check-ins`, { memberId, time }), onSuccess: refresh });
}
export function useRemoveCheckIn() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, memberId }: { id: number; memberId: number }) => api.del(`/sessions/${id}/check-ins/${memberId}`), onSuccess: refresh });
}
export function useLeaveRequests(status?: string, enabled = true) {
  return useQuery({ queryKey: [...K, 'leaves', status], queryFn: () => api.get<LeaveRequest[]>('/sessions/leave-requests', { status }), enabled });
}
export function useDecideLeave() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, approve, note }: { id: number; approve: boolean; note?: string }) => api.post(`/sessions/leave-requests/${id}/decide`, { approve, note }), onSuccess: refresh });
}

/** 我的年度学习计划: the member's unit's plan for a year, with their own reading of the required books. */
export type MyYearPlan = Awaited<ReturnType<typeof memberYearPlan>>;
export type MyPlanBook = NonNullable<MyYearPlan['plan']>['yearBooks'][number];
export type MyPlanSession = NonNullable<MyYearPlan['plan']>['months'][number]['sessions'][number];

const P = ['study-plans'] as const;
export function useMyYearPlan(year: number) {
  return useQuery({ queryKey: [...P, 'mine', year], queryFn: () => api.get<MyYearPlan>('/study-plans/mine', { year }) });
}
export function usePlanUnits() {
  return useQuery({ queryKey: [...P, 'units'], queryFn: () => api.get<PlanUnit[]>('/study-plans/units'), staleTime: 60_000 });
}
export function usePlan(unitId: number | undefined, year: number) {
  return useQuery({ queryKey: [...P, unitId, year], queryFn: () => api.get<Plan | null>('/study-plans', { unitId, year }), enabled: Boolean(unitId) });
}
export function useReaders(planId: number | undefined) {
  return useQuery({ queryKey: [...P, 'readers', planId], queryFn: () => api.get<Readers>(`/study-plans/${planId}/readers`), enabled: Boolean(planId) });
}
function usePlanRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: P });
}
export function useSavePlan() {
  const refresh = usePlanRefresh();
  return useMutation({
    mutationFn: (body: { unitId: number; year: number; title?: string; notes?: string; version?: number | null; months: Plan['months'] }) => api.put<{ id: number }>('/study-plans', body),
    onSuccess: refresh,
  });
}
export function useAddBook() {
  const refresh = usePlanRefresh();
  return useMutation({ mutationFn: ({ planId, bookId, month }: { planId: number; bookId: number; month: number | null }) => api.post(`/study-plans/${planId}/books`, { bookId, month }), onSuccess: refresh });
}
export function useRemoveBook() {
  const refresh = usePlanRefresh();
  return useMutation({ mutationFn: ({ planId, bookId }: { planId: number; bookId: number }) => api.del(`/study-plans/${planId}/books/${bookId}`), onSuccess: refresh });
}
export async function searchBooks(q: string) {
  const r = await api.get<{ items: { id: number; title: string; authors: string; category: string }[] }>('/library/books', { q, pageSize: 20 });
  return r.items;
}
