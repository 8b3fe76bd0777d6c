// The phone's first load: what a cadre's phone downloads before the member home (and the
// sign-in page) appears (and, apart, what the home prefetches in idle time after), and how long a scanned QR code takes to show the sign-in form on a
// slow line. Real server (built web app, demo town on SQLite), Debian's Chromium, bytes as
// transferred (compressed, headers included) from the DevTools protocol.
//
//   npm run build && npx tsx bench/first-load.ts
//   BENCH_RUNS=5 (throttled runs, median reported)
//
// Baseline in the same run: the same throttled line fetching a bare 1-byte answer from the
// same server (/api/health), i.e. the floor set by the line's latency alone.
import fs from 'node:fs';
import path from 'node:path';
import { DESKTOP, HOME_SHOWN_PROBE, launch, PHONE, resourcesBeforeHomeShown, startServer, DEMO_PASSWORD } from '../e2e/harness';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// A 1.6 Mbps / 150 ms line (a weak 4G/3G signal in a township office).
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (0.75 * 1024 * 1024) / 8 };

interface Transfer {
  url: string;
  type: string;
  bytes: number;
  encoding: string;
}

async function recorder(page: Page): Promise<{ cdp: CDPSession; list: Transfer[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const meta = new Map<string, { url: string; type: string; encoding: string }>();
  const list: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => meta.set(e.requestId, { url: e.response.url, type: e.type, encoding: String(e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '') }));
  cdp.on('Network.loadingFinished', (e) => {
    const m = meta.get(e.requestId);
    if (m) list.push({ ...m, bytes: e.encodedDataLength });
  });
  return { cdp, list };
}

// A script's body as the server sends it: the .br or .gz written at build time, the file itself under 1 kB.
const dist = path.resolve(import.meta.dirname, '../web/dist');
function bodyBytes(url: string, enc: 'br' | 'gz') {
  const file = path.join(dist, new URL(url).pathname);
  return fs.existsSync(`${file}.${enc}`) ? fs.statSync(`${file}.${enc}`).size : fs.statSync(file).size;
}
// Every antd component needs its style engine (@ant-design/cssinjs), which writes this attribute.
const hasAntd = (url: string) => fs.readFileSync(path.join(dist, new URL(url).pathname), 'utf8').includes('data-token-hash');

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const sum = (l: Transfer[], type?: string) => l.filter((t) => !type || t.type === type).reduce((s, t) => s + t.bytes, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function signedInContext(ctx: BrowserContext, url: string, username: string) {
  const res = await ctx.request.post(`${url}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

const server = await startServer({ SHUXIANG_DEMO_PASSWORD: DEMO_PASSWORD });
const browser = await launch();
try {
  // 1. The member home, signed in, nothing cached: every script it needs before it is shown (the
  //    greeting is in the page), then what it prefetches in idle time once its cards have their data.
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await signedInContext(ctx, server.url, 'member');
  await ctx.addInitScript(HOME_SHOWN_PROBE);
  const page = await ctx.newPage();
  const rec = await recorder(page);
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  await page.getByTestId('member-greeting').waitFor();
  const before = new Set(await page.evaluate(resourcesBeforeHomeShown));
  const scripts = rec.list.filter((t) => t.type === 'Script');
  const initial = scripts.filter((t) => before.has(t.url));
  const later = scripts.filter((t) => !before.has(t.url));
  console.log('\n== member home (phone, signed in, empty cache) ==');
  console.log('  before the home is shown:');
  for (const t of initial.sort((a, b) => b.bytes - a.bytes)) console.log(`  ${kb(t.bytes).padStart(9)}  ${t.encoding || 'identity'}  ${new URL(t.url).pathname}`);
  const br = initial.reduce((n, t) => n + bodyBytes(t.url, 'br'), 0);
  const gz = initial.reduce((n, t) => n + bodyBytes(t.url, 'gz'), 0);
  console.log(`  initial JavaScript: ${initial.length} files, ${kb(sum(initial))} transferred (brotli, headers included); bodies: brotli ${kb(br)}, gzip ${kb(gz)} (goal < 250 kB)`);
  console.log(`  antd (its style engine) among them: ${initial.some((t) => hasAntd(t.url)) ? 'yes' : 'no'}`);
  const css = rec.list.filter((t) => t.type === 'Stylesheet' && before.has(t.url));
  console.log(`  CSS ${kb(sum(css))} in ${css.length} files, document ${kb(sum(rec.list, 'Document'))}, API ${kb(sum(rec.list, 'Fetch') + sum(rec.list, 'XHR'))}`);
  console.log(`  prefetched in idle time after the home is shown (antd's shell, the tab bar's pages): ${later.length} files, ${kb(sum(later))} transferred`);
  await ctx.close();

  // 2. A QR code scanned while signed out, on the slow line: until the sign-in form is usable.
  const times: number[] = [];
  const floor: number[] = [];
  let loginBytes = 0;
  let loginScripts: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const p = await c.newPage();
    const r = await recorder(p);
    await r.cdp.send('Network.emulateNetworkConditions', SLOW);
    let t0 = Date.now();
    await p.goto(`${server.url}/api/health`);
    floor.push(Date.now() - t0);
    r.list.length = 0;
    t0 = Date.now();
    await p.goto(`${server.url}/c/DEMO-QR-${i}`);
    await p.getByTestId('login-username').waitFor({ state: 'visible' });
    times.push(Date.now() - t0);
    await p.waitForLoadState('networkidle');
    loginBytes = sum(r.list, 'Script');
    loginScripts = r.list.filter((t) => t.type === 'Script').map((t) => new URL(t.url).pathname);
    await c.close();
  }
  console.log('\n== QR link → sign-in form, signed out, 1.6 Mbps / 150 ms ==');
  console.log(`  scripts: ${loginScripts.join(', ')}`);
  console.log(`  JavaScript transferred: ${kb(loginBytes)}; console layout loaded: ${loginScripts.some((s) => /ConsoleLayout/.test(s)) ? 'yes' : 'no'}`);
  console.log(`  time to the form: median ${median(times)} ms of ${RUNS} (${times.join(', ')}); goal < 3000 ms`);
  console.log(`  baseline (a 1-byte answer on the same line): median ${median(floor)} ms; ratio ${(median(times) / median(floor)).toFixed(1)}×`);
  void DESKTOP;
} finally {
  await browser.close();
  await server.stop();
}
