// Progress: the member's home (today, this month, ahead/behind, streak, plan,
// next session), the heat map, and the clerk's monthly unit view.
import { sharedComputation } from '../../platform/app-cache';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { localDayOfIso, localMidnightIso, nowIso, todayLocal } from '../../platform/time';
import { addDays, daysBetween, loadCalendarBook, loadWorkCalendar, monthBounds } from '../../platform/workcalendar';
import { timerOf } from './log';
import { deadlineOf, memberPlan } from './plans';
import * as repo from './repository';
import { computeStreak, countedByDay, memberStreak, memberUnitPath, RulesByYear, studyRules } from './rules';
import { StudyPolicy } from './policy';
import type { Action } from '../../platform/policy';

/** Days looked at first for the streak on the home card. */
const RECENT_STREAK_DAYS = 45;

export const unitIdsOfPath = (path: string) => path.split('/').filter(Boolean).map(Number);

export async function nextSessionFor(svc: Services, memberId: number, unitPath?: string) {
  const path = unitPath ?? (await memberUnitPath(svc, memberId));
  if (!path) return null;
  const [s] = await repo.nextSessionFor(svc.db, nowIso(), unitIdsOfPath(path));
  return s ? { id: s.id, topic: s.topic, place: s.place, host: s.host, startsAt: s.starts_at, endsAt: s.ends_at, status: s.status } : null;
}

/** The member's home card: everything at a glance, in one round trip. */
export async function memberHome(svc: Services, memberId: number) {
  const today = todayLocal();
  const month = today.slice(0, 7);
  const { first, last } = monthBounds(month);
  // This month and the last few weeks: enough for the streak of nearly everyone;
  // a streak that reaches back further is followed over the whole window below.
  const recent = addDays(today, -RECENT_STREAK_DAYS);
  const from = first < recent ? first : recent;
  const byYear = new RulesByYear(svc);
  const rules = await byYear.get(Number(today.slice(0, 4)));
  const prevRules = await byYear.forDay(from);
  const ruleOf = (d: string) => (d.slice(0, 4) === today.slice(0, 4) ? rules : prevRules);
  const path = await memberUnitPath(svc, memberId);
  const [cal, counted, plan, nextSession, timer] = await Promise.all([
    loadWorkCalendar(svc.db, from, last, path),
    countedByDay(svc.db, svc, memberId, from, today),
    memberPlan(svc, memberId, month),
    nextSessionFor(svc, memberId, path),
    timerOf(svc, memberId),
  ]);
  const isRequired = (d: string) => cal.isRequired(d, ruleOf(d));
  const meets = (d: string) => (counted.get(d) ?? 0) >= ruleOf(d).dailyMinutes;
  const window = daysBetween(from, today);
  const recentStreak = computeStreak(window, isRequired, meets, today).current;
  const requiredInWindow = window.filter((d) => d < today && isRequired(d)).length;
  const streak = recentStreak >= requiredInWindow ? (await memberStreak(svc, memberId, today, undefined, path)).current : recentStreak;
  const soFar = daysBetween(first, today);
  const requiredBefore = soFar.filter((d) => d < today && isRequired(d)).length;
  const requiredMonth = daysBetween(first, last).filter(isRequired).length;
  const monthMinutes = soFar.reduce((a, d) => a + (counted.get(d) ?? 0), 0);
  const expected = requiredBefore * rules.dailyMinutes;
  const todayMinutes = counted.get(today) ?? 0;
  return {
    today,
    month,
    target: rules.dailyMinutes,
    todayMinutes,
    todayRequired: isRequired(today),
    todayKind: cal.info(today).kind,
    todayName: cal.info(today).name,
    monthMinutes,
    monthTarget: requiredMonth * rules.dailyMinutes,
    requiredDaysMonth: requiredMonth,
    daysMet: soFar.filter((d) => isRequired(d) && meets(d)).length,
    requiredDaysSoFar: requiredBefore + (isRequired(today) && meets(today) ? 1 : 0),
    /** Minutes a member on schedule would have by the end of yesterday. */
    expectedSoFar: expected,
    /** Positive: ahead of schedule by that many minutes; negative: behind. */
    aheadBy: monthMinutes - expected,
    streak,
    plan: { deadline: plan.deadline, booksPerMonth: plan.booksPerMonth, items: plan.items, finished: plan.finished, late: plan.late, overdue: plan.overdue },
    nextSession,
    timer,
  };
}

