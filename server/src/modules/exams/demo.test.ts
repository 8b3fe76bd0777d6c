// The demo town's quarterly tests as the clerk finds them after `npm start`: the
// third-quarter paper's item analysis flags the question whose key was entered
// wrongly, and correcting the key regrades the town's attempts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Client, type TestApp } from '../../../test/helper';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';
import { PLANTED } from '../../demo/exams';

const PASSWORD = DEMO_PASSWORD;
let t: TestApp;
let clerk: Client;

beforeAll(async () => {
  t = await createDemoTestApp();
  clerk = await signedIn(t.app, 'clerk', PASSWORD);
}, 180_000);
afterAll(() => t.close());

describe('the demo town’s quarterly tests', () => {
  it('the third quarter’s item analysis flags the question with the wrong key; correcting it regrades the attempts', async () => {
    const papers = (await clerk.get('/api/exams/papers')).json() as { id: number; quarter: string; title: string }[];
    const q3 = papers.find((p) => p.quarter === '2026Q3')!;
    const before = (await clerk.get(`/api/exams/papers/${q3.id}/analysis`)).json();
    expect(before.attempts).toBeGreaterThan(20);
    // Scores spread as real ones do.
    expect(before.sd).toBeGreaterThan(3);
    // A random draw: α over the paper's slots (as Moodle computes it), not "—".
    expect(before.alphaBasis).toBe('slots');
    expect(before.alpha).toEqual(expect.any(Number));
    expect(before.alpha).toBeLessThanOrEqual(1);
    const planted = before.questions.find((q: { stem: string }) => q.stem === PLANTED.stem);
    expect(planted.n).toBe(before.attempts);
    expect(planted.discrimination).toBeLessThan(0);
    expect(planted.flags.join('；')).toContain('区分度为负');
    expect(planted.flags).toContain('干扰项 D 无人选择');
    // The bank's sound questions, each drawn for a dozen or so people, are rarely flagged: chance is not a finding.
    const judged = before.questions.filter((q: { n: number }) => q.n >= before.minAttempts);
    const negative = judged.filter((q: { flags: string[] }) => q.flags.some((f) => f.startsWith('区分度为负')));
    expect(negative.length - 1).toBeLessThanOrEqual(0.05 * judged.length);

    const detail = (await clerk.get(`/api/exams/questions/${planted.questionId}`)).json();
    const fixed = await clerk.post(`/api/exams/questions/${planted.questionId}/correct-key`, {
      version: detail.version,
      options: detail.options.map((o: { key: string; text: string }) => ({ key: o.key, fraction: o.text === '1921年7月23日' ? 1 : 0 })),
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const chose = (k: string) => planted.options.find((o: { key: string }) => o.key === k).count;
    expect(fixed.json().attempts).toBe(before.attempts);
    // Everyone who chose 7月1日 or 7月23日 has a new total; the rest keep theirs.
    expect(fixed.json().changed).toBe(chose('A') + chose('B'));

    const after = (await clerk.get(`/api/exams/papers/${q3.id}/analysis`)).json();
    const now = after.questions.find((q: { questionId: number }) => q.questionId === planted.questionId);
    expect(now.discrimination).toBeGreaterThan(0);
    expect(now.flags.join('；')).not.toContain('区分度为负');
    expect(now.options.find((o: { key: string }) => o.key === 'B').right).toBe(true);
  });
});
