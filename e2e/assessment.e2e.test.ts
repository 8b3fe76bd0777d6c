import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithGps } from '../server/test/photos';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

// The evidence behind a page is computed over the whole year: give pages time to load.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 150 });

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
const unitId = (name: string) => query<{ id: number }>('SELECT id FROM units WHERE name = ?', name)[0]!.id;

/** A JSON call from the signed-in page, with its CSRF token, as the web app makes it. */
async function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('sx_csrf='))?.split('=')[1] ?? '';
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json();
    },
    { method, url, body },
  ) as Promise<T>;
}

async function signedInPage(user: string, viewport = DESKTOP) {
  const ctx = await newContext(browser, viewport, server.url);
  const page = await ctx.newPage();
  await signIn(page, user);
  await poll(() => new URL(page.url()).pathname).not.toBe('/login');
  return { ctx, page };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('inspections', () => {
  let inspectionId = 0;
  let findingUnit = 0;

  it('draws units with a seed, and the re-draw with that seed gives the same units', async () => {
    const { ctx, page } = await signedInPage('inspector');
    const year = new Date().getFullYear();
    const quarter = Math.floor(new Date().getMonth() / 3) + 1;
    const townId = unitId('X镇');
    const created = await call<{ id: number }>(page, 'POST', '/api/assessment/inspections', { scopeUnitId: townId, year, quarter, kind: 'onsite', unitCount: 3, membersPerUnit: 2, teamUserIds: [] });
    inspectionId = created.id;
    await page.goto(`/console/assessment/inspections/${inspectionId}`);
    await page.getByPlaceholder('抽签种子').fill('端到端测试种子-2026');
    await page.getByRole('button', { name: /抽\s*签/ }).click();
    await poll(() => page.getByTestId('drawn-unit').count()).toBe(3);
    const shown = await page.getByTestId('drawn-unit').allTextContents();
    const recorded = query<{ name: string }>('SELECT u.name FROM inspection_units iu JOIN units u ON u.id = iu.unit_id WHERE iu.inspection_id = ? ORDER BY iu.draw_order', inspectionId).map((r) => r.name);
    expect(shown).toEqual(recorded);
    await poll(() => page.getByTestId('seed').textContent()).toContain('端到端测试种子-2026');
    await shot(page, 'assessment-inspector-console');

    const verify = page.getByTestId('verify-card');
    await verify.getByRole('textbox').fill('端到端测试种子-2026');
    await verify.getByRole('button', { name: '重新抽取' }).click();
    await poll(() => page.getByTestId('verify-result').textContent()).toContain('复核一致');
    const redrawn = (await page.getByTestId('redrawn-unit').allTextContents()).map((t) => t.replace(/（.*$/, ''));
    expect(redrawn).toEqual(recorded);
    await verify.getByRole('textbox').fill('另一个种子');
    await verify.getByRole('button', { name: '重新抽取' }).click();
    await poll(() => verify.textContent()).toMatch(/种子.*不一致/);
    await ctx.close();
  });

  it('takes an on-site finding with a photo on a phone, kept offline and sent on reconnect', async () => {
    findingUnit = unitId('经济发展办公室');
    const { ctx, page } = await signedInPage('inspector', PHONE);
    await page.goto(`/inspect/${inspectionId}/${findingUnit}`);
    await poll(() => page.getByText('平台已掌握的情况').count()).toBe(1);
    await poll(() => page.locator('[data-metric="study.planRate"]').textContent()).toMatch(/应制定 \d+ 份，已制定 \d+ 份/);
    await poll(() => page.locator('[data-metric="library.unreturned"]').count()).toBe(1);

    await page.getByRole('combobox', { name: '检查项目' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '学习记录坚持填写' }).click();
    await page.getByRole('spinbutton').fill('6');
    await page.getByPlaceholder('发现的问题').fill('端到端：两名干部近一周未填写学习记录');
    await page.getByTestId('photo-input').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: jpegWithGps() });
    await poll(() => page.getByTestId('photo-preview').count()).toBe(1);
    await shot(page, 'assessment-onsite-phone');

    // No connection on site: the finding waits on the phone.
    await ctx.setOffline(true);
    await page.getByRole('button', { name: '保存发现' }).click();
    await poll(() => page.getByTestId('queue').textContent()).toContain('1 条检查发现待发送');
    expect(query('SELECT id FROM inspection_findings WHERE inspection_id = ?', inspectionId)).toHaveLength(0);
    await ctx.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await poll(() => page.getByTestId('finding').count()).toBe(1);
    expect(await page.getByTestId('queue').count()).toBe(0);
    const photoOk = await page.getByTestId('finding-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(photoOk).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const [f] = query<{ id: number; photo_file_id: number; text: string }>('SELECT id, photo_file_id, text FROM inspection_findings WHERE inspection_id = ?', inspectionId);
    expect(f!.text).toBe('端到端：两名干部近一周未填写学习记录');
    const [file] = query<{ data_base64: string }>('SELECT data_base64 FROM assessment_files WHERE id = ?', f!.photo_file_id);
    // The canvas re-encodes the photo and the server strips what is left: no Exif, no GPS.
    expect(Buffer.from(file!.data_base64, 'base64').includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    await ctx.close();
  });

  it('turns the finding into a rectification that the unit closes with evidence', async () => {
    const desk = await signedInPage('inspector');
    await desk.page.goto(`/console/assessment/inspections/${inspectionId}`);
    await desk.page.getByRole('button', { name: '下达整改' }).click();
    const modal = desk.page.locator('.ant-modal');
    await modal.getByRole('combobox').first().click();
    await desk.page.locator('.ant-select-item-option').filter({ hasText: '张三' }).click();
    await modal.getByRole('button', { name: '下达整改' }).click();
    await poll(() => query('SELECT id FROM rectifications').length).toBeGreaterThan(4);
    const [rect] = query<{ id: number; status: string }>('SELECT r.id, r.status FROM rectifications r JOIN inspection_findings f ON f.id = r.finding_id WHERE f.inspection_id = ?', inspectionId);
    expect(rect!.status).toBe('open');

    // The cadre finds the task on the phone's home (and under 我的), with the count of their tasks not yet closed.
    const owner = query<{ member_id: number }>("SELECT member_id FROM users WHERE username = 'member'")[0]!.member_id;
    const notClosed = () => query<{ n: number }>("SELECT COUNT(*) AS n FROM rectifications WHERE owner_member_id = ? AND status != 'accepted'", owner)[0]!.n;
    expect(notClosed()).toBeGreaterThan(0);
    const phone = await signedInPage('member', PHONE);
    await phone.page.goto('/');
    await poll(() => phone.page.getByTestId('home-rectifications-count').textContent()).toBe(String(notClosed()));
    expect(await phone.page.getByTestId('home-rectifications').textContent()).toContain('待整改');
    await phone.page.goto('/me');
    await poll(() => phone.page.getByTestId('me-rectifications-count').textContent()).toBe(String(notClosed()));
    await phone.page.goto('/');
    await phone.page.getByTestId('home-rectifications').click();
    await poll(() => new URL(phone.page.url()).pathname).toBe('/assessment/rectifications');
    await phone.page.getByRole('link', { name: /端到端/ }).click();
    await phone.page.getByTestId('evidence-input').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: jpegWithGps() });
    await shot(phone.page, 'assessment-rectification-phone');
    await poll(() => phone.page.getByTestId('evidence-photo').count()).toBe(1);
    await phone.page.getByPlaceholder('整改情况说明').fill('已督促两名干部补记学习记录，并建立每周提醒');
    await phone.page.getByRole('button', { name: '提交验收' }).click();
    await poll(() => phone.page.getByTestId('rect-status').textContent()).toBe('待验收');

    await desk.page.goto(`/console/assessment/rectifications?focus=${rect!.id}`);
    await desk.page.getByPlaceholder('验收意见').fill('整改到位');
    await desk.page.getByRole('button', { name: '验收销号' }).click();
    await poll(() => desk.page.locator('.ant-drawer').getByTestId('rect-status').textContent()).toBe('已销号');
    expect(query<{ status: string }>('SELECT status FROM rectifications WHERE id = ?', rect!.id)[0]!.status).toBe('accepted');
    // Closed: the home counts one task fewer, and shows no card when none is left.
    await phone.page.goto('/');
    await poll(() => phone.page.getByTestId('feature-grid').count()).toBe(1);
    if (notClosed() === 0) await poll(() => phone.page.getByTestId('home-rectifications').count()).toBe(0);
    else await poll(() => phone.page.getByTestId('home-rectifications-count').textContent()).toBe(String(notClosed()));
    await desk.ctx.close();
    await phone.ctx.close();
  });
});

