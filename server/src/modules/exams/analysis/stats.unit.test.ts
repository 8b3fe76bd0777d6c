import { describe, expect, it } from 'vitest';
import { correlation, cronbachAlpha, itemFigures, itemFlags, median, paperFigures, type AttemptScores } from './stats';

function attempt(scores: number[]): AttemptScores {
  return { total: scores.reduce((s, x) => s + x, 0), items: new Map(scores.map((s, i) => [i + 1, { score: s, max: 1 }])) };
}

describe('item analysis', () => {
  // Five people, four items; item 4 is answered right by the weak and wrong by the strong.
  const attempts = [attempt([1, 1, 1, 0]), attempt([1, 1, 1, 0]), attempt([1, 1, 0, 0]), attempt([1, 0, 0, 1]), attempt([0, 0, 0, 1])];

  it('facility and discrimination', () => {
    expect(itemFigures(attempts, 1)).toMatchObject({ n: 5, facility: 80 });
    expect(itemFigures(attempts, 2).discrimination!).toBeGreaterThan(0);
    expect(itemFigures(attempts, 4).discrimination!).toBeLessThan(0);
  });

  it('the paper: mean, median, sd and alpha', () => {
    const totals = attempts.map((a) => a.total);
    expect(paperFigures(totals)).toEqual({ n: 5, mean: 2.2, median: 2, sd: 0.8 });
    expect(median([3, 1, 2, 10])).toBe(2.5);
    // Items that agree with each other give a high alpha; here item 4 pulls it down.
    const good = [attempt([1, 1, 1]), attempt([1, 1, 0]), attempt([1, 0, 0]), attempt([0, 0, 0])];
    expect(cronbachAlpha(good)).toBe(0.75);
    expect(cronbachAlpha(attempts)!).toBeLessThan(0.75);
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(correlation([1, 1, 1], [2, 4, 6])).toBeNull();
  });

  it('flags negative discrimination and a distractor nobody picks, with enough attempts', () => {
    const f = itemFigures(attempts, 4);
    const flags = itemFlags({ figures: f, minAttempts: 5, options: [{ key: 'A', count: 2, right: true }, { key: 'B', count: 5, right: false }, { key: 'C', count: 0, right: false }] });
    expect(flags[0]).toMatch(/^区分度为负/);
    expect(flags).toContain('干扰项 C 无人选择');
    expect(itemFlags({ figures: f, minAttempts: 6 })).toEqual([]);
  });

  it('a distractor nobody picks is flagged once enough wrong answers went elsewhere', () => {
    const figures = { n: 40, facility: 70, discrimination: 30 };
    const options = (b: number, c: number) => [{ key: 'A', count: 40 - b - c, right: true }, { key: 'B', count: b, right: false }, { key: 'C', count: c, right: false }, { key: 'D', count: 0, right: false }];
    // Three wrong answers among three distractors: one left out by chance (8/27 of the time) is no finding.
    expect(itemFlags({ figures, minAttempts: 10, options: options(2, 1) })).toEqual([]);
    // Twelve wrong answers, none on D: (2/3)^12 ≈ 0.8 %.
    expect(itemFlags({ figures, minAttempts: 10, options: options(7, 5) })).toEqual(['干扰项 D 无人选择']);
  });

  it('a slightly negative discrimination of a dozen answers is chance, not a flag; the same figure over a hundred is', () => {
    expect(itemFlags({ figures: { n: 12, facility: 70, discrimination: -30 }, minAttempts: 10 })).toEqual([]);
    expect(itemFlags({ figures: { n: 120, facility: 70, discrimination: -30 }, minAttempts: 10 })[0]).toMatch(/^区分度为负（-30%）/);
  });
});
