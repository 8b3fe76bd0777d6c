import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { TimerStop } from '../../../../server/src/modules/study/log';
import type { PlanItemView } from '../../../../server/src/modules/study/plans';
import type { UnitViewRow } from '../../../../server/src/modules/study/progress';
import type { CalendarYearDto } from '../../../../server/src/modules/study/schemas';
import type { Static } from 'typebox';

export interface Timer {
  running: boolean;
  startedAt: string | null;
  bookId: number | null;
  bookTitle: string | null;
  elapsedSeconds: number;
  /** The most one run credits (setting study.timerMaxMinutes). */
  maxMinutes: number;
}

export type { TimerStop };

export type PlanItem = PlanItemView;

export interface Plan {
  month: string;
  deadline: string;
  booksPerMonth: number;
  items: PlanItem[];
  finished: number;
  madeOn: string | null;
  late: boolean;
  overdue: boolean;
  /** This month or next; a past month is read-only. */
  editable: boolean;
}

export interface StudyHome {
  today: string;
  month: string;
  target: number;
  todayMinutes: number;
  todayRequired: boolean;
  todayKind: string;
  todayName: string;
  monthMinutes: number;
  monthTarget: number;
  requiredDaysMonth: number;
  daysMet: number;
  requiredDaysSoFar: number;
  expectedSoFar: number;
  aheadBy: number;
  streak: number;
  backfillFrom: string;
  plan: Omit<Plan, 'month' | 'madeOn' | 'editable'>;
  nextSession: { id: number; topic: string; place: string; host: string; startsAt: string; endsAt: string; status: string } | null;
  timer: Timer;
}

export interface HeatDay {
  day: string;
  minutes: number;
  required: boolean;
  met: boolean;
  kind: string;
  name: string;
}

export interface StudyLog {
  id: number;
  day: string;
  kind: string;
  minutes: number;
  bookId: number | null;
  bookTitle: string | null;
  progress: string;
  note: string;
  source: string;
  createdAt: string;
}

export type UnitRow = UnitViewRow;

export interface UnitView {
  month: string;
  unit: { id: number; name: string };
  through: string | null;
  deadline: string;
  target: number;
  booksPerMonth: number;
  requiredDaysSoFar: number;
  sessionsHeld: number;
  /** Compliance below this share is shown as low (setting). */
  lowCompliance: number;
  rows: UnitRow[];
  totals: UnitTotals;
  /** 按单位汇总: one row per unit with members in the view; the totals row is `totals`. */
  units: (UnitTotals & { unitId: number; unitName: string })[];
}

/** 按单位汇总 from the monthly summary (GET /study/units/summary, decision 021). */
export interface UnitSummary {
  month: string;
  unit: { id: number; name: string };
  /** When the nightly summary was refreshed; null: the month has no summary yet and the server computed it now. */
  asOf: string | null;
  through: string | null;
  requiredDaysSoFar: number;
  target: number;
  booksPerMonth: number;
  lowCompliance: number;
  units: (UnitTotals & { unitId: number; unitName: string })[];
  totals: UnitTotals;
}

export interface UnitTotals {
    members: number;
    withPlan: number;
    latePlans: number;
    booksMet: number;
    booksFinished: number;
    daysMet: number;
    requiredDays: number;
    compliance: number | null;
    minutes: number;
    sessionsAttended: number;
    sessionsExpected: number;
    sessionsExcused: number;
    sessionsLate: number;
}

/** A year of the holiday calendar as it applies in one unit, with each entry's scope (server/src/modules/study/schemas.ts). */
export type CalendarYear = Static<typeof CalendarYearDto>;
export type CalendarDay = CalendarYear['days'][number];

export interface CalendarImport {
  imported: number;
  failed: number;
  rows: { rowNumber: number; ok: boolean; day: string | null; message: string }[];
}

export interface BookHit {
  id: number;
  title: string;
  authors: string;
}

const ST = ['study'] as const;

export const useStudyHome = () => useQuery({ queryKey: [...ST, 'home'], queryFn: () => api.get<StudyHome>('/study/home') });
export const useHeatmap = (from: string, to: string) =>
  useQuery({ queryKey: [...ST, 'heatmap', from, to], queryFn: () => api.get<{ from: string; to: string; target: number; bestStreak: number; days: HeatDay[] }>('/study/heatmap', { from, to }) });
