// Answer saves of a timed paper (issue 14): 200 members start the same paper
// within 10 seconds and each answers a question every few seconds, through the
// real app (session, CSRF, policy, the server's clock and the draw checked on
// every save). In the same run, the same schedule is replayed against a bare
// Fastify route that writes the same answer into the same row with one UPDATE
// (the baseline). Afterwards every answer the app acknowledged is read back
// from the database: none may be lost.
// Usage:
//   npx tsx bench/exam-answers.ts                              (SQLite)
//   DATABASE_URL=postgres://…/empty_db npx tsx bench/exam-answers.ts
//   BENCH_MEMBERS (200), BENCH_SECONDS (60: how long each member keeps answering), BENCH_EVERY_MS (3000)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeMember, makeUnit, makeUser } from '../server/src/demo/factories';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const EVERY_MS = Number(process.env.BENCH_EVERY_MS ?? 3000);
const START_WINDOW_MS = 10_000;
const QUESTIONS = 25;
const PASSWORD = 'bench-password-1';

// ---- the bare baseline, when this file is run as its own server ----
if (process.argv[2] === 'bare') {
  const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile: process.env.BENCH_SQLITE });
  const app = Fastify();
  app.put('/bare/items/:id', async (req) => {
    const id = Number((req.params as { id: string }).id);
    const body = req.body as { response: unknown; answeredAt: string };
    const at = new Date().toISOString();
    await handle.db.updateTable('exam_attempt_items').set({ response: JSON.stringify(body.response), answered_at: body.answeredAt, saved_at: at }).where('id', '=', id).execute();
    return { saved: true, savedAt: at };
  });
  await app.listen({ port: Number(process.argv[3]), host: '127.0.0.1' });
  console.log('ready');
  process.on('SIGINT', () => process.exit(0));
} else {
  await main();
}

