import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../../demo/factories';
import { currentYear } from '../../../platform/time';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  const roomA = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇阅览室' });
  const roomB = await makeLocation(t.db, { unitId: world.townB.id, name: '乙镇阅览室' });
  let n = 0;
  const add = async (title: string, category: string, clc: string, copies: number, room = roomA) => {
    const b = await makeBook(t.db, { title, category, clc });
    for (let i = 0; i < copies; i++) await makeCopy(t.db, { bookId: b.id, barcode: `R${n++}`, locationId: room.id });
    return b;
  };
  await add('习近平谈治国理政', '思想理论', 'D2-0', 6);
  await add('中国经济', '经济', 'F12', 4);
  await add('中国通史', '历史', 'K20', 4);
  await add('法律常识', '法律', 'D92', 4);
  await add('哲学史', '哲学', 'B2', 4);
  await add('科普读本', '科技', 'N49', 4);
  await add('公文写作', '业务', 'C931', 1);
  await add('乙镇的书', '文化', 'I24', 9, roomB);
  // A title that a spreadsheet would run as a formula: the exports must show it as text.
  await add('=HYPERLINK("http://x.example","点我")', '其他', 'Z89', 1);
});
afterAll(() => t.close());

describe('reading-room reports', () => {
  it('names the empty and thin categories within the clerk’s own town', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const member = await signedIn(t.app, 'zhangsan', PASSWORD);
    await member.post('/api/library/copies/R0/borrow');
    const r = (await clerk.get('/api/library/reports/coverage')).json();
    // 文化 has copies only in the other town: empty here. 业务 has 1 copy against a fair share of 27/8.
    expect(r.empty).toEqual(['文化']);
    expect(r.thin).toEqual(['业务']);
    const theory = r.byCategory.find((c: { key: string }) => c.key === '思想理论');
    expect(theory).toMatchObject({ titles: 1, copies: 6, loans: 1, state: 'ok' });
    expect(r.byClass.find((c: { key: string }) => c.key === 'D')).toMatchObject({ titles: 2, copies: 10 });

    const pop = (await clerk.get(`/api/library/reports/popularity?year=${currentYear()}`)).json();
    expect(pop.most[0]).toMatchObject({ title: '习近平谈治国理政', loans: 1 });
    expect(pop.never.map((b: { title: string }) => b.title)).not.toContain('习近平谈治国理政');
    expect(pop.never.map((b: { title: string }) => b.title)).not.toContain('乙镇的书');

    const loans = (await clerk.get('/api/library/reports/loans')).json();
    expect(loans.members[0]).toMatchObject({ name: '张三', total: 1 });

    const x = await clerk.get('/api/library/reports/coverage?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按方案类别', '按中图法大类']);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toContain('馆藏种类统计');
    expect((await member.get('/api/library/reports/coverage')).statusCode).toBe(403);
  });

  it('exports the rankings and the monthly loans as .xlsx, every cell text where a formula could start', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const book = async (path: string) => {
      const res = await clerk.get(path);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const pop = await book('/api/library/reports/popularity?format=xlsx');
    expect(pop.worksheets.map((w) => w.name)).toEqual(['借阅最多', '从未借阅']);
    const never = pop.getWorksheet('从未借阅')!;
    const titles: unknown[] = [];
    never.eachRow((row) => titles.push(row.getCell(1).value));
    expect(titles).toContain('\'=HYPERLINK("http://x.example","点我")');
    expect(never.getRow(2).getCell(4).value).toBe('册数');
    const loans = await book(`/api/library/reports/loans?format=xlsx&year=${currentYear()}`);
    expect(loans.worksheets.map((w) => w.name)).toEqual(['按单位', '按干部']);
    expect(loans.getWorksheet('按干部')!.getRow(2).getCell(15).value).toBe('合计');
  });
});