export const useLogs = () => useQuery({ queryKey: [...ST, 'logs'], queryFn: () => api.get<StudyLog[]>('/study/logs') });
export const usePlan = (month?: string) => useQuery({ queryKey: [...ST, 'plan', month ?? ''], queryFn: () => api.get<Plan>('/study/plan', { month }) });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ST });
}

export function useAddLog() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (b: { day: string; minutes: number; bookId?: number | null; bookTitle?: string | null; progress?: string; note?: string }) => api.post<{ id: number }>('/study/logs', b),
    onSuccess: refresh,
  });
}
export function useDeleteLog() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/study/logs/${id}`), onSuccess: refresh });
}
export function useStartTimer() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: { bookId?: number | null; bookTitle?: string | null }) => api.post<Timer>('/study/timer/start', b), onSuccess: refresh });
}
export function useStopTimer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (b: { progress?: string; note?: string }) => api.post<TimerStop>('/study/timer/stop', b),
    onSettled: refresh,
  });
}
export function useCancelTimer() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => api.post('/study/timer/cancel'), onSettled: refresh });
}
export function useAddPlanItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (b: { month?: string; bookId?: number | null; ownTitle?: string | null; ownAuthor?: string | null; targetOn: string }) => api.post<{ id: number }>('/study/plan/items', b),
    onSuccess: refresh,
  });
}
export function useFinishPlanItem() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.post<{ finishedOn: string; reflectionLink: string }>(`/study/plan/items/${id}/finish`), onSuccess: refresh });
}
export function useRemovePlanItem() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/study/plan/items/${id}`), onSuccess: refresh });
}

export const searchBooks = (q: string) => api.get<{ items: BookHit[] }>('/library/books', { q, pageSize: 10 }).then((r) => r.items);

// ---- console ----
/** The live unit view (every member's month); `enabled` false where the summary answers instead (a district's 按单位汇总). */
export const useUnitView = (month: string, unitId?: number, enabled = true) =>
  useQuery({ queryKey: [...ST, 'unit-view', month, unitId ?? 0], queryFn: () => api.get<UnitView>('/study/units/view', { month, unitId }), placeholderData: keepPreviousData, enabled });
/** The by-unit totals from the nightly summary; `enabled` false keeps it from loading (the people tab, a town's live month). */
export const useUnitSummary = (month: string, unitId: number | undefined, enabled: boolean) =>
  useQuery({ queryKey: [...ST, 'unit-summary', month, unitId ?? 0], queryFn: () => api.get<UnitSummary>('/study/units/summary', { month, unitId }), placeholderData: keepPreviousData, enabled });
export const useMissingPlans = (month: string, unitId?: number) =>
  useQuery({
    queryKey: [...ST, 'missing', month, unitId ?? 0],
    queryFn: () => api.get<{ month: string; unit: { id: number; name: string }; members: { memberId: number; name: string; unitName: string; position: string }[] }>('/study/units/missing-plans', { month, unitId }),
  });
export function useRemindPlans() {
  return useMutation({ mutationFn: (b: { month: string; unitId?: number }) => api.post<{ members: number; sent: number }>('/study/units/remind-plans', b) });
}
export const useCalendarYear = (year: number, unitId?: number) =>
  useQuery({ queryKey: [...ST, 'calendar', year, unitId ?? 0], queryFn: () => api.get<CalendarYear>('/study/calendar-days', { year, unitId }), placeholderData: keepPreviousData });
/** unitId: the unit whose own entry it is (a town's); omitted: the clerk's own scope. */
export function useSetCalendarDay() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: { day: string; kind: string; name: string; unitId?: number }) => api.put(`/study/calendar-days/${b.day}`, { kind: b.kind, name: b.name, unitId: b.unitId }), onSuccess: refresh });
}
export function useRemoveCalendarDay() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: { day: string; unitId?: number }) => api.del(`/study/calendar-days/${b.day}${b.unitId ? `?unitId=${b.unitId}` : ''}`), onSuccess: refresh });
}
export function useImportCalendar() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (b: { file: File; unitId?: number }) => {
      const fd = new FormData();
      fd.append('file', b.file);
      return api.post<CalendarImport>(`/study/calendar-days/import${b.unitId ? `?unitId=${b.unitId}` : ''}`, fd);
    },
    onSuccess: refresh,
  });
}
