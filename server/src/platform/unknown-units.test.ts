// Issue 12 defect 12: unknown unit ids in a request were silently ignored (a filter on a unit that
// does not exist answered as if there were no filter, or with an empty list). Every route that takes
// a unit id — in its path, its query or its body — refuses one that does not exist, in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../test/world';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
});
afterAll(() => t.close());

type Op = { parameters?: { name: string; in: string }[] };
const UNKNOWN = 987654;

describe('unknown unit ids', () => {
  it('every GET route with a unitId in its query refuses an id of no unit, in Chinese', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
    const clients: Client[] = await Promise.all(['clerkd', 'clerka', 'leader', 'zhangsan', 'admin'].map((u) => signedIn(t.app, u, PASSWORD)));
    const tried: string[] = [];
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op || !op.parameters?.some((p) => p.in === 'query' && p.name === 'unitId')) continue;
      if (/\{/.test(path)) continue; // path ids are someone else's object; see the route tests
      const url = `${path}?unitId=${UNKNOWN}`;
      // The first client the route admits at all (403 before the handler otherwise).
      let answered = false;
      for (const c of clients) {
        const res = await c.get(url);
        if (res.statusCode === 403 && /您没有权限/.test(res.json().message ?? '')) continue;
        answered = true;
        tried.push(url);
        const body = res.headers['content-type']?.toString().includes('json') ? res.json() : {};
        if (!(res.statusCode === 400 || res.statusCode === 404) || !/[\u4e00-\u9fa5]/.test(body.message ?? '')) wrong.push(`${url} → ${res.statusCode} ${String(body.message ?? '').slice(0, 40)}`);
        break;
      }
      if (!answered) wrong.push(`${url}: no test user may call it`);
    }
    console.log(`unknown unit ids: ${tried.length} routes with ?unitId tried, ${wrong.length} answered otherwise`);
    expect(tried.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it('a body or a path naming a unit that does not exist is refused and changes nothing', async () => {
    const clerk = await signedIn(t.app, 'clerkd', PASSWORD);
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'success').executeTakeFirstOrThrow();
    const cases: [string, string, unknown][] = [
      ['POST', '/api/channels', { kind: 'wecom', name: '不存在的单位的群', unitId: UNKNOWN, config: { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' }, events: ['*'] }],
      ['POST', '/api/members', { name: '某人', unitId: UNKNOWN, category: 'staff', partyMember: false }],
      ['GET', `/api/assessment/acceptance/2026/units/${UNKNOWN}`, undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await clerk.request(method as 'POST', url, body);
      expect(`${method} ${url} → ${res.statusCode}`).toMatch(/→ 40[04]$/);
      expect(res.json().message).toContain(`找不到单位（编号 ${UNKNOWN}）`);
    }
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'success').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
