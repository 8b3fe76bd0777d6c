import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** Shanghai wall-clock date and 'HH:mm' for now + minutes, kept within today. */
function localTime(offsetMin: number): { date: string; time: string } {
  const d = new Date(Date.now() + 8 * 3_600_000 + offsetMin * 60_000);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const iso = d.toISOString();
  if (iso.slice(0, 10) < today) return { date: today, time: '00:00' };
  if (iso.slice(0, 10) > today) return { date: today, time: '23:59' };
  return { date: today, time: iso.slice(11, 16) };
}

async function open(viewport: { width: number; height: number }, username: string): Promise<Page> {
  const ctx = await newContext(browser, viewport, server.url);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await signIn(page, username);
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).not.toBe('/login');
  return page;
}

/** A member's phone scans the screen's code: signed out, sign in on the way, then checked in. */
async function scanWithPhone(url: string, username: string): Promise<Page> {
  const ctx = await newContext(browser, PHONE, server.url);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(new URL(url).pathname);
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect.poll(() => page.getByTestId('scan-title').textContent(), { timeout: 15_000 }).toBe('签到成功');
  return page;
}

const pick = async (page: Page, option: string) => page.locator('.ant-select-item-option:visible', { hasText: option }).first().click();

/** The minutes' paragraphs as text, in order (what Word shows, without the layout). */
async function docxParagraphs(buf: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((p) => p.replace(/<[^>]+>/g, '').trim())
    .filter(Boolean);
}

