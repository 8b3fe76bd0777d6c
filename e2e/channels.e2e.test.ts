import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotReceiver } from '../server/src/modules/channels/testkit';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
let robot: Awaited<ReturnType<typeof robotReceiver>>;

beforeAll(async () => {
  server = await startServer({ SHUXIANG_JOBS: '0' });
  browser = await launch();
  robot = await robotReceiver();
});
afterAll(async () => {
  await robot?.close();
  await browser?.close();
  await server?.stop();
});

describe('notification channels', () => {
  it('lets the clerk add a WeCom group robot, send a test message to it and see it in the records', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto('/console/channels');
    // The demo town's placeholder channel, switched off.
    await expect.poll(() => page.getByTestId('channels-table').textContent()).toContain('X镇干部读书群（企业微信）');

    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-drawer').waitFor();
    await page.getByTestId('channel-name').fill('东风村读书群');
    const url = robot.url('/cgi-bin/webhook/send', 'key=e2e0123456789abcdef');
    await page.getByTestId('channel-webhook').fill(url);
    await page.getByTestId('channel-save').click();
    await expect.poll(() => page.getByTestId('channels-table').textContent()).toContain('东风村读书群');
    // The key is never shown again in full.
    const table = (await page.getByTestId('channels-table').textContent())!;
    expect(table).not.toContain('e2e0123456789abcdef');
    expect(table).toContain('key=e2e0****cdef');

    await page.getByTestId('channels-table').getByText('东风村读书群').click();
    const row = page.locator('tr', { hasText: '东风村读书群' });
    await row.locator('[data-testid^="channel-test-"]').click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toBe('测试消息已发送，请到群里或邮箱查看');
    expect(robot.hits).toHaveLength(1);
    expect(robot.hits[0].body.msgtype).toBe('text');
    expect(robot.hits[0].content).toContain('【书香机关】测试消息');
    await page.locator('.ant-modal-close').click();
    await expect.poll(() => page.getByTestId('deliveries').textContent()).toContain('已发送');
    await shot(page, 'desktop-channels');
    await ctx.close();
  });

  it('lets a cadre switch the evening study reminder off on 我的', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto('/me');
    const sw = page.getByTestId('evening-reminder');
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    await sw.tap();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    expect((await (await page.request.get('/api/me/preferences')).json()).eveningReminder).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByTestId('evening-reminder').getAttribute('aria-checked')).toBe('false');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-profile-reminders');
    await ctx.close();
  });
});
