// The indicator registry of the year score. Each indicator comes from a provider:
// its key, Chinese name, the formula in plain Chinese, and functions returning each
// member's value with the records behind it. A module adds its indicator by
// registering a provider (providers.ts lists the ones of the modules that exist);
// an indicator whose module is absent or has no data for the year is dropped and
// the weights of the others renormalised (compute.ts), and the page says so.
import type { Services } from '../../../platform/services';
import { localMidnightIso, nextLocalMidnightIso, nowIso } from '../../../platform/time';

/** The indicators the settings know (platform/settings.ts SCORE_INDICATOR_DEFAULTS), in display order. */
export const INDICATOR_KEYS = ['books', 'daily', 'reflections', 'sessions', 'seminars', 'evaluation', 'tests', 'practice', 'lectures', 'online', 'inspection'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** What each indicator is called and which part of the platform it comes from, registered or not. */
export const INDICATOR_INFO: Record<IndicatorKey, { name: string; module: string }> = {
  books: { name: '读完书本数', module: '阅读计划' },
  daily: { name: '每日学习达标率', module: '学习记录' },
  reflections: { name: '读书心得', module: '读书心得' },
  sessions: { name: '集中学习出勤', module: '集中学习' },
  seminars: { name: '研讨会出勤', module: '研讨会' },
  evaluation: { name: '书记评等次', module: '研讨会（书记评）' },
  tests: { name: '季度测试平均分', module: '季度测试' },
  practice: { name: '实践活动', module: '线上学习与实践' },
  lectures: { name: '讲党课', module: '党课' },
  online: { name: '线上学习学时', module: '线上学习与实践' },
  inspection: { name: '督查问题扣分', module: '督查验收' },
};

export interface ScoreContext {
  svc: Services;
  year: number;
  /** First and last calendar day counted: 1 January to the earlier of today and 31 December. */
  from: string;
  to: string;
  today: string;
}

/** The counted days as ISO UTC instants, the end no later than now (what has happened so far). */
export function periodSoFar(ctx: ScoreContext) {
  const end = nextLocalMidnightIso(ctx.to);
  const now = nowIso();
  return { fromIso: localMidnightIso(ctx.from), toIso: now < end ? now : end };
}

export interface MemberRef {
  id: number;
  name: string;
  pinyin: string;
  unitId: number;
  unitName: string;
  unitPath: string;
}

/** One record behind a number in the breakdown. */
export interface Evidence {
  day: string | null;
  label: string;
  detail: string;
  /** The record's page for the member themself, and for the office (null: none). */
  link: string | null;
  consoleLink: string | null;
}

export interface IndicatorParams {
  weight: number;
  /** The value that earns full marks (for the deduction: points per finding). */
  target: number;
  /** Percent of full marks an indicator may reach (for the deduction: most points taken off). */
  cap: number;
}

export interface IndicatorProvider {
  key: IndicatorKey;
  kind: 'weighted' | 'deduction';
  /** Unit of the value (本, %, 分, 次, 学时, 条). */
  valueUnit: string;
  /** The formula in plain Chinese, with this year's numbers. */
  formula(p: IndicatorParams, ctx: ScoreContext): Promise<string> | string;
  /** Whether the module has any record in the year (none: the indicator is dropped). */
  hasData(ctx: ScoreContext): Promise<boolean>;
  /**
   * Each member's value. A member missing from the map has nothing the indicator could
   * ask of them (no session they were due at): the indicator does not apply to them and
   * their other weights are renormalised.
   */
  values(ctx: ScoreContext, members: MemberRef[], rootPath: string): Promise<Map<number, number>>;
  /** The records behind one member's value. */
  records(ctx: ScoreContext, member: MemberRef): Promise<Evidence[]>;
}

const providers = new Map<IndicatorKey, IndicatorProvider>();

export function registerIndicator(p: IndicatorProvider): void {
  providers.set(p.key, p);
}

/** Registered providers in display order. */
export function registeredIndicators(): IndicatorProvider[] {
  return INDICATOR_KEYS.map((k) => providers.get(k)).filter((p): p is IndicatorProvider => Boolean(p));
}

export function providerOf(key: IndicatorKey): IndicatorProvider | undefined {
  return providers.get(key);
}
