// Lobby screens in Chromium: every panel size without overflow, a revoked link that
// stops the screen within a minute, a server restart survived on the last data, and
// a two-hour run (on a fake clock) without heap growth.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

const HALL = '/screen/demo-hall-tv-screen-2026';
const LED = '/screen/demo-outdoor-led-strip-2026';

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

async function screenPage(size: { width: number; height: number }, path: string, baseURL = server.url): Promise<Page> {
  const ctx = await browser.newContext({ viewport: size, baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  // The rotation and refresh timers run on a fake clock the test moves on.
  await page.clock.install();
  await page.goto(path);
  await page.getByTestId('screen-slide').waitFor({ timeout: 20_000 });
  return page;
}

/** Everything on the screen lies inside the panel, and no list is cut off inside its box. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const W = window.innerWidth;
    const H = window.innerHeight;
    const doc = document.documentElement;
    if (doc.scrollWidth > W + 1 || doc.scrollHeight > H + 1) problems.push(`page scrolls: ${doc.scrollWidth}×${doc.scrollHeight}`);
    for (const el of document.querySelectorAll<HTMLElement>('.screen *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).display === 'none') continue;
      if (r.right > W + 1 || r.bottom > H + 1 || r.left < -1 || r.top < -1) problems.push(`${el.tagName}.${el.className} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}: ${el.textContent?.slice(0, 20)}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('[data-fit]')) {
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) problems.push(`cut off: ${el.className} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
    return problems.slice(0, 5);
  });
}

const title = (page: Page) => page.locator('.slide-title').textContent();

describe('lobby screen', () => {
  // First: the demo's outdoor strip is still dark (the size tests below bring it online).
  it('the clerk registers a screen in the console; revoking it stops the screen within a minute and leaves no data', async () => {
    const desk = await newContext(browser, DESKTOP, server.url);
    const clerk = await desk.newPage();
    await signIn(clerk, 'clerk');
    await expect.poll(() => new URL(clerk.url()).pathname, { timeout: 10_000 }).toBe('/console');
    await clerk.goto('/console/display/screens');
    // The demo's outdoor strip went dark an hour ago: the alert says so.
    await expect.poll(() => clerk.getByTestId('screens-dark-alert').textContent(), { timeout: 10_000 }).toContain('门口户外LED条屏');
    await shot(clerk, 'display-console-screens');
    await clerk.getByTestId('screen-new').click();
    const form = clerk.getByTestId('screen-form');
    await form.getByLabel('名称').fill('二楼走廊电视');
    await form.getByLabel('位置').fill('镇政府二楼走廊');
    await clerk.getByTestId('screen-save').click();
    const secret = clerk.getByTestId('screen-secret-url');
    await expect.poll(() => secret.count(), { timeout: 10_000 }).toBe(1);
    const url = new URL((await secret.textContent())!.trim());
    expect(url.pathname).toMatch(/^\/screen\/[A-Za-z0-9_-]{43}$/);
    await shot(clerk, 'display-console-secret');
    await clerk.keyboard.press('Escape');

    const screen = await screenPage({ width: 1920, height: 1080 }, url.pathname);
    expect(await screen.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sx-screen:')).length)).toBe(1);
    // Its first report-in shows in the console.
    await clerk.reload();
    const row = clerk.getByTestId('screens-table').locator('tr', { hasText: '二楼走廊电视' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('在线');
    await expect.poll(() => row.textContent()).toContain('1920×1080');

    await row.getByTestId('screen-revoke').click();
    await clerk.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('已停用');
    // Within a minute of the screen's own clock it stops, and keeps nothing.
    for (let s = 0; s < 60 && (await screen.getByTestId('screen-unauthorized').count()) === 0; s += 5) {
      await screen.clock.runFor(5_000);
      await screen.waitForTimeout(100);
    }
    expect(await screen.getByTestId('screen-unauthorized').textContent()).toBe('此屏幕未授权');
    expect(await screen.getByTestId('screen-slide').count()).toBe(0);
    expect(await screen.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sx-screen:')).length)).toBe(0);
    // Reloaded, the page itself refuses.
    const again = await screen.goto(url.pathname);
    expect(again?.status()).toBe(403);
    await screen.context().close();
    await desk.close();
  });
  const sizes: [string, number, number, string][] = [
    ['768x384', 768, 384, 'wide'],
    ['1280x256', 1280, 256, 'strip'],
    ['1920x1080', 1920, 1080, 'wide'],
    ['3840x2160', 3840, 2160, 'wide'],
    ['1080x1920', 1080, 1920, 'tall'],
  ];
  for (const [name, width, height, layout] of sizes) {
    it(`every slide fits a ${name} panel`, async () => {
      for (const [label, path] of [
        ['hall', HALL],
        ['led', LED],
      ] as const) {
        if (label === 'led' && name !== '1280x256' && name !== '768x384') continue;
        const page = await screenPage({ width, height }, path);
        expect(await page.getByTestId('screen').getAttribute('data-layout')).toBe(layout);
        const seen = new Set<string>();
        for (let i = 0; i < 60 && seen.size < (label === 'hall' ? 8 : 4); i++) {
          const t = (await title(page))!;
          if (!seen.has(t)) {
            seen.add(t);
            // Give the fitting a frame, then look.
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            expect(await overflow(page), `${name} ${label} “${t}”`).toEqual([]);
            await shot(page, `display-${label}-${name}-${seen.size}`);
          }
          await page.clock.runFor(5_000);
          await page.waitForTimeout(30);
        }
        // The hall's playlist has eight slides, the LED strip's four; all came round.
        expect(seen.size).toBe(label === 'hall' ? 8 : 4);
        if (label === 'led') expect(await page.locator('.screen.theme-contrast').count()).toBe(1);
        await page.context().close();
      }
    });
  }

  it('an unknown link shows only “此屏幕未授权”', async () => {
    const ctx = await browser.newContext({ baseURL: server.url });
    const page = await ctx.newPage();
    const res = await page.goto('/screen/not-a-real-screen-token-000');
    expect(res?.status()).toBe(403);
    expect(await page.getByTestId('screen-unauthorized').textContent()).toBe('此屏幕未授权');
    expect(await page.locator('script').count()).toBe(0);
    await ctx.close();
  });


  it('survives a server restart: keeps showing the last data while the server is down, even after a reload, and picks up again', async () => {
    // A server of its own, stopped and started again on the same port and data.
    const own = await startServer();
    let restarted: Server | null = null;
    try {
      const page = await screenPage({ width: 1920, height: 1080 }, HALL, own.url);
      // The service worker has kept the page and its scripts.
      await expect
        .poll(() => page.evaluate(async () => (await (await caches.open('sx-screen-v1')).keys()).map((r) => new URL(r.url).pathname)), { timeout: 15_000 })
        .toEqual(expect.arrayContaining(['/screen/demo-hall-tv-screen-2026', expect.stringMatching(/^\/assets\/screen-.*\.js$/)]));
      const before = await page.getByTestId('screen-generated').getAttribute('data-at');

      await own.kill();
      // Report-ins fail: the screen says so with a small mark and keeps rotating the last data.
      await page.clock.runFor(35_000);
      await expect.poll(() => page.getByTestId('screen-offline').count(), { timeout: 10_000 }).toBe(1);
      const titles = new Set<string>();
      for (let i = 0; i < 8; i++) {
        titles.add((await title(page))!);
        await page.clock.runFor(20_000);
        await page.waitForTimeout(30);
      }
      expect(titles.size).toBeGreaterThan(3);
      expect(await page.getByTestId('screen-generated').getAttribute('data-at')).toBe(before);
      await shot(page, 'display-offline');

      // The panel restarts while the server is away: the kept page comes up with the last data.
      await page.reload();
      await page.getByTestId('screen-slide').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('screen-generated').getAttribute('data-at')).toBe(before);

      // The server is back: within a report-in interval the mark goes and the data is fresh.
      restarted = await startServer({}, { port: own.port, dataDir: own.dataDir });
      await page.clock.runFor(35_000);
      await expect.poll(() => page.getByTestId('screen-offline').count(), { timeout: 15_000 }).toBe(0);
      await page.clock.runFor(25_000);
      await expect.poll(() => page.getByTestId('screen-generated').getAttribute('data-at'), { timeout: 15_000 }).not.toBe(before);
      await page.context().close();
    } finally {
      if (restarted) await restarted.stop();
      else await own.stop();
    }
    // Two server starts with the demo town: longer than a journey.
  }, 200_000);

  it('runs two hours on a fast clock without the heap, the DOM or the listeners growing', async () => {
    const page = await screenPage({ width: 1920, height: 1080 }, HALL);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      return { heap: m.JSHeapUsedSize!, nodes: m.Nodes!, listeners: m.JSEventListeners! };
    };
    // Minute by minute: rotations every 15–20 s, a report-in every 30 s, a refresh every 5 minutes.
    const run = async (minutes: number) => {
      for (let i = 0; i < minutes; i++) {
        await page.clock.runFor(60_000);
        await page.waitForTimeout(40);
      }
    };
    await run(15);
    const start = await measure();
    await run(105);
    const end = await measure();
    // Two hours of rotation on the clock the screen sees.
    expect(await page.evaluate(() => Date.now())).toBeGreaterThan(Date.now() + 100 * 60_000);
    console.log(`[display] heap ${Math.round(start.heap / 1024)} KB → ${Math.round(end.heap / 1024)} KB; nodes ${start.nodes} → ${end.nodes}; listeners ${start.listeners} → ${end.listeners}`);
    expect(end.heap).toBeLessThan(start.heap * 1.1 + 256 * 1024);
    expect(end.nodes).toBeLessThan(start.nodes * 1.2 + 200);
    expect(end.listeners).toBeLessThanOrEqual(start.listeners + 10);
    await page.context().close();
  }, 240_000);
});

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** A JSON call from the signed-in page, with its CSRF token, as the web app makes it. */
async function call(page: Page, method: string, url: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('sx_csrf='))?.split('=')[1] ?? '';
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.status;
    },
    { method, url, body },
  );
}

