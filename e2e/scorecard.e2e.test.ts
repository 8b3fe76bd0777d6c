// The year score, the ten's certificates and the year-end archive, as people use them on the
// demo town: a cadre reads their breakdown on the phone, anyone scanning a certificate's QR
// sees it verified without signing in, the office builds the archive with progress.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('year score and certificates', () => {
  it('a cadre reads their score, indicator by indicator, with the records behind it', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/me');
    await page.getByText('我的年度考核').click();
    await page.waitForURL('**/scores');
    await expect.poll(() => page.getByTestId('score-total').textContent(), { timeout: 30_000 }).toMatch(/\d/);
    await expect.poll(() => page.getByTestId('indicator-daily').isVisible()).toBe(true);
    // Every module now provides its indicator; one left out this year (no record, or weight 0) is named with its reason.
    if (await page.getByTestId('dropped-notice').count()) expect(await page.getByTestId('dropped-notice').textContent()).toMatch(/本项不计/);
    await shot(page, 'scores-member-phone');
    await page.getByTestId('indicator-reflections').getByText(/查看 \d+ 条依据/).click();
    await expect.poll(() => page.getByTestId('records-reflections').isVisible()).toBe(true);
    await page.getByTestId('indicator-reflections').scrollIntoViewIfNeeded();
    await shot(page, 'scores-member-records-phone');
    await ctx.close();
  });

  it("a certificate's QR opens the public verification page, no sign-in", async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/console/honors');
    await expect.poll(() => page.getByText('为名单颁发证书').isVisible(), { timeout: 20_000 }).toBe(true);
    await shot(page, 'honors-clerk-desktop');
    const year = new Date().getFullYear();
    const honors = await page.evaluate(async (y) => (await fetch(`/api/scorecard/${y}/honors`)).json(), year);
    const detail = await page.evaluate(async (id) => (await fetch(`/api/certificates/${id}`)).json(), honors.certificates[0].id);
    const url = new URL(detail.verifyUrl);
    const phone = await newContext(browser, PHONE, server.url);
    const anon = await phone.newPage();
    await anon.goto(`${url.pathname}${url.search}`);
    await expect.poll(() => anon.getByTestId('verify-status').textContent()).toBe('证书有效');
    await shot(anon, 'verify-valid-phone');
    // An altered name in the payload: shown invalid.
    const p = JSON.parse(Buffer.from(url.searchParams.get('p')!, 'base64url').toString('utf8'));
    url.searchParams.set('p', Buffer.from(JSON.stringify({ ...p, name: '冒名者' }), 'utf8').toString('base64url'));
    await anon.goto(`${url.pathname}${url.search}`);
    await expect.poll(() => anon.getByTestId('verify-status').textContent()).toBe('证书内容无效');
    await phone.close();
    await ctx.close();
  });

  it('the office builds the archive in one click, with progress', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/console/archive');
    await expect.poll(() => page.getByTestId('archive-build').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('archive-build').click();
    await expect.poll(() => page.getByTestId('archive-progress').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('archive-download').isVisible(), { timeout: 120_000 }).toBe(true);
    await shot(page, 'archive-clerk-desktop');
    const href = await page.getByTestId('archive-download').getAttribute('href');
    const res = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, href);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    expect(res.size).toBeGreaterThan(10_000);
    await ctx.close();
  });
});
