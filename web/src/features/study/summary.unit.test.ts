// 按单位汇总 and the monthly summary (decision 021): which figures come from the nightly table,
// and the freshness line in Asia/Shanghai whatever the browser's zone.
import { describe, expect, it } from 'vitest';
import { summaryJobs } from '../../../../server/src/modules/study/summary';
import { defaultScopeId, fmtShanghai, freshness, shanghaiMonth, spansTowns, SUMMARY_NIGHTLY, unitsSource } from './summary';

// Monday 2026-12-07, 10:00 in Shanghai.
const now = new Date('2026-12-07T02:00:00Z');

describe('where 按单位汇总 comes from', () => {
  it('reads the summary for a past month and for the whole tree, and computes a town’s month live', () => {
    expect(unitsSource('2026-11', '2026-12', false)).toBe('summary');
    expect(unitsSource('2026-12', '2026-12', true)).toBe('summary');
    expect(unitsSource('2026-12', '2026-12', false)).toBe('live');
  });
  it('counts a district, or any unit over towns, as spanning towns; a town and its offices not', () => {
    const units = [
      { id: 1, parentId: null, kind: 'district' },
      { id: 2, parentId: 1, kind: 'town' },
      { id: 3, parentId: 2, kind: 'office' },
      { id: 4, parentId: 1, kind: 'other' },
      { id: 5, parentId: 4, kind: 'town' },
    ];
    expect(spansTowns(units, 1)).toBe(true);
    expect(spansTowns(units, 4)).toBe(true);
    // A town clerk's list: the town comes without its parent (parentId null), still a town.
    expect(spansTowns([{ id: 2, parentId: null, kind: 'town' }, { id: 3, parentId: 2, kind: 'office' }], 2)).toBe(false);
    expect(spansTowns(units, 3)).toBe(false);
    expect(spansTowns(units, 99)).toBe(false);
  });
  it('opens on the widest unit of the reach, as the server does', () => {
    expect(defaultScopeId(['/1/2/', '/1/'])).toBe(1);
    expect(defaultScopeId(['/1/2/'])).toBe(2);
    expect(defaultScopeId([])).toBeUndefined();
  });
  it('takes the month in Shanghai: 23:30 UTC on 30 November is already December there', () => {
    expect(shanghaiMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12');
  });
});

describe('the freshness line', () => {
  it('writes the refresh time in Asia/Shanghai, with the year only when it is another', () => {
    expect(fmtShanghai('2026-12-06T18:30:00.000Z', now)).toBe('12月7日 02:30');
    expect(fmtShanghai('2025-12-31T17:00:00.000Z', now)).toBe('1月1日 01:00');
    expect(fmtShanghai('2025-11-30T18:30:00.000Z', now)).toBe('2025年12月1日 02:30');
  });
  it('says how fresh this month’s summary is, and when it is next updated', () => {
    const f = freshness('summary', '2026-12-06T18:30:00.000Z', '2026-12', now);
    expect(f.text).toBe('数据截至 12月7日 02:30');
    expect(f.hint).toContain(`每晚 ${SUMMARY_NIGHTLY} 更新`);
    expect(f.tone).toBe('info');
  });
  it('warns when this month’s summary has missed a night, and names the job to check', () => {
    const f = freshness('summary', '2026-12-05T18:30:00.000Z', '2026-12', now);
    expect(f.tone).toBe('warning');
    expect(f.hint).toContain('study.unit-summary');
  });
  it('does not call a closed month’s summary stale: the job no longer refreshes it', () => {
    const f = freshness('summary', '2026-11-09T18:30:00.000Z', '2026-10', now);
    expect(f.text).toBe('数据截至 11月10日 02:30');
    expect(f.tone).toBe('info');
  });
  it('says so when the summary has not been built yet (a fresh install) and the figures are computed now', () => {
    const f = freshness('summary', null, '2026-12', now);
    expect(f.text).toContain('尚未生成');
    expect(f.text).toContain('实时');
    expect(f.hint).toContain(SUMMARY_NIGHTLY);
    expect(freshness('summary', null, '2026-10', now).text).toContain('没有月度汇总');
  });
  it('names a town’s live month as live', () => {
    expect(freshness('live', null, '2026-12', now).text).toContain('实时');
  });
});

describe('the nightly time the page names', () => {
  it('is the time the job runs', () => {
    expect(summaryJobs.find((j) => j.name === 'study.unit-summary')?.at).toBe(SUMMARY_NIGHTLY);
  });
});
