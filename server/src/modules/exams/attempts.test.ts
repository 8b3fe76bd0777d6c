import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { clock } from '../../platform/time';
import { draft, opt, publishedPaper, seedBank } from './testkit';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerk: Client;
let member: Client;
let cats: Record<string, number>;
const SECRET_KEYS = ['fraction', 'explanation', 'accepted', 'truth', 'reference', 'answer', 'feedback', 'key'];

/** Every response the phone gets before submission: no key, no explanation, no option weights. */
function assertSecret(body: unknown, secrets: string[]) {
  const text = JSON.stringify(body);
  for (const s of secrets) expect(text, `leaked “${s}”`).not.toContain(s);
  const walk = (v: unknown, inReview: boolean) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, inReview));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        // Option objects carry {key, text}: 'key' there is the label A/B/C, not the answer key.
        if (k === 'key' && typeof x === 'string' && /^([A-J]|true|false)$/.test(x)) continue;
        expect(SECRET_KEYS, `field ${k}`).not.toContain(k);
        walk(x, inReview);
      }
  };
  walk(body, false);
}

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  clerk = await signedIn(t.app, 'clerka');
  member = await signedIn(t.app, 'zhangsan');
  cats = Object.fromEntries((await clerk.get('/api/exams/categories')).json().map((c: { name: string; id: number }) => [c.name, c.id]));
});
afterAll(() => t.close());
beforeEach(() => {
  clock.now = () => new Date();
});

