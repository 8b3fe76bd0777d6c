// A console that fits its user (issue 11): 学习情况 fits a desktop without a sideways
// scroll and turns into cards on a phone, with the per-unit summary beside the people;
// the audit log reads in Chinese with the raw codes in a drawer. And two defects of the
// walk that only a browser shows: the sign-in sheet's print button under the app's CSP,
// and the autosave after submitting a reflection.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeReflection } from '../server/src/demo/reflections';
import { rng } from '../server/src/demo/factories';
import { fmtShanghai, shanghaiMonth } from '../web/src/features/study/summary';
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

const db = () => new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });

async function apiGet<T>(ctx: BrowserContext, p: string): Promise<T> {
  const res = await ctx.request.get(`${server.url}/api${p}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

interface UnitView {
  rows: { name: string }[];
  totals: { members: number; withPlan: number };
  units: { unitName: string; members: number; withPlan: number }[];
}

describe('学习情况', () => {
  it('fits 1440 px without a sideways scroll, shows the per-unit summary with its totals row, and exports both', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.goto('/console/study');
    const view = await apiGet<UnitView>(ctx, '/study/units/view');
    expect(view.units.length).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('unit-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // Nothing clipped: neither the page nor the table scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    const table = await page.getByTestId('unit-table').evaluate((el) => {
      const scroller = el.querySelector('.ant-table-content, .ant-table-body') as HTMLElement;
      return { scroll: scroller.scrollWidth, client: scroller.clientWidth };
    });
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    // Every column's header is on screen.
    for (const h of ['姓名', '月度计划', '本月读完', '达标率', '本月学习', '集中学习出勤']) {
      const box = await page.getByTestId('unit-table').locator('th', { hasText: h }).first().boundingBox();
      expect(box, h).not.toBeNull();
      expect(box!.x + box!.width, h).toBeLessThanOrEqual(DESKTOP.width);
    }

    // 按单位汇总: one row per unit and the totals row, the numbers the server computed.
    await page.getByTestId('study-by').getByText('按单位汇总').click();
    const rows = page.getByTestId('unit-summary').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(view.units.length + 1);
    const first = view.units[0];
    expect(await rows.nth(0).locator('td').nth(0).textContent()).toBe(first.unitName);
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe(String(first.members));
    const total = rows.last();
    expect(await total.locator('td').nth(0).textContent()).toBe('合计');
    expect(await total.locator('td').nth(1).textContent()).toBe(String(view.totals.members));
    expect((await total.locator('td').nth(2).textContent())?.replace(/\s/g, '')).toBe(`${view.totals.withPlan}/${view.totals.members}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    await shot(page, 'e2e-desktop-study-summary');

    // The export button gives the workbook (two sheets; the server test reads them).
    const href = await page.getByTestId('export').getAttribute('href');
    expect(href).toContain('/api/study/units/view.xlsx');
    const x = await ctx.request.get(`${server.url}${href}`);
    expect(x.status()).toBe(200);
    expect(x.headers()['content-type']).toContain('spreadsheetml');
    await ctx.close();
  });

  it('turns into cards on a phone, people and units alike', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto('/console/study');
    const view = await apiGet<UnitView>(ctx, '/study/units/view');
    await expect.poll(() => page.getByTestId('unit-card').count(), { timeout: 15_000 }).toBe(view.rows.length);
    expect(await page.getByTestId('unit-table').count()).toBe(0);
    const card = page.getByTestId('unit-card').first();
    expect(await card.textContent()).toContain(view.rows[0].name);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-study-people');
    await page.getByTestId('study-by').getByText('按单位汇总').tap();
    await expect.poll(() => page.getByTestId('unit-summary-card').count()).toBe(view.units.length + 1);
    expect(await page.getByTestId('unit-summary-card').last().textContent()).toContain('合计');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'e2e-phone-study-summary');
    await ctx.close();
  });
});

