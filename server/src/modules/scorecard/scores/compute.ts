// The year score's arithmetic, free of the database: weights renormalised over the
// indicators that count, each indicator's points, the total, and the ranking with its
// tie rule. Everything here is what the breakdown shows, so a member can redo it by hand.

export interface IndicatorSetup {
  key: string;
  kind: 'weighted' | 'deduction';
  weight: number;
  target: number;
  cap: number;
  /** false: dropped for the year (module absent or without data). */
  included: boolean;
}

export interface IndicatorResult {
  key: string;
  /** The member's value (null: the indicator does not apply to the member). */
  value: number | null;
  /** The weight after renormalisation, for this member (0 when dropped or not applicable). */
  effectiveWeight: number;
  /** value ÷ target, capped (weighted indicators), as a fraction. */
  achieved: number | null;
  points: number;
}

export interface MemberScore {
  memberId: number;
  indicators: IndicatorResult[];
  total: number;
}

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/**
 * Weighted indicators: points = effective weight × min(value ÷ target, cap ÷ 100), where
 * the effective weight is the weight × 100 ÷ (sum of the weights of the indicators that
 * count for this member). Deduction: points = −min(value × target, cap). Each indicator's
 * points are rounded to 0.01 and the total is their sum.
 */
export function scoreMember(memberId: number, setups: IndicatorSetup[], values: Map<string, number | null>): MemberScore {
  const counting = setups.filter((s) => s.included && s.kind === 'weighted' && s.weight > 0 && values.get(s.key) != null);
  const weightSum = counting.reduce((a, s) => a + s.weight, 0);
  const indicators: IndicatorResult[] = [];
  let total = 0;
  for (const s of setups) {
    const value = s.included ? (values.get(s.key) ?? null) : null;
    if (s.kind === 'deduction') {
      const points = s.included && value != null ? -round2(Math.min(value * s.target, s.cap)) : 0;
      indicators.push({ key: s.key, value, effectiveWeight: 0, achieved: null, points: points === 0 ? 0 : points });
      total += points;
      continue;
    }
    if (!counting.includes(s) || value == null) {
      indicators.push({ key: s.key, value, effectiveWeight: 0, achieved: null, points: 0 });
      continue;
    }
    const effectiveWeight = (s.weight * 100) / weightSum;
    const achieved = Math.max(0, Math.min(value / s.target, s.cap / 100));
    const points = round2(effectiveWeight * achieved);
    indicators.push({ key: s.key, value, effectiveWeight, achieved, points });
    total += points;
  }
  return { memberId, indicators, total: round2(total) };
}

export interface Rankable {
  memberId: number;
  pinyin: string;
  total: number;
  indicators: { key: string; points: number }[];
}

/**
 * The tie rule (documented on the page and in the guide):
 *  1. the higher total first;
 *  2. equal totals: the indicators' points compared one by one, the heaviest weight
 *     first (equal weights in the registry's order), the higher first;
 *  3. still equal: the same rank (并列), listed by name in pinyin order.
 * Ranks are "1, 2, 2, 4": a tie shares a rank and the next rank skips.
 */
export function compareScores(order: string[]) {
  return (a: Rankable, b: Rankable): number => {
    if (a.total !== b.total) return b.total - a.total;
    for (const key of order) {
      const pa = a.indicators.find((i) => i.key === key)?.points ?? 0;
      const pb = b.indicators.find((i) => i.key === key)?.points ?? 0;
      if (pa !== pb) return pb - pa;
    }
    return 0;
  };
}

/** Ranks of a group under the tie rule; returns the group sorted and each member's rank. */
export function rankGroup<T extends Rankable>(rows: T[], order: string[]): { sorted: T[]; rank: Map<number, number> } {
  const cmp = compareScores(order);
  const sorted = [...rows].sort((a, b) => cmp(a, b) || a.pinyin.localeCompare(b.pinyin) || a.memberId - b.memberId);
  const rank = new Map<number, number>();
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    rank.set(r.memberId, prev && cmp(prev, r) === 0 ? rank.get(prev.memberId)! : i + 1);
  });
  return { sorted, rank };
}

/** The order indicators are compared in on a tie: weight descending, then registry order. */
export function tieOrder(setups: IndicatorSetup[]): string[] {
  return setups
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.included)
    .sort((a, b) => (b.s.kind === 'weighted' ? b.s.weight : -1) - (a.s.kind === 'weighted' ? a.s.weight : -1) || a.i - b.i)
    .map(({ s }) => s.key);
}

/** Checks a weight set: sums to 100, or (when allowed) renormalised to 100 with a warning. */
export function checkWeightSet(weights: Record<string, number>, renormalise: boolean): { weights: Record<string, number>; warning: string | null; error: string | null } {
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (sum === 100) return { weights, warning: null, error: null };
  if (sum <= 0) return { weights, warning: null, error: '权重合计须为 100，当前为 0' };
  if (!renormalise) return { weights, warning: null, error: `各项权重合计须为 100，当前为 ${sum}` };
  // Largest-remainder rounding keeps whole numbers that sum to exactly 100.
  const keys = Object.keys(weights);
  const exact = keys.map((k) => ({ k, v: (weights[k]! * 100) / sum }));
  const out: Record<string, number> = {};
  for (const e of exact) out[e.k] = Math.floor(e.v);
  let left = 100 - Object.values(out).reduce((a, b) => a + b, 0);
  for (const e of [...exact].sort((a, b) => b.v - Math.floor(b.v) - (a.v - Math.floor(a.v)))) {
    if (left <= 0) break;
    out[e.k]! += 1;
    left--;
  }
  return { weights: out, warning: `各项权重合计为 ${sum}，已按比例折算为 100`, error: null };
}
