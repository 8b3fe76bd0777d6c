import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, HOME_SHOWN_PROBE, launch, newContext, PHONE, resourcesBeforeHomeShown, shot, signIn, startServer, type Server } from './harness';

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

describe('a cadre on a phone', () => {
  it('signs in and walks the member home', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    // The page notes when the home is first in the document, to tell the scripts it waited for from later ones.
    await ctx.addInitScript(HOME_SHOWN_PROBE);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => page.getByTestId('member-greeting').textContent()).toContain('张三');
    await expect.poll(() => page.getByTestId('member-unit').textContent()).toContain('经济发展办公室');
    // The member home is plain elements (issue 11, a phone's first load): no script it loads before it is
    // shown is antd's shell or holds antd's style engine, which every antd component needs.
    const before = (await page.evaluate(resourcesBeforeHomeShown)).filter((u) => new URL(u).pathname.endsWith('.js'));
    expect(before.some((u) => /MemberHomePage/.test(u))).toBe(true);
    expect(before.filter((u) => /AntdShell/.test(u))).toEqual([]);
    const withAntd: string[] = [];
    for (const u of before) if ((await (await ctx.request.get(u)).text()).includes('data-token-hash')) withAntd.push(new URL(u).pathname);
    expect(withAntd).toEqual([]);
    // No sideways scrolling on a 375-pixel screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-member-home');

    // An error on the home still shows, in Chinese, without antd's messages.
    await page.route('**/api/seminars/mine', (r) => r.fulfill({ status: 403, json: { error: 'FORBIDDEN', message: '没有权限查看研讨会安排' } }));
    await page.reload();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '没有权限查看研讨会安排' }).count()).toBe(1);
    await page.unroute('**/api/seminars/mine');

    await page.getByTestId('tab-bar').getByText('我的').click();
    await expect.poll(() => page.getByTestId('profile-card').textContent()).toContain('经济发展办公室');
    // A member has no business in the console.
    await page.goto('/console/users');
    await expect.poll(() => page.getByTestId('status-forbidden').isVisible()).toBe(true);

    await page.goto('/me');
    await page.getByTestId('sign-out').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await ctx.close();
  });

  it('returns to sign-in when the session has ended, and back to the same page after', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    // waitFor, not a one-second poll of isVisible: after sign-in antd's shell and the home load first.
    await page.getByTestId('member-greeting').waitFor();
    await page.goto('/me');
    await page.getByTestId('profile-card').waitFor();

    // The session ends on the server (as an idle timeout or a sign-out elsewhere would).
    const db = new Database(path.join(server.dataDir, 'shuxiang.db'));
    db.prepare("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'member')").run();
    db.close();

    await page.reload();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/me');
    await page.getByTestId('login-username').fill('member');
    await page.getByTestId('login-password').fill('shuxiang-demo');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/me');
    await ctx.close();
  });

  it('shows the same refusal for a wrong password as for an unknown user', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await signIn(page, 'member', 'wrong-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    // The sign-in page is plain elements in the app's first chunk (issue 11, a QR code on a slow line):
    // a handful of files, never antd's shell or a layout (it was ≈ 60 files of antd before).
    expect(scripts.filter((s) => /AntdShell|ConsoleLayout|MemberLayout/.test(s))).toEqual([]);
    expect(scripts.length).toBeLessThanOrEqual(10);
    await signIn(page, 'no-such-user', 'wrong-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await ctx.close();
  });
});

describe('a cadre on a desktop', () => {
  it('finds the tab bar under the content column, not across the screen, and on a phone across it', async () => {
    const bar = async (page: Page) => {
      const tab = (await page.getByTestId('tab-bar').boundingBox())!;
      const main = (await page.locator('main.sx-member-main').boundingBox())!;
      return { tab, main };
    };
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await page.getByTestId('member-greeting').waitFor();
    // The home (plain elements) and a page with antd's shell: the bar is as wide as the column, and lines up with it.
    for (const at of ['/', '/library']) {
      if (at !== '/') await page.goto(at);
      await page.getByTestId('tab-bar').getByText('首页').waitFor();
      const { tab, main } = await bar(page);
      expect(main.width, at).toBeLessThan(DESKTOP.width / 2);
      expect(Math.abs(tab.x - main.x), at).toBeLessThanOrEqual(1);
      expect(Math.abs(tab.width - main.width), at).toBeLessThanOrEqual(2);
      expect(tab.y + tab.height, at).toBeCloseTo(DESKTOP.height, 0);
    }
    await shot(page, 'e2e-desktop-member-library');
    await ctx.close();

    const phone = await newContext(browser, PHONE, server.url);
    const p2 = await phone.newPage();
    await signIn(p2, 'member');
    await p2.getByTestId('member-greeting').waitFor();
    const { tab } = await bar(p2);
    expect(tab.x).toBe(0);
    expect(tab.width).toBe(PHONE.width);
    await phone.close();
  });
});

describe('the party-building office on a desktop', () => {
  it('signs in to the console, finds a cadre by pinyin initials, and gets a row-by-row import report', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await expect.poll(() => page.getByTestId('console-stats').textContent()).toContain('118');
    await expect.poll(() => page.getByTestId('leading-group-table').textContent()).toContain('周建国');
    await shot(page, 'e2e-desktop-console');

    await page.getByTestId('console-menu').getByText('单位与名册').click();
    await expect.poll(() => page.getByTestId('roster-table').isVisible()).toBe(true);
    await page.getByTestId('roster-search').locator('input').fill('zs');
    await page.getByTestId('roster-search').locator('input').press('Enter');
    await expect.poll(async () => (await page.getByTestId('roster-table').locator('tbody tr').allTextContents()).join('|')).toContain('张三');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('干部名册');
    ws.addRow(['姓名*', '所属单位*', '职务', '人员类别*', '是否党员*', '手机号', '领导小组成员', '领导小组职务']);
    ws.addRow(['刘新来', '东风村', '网格员', '普通职工', '否', '', '否', '']);
    ws.addRow(['错行', '月球村', '', '党员', '是', '', '否', '']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sx-e2e-')), '名册.xlsx');
    await wb.xlsx.writeFile(file);

    await page.getByTestId('member-import').click();
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => page.getByTestId('import-errors').textContent()).toContain('月球村');
    expect(await page.getByTestId('import-errors').textContent()).toContain('3');
    await shot(page, 'e2e-desktop-import-report');
    await ctx.close();
  });

  it('lets the audit admin alone read the audit log', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'auditor');
    await page.goto('/console/audit');
    // The log names the action in Chinese (the code is in the row's drawer): the auditor's own sign-in is on it.
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('登录审计管理员');
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toContain('哈希链完整');
    await ctx.close();
  });
});
