// The holiday calendar and the circulation rules, scoped per town with the district's as the default
// (issue 12 item 7), as the clerks see them in the console. The demo district holds one town, whose
// clerk is then the district's too; the set-up adds a second town (Y镇) with its clerk from the demo's own
// factories, so the demo clerk (X镇) becomes a town clerk like any other. The district clerk is the demo's.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/src/db';
import { makeMember, makeUnit, makeUser } from '../server/src/demo/factories';
import { DEMO_PASSWORD, DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
let townY: number;
let townX: number;
let districtId: number;

beforeAll(async () => {
  const first = await startServer();
  // The demo is seeded on the first start; the second town and the clerks go in while the server is down
  // (the server keeps the towns in memory for a minute), then it starts again on the same data.
  await first.kill();
  const h = openDatabase({ sqliteFile: path.join(first.dataDir, 'shuxiang.db') });
  try {
    const district = await h.db.selectFrom('units').select('id').where('kind', '=', 'district').executeTakeFirstOrThrow();
    districtId = district.id;
    townX = (await h.db.selectFrom('units').select('id').where('name', '=', 'X镇').executeTakeFirstOrThrow()).id;
    const y = await makeUnit(h.db, { name: 'Y镇', kind: 'town', parentId: district.id, sortOrder: 2 });
    townY = y.id;
    const office = await makeUnit(h.db, { name: 'Y镇党建工作办公室', kind: 'office', parentId: y.id, sortOrder: 1 });
    const yClerk = await makeMember(h.db, { name: '孙丽萍', unitId: office.id, position: '党建办主任', category: 'party' });
    await makeUser(h.db, { username: 'yclerk', password: DEMO_PASSWORD, displayName: '孙丽萍', memberId: yClerk.id, roles: [{ role: 'member', unitId: office.id }, { role: 'clerk', unitId: y.id }] });
  } finally {
    await h.destroy();
  }
  server = await startServer({}, { port: first.port, dataDir: first.dataDir });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const csrf = async (ctx: BrowserContext) => ({ 'x-csrf-token': (await ctx.cookies()).find((c) => c.name === 'sx_csrf')?.value ?? '' });

async function clerkPage(viewport: { width: number; height: number }, username: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await newContext(browser, viewport, server.url);
  const page = await ctx.newPage();
  await signIn(page, username);
  await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
  return { ctx, page };
}

/** The table's row of a day (its first cell starts with the date). */
const row = (page: Page, day: string) => page.getByTestId('calendar-table').locator('tbody tr.ant-table-row', { hasText: day });

/** The form beside the table, as a clerk fills it: the date typed into the picker, the kind chosen, a name. */
async function enterDay(page: Page, day: string, name: string, kind: 'holiday' | 'workday') {
  const picker = page.getByTestId('calendar-day');
  const input = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  if (kind === 'workday') {
    await page.getByTestId('calendar-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '上班（调休）' }).click();
  }
  await page.getByTestId('calendar-name').fill(name);
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/study/calendar-days/${day}` && r.request().method() === 'PUT');
  await page.getByTestId('calendar-save').click();
  expect((await saved).status()).toBe(200);
}

/** Before a screenshot of an open dialog: its opening animation has finished (the picture is the dialog, not a blur). */
async function dialogSettled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && ((a.effect as KeyframeEffect | null)?.target as Element | null)?.closest('.ant-modal, .ant-modal-mask')).length))
    .toBe(0);
}

async function noSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe('节假日安排 per town', () => {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`a town clerk sees the district's days as inherited, overrides one for the town, and cannot edit the district's or another town's (${size})`, async () => {
      const { ctx, page } = await clerkPage(viewport, 'clerk');
      await page.goto('/console/study/calendar');
      // The demo district entered next year's fixed holidays: the town's calendar shows them as the district's.
      const year = Number(await page.getByTestId('calendar-year').inputValue());
      const oct2 = `${year}-10-02`;
      const oct3 = `${year}-10-03`;
      await expect.poll(() => page.getByTestId('calendar-scope').textContent()).toContain('“X镇”');
      await expect.poll(() => row(page, oct3).textContent()).toContain('继承自全区');
      expect(await row(page, oct3).getByRole('button', { name: '删除' }).count()).toBe(0);
      expect(await page.getByTestId('calendar-inherited').count()).toBeGreaterThanOrEqual(6);
      await noSidewaysScroll(page, viewport.width);
      // The form and the table side by side on a desktop, one above the other on a phone: never one over the
      // other (on a phone the form covered the table), and the table is read without a sideways scroll.
      const form = (await page.getByTestId('calendar-form').boundingBox())!;
      const table = (await page.getByTestId('calendar-table').boundingBox())!;
      const apart = form.x + form.width <= table.x || table.x + table.width <= form.x || form.y + form.height <= table.y || table.y + table.height <= form.y;
      expect(apart, JSON.stringify({ form, table })).toBe(true);
      const scroller = await page.getByTestId('calendar-table').evaluate((el) => {
        const s = el.querySelector('.ant-table-content, .ant-table-body') as HTMLElement;
        return { scroll: s.scrollWidth, client: s.clientWidth };
      });
      expect(scroller.scroll).toBeLessThanOrEqual(scroller.client);
      for (const th of await page.getByTestId('calendar-table').locator('th').all()) {
        const box = (await th.boundingBox())!;
        expect(box.x + box.width, (await th.textContent()) ?? '').toBeLessThanOrEqual(viewport.width);
      }
      await shot(page, `e2e-${size}-calendar-town-inherited`);

      // X镇 works on 10-03 (flood duty, a phone run) or 10-02 (desktop run): entered as the town's own day.
      const day = size === 'phone' ? oct3 : oct2;
      await enterDay(page, day, '防汛值班', 'workday');
      await expect.poll(() => row(page, day).textContent()).toContain('X镇录入');
      expect(await row(page, day).textContent()).toContain('防汛值班');
      expect(await row(page, day).textContent()).toContain('上班');
      // The town's own day has its 删除; the district's around it keep theirs, labelled, with none.
      expect(await row(page, day).getByRole('button', { name: '删除' }).count()).toBe(1);
      expect(await row(page, `${year}-10-01`).textContent()).toContain('继承自全区');
      await shot(page, `e2e-${size}-calendar-town-override`);

      // The district's calendar and Y镇's are not X镇's clerk's to change: the server refuses in Chinese,
      // and the district's own day is unchanged.
      const h = await csrf(ctx);
      const toDistrict = await ctx.request.put(`${server.url}/api/study/calendar-days/${oct3}`, { headers: h, data: { kind: 'workday', name: '改全区的', unitId: districtId } });
      expect(toDistrict.status()).toBe(403);
      expect((await toDistrict.json()).message).toMatch(/区级党建办|管理范围/);
      const toY = await ctx.request.put(`${server.url}/api/study/calendar-days/${oct3}`, { headers: h, data: { kind: 'workday', name: '改Y镇的', unitId: townY } });
      expect(toY.status()).toBe(403);
      expect((await toY.json()).message).toContain('Y镇');
      const del = await ctx.request.delete(`${server.url}/api/study/calendar-days/${year}-10-01`, { headers: h });
      expect(del.status()).toBe(404);
      // Y镇 still inherits the district's holiday on that day.
      const yDays = await ctx.request.get(`${server.url}/api/study/calendar-days?year=${year}&unitId=${townY}`);
      const yDay = ((await yDays.json()) as { days: { day: string; kind: string; inherited: boolean; editable: boolean }[] }).days.find((d) => d.day === day);
      expect(yDay).toMatchObject({ kind: 'holiday', inherited: true, editable: false });

      // Back to the district's: X镇's clerk removes the town's own day, and the district's shows again.
      await row(page, day).getByRole('button', { name: '删除' }).click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await expect.poll(() => row(page, day).textContent()).toContain('继承自全区');
      await ctx.close();
    });
  }

  it('a district clerk edits the district default, a town inherits it, and the town page offers no edit to another town', async () => {
    const { ctx, page } = await clerkPage(DESKTOP, 'district');
    await page.goto('/console/study/calendar');
    const year = Number(await page.getByTestId('calendar-year').inputValue());
    await expect.poll(() => page.getByTestId('calendar-scope').textContent()).toContain('全区');
    // The picker names the calendar shown (it named the first unit of the tree while showing the district's).
    expect(await page.getByTestId('calendar-unit').textContent()).toBe('全区');
    // The district's own days: entered here, with 删除.
    await expect.poll(() => row(page, `${year}-10-01`).textContent()).toContain('全区录入');
    expect(await row(page, `${year}-10-01`).getByRole('button', { name: '删除' }).count()).toBe(1);
    const day = `${year}-04-05`;
    await enterDay(page, day, '清明节', 'holiday');
    await expect.poll(() => row(page, day).textContent()).toContain('全区录入');
    await shot(page, 'e2e-desktop-calendar-district');
    await ctx.close();

    // Both towns inherit it: X镇's clerk sees it labelled as the district's, with nothing to edit on it.
    const x = await clerkPage(DESKTOP, 'clerk');
    await x.page.goto('/console/study/calendar');
    await expect.poll(() => row(x.page, day).textContent()).toContain('继承自全区');
    expect(await row(x.page, day).textContent()).toContain('清明节');
    expect(await row(x.page, day).getByRole('button', { name: '删除' }).count()).toBe(0);
    // X镇's clerk picks only among X镇's units: Y镇 is not offered.
    const units = (await (await x.ctx.request.get(`${server.url}/api/units`)).json()) as { id: number }[];
    expect(units.map((u) => u.id)).toContain(townX);
    expect(units.map((u) => u.id)).not.toContain(townY);
    await x.ctx.close();

    const y = await clerkPage(DESKTOP, 'yclerk');
    await y.page.goto('/console/study/calendar');
    await expect.poll(() => y.page.getByTestId('calendar-scope').textContent()).toContain('“Y镇”');
    await expect.poll(() => row(y.page, day).textContent()).toContain('继承自全区');
    await y.ctx.close();
  });
});

