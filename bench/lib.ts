// Shared pieces of the benchmarks (`npm run bench`, bench/run.ts).
//
// The convention: a file `bench/<name>.bench.ts` is one benchmark. It runs on its own
// (`npx tsx bench/<name>.bench.ts`), measures the real app against a baseline in the same run,
// and reports each goal with reportGoal() — one `BENCH-GOAL {json}` line on stdout, which
// bench/run.ts collects into the one table. It may use:
// - BENCH_PG_URL: a PostgreSQL server's admin URL (bench/run.ts starts a throwaway one);
//   pgDatabase(name) makes a fresh database on it. Without it, skip the PostgreSQL goals
//   (report them with met: null and say why).
// - district(db): the generated district of bench/generate.ts, made once per run and cached
//   under BENCH_CACHE (a copy for each caller on SQLite, so writes do not leak between scripts).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_PASSWORD, DISTRICT, generate, type District, type Spec } from './generate';

export interface Goal {
  /** What is promised, as in the issue: 'borrow+return ≥ 0.5 × minimal write (SQLite)'. */
  goal: string;
  /** What was measured, with units: '0.42 (812 / 1,930 req/s)'. */
  measured: string;
  /** true / false, or null when not measured (say why in note). */
  met: boolean | null;
  note?: string;
}

export function reportGoal(g: Goal) {
  console.log(`BENCH-GOAL ${JSON.stringify(g)}`);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function machine() {
  return { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))) };
}

const cacheDir = () => path.resolve(process.env.BENCH_CACHE ?? path.join(import.meta.dirname, '../.tmp/bench'));

/** A fresh, empty database on the benchmark's PostgreSQL server (dropped first if it is there). */
export async function pgDatabase(name: string): Promise<string> {
  const admin = process.env.BENCH_PG_URL;
  if (!admin) throw new Error('BENCH_PG_URL is not set');
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The generated district (or any spec) on SQLite or PostgreSQL, made once and cached.
 * SQLite: each call gets its own copy of the cached file. PostgreSQL: one database per spec
 * on BENCH_PG_URL, shared by the callers of one run.
 */
export async function district(db: 'sqlite' | 'postgres', spec: Spec = DISTRICT, log = (m: string) => console.error(m)): Promise<District> {
  const key = crypto.createHash('sha1').update(JSON.stringify([spec, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)])).digest('hex').slice(0, 10);
  fs.mkdirSync(cacheDir(), { recursive: true });
  if (db === 'sqlite') {
    const file = path.join(cacheDir(), `district-${key}.db`);
    const meta = `${file}.json`;
    if (!fs.existsSync(meta)) {
      fs.rmSync(file, { force: true });
      log(`generating ${JSON.stringify(spec)} into SQLite …`);
      const d = await generate({ sqliteFile: file }, spec, log);
      fs.writeFileSync(meta, JSON.stringify(d));
      log(`generated in ${d.generatedSeconds} s: ${JSON.stringify(d.counts)}`);
    }
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-')), 'district.db');
    fs.copyFileSync(file, copy);
    return { ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as District), sqliteFile: copy };
  }
  const admin = process.env.BENCH_PG_URL;
  if (!admin) throw new Error('BENCH_PG_URL is not set');
  const name = `bench_${key}`;
  const meta = path.join(cacheDir(), `${name}-${crypto.createHash('sha1').update(admin).digest('hex').slice(0, 8)}.json`);
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  await c.end();
  if (exists && fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as District;
  const url = await pgDatabase(name);
  log(`generating ${JSON.stringify(spec)} into PostgreSQL …`);
  const d = await generate({ databaseUrl: url }, spec, log);
  fs.writeFileSync(meta, JSON.stringify(d));
  log(`generated in ${d.generatedSeconds} s: ${JSON.stringify(d.counts)}`);
  return d;
}

export const removeCopy = (d: District) => d.sqliteFile && fs.rmSync(path.dirname(d.sqliteFile), { recursive: true, force: true });

/**
 * Starts bench/serve.ts in its own process: 'app' (the real app), 'bare' (one SELECT) or
 * 'minimal' (the minimal correct borrow and return). workers > 1 runs that many processes on the
 * port (node:cluster), as SHUXIANG_WORKERS does. `benchDir`: the bench/ folder of another checkout
 * (its serve.ts and so its server code), to compare two versions side by side (bench/borrow-ab.ts).
 */
