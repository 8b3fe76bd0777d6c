// Every exams route, by role, own vs. another member, and another unit or town.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { routeTable } from '../../app';
import { draft, opt, paperBody, publishedPaper } from './testkit';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const users = ['member', 'li', 'clerkA', 'clerkB', 'leader', 'admin', 'auditor'] as const;
type Who = (typeof users)[number];
const usernames: Record<Who, string> = { member: 'zhangsan', li: 'lisi', clerkA: 'clerka', clerkB: 'clerkb', leader: 'leader', admin: 'admin', auditor: 'auditor' };
const c = {} as Record<Who, Client>;
let ids: { category: number; question: number; paper: number; attempt: number; item: number; gradingItem: number };

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  for (const u of users) c[u] = await signedIn(t.app, usernames[u]);
  const cats = (await c.clerkA.get('/api/exams/categories')).json();
  const category = cats[0].id;
  const q = (await c.clerkA.post('/api/exams/questions', { categoryId: category, draft: draft({ stem: '权限测试题', options: [opt('A', '对', 1), opt('B', '错')] }) })).json().id;
  const s = (await c.clerkA.post('/api/exams/questions', { categoryId: category, draft: draft({ type: 'short', stem: '权限测试简答题' }) })).json().id;
  const paper = await publishedPaper(c.clerkA, { unitIds: [world.townA.id], maxAttempts: 3, sections: [{ kind: 'fixed', questionId: q, count: 1, points: 5 }, { kind: 'fixed', questionId: s, count: 1, points: 5 }] });
  // One finished attempt with a short answer waiting for grading, and one open attempt.
  const first = (await c.member.post(`/api/exams/papers/${paper}/attempts`)).json().id;
  const items = (await c.member.get(`/api/exams/attempts/${first}`)).json().items;
  await c.member.put(`/api/exams/attempts/${first}/items/${items[1].id}`, { response: { text: '回答' }, answeredAt: new Date().toISOString() });
  await c.member.post(`/api/exams/attempts/${first}/submit`);
  const attempt = (await c.member.post(`/api/exams/papers/${paper}/attempts`)).json().id;
  const item = (await c.member.get(`/api/exams/attempts/${attempt}`)).json().items[0].id;
  ids = { category, question: q, paper, attempt, item, gradingItem: items[1].id };
});
afterAll(() => t.close());

type Rule = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; route: string; url: () => string; body?: () => unknown; allowed: Who[]; file?: boolean };

const clerk: Who[] = ['clerkA'];
const readers: Who[] = ['clerkA', 'leader'];
const self: Who[] = ['member'];