async function signedIn(user: string, viewport = DESKTOP) {
  const ctx = await newContext(browser, viewport, server.url);
  const page = await ctx.newPage();
  await signIn(page, user);
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).not.toBe('/login');
  return { ctx, page };
}

describe('announcements, dashboards and the public page', () => {
  const TITLE = '关于开展“书香机关”读书月活动的通知';
  it('the clerk publishes an announcement for the town; a cadre reads it on the phone; the read shows against the cadre’s unit', async () => {
    const { ctx, page } = await signedIn('clerk');
    await page.goto('/console/display/announcements');
    await page.getByTestId('ann-table').waitFor();
    await page.getByTestId('ann-new').click();
    const form = page.getByTestId('ann-form');
    await form.getByLabel('标题').fill(TITLE);
    await form.getByLabel('正文').fill('各单位：\n本月开展读书月活动，请各位干部按计划读完本月书目。');
    await form.getByText('在公开页展示').click();
    await page.getByTestId('ann-save').click();
    const row = page.getByTestId('ann-table').locator('tr', { hasText: TITLE });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('展示中');
    await shot(page, 'display-console-announcements');

    const phone = await signedIn('member', PHONE);
    await expect.poll(() => phone.page.getByTestId('home-announcements').textContent(), { timeout: 15_000 }).toContain(TITLE);
    await shot(phone.page, 'display-member-home-announcements');
    await phone.page.getByTestId('home-announcements').getByText(TITLE).click();
    await expect.poll(() => phone.page.getByTestId('ann-title').textContent(), { timeout: 10_000 }).toContain(TITLE);
    await shot(phone.page, 'display-member-announcement');
    await phone.ctx.close();

    // The member's unit has one read.
    const unit = query<{ name: string }>("SELECT u.name FROM users us JOIN members m ON m.id = us.member_id JOIN units u ON u.id = m.unit_id WHERE us.username = 'member'")[0]!.name;
    await page.reload();
    await row.getByTestId('ann-reads-open').click();
    const reads = page.getByTestId('ann-reads').locator('tr', { hasText: unit });
    await expect.poll(() => reads.locator('td').nth(1).textContent(), { timeout: 10_000 }).toMatch(/^1 \/ \d+$/);
    await shot(page, 'display-console-announcement-reads');
    await ctx.close();
  });

  it('the leaders’ dashboard draws its charts on the desktop and on the phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { ctx, page } = await signedIn('leader', viewport);
      await page.goto('/console/display/dashboard');
      for (const chart of ['dash-trend', 'dash-tiers', 'dash-units', 'dash-quota']) await expect.poll(() => page.getByTestId(chart).locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('dash-topbottom').textContent()).not.toBe('');
      await shot(page, `display-dashboard-${viewport === DESKTOP ? 'desktop' : 'phone'}`);
      await ctx.close();
    }
  });

  it('the public page is closed until the setting opens it, then shows the public announcement and no cadre’s name', async () => {
    const town = query<{ id: number }>("SELECT u.id FROM user_roles r JOIN users us ON us.id = r.user_id JOIN units u ON u.id = r.unit_id WHERE us.username = 'clerk' AND r.role = 'clerk'")[0]!.id;
    const visitor = await newContext(browser, PHONE, server.url);
    const pub = await visitor.newPage();
    const closed = await pub.goto(`/p/${town}`);
    expect(closed?.status()).toBe(404);
    expect(await pub.getByTestId('public-closed').textContent()).toBe('公开页未开放');
    expect(await pub.locator('script').count()).toBe(0);

    const { ctx, page } = await signedIn('clerk');
    expect(await call(page, 'PUT', '/api/settings/display.publicPage', { value: true })).toBeLessThan(300);
    expect(await call(page, 'PUT', '/api/settings/display.reflectionAuthors', { value: false })).toBeLessThan(300);
    await pub.goto(`/p/${town}`);
    await pub.getByTestId('public-page').waitFor({ timeout: 15_000 });
    const text = (await pub.getByTestId('public-page').textContent())!;
    expect(text).toContain(TITLE);
    // Excellent reflections are excerpted without their authors, and the leaderboard lists units only.
    const authors = query<{ name: string }>("SELECT DISTINCT m.name FROM reflections r JOIN members m ON m.id = r.member_id WHERE r.status = 'excellent'").map((r) => r.name);
    expect(authors.length).toBeGreaterThan(0);
    for (const name of authors) expect(text, name).not.toContain(name);
    await shot(pub, 'display-public-phone');
    await visitor.close();
    await ctx.close();
  });
});
