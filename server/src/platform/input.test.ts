// Issue 12 defects 10 and 12: no 5xx to client input, and one normalisation of text before
// validation. Each case is one the outside audit sent.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../test/helper';
import { makeWorld } from '../../test/world';
import { cleanText, constraintError } from './input';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerk: Client;
let member: Client;
let auditor: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  clerk = await signedIn(t.app, 'clerka');
  member = await signedIn(t.app, 'zhangsan');
  auditor = await signedIn(t.app, 'auditor');
});
afterAll(() => t.close());

const session = (date: string) => ({ unitId: world.townA.id, topic: '集中学习', place: '三楼会议室', host: '王芳', date, start: '09:00', end: '10:00', unitIds: [world.officeA.id] });

describe('dates are real calendar dates (defect 10)', () => {
  for (const date of ['2026-13-01', '0000-00-00', '2026-02-30', '2026-04-31']) {
    it(`refuses a session on ${date} with a Chinese message about the date`, async () => {
      const res = await clerk.post('/api/sessions', session(date));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/不是有效的日期/);
    });
  }
  it('still takes a real date, 29 February of a leap year included', async () => {
    expect((await clerk.post('/api/sessions', session('2028-02-29'))).statusCode).toBe(200);
  });
  for (const url of ['/api/study/logs?to=abc', '/api/study/heatmap?to=abc', '/api/study/logs?from=2026-02-30']) {
    it(`answers 400 to ${url}`, async () => {
      expect((await member.get(url)).statusCode).toBe(400);
    });
  }
});

describe('page numbers and ids the databases cannot hold (defect 10)', () => {
  const huge = '99999999999999999999';
  it('answers 400, never 5xx, to a page number of 20 digits on the list routes', async () => {
    const lists: [Client, string][] = [
      [clerk, `/api/members?page=${huge}`],
      [clerk, `/api/reflections/review?page=${huge}`],
      [auditor, `/api/audit?page=${huge}`],
      [clerk, `/api/library/books?page=${huge}`],
    ];
    const seen: string[] = [];
    for (const [c, url] of lists) {
      const res = await c.get(url);
      seen.push(`${url} → ${res.statusCode}`);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    console.log(`[input] ${seen.join('; ')}`);
    expect((await clerk.get(`/api/members?page=${huge}`)).statusCode).toBe(400);
  });

  it('answers 400 to an id beyond the integer columns', async () => {
    const res = await clerk.post('/api/members', { name: '赵六', unitId: 99999999999, category: 'staff', partyMember: false });
    expect(res.statusCode).toBe(400);
  });
});

describe('database constraint errors are the client’s, in Chinese (defect 10)', () => {
  it('maps a missing reference to 400 and a duplicate to 409 on this database', async () => {
    const fk = await t.db
      .insertInto('user_roles')
      .values({ user_id: 987654, role: 'member', unit_id: world.officeA.id })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(fk).not.toBeNull();
    expect(constraintError(fk)?.statusCode).toBe(400);
    await sql`INSERT INTO login_throttle (username, failures, updated_at) VALUES ('dup', 0, 'x')`.execute(t.db);
    const dup = await sql`INSERT INTO login_throttle (username, failures, updated_at) VALUES ('dup', 0, 'x')`
      .execute(t.db)
      .then(() => null, (e: unknown) => e);
    expect(dup).not.toBeNull();
    expect(constraintError(dup)?.statusCode).toBe(409);
    expect(constraintError(new Error('boom'))).toBeNull();
  });
});

describe('the audit’s reference with bookId 0 (defect 10)', () => {
  it('answers 400 in Chinese instead of a foreign-key 500', async () => {
    const res = await clerk.post('/api/reflections/references', { title: '参考文章', text: '学习贯彻党的二十大精神，要在学懂弄通做实上下功夫。'.repeat(10), kind: 'copied', bookId: 0 });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('uploads that end early (defect 10)', () => {
  it('answers 400 to a truncated multipart body', async () => {
    const m = multipart('file', 'roster.xlsx', Buffer.alloc(4096, 1));
    const cut = m.body.subarray(0, 300);
    const res = await clerk.request('POST', '/api/library/import', cut, { 'content-type': m.contentType });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('one normalisation before validation (defect 12)', () => {
  it('cleans text: NFC, control and bidi characters removed, trimmed', () => {
    expect(cleanText('  王\u0000五\u202E ')).toBe('王五');
    expect(cleanText('Cafe\u0301')).toBe('Café');
    expect(cleanText('第一行\n第二行')).toBe('第一行\n第二行');
  });

  it('refuses a name of spaces instead of storing an empty name', async () => {
    const res = await clerk.post('/api/members', { name: '    ', unitId: world.officeA.id, category: 'staff', partyMember: false });
    expect(res.statusCode).toBe(400);
    expect(await t.db.selectFrom('members').select('id').where('name', '=', '').execute()).toEqual([]);
  });

  it('stores a name without NUL and bidi-override characters', async () => {
    const res = await clerk.post('/api/members', { name: ' 钱\u0000七\u202Egnp.exe ', unitId: world.officeA.id, category: 'staff', partyMember: false });
    expect(res.statusCode).toBe(200);
    const row = await t.db.selectFrom('members').select('name').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.name).toBe('钱七gnp.exe');
  });
});
