import { describe, expect, it } from 'vitest';
import { checkChecklist, consolidate, DEFAULT_CHECKLIST, gradeOf, suggestedPoints } from './rules';

describe('the default checklist', () => {
  it('follows the plan’s sections and adds up to 100 points', () => {
    expect([...new Set(DEFAULT_CHECKLIST.map((i) => i.section))]).toEqual(['三.1', '三.2', '三.3', '三.4', '三.5', '三.6', '三.7', '三.8', '四', '五.2']);
    expect(DEFAULT_CHECKLIST.reduce((s, i) => s + i.maxPoints, 0)).toBe(100);
  });
});

describe('consolidation', () => {
  it('averages, or drops one highest and one lowest from three or more', () => {
    // 85.5, 90, 70 → average 81.833… → 81.83; drop extremes → 85.5; spread 20.
    expect(consolidate([855, 900, 700], false, 10)).toEqual({ scoreX100: 8183, spreadX100: 2000, method: 'average', count: 3, flagged: true });
    expect(consolidate([855, 900, 700], true, 10)).toMatchObject({ scoreX100: 8550, method: 'dropExtremes' });
    expect(consolidate([855, 900], true, 10)).toMatchObject({ scoreX100: 8775, method: 'average', spreadX100: 450, flagged: false });
    expect(consolidate([], false, 10)).toBeNull();
  });
  it('rounds half up to the hundredth', () => {
    // (80.1 + 80.2 + 80.2) / 3 = 80.1666… → 80.17
    expect(consolidate([801, 802, 802], false, 10)!.scoreX100).toBe(8017);
  });
  it('flags at the setting, not below it', () => {
    expect(consolidate([800, 900], false, 10)!.flagged).toBe(true);
    expect(consolidate([800, 899], false, 10)!.flagged).toBe(false);
  });
});

describe('grades and suggestions', () => {
  const t = { excellent: 90, good: 80, pass: 60 };
  it('grades by thresholds', () => {
    expect([95, 90, 89.99, 80, 60, 59.9].map((s) => gradeOf(s, t))).toEqual(['优秀', '优秀', '良好', '良好', '合格', '不合格']);
  });
  it('suggests the share of the points to the half point below, none without data', () => {
    expect(suggestedPoints(12 / 14, 8)).toBe(6.5);
    expect(suggestedPoints(1, 12)).toBe(12);
    expect(suggestedPoints(null, 8)).toBeNull();
  });
  it('refuses a checklist with duplicate keys, bad points or an unknown source', () => {
    const ok = DEFAULT_CHECKLIST.map((i) => ({ ...i }));
    expect(checkChecklist(ok, DEFAULT_CHECKLIST.map((i) => i.source))).toBeNull();
    expect(checkChecklist([ok[0]!, ok[0]!], [])).toMatch(/重复/);
    expect(checkChecklist([{ ...ok[0]!, maxPoints: 0 }], [])).toMatch(/分值/);
    expect(checkChecklist([{ ...ok[2]!, source: 'nothing.here' }], [])).toMatch(/数据来源/);
  });
});
