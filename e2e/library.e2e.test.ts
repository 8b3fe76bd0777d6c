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
});