async function main() {
  const db = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-exam-'));
  const sqliteFile = path.join(dir, 'bench.db');
  const env = { ...process.env, BENCH_SQLITE: sqliteFile };

  // ---- a town of MEMBERS cadres and its clerk ----
  const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile });
  await migrateToLatest(handle.db);
  const town = await makeUnit(handle.db, { name: '基准镇', kind: 'town' });
  const clerkM = await makeMember(handle.db, { name: '基准党建办', unitId: town.id });
  await makeUser(handle.db, { username: 'benchclerk', password: PASSWORD, memberId: clerkM.id, roles: [{ role: 'clerk', unitId: town.id }, { role: 'member', unitId: town.id }] });
  for (let i = 0; i < MEMBERS; i++) {
    const m = await makeMember(handle.db, { name: `考生${i}`, unitId: town.id });
    await makeUser(handle.db, { username: `cand${i}`, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });
  }

  const serve = async (args: string[], port: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args, String(port)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
    return child;
  };
  const stop = async (child: ReturnType<typeof spawn>) => {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  };

  const appPort = 40_000 + Math.floor(Math.random() * 1000);
  const app = await serve([path.join(import.meta.dirname, 'serve.ts'), 'app'], appPort);
  const base = `http://127.0.0.1:${appPort}`;
  type Session = { cookie: string; csrf: string };
  async function login(username: string): Promise<Session> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    return { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('sx_csrf='))!.slice('sx_csrf='.length) };
  }
  async function call(s: Session, method: string, url: string, body?: unknown) {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text);
  }

  // ---- the clerk's bank and paper ----
  const clerk = await login('benchclerk');
  const cat = (await call(clerk, 'GET', '/api/exams/categories'))[0].id as number;
  for (let i = 0; i < QUESTIONS + 5; i++) {
    const options = ['甲', '乙', '丙', '丁'].map((t, k) => ({ key: String.fromCharCode(65 + k), text: `${t}项${i}`, fraction: k === i % 4 ? 1 : 0, feedback: '' }));
    await call(clerk, 'POST', '/api/exams/questions', {
      categoryId: cat,
      draft: { type: 'single', name: '', stem: `基准第${i + 1}题：以下哪一项正确？`, stemFormat: 'plain', options, truth: null, accepted: [], reference: '', explanation: `解析${i}`, difficulty: 3, tags: [], source: '', category: null },
    });
  }
  const now = Date.now();
  const paper = await call(clerk, 'POST', '/api/exams/papers', {
    title: '基准限时测试',
    description: '',
    quarter: '2026Q4',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 86_400_000).toISOString(),
    timeLimitMinutes: 60,
    maxAttempts: 1,
    gradingMethod: 'highest',
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewAfterSubmit: { score: true, correctness: true, key: false, explanation: false },
    reviewAfterClose: { score: true, correctness: true, key: true, explanation: true },
    unitIds: [town.id],
    sections: [{ kind: 'random', categoryId: cat, qtype: 'single', count: QUESTIONS, points: 4 }],
  });
  await call(clerk, 'POST', `/api/exams/papers/${paper.id}/publish`, { version: 1 });

  // Sign-ins happen before the paper (argon2 is not what is measured here).
  const sessions: Session[] = [];
  for (let i = 0; i < MEMBERS; i++) sessions.push(await login(`cand${i}`));

  // ---- the schedule: start within START_WINDOW_MS, then an answer every EVERY_MS ± 40 % ----
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const plan = sessions.map(() => {
    const start = rand() * START_WINDOW_MS;
    const gaps: number[] = [];
    for (let t = start + EVERY_MS * (0.6 + 0.8 * rand()); t < start + SECONDS * 1000 && gaps.length < QUESTIONS; t += EVERY_MS * (0.6 + 0.8 * rand())) gaps.push(t);
    return { start, at: gaps, choices: gaps.map(() => 'ABCD'[Math.floor(rand() * 4)]!) };
  });
  const sleepUntil = (t0: number, t: number) => new Promise((r) => setTimeout(r, Math.max(0, t0 + t - performance.now())));
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
  };
  const figures = (xs: number[]) => (xs.length === 0 ? { n: 0 } : { n: xs.length, p50ms: pct(xs, 50), p95ms: pct(xs, 95), p99ms: pct(xs, 99), maxms: Math.round(Math.max(...xs) * 10) / 10 });

  // ---- the app ----
  const appLat: number[] = [];
  const appSentAt: number[] = [];
  let lastStarted = 0;
  const startLat: number[] = [];
  const failures: string[] = [];
  const acknowledged: { attemptId: number; itemId: number; choice: string }[] = [];
  const attempts: { id: number; items: number[] }[] = [];
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s, i) => {
      const p = plan[i]!;
      await sleepUntil(t0, p.start);
      const a0 = performance.now();
      const { id } = await call(s, 'POST', `/api/exams/papers/${paper.id}/attempts`);
      const attempt = await call(s, 'GET', `/api/exams/attempts/${id}`);
      startLat.push(performance.now() - a0);
      lastStarted = Math.max(lastStarted, performance.now() - t0);
      const items = (attempt.items as { id: number; options: { key: string }[] }[]).map((x) => x.id);
      attempts[i] = { id, items };
      for (const [k, at] of p.at.entries()) {
        await sleepUntil(t0, at);
        const choice = p.choices[k]!;
        const q0 = performance.now();
        try {
          const r = await call(s, 'PUT', `/api/exams/attempts/${id}/items/${items[k]}`, { response: { choices: [choice] }, answeredAt: new Date().toISOString() });
          appLat.push(performance.now() - q0);
          appSentAt.push(q0 - t0);
          if (r.saved) acknowledged.push({ attemptId: id, itemId: items[k]!, choice });
          else failures.push(`not saved ${id}/${items[k]}`);
        } catch (e) {
          failures.push(String(e));
        }
      }
    }),
  );
  const appWall = (performance.now() - t0) / 1000;
  // Every acknowledged answer is stored as given: read back as each member sees their attempt
  // (options are shuffled per person, so the letters they chose are theirs, not the bank's).
  const seen = new Map<number, string | undefined>();
  for (const [i, a] of attempts.entries()) {
    const back = await call(sessions[i]!, 'GET', `/api/exams/attempts/${a.id}`);
    for (const it of back.items as { id: number; response: { choices?: string[] } | null }[]) seen.set(it.id, it.response?.choices?.[0]);
  }
  const lost = acknowledged.filter((a) => seen.get(a.itemId) !== a.choice).length;
  await stop(app);

  // ---- the bare baseline: the same schedule, the same rows ----
  const barePort = appPort + 1;
  const bare = await serve([import.meta.filename, 'bare'], barePort);
  const bareLat: number[] = [];
  const b0 = performance.now();
  await Promise.all(
    plan.map(async (p, i) => {
      const a = attempts[i]!;
      for (const [k, at] of p.at.entries()) {
        await sleepUntil(b0, at);
        const q0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${barePort}/bare/items/${a.items[k]}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response: { choices: [p.choices[k]] }, answeredAt: new Date().toISOString() }) });
        await res.text();
        bareLat.push(performance.now() - q0);
      }
    }),
  );
  await stop(bare);
  await handle.destroy();

  const appF = figures(appLat);
  const bareF = figures(bareLat);
  console.log(
    JSON.stringify(
      {
        db,
        members: MEMBERS,
        startWindowSeconds: START_WINDOW_MS / 1000,
        answerEverySeconds: EVERY_MS / 1000,
        seconds: Math.round(appWall),
        startAttempt: figures(startLat),
        answerSave: { ...appF, reqPerSec: Math.round((appF.n / appWall) * 10) / 10 },
        // Saves sent once every member had started (the starts no longer compete for the CPU).
        answerSaveAfterStarts: { ...figures(appLat.filter((_, i) => appSentAt[i]! > lastStarted)), lastStartedSeconds: Math.round(lastStarted / 100) / 10 },
        bareUpdate: bareF,
        p99Ratio: Math.round((pct(appLat, 99) / pct(bareLat, 99)) * 100) / 100,
        acknowledged: acknowledged.length,
        lost,
        failures: failures.length,
        firstFailures: failures.slice(0, 3),
        goal: 'answer save p99 < 50 ms, lost = 0',
        cpus: os.cpus().length,
        loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      null,
      2,
    ),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