const rules: Rule[] = [
  { method: 'GET', route: '/api/exams/categories', url: () => '/api/exams/categories', allowed: ['clerkA', 'clerkB'] },
  { method: 'POST', route: '/api/exams/categories', url: () => '/api/exams/categories', body: () => ({ name: `分类${Math.random()}`, parentId: ids.category }), allowed: clerk },
  { method: 'GET', route: '/api/exams/questions', url: () => '/api/exams/questions', allowed: ['clerkA', 'clerkB'] },
  { method: 'POST', route: '/api/exams/questions', url: () => '/api/exams/questions', body: () => ({ categoryId: ids.category, draft: draft({ stem: `新题${Math.random()}`, options: [opt('A', '甲', 1), opt('B', '乙')] }) }), allowed: clerk },
  { method: 'POST', route: '/api/exams/questions/import', url: () => `/api/exams/questions/import?categoryId=${ids.category}`, file: true, allowed: clerk },
  { method: 'GET', route: '/api/exams/questions/export', url: () => '/api/exams/questions/export?format=gift', allowed: ['clerkA', 'clerkB'] },
  { method: 'GET', route: '/api/exams/questions/:id', url: () => `/api/exams/questions/${ids.question}`, allowed: clerk },
  { method: 'PUT', route: '/api/exams/questions/:id', url: () => `/api/exams/questions/${ids.question}`, body: () => ({ categoryId: ids.category, version: 999, draft: draft({ stem: '权限测试题', options: [opt('A', '对', 1), opt('B', '错')] }) }), allowed: clerk },
  { method: 'DELETE', route: '/api/exams/questions/:id', url: () => `/api/exams/questions/${ids.question}?version=999`, allowed: clerk },
  { method: 'POST', route: '/api/exams/questions/:id/correct-key', url: () => `/api/exams/questions/${ids.question}/correct-key`, body: () => ({ version: 999, options: [{ key: 'A', fraction: 1 }, { key: 'B', fraction: 0 }] }), allowed: clerk },
  { method: 'GET', route: '/api/exams/papers', url: () => '/api/exams/papers', allowed: ['clerkA', 'clerkB', 'leader'] },
  { method: 'POST', route: '/api/exams/papers', url: () => '/api/exams/papers', body: () => paperBody({ unitIds: [world.townA.id], sections: [{ kind: 'fixed', questionId: ids.question, count: 1, points: 1 }] }), allowed: clerk },
  { method: 'GET', route: '/api/exams/papers/:id', url: () => `/api/exams/papers/${ids.paper}`, allowed: readers },
  { method: 'PUT', route: '/api/exams/papers/:id', url: () => `/api/exams/papers/${ids.paper}`, body: () => ({ ...paperBody({ unitIds: [world.townA.id], sections: [{ kind: 'fixed', questionId: ids.question, count: 1, points: 1 }] }), version: 999 }), allowed: clerk },
  { method: 'POST', route: '/api/exams/papers/:id/publish', url: () => `/api/exams/papers/${ids.paper}/publish`, body: () => ({ version: 999 }), allowed: clerk },
  { method: 'POST', route: '/api/exams/papers/:id/unpublish', url: () => `/api/exams/papers/${ids.paper}/unpublish`, body: () => ({ version: 999 }), allowed: clerk },
  { method: 'GET', route: '/api/exams/my/papers', url: () => '/api/exams/my/papers', allowed: ['member', 'li', 'clerkA'] },
  // lisi (another unit of the same town) may start his own attempt; the clerk of town A is a member of its office too.
  { method: 'POST', route: '/api/exams/papers/:id/attempts', url: () => `/api/exams/papers/${ids.paper}/attempts`, allowed: ['member', 'li', 'clerkA'] },
  { method: 'GET', route: '/api/exams/attempts/:id', url: () => `/api/exams/attempts/${ids.attempt}`, allowed: self },
  { method: 'PUT', route: '/api/exams/attempts/:id/items/:itemId', url: () => `/api/exams/attempts/${ids.attempt}/items/${ids.item}`, body: () => ({ response: { choices: ['A'] }, answeredAt: new Date().toISOString() }), allowed: self },
  { method: 'POST', route: '/api/exams/attempts/:id/submit', url: () => `/api/exams/attempts/${ids.attempt}/submit`, allowed: self },
  { method: 'GET', route: '/api/exams/grading', url: () => '/api/exams/grading', allowed: ['clerkA', 'clerkB'] },
  { method: 'POST', route: '/api/exams/grading/:itemId', url: () => `/api/exams/grading/${ids.gradingItem}`, body: () => ({ score: 3, comment: '' }), allowed: clerk },
  { method: 'GET', route: '/api/exams/results', url: () => '/api/exams/results?quarter=2026Q4', allowed: ['clerkA', 'clerkB', 'leader'] },
  { method: 'GET', route: '/api/exams/results/awards.xlsx', url: () => `/api/exams/results/awards.xlsx?paperId=${ids.paper}`, allowed: readers },
  { method: 'GET', route: '/api/exams/papers/:id/analysis', url: () => `/api/exams/papers/${ids.paper}/analysis`, allowed: readers },
  { method: 'GET', route: '/api/exams/practice/today', url: () => '/api/exams/practice/today', allowed: ['member', 'li', 'clerkA'] },
  { method: 'POST', route: '/api/exams/practice/today/:position', url: () => '/api/exams/practice/today/1', body: () => ({ response: { choices: ['A'] } }), allowed: ['member', 'li', 'clerkA'] },
];

describe('access to every exams route', () => {
  it('the table covers every route of the module', () => {
    const routes = routeTable(t.app)
      .filter((r) => r.url.startsWith('/api/exams'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(routes).toEqual(rules.map((r) => `${r.method} ${r.route}`).sort());
  });

  for (const rule of rules) {
    it(`${rule.method} ${rule.route}`, async () => {
      for (const who of users) {
        let res;
        if (rule.file) {
          const mp = multipart('file', 'q.txt', Buffer.from(`权限导入${who}？\nA. 甲\nB. 乙\nANSWER: A\n`), 'text/plain');
          res = await c[who].request('POST', rule.url(), mp.body, { 'content-type': mp.contentType });
        } else res = await c[who].request(rule.method, rule.url(), rule.body?.() ?? (rule.method === 'GET' || rule.method === 'DELETE' ? undefined : {}));
        if (rule.allowed.includes(who)) expect([401, 403], `${who}: ${res.body}`).not.toContain(res.statusCode);
        else expect(res.statusCode, `${who} should be refused: ${res.body}`).toBe(403);
      }
      // Signed out: 401.
      const anon = await t.app.inject({ method: rule.method, url: rule.url() });
      expect(anon.statusCode).toBe(401);
    });
  }
});
