// The review list and the quota table as .xlsx (issue 11): the same filters as the
// page, only the caller's subtree, formula-safe cells, and an audit row per export.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { composeReflection } from '../../demo/reflections';
import { makeBook, rng } from '../../demo/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

async function sheet(res: { rawPayload: Buffer }, name?: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = name ? wb.getWorksheet(name)! : wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

async function submitted(c: Client, seed: number, title: string, bookId: number) {
  const html = composeReflection(rng(seed), { book: '乡土中国', author: '费孝通', summary: '', unit: '党政办', month: '12月' }).html;
  const r = (await c.post('/api/reflections', { title, bodyHtml: html, bookId })).json();
  const s = await c.post(`/api/reflections/${r.id}/submit`, { version: r.version });
  expect(s.statusCode, s.body).toBe(200);
  return r.id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  const book = await makeBook(t.db, { title: '乡土中国', authors: ['费孝通'], category: '文化' });
  [zhang, li, clerkA, clerkB, leader] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader'].map((u) => signedIn(t.app, u)));
  await submitted(zhang, 11, '读《乡土中国》有感', book.id);
  // A title a spreadsheet would take for a formula.
  await submitted(li, 12, '=HYPERLINK("http://evil.example","点我")', book.id);
  await submitted(clerkB, 13, '乙镇的心得', book.id);
}, 120_000);
afterAll(() => t.close());

describe('心得清单 .xlsx', () => {
  it('lists what the clerk may see, as filtered, with formula-looking text kept as text, and is audited', async () => {
    const res = await clerkA.get(`/api/reflections/review.xlsx?month=${month}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheet(res);
    const header = rows[1].map(String);
    const body = rows.slice(2);
    const names = body.map((r) => r[header.indexOf('姓名')]);
    expect(names.sort()).toEqual(['张三', '李四']);
    // 乙镇's reflection is not in 甲镇's clerk's export.
    expect(body.map((r) => r[header.indexOf('标题')])).not.toContain('乙镇的心得');
    const evil = body.find((r) => r[header.indexOf('姓名')] === '李四')!;
    expect(evil[header.indexOf('标题')]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(body.every((r) => r[header.indexOf('状态')] === '待审核')).toBe(true);

    // The page's filters apply: a name search finds one.
    const one = await sheet(await clerkA.get(`/api/reflections/review.xlsx?q=${encodeURIComponent('张三')}`));
    expect(one.slice(2).map((r) => r[1])).toEqual(['张三']);

    // 乙镇's clerk sees only 乙镇, and may not ask for 甲镇 by unit.
    const b = await sheet(await clerkB.get('/api/reflections/review.xlsx'));
    expect(b.slice(2).map((r) => r[3])).toEqual(['乙镇的心得']);
    const refused = await clerkB.get(`/api/reflections/review.xlsx?unitId=${w.townA.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('该单位不在您的管理范围内');

    // A leader reads (and exports) the list; a member does not.
    expect((await leader.get('/api/reflections/review.xlsx')).statusCode).toBe(200);
    expect((await zhang.get('/api/reflections/review.xlsx')).statusCode).toBe(403);

    const audit = await t.db.selectFrom('audit_log').select(['username', 'action', 'detail']).where('action', '=', 'reflection.export').orderBy('id').execute();
    expect(audit.map((a) => a.username)).toEqual(['clerka', 'clerka', 'clerkb', 'leader']);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ count: 2 });
  });
});

describe('心得配额表 .xlsx', () => {
  it('has one row per unit of the clerk’s town and a totals row, and is audited', async () => {
    const page = (await clerkA.get(`/api/reflections/quota?month=${month}`)).json();
    const res = await clerkA.get(`/api/reflections/quota.xlsx?month=${month}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sheet(res);
    const header = rows[1].map(String);
    expect(header).toEqual(['单位', '在册人数', '应交篇数', '已提交', '已通过', '是否完成']);
    const body = rows.slice(2);
    expect(body.map((r) => r[0])).toEqual([...page.items.map((i: { unitName: string }) => i.unitName), '合计']);
    const total = body.at(-1)!;
    expect(total[header.indexOf('在册人数')]).toBe(page.items.reduce((a: number, i: { headcount: number }) => a + i.headcount, 0));
    expect(total[header.indexOf('已提交')]).toBe(page.items.reduce((a: number, i: { submitted: number }) => a + i.submitted, 0));
    expect(body.map((r) => r[0])).not.toContain('乙镇');

    expect((await clerkB.get(`/api/reflections/quota.xlsx?unitId=${w.townA.id}`)).statusCode).toBe(403);
    expect((await zhang.get('/api/reflections/quota.xlsx')).statusCode).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select(['username', 'outcome']).where('action', '=', 'reflection.quota.export').execute();
    expect(audit).toEqual([{ username: 'clerka', outcome: 'success' }]);
  });
});
