// Browser journeys: the real server (built web app, SQLite with the demo town)
// in a child process, driven by Debian's Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
export const DEMO_PASSWORD = process.env.SHUXIANG_DEMO_PASSWORD ?? 'shuxiang-demo';
export const PHONE = { width: 375, height: 667 };
export const DESKTOP = { width: 1440, height: 900 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Server {
  url: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the process but keeps its data directory (to start it again on the same port and data). */
  kill(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, at: { port?: number; dataDir?: string } = {}): Promise<Server> {
  if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build` (npm test does it)');
  const port = at.port ?? (await freePort());
  const dataDir = at.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sx-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHUXIANG_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // Up to 170 s (E2E_START_SECONDS): on a loaded machine the demo town takes minutes to build; the e2e hooks allow 180 s.
  const deadline = Date.now() + Number(process.env.E2E_START_SECONDS ?? 170) * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const kill = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  return {
    url,
    dataDir,
    port,
    kill,
    stop: async () => {
      await kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newContext(browser: Browser, viewport: { width: number; height: number }, baseURL: string): Promise<BrowserContext> {
  const mobile = viewport.width < 500;
  return browser.newContext({
    viewport,
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: mobile,
    hasTouch: mobile,
    userAgent: mobile
      ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN'
      : undefined,
  });
}

/**
 * Signs in through the real sign-in page, as a person would: and, as a person would, waits for the
 * server's answer (a test that navigates at once would cancel the sign-in request).
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST');
  await page.getByTestId('login-submit').click();
  await answered;
}

export async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/**
 * An init script: the page notes when the member home is first in the document (its greeting appears,
 * before paint), so a test or benchmark can tell the scripts the home waited for from later ones.
 */
export const HOME_SHOWN_PROBE = `new MutationObserver((_, o) => {
  if (document.querySelector('[data-testid=member-greeting]')) { window.__homeShownAt = performance.now(); o.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;

/** In the page (page.evaluate): the URLs it had asked for when the member home was first shown (Resource Timing). */
export function resourcesBeforeHomeShown(): string[] {
  const at = (window as unknown as { __homeShownAt?: number }).__homeShownAt ?? Infinity;
  return performance
    .getEntriesByType('resource')
    .filter((e) => e.startTime < at)
    .map((e) => e.name);
}