describe('a monthly seminar: 个人说 · 同事议 · 书记评', () => {
  const theme = '端到端研讨：读《之江新语》谈作风建设';
  const c1 = '张三同志把“身入心至”和走访台账结合起来讲，很实在。';
  const c2 = '建议把每月三个网格的走访固定下来，形成制度。';
  let seminarId: number;
  let seminarPath: string;

  it('the clerk schedules it for today (a second this month, confirmed), 张三 writes his summary, two members join by QR and comment, the live view shows both', async () => {
    const clerk = await open(DESKTOP, 'clerk');
    await clerk.goto('/console/seminars');
    await clerk.getByTestId('seminar-new').click();
    const form = clerk.getByTestId('schedule-form');
    await form.getByLabel('研讨主题').fill(theme);
    const start = localTime(-5);
    await form.getByLabel('日期').fill(start.date);
    await form.getByLabel('开始').fill(start.time);
    await form.getByLabel('结束').fill(localTime(90).time);
    await form.getByLabel('地点').fill('镇机关三楼会议室');
    await form.getByLabel('主持人（书记评）').click();
    await pick(clerk, '周建国');
    await form.getByLabel('发言人').click();
    await form.getByLabel('发言人').fill('张三');
    await pick(clerk, '张三（');
    await expect.poll(() => form.locator('.ant-select-selection-item', { hasText: '张三（' }).count(), { timeout: 10_000 }).toBe(1);
    await shot(clerk, 'seminar-schedule');
    await clerk.getByTestId('schedule-save').click();
    // The demo town has this month's seminar next week: a warning to confirm, not a refusal.
    await expect.poll(() => clerk.getByText(/月已安排研讨会“.*”，确定还要再安排一次吗？/).count(), { timeout: 10_000 }).toBe(1);
    await clerk.getByRole('button', { name: '仍要安排' }).click();
    await expect.poll(() => new URL(clerk.url()).pathname, { timeout: 10_000 }).toMatch(/^\/console\/seminars\/\d+$/);
    seminarPath = new URL(clerk.url()).pathname;
    seminarId = Number(seminarPath.split('/').pop());
    await expect.poll(() => clerk.getByTestId('seminar-title').textContent(), { timeout: 10_000 }).toContain(theme);

    // 张三, the speaker, picks the book and writes the summary on his phone.
    const zhang = await open(PHONE, 'member');
    await zhang.goto(`/seminars/${seminarId}`);
    await zhang.getByTestId('speech-book').click();
    await zhang.getByTestId('speech-book').locator('input').fill('之江新语');
    await pick(zhang, '《之江新语》');
    await zhang.getByTestId('speech-summary').fill('《干部要“身入”更要“心至”》一文对我触动最大。我给自己定了规矩：每月至少走访三个网格，问题当场登记、限时回复。');
    await zhang.getByTestId('speech-save').click();
    const zhangCard = zhang.locator('[data-testid="speaker-card"][data-speaker="张三"]');
    await expect.poll(() => zhangCard.getByTestId('speaker-summary').textContent(), { timeout: 10_000 }).toContain('每月至少走访三个网格');

    // The clerk opens check-in and puts the live view on the meeting-room screen.
    await clerk.getByTestId('seminar-open').click();
    await clerk.getByTestId('seminar-live').click();
    const qr = clerk.getByTestId('live-qr');
    await expect.poll(() => qr.count(), { timeout: 15_000 }).toBe(1);
    const url = (await qr.getAttribute('data-url'))!;

    // Two members scan with their phones, open the seminar from their home page and comment on 张三.
    const texts: [string, string][] = [
      ['leader', c1],
      ['inspector', c2],
    ];
    const phones: Page[] = [];
    for (const [username, text] of texts) {
      const phone = await scanWithPhone(url, username);
      phones.push(phone);
      await phone.goto('/');
      // The home page shows today's seminar as the next one, and that this member does not speak.
      await expect.poll(() => phone.getByTestId('home-seminar').textContent(), { timeout: 10_000 }).toContain(theme);
      expect(await phone.getByTestId('home-seminar-speaking').textContent()).toBe('我不发言');
      await phone.getByTestId('home-seminar').click();
      await expect.poll(() => new URL(phone.url()).pathname, { timeout: 10_000 }).toBe(`/seminars/${seminarId}`);
      await expect.poll(() => phone.getByTestId('my-checkin').textContent(), { timeout: 10_000 }).toMatch(/已签到/);
      const card = phone.locator('[data-testid="speaker-card"][data-speaker="张三"]');
      await card.getByTestId('comment-input').fill(text);
      await card.getByTestId('comment-submit').click();
      await expect.poll(() => card.getByTestId('comment-item').filter({ hasText: text }).count(), { timeout: 10_000 }).toBe(1);
    }
    // The other phone sees the first comment without reloading.
    await expect.poll(() => phones[0].getByTestId('comment-item').filter({ hasText: c2 }).count(), { timeout: 15_000 }).toBe(1);
    await shot(phones[0], 'seminar-member');

    // The live view shows both, and the count, without reloading.
    await expect.poll(() => clerk.getByTestId('live-comment').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining(c1), expect.stringContaining(c2)]);
    await expect.poll(() => clerk.getByTestId('live-count').textContent(), { timeout: 10_000 }).toMatch(/^2 \//);
    await shot(clerk, 'seminar-live');
  });

  it('a member who did not check in cannot comment; the secretary evaluates on the desktop and signs the minutes off', async () => {
    // 张三 did not scan: no comment box for him (and his own speech takes none anyway); the server refuses a member who did not check in.
    const clerkPhone = await open(PHONE, 'clerk');
    await clerkPhone.goto(`/seminars/${seminarId}`);
    await expect.poll(() => clerkPhone.getByTestId('speaker-card').count(), { timeout: 10_000 }).toBe(1);
    expect(await clerkPhone.getByTestId('comment-input').count()).toBe(0);
    const refused = await clerkPhone.evaluate(async (id) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('sx_csrf='))?.split('=')[1] ?? '';
      const detail = await (await fetch(`/api/seminars/${id}`)).json();
      const res = await fetch(`/api/seminars/${id}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ speakerId: detail.speakers[0].id, body: '没来也评' }) });
      return { status: res.status, message: (await res.json()).message };
    }, seminarId);
    expect(refused).toEqual({ status: 403, message: '您没有签到参加本次研讨会，不能发表同事议' });

    const sec = await open(DESKTOP, 'secretary');
    await sec.goto(seminarPath);
    const card = sec.locator('[data-testid="speaker-card"][data-speaker="张三"]');
    await card.getByTestId('eval-grade').getByText('优秀').click();
    await card.getByTestId('eval-words').fill('联系实际紧密，措施具体可行，要抓好落实。');
    await card.getByTestId('eval-save').click();
    await expect.poll(() => card.getByTestId('speaker-evaluation').textContent(), { timeout: 10_000 }).toContain('联系实际紧密，措施具体可行，要抓好落实。');
    await sec.getByTestId('sign-off').click();
    await sec.getByTestId('sign-off-confirm').click();
    await expect.poll(() => sec.getByTestId('seminar-title').textContent(), { timeout: 10_000 }).toContain('纪要已签发');
    expect(await sec.getByTestId('eval-form').count()).toBe(0);
    await shot(sec, 'seminar-secretary');
  });

  it('the minutes .docx hold the attendance, the speaker with book and summary, both comments and the 书记评', async () => {
    const clerk = await open(DESKTOP, 'clerk');
    const res = await clerk.request.get(`/api/seminars/${seminarId}/minutes.docx`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('wordprocessingml');
    const paras = await docxParagraphs(Buffer.from(await res.body()));
    const text = paras.join('\n');
    expect(paras[0]).toMatch(/^X镇\d{4}年\d{1,2}月读书研讨会会议纪要$/);
    expect(text).toContain(`主题：${theme}`);
    expect(text).toContain('主持人：周建国');
    expect(text).toMatch(/实到 2 人/);
    expect(text).toContain('张三（经济发展办公室 科员）');
    expect(text).toContain('所读书目：《之江新语》');
    expect(text).toContain('每月至少走访三个网格');
    expect(text).toContain(`陈志强：${c1}`);
    expect(text).toContain(`王海波：${c2}`);
    expect(text).toContain('书记评：优秀。联系实际紧密，措施具体可行，要抓好落实。');
    expect(text).toContain('主持人签发：周建国');
    // A picture of the minutes for the record: the document's text laid out on an A4-like page.
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    // The body, then the appendix's heading and the sign-off line (the sign-in table's cells would be one per line here).
    const appendix = paras.indexOf('附：签到情况');
    const shown = [...paras.slice(0, appendix + 1), `（签到表 ${paras.slice(appendix + 1, -1).length} 格，略）`, paras[paras.length - 1]];
    const html = `<html><body style="background:#e9e6e2;margin:0;padding:24px"><div style="width:794px;margin:auto;background:#fff;padding:72px 80px;font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16px;line-height:1.9;color:#111">${shown
      .map((p, i) => (i === 0 ? `<h1 style="text-align:center;font-size:26px;font-weight:600;margin:0 0 24px">${esc(p)}</h1>` : `<p style="margin:0 0 4px">${esc(p)}</p>`))
      .join('')}</div></body></html>`;
    const view = await clerk.context().newPage();
    await view.setContent(html);
    if (process.env.SHOTS_DIR) {
      fs.mkdirSync(process.env.SHOTS_DIR, { recursive: true });
      await view.screenshot({ path: path.join(process.env.SHOTS_DIR, 'seminar-minutes.png'), fullPage: true });
    }
  });
});

describe('a party lecture', () => {
  const topic = '端到端党课：做新时代的群众工作';

  it('is proposed by a member, approved and scheduled by the clerk, attended by QR and rated; the lecturer sees the average', async () => {
    const zhang = await open(PHONE, 'member');
    await zhang.goto('/seminars');
    await zhang.getByTestId('lecture-propose').click();
    await zhang.getByTestId('propose-topic').fill(topic);
    await zhang.getByTestId('propose-outline').fill('一、群众路线是党的生命线\n二、新形势下群众工作的难点\n三、把工作做到群众心坎上');
    await zhang.getByTestId('propose-submit').click();
    await expect.poll(() => zhang.getByTestId('my-lecture').filter({ hasText: topic }).textContent(), { timeout: 10_000 }).toContain('待审批');

    const clerk = await open(DESKTOP, 'clerk');
    await clerk.goto('/console/lectures');
    await clerk.getByRole('tab', { name: /待审批的申报/ }).click();
    const row = clerk.locator('tr', { hasText: topic });
    await row.getByTestId('lecture-approve').click();
    await clerk.getByTestId('lecture-date').fill(localTime(-5).date);
    await clerk.getByTestId('lecture-start').fill(localTime(-5).time);
    await clerk.getByTestId('lecture-end').fill(localTime(60).time);
    await clerk.getByTestId('lecture-place').fill('镇党群服务中心报告厅');
    await clerk.getByTestId('lecture-slot-save').click();
    await clerk.getByRole('tab', { name: '党课安排' }).click();
    const scheduled = clerk.locator('tr', { hasText: topic });
    await scheduled.getByTestId('lecture-open').click();
    await scheduled.getByTestId('lecture-screen').click();
    const qr = clerk.getByTestId('screen-qr');
    await expect.poll(() => qr.count(), { timeout: 15_000 }).toBe(1);
    const url = (await qr.getAttribute('data-url'))!;

    const leader = await scanWithPhone(url, 'leader');
    await leader.goto('/seminars');
    await leader.getByTestId('my-lecture').filter({ hasText: topic }).click();
    await leader.getByTestId('rate-stars').locator('li').nth(4).click();
    await leader.getByTestId('rate-comment').fill('讲得接地气，案例都是身边事。');
    await leader.getByTestId('rate-submit').click();
    await expect.poll(() => leader.getByText('我的评分').count(), { timeout: 10_000 }).toBe(1);

    await zhang.goto('/seminars');
    await zhang.getByTestId('my-lecture').filter({ hasText: topic }).click();
    await expect.poll(() => zhang.getByTestId('lecture-average').textContent(), { timeout: 10_000 }).toBe('5.0');
    const feedback = await zhang.getByTestId('lecture-feedback').textContent();
    expect(feedback).toContain('讲得接地气，案例都是身边事。');
    // Anonymous to the lecturer (the default setting).
    expect(feedback).not.toContain('陈志强');
    expect(feedback).toContain('匿名');
    await shot(zhang, 'lecture-lecturer');
  });
});
