import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { clock } from '../../platform/time';
import { makeMember } from '../../demo/factories';

const NOW = new Date('2026-11-20T04:00:00Z');

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let zhang: Client;
let liuOffice: { id: number };
let liuVillage: { id: number };

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  world = await makeWorld(t.db);
  // Two 刘洋 in 甲镇: the name alone cannot tell them apart.
  liuOffice = await makeMember(t.db, { name: '刘洋', unitId: world.officeA.id, category: 'staff', phone: '13900000001' });
  liuVillage = await makeMember(t.db, { name: '刘洋', unitId: world.villageA.id, category: 'staff', phone: '13900000002' });
  [clerkA, clerkB, zhang] = await Promise.all(['clerka', 'clerkb', 'zhangsan'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(async () => {
  clock.now = () => new Date();
  await t.close();
});

async function xlsx(rows: (string | number | Date | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学习强国积分');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importFile(c: Client, body: Buffer, name: string, query = '') {
  const m = multipart('file', name, body, name.endsWith('.csv') ? 'text/csv' : undefined);
  return c.request('POST', `/api/learning/import${query}`, m.body, { 'content-type': m.contentType });
}

const onlineCount = async () => Number((await t.db.selectFrom('online_learning').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const logCount = async () => Number((await t.db.selectFrom('study_logs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('importing an online-learning list', () => {
  it('reports row by row, takes the sound rows, refuses the rest with reasons, and adds nothing the second time', async () => {
    const file = await xlsx([
      ['姓名', '手机号', '日期', '平台', '内容', '时长(分钟)', '学时', '积分'],
      ['张三', '', '2026-11-10', '学习强国', '每日答题', null, null, 30], // 2: beyond the member's window, fine for an import
      ['', '138-0000-0001', '2026/11/11', '干部教育在线', '专题课', null, 2, null], // 3: by phone
      ['刘洋', '', '2026-11-11', '学习强国', '', 20, null, null], // 4: two 刘洋
      ['刘洋', '13900000002', '2026-11-11', '学习强国', '', 20, null, null], // 5: the phone tells
      ['陈某某', '', '2026-11-11', '学习强国', '', 20, null, null], // 6: unknown
      ['钱多', '', '2026-11-11', '学习强国', '', 20, null, null], // 7: 乙镇, outside the scope
      ['李四', '', '2026-11-25', '学习强国', '', 20, null, null], // 8: future
      ['李四', '', '2026-11-12', 'X大讲堂', '讲座', 1000, null, null], // 9
      ['李四', '', '2026-11-12', '微信公众号', '文章', 500, null, null], // 10: 1500 a day
      ['李四', '13800000001', '2026-11-12', '学习强国', '', 10, null, null], // 11: name and phone disagree
      ['张三', '', '2026-11-12', '学习强国', '', -5, null, null], // 12: negative
      ['张三', '', '2026-11-12', '抖音', '', 5, null, null], // 13: unknown platform
      ['张三', '', '11月12日', '学习强国', '', 5, null, null], // 14: unreadable date
      ['', '', '', '', '', '', '', ''], // 15: an empty row is skipped
      ['张三', '', new Date(Date.UTC(2026, 10, 13)), '其他', '', 15, null, null], // 16: a real Excel date
    ]);
    const before = { online: await onlineCount(), logs: await logCount() };

    const preview = await importFile(clerkA, file, '学习强国积分.xlsx', '?dryRun=true');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(await onlineCount()).toBe(before.online);

    const res = await importFile(clerkA, file, '学习强国积分.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const byRow = Object.fromEntries(r.rows.map((x: { row: number }) => [x.row, x]));
    // The preview said the same as the import did.
    expect(preview.json().rows.map((x: { row: number; outcome: string }) => [x.row, x.outcome])).toEqual(r.rows.map((x: { row: number; outcome: string }) => [x.row, x.outcome]));
    expect(preview.json().dryRun).toBe(true);

    expect(r).toMatchObject({ format: 'xlsx', total: 14, taken: 5, duplicate: 0, refused: 9 });
    expect(byRow[2]).toMatchObject({ outcome: 'taken', memberName: '张三', day: '2026-11-10', minutes: 0 });
    expect(byRow[3]).toMatchObject({ outcome: 'taken', memberName: '张三', day: '2026-11-11', minutes: 90 });
    expect(byRow[4]).toMatchObject({ outcome: 'refused' });
    expect(byRow[4].reason).toMatch(/2 位名为“刘洋”.*手机号/);
    expect(byRow[5]).toMatchObject({ outcome: 'taken', memberId: liuVillage.id, unitName: '东风村' });
    expect(byRow[6].reason).toMatch(/查无此人/);
    expect(byRow[6].reason).toMatch(/其他数据未改动/);
    expect(byRow[7].reason).toMatch(/不在您的管理范围内/);
    expect(byRow[8].reason).toMatch(/将来/);
    expect(byRow[9]).toMatchObject({ outcome: 'taken', minutes: 1000 });
    expect(byRow[10].reason).toMatch(/已记录学习 1000 分钟.*超过一天/);
    expect(byRow[11].reason).toMatch(/不符/);
    expect(byRow[12].reason).toMatch(/不能为负数/);
    expect(byRow[13].reason).toMatch(/学习平台应为/);
    expect(byRow[14].reason).toMatch(/无法识别/);
    expect(byRow[16]).toMatchObject({ outcome: 'taken', day: '2026-11-13', minutes: 15 });

    // Exactly the taken rows were written, each with its study log row.
    expect(await onlineCount()).toBe(before.online + 5);
    expect(await logCount()).toBe(before.logs + 5);
    const imported = await t.db.selectFrom('online_learning').selectAll().where('source', '=', 'import').execute();
    expect(imported.every((x) => x.import_key && x.created_by !== null)).toBe(true);
    expect(imported.filter((x) => x.member_id === liuOffice.id)).toHaveLength(0);
    expect(await t.db.selectFrom('online_learning').select('id').where('member_id', '=', world.members.mB.id).execute()).toHaveLength(0);

    // The member cannot edit what the clerk imported.
    const mine = imported.find((x) => x.member_id === world.members.mZhang.id && x.day === '2026-11-13')!;
    const edit = await zhang.put(`/api/learning/online/${mine.id}`, { day: '2026-11-13', platform: '其他', minutes: 500 });
    expect(edit.statusCode).toBe(403);

    // The same list again adds nothing.
    const again = (await importFile(clerkA, file, '学习强国积分.xlsx')).json();
    expect(again).toMatchObject({ total: 14, taken: 0, duplicate: 5, refused: 9 });
    expect(await onlineCount()).toBe(before.online + 5);
    expect(await logCount()).toBe(before.logs + 5);
  });

  it('reads a GBK CSV (as Excel saves it on Chinese Windows), with the platform chosen on the page', async () => {
    const text = '姓名,日期,积分\r\n张三,2026-11-15,42\r\n"李四",2026-11-15,"38"\r\n';
    const gbk = iconv.encode(text, 'gbk');
    expect(gbk.equals(Buffer.from(text, 'utf8'))).toBe(false);
    const noPlatform = await importFile(clerkA, gbk, '积分.csv');
    expect(noPlatform.statusCode).toBe(400);
    expect(noPlatform.json().message).toMatch(/平台/);

    const res = await importFile(clerkA, gbk, '积分.csv', `?platform=${encodeURIComponent('学习强国')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'csv', encoding: 'GBK', total: 2, taken: 2, refused: 0 });
    expect(res.json().rows.map((x: { memberName: string }) => x.memberName)).toEqual(['张三', '李四']);
    const li = await t.db.selectFrom('online_learning').selectAll().where('member_id', '=', world.members.mLi.id).where('day', '=', '2026-11-15').executeTakeFirstOrThrow();
    expect(li).toMatchObject({ platform: '学习强国', points: 38, source: 'import' });

    // The same list saved as UTF-8 with a BOM is the same list.
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const again = (await importFile(clerkA, utf8, '积分.csv', `?platform=${encodeURIComponent('学习强国')}`)).json();
    expect(again).toMatchObject({ encoding: 'UTF-8', taken: 0, duplicate: 2 });
  });

  it('keeps each clerk to their own towns, and members out', async () => {
    const file = await xlsx([
      ['姓名', '日期', '平台', '时长(分钟)'],
      ['张三', '2026-11-16', '学习强国', 30],
      ['钱多', '2026-11-16', '学习强国', 30],
    ]);
    const r = (await importFile(clerkB, file, 'b.xlsx')).json();
    expect(r.rows[0]).toMatchObject({ outcome: 'refused' });
    expect(r.rows[0].reason).toMatch(/张三.*甲镇|不在您的管理范围内/);
    expect(r.rows[1]).toMatchObject({ outcome: 'taken', memberName: '钱多' });
    expect(await t.db.selectFrom('online_learning').select('id').where('member_id', '=', world.members.mZhang.id).where('day', '=', '2026-11-16').execute()).toHaveLength(0);

    expect((await importFile(zhang, file, 'b.xlsx')).statusCode).toBe(403);
    expect((await zhang.get('/api/learning/import-template')).statusCode).toBe(403);
  });

  it('refuses a file without the needed columns, and gives a template that imports as is', async () => {
    const noHeader = await importFile(clerkA, await xlsx([['a', 'b'], ['1', '2']]), 'x.xlsx');
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().message).toMatch(/表头/);
    const noMeasure = await importFile(clerkA, await xlsx([['姓名', '日期', '平台']]), 'x.xlsx');
    expect(noMeasure.json().message).toMatch(/时长.*学时.*积分/);

    const tpl = await clerkA.get('/api/learning/import-template');
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '姓名', '手机号', '日期', '平台', '内容', '时长(分钟)', '学时', '积分']);
    // Its sample rows name people of the template, not of this town: refused as unknown, except 张三 and 李四.
    const r = (await importFile(clerkA, tpl.rawPayload, 'tpl.xlsx', '?dryRun=true')).json();
    expect(r.total).toBe(3);
    expect(r.rows.find((x: { name: string }) => x.name === '王五').reason).toMatch(/查无此人/);
  });
});
