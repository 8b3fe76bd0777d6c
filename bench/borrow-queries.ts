// Which statements a borrow and a return run, and how long SQLite spends in each:
// the real app in-process (app.inject), 500 borrow+return pairs on one copy after a
// warm-up, timed with Kysely's query log. Usage: npx tsx bench/borrow-queries.ts
// On a copy of the generated district (bench/generate.ts): BENCH_DISTRICT=/path/district.db
// (member m0 borrows a free copy of its own town).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import type { Database } from '../server/src/db/schema';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeBook, makeCopy, makeLocation, makeMember, makeUnit, makeUser } from '../server/src/demo/factories';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 500);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-q-'));
const DISTRICT = process.env.BENCH_DISTRICT;
if (DISTRICT) fs.copyFileSync(DISTRICT, path.join(dir, 'bench.db'));
const sqlite = new SQLite(path.join(dir, 'bench.db'));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = ON');
// The same statement cache as server/src/db (prepared once per SQL text).
const statements = new Map<string, SQLite.Statement>();
const stats = new Map<string, { n: number; ms: number }>();
let counting = false;
const db = new Kysely<Database>({
  dialect: new SqliteDialect({
    database: {
      close: () => sqlite.close(),
      prepare: (text: string) => {
        let s = statements.get(text);
        if (!s) statements.set(text, (s = sqlite.prepare(text)));
        return s;
      },
    },
  }),
  log(e) {
    if (!counting) return;
    const key = e.query.sql.slice(0, 110);
    const s = stats.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.queryDurationMillis;
    stats.set(key, s);
  },
});
await migrateToLatest(db);
let username = 'bench';
let barcode = 'B000001';
if (DISTRICT) {
  const meta = JSON.parse(fs.readFileSync(`${DISTRICT}.json`, 'utf8')) as { memberUsers: { username: string; town: number }[]; towns: { copies: string[] }[] };
  username = meta.memberUsers[0].username;
  barcode = meta.towns[meta.memberUsers[0].town].copies[0];
} else {
  const town = await makeUnit(db, { name: '基准镇', kind: 'town' });
  const room = await makeLocation(db, { unitId: town.id, name: '阅览室' });
  const member = await makeMember(db, { name: '读者', unitId: town.id });
  await makeUser(db, { username: 'bench', password: 'bench-password-1', memberId: member.id, roles: [{ role: 'member', unitId: town.id }] });
  const book = await makeBook(db, { title: '基准图书', category: '其他' });
  await makeCopy(db, { bookId: book.id, barcode: 'B000001', locationId: room.id });
}

const { app } = await buildApp({ ...loadConfig(), demo: false, loginRateLimit: 1_000_000 }, { db, dialect: 'sqlite', file: '', destroy: () => db.destroy() });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'bench-password-1' } });
const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.cookies.find((c) => c.name === 'sx_csrf')!.value };
const pair = async () => {
  for (const step of ['borrow', 'return']) {
    const r = await app.inject({ method: 'POST', url: `/api/library/copies/${barcode}/${step}`, headers, payload: {} });
    if (r.statusCode !== 200) throw new Error(`${step}: ${r.statusCode} ${r.body}`);
  }
};
for (let i = 0; i < 50; i++) await pair();
counting = true;
const t0 = performance.now();
for (let i = 0; i < PAIRS; i++) await pair();
const elapsed = performance.now() - t0;
counting = false;
await app.close();
fs.rmSync(dir, { recursive: true, force: true });

let statementsPerPair = 0;
let sqlMsPerPair = 0;
for (const [sqlText, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  statementsPerPair += s.n / PAIRS;
  sqlMsPerPair += s.ms / PAIRS;
  console.log(`${(s.n / PAIRS).toFixed(1)}× ${String(Math.round((1000 * s.ms) / s.n)).padStart(4)} µs  ${sqlText}`);
}
console.log(JSON.stringify({ pairs: PAIRS, msPerPair: Number((elapsed / PAIRS).toFixed(2)), statementsPerPair: Number(statementsPerPair.toFixed(1)), sqlMsPerPair: Number(sqlMsPerPair.toFixed(2)) }));
