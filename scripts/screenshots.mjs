#!/usr/bin/env node
// Screenshots of the main pages at phone (375×667) and desktop (1440×900) sizes,
// signed in as the demo accounts. Also reports console errors and pages that
// scroll sideways.
//
//   BASE_URL=http://localhost:3210 [ONLY=study,library] node scripts/screenshots.mjs /tmp/shots
//
// Needs a running server with the demo town (password shuxiang-demo) and Chromium.
/* global document, window -- used inside page.evaluate, which runs in the browser */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const outDir = path.resolve(process.argv[2] ?? process.env.SHOTS_DIR ?? 'shots');
const password = process.env.DEMO_PASSWORD ?? 'shuxiang-demo';
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
fs.mkdirSync(outDir, { recursive: true });

const PHONE = { width: 375, height: 667 };
const DESKTOP = { width: 1440, height: 900 };

/** name, account (null: signed out), viewport, path, optional action before the shot */
const SHOTS = [
  ['phone-login', null, PHONE, '/login'],
  ['phone-login-error', null, PHONE, '/login', async (page) => {
    await page.getByTestId('login-username').fill('member');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
  }],
  ['phone-member-home', 'member', PHONE, '/'],
  ['phone-profile', 'member', PHONE, '/me'],
  ['phone-clerk-home', 'clerk', PHONE, '/'],
  ['phone-console', 'clerk', PHONE, '/console'],
  ['phone-console-menu', 'clerk', PHONE, '/console/org', async (page) => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByTestId('console-menu').waitFor();
  }],
  ['phone-password', 'member', PHONE, '/password'],
  ['phone-copy-mine', 'member', PHONE, '/c/SX000001'],
  ['phone-copy-available', 'member', PHONE, '/c/SX000003'],
  ['phone-copy-loaned', 'member', PHONE, '/c/SX000127'],
  ['phone-library', 'member', PHONE, '/library'],
  ['phone-library-search', 'member', PHONE, '/library?q=xjp'],
  ['phone-book', 'member', PHONE, '/library/books/1'],
  ['phone-my-loans', 'member', PHONE, '/library/my'],
  ['desktop-console-home', 'clerk', DESKTOP, '/console'],
  ['desktop-org', 'clerk', DESKTOP, '/console/org'],
  ['desktop-org-search', 'clerk', DESKTOP, '/console/org', async (page) => {
    await page.getByTestId('roster-search').locator('input').fill('zs');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
  }],
  ['desktop-org-drawer', 'clerk', DESKTOP, '/console/org', async (page) => {
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-drawer').waitFor();
    await page.waitForTimeout(400);
  }],
  ['desktop-org-import', 'clerk', DESKTOP, '/console/org', async (page) => {
    await page.getByTestId('member-import').click();
    await page.getByTestId('import-upload').waitFor();
    await page.waitForTimeout(400);
  }],
  ['desktop-settings', 'clerk', DESKTOP, '/console/settings'],
  ['desktop-settings-security', 'security', DESKTOP, '/console/settings'],
  ['desktop-users-admin', 'admin', DESKTOP, '/console/users'],
  ['desktop-users-security', 'security', DESKTOP, '/console/users'],
  ['desktop-audit', 'auditor', DESKTOP, '/console/audit', async (page) => {
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').waitFor();
  }],
  ['desktop-leader-home', 'leader', DESKTOP, '/console'],
  ['desktop-library', 'clerk', DESKTOP, '/console/library'],
  ['desktop-library-expanded', 'clerk', DESKTOP, '/console/library', async (page) => {
    await page.getByTestId('catalog-table').locator('.ant-table-row-expand-icon').first().click();
    await page.waitForTimeout(600);
  }],
  ['desktop-library-add-book', 'clerk', DESKTOP, '/console/library', async (page) => {
    await page.getByTestId('book-add').click();
    await page.getByTestId('book-drawer').waitFor();
    await page.waitForTimeout(400);
  }],
  ['desktop-library-add-copy', 'clerk', DESKTOP, '/console/library', async (page) => {
    await page.getByTestId('add-copy').first().click();
    await page.getByTestId('copy-barcode').waitFor();
    await page.waitForTimeout(400);
  }],
  ['desktop-library-overdue', 'clerk', DESKTOP, '/console/library?tab=overdue'],
  ['desktop-desk', 'clerk', DESKTOP, '/console/library/desk', async (page) => {
    await page.keyboard.type('zs');
    await page.getByTestId('desk-member-options').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('desk-member').waitFor();
    for (const code of ['SX000003', 'SX000127']) {
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('F2');
    await page.keyboard.type('SX000003');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
  }],
  // Study, sessions, notes, learning, reflections, channels.
  ['phone-study', 'member', PHONE, '/study'],
  ['phone-study-plan', 'member', PHONE, '/study/plan'],
  ['phone-year-plan', 'member', PHONE, '/study/year-plan'],
  ['desktop-leaves', 'clerk', DESKTOP, '/console/sessions?tab=leaves'],
  ['desktop-library-stocktake-open', 'clerk', DESKTOP, '/console/library/stocktake', async (page) => {
    await page.locator('.ant-table-row', { hasText: '进行中' }).getByTestId('stocktake-open').click();
    await page.getByTestId('st-location').waitFor();
    await page.waitForTimeout(400);
  }],
  ['phone-my-sessions', 'member', PHONE, '/study/sessions'],
  ['phone-notes', 'member', PHONE, '/notes'],
  ['phone-learning', 'member', PHONE, '/learning'],
  ['phone-reflections', 'member', PHONE, '/reflections'],
  ['phone-reflections-shared', 'member', PHONE, '/reflections/shared'],
  ['phone-reflection-new', 'member', PHONE, '/reflections/new'],
  ['desktop-study-units', 'clerk', DESKTOP, '/console/study'],
  ['desktop-study-calendar', 'clerk', DESKTOP, '/console/study/calendar'],
  ['desktop-annual-plan', 'clerk', DESKTOP, '/console/plan'],
  ['desktop-sessions', 'clerk', DESKTOP, '/console/sessions'],
  ['desktop-learning', 'clerk', DESKTOP, '/console/learning'],
  ['desktop-learning-import', 'clerk', DESKTOP, '/console/learning/import'],
  ['desktop-reflections-queue', 'clerk', DESKTOP, '/console/reflections'],
  ['desktop-reflections-review', 'clerk', DESKTOP, '/console/reflections', async (page) => {
    // The second row of the demo queue is a near-copy: the findings show beside the text.
    await page.locator('.ant-table-row').nth(1).locator('a').first().click();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(800);
  }],
  ['desktop-reflections-quota', 'leader', DESKTOP, '/console/reflections/quota'],
  ['desktop-reflections-reports', 'clerk', DESKTOP, '/console/reflections/reports'],
  ['desktop-reflections-references', 'clerk', DESKTOP, '/console/reflections/references'],
  ['desktop-channels', 'admin', DESKTOP, '/console/channels'],
  ['desktop-library-reports', 'clerk', DESKTOP, '/console/library/reports', async (page) => {
    await page.waitForTimeout(1500); // the chart's entry animation
  }],
  ['desktop-library-stocktake', 'clerk', DESKTOP, '/console/library/stocktake'],
  ['desktop-library-rules', 'clerk', DESKTOP, '/console/library/rules'],
  ['desktop-library-import', 'clerk', DESKTOP, '/console/library/import'],
  ['desktop-forbidden', 'member', DESKTOP, '/console/audit'],
  ['desktop-not-found', 'clerk', DESKTOP, '/no-such-page'],
];

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];
const sessions = new Map();

