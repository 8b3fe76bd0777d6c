// The member home (GET /api/study/home) and the clerk's monthly unit view
// (GET /api/study/units/view) on a generated district: 20 towns × 300 cadres
// = 6,000 members with a year of daily study logs (≈ 2 million rows). SQLite.
// Usage: npx tsx bench/study-home.ts   (BENCH_SECONDS, BENCH_MEMBERS_PER_TOWN to change the size)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeUnit, makeUser, rng } from '../server/src/demo/factories';
import { addDays, bundledDay } from '../server/src/platform/workcalendar';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const TOWNS = 20;
const PER_TOWN = Number(process.env.BENCH_MEMBERS_PER_TOWN ?? 300);
const HOME_USERS = 50;
const PASSWORD = 'bench-password-1';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-study-'));
const sqliteFile = path.join(dir, 'bench.db');
const env = { ...process.env, BENCH_SQLITE: sqliteFile, DATABASE_URL: '' };

// ---- generate ----
const t0 = Date.now();
const handle = openDatabase({ sqliteFile });
await migrateToLatest(handle.db);
const district = await makeUnit(handle.db, { name: '基准区', kind: 'district' });
const towns: number[] = [];
for (let i = 0; i < TOWNS; i++) towns.push((await makeUnit(handle.db, { name: `基准${i + 1}镇`, kind: 'town', parentId: district.id })).id);
await handle.destroy();

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const month = today.slice(0, 7);
const start = addDays(today, -365);
const days: { day: string; required: boolean }[] = [];
for (let d = start; d <= today; d = addDays(d, 1)) days.push({ day: d, required: bundledDay(d).kind === 'workday' });

const raw = new Database(sqliteFile);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = OFF');
const now = new Date().toISOString();
const insMember = raw.prepare(
  "INSERT INTO members (unit_id, name, name_initials, name_pinyin, position, category, party_member, phone, status, left_at, leading_group, leading_group_role, created_at, updated_at, version) VALUES (?, ?, '', ?, '', 'party', 1, NULL, 'active', NULL, 0, NULL, ?, ?, 1)",
);
const insLog = raw.prepare("INSERT INTO study_logs (member_id, day, kind, minutes, book_id, book_title, progress, note, source, source_ref, created_at) VALUES (?, ?, ?, ?, NULL, NULL, '', '', 'manual', NULL, ?)");
const insPlan = raw.prepare("INSERT INTO reading_plan_items (member_id, month, book_id, own_title, own_author, target_on, status, finished_on, created_at, updated_at, version) VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, 1)");
const r = rng(7);
const memberIds: number[] = [];
let logRows = 0;
raw.transaction(() => {
  for (const town of towns)
    for (let i = 0; i < PER_TOWN; i++) {
      const name = `干部${town}-${i}`;
      memberIds.push(Number(insMember.run(town, name, name, now, now).lastInsertRowid));
    }
})();
const LOG_CHUNK = 500;
for (let c = 0; c < memberIds.length; c += LOG_CHUNK) {
  raw.transaction(() => {
    for (const id of memberIds.slice(c, c + LOG_CHUNK)) {
      const p = 0.55 + r.next() * 0.45;
      for (const d of days) {
        if (r.next() > (d.required ? p : p * 0.6)) continue;
        insLog.run(id, d.day, 'reading', 20 + Math.floor(r.next() * 70), now);
        logRows++;
        if (r.next() < 0.3) {
          insLog.run(id, d.day, 'online', 10 + Math.floor(r.next() * 40), now);
          logRows++;
        }
      }
      if (r.next() < 0.85) insPlan.run(id, month, '基准读本', `${month}-25`, r.next() < 0.3 ? 'finished' : 'reading', r.next() < 0.3 ? today : null, now, now);
    }
  })();
}
raw.close();
const h2 = openDatabase({ sqliteFile });
for (let i = 0; i < HOME_USERS; i++) await makeUser(h2.db, { username: `m${i}`, password: PASSWORD, memberId: memberIds[i * 37], roles: [{ role: 'member', unitId: towns[0] }] });
await makeUser(h2.db, { username: 'towns', password: PASSWORD, roles: [{ role: 'clerk', unitId: towns[0] }] });
await makeUser(h2.db, { username: 'district', password: PASSWORD, roles: [{ role: 'clerk', unitId: district.id }] });
await h2.destroy();
const generatedIn = (Date.now() - t0) / 1000;
console.error(`generated ${memberIds.length} members, ${logRows} study_logs rows in ${generatedIn.toFixed(1)} s`);

// ---- serve and measure ----
const port = 39_000 + Math.floor(Math.random() * 1000);
const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', path.join(import.meta.dirname, 'serve.ts'), 'app', String(port)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
const base = `http://127.0.0.1:${port}`;
async function login(username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
const memberCookies: string[] = [];
for (let i = 0; i < HOME_USERS; i++) memberCookies.push(await login(`m${i}`));
const townCookie = await login('towns');
const districtCookie = await login('district');

function run(opts: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}
async function measure(label: string, connections: number, pathFor: (i: number) => string, cookieFor: (i: number) => string, seconds = DURATION) {
  let next = 0;
  const errors: Record<number, number> = {};
  const res = await run({
    url: base,
    connections,
    duration: seconds,
    setupClient(client) {
      const i = next++;
      client.setHeaders({ cookie: cookieFor(i) });
      client.setRequests([{ method: 'GET', path: pathFor(i) }]);
      client.on('response', (status: number) => {
        if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
      });
    },
  });
  return { label, connections, reqPerSec: res.requests.average, p50ms: res.latency.p50, p99ms: res.latency.p99, non200: errors };
}

// One warm-up request each, and a check that the numbers are there.
const check = await (await fetch(`${base}/api/study/units/view?month=${month}&unitId=${towns[0]}`, { headers: { cookie: townCookie } })).json();
if (check.rows?.length !== PER_TOWN) throw new Error(`unit view returned ${check.rows?.length} rows`);
await fetch(`${base}/api/study/home`, { headers: { cookie: memberCookies[0] } });

const results = process.env.BENCH_ONLY_GENERATE ? [] : [
  await measure('member home', 1, () => '/api/study/home', () => memberCookies[0]),
  await measure('member home', 50, () => '/api/study/home', (i) => memberCookies[i % HOME_USERS]),
  await measure(`unit view, one town (${PER_TOWN} members)`, 1, () => `/api/study/units/view?month=${month}&unitId=${towns[0]}`, () => townCookie),
  await measure(`unit view, one town (${PER_TOWN} members)`, 50, () => `/api/study/units/view?month=${month}&unitId=${towns[0]}`, () => townCookie),
  await measure(`unit view, district (${memberIds.length} members)`, 1, () => `/api/study/units/view?month=${month}&unitId=${district.id}`, () => districtCookie),
  await measure(`unit view, district (${memberIds.length} members)`, 50, () => `/api/study/units/view?month=${month}&unitId=${district.id}`, () => districtCookie),
];
child.kill('SIGINT');
await new Promise((res) => child.once('exit', res));
console.log(JSON.stringify({ db: 'sqlite', loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))), members: memberIds.length, studyLogs: logRows, generatedSeconds: Number(generatedIn.toFixed(1)), seconds: DURATION, results }, null, 2));
if (process.env.BENCH_KEEP) console.error(`kept ${sqliteFile}`);
else fs.rmSync(dir, { recursive: true, force: true });
