#!/usr/bin/env node
// `npm test`: makes sure Chromium, a CJK font and PostgreSQL are here (installing
// them with apt-get when running as root), starts a throwaway PostgreSQL on
// loopback, builds the web app, runs every test, and stops PostgreSQL again.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pgBinDir, startPostgres } from './postgres.mjs';

const root = path.resolve(import.meta.dirname, '..');
const isRoot = process.getuid?.() === 0;
const log = (m) => console.log(`[test] ${m}`);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
function hasCjkFont() {
  if (!has('fc-list')) return false;
  return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
}
const chromiumPath = () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));

function ensureSystemPackages() {
  const missing = [];
  if (!chromiumPath()) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-wqy-microhei');
  if (!pgBinDir()) missing.push('postgresql');
  if (missing.length === 0) return;
  if (!isRoot || !has('apt-get')) {
    console.error(`[test] 缺少测试所需的系统软件：${missing.join(' ')}\n[test] 请先安装：sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  // Debian's postgresql package starts a cluster of its own; the tests use their own throwaway one.
  spawnSync('sh', ['-c', 'command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read v c rest; do pg_ctlcluster $v $c stop; done'], { stdio: 'ignore' });
}

ensureSystemPackages();
// SHUXIANG_SKIP_BUILD=1 reuses an existing build (for running a few server tests while developing).
if (process.env.SHUXIANG_SKIP_BUILD === '1' && fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
  log('reusing the web build (SHUXIANG_SKIP_BUILD=1)');
} else {
  log('building the web app');
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

const pgServer = await startPostgres();
let code = 1;
const stop = () => pgServer.stop();
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});
try {
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const results = path.join(root, '.tmp', 'vitest-results.json');
  fs.rmSync(results, { force: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)];
  code = await new Promise((resolve) => {
    const child = spawn('npx', args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TEST_PG_URL: pgServer.url, CHROMIUM_PATH: chromiumPath(), SHUXIANG_DEMO_PASSWORD: 'shuxiang-demo' },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (fs.existsSync(results)) {
    const r = JSON.parse(fs.readFileSync(results, 'utf8'));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (r.numTotalTests === 0) code = 1;
    console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
} finally {
  stop();
}
process.exit(code);