describe('a timed paper', () => {
  let paperId: number;
  let attemptId: number;
  let shortId: number;
  const start = Date.now();

  it('draws fixed and random questions per person and keeps the key on the server', async () => {
    await seedBank(clerk, cats['党史']!, 8, '党史');
    const tf = await clerk.post('/api/exams/questions', { categoryId: cats['政治理论'], draft: draft({ type: 'truefalse', stem: '党的根本宗旨是全心全意为人民服务。', truth: true, explanation: '党章总纲明确规定。' }) });
    const fill = await clerk.post('/api/exams/questions', {
      categoryId: cats['政治理论'],
      draft: draft({ type: 'fill', stem: '中国共产党的最高理想和最终目标是实现____。', accepted: [{ text: '共产主义', fraction: 1, feedback: '' }], explanation: '见党章总纲。' }),
    });
    const short = await clerk.post('/api/exams/questions', { categoryId: cats['业务知识'], draft: draft({ type: 'short', stem: '简述公文办理中“收文”的主要程序。', reference: '签收、登记、初审、承办、传阅、催办、答复。' }) });
    shortId = short.json().id;
    const refused = await clerk.post('/api/exams/papers', {
      ...(await import('./testkit')).paperBody({ unitIds: [world.townA.id], sections: [{ kind: 'random', categoryId: cats['党史'], qtype: 'single', count: 20, points: 2 }] }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('第 1 部分：分类“党史”中符合条件的单选题只有 8 道，不够抽取 20 道');

    paperId = await publishedPaper(clerk, {
      timeLimitMinutes: 10,
      unitIds: [world.townA.id],
      shuffleQuestions: true,
      shuffleOptions: true,
      sections: [
        { kind: 'random', categoryId: cats['党史'], qtype: 'single', count: 5, points: 4 },
        { kind: 'fixed', questionId: tf.json().id, count: 1, points: 2 },
        { kind: 'fixed', questionId: fill.json().id, count: 1, points: 3 },
        { kind: 'fixed', questionId: shortId, count: 1, points: 10 },
      ],
    });
    const mine = await member.get('/api/exams/my/papers');
    assertSecret(mine.json(), []);
    expect(mine.json()[0]).toMatchObject({ id: paperId, questionCount: 8, totalPoints: 35, state: 'open', attemptsUsed: 0 });
    // Another town's member does not see it and cannot start it.
    const other = await signedIn(t.app, 'clerkb');
    expect((await other.post(`/api/exams/papers/${paperId}/attempts`)).statusCode).toBe(403);

    const started = await member.post(`/api/exams/papers/${paperId}/attempts`);
    expect(started.statusCode).toBe(200);
    attemptId = started.json().id;
    const a = await member.get(`/api/exams/attempts/${attemptId}`);
    expect(a.json().items).toHaveLength(8);
    expect(a.json().remainingSeconds).toBeGreaterThan(590);
    assertSecret(a.json(), ['解析党史', '党章总纲', '共产主义', '签收、登记']);
    // The draw is recorded per item, with the section that drew it.
    const items = await t.db.selectFrom('exam_attempt_items').select(['section_id', 'question_id', 'version_id']).where('attempt_id', '=', attemptId).execute();
    expect(new Set(items.map((i) => i.section_id)).size).toBe(4);
  });

  it('refuses a second concurrent attempt and answers for items outside the draw', async () => {
    const again = await member.post(`/api/exams/papers/${paperId}/attempts`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('正在进行的作答');
    const bogus = await member.put(`/api/exams/attempts/${attemptId}/items/999999`, { response: { choices: ['A'] }, answeredAt: new Date().toISOString() });
    expect(bogus.statusCode).toBe(404);
    const li = await signedIn(t.app, 'lisi');
    const item = (await member.get(`/api/exams/attempts/${attemptId}`)).json().items[0];
    expect((await li.put(`/api/exams/attempts/${attemptId}/items/${item.id}`, { response: { choices: ['A'] }, answeredAt: new Date().toISOString() })).statusCode).toBe(403);
    expect((await li.get(`/api/exams/attempts/${attemptId}`)).statusCode).toBe(403);
  });

  it('saves each answer as given; a queued answer given before the deadline counts within the grace, a later one does not', async () => {
    const a = (await member.get(`/api/exams/attempts/${attemptId}`)).json();
    const byType = (type: string) => a.items.filter((i: { type: string }) => i.type === type);
    // Answer the choice questions right: the option whose text starts with 正确项 (the order is shuffled per person).
    for (const it of byType('single').slice(0, 4)) {
      const right = it.options.find((o: { text: string }) => o.text.startsWith('正确项')).key;
      const r = await member.put(`/api/exams/attempts/${attemptId}/items/${it.id}`, { response: { choices: [right] }, answeredAt: new Date().toISOString() });
      expect(r.statusCode).toBe(200);
      assertSecret(r.json(), []);
    }
    // A stale queued answer (given earlier) does not overwrite a newer one from another device.
    const first = byType('single')[0];
    const wrong = first.options.find((o: { text: string }) => !o.text.startsWith('正确项')).key;
    const stale = await member.put(`/api/exams/attempts/${attemptId}/items/${first.id}`, { response: { choices: [wrong] }, answeredAt: new Date(Date.now() - 60_000).toISOString() });
    expect(stale.json().saved).toBe(false);
    await member.put(`/api/exams/attempts/${attemptId}/items/${byType('truefalse')[0].id}`, { response: { choices: ['true'] }, answeredAt: new Date().toISOString() });
    await member.put(`/api/exams/attempts/${attemptId}/items/${byType('short')[0].id}`, { response: { text: '签收、登记、审核、拟办、批办、承办。' }, answeredAt: new Date().toISOString() });
    const tooMany = await member.put(`/api/exams/attempts/${attemptId}/items/${byType('truefalse')[0].id}`, { response: { choices: ['true', 'false'] }, answeredAt: new Date().toISOString() });
    expect(tooMany.json().message).toBe('该题只能选一项');

    const deadline = Date.parse(a.deadlineAt);
    // 10 s past the deadline (within the 30 s grace), the phone reconnects and sends the fill-in it queued before the deadline: taken.
    clock.now = () => new Date(deadline + 10_000);
    const queued = await member.put(`/api/exams/attempts/${attemptId}/items/${byType('fill')[0].id}`, { response: { text: '共产主义' }, answeredAt: new Date(deadline - 5_000).toISOString() });
    expect(queued.statusCode).toBe(200);
    expect(queued.json().remainingSeconds).toBe(0);
    // An answer given after the deadline is refused.
    const late = await member.put(`/api/exams/attempts/${attemptId}/items/${byType('single')[4].id}`, { response: { choices: ['A'] }, answeredAt: new Date(deadline + 5_000).toISOString() });
    expect(late.statusCode).toBe(409);
    // Past the grace, nothing is taken, and the attempt submits itself as of its deadline.
    clock.now = () => new Date(deadline + 31_000);
    const afterGrace = await member.put(`/api/exams/attempts/${attemptId}/items/${byType('single')[4].id}`, { response: { choices: ['A'] }, answeredAt: new Date(deadline - 1_000).toISOString() });
    expect(afterGrace.statusCode).toBe(409);
    const done = (await member.get(`/api/exams/attempts/${attemptId}`)).json();
    expect(done).toMatchObject({ status: 'submitted', submittedHow: 'timeout', submittedAt: a.deadlineAt, pendingItems: 1 });
    // 4 × 4 (single) + 2 (true/false) + 3 (fill, sent late but given in time) = 21; the short answer waits for a person.
    expect(done.score).toBe(21);
    // Review right after: correctness, no key, no explanation (the paper's review options).
    expect(done.items.every((i: { review?: { key?: string; explanation?: string } }) => i.review && i.review.key === undefined && i.review.explanation === undefined)).toBe(true);
    expect((await member.post(`/api/exams/papers/${paperId}/attempts`)).json().message).toBe('该测试最多可作答 1 次，您已用完');
  });

  it('the clerk grades the short answer without seeing the name; a key correction regrades and says how many changed', async () => {
    const queue = (await clerk.get('/api/exams/grading')).json();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ memberName: null, unitName: null, reference: '签收、登记、初审、承办、传阅、催办、答复。', answer: '签收、登记、审核、拟办、批办、承办。', points: 10 });
    expect((await clerk.post(`/api/exams/grading/${queue[0].itemId}`, { score: 11, comment: '' })).statusCode).toBe(400);
    const graded = await clerk.post(`/api/exams/grading/${queue[0].itemId}`, { score: 6, comment: '漏了传阅和催办' });
    expect(graded.json()).toEqual({ attemptScore: 27, pending: 0 });
    // The clerk of another town cannot grade it.
    expect((await (await signedIn(t.app, 'clerkb')).post(`/api/exams/grading/${queue[0].itemId}`, { score: 1, comment: '' })).statusCode).toBe(403);

    // The true/false key was wrong: it is corrected, and the one attempt changes.
    const tfItem = await t.db.selectFrom('exam_attempt_items').innerJoin('exam_question_versions as v', 'v.id', 'exam_attempt_items.version_id').select(['exam_attempt_items.question_id']).where('v.type', '=', 'truefalse').executeTakeFirstOrThrow();
    const q = (await clerk.get(`/api/exams/questions/${tfItem.question_id}`)).json();
    const fix = await clerk.post(`/api/exams/questions/${tfItem.question_id}/correct-key`, { version: q.version, truth: false });
    expect(fix.json()).toEqual({ attempts: 1, changed: 1, practiceItems: 0, versions: 1, skipped: [] });
    expect((await member.get(`/api/exams/attempts/${attemptId}`)).json().score).toBe(25);
    const same = await clerk.post(`/api/exams/questions/${tfItem.question_id}/correct-key`, { version: q.version, truth: false });
    expect(same.json()).toEqual({ attempts: 1, changed: 0, practiceItems: 0, versions: 1, skipped: [] });
  });

  it('editing an answered question makes a new version; the old attempt keeps its own', async () => {
    const row = await t.db.selectFrom('exam_attempt_items').select(['question_id', 'version_id']).where('attempt_id', '=', attemptId).where('section_id', 'is not', null).orderBy('position').executeTakeFirstOrThrow();
    const q = (await clerk.get(`/api/exams/questions/${row.question_id}`)).json();
    const edited = await clerk.put(`/api/exams/questions/${row.question_id}`, { categoryId: q.categoryId, version: q.version, draft: { ...q, stem: `${q.stem}（修订）`, id: undefined, categoryId: undefined, categoryName: undefined, version: undefined, updatedAt: undefined, versionId: undefined, versionNo: undefined, versions: undefined } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().newVersion).toBe(true);
    const after = (await clerk.get(`/api/exams/questions/${row.question_id}`)).json();
    expect(after.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([2, 1]);
    const kept = await t.db.selectFrom('exam_attempt_items').select('version_id').where('attempt_id', '=', attemptId).where('question_id', '=', row.question_id).executeTakeFirstOrThrow();
    expect(kept.version_id).toBe(row.version_id);
    // After the close, review shows keys and explanations.
    clock.now = () => new Date(start + 8 * 86_400_000);
    const later = await signedIn(t.app, 'zhangsan');
    const review = (await later.get(`/api/exams/attempts/${attemptId}`)).json();
    expect(review.items.find((i: { type: string }) => i.type === 'fill').review).toMatchObject({ key: '共产主义', explanation: '见党章总纲。', correct: true });
  });
});

describe('results, awards, item analysis', () => {
  it('ranks people and units, exports the award list and flags a planted bad question', async () => {
    // Twelve members of town A take a fixed paper; question "坏题" has the key on a wrong option, so the strong get it wrong.
    const good = await seedBank(clerk, cats['政治理论']!, 4, '分析');
    const bad = await clerk.post('/api/exams/questions', {
      categoryId: cats['政治理论'],
      draft: draft({ stem: '坏题：以下哪一项正确？', options: [opt('A', '真正正确'), opt('B', '被误标为正确', 1), opt('C', '干扰项'), opt('D', '没人会选的干扰项')] }),
    });
    const { makeMember, makeUser } = await import('../../demo/factories');
    const paperId = await publishedPaper(clerk, {
      title: '分析测试',
      timeLimitMinutes: 20,
      unitIds: [world.townA.id],
      sections: [...good, bad.json().id].map((id) => ({ kind: 'fixed', questionId: id, count: 1, points: 2 })),
    });
    for (let p = 0; p < 12; p++) {
      const unitId = p % 2 ? world.officeA.id : world.villageA.id;
      const m = await makeMember(t.db, { name: `测试${p}`, unitId, category: 'staff' });
      await makeUser(t.db, { username: `cand${p}`, password: 'Passw0rd-test', memberId: m.id, roles: [{ role: 'member', unitId }] });
      const c = await signedIn(t.app, `cand${p}`);
      const id = (await c.post(`/api/exams/papers/${paperId}/attempts`)).json().id;
      const a = (await c.get(`/api/exams/attempts/${id}`)).json();
      // Person p answers the first (p % 5) good questions right; the stronger (p % 5 ≥ 2) pick the truly right A on the bad one, the weakest the keyed B, the rest C; nobody D.
      const strength = p % 5;
      for (const [i, it] of a.items.entries()) {
        const isBad = it.stem.startsWith('坏题');
        const choice = isBad ? (strength >= 2 ? 'A' : strength === 0 ? 'B' : 'C') : i < strength ? it.options.find((o: { text: string }) => o.text.startsWith('正确项')).key : 'D';
        await c.put(`/api/exams/attempts/${id}/items/${it.id}`, { response: { choices: [choice] }, answeredAt: new Date().toISOString() });
      }
      expect((await c.post(`/api/exams/attempts/${id}/submit`)).json().status).toBe('graded');
    }
    const res = (await clerk.get(`/api/exams/results?paperId=${paperId}`)).json();
    expect(res.people).toHaveLength(12);
    expect(res.people[0].rank).toBe(1);
    expect(res.people.map((p: { percent: number }) => p.percent)).toEqual([...res.people.map((p: { percent: number }) => p.percent)].sort((x: number, y: number) => y - x));
    expect(res.units.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['东风村', '党政办']);
    // The leader reads results; the clerk of town B sees none of town A's.
    expect((await (await signedIn(t.app, 'leader')).get(`/api/exams/results?paperId=${paperId}`)).json().people).toHaveLength(12);
    expect((await (await signedIn(t.app, 'clerkb')).get(`/api/exams/results?paperId=${paperId}`)).statusCode).toBe(403);

    const xlsx = await clerk.get(`/api/exams/results/awards.xlsx?paperId=${paperId}`);
    expect(xlsx.statusCode).toBe(200);
    const { readXlsxRows } = await import('../../platform/xlsx');
    const rows = await readXlsxRows(xlsx.rawPayload);
    expect(rows[0]!.cells[0]).toContain('获奖名单（前 10 名（同分并列））');
    // Ties at the tenth place are all in.
    const top = res.people.filter((p: { rank: number }) => p.rank <= 10).length;
    expect(rows.length - 2).toBe(top);

    const an = (await clerk.get(`/api/exams/papers/${paperId}/analysis`)).json();
    expect(an).toMatchObject({ attempts: 12, maxScore: 10 });
    expect(an.alpha).not.toBeNull();
    const badQ = an.questions.find((q: { stem: string }) => q.stem.startsWith('坏题'));
    expect(badQ.discrimination).toBeLessThan(0);
    expect(badQ.flags[0]).toMatch(/^区分度为负/);
    expect(badQ.flags).toContain('干扰项 D 无人选择');
    expect(badQ.options.find((o: { key: string }) => o.key === 'A').count).toBeGreaterThan(0);
    const goodQ = an.questions.find((q: { stem: string }) => q.stem.startsWith('分析第1题'));
    expect(goodQ.discrimination).toBeGreaterThan(0);
    expect(goodQ.flags.some((f: string) => f.startsWith('区分度为负'))).toBe(false);
  });
});

describe('每日一练', () => {
  it('gives the day’s questions, instant feedback, a streak, and study minutes capped per day', async () => {
    const li = await signedIn(t.app, 'lisi');
    const day = (await li.get('/api/exams/practice/today')).json();
    expect(day.items).toHaveLength(5);
    expect(day).toMatchObject({ answered: 0, streak: 0, minutesToday: 0, capMinutes: 10 });
    assertSecret(day.items.map(({ feedback: _f, ...rest }: { feedback: unknown }) => rest), ['解析党史', '解析分析', '党章总纲']);
    expect(day.items.every((i: { feedback: unknown }) => i.feedback === null)).toBe(true);
    for (const it of day.items) {
      const choice = it.type === 'truefalse' ? ['true'] : it.type === 'fill' ? undefined : [it.options[0].key];
      const r = await li.post(`/api/exams/practice/today/${it.position}`, { response: choice ? { choices: choice } : { text: '共产主义' } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().feedback).toMatchObject({ correct: expect.any(Boolean), key: expect.any(String) });
    }
    expect((await li.post(`/api/exams/practice/today/1`, { response: { choices: ['A'] } })).statusCode).toBe(409);
    const after = (await li.get('/api/exams/practice/today')).json();
    expect(after).toMatchObject({ answered: 5, streak: 1, minutesToday: 10 });
    // The minutes are one 'online' entry of the study log (2 a question, capped at 10).
    const log = await t.db.selectFrom('study_logs').select(['kind', 'minutes', 'source']).where('member_id', '=', world.members.mLi.id).execute();
    expect(log).toEqual([{ kind: 'online', minutes: 10, source: 'exams-practice' }]);
  });
});

describe('a key correction after the question was edited', () => {
  it('regrades the attempts on older versions that carried the same key, and names those it left alone and why', async () => {
    const created = await clerk.post('/api/exams/questions', {
      categoryId: cats['党史'],
      draft: draft({ stem: '中国共产党第一次全国代表大会开幕的日期是：', options: [opt('A', '1921年7月1日', 1), opt('B', '1921年7月23日'), opt('C', '1949年10月1日'), opt('D', '1927年8月1日')], explanation: '一大于1921年7月23日在上海开幕。' }),
    });
    const qid = created.json().id as number;
    const paper = await publishedPaper(clerk, { title: '更正答案与旧版本', unitIds: [world.townA.id], sections: [{ kind: 'fixed', questionId: qid, count: 1, points: 5 }] });
    /** Takes the paper answering B (right, though the key says A); returns the attempt. */
    const take = async (c: Client) => {
      const id = (await c.post(`/api/exams/papers/${paper}/attempts`)).json().id as number;
      const item = (await c.get(`/api/exams/attempts/${id}`)).json().items[0];
      expect((await c.put(`/api/exams/attempts/${id}/items/${item.id}`, { response: { choices: ['B'] }, answeredAt: new Date().toISOString() })).statusCode).toBe(200);
      expect((await c.post(`/api/exams/attempts/${id}/submit`)).json().score).toBe(0);
      return id;
    };
    const edit = async (change: (d: Record<string, unknown>) => Record<string, unknown>) => {
      const q = (await clerk.get(`/api/exams/questions/${qid}`)).json();
      const d = { ...q, id: undefined, categoryId: undefined, categoryName: undefined, version: undefined, updatedAt: undefined, versionId: undefined, versionNo: undefined, versions: undefined };
      const res = await clerk.put(`/api/exams/questions/${qid}`, { categoryId: q.categoryId, version: q.version, draft: change(d) });
      expect(res.json().newVersion, res.body).toBe(true);
    };
    const score = async (id: number) => Number((await t.db.selectFrom('exam_attempts').select('score').where('id', '=', id).executeTakeFirstOrThrow()).score);
    const correct = async (right: string) => {
      const q = (await clerk.get(`/api/exams/questions/${qid}`)).json();
      const res = await clerk.post(`/api/exams/questions/${qid}/correct-key`, { version: q.version, options: ['A', 'B', 'C', 'D'].map((key) => ({ key, fraction: key === right ? 1 : 0 })) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    // 张三 answers version 1; a typo in the stem is fixed (version 2, same options and key); 李四 answers version 2.
    const zhang = await take(member);
    await edit((d) => ({ ...d, stem: '中国共产党第一次全国代表大会开幕的日期是（　）。' }));
    const li = await take(await signedIn(t.app, 'lisi'));
    const versions = await t.db.selectFrom('exam_attempt_items').select(['attempt_id', 'version_id']).where('attempt_id', 'in', [zhang, li]).execute();
    expect(new Set(versions.map((v) => v.version_id)).size).toBe(2);

    // The key was wrong on both versions: the correction regrades both attempts.
    expect(await correct('B')).toEqual({ attempts: 2, changed: 2, practiceItems: 0, versions: 2, skipped: [] });
    expect([await score(zhang), await score(li)]).toEqual([5, 5]);

    // Option C is reworded (version 3): a later correction cannot say what C meant on versions 1 and 2,
    // so it leaves them alone and says so.
    await edit((d) => ({ ...d, options: (d.options as { key: string; text: string }[]).map((o) => (o.key === 'C' ? { ...o, text: '1921年8月3日' } : o)) }));
    const later = await correct('C');
    expect(later).toMatchObject({ attempts: 0, changed: 0, versions: 1 });
    expect(later.skipped.map((s: { versionNo: number; attempts: number }) => [s.versionNo, s.attempts])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(later.skipped[0].reason).toContain('选项与当前版本不同');
    expect([await score(zhang), await score(li)]).toEqual([5, 5]);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'exams.question.correct-key').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(String(audit.detail)).toContain('第1版');
  });
});
