// The study module's service: what each route asks for, one call each (issue 10, module shape).
// The rules live in the parts — log.ts (the daily log and the timer), plans.ts (monthly reading
// plans), progress.ts (home, heat map, the unit view), calendar.ts (the holiday calendar),
// rules.ts (how minutes count) — and their SQL in repository.ts.
import type { FastifyReply } from 'fastify';
import type { DB } from '../../db';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { addDays, isIsoDay } from '../../platform/workcalendar';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { calendarTemplate, importCalendar, listCalendar, removeCalendarDay, setCalendarDay } from './calendar';
import { addReadingLog, backfillWindow, cancelTimer, deleteReadingLog, recentLogs, requireMember, startTimer, stopTimer, timerOf } from './log';
import { addPlanItem, checkMonth, finishPlanItem, memberPlan, missingPlans, remindMissing, removePlanItem } from './plans';
import { heatmap, memberHome, scopeUnit, unitView } from './progress';
import { StudyPolicy } from './policy';
import { lockMember, rawMinutesOn, studyRules, weightOf, type StudyRules } from './rules';
import { unitSummary } from './summary';
import * as repo from './repository';

export { addPlanItem, addReadingLog, finishPlanItem, startTimer, stopTimer };

/** from–to of a query, to defaulting to today and from to `days` before it. */
function dateRange(q: { from?: string; to?: string }, days: number) {
  const to = q.to ?? todayLocal();
  const from = q.from ?? addDays(to, -days);
  if (!isIsoDay(from) || !isIsoDay(to)) throw badRequest('日期格式应为 YYYY-MM-DD');
  return { from, to };
}


const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

type UnitMonth = { month?: string; unitId?: number };

// ---- the member ----

/** The member's home card, with the earliest day a log may still be entered for. */
export async function homeOf(svc: Services, auth: AuthContext) {
  const memberId = requireMember(auth);
  const [home, w] = await Promise.all([memberHome(svc, memberId), backfillWindow(svc)]);
  return { ...home, backfillFrom: w.earliest };
}

export function heatmapOf(svc: Services, auth: AuthContext, q: { from?: string; to?: string }) {
  const memberId = requireMember(auth);
  const { from, to } = dateRange(q, 181);
  return heatmap(svc, memberId, from, to);
}

export function logsOf(svc: Services, auth: AuthContext, q: { from?: string; to?: string }) {
  const memberId = requireMember(auth);
  const { from, to } = dateRange(q, 30);
  return recentLogs(svc, memberId, from, to);
}

export async function deleteLog(svc: Services, auth: AuthContext, id: number) {
  await deleteReadingLog(svc, auth, id);
  return { ok: true };
}

export function timerFor(svc: Services, auth: AuthContext) {
  return timerOf(svc, requireMember(auth));
}

export async function cancelTimerOf(svc: Services, auth: AuthContext) {
  await cancelTimer(svc, auth);
  return { ok: true };
}

export function planOf(svc: Services, auth: AuthContext, month: string | undefined) {
  return memberPlan(svc, requireMember(auth), checkMonth(month));
}

export async function dropPlanItem(svc: Services, auth: AuthContext, id: number) {
  await removePlanItem(svc, auth, id);
  return { ok: true };
}

// ---- the clerk and leaders: their subtree ----

export async function missingPlansOf(svc: Services, auth: AuthContext, q: UnitMonth) {
  const month = checkMonth(q.month);
  const unit = await scopeUnit(svc, auth, q.unitId);
  return { month, unit: { id: unit.id, name: unit.name }, members: await missingPlans(svc, unit.path, month) };
}

export async function remindPlans(svc: Services, auth: AuthContext, b: UnitMonth) {
  const month = checkMonth(b.month);
  const unit = b.unitId === undefined ? undefined : await repo.unitById(svc.db, b.unitId);
  const scoped = unit ?? (await scopeUnit(svc, auth, undefined, StudyPolicy.remind));
  await svc.guard.authorize(auth, StudyPolicy.remind, { unitPath: scoped.path }, '该单位不在您的管理范围内');
  return remindMissing(svc, auth, scoped, month);
}

export async function unitViewOf(svc: Services, auth: AuthContext, q: UnitMonth) {
  const month = checkMonth(q.month);
  const unit = await scopeUnit(svc, auth, q.unitId);
  return unitView(svc, unit, month);
}

/** The unit view's per-unit totals for a district or province (the nightly summary, else computed now). */
export async function unitSummaryOf(svc: Services, auth: AuthContext, q: UnitMonth) {
  const month = checkMonth(q.month);
  const unit = await scopeUnit(svc, auth, q.unitId);
  return unitSummary(svc, unit, month);
}

