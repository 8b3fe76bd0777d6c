// The official working-day calendar (法定节假日与调休): the bundled data of the
// `chinese-days` package, which ends with BUNDLED_LAST_YEAR, combined with the
// rows of table calendar_days that the clerks enter or import — a row there
// wins over the bundled data. Rows are scoped (issue 12 item 7, migration 0082):
// the district's (unit_path '') and a town's or unit's own; a unit's calendar
// takes, day by day, the row of the nearest scope above it. Dates are
// 'YYYY-MM-DD' in Asia/Shanghai.
import { cachedQuery } from '../db/cached';
import chineseDays from 'chinese-days';
import type { DB } from '../db';

/** The last year whose official schedule ships inside chinese-days. */
export const BUNDLED_LAST_YEAR = 2026;

/** workday: an ordinary weekday or a 调休 make-up workday; weekend: Saturday/Sunday off; holiday: an official holiday. */
export type DayKind = 'workday' | 'weekend' | 'holiday';

export interface DayInfo {
  day: string;
  kind: DayKind;
  /** Holiday name ('国庆节'), or '' for ordinary days. */
  name: string;
  /** A 调休 workday on a weekend. */
  makeUp: boolean;
  source: 'override' | 'bundled' | 'weekday';
}

export interface CalendarOverride {
  kind: 'holiday' | 'workday';
  name: string;
  /** The scope of the row: '' the district's, else the path of the unit whose own row it is. */
  unitPath?: string;
}

export interface RequiredRules {
  countWeekends: boolean;
  countHolidays: boolean;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether s is a real calendar date 'YYYY-MM-DD'. */
export function isIsoDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const rangeCache = new Map<string, readonly string[]>();

/** Every date from..to inclusive (memoized: the home page asks for the same ranges all day). */
export function daysBetween(from: string, to: string): string[] {
  const key = `${from}|${to}`;
  const hit = rangeCache.get(key);
  if (hit) return [...hit];
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= end; ms += DAY_MS) out.push(new Date(ms).toISOString().slice(0, 10));
  if (rangeCache.size > 500) rangeCache.clear();
  rangeCache.set(key, out);
  return [...out];
}

export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

const bundledCache = new Map<string, DayInfo>();

/** What chinese-days says about a date (weekends only, for years it does not cover). */
export function bundledDay(day: string): DayInfo {
  const hit = bundledCache.get(day);
  if (hit) return hit;
  const wd = weekdayOf(day);
  const weekend = wd === 0 || wd === 6;
  let info: DayInfo;
  if (Number(day.slice(0, 4)) > BUNDLED_LAST_YEAR) {
    info = { day, kind: weekend ? 'weekend' : 'workday', name: '', makeUp: false, source: 'weekday' };
  } else {
    const d = chineseDays.getDayDetail(day);
    // Official days carry 'English,中文,n'; ordinary ones just the weekday's English name.
    const parts = d.name.split(',');
    const official = parts.length >= 2;
    const name = official ? parts[1] : '';
    if (!official) info = { day, kind: weekend ? 'weekend' : 'workday', name: '', makeUp: false, source: 'weekday' };
    else if (d.work) info = { day, kind: 'workday', name: weekend ? `${name}调休` : '', makeUp: weekend, source: weekend ? 'bundled' : 'weekday' };
    else info = { day, kind: 'holiday', name, makeUp: false, source: 'bundled' };
  }
  bundledCache.set(day, info);
  return info;
}

/** One date, with the clerk's override (if any) winning over the bundled data. */
export function classifyDay(day: string, override?: CalendarOverride): DayInfo {
  if (override) {
    const wd = weekdayOf(day);
    const weekend = wd === 0 || wd === 6;
    return { day, kind: override.kind, name: override.name, makeUp: override.kind === 'workday' && weekend, source: 'override' };
  }
  return bundledDay(day);
}

/** Whether a day of this kind asks for the daily study target. */
export function isRequiredKind(kind: DayKind, rules: RequiredRules): boolean {
  if (kind === 'workday') return true;
  if (kind === 'weekend') return rules.countWeekends;
  return rules.countHolidays;
}

/** The calendar over a range of dates, overrides loaded once. */
export class WorkCalendar {
  constructor(readonly overrides: Map<string, CalendarOverride>) {}

  info(day: string): DayInfo {
    return classifyDay(day, this.overrides.get(day));
  }

  isRequired(day: string, rules: RequiredRules): boolean {
    return isRequiredKind(this.info(day).kind, rules);
  }

  requiredDays(from: string, to: string, rules: RequiredRules): string[] {
    return daysBetween(from, to).filter((d) => this.isRequired(d, rules));
  }
}

/** A clerk's row of calendar_days. */
export interface CalendarRow {
  unit_path: string;
  day: string;
  kind: string;
  name: string;
}

/**
 * Every scope's rows over a range, and the calendar of any unit from them. Units under the same
 * deepest scope with rows share one calendar (`keyOf`), so a view over many units computes one
 * list of required days per key, not per member.
 */
export class CalendarBook {
  /** The scopes that have rows in the range, deepest first ('' the district's, last). */
  readonly scopes: string[];
  private readonly byKey = new Map<string, WorkCalendar>();

  constructor(private readonly rows: readonly CalendarRow[]) {
    this.scopes = [...new Set(['', ...rows.map((r) => r.unit_path)])].sort((a, b) => b.length - a.length);
  }

  /** The deepest scope with rows that contains the unit: units of one key share their calendar. */
  keyOf(unitPath: string): string {
    return this.scopes.find((p) => unitPath.startsWith(p)) ?? '';
  }

  /** The calendar of a unit ('' or null: the district's own). */
  for(unitPath: string | null): WorkCalendar {
    const key = this.keyOf(unitPath ?? '');
    let cal = this.byKey.get(key);
    if (!cal) {
      // The farther scopes first, so the nearer one's row of a day replaces theirs.
      const rows = this.rows.filter((r) => key.startsWith(r.unit_path)).sort((a, b) => a.unit_path.length - b.unit_path.length);
      cal = new WorkCalendar(new Map(rows.map((r) => [r.day, { kind: r.kind as CalendarOverride['kind'], name: r.name, unitPath: r.unit_path }])));
      this.byKey.set(key, cal);
    }
    return cal;
  }
}

/** Loads every scope's rows for from..to. */
export async function loadCalendarBook(db: DB, from: string, to: string): Promise<CalendarBook> {
  const rows = await cachedQuery(db, 'calendar.range', [from, to], (f, t) => db.selectFrom('calendar_days').select(['unit_path', 'day', 'kind', 'name']).where('day', '>=', f).where('day', '<=', t));
  return new CalendarBook(rows);
}

/** The calendar for from..to as it applies in one unit (null: the district's own). */
export async function loadWorkCalendar(db: DB, from: string, to: string, unitPath: string | null): Promise<WorkCalendar> {
  return (await loadCalendarBook(db, from, to)).for(unitPath);
}

/** The official (non-ordinary) days of a year: holidays, and 调休 workdays on weekends. */
export function officialDays(year: number, overrides: Map<string, CalendarOverride>): DayInfo[] {
  return daysBetween(`${year}-01-01`, `${year}-12-31`)
    .map((d) => classifyDay(d, overrides.get(d)))
    .filter((i) => i.source === 'override' || i.kind === 'holiday' || i.makeUp);
}
