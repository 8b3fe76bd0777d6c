import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

/**
 * Brings an attempt's deadline to `ms` from now, as if the cadre had spent the rest of the paper's
 * time: the test does not sit out a real time limit (the server reads the deadline from the row).
 */
function moveDeadline(attemptId: number, ms: number) {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE exam_attempts SET deadline_at = ? WHERE id = ?').run(new Date(Date.now() + ms).toISOString(), attemptId);
  } finally {
    db.close();
  }
}

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(server.dataDir, 'shuxiang.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(ctx: BrowserContext, method: string, url: string, data?: unknown) {
  const csrf = (await ctx.cookies()).find((c) => c.name === 'sx_csrf')?.value ?? '';
  const res = await ctx.request.fetch(`${server.url}${url}`, { method, data, headers: { 'x-csrf-token': csrf } });
  return { status: res.status(), json: await res.json().catch(() => null) };
}

/** Picks option `n` (0-based) of question `q` (0-based) on the attempt page. */
async function choose(page: Page, q: number, n: number) {
  await page.getByTestId('question').nth(q).locator('.ant-radio-wrapper').nth(n).click();
}

describe('a timed paper on the phone', () => {
  it('survives going offline, a reload and a second device; runs out of time; every answer given before the deadline is graded', async () => {
    // The clerk sets a short paper: six questions of 党史, closing in 110 seconds.
    const clerk = await newContext(browser, DESKTOP, server.url);
    const cp = await clerk.newPage();
    await signIn(cp, 'clerk');
    await cp.waitForURL('**/console**');
    const cats = (await api(clerk, 'GET', '/api/exams/categories')).json as { id: number; name: string; unitId: number }[];
    const history = cats.find((c) => c.name === '党史')!;
    const now = Date.now();
    const created = await api(clerk, 'POST', '/api/exams/papers', {
      title: '浏览器测试：党史限时小测',
      description: '',
      quarter: '2026Q4',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      timeLimitMinutes: 30,
      maxAttempts: 1,
      gradingMethod: 'highest',
      shuffleQuestions: true,
      shuffleOptions: true,
      reviewAfterSubmit: { score: true, correctness: true, key: false, explanation: false },
      reviewAfterClose: { score: true, correctness: true, key: true, explanation: true },
      unitIds: [history.unitId],
      sections: [{ kind: 'random', categoryId: history.id, qtype: 'single', count: 6, points: 5 }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect((await api(clerk, 'POST', `/api/exams/papers/${created.json.id}/publish`, { version: 1 })).status).toBe(200);
    // A short network grace, so the test waits seconds rather than the default half minute after the deadline.
    expect((await api(clerk, 'PUT', '/api/settings/exams.networkGraceSeconds', { value: 8 })).status).toBe(200);

    // The cadre starts it on the phone.
    const phone = await newContext(browser, PHONE, server.url);
    const p1 = await phone.newPage();
    await signIn(p1, 'member');
    await p1.waitForURL((u) => !u.pathname.startsWith('/login'));
    await p1.goto('/exams');
    const card = p1.getByTestId('my-paper').filter({ hasText: '浏览器测试：党史限时小测' });
    await card.getByTestId('start-attempt').click();
    await p1.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await p1.waitForURL('**/exams/attempts/**');
    const attemptId = Number(p1.url().split('/').pop());
    await expect.poll(() => p1.getByTestId('question').count(), { timeout: 15_000 }).toBe(6);
    await shot(p1, 'exams-attempt-phone');

    // Two answers online.
    await choose(p1, 0, 0);
    await choose(p1, 1, 1);
    await expect.poll(() => p1.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('已保存');

    // Offline for two more: they wait on the phone.
    await phone.setOffline(true);
    await choose(p1, 2, 2);
    await choose(p1, 3, 3);
    await expect.poll(() => p1.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('离线：2 个答案');
    await shot(p1, 'exams-attempt-offline');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM exam_attempt_items WHERE attempt_id = ? AND response IS NOT NULL', attemptId)[0]!.n).toBe(2);
    await phone.setOffline(false);
    await expect.poll(() => p1.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('已保存');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM exam_attempt_items WHERE attempt_id = ? AND response IS NOT NULL', attemptId)[0]!.n).toBe(4);

    // A reload in the middle: the answers and the time left come back from the server.
    const before = Number((await p1.getByTestId('countdown').textContent())!.split(':').reduce((m, s) => String(Number(m) * 60 + Number(s))));
    await p1.reload();
    await expect.poll(() => p1.locator('.ant-radio-wrapper-checked').count(), { timeout: 15_000 }).toBe(4);
    const after = Number((await p1.getByTestId('countdown').textContent())!.split(':').reduce((m, s) => String(Number(m) * 60 + Number(s))));
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 30);

    // The cadre switches to another phone: same answers, same clock.
    const phone2 = await newContext(browser, PHONE, server.url);
    const p2 = await phone2.newPage();
    await signIn(p2, 'member');
    await p2.waitForURL((u) => !u.pathname.startsWith('/login'));
    await p2.goto(`/exams/attempts/${attemptId}`);
    await expect.poll(() => p2.locator('.ant-radio-wrapper-checked').count(), { timeout: 15_000 }).toBe(4);
    await choose(p2, 4, 0);
    await expect.poll(() => p2.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('已保存');
    // The end of the time limit draws near: 20 seconds left, which the phone learns on a reload.
    moveDeadline(attemptId, 20_000);
    await p2.reload();
    await expect.poll(() => p2.locator('.ant-radio-wrapper-checked').count(), { timeout: 15_000 }).toBe(5);
    const left = Number((await p2.getByTestId('countdown').textContent())!.split(':').reduce((m, s) => String(Number(m) * 60 + Number(s))));
    expect(left).toBeLessThanOrEqual(20);
    // The last answer is given offline shortly before time runs out; the connection comes back after the deadline, within the grace.
    await phone2.setOffline(true);
    await choose(p2, 5, 1);
    await expect.poll(() => p2.getByTestId('countdown').textContent(), { timeout: 30_000, interval: 500 }).toBe('00:00');
    await phone2.setOffline(false);
    await expect.poll(() => p2.getByTestId('attempt-review').count(), { timeout: 40_000, interval: 1000 }).toBe(1);
    await shot(p2, 'exams-attempt-review');

    // Every one of the six answers, all given before the deadline, is saved and graded.
    const items = query<{ response: string | null; score: number | null; answered_at: string }>('SELECT response, score, answered_at FROM exam_attempt_items WHERE attempt_id = ?', attemptId);
    const attempt = query<{ status: string; deadline_at: string; submitted_how: string; score: number }>('SELECT status, deadline_at, submitted_how, score FROM exam_attempts WHERE id = ?', attemptId)[0]!;
    expect(items.filter((i) => i.response !== null)).toHaveLength(6);
    expect(items.every((i) => i.score !== null && i.answered_at <= attempt.deadline_at)).toBe(true);
    expect(attempt).toMatchObject({ status: 'graded', submitted_how: 'timeout' });
    expect(attempt.score).toBe(items.reduce((s, i) => s + (i.score ?? 0), 0));
    await expect.poll(() => p2.getByTestId('attempt-score').textContent(), { timeout: 15_000 }).toContain(`得分 ${attempt.score} / 30`);
  }, 330_000);
});

describe('the office', () => {
  it('grades a short answer without names and lists the bank', async () => {
    const clerk = await newContext(browser, DESKTOP, server.url);
    const page = await clerk.newPage();
    await signIn(page, 'clerk');
    await page.waitForURL('**/console**');
    await page.goto('/console/exams/grading');
    const first = page.getByTestId('grading-item').first();
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain('参考答案');
    expect(await first.textContent()).toContain('匿名阅卷');
    const before = await page.getByTestId('grading-item').count();
    await first.locator('.ant-input-number input').fill('4');
    await first.getByTestId('grade-save').click();
    await expect.poll(() => page.getByTestId('grading-item').count(), { timeout: 15_000 }).toBe(before - 1);
    await shot(page, 'exams-grading');
    await page.goto('/console/exams/bank');
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    await shot(page, 'exams-bank');
  }, 120_000);

  it('item analysis flags the question whose key was entered wrongly; the clerk corrects the key and the attempts are regraded', async () => {
    const clerk = await newContext(browser, DESKTOP, server.url);
    const page = await clerk.newPage();
    await signIn(page, 'clerk');
    await page.waitForURL('**/console**');
    await page.goto('/console/exams/results');
    await page.getByTestId('results-paper').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2026年第三季度' }).click();
    await page.getByRole('tab', { name: '试题分析' }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: '第一次全国代表大会开幕的具体日期' });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('区分度为负');
    expect(await row.textContent()).toContain('干扰项 D 无人选择');
    // Those who chose 7月23日 (B) were marked wrong: the number the regrade must change, with those who chose the keyed 7月1日 (A).
    const counts = Object.fromEntries(
      (await row.locator('.ant-tag').allTextContents()).map((t) => t.split(' ')).filter((x) => /^[A-D]$/.test(x[0]!)).map(([k, n]) => [k, Number(n)]),
    );
    expect(counts.B).toBeGreaterThan(counts.A!);
    await shot(page, 'exams-analysis');
    const phoneView = await newContext(browser, PHONE, server.url);
    const pp = await phoneView.newPage();
    await signIn(pp, 'clerk');
    await pp.waitForURL('**/console**');
    await pp.goto('/console/exams/results');
    await pp.getByTestId('results-paper').click();
    await pp.locator('.ant-select-item-option').filter({ hasText: '2026年第三季度' }).click();
    await pp.getByRole('tab', { name: '试题分析' }).click();
    await expect.poll(() => pp.getByTestId('analysis-flag').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(pp, 'exams-analysis-phone');
    await phoneView.close();

    await row.getByTestId('analysis-fix-key').click();
    const dialog = page.getByTestId('key-correction');
    await dialog.getByText('B. 1921年7月23日').click();
    await dialog.getByRole('button', { name: '更正并重新评分' }).click();
    await expect.poll(() => dialog.getByTestId('regrade-result').textContent(), { timeout: 15_000 }).toContain(`其中 ${counts.A! + counts.B!} 份总分有变化`);
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: /^关\s*闭$/ }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).not.toContain('区分度为负');
    // The correction is in the audit log.
    const audit = query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'exams.question.correct-key'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ changed: counts.A! + counts.B! });
  }, 120_000);

  it('edits an answered question into a new version and sets a paper of chosen questions with its review options', async () => {
    const clerk = await newContext(browser, DESKTOP, server.url);
    const page = await clerk.newPage();
    await signIn(page, 'clerk');
    await page.waitForURL('**/console**');
    await page.goto('/console/exams/bank');
    // The question with the corrected key: everyone of the third quarter answered it.
    await page.getByTestId('bank-search').locator('input').fill('开幕的具体日期');
    await page.getByTestId('bank-search').locator('input').press('Enter');
    const first = page.locator('.ant-table-row').first();
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 15_000 }).toBe(1);
    const stem = (await first.locator('td').first().textContent())!;
    await first.getByTestId('question-edit').click();
    const editor = page.getByTestId('question-editor');
    await expect.poll(() => editor.textContent(), { timeout: 15_000 }).toContain('生成新版本');
    await editor.getByTestId('editor-stem').fill(`${stem}（请选择准确日期）`);
    await editor.getByRole('button', { name: /^保\s*存$/ }).click();
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain('v2');

    await page.goto('/console/exams/papers');
    await page.getByRole('button', { name: '新建测试' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '指定题目' });
    await modal.getByLabel('名称').fill('浏览器测试：指定题目的测试');
    await modal.getByTestId('fixed-picker').click();
    await page.keyboard.type('开幕的具体日期');
    await page.locator('.ant-select-item-option').filter({ hasText: '（请选择准确日期）' }).click();
    await page.keyboard.press('Escape');
    // Right after submitting, people see their score only: no per-question correctness.
    await modal.getByTestId('review-after-submit').getByText('每题对错').click();
    await modal.getByRole('button', { name: /^删\s*除$/ }).click();
    await shot(page, 'exams-paper-form');
    await modal.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '浏览器测试：指定题目的测试' }).count(), { timeout: 15_000 }).toBe(1);
    const papers = (await api(clerk, 'GET', '/api/exams/papers')).json as { title: string; sections: { kind: string; label: string }[]; reviewAfterSubmit: unknown; reviewAfterClose: unknown }[];
    const paper = papers.find((p) => p.title === '浏览器测试：指定题目的测试')!;
    expect(paper.sections).toHaveLength(1);
    expect(paper.sections[0]).toMatchObject({ kind: 'fixed' });
    expect(paper.sections[0]!.label).toContain('开幕的具体日期');
    expect(paper.reviewAfterSubmit).toEqual({ score: true, correctness: false, key: false, explanation: false });
    expect(paper.reviewAfterClose).toEqual({ score: true, correctness: true, key: true, explanation: true });
  }, 120_000);
});

describe('at a desk', () => {
  it('the cadre takes the month’s open paper on a wide screen; the answers never reach the page before submission', async () => {
    const desk = await newContext(browser, DESKTOP, server.url);
    const page = await desk.newPage();
    const bodies: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/exams/attempts/')) bodies.push(await r.text().catch(() => ''));
    });
    await signIn(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/exams');
    const card = page.getByTestId('my-paper').filter({ hasText: '2026年12月党史专题测试' });
    await card.getByTestId('start-attempt').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.waitForURL('**/exams/attempts/**');
    await expect.poll(() => page.getByTestId('question').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    await page.getByTestId('question').filter({ has: page.locator('.ant-radio-wrapper') }).first().locator('.ant-radio-wrapper').nth(1).click();
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('已保存');
    await shot(page, 'exams-attempt-desktop');
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b).not.toMatch(/"(fraction|explanation|truth|accepted|reference)"/);
  }, 120_000);
});
