import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, bundledDay } from '../server/src/platform/workcalendar';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

function db() {
  return new Database(path.join(server.dataDir, 'shuxiang.db'));
}
const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the study log on a phone, and the clerk view', () => {
  it('makes a monthly plan, runs the timer across a reload, and the clerk sees the compliance the data implies', async () => {
    const today = todayLocal();
    const month = today.slice(0, 7);
    // Known data for 张三 (account 'member') this month: on required days before today,
    // alternately 60 minutes (met) and 20 (not met); weekends and holidays are not required.
    const d = db();
    const me = d.prepare("SELECT member_id AS id FROM users WHERE username = 'member'").get() as { id: number };
    d.prepare('DELETE FROM study_logs WHERE member_id = ? AND day >= ?').run(me.id, `${month}-01`);
    d.prepare('DELETE FROM study_timers WHERE member_id = ?').run(me.id);
    const ins = d.prepare("INSERT INTO study_logs (member_id, day, kind, minutes, progress, note, source, created_at) VALUES (?, ?, 'reading', ?, '', '', 'manual', ?)");
    let required = 0;
    let met = 0;
    for (let day = `${month}-01`; day < today; day = addDays(day, 1)) {
      if (bundledDay(day).kind !== 'workday') continue;
      const minutes = required % 2 === 0 ? 60 : 20;
      ins.run(me.id, day, minutes, new Date().toISOString());
      required++;
      if (minutes >= 60) met++;
    }
    d.close();

    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => page.getByTestId('study-card').isVisible()).toBe(true);
    await shot(page, 'e2e-phone-home-study');

    // The monthly plan: add a book of my own, then finish it in one tap.
    await page.getByTestId('study-plan-summary').tap();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/study/plan');
    await page.getByTestId('plan-add').tap();
    await page.getByText('自己的书').tap();
    await page.getByTestId('plan-own-title').fill('县域治理现代化读本');
    await page.getByTestId('plan-add-submit').tap();
    await expect.poll(async () => (await page.getByTestId('plan-item-title').allTextContents()).join('|')).toContain('县域治理现代化读本');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-plan');
    const item = page.getByTestId('plan-item').filter({ hasText: '县域治理现代化读本' });
    await item.getByTestId('plan-item-finish').tap();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reflections/new');
    expect(new URL(page.url()).searchParams.get('planItem')).toMatch(/^\d+$/);
    const d2 = db();
    const row = d2.prepare("SELECT status, finished_on FROM reading_plan_items WHERE member_id = ? AND own_title = '县域治理现代化读本'").get(me.id) as { status: string; finished_on: string };
    d2.close();
    expect(row).toEqual({ status: 'finished', finished_on: today });

    // The timer: start, close the page (reload), still running; stop logs the minutes.
    await page.goto('/study');
    await page.getByTestId('timer-start').tap();
    await expect.poll(() => page.getByTestId('timer-running').isVisible()).toBe(true);
    // 25 minutes pass with the page closed.
    // Run in the first 25 minutes of a Shanghai day, the timer began yesterday: the stop splits it at
    // midnight and today's ring shows only today's part (study/log.ts splitByDay), so that is expected.
    const startedAt = Date.now() - 25 * 60_000;
    const midnight = Date.parse(`${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
    const d3 = db();
    d3.prepare('UPDATE study_timers SET started_at = ? WHERE member_id = ?').run(new Date(startedAt).toISOString(), me.id);
    d3.close();
    await page.reload();
    await expect.poll(() => page.getByTestId('timer-running').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('timer-clock').textContent()).toMatch(/^00:2[56]:\d\d$/);
    await shot(page, 'e2e-phone-study-timer');
    const beforeStop = Date.now();
    await page.getByTestId('timer-stop').tap();
    await expect.poll(() => page.getByTestId('timer-start').isVisible()).toBe(true);
    if (startedAt >= midnight) {
      await expect.poll(() => page.getByTestId('ring-minutes').textContent()).toBe('25');
      await expect.poll(async () => (await page.getByTestId('log-minutes').first().textContent())?.trim()).toBe('25 分');
    } else {
      const todays = [Math.round((beforeStop - midnight) / 60_000), Math.round((Date.now() - midnight) / 60_000)];
      await expect.poll(async () => Number(await page.getByTestId('ring-minutes').textContent())).toBeGreaterThanOrEqual(todays[0]);
      expect(Number(await page.getByTestId('ring-minutes').textContent())).toBeLessThanOrEqual(Math.round((Date.now() - midnight) / 60_000));
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-study');
    await ctx.close();

    // The clerk's unit view: today's 25 minutes are short of 60, so only the closed required days count.
    const desk = await newContext(browser, DESKTOP, server.url);
    const cp = await desk.newPage();
    await signIn(cp, 'clerk');
    await expect.poll(() => new URL(cp.url()).pathname).not.toBe('/login');
    await cp.goto('/console/study');
    await cp.getByTestId('name-filter').locator('input').fill('张三');
    const zrow = cp.getByTestId('unit-table').locator('tbody tr').filter({ hasText: '张三' }).first();
    await expect.poll(() => zrow.textContent()).toContain(`${met} / ${required}`);
    const pct = required ? `${Math.round((met / required) * 1000) / 10}%` : '—';
    expect(await zrow.textContent()).toContain(pct);
    await cp.getByTestId('name-filter').locator('input').fill('');
    await shot(cp, 'e2e-desktop-study-unit');
    await desk.close();
  });

  it("the member sees the unit's annual plan with the required books read, picks a required book first, and plans next month ahead", async () => {
    const year = Number(todayLocal().slice(0, 4));
    const d = db();
    const me = d.prepare("SELECT member_id AS id FROM users WHERE username = 'member'").get() as { id: number };
    // What the page must show: the required books 张三 has finished (a finished item of a monthly plan).
    const readTitles = (
      d
        .prepare(
          `SELECT DISTINCT b.title FROM required_books r JOIN study_plans p ON p.id = r.plan_id JOIN books b ON b.id = r.book_id
           JOIN reading_plan_items i ON i.book_id = r.book_id AND i.member_id = ? AND i.status = 'finished' WHERE p.year = ?`,
        )
        .all(me.id, year) as { title: string }[]
    ).map((r) => r.title);
    const total = (d.prepare('SELECT COUNT(*) AS n FROM required_books r JOIN study_plans p ON p.id = r.plan_id WHERE p.year = ?').get(year) as { n: number }).n;
    d.close();

    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.goto('/study');
    await page.getByTestId('more-study-year-plan').tap();
    await expect.poll(() => page.getByTestId('year-plan-title').textContent()).toBe(`X镇${year}年度学习计划安排表`);
    expect(await page.getByTestId('year-plan-progress').textContent()).toBe(`必学书目 ${total} 本，已读完 ${readTitles.length} 本`);
    // This month is open; the twelve months are there.
    expect(await page.getByTestId('year-plan-month').count()).toBe(12);
    expect(await page.getByTestId('year-plan-month-body').count()).toBe(1);
    // Open every month in turn: each required book says whether 张三 has read it.
    const seen = new Map<string, string>();
    for (let i = 0; i < 12; i++) {
      const month = page.getByTestId('year-plan-month').nth(i);
      if ((await month.getByTestId('year-plan-month-body').count()) === 0) await month.locator('button').first().tap();
      for (const row of await month.getByTestId('year-plan-book').all()) seen.set((await row.locator('div').first().textContent())!.replace(/^《|》.*$/g, ''), (await row.getByTestId('year-plan-book-status').textContent())!);
    }
    expect(seen.size).toBe(total);
    for (const [title, status] of seen) expect(status.endsWith('读完'), `${title}: ${status}`).toBe(readTitles.includes(title));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-year-plan');

    // The monthly plan's picker offers the required books first, marked 必学.
    await page.getByTestId('to-month-plan').tap();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/study/plan');
    await page.getByTestId('plan-add').tap();
    await page.getByTestId('plan-book-search').locator('input').tap();
    await expect.poll(() => page.getByTestId('book-option').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('book-option').first().getByTestId('book-option-required').textContent()).toBe('必学');
    await shot(page, 'e2e-phone-plan-required');

    // Next month, planned ahead.
    await page.getByTestId('plan-month-switch').getByText('下月').tap();
    const next = new Date(Date.UTC(year, Number(todayLocal().slice(5, 7)), 1));
    await expect.poll(() => page.getByTestId('plan-heading').textContent()).toBe(`${next.getUTCFullYear()}年${next.getUTCMonth() + 1}月阅读计划`);
    await page.getByTestId('plan-add').first().tap();
    await page.getByText('自己的书').tap();
    await page.getByTestId('plan-own-title').fill('提前计划的一本书');
    await page.getByTestId('plan-add-submit').tap();
    await expect.poll(async () => (await page.getByTestId('plan-item-title').allTextContents()).join('|')).toContain('提前计划的一本书');
    const d2 = db();
    const row = d2.prepare("SELECT month FROM reading_plan_items WHERE member_id = ? AND own_title = '提前计划的一本书'").get(me.id) as { month: string };
    d2.close();
    expect(row.month).toBe(next.toISOString().slice(0, 7));

    // A past month: shown, read-only.
    await page.getByTestId('plan-month-switch').getByText('往月').tap();
    await expect.poll(() => page.getByTestId('plan-readonly').count()).toBe(1);
    expect(await page.getByTestId('plan-add').count()).toBe(0);
    expect(await page.getByTestId('plan-item-finish').count()).toBe(0);
    await ctx.close();
  });
});