/** The unit view as .xlsx: one sheet per person, one per unit (按单位汇总); the export is audited. */
export async function unitViewXlsx(svc: Services, auth: AuthContext, q: UnitMonth, reply: FastifyReply) {
const month = checkMonth(q.month);
const unit = await scopeUnit(svc, auth, q.unitId);
  const v = await unitView(svc, unit, month);
  const [y, m] = month.split('-').map(Number);
  const personRows: Record<string, unknown>[] = v.rows.map((r) => ({
    name: r.name,
    unit: r.unitName,
    position: r.position,
    plan: r.hasPlan ? (r.planLate ? '已制定（逾期）' : '已制定') : '未制定',
    books: r.booksFinished,
    booksMet: r.booksMet ? '是' : '否',
    daysMet: r.daysMet,
    requiredDays: r.requiredDays,
    compliance: pct(r.compliance),
    minutes: r.minutes,
    attended: r.sessionsAttended,
    late: r.sessionsLate,
    expected: r.sessionsExpected,
    excused: r.sessionsExcused,
  }));
  personRows.push({
    name: '合计',
    unit: `${v.totals.members} 人`,
    position: '',
    plan: `${v.totals.withPlan} 人已制定`,
    books: v.totals.booksFinished,
    booksMet: `${v.totals.booksMet} 人达标`,
    daysMet: v.totals.daysMet,
    requiredDays: v.totals.requiredDays,
    compliance: pct(v.totals.compliance),
    minutes: v.totals.minutes,
    attended: v.totals.sessionsAttended,
    late: v.totals.sessionsLate,
    expected: v.totals.sessionsExpected,
    excused: v.totals.sessionsExcused,
  });
  // 按单位汇总: one row per unit, then the totals row (the same sums as the per-person sheet's).
  const unitRow = (name: string, t: (typeof v)['totals']) => ({
    unit: name,
    members: t.members,
    withPlan: t.withPlan,
    latePlans: t.latePlans,
    books: t.booksFinished,
    booksMet: t.booksMet,
    daysMet: t.daysMet,
    requiredDays: t.requiredDays,
    compliance: pct(t.compliance),
    minutes: t.minutes,
    avgMinutes: t.members ? Math.round(t.minutes / t.members) : 0,
    attended: t.sessionsAttended,
    expected: t.sessionsExpected,
    late: t.sessionsLate,
    excused: t.sessionsExcused,
  });
  const unitSheetRows = [...v.units.map((u) => unitRow(u.unitName, u)), unitRow('合计', v.totals)];
  const heading = `${v.unit.name} ${y}年${m}月学习情况（每日不少于${v.target}分钟，每月不少于${v.booksPerMonth}本）`;
  const buf = await buildXlsx([
    {
      name: '按人员',
      title: heading,
      columns: [
        { header: '姓名', key: 'name', width: 10 },
        { header: '单位', key: 'unit', width: 14 },
        { header: '职务', key: 'position', width: 12 },
        { header: '月度计划', key: 'plan', width: 14 },
        { header: '本月读完（本）', key: 'books', width: 14 },
        { header: '读书达标', key: 'booksMet', width: 10 },
        { header: '达标天数', key: 'daysMet', width: 10 },
        { header: '应学天数', key: 'requiredDays', width: 10 },
        { header: '每日达标率', key: 'compliance', width: 12 },
        { header: '本月学习（分钟）', key: 'minutes', width: 16 },
        { header: '集中学习出勤', key: 'attended', width: 14 },
        { header: '其中迟到', key: 'late', width: 10 },
        { header: '应出勤', key: 'expected', width: 10 },
        { header: '请假', key: 'excused', width: 8 },
      ],
      rows: personRows,
    },
    {
      name: '按单位汇总',
      title: heading,
      columns: [
        { header: '单位', key: 'unit', width: 16 },
        { header: '人数', key: 'members', width: 8 },
        { header: '已制定计划', key: 'withPlan', width: 12 },
        { header: '其中逾期制定', key: 'latePlans', width: 12 },
        { header: '本月读完（本）', key: 'books', width: 14 },
        { header: '读书达标人数', key: 'booksMet', width: 12 },
        { header: '达标天数', key: 'daysMet', width: 10 },
        { header: '应学天数', key: 'requiredDays', width: 10 },
        { header: '每日达标率', key: 'compliance', width: 12 },
        { header: '学习总时长（分钟）', key: 'minutes', width: 18 },
        { header: '人均（分钟）', key: 'avgMinutes', width: 12 },
        { header: '集中学习出勤', key: 'attended', width: 14 },
        { header: '应出勤', key: 'expected', width: 10 },
        { header: '其中迟到', key: 'late', width: 10 },
        { header: '请假', key: 'excused', width: 8 },
      ],
      rows: unitSheetRows,
    },
  ]);
  await svc.audit.recordAlone(auth.actor(), { action: 'study.export', entity: 'unit', entityId: v.unit.id, detail: { month, members: v.rows.length, units: v.units.length } });
  return sendXlsx(reply, `${v.unit.name}${y}年${m}月学习情况.xlsx`, buf);
}