/** Counted minutes per day for the heat map. */
export async function heatmap(svc: Services, memberId: number, from: string, to: string) {
  if (to < from) throw badRequest('结束日期不能早于开始日期');
  if (daysBetween(from, to).length > 400) throw badRequest('一次最多查看 400 天');
  const byYear = new RulesByYear(svc);
  const path = await memberUnitPath(svc, memberId);
  const [cal, counted] = await Promise.all([loadWorkCalendar(svc.db, from, to, path), countedByDay(svc.db, svc, memberId, from, to)]);
  const out = [];
  for (const d of daysBetween(from, to)) {
    const r = await byYear.forDay(d);
    const info = cal.info(d);
    const minutes = counted.get(d) ?? 0;
    out.push({ day: d, minutes, required: cal.isRequired(d, r), met: minutes >= r.dailyMinutes, kind: info.kind, name: info.name });
  }
  const target = (await byYear.forDay(to)).dailyMinutes;
  // The longest streak of the last year, shown beside the heat map.
  const bestStreak = (await memberStreak(svc, memberId, todayLocal(), undefined, path)).best;
  return { from, to, target, bestStreak, days: out };
}

// ---- the clerk's monthly unit view ----

/** The unit asked for (else the top of the user's reach), if the action reaches it. */
export async function scopeUnit(svc: Services, auth: AuthContext, unitId: number | undefined, action: Action = StudyPolicy.viewUnits) {
  let id = unitId;
  if (id === undefined) {
    const top = (await svc.guard.reach(auth, action)).paths.sort((a, b) => a.length - b.length)[0];
    if (!top) throw forbidden('您没有可查看的单位');
    id = unitIdsOfPath(top).at(-1)!;
  }
  const unit = await repo.unitById(svc.db, id);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, action, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return unit;
}

export interface UnitViewRow {
  memberId: number;
  name: string;
  unitId: number;
  unitName: string;
  position: string;
  hasPlan: boolean;
  planLate: boolean;
  booksFinished: number;
  booksMet: boolean;
  daysMet: number;
  requiredDays: number;
  /** daysMet / requiredDays, or null when no required day has passed yet. */
  compliance: number | null;
  minutes: number;
  sessionsAttended: number;
  sessionsExpected: number;
  sessionsExcused: number;
  /** Of the sessions attended, checked in after the grace (迟到). */
  sessionsLate: number;
}

/** What the unit view reads: a write to one of these through this process drops the views computed before it. */
const readByUnitView = (table: string) =>
  ['units', 'members', 'study_logs', 'reading_plan_items', 'study_sessions', 'study_session_units', 'check_ins', 'leave_requests'].includes(table) || table.startsWith('calendar') || table.startsWith('setting');
const sharedView = sharedComputation<Awaited<ReturnType<typeof computeUnitView>>>((svc) => (svc.config.unitViewCacheSeconds ?? 10) * 1000, (svc) => svc.handle.writes?.stamp(readByUnitView) ?? null);

/**
 * The clerk's monthly unit view. Ten clerks opening the same unit's month at once share one
 * computation, and a view computed in the last SHUXIANG_UNIT_VIEW_CACHE_SECONDS (10 s) is served
 * again unless one of the tables it reads was written through this process since (decision 020). The result is
 * shared: callers must not change it.
 */
export function unitView(svc: Services, unit: { id: number; name: string; path: string }, month: string) {
  return sharedView(svc, `${unit.id}:${unit.path}:${month}:${todayLocal()}`, () => computeUnitView(svc, unit, month));
}

