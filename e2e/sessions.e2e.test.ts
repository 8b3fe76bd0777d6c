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

/** Shanghai wall-clock 'HH:mm' for now + minutes, kept within today. */
function localTime(offsetMin: number): { date: string; time: string } {
  const d = new Date(Date.now() + 8 * 3_600_000 + offsetMin * 60_000);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const iso = d.toISOString();
  if (iso.slice(0, 10) < today) return { date: today, time: '00:00' };
  if (iso.slice(0, 10) > today) return { date: today, time: '23:59' };
  return { date: today, time: iso.slice(11, 16) };
}

describe('collective study check-in', () => {
  it('the clerk opens a session, the member scans the screen’s code on the phone and appears on the sign-in sheet', async () => {
    const topic = '端到端测试：学习党的二十届三中全会精神';
    const desk = await newContext(browser, DESKTOP, server.url);
    const clerk = await desk.newPage();
    await signIn(clerk, 'clerk');
    await expect.poll(() => new URL(clerk.url()).pathname, { timeout: 10_000 }).toBe('/console');
    await clerk.goto('/console/sessions');
    await clerk.getByTestId('session-new').click();
    const form = clerk.getByTestId('session-form');
    await form.getByLabel('学习主题').fill(topic);
    const start = localTime(-5);
    await form.getByLabel('日期').fill(start.date);
    await form.getByLabel('开始').fill(start.time);
    await form.getByLabel('结束').fill(localTime(60).time);
    await form.getByLabel('地点').fill('镇机关三楼会议室');
    await clerk.getByTestId('session-save').click();
    await clerk.getByTestId('session-item').filter({ hasText: topic }).click();
    await clerk.getByTestId('session-open').click();
    await clerk.getByTestId('session-screen').click();
    const qr = clerk.getByTestId('screen-qr');
    await expect.poll(() => qr.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => clerk.getByTestId('screen-topic').textContent(), { timeout: 10_000 }).toBe(topic);
    await shot(clerk, 'session-screen');
    const url = new URL((await qr.getAttribute('data-url'))!);
    // The code's URL lands on the server, which notes the moment of the scan, then opens the scan page.
    expect(url.pathname).toMatch(/^\/api\/s\/\d+\/[A-Za-z0-9_-]{22}$/);

    // The member scans with the phone camera: signed out, sign-in first, then straight back and checked in —
    // however long signing in takes, the code counts as scanned when it was.
    const phone = await newContext(browser, PHONE, server.url);
    const member = await phone.newPage();
    await member.goto(url.pathname);
    await expect.poll(() => new URL(member.url()).pathname, { timeout: 10_000 }).toBe('/login');
    expect(new URL(member.url()).searchParams.get('next')).toBe(url.pathname.replace(/^\/api/, ''));
    await member.getByTestId('login-username').fill('member');
    await member.getByTestId('login-password').fill('shuxiang-demo');
    await member.getByTestId('login-submit').click();
    await expect.poll(() => member.getByTestId('scan-title').textContent(), { timeout: 15_000 }).toBe('签到成功');
    const time = (await member.getByTestId('scan-time').textContent())!.replace('签到时间 ', '');
    expect(time).toMatch(/^\d{2}:\d{2}$/);
    await shot(member, 'session-scan');

    // The live count on the screen and the sign-in sheet show it.
    await expect.poll(() => clerk.getByTestId('screen-count').textContent(), { timeout: 10_000 }).toMatch(/^1 \//);
    await clerk.goto('/console/sessions');
    await clerk.getByTestId('session-item').filter({ hasText: topic }).click();
    const row = clerk.getByTestId('sign-in-sheet').locator('tr', { hasText: '张三' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(time);
    expect(await row.textContent()).toMatch(/正常|迟到/);
    await shot(clerk, 'session-sheet');

    // Scanning again does nothing but say when.
    await member.goto(url.pathname);
    await expect.poll(() => member.getByTestId('scan-reason').textContent(), { timeout: 10_000 }).toBe(`已签到（${time}），无需重复签到`);
    // A forged code is refused.
    await member.goto(url.pathname.replace(/\/[^/]+$/, '/AAAAAAAAAAAAAAAAAAAAAA'));
    await expect.poll(() => member.getByTestId('scan-reason').textContent(), { timeout: 10_000 }).toBe('签到码无效，请扫描会场屏幕上的二维码');

    // 我的集中学习 lists it with the time.
    await member.goto('/study/sessions');
    await expect.poll(() => member.getByTestId('my-session').filter({ hasText: topic }).textContent(), { timeout: 10_000 }).toContain(time);
    await desk.close();
    await phone.close();
  });

  it('the member adds a note on the phone, shares it, and finds it by search', async () => {
    const phone = await newContext(browser, PHONE, server.url);
    const page = await phone.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/');
    await page.goto('/notes');
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-book').locator('input').fill('端到端测试读本');
    await page.getByTestId('note-chapter').fill('第二章');
    await page.getByTestId('note-page').fill('36');
    await page.getByTestId('note-quote').fill('空谈误国，实干兴邦。');
    await page.getByTestId('note-thought').fill('端到端测试心得：把学习成果落实到为群众办实事上。');
    await page.getByTestId('note-share').getByText('本单位同事').click();
    await page.getByTestId('note-save').click();
    const card = page.getByTestId('note-card').filter({ hasText: '端到端测试心得' });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toContain('《端到端测试读本》');
    expect(await card.textContent()).toContain('第 36 页');
    expect(await card.textContent()).toContain('已共享');
    await shot(page, 'notes');

    await page.getByTestId('note-search').locator('input').fill('实干兴邦');
    await page.getByTestId('note-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('note-card').count(), { timeout: 10_000 }).toBe(1);

    await card.getByText('《端到端测试读本》').click();
    await expect.poll(() => page.getByTestId('notebook-export').count(), { timeout: 10_000 }).toBe(1);
    const href = await page.getByTestId('notebook-export').getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('wordprocessingml');
    await phone.close();
  });
});