interface UnitSummary {
  month: string;
  unit: { id: number; name: string };
  asOf: string | null;
  units: { unitName: string; members: number; withPlan: number; compliance: number | null }[];
  totals: { members: number; withPlan: number; compliance: number | null };
}
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const lastMonth = () => {
  const [y, m] = shanghaiMonth().split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** Opens 按单位汇总 of `month` (the picker typed as a clerk would) and waits for the freshness line. */
async function openByUnit(page: import('playwright-core').Page, month?: string) {
  await page.goto('/console/study');
  await page.getByTestId('study-by').getByText('按单位汇总').click();
  if (month) {
    const input = page.locator('.ant-picker-input input').first();
    await input.click();
    await input.fill(month);
    await input.press('Enter');
    // Close the picker as a clerk would, by clicking elsewhere (the title).
    await page.getByRole('heading', { name: '学习情况' }).click();
  }
  await page.getByTestId('summary-freshness').waitFor({ timeout: 15_000 });
}

/** The by-unit rows on screen, table or cards, until they are the server's summary: each unit's name, members, plans and compliance. */
async function expectRowsOf(page: import('playwright-core').Page, s: UnitSummary, phone: boolean) {
  const all = [...s.units, { ...s.totals, unitName: '合计' }];
  if (phone) {
    const want = all.map((u) => [u.unitName, `${u.members} 人`, `计划 ${u.withPlan} / ${u.members} 人`, `达标率 ${pct(u.compliance)}`]);
    // Each card holds its unit's figures (a missing one is named with the card's text).
    const shown = async () => (await page.getByTestId('unit-summary-card').allTextContents()).map((t, i) => (want[i] ?? [t]).map((w) => (t.includes(w) ? w : `缺少 ${w}：${t}`)));
    await expect.poll(shown).toEqual(want);
    return;
  }
  const want = all.map((u) => [u.unitName, String(u.members), `${u.withPlan}/${u.members}`, pct(u.compliance)]);
  const shown = () =>
    page
      .getByTestId('unit-summary')
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s/g, ''))).map((c) => [c[0], c[1], c[2], c[4]]));
  await expect.poll(shown).toEqual(want);
}