// ---- the holiday calendar ----

export function calendarOf(svc: Services, auth: AuthContext, q: { year?: number; unitId?: number }) {
  return listCalendar(svc, auth, q.year ?? Number(todayLocal().slice(0, 4)), q.unitId);
}

export async function setCalendarDayOf(svc: Services, auth: AuthContext, day: string, b: { kind: string; name?: string; unitId?: number | null }) {
  await setCalendarDay(svc, auth, day, b.kind, b.name ?? '', b.unitId);
  return { ok: true };
}

export async function removeCalendarDayOf(svc: Services, auth: AuthContext, day: string, unitId?: number) {
  await removeCalendarDay(svc, auth, day, unitId);
  return { ok: true };
}

/** The uploaded .xlsx of the request, imported at the clerk's scope (or `unitId`'s). */
export async function importCalendarFile(svc: Services, auth: AuthContext, req: { file(): Promise<{ toBuffer(): Promise<Buffer> } | undefined> }, unitId?: number) {
  const file = await req.file();
  if (!file) throw badRequest('请上传文件');
  return importCalendar(svc, auth, await file.toBuffer(), unitId);
}

export async function calendarTemplateXlsx(reply: FastifyReply) {
  return sendXlsx(reply, '节假日安排导入模板.xlsx', await calendarTemplate());
}

// ---- reads for other modules (decision 012: the channels' reminders) ----

/** The plan's study rules of a year (settings). */
export const readStudyRules = (svc: Services, year: number): Promise<StudyRules> => studyRules(svc, year);

/** Members who have a reading plan for the month (an item not dropped). */
export async function readPlannedMembers(svc: Services, month: string): Promise<Set<number>> {
  return new Set((await repo.plannedMemberIds(svc.db, month)).map((p) => p.member_id));
}

/** Every member's counted (weighted, whole) minutes on a day; members with none are absent. */
export async function readCountedMinutesOn(svc: Services, day: string): Promise<Map<number, number>> {
  const rules = await studyRules(svc, Number(day.slice(0, 4)));
  const weighted = new Map<number, number>();
  for (const r of await repo.minutesOnByMemberAndKind(svc.db, day)) weighted.set(r.member_id, (weighted.get(r.member_id) ?? 0) + Number(r.minutes) * weightOf(rules, r.kind));
  return new Map([...weighted].map(([id, w]) => [id, Math.floor(w / 100)]));
}

/** Active members' planned books of the month not finished yet: titles (null for none) by member, in id order. */
export async function readUnfinishedPlans(svc: Services, month: string): Promise<Map<number, (string | null)[]>> {
  const byMember = new Map<number, (string | null)[]>();
  for (const r of await repo.readingPlanItemsOf(svc.db, month)) byMember.set(r.member_id, [...(byMember.get(r.member_id) ?? []), r.title ?? r.own_title]);
  return byMember;
}

// ---- the log rows of other modules' records (decision 012: online learning and practice write through these) ----
// A record's row has the record's module as `source` and its id as `source_ref`. The writes take the
// caller's transaction `trx`, so the row is written or removed with the record; take `lockMemberLog` first.

export type { SourceRef } from './repository';

/** Locks the member's log for the rest of `trx` (PostgreSQL), as every writer that checks the 24-hour cap does. */
export const lockMemberLog = (svc: Services, trx: DB, memberId: number) => lockMember(svc, trx, memberId);

/** Raw minutes a member logged on a day, every kind; `except` leaves out one record's own row. `db` may be a transaction. */
export const readMinutesLoggedOn = (db: DB, memberId: number, day: string, except?: repo.SourceRef): Promise<number> => rawMinutesOn(db, memberId, day, except);

/** Writes (adds or replaces) the log row of another module's record, in `trx`. */
export const writeRecordLog = (trx: DB, row: repo.SourceRef & { memberId: number; day: string; kind: 'online' | 'practice' | 'session'; minutes: number; note: string }) => repo.upsertSourcedLog(trx, row);

/** Removes the log row of another module's record, in `trx` (none is fine). */
export async function deleteRecordLog(trx: DB, r: repo.SourceRef) {
  await repo.deleteSourcedLog(trx, r);
}

/** The minutes the log rows of some records count for (raw), by the record's ref; records without a row are absent. */
export async function readRecordMinutes(db: DB, source: string, refs: string[]): Promise<Map<string, number>> {
  const rows = await repo.minutesBySourceRef(db, source, [...new Set(refs)]);
  return new Map(rows.map((r) => [r.source_ref ?? '', Number(r.minutes)]));
}