export async function serve(mode: 'app' | 'bare' | 'minimal', target: { sqliteFile?: string; databaseUrl?: string }, workers = 1, env: Record<string, string> = {}, benchDir = import.meta.dirname) {
  const port = 39_000 + Math.floor(Math.random() * 2000);
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_PROF && mode === 'app' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', path.join(benchDir, 'serve.ts'), mode, String(port)], {
    cwd: path.dirname(benchDir),
    env: { ...process.env, ...env, BENCH_SQLITE: target.sqliteFile ?? '', DATABASE_URL: target.databaseUrl ?? '', BENCH_WORKERS: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`serve ${mode} exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    /** CPU milliseconds (user + system) the server process has used so far (Linux /proc; its own process only, not cluster workers). */
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await gone;
    },
  };
}

/**
 * CPU milliseconds (user + system) a process has used, from /proc/<pid>/stat (Linux). Unlike
 * throughput, CPU time per request changes little when other jobs share the cores.
 */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line (11 and 12 after the name), in clock ticks (100 a second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function login(base: string, username: string, password = BENCH_PASSWORD) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: /sx_csrf=([^;]+)/.exec(cookie)?.[1] ?? '' };
}

export interface Load {
  /** Requests answered in the run. */
  count: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: Record<string, number>;
  /** Each client's latencies (ms), in the order of `setup`'s calls. */
  byClient: number[][];
}

/** The p-quantile (0–1) of some latencies. */
export const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

/** Closed loop: `connections` clients, each sending its next request when the last is answered. */
export function closedLoop(opts: { base: string; connections: number; seconds: number; timeoutSeconds?: number; setup: (i: number) => { method?: string; path: string; headers?: Record<string, string>; body?: string }[] }): Promise<Load> {
  let next = 0;
  const errors: Record<string, number> = {};
  const byClient: number[][] = [];
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: opts.base,
        connections: opts.connections,
        duration: opts.seconds,
        timeout: opts.timeoutSeconds ?? 30,
        setupClient(client) {
          const mine: number[] = (byClient[next] = []);
          client.setRequests(opts.setup(next++).map((r) => ({ method: (r.method ?? 'GET') as 'GET', path: r.path, headers: r.headers, body: r.body })));
          client.on('response', (status: number, _bytes: number, ms: number) => {
            if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
            mine.push(ms);
          });
        },
      },
      (err, res) => {
        if (err) return reject(err);
        if (res.timeouts) errors.timeout = res.timeouts;
        resolve({ count: res['1xx'] + res['2xx'] + res['3xx'] + res['4xx'] + res['5xx'], reqPerSec: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, max: res.latency.max, errors, byClient });
      },
    ),
  );
}

/**
 * Open loop: requests leave at a fixed rate whatever the answers do, and each latency is counted
 * from the moment its request was due (so a server that falls behind shows it in the tail, not
 * in a lower sending rate). Keep-alive connections, as many as are needed.
 */
export async function openLoop(opts: { base: string; rate: number; seconds: number; request: (i: number) => { path: string; headers?: Record<string, string> } }) {
  const u = new URL(opts.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let pending = 0;
  const start = performance.now();
  const total = Math.round(opts.rate * opts.seconds);
  const fire = (i: number, due: number) => {
    pending++;
    const r = opts.request(i);
    const req = http.request({ host: u.hostname, port: u.port, path: r.path, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        pending--;
        if (res.statusCode !== 200) errors[res.statusCode ?? 0] = (errors[res.statusCode ?? 0] ?? 0) + 1;
        latencies.push(performance.now() - due);
      });
    });
    req.on('error', (e) => {
      pending--;
      errors[e.message] = (errors[e.message] ?? 0) + 1;
    });
    req.end();
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * opts.rate));
      while (sent < due) {
        fire(sent, start + (sent * 1000) / opts.rate);
        sent++;
      }
      if (sent >= total) resolve();
      // A timer, not setImmediate: a spinning sender would take a core from the server.
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendEnd = performance.now();
  const drainBy = Date.now() + 10_000;
  while (pending > 0 && Date.now() < drainBy) await new Promise((r) => setTimeout(r, 5));
  agent.destroy();
  if (pending > 0) errors['unanswered 10 s after the last was sent'] = pending;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { sent, answered: latencies.length, sentPerSec: sent / ((sendEnd - start) / 1000), p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latencies.at(-1) ?? NaN, errors };
}

/** A run counts only if something was answered and nothing failed. */
export const clean = (l: { count: number; errors: Record<string, number> }) => l.count > 0 && Object.keys(l.errors).length === 0;

/** Waits until the server answers again (after an overload, its backlog drains first). */
export async function settle(base: string, path = '/api/health') {
  for (let i = 0; i < 600; i++) {
    const t = performance.now();
    const ok = await fetch(`${base}${path}`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok && performance.now() - t < 50) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
