// Issue 12, defect 1: a small hostile .xlsx froze the server (85 s for 8.7 KB). Every .xlsx
// import now reads through a worker with caps; while hostile files are refused, /api/health
// keeps answering within 100 ms (a probe measures it through the app, as a load balancer would,
// counted above what the probe costs just before with nothing running: see healthWhile).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../test/helper';
import { cell, healthWhileBestOf3, longSheet, wideSheet, workbook, zipBomb } from '../../test/hostile';
import { makeWorld } from '../../test/world';
import { parseXlsx } from './xlsx-read';
import { buildXlsx } from './xlsx';

let t: TestApp;
let clerk: Client;

beforeAll(async () => {
  t = await createTestApp();
  await makeWorld(t.db);
  clerk = await signedIn(t.app, 'clerka');
});
afterAll(() => t.close());

export const UPLOAD_ROUTES = ['/api/members/import', '/api/library/import', '/api/learning/import', '/api/study/calendar-days/import'];

async function upload(c: Client, url: string, file: Buffer) {
  const m = multipart('file', 'hostile.xlsx', file);
  return c.request('POST', url, m.body, { 'content-type': m.contentType });
}

/** The refusal a user sees: a 400 with a Chinese message, or the roster's row report with one. */
function refusalMessage(res: Awaited<ReturnType<typeof upload>>): string {
  const body = res.json();
  if (res.statusCode === 200 && body.ok === false) return body.errors[0].problems[0];
  expect(res.statusCode).toBe(400);
  return body.message;
}

describe('hostile workbooks on every .xlsx import', () => {
  const cases: [string, () => Buffer, RegExp][] = [
    ['the audit’s wide sheet (A1 and XFD1, then 200 rows)', () => wideSheet(200), /列的上限/],
    ['a zip bomb declaring 1 GiB', () => zipBomb(1024, true), /压缩炸弹/],
    ['a zip bomb lying about its size (200 MiB claimed as 2 kB)', () => zipBomb(200, false), /压缩炸弹/],
    ['a 100,000-row sheet', () => longSheet(100_000), /行的上限/],
    ['a truncated workbook', () => wideSheet(5).subarray(0, 700), /不是有效的 Excel/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name} with a Chinese message while /api/health stays under 100 ms`, async () => {
      const file = make();
      for (const url of UPLOAD_ROUTES) {
        let res!: Awaited<ReturnType<typeof upload>>;
        const { slowest, probes, limit, figures } = await healthWhileBestOf3(t.app, async () => {
          res = await upload(clerk, url, file);
        });
        expect(refusalMessage(res), url).toMatch(message);
        expect(probes).toBeGreaterThan(0);
        console.log(`[xlsx guard] ${name} → ${url}: ${res.statusCode}, /api/health slowest ${figures} ms over ${probes} probes`);
        expect(slowest, `${url}: /api/health took ${slowest.toFixed(1)} ms`).toBeLessThan(limit);
      }
    });
  }
});

describe('the reader itself', () => {
  it('reads only the cells that exist, and what exceljs wrote reads back the same', async () => {
    const buf = await buildXlsx([{ name: '名册', columns: [{ header: '姓名', key: 'a' }, { header: '日期', key: 'b' }, { header: '数', key: 'c' }], rows: [{ a: ' 张三 ', b: new Date('2026-10-01T00:00:00Z'), c: 3 }, { a: '=1+1', b: null, c: 1.5 }] }]);
    const rows = parseXlsx(buf);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['姓名', '日期', '数'] },
      { rowNumber: 2, cells: ['张三', '2026-10-01', '3'] },
      { rowNumber: 3, cells: ["'=1+1", '', '1.5'] },
    ]);
  });

  it('keeps row numbers as Excel shows them and skips empty rows', () => {
    const rows = parseXlsx(workbook(`<row r="1">${cell('A1', '甲')}</row><row r="4">${cell('C4', '丙')}</row><row r="5"><c r="A5" s="1"/></row>`));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['甲'] },
      { rowNumber: 4, cells: ['', '', '丙'] },
    ]);
  });
});
