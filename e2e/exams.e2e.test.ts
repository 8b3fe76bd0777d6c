import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, newContext, PHONE, shot, signIn, startServer, type Server } from './harness';

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
    // The clerk sets a short paper: six questions of 党史, closing in 75 seconds.
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
      closesAt: new Date(now + 75_000).toISOString(),
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
    await expect.poll(() => p1.getByTestId('question').count()).toBe(6);
    await shot(p1, 'exams-attempt-phone');

    // Two answers online.
    await choose(p1, 0, 0);
    await choose(p1, 1, 1);
    await expect.poll(() => p1.getByTestId('sync-status').textContent()).toContain('已保存');

    // Offline for two more: they wait on the phone.
    await phone.setOffline(true);
    await choose(p1, 2, 2);
    await choose(p1, 3, 3);
    await expect.poll(() => p1.getByTestId('sync-status').textContent()).toContain('离线：2 个答案');
    await shot(p1, 'exams-attempt-offline');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM exam_attempt_items WHERE attempt_id = ? AND response IS NOT NULL', attemptId)[0]!.n).toBe(2);
    await phone.setOffline(false);
    await expect.poll(() => p1.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('已保存');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM exam_attempt_items WHERE attempt_id = ? AND response IS NOT NULL', attemptId)[0]!.n).toBe(4);

    // A reload in the middle: the answers and the time left come back from the server.
    const before = Number((await p1.getByTestId('countdown').textContent())!.split(':').reduce((m, s) => String(Number(m) * 60 + Number(s))));
    await p1.reload();
    await expect.poll(() => p1.locator('.ant-radio-wrapper-checked').count()).toBe(4);
    const after = Number((await p1.getByTestId('countdown').textContent())!.split(':').reduce((m, s) => String(Number(m) * 60 + Number(s))));
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 15);

    // The cadre switches to another phone: same answers, same clock.
    const phone2 = await newContext(browser, PHONE, server.url);
    const p2 = await phone2.newPage();
    await signIn(p2, 'member');
    await p2.waitForURL((u) => !u.pathname.startsWith('/login'));
    await p2.goto(`/exams/attempts/${attemptId}`);
    await expect.poll(() => p2.locator('.ant-radio-wrapper-checked').count()).toBe(4);
    await choose(p2, 4, 0);
    await expect.poll(() => p2.getByTestId('sync-status').textContent()).toContain('已保存');
    // The last answer is given offline shortly before time runs out; the connection comes back after the deadline, within the grace.
    await phone2.setOffline(true);
    await choose(p2, 5, 1);
    await expect.poll(() => p2.getByTestId('countdown').textContent(), { timeout: 90_000, interval: 1000 }).toBe('00:00');
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
    await expect.poll(() => p2.getByTestId('attempt-score').textContent()).toContain(`得分 ${attempt.score} / 30`);
  }, 240_000);
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
});
