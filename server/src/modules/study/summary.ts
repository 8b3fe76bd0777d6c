// The monthly summary of the unit view (issue 17, decision 021): per unit and month, the totals of
// the unit's own members, written by the nightly job study.unit-summary (also `shuxiang jobs run
// study.unit-summary`). The view of a district or a province by unit adds up its subtree's rows
// instead of computing every member's month; the page says when the figures were refreshed.
import type { Job } from '../../platform/jobs';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { addDays } from '../../platform/workcalendar';
import { backfillWindow } from './log';
import { computeUnitView, totalsOf, unitView } from './progress';
import * as repo from './repository-summary';
import { studyRules } from './rules';

type Totals = ReturnType<typeof totalsOf>;
const COUNTS = ['members', 'withPlan', 'latePlans', 'booksMet', 'booksFinished', 'daysMet', 'requiredDays', 'minutes', 'sessionsAttended', 'sessionsExpected', 'sessionsExcused', 'sessionsLate'] as const;
const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as 'members';

/**
 * The months a refresh on `today` covers: this month, the last one (imports and corrections come
 * late), and every month a member may still log a day of (the backfill window).
 */
export async function monthsToRefresh(svc: Services, today = todayLocal()): Promise<string[]> {
  const w = await backfillWindow(svc, today);
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const from = w.earliest.slice(0, 7) < lastMonth ? w.earliest.slice(0, 7) : lastMonth;
  const months: string[] = [];
  for (let m = from; m <= today.slice(0, 7); m = addDays(`${m}-28`, 7).slice(0, 7)) months.push(m);
  return months;
}

/** Recomputes the summary of `month` for every unit (each top unit's view, as a clerk there would see it) and replaces the month's rows. */
export async function refreshUnitSummary(svc: Services, month: string): Promise<{ units: number; members: number }> {
  const tops = await repo.topUnits(svc.db);
  const refreshedAt = nowIso();
  const rows: repo.SummaryRow[] = [];
  for (const top of tops) {
    const v = await computeUnitView(svc, top, month);
    for (const u of v.units) {
      const r: Record<string, unknown> = { unit_id: u.unitId, month, through: v.through, required_days_so_far: v.requiredDaysSoFar, refreshed_at: refreshedAt };
      for (const k of COUNTS) r[column(k)] = u[k];
      rows.push(r as unknown as repo.SummaryRow);
    }
  }
  await repo.replaceMonth(svc.db, month, rows);
  return { units: rows.length, members: rows.reduce((a, r) => a + Number(r.members), 0) };
}

export const summaryJobs: Job[] = [
  {
    name: 'study.unit-summary',
    at: '02:30',
    async run(svc) {
      for (const m of await monthsToRefresh(svc)) await refreshUnitSummary(svc, m);
    },
  },
];

/**
 * The unit view by unit for a subtree, from the summary: each unit's row and the totals. A month
 * the summary does not hold yet is computed live (asOf null).
 */
export async function unitSummary(svc: Services, unit: { id: number; name: string; path: string }, month: string) {
  const rows = await repo.subtreeRows(svc.db, unit.path, month);
  const rules = await studyRules(svc, Number(month.slice(0, 4)));
  const lowPercent = await svc.settings.int('study.lowCompliancePercent', Number(month.slice(0, 4)));
  // One refresh writes the whole month at one time: any row of the month says when.
  const refresh = await repo.lastRefresh(svc.db, month);
  if (!refresh) {
    const v = await unitView(svc, unit, month);
    return { month, unit: { id: unit.id, name: unit.name }, asOf: null, through: v.through, requiredDaysSoFar: v.requiredDaysSoFar, target: v.target, booksPerMonth: v.booksPerMonth, lowCompliance: v.lowCompliance, units: v.units, totals: v.totals };
  }
  const units = rows.map((r) => {
    const t = Object.fromEntries(COUNTS.map((k) => [k, Number(r[column(k)])])) as Omit<Totals, 'compliance'>;
    return { unitId: r.unit_id, unitName: r.unit_name, ...t, compliance: t.requiredDays > 0 ? t.daysMet / t.requiredDays : null };
  });
  const totals = Object.fromEntries(COUNTS.map((k) => [k, units.reduce((a, u) => a + u[k], 0)])) as Omit<Totals, 'compliance'>;
  return {
    month,
    unit: { id: unit.id, name: unit.name },
    asOf: refresh.refreshed_at,
    through: refresh.through,
    requiredDaysSoFar: refresh.required_days_so_far,
    target: rules.dailyMinutes,
    booksPerMonth: rules.booksPerMonth,
    lowCompliance: lowPercent / 100,
    units,
    totals: { ...totals, compliance: totals.requiredDays > 0 ? totals.daysMet / totals.requiredDays : null },
  };
}
