import { describe, expect, it } from 'vitest';
import { checkWeightSet, rankGroup, scoreMember, tieOrder, type IndicatorSetup } from './compute';

const setups: IndicatorSetup[] = [
  { key: 'books', kind: 'weighted', weight: 20, target: 12, cap: 100, included: true },
  { key: 'daily', kind: 'weighted', weight: 30, target: 100, cap: 100, included: true },
  { key: 'tests', kind: 'weighted', weight: 50, target: 100, cap: 100, included: false },
  { key: 'inspection', kind: 'deduction', weight: 0, target: 2, cap: 5, included: true },
];

describe('scoreMember', () => {
  it('renormalises over the indicators that count and caps at the cap', () => {
    const s = scoreMember(1, setups, new Map([['books', 18], ['daily', 50], ['tests', 90], ['inspection', 1]]));
    // books: weight 20 × 100 ÷ 50 = 40, 18/12 capped at 100 % → 40; daily: 60 × 0.5 = 30; tests dropped; −2.
    expect(s.indicators.map((i) => i.points)).toEqual([40, 30, 0, -2]);
    expect(s.total).toBe(68);
  });
  it('the deduction stops at its cap', () => {
    const s = scoreMember(1, setups, new Map([['books', 12], ['daily', 100], ['inspection', 4]]));
    expect(s.indicators.find((i) => i.key === 'inspection')!.points).toBe(-5);
    expect(s.total).toBe(95);
  });
});

describe('the tie rule', () => {
  const row = (memberId: number, pinyin: string, total: number, books: number, daily: number) => ({ memberId, pinyin, total, indicators: [{ key: 'books', points: books }, { key: 'daily', points: daily }] });
  it('compares the heaviest indicator first, then shares the rank', () => {
    const order = tieOrder(setups);
    expect(order).toEqual(['daily', 'books', 'inspection']);
    const { sorted, rank } = rankGroup([row(1, 'zhang', 50, 30, 20), row(2, 'li', 50, 20, 30), row(3, 'wang', 60, 30, 30), row(4, 'an', 50, 20, 30), row(5, 'zhao', 10, 5, 5)], order);
    expect(sorted.map((r) => r.memberId)).toEqual([3, 4, 2, 1, 5]);
    expect([...rank.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 4],
      [2, 2],
      [3, 1],
      [4, 2],
      [5, 5],
    ]);
  });
});

describe('checkWeightSet', () => {
  it('accepts 100, refuses otherwise, or renormalises to whole numbers summing to 100', () => {
    expect(checkWeightSet({ a: 60, b: 40 }, false).error).toBeNull();
    expect(checkWeightSet({ a: 60, b: 50 }, false).error).toBe('各项权重合计须为 100，当前为 110');
    const r = checkWeightSet({ a: 1, b: 1, c: 1 }, true);
    expect(Object.values(r.weights).reduce((x, y) => x + y, 0)).toBe(100);
    expect(r.weights).toEqual({ a: 34, b: 33, c: 33 });
    expect(r.warning).toContain('折算');
  });
});