describe('the joint acceptance', () => {
  it('three members score one unit blind; the consolidated score and spread match a hand computation; sign-off locks; exports parse', async () => {
    const year = new Date().getFullYear();
    const unit = unitId('和平村');
    // Each scorer's points per item: the item's maximum less a fixed deduction per scorer.
    const deductions = { inspector: 1, inspector2: 2.5, clerk: 0.5 };
    const totals: number[] = [];
    for (const [user, cut] of Object.entries(deductions)) {
      const { ctx, page } = await signedInPage(user);
      await page.goto(`/console/assessment/acceptance/${year}/units/${unit}`);
      const inputs = page.getByRole('spinbutton');
      await poll(() => inputs.count()).toBe(12);
      let total = 0;
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      for (let i = 0; i < 12; i++) {
        const max = Number(await rows.nth(i).locator('td').nth(2).textContent());
        const pts = Math.max(0, max - cut);
        total += pts;
        await rows.nth(i).getByRole('spinbutton').fill(String(pts));
      }
      totals.push(total);
      await poll(() => page.getByTestId('my-total').textContent()).toBe(total.toFixed(1));
      if (user === 'inspector') await shot(page, 'assessment-scoring');
      await page.getByRole('button', { name: '提交评分' }).click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '提交评分' }).click();
      // The sheet locks once the server has it; if it does not, the failure shows what the page told the scorer
      // (this step failed once in CI with no message to go on, and never in three runs here).
      await poll(async () => ({ user, inputs: await inputs.count(), toast: (await page.locator('.ant-message').allTextContents()).join(' '), confirmOpen: await page.locator('.ant-modal-confirm').count() })).toMatchObject({ inputs: 0 });
      await ctx.close();
    }
    const avg = totals.reduce((a, b) => a + b, 0) / totals.length;
    const spread = Math.max(...totals) - Math.min(...totals);

    const { ctx, page } = await signedInPage('clerk');
    await page.goto(`/console/assessment/acceptance/${year}/units/${unit}`);
    await poll(() => page.getByTestId('consolidated-score').textContent()).toBe(avg.toFixed(2));
    expect(await page.getByTestId('spread').textContent()).toBe(spread.toFixed(2));
    // The clerk scored too: their sheet is the 我的评分 column, and the other two stand beside it, each once.
    const heads = (await page.locator('.ant-table-thead th').allTextContents()).map((h) => h.trim());
    expect(heads.slice(5)).toEqual(['我的评分', ...query<{ display_name: string }>("SELECT display_name FROM users WHERE username IN ('inspector', 'inspector2') ORDER BY username").map((u) => u.display_name)]);
    await page.getByRole('button', { name: '组长签字确认' }).click();
    await page.locator('.ant-popconfirm').getByRole('button').last().click();
    await poll(() => page.getByText('已签字').count()).toBeGreaterThan(0);
    expect(query<{ locked: number }>('SELECT locked FROM acceptance_results WHERE year = ? AND unit_id = ?', year, unit)[0]!.locked).toBe(1);
    await shot(page, 'assessment-scoring-signed');

    const docx = await page.request.get(`/api/assessment/acceptance/${year}/report.docx`);
    expect(docx.status()).toBe(200);
    const xml = (await (await JSZip.loadAsync(await docx.body())).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('联合验收报告');
    expect(xml).toContain('和平村');
    const xlsx = await page.request.get(`/api/assessment/acceptance/${year}/scores.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('验收结果')!;
    const row = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(2).value === '和平村')!;
    expect(Number(row.getCell(4).value)).toBeCloseTo(Math.round(avg * 100) / 100, 2);
    expect(row.getCell(9).value).toBe('已签字');
    await page.goto(`/console/assessment/acceptance`);
    await poll(() => page.getByText('和平村').count()).toBeGreaterThan(0);
    await shot(page, 'assessment-acceptance-results');
    await ctx.close();
  });
});
