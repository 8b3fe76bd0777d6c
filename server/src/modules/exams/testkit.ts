// Helpers of the exams tests (and the bench): a bank of questions and a published paper.
import type { Client } from '../../../test/helper';
import { testdata } from '../../../test/testdata';

export const fixtures = testdata('questions') + '/';

export function draft(over: Record<string, unknown>) {
  return { type: 'single', name: '', stem: '', stemFormat: 'plain', options: [], truth: null, accepted: [], reference: '', explanation: '', difficulty: 3, tags: [], source: '', category: null, ...over };
}

export const opt = (key: string, text: string, fraction = 0) => ({ key, text, fraction, feedback: '' });

/** Creates questions in a category through the API; returns their ids. */
export async function seedBank(clerk: Client, categoryId: number, n: number, prefix: string) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await clerk.post('/api/exams/questions', {
      categoryId,
      draft: draft({ stem: `${prefix}第${i + 1}题：以下哪一项正确？`, options: [opt('A', `正确项${i}`, 1), opt('B', `干扰项甲${i}`), opt('C', `干扰项乙${i}`), opt('D', `干扰项丙${i}`)], explanation: `解析${prefix}${i}` }),
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    ids.push(res.json().id);
  }
  return ids;
}

export function paperBody(over: Record<string, unknown>) {
  const now = Date.now();
  return {
    title: '2026年第四季度政治理论测试',
    description: '',
    quarter: '2026Q4',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 7 * 86_400_000).toISOString(),
    timeLimitMinutes: 30,
    maxAttempts: 1,
    gradingMethod: 'highest',
    shuffleQuestions: false,
    shuffleOptions: false,
    reviewAfterSubmit: { score: true, correctness: true, key: false, explanation: false },
    reviewAfterClose: { score: true, correctness: true, key: true, explanation: true },
    unitIds: [],
    sections: [],
    ...over,
  };
}

export async function publishedPaper(clerk: Client, body: Record<string, unknown>) {
  const res = await clerk.post('/api/exams/papers', paperBody(body));
  if (res.statusCode !== 200) throw new Error(res.body);
  const id = res.json().id as number;
  const pub = await clerk.post(`/api/exams/papers/${id}/publish`, { version: 1 });
  if (pub.statusCode !== 200) throw new Error(pub.body);
  return id;
}
