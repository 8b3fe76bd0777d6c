import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

/** Copies on the shelf in the demo town, straight from the database. */
function availableBarcodes(n: number): string[] {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
  try {
    return (db.prepare("SELECT barcode FROM copies WHERE status = 'available' ORDER BY barcode LIMIT ?").all(n) as { barcode: string }[]).map((r) => r.barcode);
  } finally {
    db.close();
  }
}

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the reading room', () => {
  it('lets a cadre borrow by scanning the QR code on a phone, see it in 我的借阅, and return it', async () => {
    const [barcode] = availableBarcodes(1);
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();

    // The QR code opens the copy page; signed out, sign-in comes first and leads back.
    await page.goto(`/c/${barcode}`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByTestId('login-username').fill('member');
    await page.getByTestId('login-password').fill('shuxiang-demo');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/c/${barcode}`);

    await expect.poll(() => page.getByTestId('copy-status').textContent()).toBe('在架');
    const title = (await page.getByTestId('copy-title').textContent())!.trim();
    expect(title.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('copy-action').textContent()).toContain('借');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.getByTestId('copy-action').tap();
    await expect.poll(() => page.getByTestId('copy-result').textContent()).toMatch(/借阅成功，请于 \d{4}年\d{1,2}月\d{1,2}日 前归还/);
    await expect.poll(() => page.getByTestId('copy-status').textContent()).toBe('借出');
    await shot(page, 'e2e-phone-copy-borrowed');

    await page.goto('/library/my');
    await expect.poll(async () => (await page.getByTestId('my-loan-row').allTextContents()).join('|')).toContain(title);
    await expect.poll(async () => (await page.getByTestId('my-loan-row').allTextContents()).join('|')).toContain(barcode);

    await page.goto(`/c/${barcode}`);
    await expect.poll(() => page.getByTestId('copy-action').textContent()).toContain('归');
    await page.getByTestId('copy-action').tap();
    await expect.poll(() => page.getByTestId('copy-result').textContent()).toContain('归还成功');
    await expect.poll(() => page.getByTestId('copy-status').textContent()).toBe('在架');

    await page.goto('/library/my');
    await expect.poll(() => page.getByTestId('to-library').isVisible()).toBe(true);
    expect((await page.getByTestId('my-loan-row').allTextContents()).join('|')).not.toContain(barcode);
    await ctx.close();
  });

  it('runs the desk without the mouse: member by pinyin initials, scan to lend, F2, scan to take back', async () => {
    const [, barcode] = availableBarcodes(2);
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.goto('/console/library/desk');

    // The member box has the focus on arrival.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('desk-member-search');
    await page.keyboard.type('zs');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('desk-member').textContent()).toContain('张三');

    // Then the scan box, as a keyboard-wedge scanner would type into it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('desk-scan');
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
    const firstRow = page.getByTestId('desk-log-row').first();
    await expect.poll(() => firstRow.getAttribute('data-state')).toBe('ok');
    expect(await firstRow.textContent()).toContain(barcode);
    expect(await firstRow.textContent()).toMatch(/借出成功，应还 \d{4}年/);
    expect(await page.getByTestId('desk-scan').inputValue()).toBe('');

    // F2 switches to returning; the same copy comes back.
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('desk-mode-label').textContent()).toBe('归还');
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('desk-log-row').count()).toBe(2);
    await expect.poll(() => firstRow.getAttribute('data-state')).toBe('ok');
    expect(await firstRow.textContent()).toContain('归还成功');
    // The return names who had the book.
    expect(await firstRow.getByTestId('desk-log-member').textContent()).toContain('借阅人：张三');
    expect(await page.getByTestId('desk-log-row').nth(1).textContent()).toContain('借出');

    // An unknown code shows the reason in red and keeps the scan box ready.
    await page.keyboard.type('NO-SUCH-1');
    await page.keyboard.press('Enter');
    await expect.poll(() => firstRow.getAttribute('data-state')).toBe('error');
    expect(await firstRow.textContent()).toContain('NO-SUCH-1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('desk-scan');
    await shot(page, 'e2e-desktop-desk');

    const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
    const status = db.prepare('SELECT status FROM copies WHERE barcode = ?').get(barcode) as { status: string };
    db.close();
    expect(status.status).toBe('available');
    await ctx.close();
  });

  it('shows the clerk the reports as charts, with the thin and empty categories named', async () => {
    // The demo town weeded its philosophy shelf to one copy a title: 哲学 is thin.
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.getByRole('menuitem', { name: '馆藏报表' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/library/reports');

    // The chart is drawn on a canvas.
    await expect.poll(() => page.locator('[data-testid="coverage-chart"] canvas').count()).toBeGreaterThan(0);
    const coverage = (await page.evaluate(() => fetch('/api/library/reports/coverage').then((r) => r.json()))) as { thin: string[]; empty: string[] };
    expect(coverage.thin).toContain('哲学');
    const alert = page.getByTestId('coverage-alert');
    await expect.poll(() => alert.textContent()).toContain(coverage.thin.length ? `偏少：${coverage.thin.join('、')}` : `空缺：${coverage.empty.join('、')}`);
    if (coverage.empty.length) expect(await alert.textContent()).toContain(`空缺：${coverage.empty.join('、')}`);
    expect(await page.getByTestId('coverage-table').textContent()).toContain(coverage.thin[0] ?? coverage.empty[0]);
    // The export is a real .xlsx.
    const href = (await page.getByTestId('export-coverage').getAttribute('href'))!;
    const xlsx = await page.evaluate((u) => fetch(u).then(async (r) => ({ type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength })), href);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(xlsx.size).toBeGreaterThan(1000);
    await page.waitForTimeout(1500); // let the chart's entry animation finish for the screenshot
    await shot(page, 'e2e-desktop-library-reports');

    await page.getByRole('tab', { name: '每月借阅' }).click();
    await expect.poll(() => page.locator('[data-testid="loans-chart"] canvas').count()).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    await shot(page, 'e2e-desktop-library-reports-loans');
    await ctx.close();
  });

  it('runs a stocktake by typing barcodes, reports what is missing, and marks it lost after a confirmation', async () => {
    // The smallest place with copies on the shelf and no stocktake under way (the demo has one going).
    const [loc] = query<{ id: number; name: string; n: number }>(
      "SELECT locations.id, locations.name, COUNT(*) AS n FROM copies JOIN locations ON locations.id = copies.location_id WHERE copies.status = 'available' AND locations.id NOT IN (SELECT location_id FROM stocktakes WHERE status = 'open') GROUP BY locations.id, locations.name HAVING COUNT(*) >= 3 ORDER BY n, locations.id LIMIT 1",
    );
    const shelf = query<{ barcode: string }>("SELECT barcode FROM copies WHERE location_id = ? AND status = 'available' ORDER BY barcode", loc.id).map((r) => r.barcode);
    const onLoan = query<{ n: number }>("SELECT COUNT(*) AS n FROM copies WHERE location_id = ? AND status = 'loaned'", loc.id)[0].n;
    const seen = shelf.slice(0, -2);
    const missing = shelf.slice(-2);

    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.goto('/console/library/stocktake');
    // The demo's own stocktakes are listed: last month's finished one and today's, under way.
    const records = page.locator('.ant-table-row');
    await expect.poll(() => records.filter({ hasText: '党政办公室图书角' }).filter({ hasText: '进行中' }).count()).toBe(1);
    expect(await records.filter({ hasText: '经济发展办公室图书角' }).filter({ hasText: '已结束' }).count()).toBe(1);
    // Today's: two copies not found yet, one from the reading room, one unknown label.
    await records.filter({ hasText: '进行中' }).getByTestId('stocktake-open').click();
    await expect.poll(() => page.getByTestId('st-location').textContent()).toBe('党政办公室图书角');
    await expect.poll(() => page.getByTestId('st-count-missing').textContent()).toBe('2');
    expect(await page.getByTestId('st-count-wrong').textContent()).toBe('1');
    expect(await page.getByTestId('st-count-unknown').textContent()).toBe('1');
    await page.goto('/console/library/stocktake');
    await page.getByTestId('stocktake-location').click();
    await page.locator('.ant-select-item-option', { hasText: loc.name }).first().click();
    await page.getByTestId('stocktake-start').click();
    await expect.poll(() => page.getByTestId('st-location').textContent()).toBe(loc.name);

    // The scan box has the focus and keeps it: a keyboard-wedge scanner types each code and Enter.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('st-scan');
    for (const b of [...seen, 'NO-SUCH-9']) {
      await page.keyboard.type(b);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.getByTestId('st-count-present').textContent()).toBe(String(seen.length));
    await expect.poll(() => page.getByTestId('st-count-unknown').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('st-count-missing').textContent()).toBe(String(missing.length));
    expect(await page.getByTestId('st-count-loan').textContent()).toBe(String(onLoan));
    expect(await page.getByTestId('st-count-scanned').textContent()).toBe(String(seen.length + 1));
    expect(await page.getByTestId('st-log-row').first().getAttribute('data-state')).toBe('error');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('st-scan');
    const missingText = await page.getByTestId('st-missing').textContent();
    for (const b of missing) expect(missingText).toContain(b);
    await shot(page, 'e2e-desktop-library-stocktake');

    // 遗失 in one step, after saying yes.
    await page.getByTestId('st-marklost').click();
    await page.getByTestId('st-marklost-ok').click();
    await expect.poll(() => page.getByText('未找到的图书已登记为遗失').count()).toBeGreaterThan(0);
    const statuses = query<{ barcode: string; status: string }>(`SELECT barcode, status FROM copies WHERE barcode IN (${shelf.map(() => '?').join(',')})`, ...shelf);
    for (const r of statuses) expect([r.barcode, r.status]).toEqual([r.barcode, missing.includes(r.barcode) ? 'lost' : 'available']);
    await ctx.close();
  });

  it('shows a member’s hold under 我的借阅 and lets them cancel it', async () => {
    const [me] = query<{ member_id: number }>("SELECT member_id FROM users WHERE username = 'member'");
    // A title with every copy out and no hold or loan of this member on it.
    const [book] = query<{ id: number; title: string }>(
      `SELECT books.id, books.title FROM books
       WHERE EXISTS (SELECT 1 FROM copies WHERE copies.book_id = books.id AND copies.status = 'loaned')
         AND NOT EXISTS (SELECT 1 FROM copies WHERE copies.book_id = books.id AND copies.status = 'available')
         AND NOT EXISTS (SELECT 1 FROM holds WHERE holds.book_id = books.id AND holds.member_id = ? AND holds.status IN ('waiting', 'ready'))
         AND NOT EXISTS (SELECT 1 FROM loans JOIN copies ON copies.id = loans.copy_id WHERE copies.book_id = books.id AND loans.member_id = ? AND loans.returned_at IS NULL)
       ORDER BY books.id LIMIT 1`,
      me.member_id,
      me.member_id,
    );
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto(`/library/books/${book.id}`);
    await page.getByTestId('place-hold').tap();
    await expect.poll(() => page.getByTestId('my-hold').isVisible()).toBe(true);

    await page.goto('/library/my');
    const row = page.getByTestId('my-hold-row').filter({ hasText: book.title });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('my-hold-status').textContent()).toMatch(/排队中 · 第 \d+ 位/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'e2e-phone-my-holds');

    await row.getByTestId('my-hold-cancel').tap();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').tap();
    await expect.poll(() => row.count()).toBe(0);
    expect(query<{ status: string }>('SELECT status FROM holds WHERE book_id = ? AND member_id = ? ORDER BY id DESC LIMIT 1', book.id, me.member_id)[0].status).toBe('cancelled');
    await ctx.close();
  });
});
