import { describe, expect, it } from 'vitest';
import { draftProblem, fingerprint } from '../modules/exams/bank/model';
import { demoQuestions } from './exams';
import { rng } from './factories';

describe('the demo bank', () => {
  it('holds at least 300 sound questions across the three categories, no two the same', () => {
    const qs = demoQuestions(rng(1));
    expect(qs.length).toBeGreaterThanOrEqual(300);
    for (const c of ['政治理论', '党史', '业务知识']) expect(qs.filter((q) => q.category === c).length, c).toBeGreaterThanOrEqual(60);
    for (const q of qs) expect(draftProblem(q.draft), q.draft.stem).toBeNull();
    expect(new Set(qs.map((q) => fingerprint(q.draft))).size).toBe(qs.length);
    // Every question explains its answer.
    expect(qs.filter((q) => !q.draft.explanation).map((q) => q.draft.stem)).toEqual([]);
    // The right option is not always in the same place.
    const rightAt = qs.filter((q) => q.draft.type === 'single').map((q) => q.draft.options.findIndex((o) => o.fraction === 1));
    expect(new Set(rightAt).size).toBe(4);
  });
});
