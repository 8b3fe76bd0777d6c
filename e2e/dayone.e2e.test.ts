// Day one in the demo town (issue 11): the system administrator opens an account for every
// cadre without one in one action and prints the slips (the PDF rendered and read back,
// its QR codes checked against the sign-in link); a cadre signs in with her slip, changes
// the password, finds the due-date notice in the inbox and follows it to her loan; slips
// for her account are refused from then on; a returned reflection reaches its author.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slipLink, slipQrBox } from '../server/src/modules/accounts/slips';
import { composeReflection } from '../server/src/demo/reflections';
import { rng } from '../server/src/demo/factories';
import { pdfPageImage, pdfPages, qrMatch } from '../server/test/pdf';
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

/** The demo's cadre without an account who has a book due tomorrow (server/src/demo/demo.ts). */
const NEWCOMER = '刘晓燕';

interface Slip {
  name: string;
  unit: string;
  username: string;
  password: string;
}

/** The slips as printed: 「name unit」, 用户名, the username, 初始密码, the password. */
function slipsOf(text: string): Slip[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const out: Slip[] = [];
  for (let i = 1; i + 3 < lines.length; i++) {
    if (lines[i] !== '用户名' || lines[i + 2] !== '初始密码') continue;
    const [name, ...unit] = lines[i - 1].split(/\s+/);
    // The password is printed letter-spaced (easier to copy by hand); pdf.js may read a wide gap as a space, and no password has one.
    out.push({ name, unit: unit.join(' '), username: lines[i + 1], password: lines[i + 3].replace(/\s+/g, '') });
  }
  return out;
}

async function csrf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).find((c) => c.name === 'sx_csrf')?.value ?? '';
}