/** The unit view computed now, unshared (the monthly summary's refresh uses it; everyone else `unitView`). */
export async function computeUnitView(svc: Services, unit: { id: number; name: string; path: string }, month: string) {
  const today = todayLocal();
  const [rules, lowPercent, graceMinutes] = await Promise.all([
    studyRules(svc, Number(month.slice(0, 4))),
    svc.settings.int('study.lowCompliancePercent', Number(month.slice(0, 4))),
    svc.settings.int('sessions.lateGraceMinutes'),
  ]);
  const { first, last } = monthBounds(month);
  const through = month === today.slice(0, 7) ? today : month < today.slice(0, 7) ? last : null;
  // The required days so far, per calendar: the members of a town that keeps its own holiday
  // entries count that town's days, the others the district's (issue 12 item 7).
  const book = await loadCalendarBook(svc.db, first, last);
  const requiredBy = new Map<string, { closed: string[]; today: boolean }>();
  const requiredOf = (path: string) => {
    const key = book.keyOf(path);
    let r = requiredBy.get(key);
    if (!r) {
      const cal = book.for(key);
      const required = through ? daysBetween(first, through).filter((d) => cal.isRequired(d, rules)) : [];
      requiredBy.set(key, (r = { closed: required.filter((d) => d !== today), today: through === today && required.includes(today) }));
    }
    return r;
  };
  const members = await repo.activeMembersUnder(svc.db, unit.path);

  const aggregate = async (path: string, closedRequired: string[], todayRequired: boolean) => {
    const rows = await repo.daysMetUnder(svc.db, path, first, through!, { closed: closedRequired, today: todayRequired ? [today] : [] }, rules);
    return new Map(rows.map((r) => [Number(r.member_id), { closedMet: Number(r.closed_met), todayMet: Number(r.today_met), wm: Number(r.wm) }]));
  };
  const logs = new Map<number, { closedMet: number; todayMet: number; wm: number }>();
  if (through) {
    // One aggregate per calendar among the members (one, unless a town keeps its own entries),
    // each over the smaller of the view's subtree and the calendar's.
    for (const key of new Set(members.map((m) => book.keyOf(m.unit_path)))) {
      const req = requiredOf(key);
      const got = await aggregate(key.length > unit.path.length ? key : unit.path, req.closed, req.today);
      for (const m of members) if (book.keyOf(m.unit_path) === key && got.has(m.id)) logs.set(m.id, got.get(m.id)!);
    }
  }

  const [finished, plans] = await Promise.all([repo.booksFinishedUnder(svc.db, unit.path, first, last), repo.plansMadeUnder(svc.db, unit.path, month)]);
  const finishedBy = new Map(finished.map((r) => [Number(r.member_id), Number(r.n)]));
  const deadline = deadlineOf(month, rules.deadlineDay);
  const planBy = new Map(plans.map((r) => [Number(r.member_id), localDayOfIso(r.made) > deadline]));

  // Collective sessions held this month so far, and who was expected at each.
  const sessions = through ? await repo.sessionsHeld(svc.db, localMidnightIso(first), through === last ? localMidnightIso(addDays(last, 1)) : nowIso()) : [];
  const sessionIds = sessions.map((s) => s.id);
  const [sessionUnits, checkIns, leaves] = sessionIds.length
    ? await Promise.all([repo.sessionUnits(svc.db, sessionIds), repo.checkInsUnder(svc.db, sessionIds, unit.path), repo.approvedLeavesUnder(svc.db, sessionIds, unit.path)])
    : [[], [], []];
  const unitsOf = new Map<number, Set<number>>();
  for (const su of sessionUnits) {
    if (!unitsOf.has(su.session_id)) unitsOf.set(su.session_id, new Set());
    unitsOf.get(su.session_id)!.add(su.unit_id);
  }
  const key = (s: number, m: number) => `${s}:${m}`;
  const checked = new Set(checkIns.map((c) => key(c.session_id, Number(c.member_id))));
  // Late as on the sign-in sheet: checked in after the start plus the grace.
  const lateAfter = new Map(sessions.map((s) => [s.id, Date.parse(s.starts_at) + graceMinutes * 60_000]));
  const late = new Set(checkIns.filter((c) => Date.parse(c.checked_at) > (lateAfter.get(c.session_id) ?? Infinity)).map((c) => key(c.session_id, Number(c.member_id))));
  const excused = new Set(leaves.map((c) => key(c.session_id, Number(c.member_id))));
  const sessionsForPath = new Map<string, number[]>();
  const sessionsOf = (path: string) => {
    let s = sessionsForPath.get(path);
    if (!s) {
      const ids = unitIdsOfPath(path);
      s = sessionIds.filter((sid) => ids.some((u) => unitsOf.get(sid)?.has(u)));
      sessionsForPath.set(path, s);
    }
    return s;
  };

  const held = new Set<number>();
  const rows: UnitViewRow[] = members.map((m) => {
    const l = logs.get(m.id) ?? { closedMet: 0, todayMet: 0, wm: 0 };
    const requiredDays = requiredOf(m.unit_path).closed.length + l.todayMet;
    const daysMet = l.closedMet + l.todayMet;
    let attended = 0;
    let expected = 0;
    let exc = 0;
    let lateN = 0;
    for (const sid of sessionsOf(m.unit_path)) {
      held.add(sid);
      if (checked.has(key(sid, m.id))) {
        attended++;
        expected++;
        if (late.has(key(sid, m.id))) lateN++;
      } else if (excused.has(key(sid, m.id))) exc++;
      else expected++;
    }
    const booksFinished = finishedBy.get(m.id) ?? 0;
    return {
      memberId: m.id,
      name: m.name,
      unitId: m.unit_id,
      unitName: m.unit_name,
      position: m.position,
      hasPlan: planBy.has(m.id),
      planLate: planBy.get(m.id) ?? false,
      booksFinished,
      booksMet: booksFinished >= rules.booksPerMonth,
      daysMet,
      requiredDays,
      compliance: requiredDays > 0 ? daysMet / requiredDays : null,
      minutes: Math.floor(l.wm / 100),
      sessionsAttended: attended,
      sessionsExpected: expected,
      sessionsExcused: exc,
      sessionsLate: lateN,
    };
  });
  return {
    month,
    unit: { id: unit.id, name: unit.name },
    through,
    deadline,
    target: rules.dailyMinutes,
    booksPerMonth: rules.booksPerMonth,
    requiredDaysSoFar: requiredOf(unit.path).closed.length + (requiredOf(unit.path).today ? 1 : 0),
    sessionsHeld: held.size,
    /** Daily compliance below this share is shown as low (setting study.lowCompliancePercent). */
    lowCompliance: lowPercent / 100,
    rows,
    totals: totalsOf(rows),
    /** One row per unit that has members in the view (the members' own units, in tree order); the totals row is `totals`. */
    units: unitRows(rows),
  };
}

