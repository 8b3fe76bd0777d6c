// The plan's study rules for a year (settings), and how minutes count:
// minutes × the weight of their kind, per day, against the daily target on
// required days (weekends and holidays only if the settings say so).
import type { DB } from '../../db';
import type { Services } from '../../platform/services';
import { addDays, loadWorkCalendar, type WorkCalendar } from '../../platform/workcalendar';
import * as repo from './repository';

export const KINDS = ['reading', 'session', 'online', 'practice'] as const;
export type StudyKind = (typeof KINDS)[number];

/** Minutes of one day's log may add up to at most a day. */
export const MAX_MINUTES_PER_DAY = 24 * 60;

export interface StudyRules {
  year: number;
  dailyMinutes: number;
  booksPerMonth: number;
  deadlineDay: number;
  backfillDays: number;
  countWeekends: boolean;
  countHolidays: boolean;
  /** Percent per kind. */
  weights: Record<StudyKind, number>;
}

export async function studyRules(svc: Services, year: number): Promise<StudyRules> {
  const s = svc.settings;
  const [dailyMinutes, booksPerMonth, deadlineDay, backfillDays, countWeekends, countHolidays, wr, ws, wo, wp] = await Promise.all([
    s.int('plan.dailyStudyMinutes', year),
    s.int('plan.booksPerMonth', year),
    s.int('plan.readingPlanDeadlineDay', year),
    s.int('plan.studyLogBackfillDays', year),
    s.bool('plan.countWeekends', year),
    s.bool('plan.countHolidays', year),
    s.int('study.weightReading', year),
    s.int('study.weightSession', year),
    s.int('study.weightOnline', year),
    s.int('study.weightPractice', year),
  ]);
  return { year, dailyMinutes, booksPerMonth, deadlineDay, backfillDays, countWeekends, countHolidays, weights: { reading: wr, session: ws, online: wo, practice: wp } };
}

/** Rules per year, for ranges that cross New Year. */
export class RulesByYear {
  private cache = new Map<number, Promise<StudyRules>>();
  constructor(private svc: Services) {}
  get(year: number): Promise<StudyRules> {
    let p = this.cache.get(year);
    if (!p) {
      p = studyRules(this.svc, year);
      this.cache.set(year, p);
    }
    return p;
  }
  forDay(day: string) {
    return this.get(Number(day.slice(0, 4)));
  }
}

export function weightOf(rules: StudyRules, kind: string): number {
  return (rules.weights as Record<string, number>)[kind] ?? 0;
}

/** Counted minutes per day of one member (weighted, rounded down to whole minutes). */
export async function countedByDay(db: DB, svc: Services, memberId: number, from: string, to: string): Promise<Map<string, number>> {
  const byYear = new RulesByYear(svc);
  const [a, b] = await Promise.all([byYear.forDay(from), byYear.forDay(to)]);
  const out = new Map<string, number>();
  if (KINDS.every((k) => a.weights[k] === b.weights[k])) {
    // One set of weights over the range: weigh in SQL, one row per day.
    const rows = await repo.weightedMinutesByDay(db, memberId, from, to, b.weights);
    for (const r of rows) out.set(r.day, Math.floor(Number(r.wm) / 100));
    return out;
  }
  const rows = await repo.minutesByDayAndKind(db, memberId, from, to);
  const weighted = new Map<string, number>();
  for (const r of rows) {
    const rules = r.day.slice(0, 4) === to.slice(0, 4) ? b : a;
    weighted.set(r.day, (weighted.get(r.day) ?? 0) + Number(r.minutes) * weightOf(rules, r.kind));
  }
  for (const [d, wm] of weighted) out.set(d, Math.floor(wm / 100));
  return out;
}

/**
 * Locks the member's row for the rest of the transaction (PostgreSQL), so two
 * writes to one member's log cannot both pass the 24-hour cap. Every writer
 * that checks the cap takes this lock first: the reading log, the timer,
 * online learning and practice. (SQLite runs one write transaction at a time.)
 */
export async function lockMember(svc: Services, trx: DB, memberId: number) {
  if (svc.handle.dialect === 'postgres') await repo.lockMemberRow(trx, memberId);
}

/** Raw (unweighted) minutes of a member on a day, all kinds: the 24-hour cap applies to these. */
export function rawMinutesOn(db: DB, memberId: number, day: string, except?: repo.SourceRef): Promise<number> {
  return repo.rawMinutesOn(db, memberId, day, except);
}

export interface Streak {
  /** Consecutive required days meeting the target, up to today (today counts once met; an unmet today does not break it). */
  current: number;
  /** Longest such run within the window looked at. */
  best: number;
}

/**
 * Streak over required days: days that do not ask for the target are skipped
 * (they neither break nor extend it).
 */
export function computeStreak(days: string[], isRequired: (d: string) => boolean, meets: (d: string) => boolean, today: string): Streak {
  let best = 0;
  let run = 0;
  for (const d of days) {
    if (d > today || !isRequired(d)) continue;
    if (meets(d)) {
      run++;
      if (run > best) best = run;
    } else if (d !== today) run = 0;
  }
  return { current: run, best };
}

/** The path of a member's unit: the calendar and the sessions that apply to them ('' for no such member). */
export async function memberUnitPath(svc: Services, memberId: number): Promise<string> {
  return repo.memberUnitPath(svc.db, memberId);
}

/** How far back a streak is looked for. */
export const STREAK_WINDOW_DAYS = 366;

export async function memberStreak(svc: Services, memberId: number, today: string, calendar?: WorkCalendar, unitPath?: string): Promise<Streak> {
  const from = addDays(today, -STREAK_WINDOW_DAYS);
  const counted = await countedByDay(svc.db, svc, memberId, from, today);
  const cal = calendar ?? (await loadWorkCalendar(svc.db, from, today, unitPath ?? (await memberUnitPath(svc, memberId))));
  const byYear = new RulesByYear(svc);
  const years = [...new Set([from.slice(0, 4), today.slice(0, 4)].map(Number))];
  const rules = new Map<number, StudyRules>();
  for (const y of years) rules.set(y, await byYear.get(y));
  const days: string[] = [];
  for (let d = from; d <= today; d = addDays(d, 1)) days.push(d);
  const ruleOf = (d: string) => rules.get(Number(d.slice(0, 4)))!;
  return computeStreak(
    days,
    (d) => cal.isRequired(d, ruleOf(d)),
    (d) => (counted.get(d) ?? 0) >= ruleOf(d).dailyMinutes,
    today,
  );
}
