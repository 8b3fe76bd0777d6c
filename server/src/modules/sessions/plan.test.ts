import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeBook } from '../../demo/factories';
import { clock } from '../../platform/time';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let zhang: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  [clerkA, clerkB, leader, zhang] = await Promise.all(['clerka', 'clerkb', 'leader', 'zhangsan'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());

const months = [
  { month: 1, theme: '深入学习贯彻习近平新时代中国特色社会主义思想', content: '学习《学习纲要》第一至三章' },
  { month: 3, theme: '党纪学习教育', content: '逐章学习《中国共产党纪律处分条例》' },
  { month: 7, theme: '深入学习党的二十届三中全会精神', content: '学习全会《决定》' },
];

describe('annual study plan', () => {
  it('is saved per unit and year, holds required books and sessions, and exports as xlsx and docx', async () => {
    const res = await clerkA.put('/api/study-plans', { unitId: world.townA.id, year: 2026, months });
    expect(res.statusCode, res.body).toBe(200);
    const planId = res.json().id;
    const b1 = await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要（2023年版）', category: '思想理论', authors: ['中共中央宣传部'] });
    const b2 = await makeBook(t.db, { title: '中国共产党简史', category: '历史' });
    expect((await clerkA.post(`/api/study-plans/${planId}/books`, { bookId: b1.id, month: 1 })).statusCode).toBe(200);
    expect((await clerkA.post(`/api/study-plans/${planId}/books`, { bookId: b2.id, month: null })).statusCode).toBe(200);
    const dup = await clerkA.post(`/api/study-plans/${planId}/books`, { bookId: b1.id, month: 2 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toContain('已在必学书目中');
    expect((await clerkA.post(`/api/study-plans/${planId}/books`, { bookId: 999999 })).statusCode).toBe(404);

    // A session of that year joins the plan.
    const s = await clerkA.post('/api/sessions', { unitId: world.townA.id, topic: '党纪学习教育专题研讨', place: '三楼会议室', host: '孙书记', date: '2026-03-18', start: '14:30', end: '16:30', unitIds: [world.townA.id] });
    expect(s.statusCode).toBe(200);

    const plan = (await clerkA.get(`/api/study-plans?unitId=${world.townA.id}&year=2026`)).json();
    expect(plan.title).toBe('甲镇2026年度学习计划安排表');
    expect(plan.months).toHaveLength(12);
    expect(plan.months[2]).toMatchObject({ month: 3, theme: '党纪学习教育' });
    expect(plan.months[1]).toMatchObject({ month: 2, theme: '' });
    expect(plan.books.map((b: { title: string }) => b.title)).toEqual(['习近平新时代中国特色社会主义思想学习纲要（2023年版）', '中国共产党简史']);
    expect(plan.sessions).toHaveLength(1);
    expect(plan.sessions[0]).toMatchObject({ month: 3, topic: '党纪学习教育专题研讨', when: '3月18日 14:30—16:30' });

    // Leaders read it; 乙镇's clerk neither reads nor writes it; members do not edit.
    expect((await leader.get(`/api/study-plans?unitId=${world.townA.id}&year=2026`)).statusCode).toBe(200);
    expect((await clerkB.get(`/api/study-plans?unitId=${world.townA.id}&year=2026`)).statusCode).toBe(403);
    expect((await clerkB.put('/api/study-plans', { unitId: world.townA.id, year: 2026, months })).statusCode).toBe(403);
    expect((await clerkB.post(`/api/study-plans/${planId}/books`, { bookId: b2.id })).statusCode).toBe(403);
    expect((await clerkB.get(`/api/study-plans/${planId}/export.xlsx`)).statusCode).toBe(403);
    expect((await zhang.put('/api/study-plans', { unitId: world.officeA.id, year: 2026, months })).statusCode).toBe(403);

    // Stale version.
    expect((await clerkA.put('/api/study-plans', { unitId: world.townA.id, year: 2026, months, version: plan.version + 5 })).statusCode).toBe(409);

    const xlsx = await clerkA.get(`/api/study-plans/${planId}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('甲镇2026年度学习计划安排表');
    expect(ws.getRow(2).values).toEqual([undefined, '月份', '学习主题', '学习内容', '必学书目', '集中学习安排']);
    expect(ws.getRow(3).getCell(2).value).toBe('深入学习贯彻习近平新时代中国特色社会主义思想');
    expect(ws.getRow(3).getCell(4).value).toBe('《习近平新时代中国特色社会主义思想学习纲要（2023年版）》');
    expect(String(ws.getRow(5).getCell(5).value)).toContain('党纪学习教育专题研讨');
    expect(wb.worksheets[1].getRow(4).getCell(2).value).toBe('中国共产党简史');

    const docx = await clerkA.get(`/api/study-plans/${planId}/export.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    for (const text of ['甲镇2026年度学习计划安排表', '学习主题', '党纪学习教育', '《中国共产党简史》', '党纪学习教育专题研讨', '方正小标宋简体', '仿宋_GB2312']) expect(xml).toContain(text);
  });

  it('shows who has read each required book in the unit subtree', async () => {
    const plan = (await clerkA.get(`/api/study-plans?unitId=${world.townA.id}&year=2026`)).json();
    const book = plan.books.find((b: { month: number | null }) => b.month === 1);
    const now = new Date().toISOString();
    const item = (memberId: number, status: string) => ({ member_id: memberId, month: '2026-01', book_id: book.bookId, own_title: null, own_author: null, target_on: '2026-01-31', status, finished_on: status === 'finished' ? '2026-01-20' : null, created_at: now, updated_at: now });
    await t.db
      .insertInto('reading_plan_items')
      .values([item(world.members.mZhang.id, 'finished'), item(world.members.mLi.id, 'reading'), item(world.members.mB.id, 'finished')])
      .execute();
    const r = (await clerkA.get(`/api/study-plans/${plan.id}/readers`)).json();
    const b = r.books.find((x: { bookId: number }) => x.bookId === book.bookId);
    // 甲镇: 张三, 李四, 王芳, 孙书记 — 张三 finished; 李四 still reading; 钱多 (乙镇) finished but is not counted.
    expect(b).toMatchObject({ readCount: 1, total: 4 });
    expect(b.read.map((p: { name: string }) => p.name)).toEqual(['张三']);
    expect(b.notRead.map((p: { name: string }) => p.name).sort()).toEqual(['孙书记', '李四', '王芳'].sort());
    expect((await clerkB.get(`/api/study-plans/${plan.id}/readers`)).statusCode).toBe(403);

    // The same at a glance in Excel: a summary per book, and everyone × book with the date finished.
    const x = await clerkA.get(`/api/study-plans/${plan.id}/readers.xlsx`);
    expect(x.statusCode).toBe(200);
    expect(decodeURIComponent(String(x.headers['content-disposition']))).toContain('甲镇2026年必学书目阅读情况.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const values = (ws: ExcelJS.Worksheet) => {
      const out: string[][] = [];
      ws.eachRow((r, n) => {
        if (n > 2) out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
      });
      return out;
    };
    const summary = values(wb.getWorksheet('汇总')!);
    expect(summary.find((r) => r[1] === `《${book.title}》`)?.slice(2)).toEqual(['一月', '1', '3', '25%']);
    const names = wb.getWorksheet('名单')!;
    const header = (names.getRow(2).values as unknown[]).slice(1).map(String);
    const col = header.indexOf(`《${book.title}》`);
    expect(col).toBeGreaterThan(2);
    const people = values(names);
    expect(people.map((r) => r[1]).sort()).toEqual(['孙书记', '张三', '李四', '王芳'].sort());
    expect(people.find((r) => r[1] === '张三')?.[col]).toBe('2026-01-20');
    expect(people.find((r) => r[1] === '李四')?.[col]).toBe('');
    expect((await clerkB.get(`/api/study-plans/${plan.id}/readers.xlsx`)).statusCode).toBe(403);
  });

  it("members see their unit's plan month by month: themes, required books with whether they have read each, and upcoming sessions", async () => {
    clock.now = () => new Date('2026-03-01T02:00:00Z');
    try {
      const mine = await zhang.get('/api/study-plans/mine?year=2026');
      expect(mine.statusCode, mine.body).toBe(200);
      const v = mine.json();
      // 张三 sits in 党政办 of 甲镇; 甲镇's plan applies.
      expect(v.unit).toMatchObject({ id: world.townA.id, name: '甲镇' });
      expect(v.plan).toMatchObject({ title: '甲镇2026年度学习计划安排表', booksRead: 1, booksTotal: 2 });
      expect(v.plan.months).toHaveLength(12);
      expect(v.plan.months[0]).toMatchObject({ month: 1, theme: '深入学习贯彻习近平新时代中国特色社会主义思想' });
      expect(v.plan.months[0].books).toEqual([expect.objectContaining({ title: '习近平新时代中国特色社会主义思想学习纲要（2023年版）', status: 'finished', finishedOn: '2026-01-20' })]);
      expect(v.plan.yearBooks).toEqual([expect.objectContaining({ title: '中国共产党简史', month: null, status: 'none' })]);
      expect(v.plan.months[2].sessions).toEqual([expect.objectContaining({ topic: '党纪学习教育专题研讨', when: '3月18日 14:30—16:30', upcoming: true, attending: true })]);
      expect(v.plan.nextSession).toMatchObject({ topic: '党纪学习教育专题研讨' });

      // 李四 has the January book in a monthly plan but has not finished it.
      const li = await signedIn(t.app, 'lisi', PASSWORD);
      expect((await li.get('/api/study-plans/mine?year=2026')).json().plan.months[0].books[0]).toMatchObject({ status: 'reading', plannedMonth: '2026-01', finishedOn: null });

      // 乙镇 has no plan for 2026; an account that is no cadre has none of its own.
      expect((await clerkB.get('/api/study-plans/mine?year=2026')).json()).toEqual({ year: 2026, unit: null, plan: null });
      const admin = await signedIn(t.app, 'admin', PASSWORD);
      expect((await admin.get('/api/study-plans/mine?year=2026')).statusCode).toBe(403);

      // When 党政办 keeps a plan of its own, that is the one 张三 sees; 李四 in 东风村 still sees 甲镇's.
      expect((await clerkA.put('/api/study-plans', { unitId: world.officeA.id, year: 2026, months: [{ month: 3, theme: '党政办专题：公文写作', content: '' }] })).statusCode).toBe(200);
      expect((await zhang.get('/api/study-plans/mine?year=2026')).json()).toMatchObject({ unit: { id: world.officeA.id, name: '党政办' }, plan: { booksTotal: 0 } });
      expect((await li.get('/api/study-plans/mine?year=2026')).json().unit.name).toBe('甲镇');
    } finally {
      clock.now = () => new Date();
    }
  });
});