describe('学习情况 by unit from the monthly summary (decision 021)', () => {
  it('shows the district clerk the whole district from the nightly summary, with how fresh it is, on a desktop and a phone', async () => {
    for (const [size, phone] of [[DESKTOP, false], [PHONE, true]] as const) {
      const ctx = await newContext(browser, size, server.url);
      const page = await ctx.newPage();
      await signIn(page, 'district');
      await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
      const liveViews: string[] = [];
      page.on('request', (r) => new URL(r.url()).pathname === '/api/study/units/view' && liveViews.push(r.url()));
      // A scope over towns opens on 按单位汇总, from the summary, without clicking.
      await page.goto('/console/study');
      await page.getByTestId('summary-freshness').waitFor({ timeout: 15_000 });
      // The demo built the summary (as the nightly job would have): this month's figures say when.
      const s = await apiGet<UnitSummary>(ctx, '/study/units/summary');
      expect(s.unit.name).toBe('X区');
      expect(s.asOf).not.toBeNull();
      expect(s.units.length).toBeGreaterThan(1);
      expect(await page.getByTestId('summary-freshness').getAttribute('data-source')).toBe('summary');
      expect(await page.getByTestId('summary-freshness-text').textContent()).toBe(`数据截至 ${fmtShanghai(s.asOf!)}`);
      expect(await page.getByTestId('summary-freshness').textContent()).toContain('每晚 02:30 更新');
      await expectRowsOf(page, s, phone);
      // The totals above follow the table: the summary's, with its date.
      const totals = (await page.getByTestId('totals').textContent()) ?? '';
      expect(totals).toContain(`数据截至 ${fmtShanghai(s.asOf!)}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await shot(page, `e2e-${phone ? 'phone' : 'desktop'}-study-district-summary`);
      // Nothing to press that the server would refuse: the summary has no refresh of its own.
      expect(await page.getByRole('button', { name: /刷新|更新汇总/ }).count()).toBe(0);
      // Every member's live month was not computed for it.
      expect(liveViews).toEqual([]);
      await ctx.close();
    }
  });

  it('shows a town clerk this month live and last month from the summary; a leader reads the same numbers', async () => {
    for (const [size, phone] of [[DESKTOP, false], [PHONE, true]] as const) {
      const ctx = await newContext(browser, size, server.url);
      const page = await ctx.newPage();
      await signIn(page, 'clerk');
      await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
      if (!phone) {
        // This month of one town: computed live, said so.
        await openByUnit(page);
        expect(await page.getByTestId('summary-freshness').getAttribute('data-source')).toBe('live');
        expect(await page.getByTestId('summary-freshness-text').textContent()).toContain('实时');
      }
      // Last month: the summary's figures and its date.
      const month = lastMonth();
      await openByUnit(page, month);
      await expect.poll(() => page.getByTestId('summary-freshness').getAttribute('data-source')).toBe('summary');
      const s = await apiGet<UnitSummary>(ctx, `/study/units/summary?month=${month}`);
      expect(s.unit.name).toBe('X镇');
      expect(s.asOf).not.toBeNull();
      expect(await page.getByTestId('summary-freshness-text').textContent()).toBe(`数据截至 ${fmtShanghai(s.asOf!)}`);
      await expectRowsOf(page, s, phone);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await shot(page, `e2e-${phone ? 'phone' : 'desktop'}-study-town-summary`);
      await ctx.close();
    }
    // A leader (read-only) sees the same table and no clerk's button.
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'leader');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    const month = lastMonth();
    await openByUnit(page, month);
    await expect.poll(() => page.getByTestId('summary-freshness').getAttribute('data-source')).toBe('summary');
    await expectRowsOf(page, await apiGet<UnitSummary>(ctx, `/study/units/summary?month=${month}`), false);
    expect(await page.getByTestId('remind-all').count()).toBe(0);
    await ctx.close();
  });
});

describe('学习情况 by unit when the summary is late or missing', () => {
  it('warns the district clerk when this month’s summary missed a night, and computes live, saying so, before the first one', async () => {
    // Runs after the tests above: it ages, then removes, this month's rows of the summary.
    const month = shanghaiMonth();
    const write = new Database(path.join(server.dataDir, 'shuxiang.db'));
    const ctx = await newContext(browser, DESKTOP, server.url);
    try {
      const page = await ctx.newPage();
      await signIn(page, 'district');
      await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
      write.prepare('UPDATE study_unit_months SET refreshed_at = ? WHERE month = ?').run(twoDaysAgo, month);
      await openByUnit(page);
      expect(await page.getByTestId('summary-freshness-text').textContent()).toBe(`数据截至 ${fmtShanghai(twoDaysAgo)}`);
      expect(await page.getByTestId('summary-freshness').textContent()).toContain('请联系系统管理员检查定时任务“study.unit-summary”');
      await shot(page, 'e2e-desktop-study-summary-stale');

      // A fresh install before its first night: no rows; the figures are computed now and said to be.
      write.prepare('DELETE FROM study_unit_months WHERE month = ?').run(month);
      await openByUnit(page);
      const s = await apiGet<UnitSummary>(ctx, '/study/units/summary');
      expect(s.asOf).toBeNull();
      expect(await page.getByTestId('summary-freshness-text').textContent()).toBe('月度汇总尚未生成：以下为当场计算的实时数字');
      const live = await apiGet<UnitSummary>(ctx, '/study/units/view');
      expect(s.totals.members).toBe(live.totals.members);
      await expectRowsOf(page, s, false);
      await shot(page, 'e2e-desktop-study-summary-none');
    } finally {
      write.close();
      await ctx.close();
    }
  });
});

describe('the audit log in Chinese', () => {
  it('names actions, people and objects in Chinese, keeps the codes in the drawer, and follows an object to its history', async () => {
    // Rows to find: the sign-ins and the clerk's export of 学习情况 above.
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'auditor');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
    await page.goto('/console/audit');
    const actions = page.getByTestId('audit-table').getByTestId('audit-action');
    await expect.poll(() => actions.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    // No dotted code where a name belongs.
    for (const t of await actions.allTextContents()) expect(t).not.toMatch(/^[a-z][a-z-]*\.[a-z.-]+$/);
    expect(await actions.allTextContents()).toContain('登录');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);

    // Filter by the study export (a name, picked from the list), open a row's details: the codes are there.
    const row = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').filter({ hasText: '导出学习情况' }).first();
    await expect.poll(() => row.count()).toBe(1);
    // Who: the demo clerk's name and unit, not the username alone.
    const who = await row.getByTestId('audit-who').textContent();
    expect(who).toContain('李晓红');
    expect(who).toContain('clerk');
    await shot(page, 'e2e-desktop-audit');
    await row.getByTestId('audit-details').click();
    const drawer = page.getByTestId('audit-raw');
    await expect.poll(() => drawer.getByTestId('audit-raw-action').textContent()).toBe('study.export');
    expect(await drawer.getByTestId('audit-raw-detail').textContent()).toContain('"month"');
    // The audit administrator opens no business page (三员分立): only the object's history.
    expect(await drawer.getByTestId('audit-page-link').count()).toBe(0);
    await shot(page, 'e2e-desktop-audit-drawer');
    await drawer.getByTestId('audit-history').click();
    await expect.poll(() => page.getByTestId('audit-object-filter').textContent()).toContain('单位 #');
    expect(new URL(page.url()).searchParams.get('entity')).toBe('unit');
    const unitId = new URL(page.url()).searchParams.get('entityId');
    // Only that object's rows are listed.
    await expect.poll(async () => new Set(await page.getByTestId('audit-table').getByTestId('audit-object').allTextContents())).toEqual(new Set([`单位 #${unitId}`]));
    await ctx.close();

    const phone = await newContext(browser, PHONE, server.url);
    const p = await phone.newPage();
    await signIn(p, 'auditor');
    await expect.poll(() => new URL(p.url()).pathname).not.toBe('/login');
    await p.goto('/console/audit');
    await expect.poll(() => p.getByTestId('audit-card').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(p, 'e2e-phone-audit');
    await p.getByTestId('audit-card').first().getByTestId('audit-details').tap();
    await expect.poll(() => p.getByTestId('audit-raw-action').isVisible()).toBe(true);
    await shot(p, 'e2e-phone-audit-drawer');
    await phone.close();
  });
});

describe('defects of the walk', () => {
  it('prints the sign-in sheet: no inline script for the CSP to block', async () => {
    const ctx = await newContext(browser, DESKTOP, server.url);
    const page = await ctx.newPage();
    const blocked: string[] = [];
    ctx.on('page', (p) => p.on('console', (m) => m.type() === 'error' && blocked.push(m.text())));
    await signIn(page, 'clerk');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.goto('/console/sessions');
    await page.getByTestId('session-item').first().click();
    await page.getByTestId('sheet-print').waitFor();
    // Count the calls to print() of the sheet's window (the dialog itself is the browser's).
    await page.evaluate(() => {
      const open = window.open.bind(window);
      (window as unknown as { printed: number }).printed = 0;
      window.open = (...args: Parameters<typeof window.open>) => {
        const w = open(...args);
        if (w) w.print = () => void ((window as unknown as { printed: number }).printed += 1);
        return w;
      };
    });
    await page.getByTestId('sheet-print').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(blocked.filter((t) => /Content Security Policy|inline script/i.test(t))).toEqual([]);
    await ctx.close();
  });

  it('does not autosave after a reflection is submitted (no 409, no failure in the audit log)', async () => {
    const ctx = await newContext(browser, PHONE, server.url);
    const page = await ctx.newPage();
    await signIn(page, 'member');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    const csrf = (await ctx.cookies()).find((c) => c.name === 'sx_csrf')!.value;
    const html = composeReflection(rng(4242), { book: '之江新语', author: '习近平', summary: '', unit: '党政办', month: '12月' }).html;
    const created = await ctx.request.post(`${server.url}/api/reflections`, { headers: { 'x-csrf-token': csrf }, data: { title: `自动保存测试（${Date.now()}）`, bodyHtml: html, bookTitle: '之江新语' } });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: number }).id;
    await page.goto(`/reflections/${id}`);
    await page.getByTestId('rf-editor').waitFor();
    const writes: string[] = [];
    let submitted = false;
    page.on('request', (r) => {
      if (submitted && r.method() === 'PUT' && new URL(r.url()).pathname === `/api/reflections/${id}`) writes.push(r.url());
    });
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/reflections/${id}/submit` && r.status() === 200) submitted = true;
    });
    await page.getByTestId('rf-submit').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('rf-status').getAttribute('data-status')).toBe('submitted');
    // Longer than the autosave's pause (1.2 s), and leave the page as a person would.
    await page.waitForTimeout(2500);
    await page.goto('/reflections');
    await page.waitForTimeout(500);
    expect(writes).toEqual([]);
    const d = db();
    const failures = d.prepare("SELECT action FROM audit_log WHERE entity_id = ? AND outcome != 'success' AND action LIKE 'PUT %'").all(String(id));
    d.close();
    expect(failures).toEqual([]);
    await ctx.close();
  });
});
