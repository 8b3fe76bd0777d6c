// Borrow + return throughput of the real app against a bare Fastify route doing
// one query on the same database, in the same run. Usage:
//   npx tsx bench/borrow-return.ts            (SQLite)
//   DATABASE_URL=postgres://… npx tsx bench/borrow-return.ts
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeBook, makeCopy, makeLocation, makeMember, makeUnit, makeUser } from '../server/src/demo/factories';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench-password-1';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-'));
const sqliteFile = path.join(dir, 'bench.db');
const env = { ...process.env, BENCH_SQLITE: sqliteFile };
const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile });
await migrateToLatest(handle.db);
const town = await makeUnit(handle.db, { name: '基准镇', kind: 'town' });
const room = await makeLocation(handle.db, { unitId: town.id, name: '阅览室' });
for (let i = 0; i < CONNECTIONS; i++) {
  const m = await makeMember(handle.db, { name: `读者${i}`, unitId: town.id });
  await makeUser(handle.db, { username: `bench${i}`, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });
  const b = await makeBook(handle.db, { title: `基准图书${i}`, category: '其他' });
  await makeCopy(handle.db, { bookId: b.id, barcode: `B${String(i).padStart(6, '0')}`, locationId: room.id });
}
await handle.destroy();

async function serve(mode: 'app' | 'bare', port: number) {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROF && mode === 'app' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', path.join(import.meta.dirname, 'serve.ts'), mode, String(port)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
  return child;
}

function run(opts: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

const appPort = 39_000 + Math.floor(Math.random() * 1000);
const app = await serve('app', appPort);
const base = `http://127.0.0.1:${appPort}`;
const sessions: { cookie: string; csrf: string }[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench${i}`, password: PASSWORD }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  sessions.push({ cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('sx_csrf='))!.slice('sx_csrf='.length) });
}
let next = 0;
const errors: Record<number, number> = {};
const appResult = await run({
  url: base,
  connections: CONNECTIONS,
  duration: DURATION,
  requests: [{ method: 'POST', path: '/' }, { method: 'POST', path: '/' }],
  setupClient(client) {
    const i = next++;
    const barcode = `B${String(i).padStart(6, '0')}`;
    const headers = { cookie: sessions[i].cookie, 'x-csrf-token': sessions[i].csrf, 'content-type': 'application/json' };
    client.setRequests([
      { method: 'POST', path: `/api/library/copies/${barcode}/borrow`, headers, body: '{}' },
      { method: 'POST', path: `/api/library/copies/${barcode}/return`, headers, body: '{}' },
    ]);
    client.on('response', (status: number) => {
      if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
    });
  },
});
app.kill('SIGINT');
await new Promise((r) => app.once('exit', r));

const barePort = appPort + 1;
const bare = await serve('bare', barePort);
const bareResult = await run({ url: `http://127.0.0.1:${barePort}/bare?barcode=B000001`, connections: CONNECTIONS, duration: DURATION });
bare.kill();

const db = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
const ratio = appResult.requests.average / bareResult.requests.average;
console.log(
  JSON.stringify(
    {
      db,
      connections: CONNECTIONS,
      seconds: DURATION,
      borrowReturn: { reqPerSec: appResult.requests.average, p50ms: appResult.latency.p50, p99ms: appResult.latency.p99, non200: errors },
      bareQuery: { reqPerSec: bareResult.requests.average, p50ms: bareResult.latency.p50, p99ms: bareResult.latency.p99 },
      ratio: Number(ratio.toFixed(3)),
      goal: 'ratio >= 0.40',
    },
    null,
    2,
  ),
);
fs.rmSync(dir, { recursive: true, force: true });
