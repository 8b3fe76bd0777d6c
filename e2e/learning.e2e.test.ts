import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

// The smallest PNG, as a phone's gallery would hand over a (much larger) photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('online learning on the phone', () => {
  it('lets a cadre record 学时 of 干部教育在线 with a screenshot and see it counted', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.goto('/learning');
    await expect.poll(() => page.getByTestId('learning-summary').textContent()).toMatch(/本月线上学习折算 \d+ 分钟/);
    const before = (await page.getByTestId('online-row').count()) as number;

    await page.getByTestId('add-online').tap();
    const form = page.getByTestId('online-form');
    await form.getByText('干部教育在线').tap();
    await page.getByTestId('online-content').fill('端到端测试：基层治理专题');
    await form.getByText('学时', { exact: true }).tap();
    await page.getByTestId('online-value').fill('1.5');
    await page.getByTestId('photo-input').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => form.locator('img').count()).toBe(1);
    await shot(page, 'learning-phone-form');
    await page.getByTestId('online-save').tap();

    await expect.poll(() => page.getByTestId('online-row').count()).toBe(before + 1);
    const row = page.getByTestId('online-row').filter({ hasText: '端到端测试：基层治理专题' });
    await expect.poll(() => row.textContent()).toContain('1.5 学时');
    // 1.5 学时 × 45 minutes (the default setting).
    await expect.poll(() => row.textContent()).toContain('计入学习 68 分钟');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'learning-phone-list');

    const [rec] = query<{ id: number; credit_tenths: number; evidence_file_id: number | null }>("SELECT id, credit_tenths, evidence_file_id FROM online_learning WHERE content = '端到端测试：基层治理专题'");
    expect(rec.credit_tenths).toBe(15);
    expect(rec.evidence_file_id).not.toBeNull();
    expect(query<{ minutes: number }>("SELECT minutes FROM study_logs WHERE source = 'online' AND source_ref = ?", String(rec.id))[0].minutes).toBe(68);
    await ctx.close();
  });

  it("shows the clerk the town's records with filters", async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto('/console/learning');
    await expect.poll(() => page.getByTestId('online-totals').textContent()).toMatch(/共 \d+ 条/);
    await expect.poll(() => page.getByTestId('online-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await shot(page, 'learning-console');

    // The cadre's record of the first journey, found by name and platform.
    await page.getByPlaceholder('姓名').fill('张三');
    await page.getByPlaceholder('姓名').press('Enter');
    await page.getByLabel('平台').click();
    await page.getByTitle('干部教育在线').click();
    const rows = page.getByTestId('online-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.filter({ hasText: '端到端测试：基层治理专题' }).count()).toBe(1);
    const texts = await rows.allTextContents();
    expect(texts.every((t) => t.includes('张三') && t.includes('干部教育在线'))).toBe(true);
    await ctx.close();
  });
});
