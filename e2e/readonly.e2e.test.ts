// Read-only roles (书记, 领导小组, 验收组) never meet a button the server refuses:
// each signs in, walks every console page their menu offers (and the pages its
// buttons open), presses every visible button (and the confirm of any dialog it
// opens), and the server must not answer any of the requests with 403. The
// buttons come from /api/me's permissions (can()), the same table the server enforces.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

// Walking every page and pressing every button takes minutes, more on a shared machine.
const WALK_MS = 600_000;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Labels of buttons that change something: a read-only role must not see one… */
const WRITE_WORDS = /新建|新增|添加|编辑|修改|删除|导入|保存|提交|开启签到|结束签到|取消集中学习|补签|撤销|批准|通过|退回|评为优秀|上报|上传|发送|提醒|确认|签发|打分|评分|解锁|指派/;
/** …unless it only reads: an export, a download, a print, a chart saved as a picture. */
const READ_WORDS = /导出|下载|打印|Excel|Word|图片|\.xlsx|\.docx/;
/**
 * Writes a role of the walk may hold (the demo's 书记 also sits on the 领导小组, which confirms the honours list):
 * shown only when /api/me grants the action.
 */
const WRITE_ACTIONS: Record<string, string> = { 领导小组确认名单: 'scorecard.confirmHonors' };

interface Refusal {
  page: string;
  button: string;
  request: string;
  status: number;
}

/**
 * Waits until the page has no request in flight and no spinner for a moment (up to 10 s). Not Playwright's
 * 'networkidle': the archive page polls its build every half second and a session's screen every
 * three, so the network is never idle there and every press would wait out the whole timeout.
 */
const inFlight = new WeakMap<Page, Set<unknown>>();
function trackRequests(page: Page) {
  const open = new Set<unknown>();
  inFlight.set(page, open);
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}
const settle = async (page: Page) => {
  await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => undefined);
  const open = inFlight.get(page)!;
  const until = Date.now() + 10_000;
  let quietSince = Date.now();
  while (Date.now() < until) {
    await page.waitForTimeout(50);
    if (open.size || (await page.locator('.ant-spin-spinning, .ant-skeleton-active').count())) quietSince = Date.now();
    else if (Date.now() - quietSince >= 250) break;
  }
};

/** The console menu's pages, with any collapsed groups opened first. */
async function menuPaths(page: Page): Promise<string[]> {
  // The menu appears once /api/me has answered (on a busy machine that takes a while).
  await page.getByTestId('console-menu').first().waitFor({ state: 'visible', timeout: 30_000 });
  for (const title of await page.locator('.ant-layout-sider .ant-menu-submenu-title').all()) {
    const open = await title.evaluate((el) => el.parentElement?.classList.contains('ant-menu-submenu-open'));
    if (!open) await title.click();
  }
  const ids = await page.locator('.ant-layout-sider [data-menu-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu-id') ?? ''));
  return [...new Set(ids.map((id) => id.slice(id.indexOf('/console'))).filter((p) => p.startsWith('/console')))];
}

const contentButtons = (page: Page) => page.locator('.ant-layout-content').locator('button:visible, a.ant-btn:visible');

async function walk(username: string) {
  const ctx = await newContext(browser, DESKTOP, server.url);
  // The print dialog would block a headless browser; what matters is the request, not the paper.
  await ctx.addInitScript(() => {
    window.print = () => undefined;
  });
  const page = await ctx.newPage();
  trackRequests(page);
  const refused: Refusal[] = [];
  let where = { page: '', button: '(页面加载)' };
  const watch = (p: Page) =>
    p.on('response', (res: Response) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/api/') && (res.status() === 403 || res.status() === 401)) {
        refused.push({ ...where, request: `${res.request().method()} ${url.pathname}${url.search}`, status: res.status() });
      }
    });
  watch(page);
  // A button that opens a new tab (a print view): its requests count too, then it is closed. Left
  // open, it would keep the walk's page in the background, where every click waits for a slow frame.
  ctx.on('page', (popup) => {
    if (popup === page) return;
    watch(popup);
    trackRequests(popup);
    void popup
      .waitForLoadState('load', { timeout: 10_000 })
      .then(() => settle(popup))
      .catch(() => undefined)
      .finally(() => popup.close().catch(() => undefined));
  });
  await signIn(page, username);
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/console');
  await settle(page);
  const permissions = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as { permissions: Record<string, unknown> };
  const mayWrite = (label: string) => Boolean(WRITE_ACTIONS[label] && permissions.permissions[WRITE_ACTIONS[label]]);

  const queue = await menuPaths(page);
  expect(queue.length).toBeGreaterThan(3);
  const seen = new Set<string>();
  const writeButtons: string[] = [];
  let pressed = 0;
  while (queue.length && seen.size < 30) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    where = { page: path, button: '(页面加载)' };
    await page.goto(path);
    await settle(page);
    await shot(page, `readonly-${username}-${path.replace(/\W+/g, '-')}`);
    const count = await contentButtons(page).count();
    for (let i = 0; i < count; i++) {
      if (new URL(page.url()).pathname !== path) {
        await page.goto(path);
        await settle(page);
      }
      const button = contentButtons(page).nth(i);
      if (!(await button.count()) || !(await button.isEnabled().catch(() => false))) continue;
      const label = ((await button.innerText().catch(() => '')) || (await button.getAttribute('aria-label')) || '').trim();
      if (WRITE_WORDS.test(label) && !READ_WORDS.test(label) && !mayWrite(label)) writeButtons.push(`${path}：${label}`);
      where = { page: path, button: label || `#${i}` };
      await button.click({ timeout: 3_000 }).catch(() => undefined);
      pressed++;
      await settle(page);
      // A dialog or a confirmation the button opened: press its confirm as well.
      const confirm = page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary, .ant-popconfirm:visible .ant-btn-primary').first();
      if (await confirm.count()) {
        const confirmLabel = (await confirm.innerText().catch(() => '')).trim();
        where = { page: path, button: `${label} → ${confirmLabel}` };
        await confirm.click({ timeout: 3_000 }).catch(() => undefined);
        await settle(page);
      }
      await page.keyboard.press('Escape');
      const now = new URL(page.url()).pathname;
      if (now.startsWith('/console') && !seen.has(now)) queue.push(now);
    }
  }
  await ctx.close();
  return { refused, writeButtons, pages: [...seen], pressed };
}

// The three walks run side by side: each in its own browser context, against the same server.
describe.concurrent('read-only roles see no button the server refuses', () => {
  for (const username of ['secretary', 'leader', 'inspector']) {
    it(`${username} walks every console page without one refused request`, async () => {
      const r = await walk(username);
      console.log(`${username}: ${r.pages.length} pages, ${r.pressed} buttons pressed, ${r.refused.length} refused`);
      expect(r.pages).toContain('/console/sessions');
      expect(r.refused).toEqual([]);
      expect(r.writeButtons).toEqual([]);
    }, WALK_MS);
  }
});