describe('day one', () => {
  let admin: BrowserContext;
  let created = 0;
  let newcomer: Slip;

  it('opens every missing account in one action; the slip sheet renders with each name, username, password and a QR code of the sign-in link', async () => {
    admin = await newContext(browser, DESKTOP, server.url);
    const a = await admin.newPage();
    await signIn(a, 'admin');
    await expect.poll(() => new URL(a.url()).pathname, { timeout: 30_000 }).toBe('/console');
    await a.goto('/console/accounts');
    await expect.poll(() => a.getByTestId('accounts-pending-count').textContent(), { timeout: 20_000 }).toMatch(/^未开通 \d+ 人/);
    const [, pending, has] = /^未开通 (\d+) 人，已开通 (\d+) 人$/.exec((await a.getByTestId('accounts-pending-count').textContent()) ?? '')!.map(Number);
    // The demo town's roster: every active cadre but the eight demo accounts.
    expect(pending).toBeGreaterThan(100);
    await shot(a, 'dayone-desktop-accounts');
    await a.getByTestId('accounts-create-all').click();
    await a.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => a.getByTestId('accounts-created').locator('.ant-card-head-title').textContent(), { timeout: 180_000 }).toBe(`已开通 ${pending} 个账号（另有 ${has} 人原已有账号）`);
    created = pending;
    // Nobody is left without an account, and a second run would make none.
    await expect.poll(() => a.getByTestId('accounts-pending-count').textContent()).toBe(`未开通 0 人，已开通 ${pending + has} 人`);
    expect(await a.getByTestId('accounts-create-all').count()).toBe(0);

    const [pdfDl] = await Promise.all([a.waitForEvent('download', { timeout: 180_000 }), a.getByTestId('slips-pdf').click()]);
    expect(pdfDl.suggestedFilename()).toMatch(/^账号开通凭条-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = fs.readFileSync((await pdfDl.path())!);
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(Math.ceil(pending / 10));
    const slips = slipsOf(pages.join('\n'));
    expect(slips).toHaveLength(pending);
    expect(new Set(slips.map((s) => s.username)).size).toBe(pending);
    // The table on the page and the printed slips agree, row by row.
    const shown = await a.getByTestId('accounts-created').locator('tbody tr.ant-table-row').first().locator('td').allTextContents();
    expect(slips[0]).toMatchObject({ name: shown[0], username: shown[2], password: shown[3] });
    for (const s of slips) expect(s.password).toMatch(/^[A-Za-z0-9]{10,}$/);
    newcomer = slips.find((s) => s.name === NEWCOMER)!;
    expect(newcomer, `${NEWCOMER} has a slip`).toBeTruthy();
    expect(newcomer.unit).toBe('经济发展办公室');
    expect(pages.join('\n')).toContain(`登录地址：${server.url}/login`);

    // Rendered: the QR code of a slip is the sign-in link with that slip's username (and not its neighbour's).
    const k = slips.indexOf(newcomer);
    const img = await pdfPageImage(pdf, Math.floor(k / 10) + 1, 3);
    const box = slipQrBox(k % 10);
    expect(await qrMatch(img, box, 3, slipLink(server.url, newcomer.username))).toBe(1);
    const other = slips[k % 10 === 0 ? k + 1 : k - 1];
    expect(await qrMatch(img, box, 3, slipLink(server.url, other.username))).toBeLessThan(0.9);

    const [xlsxDl] = await Promise.all([a.waitForEvent('download', { timeout: 180_000 }), a.getByTestId('slips-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await xlsxDl.path())!) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const row = rows.find((r) => r[1] === NEWCOMER)!;
    expect(row.slice(1, 5)).toEqual([NEWCOMER, '经济发展办公室', newcomer.username, newcomer.password]);
    expect(rows.filter((r) => /^\d+$/.test(r[0]))).toHaveLength(pending);
    await shot(a, 'dayone-desktop-accounts-created');
  }, 300_000);

  it('a cadre signs in from her slip, changes the password, and follows the due-date notice in the inbox to her loan', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const p = await ctx.newPage();
    // The slip's QR code opens the sign-in page with her username filled in.
    await p.goto(slipLink(server.url, newcomer.username));
    await expect.poll(() => p.getByTestId('login-username').inputValue()).toBe(newcomer.username);
    await p.getByTestId('login-password').fill(newcomer.password);
    await p.getByTestId('login-submit').click();
    // The initial password must be changed before anything else.
    await expect.poll(() => new URL(p.url()).pathname, { timeout: 30_000 }).toBe('/password');
    const fresh = 'Shuxiang-2026-liu';
    await p.getByTestId('password-old').locator('input').or(p.getByTestId('password-old')).first().fill(newcomer.password);
    await p.getByTestId('password-new').locator('input').or(p.getByTestId('password-new')).first().fill(fresh);
    await p.getByTestId('password-confirm').locator('input').or(p.getByTestId('password-confirm')).first().fill(fresh);
    await p.getByTestId('password-submit').click();
    await expect.poll(() => new URL(p.url()).pathname, { timeout: 20_000 }).toBe('/');

    // The bell on the member home counts the unread notice; the inbox shows it.
    await expect.poll(() => p.getByTestId('inbox-unread').textContent(), { timeout: 20_000 }).toMatch(/^[1-9]/);
    await p.getByTestId('inbox-bell').click();
    await expect.poll(() => new URL(p.url()).pathname).toBe('/inbox');
    const due = p.getByTestId('inbox-item').filter({ hasText: '明天到期' });
    await expect.poll(() => due.count(), { timeout: 20_000 }).toBe(1);
    const title = /《(.+)》明天到期/.exec((await due.textContent()) ?? '')![1];
    expect(await due.getAttribute('data-read')).toBe('0');
    await shot(p, 'dayone-phone-inbox');
    await due.click();
    await expect.poll(() => new URL(p.url()).pathname).toMatch(/^\/c\//);
    await expect.poll(() => p.getByTestId('copy-title').textContent(), { timeout: 20_000 }).toBe(title);
    expect(await p.getByTestId('copy-note').textContent()).toMatch(/^您正在借阅，请于 \d{4}年\d{1,2}月\d{1,2}日 前归还$/);
    // Opening it marked it read.
    await p.goto('/inbox');
    await expect.poll(() => p.getByTestId('inbox-item').filter({ hasText: '明天到期' }).getAttribute('data-read')).toBe('1');
    await ctx.close();

    // Her password is her own now: her slip cannot be printed again.
    const a = admin.pages()[0];
    await a.getByTestId('slips-pdf').click();
    await expect.poll(() => a.locator('.ant-message').textContent(), { timeout: 60_000 }).toContain(`已修改过初始密码，不能再打印凭条：${NEWCOMER}（${newcomer.username}）`);
  }, 180_000);

  it('tells the author when the office returns her reflection, with the comment, and takes her to it', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const p = await ctx.newPage();
    await signIn(p, newcomer.username, 'Shuxiang-2026-liu');
    await expect.poll(() => new URL(p.url()).pathname, { timeout: 30_000 }).toBe('/');
    // Her reflection, handed in (the writing itself is the reflections journey's).
    const { html } = composeReflection(rng(11), { book: '之江新语', author: '习近平', summary: '', unit: '经济发展办公室', month: '12月' }, 1600);
    const title = '在招商一线读《之江新语》';
    const headers = { 'x-csrf-token': await csrf(ctx) };
    const draft = await ctx.request.post(`${server.url}/api/reflections`, { data: { title, bodyHtml: html, bookTitle: '之江新语' }, headers });
    expect(draft.status(), await draft.text()).toBe(201);
    const r = (await draft.json()) as { id: number; version: number };
    const sub = await ctx.request.post(`${server.url}/api/reflections/${r.id}/submit`, { data: { version: r.version }, headers });
    expect(sub.status(), await sub.text()).toBe(200);

    const clerkCtx = await newContext(browser, DESKTOP, server.url);
    const c = await clerkCtx.newPage();
    await signIn(c, 'clerk');
    await expect.poll(() => new URL(c.url()).pathname, { timeout: 30_000 }).toBe('/console');
    await c.goto('/console/reflections?status=submitted');
    await c.locator(`a[data-testid="rf-queue-title"][href="/console/reflections/${r.id}"]`).click();
    await expect.poll(() => c.getByTestId('rf-review-title').textContent(), { timeout: 20_000 }).toBe(title);
    const comment = '请结合经济发展办公室的招商工作，补充一两个具体做法后重新提交。';
    await c.getByTestId('rf-review-comment-input').fill(comment);
    await c.getByTestId('rf-return').click();
    await expect.poll(async () => ((await (await clerkCtx.request.get(`${server.url}/api/reflections/${r.id}`)).json()) as { status: string }).status).toBe('returned');
    await clerkCtx.close();

    await p.goto('/inbox');
    const notice = p.getByTestId('inbox-item').filter({ hasText: `心得《${title}》被退回修改` });
    await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
    expect(await notice.textContent()).toContain(`审核意见：${comment}`);
    await notice.click();
    await expect.poll(() => new URL(p.url()).pathname).toBe(`/reflections/${r.id}`);
    await expect.poll(() => p.getByTestId('rf-return-comment').textContent(), { timeout: 20_000 }).toContain(comment);
    await ctx.close();
  }, 180_000);

  it('shows the console menu by area and the inbox at the desk', async () => {
    expect(created).toBeGreaterThan(0);
    const ctx = await newContext(browser, DESKTOP, server.url);
    const c = await ctx.newPage();
    await signIn(c, 'clerk');
    await expect.poll(() => new URL(c.url()).pathname, { timeout: 30_000 }).toBe('/console');
    await expect.poll(() => c.getByTestId('pending-work').count(), { timeout: 20_000 }).toBe(1);
    await shot(c, 'dayone-desktop-console-home');
    await c.getByTestId('inbox-bell').click();
    await expect.poll(() => new URL(c.url()).pathname).toBe('/console/inbox');
    await expect.poll(() => c.getByTestId('inbox-page').count()).toBe(1);
    await shot(c, 'dayone-desktop-inbox');
    await ctx.close();
  }, 120_000);
});