/** The sums of a set of per-person rows: the totals row, and each unit's row of the summary. */
export function totalsOf(rows: UnitViewRow[]) {
  const sum = (f: (r: UnitViewRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const requiredDays = sum((r) => r.requiredDays);
  return {
    members: rows.length,
    withPlan: rows.filter((r) => r.hasPlan).length,
    latePlans: rows.filter((r) => r.planLate).length,
    booksMet: rows.filter((r) => r.booksMet).length,
    booksFinished: sum((r) => r.booksFinished),
    daysMet: sum((r) => r.daysMet),
    requiredDays,
    compliance: requiredDays > 0 ? sum((r) => r.daysMet) / requiredDays : null,
    minutes: sum((r) => r.minutes),
    sessionsAttended: sum((r) => r.sessionsAttended),
    sessionsExpected: sum((r) => r.sessionsExpected),
    sessionsExcused: sum((r) => r.sessionsExcused),
    sessionsLate: sum((r) => r.sessionsLate),
  };
}

/** 按单位汇总: the per-person rows grouped by the member's unit, in the order the rows come (tree order). */
export function unitRows(rows: UnitViewRow[]) {
  const groups = new Map<number, { unitId: number; unitName: string; rows: UnitViewRow[] }>();
  for (const r of rows) {
    let g = groups.get(r.unitId);
    if (!g) groups.set(r.unitId, (g = { unitId: r.unitId, unitName: r.unitName, rows: [] }));
    g.rows.push(r);
  }
  return [...groups.values()].map((g) => ({ unitId: g.unitId, unitName: g.unitName, ...totalsOf(g.rows) }));
}
