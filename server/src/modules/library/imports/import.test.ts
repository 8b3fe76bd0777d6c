import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeLocation } from '../../../demo/factories';
import { testdata } from '../../../../test/testdata';

const MARC = testdata('marc');

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerk: Client;
let room: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇阅览室' });
  clerk = await signedIn(t.app, 'clerka', PASSWORD);
});
afterAll(() => t.close());

async function upload(file: string, body?: Buffer) {
  const m = multipart('file', path.basename(file), body ?? fs.readFileSync(path.join(MARC, file)), 'application/octet-stream');
  const res = await clerk.request('POST', `/api/library/import?locationId=${room.id}`, m.body, { 'content-type': m.contentType });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('importing supplier records', () => {
  it('takes the Chinese records of a mixed MARC21/UNIMARC file with their titles intact, and nothing twice', async () => {
    const first = await upload('marc4j-pride-and-prejudice-fixed.mrc');
    expect(first).toMatchObject({ format: 'marc', total: 383, refused: 0 });
    expect(first.taken + first.merged + first.unchanged).toBe(383);
    const titles = (await t.db.selectFrom('books').select('title').execute()).map((b) => b.title);
    expect(titles).toContain('傲慢与偏见');
    expect(titles.some((x) => x.includes('傲慢與偏見'))).toBe(true);
    expect(titles.join('')).not.toMatch(/\uFFFD/);

    const books = (await t.db.selectFrom('books').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const copies = (await t.db.selectFrom('copies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const again = await upload('marc4j-pride-and-prejudice-fixed.mrc');
    expect(again).toMatchObject({ total: 383, taken: 0, merged: 0, unchanged: 383, copiesAdded: 0 });
    expect((await t.db.selectFrom('books').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(books);
    expect((await t.db.selectFrom('copies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(copies);
  });

  it('takes what is sound in a damaged file and refuses the rest with reasons, never garbled', async () => {
    const r = await upload('marc4j-pride-and-prejudice-with-many-errors.mrc');
    expect(r.total).toBe(383);
    expect(r.refused).toBe(44);
    for (const rec of r.records.filter((x: { outcome: string }) => x.outcome === 'refused')) expect(rec.reason).toMatch(/编码|MARC-8|乱码|转义/);
  });

  it('refuses MARC-8 EACC records instead of storing garbled Chinese, and takes the UTF-8 copy', async () => {
    const r = await upload('marc4j-chinese_mangled_multibyte.mrc');
    expect(r.total).toBe(4);
    expect(r.refused).toBe(2);
    const book = await t.db.selectFrom('books').selectAll().where('isbn13', '=', '9787884085620').executeTakeFirstOrThrow();
    expect(book.title).toContain('車輪滾滾');
    expect(r.records.filter((x: { outcome: string }) => x.outcome === 'refused').every((x: { reason: string }) => x.reason.includes('MARC-8'))).toBe(true);
  });

  it('reads MARCXML and a broken-record file without stopping', async () => {
    const xml = await upload('pymarc-batch.xml');
    expect(xml).toMatchObject({ format: 'marcxml', total: 2, refused: 0 });
    const bad = await upload('pymarc-bad_records.mrc');
    expect(bad.total).toBe(8);
    expect(bad.refused).toBe(2);
    expect(bad.records.find((x: { index: number }) => x.index === 6).reason).toContain('基地址');
  });

  it('imports an Excel list row by row: a book per ISBN, a copy per barcode, bad rows reported', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('图书与馆藏');
    ws.addRow(['题名*', '作者', '出版社', '出版年', 'ISBN', '中图法分类号', '类别', '标签', '条码', '书架', '来源', '捐赠人']);
    ws.addRow(['之江新语', '习近平', '浙江人民出版社', '2007', '978-7-213-03542-5', 'D630', '', '必学', 'XL-001', 'A1', '采购', '']);
    ws.addRow(['之江新语', '习近平', '浙江人民出版社', '2007', '9787213035425', 'D630', '', '必学', 'XL-002', 'A1', '捐赠', '镇党委']);
    ws.addRow(['坏书', '', '', '', '978-0-00-000000-1', '', '', '', 'XL-003', '', '', '']);
    ws.addRow(['', '无名', '', '', '', '', '', '', '', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload('books.xlsx', buf);
    expect(r).toMatchObject({ format: 'xlsx', total: 4, taken: 1, merged: 1, refused: 2, copiesAdded: 2 });
    expect(r.records.find((x: { index: number }) => x.index === 4).reason).toContain('ISBN 无效');
    expect(r.records.find((x: { index: number }) => x.index === 5).reason).toBe('缺少题名');
    const book = await t.db.selectFrom('books').selectAll().where('isbn13', '=', '9787213035425').executeTakeFirstOrThrow();
    expect(book).toMatchObject({ category: '思想理论', tags: '必学' });
    const donated = await t.db.selectFrom('copies').selectAll().where('barcode', '=', 'XL-002').executeTakeFirstOrThrow();
    expect(donated).toMatchObject({ source: 'donation', donor: '镇党委', shelf: 'A1', location_id: room.id });
    const again = await upload('books.xlsx', buf);
    expect(again).toMatchObject({ taken: 0, merged: 0, copiesAdded: 0 });
  });

  it('runs from the command line with a machine-readable summary', async () => {
    const r = await cli(['import', 'books', path.join(MARC, 'marcjs-bib.mrc'), '--location', '甲镇阅览室', '--json'], t.testDb.env);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.total).toBe(6);
    expect(j.taken).toHaveLength(6);
    expect(j.refused).toEqual([]);
    const again = JSON.parse((await cli(['import', 'books', path.join(MARC, 'marcjs-bib.mrc'), '--json'], t.testDb.env)).stdout);
    expect(again.taken).toEqual([]);
    expect(again.unchanged).toHaveLength(6);
  });

  it('is the clerk’s alone', async () => {
    const member = await signedIn(t.app, 'zhangsan', PASSWORD);
    const m = multipart('file', 'x.mrc', Buffer.from('00000'), 'application/octet-stream');
    expect((await member.request('POST', '/api/library/import', m.body, { 'content-type': m.contentType })).statusCode).toBe(403);
  });
});