interface Rule {
  id: number;
  unitName: string | null;
  bookCategory: string | null;
  memberCategory: string | null;
  loanDays: number | null;
  inherited: boolean;
}

async function setCell(page: Page, cell: string, loanDays: number) {
  await page.getByTestId(cell).click();
  const input = page.getByTestId('rule-loanDays');
  await input.fill(String(loanDays));
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/library/circulation-rules') && r.request().method() === 'PUT');
  await page.getByTestId('rule-save').click();
  expect((await saved).status()).toBe(200);
}

describe('借阅规则 per town', () => {
  it("the district clerk's rule is every town's default; a town clerk sees it as 全区规则, overrides it for the town, and cannot delete it", async () => {
    const cell = 'rule-思想理论-all';
    // The district clerk sets 思想理论 books to 60 days for everyone.
    const q = await clerkPage(DESKTOP, 'district');
    await q.page.goto('/console/library/rules');
    await setCell(q.page, cell, 60);
    await expect.poll(() => q.page.getByTestId(cell).textContent()).toContain('借期 60 天');
    expect(await q.page.getByTestId(`${cell}-inherited`).count()).toBe(0);
    await q.ctx.close();

    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { ctx, page } = await clerkPage(viewport, size === 'desktop' ? 'clerk' : 'yclerk');
      const town = size === 'desktop' ? 'X镇' : 'Y镇';
      await page.goto('/console/library/rules');
      await expect.poll(() => page.getByTestId(cell).textContent()).toContain('借期 60 天');
      expect(await page.getByTestId(`${cell}-inherited`).textContent()).toBe('全区规则');
      await noSidewaysScroll(page, viewport.width);
      await shot(page, `e2e-${size}-rules-inherited`);
      // Opened: the note says whose it is, and there is no 删除.
      await page.getByTestId(cell).click();
      await expect.poll(() => page.getByTestId('rule-inherited-note').textContent()).toContain('全区');
      expect(await page.getByRole('button', { name: '删除这条规则' }).count()).toBe(0);
      expect(await page.getByTestId('rule-loanDays').inputValue()).toBe('60');
      await dialogSettled(page);
      await shot(page, `e2e-${size}-rules-inherited-open`);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('rule-inherited-note').isVisible()).toBe(false);

      // Saved: the town's own rule, shown as its own, which it may delete.
      const days = size === 'desktop' ? 30 : 45;
      await setCell(page, cell, days);
      await expect.poll(() => page.getByTestId(cell).textContent()).toContain(`借期 ${days} 天`);
      expect(await page.getByTestId(`${cell}-inherited`).count()).toBe(0);
      await page.getByTestId(cell).click();
      await expect.poll(() => page.getByRole('button', { name: '删除这条规则' }).count()).toBe(1);
      expect(await page.getByTestId('rule-inherited-note').count()).toBe(0);
      await dialogSettled(page);
      await shot(page, `e2e-${size}-rules-own`);
      await page.keyboard.press('Escape');

      const rules = (await (await ctx.request.get(`${server.url}/api/library/circulation-rules`)).json()) as Rule[];
      const mine = rules.filter((r) => r.bookCategory === '思想理论' && r.memberCategory === null);
      // Its own and the district's, and never the other town's.
      expect(mine.map((r) => [r.unitName ?? '全区', r.loanDays, r.inherited])).toEqual([
        [town, days, false],
        ['全区', 60, true],
      ]);
      // The district's rule is not this clerk's to delete or change.
      const h = await csrf(ctx);
      const del = await ctx.request.delete(`${server.url}/api/library/circulation-rules/${mine[1]!.id}`, { headers: h });
      expect(del.status()).toBe(403);
      expect((await del.json()).message).toContain('区级党建办');
      const other = size === 'desktop' ? townY : townX;
      const put = await ctx.request.put(`${server.url}/api/library/circulation-rules`, {
        headers: h,
        data: { bookCategory: '思想理论', memberCategory: null, loanDays: 7, renewals: null, renewDays: null, maxLoans: null, unitId: other },
      });
      expect(put.status()).toBe(403);
      expect((await put.json()).message).toContain('不在您的管理范围内');
      await ctx.close();
    }

    // The district's rule is still 60 days, and each town keeps its own.
    const q2 = await clerkPage(DESKTOP, 'district');
    const all = (await (await q2.ctx.request.get(`${server.url}/api/library/circulation-rules`)).json()) as Rule[];
    expect(all.filter((r) => r.bookCategory === '思想理论' && r.memberCategory === null).map((r) => [r.unitName ?? '全区', r.loanDays])).toEqual([['全区', 60]]);
    await q2.ctx.close();
  });
});