async function signedInState(account) {
  if (!sessions.has(account)) {
    const ctx = await browser.newContext();
    const res = await ctx.request.post(`${base}/api/auth/login`, { data: { username: account, password } });
    if (!res.ok()) throw new Error(`sign-in as ${account} failed: ${res.status()} ${await res.text()}`);
    sessions.set(account, await ctx.storageState());
    await ctx.close();
  }
  return sessions.get(account);
}

// ONLY=study,reflections takes just the shots whose names contain one of the words.
const only = process.env.ONLY?.split(',').filter(Boolean);
for (const [name, account, viewport, url, action] of SHOTS.filter(([n]) => !only || only.some((w) => n.includes(w)))) {
  const ctx = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    storageState: account ? await signedInState(account) : undefined,
  });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    // Refusals the page shows on purpose (a wrong password, a forbidden page, a copy already lent) are not problems.
    if (/status of 40[139]/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${name}: console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  try {
    await page.goto(base + url, { waitUntil: 'networkidle' });
    if (action) await action(page);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    console.log(`✓ ${name}`);
  } catch (e) {
    problems.push(`${name}: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(outDir, `${name}-failed.png`) }).catch(() => {});
    console.log(`✗ ${name}`);
  }
  await ctx.close();
}
await browser.close();

if (problems.length) {
  console.log(`\n${problems.length} problem(s):`);
  for (const p of problems) console.log(`  - ${p}`);
  process.exitCode = 1;
} else {
  console.log(`\nAll screenshots in ${outDir}, no problems.`);
}
