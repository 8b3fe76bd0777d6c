// The year score for a whole district (issue 16: 6,000 members under 5 s on SQLite) and the
// year-end archive of one 300-member town (under 30 s), on a generated district: 20 towns ×
// 10 units × 30 cadres with the year so far of daily study logs (one a required day, ≈1.4
// million rows), reading plans, reflections, sessions with check-ins, practice and online
// learning. Baseline in the same run: one bare scan of the year's study log grouped by member
// (the least any daily-target computation must read), timed the same way.
// Usage: npx tsx bench/scores.ts   (BENCH_MEMBERS_PER_UNIT to change the size; BENCH_RUNS;
// BENCH_ONLY=scores or BENCH_ONLY=archive to time one of the two)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeUnit, rng } from '../server/src/demo/factories';
import { AuthContext } from '../server/src/platform/auth/context';
import { createServices } from '../server/src/platform/services';
import { addDays, bundledDay } from '../server/src/platform/workcalendar';
import { computeScores, yearContext } from '../server/src/modules/scorecard/scores/service';
import { writeArchive } from '../server/src/modules/archive/service';

const TOWNS = 20;
const UNITS_PER_TOWN = 10;
const PER_UNIT = Number(process.env.BENCH_MEMBERS_PER_UNIT ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

// ---- generate (or reuse BENCH_DB, a database kept by an earlier run with BENCH_KEEP=1) ----
const reuse = process.env.BENCH_DB;
const dir = reuse ? path.dirname(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-scores-'));
const sqliteFile = reuse ?? path.join(dir, 'bench.db');
const keep = Boolean(reuse) || process.env.BENCH_KEEP === '1';
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
let handle = openDatabase({ sqliteFile });
if (!reuse) await generate();
else await migrateToLatest(handle.db); // a database kept by an older version gets the newer tables
const unitsRows = await handle.db.selectFrom('units').select(['id', 'kind', 'path']).orderBy('id').execute();
const district = unitsRows.find((u) => u.kind === 'district')!;
const towns = unitsRows.filter((u) => u.kind === 'town').map((u) => u.id);
const members = (await handle.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

async function generate() {
const t0 = Date.now();
await migrateToLatest(handle.db);
const district = await makeUnit(handle.db, { name: '基准区', kind: 'district' });
const units: { id: number; town: number }[] = [];
const towns: number[] = [];
for (let i = 0; i < TOWNS; i++) {
  const town = (await makeUnit(handle.db, { name: `基准${i + 1}镇`, kind: 'town', parentId: district.id })).id;
  towns.push(town);
  for (let j = 0; j < UNITS_PER_TOWN; j++) units.push({ id: (await makeUnit(handle.db, { name: `单位${i + 1}-${j + 1}`, kind: 'office', parentId: town })).id, town });
}
await handle.destroy();

const days: string[] = [];
for (let d = `${year}-01-01`; d < today; d = addDays(d, 1)) if (bundledDay(d).kind === 'workday') days.push(d);
const iso = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`).toISOString();

const raw = new Database(sqliteFile);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = OFF');
const now = new Date().toISOString();
const rg = rng(11);
const r = () => rg.next();
const ins = {
  member: raw.prepare("INSERT INTO members (unit_id, name, name_initials, name_pinyin, position, category, party_member, phone, status, left_at, leading_group, leading_group_role, created_at, updated_at, version) VALUES (?, ?, '', ?, '', 'party', 1, NULL, 'active', NULL, 0, NULL, ?, ?, 1)"),
  log: raw.prepare("INSERT INTO study_logs (member_id, day, kind, minutes, book_id, book_title, progress, note, source, source_ref, created_at) VALUES (?, ?, ?, ?, NULL, NULL, '', '', 'manual', NULL, ?)"),
  plan: raw.prepare("INSERT INTO reading_plan_items (member_id, month, book_id, own_title, own_author, target_on, status, finished_on, created_at, updated_at, version) VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, 1)"),
  refl: raw.prepare("INSERT INTO reflections (member_id, unit_id, title, status, month, submitted_at, body_text, char_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '读书心得正文。', 1600, ?, ?)"),
  session: raw.prepare("INSERT INTO study_sessions (unit_id, plan_id, topic, starts_at, ends_at, minutes, status, qr_secret, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, 120, 'closed', 'x', ?, ?)"),
  sessionUnit: raw.prepare('INSERT INTO study_session_units (session_id, unit_id) VALUES (?, ?)'),
  checkIn: raw.prepare("INSERT INTO check_ins (session_id, member_id, checked_at, method, recorded_by) VALUES (?, ?, ?, 'qr', NULL)"),
  practice: raw.prepare("INSERT INTO practice_activities (member_id, day, kind, title, minutes, created_at) VALUES (?, ?, 'volunteer', '志愿服务', 60, ?)"),
  online: raw.prepare("INSERT INTO online_learning (member_id, day, platform, content, minutes, credit_tenths, points, evidence_file_id, created_by, created_at) VALUES (?, ?, '学习强国', '', 45, NULL, NULL, NULL, NULL, ?)"),
};
const byUnit = new Map<number, number[]>();
let logRows = 0;
raw.transaction(() => {
  for (const u of units) {
    const ids: number[] = [];
    for (let i = 0; i < PER_UNIT; i++) {
      const name = `干部${u.id}-${i}`;
      ids.push(Number(ins.member.run(u.id, name, name, now, now).lastInsertRowid));
    }
    byUnit.set(u.id, ids);
  }
})();
const STATUSES = ['submitted', 'approved', 'approved', 'excellent', 'returned'];
for (const u of units) {
  raw.transaction(() => {
    const ids = byUnit.get(u.id)!;
    for (const m of ids) {
      const diligence = 0.4 + r() * 0.6;
      for (const d of days) {
        if (r() > diligence) continue;
        ins.log.run(m, d, 'reading', 30 + Math.floor(r() * 60), now);
        logRows++;
      }
      for (let mo = 1; mo <= Number(today.slice(5, 7)); mo++) {
        const month = `${year}-${String(mo).padStart(2, '0')}`;
        const done = r() < diligence;
        ins.plan.run(m, month, `书${mo}`, `${month}-28`, done ? 'finished' : 'reading', done ? `${month}-20` : null, now, now);
        if (mo % 2 === 0 && r() < diligence) ins.refl.run(m, u.id, `心得${mo}`, STATUSES[Math.floor(r() * STATUSES.length)]!, month, iso(`${month}-10`, '10:00'), now, now);
      }
      for (let k = 0; k < 4; k++) if (r() < diligence) ins.practice.run(m, days[Math.floor(r() * days.length)]!, now);
      for (let k = 0; k < 10; k++) if (r() < diligence) ins.online.run(m, days[Math.floor(r() * days.length)]!, now);
    }
    for (let mo = 1; mo < Number(today.slice(5, 7)); mo++) {
      const day = `${year}-${String(mo).padStart(2, '0')}-15`;
      const s = Number(ins.session.run(u.id, `第${mo}次集中学习`, iso(day, '09:00'), iso(day, '11:00'), now, now).lastInsertRowid);
      ins.sessionUnit.run(s, u.id);
      for (const m of ids) if (r() < 0.85) ins.checkIn.run(s, m, iso(day, '08:55'));
    }
  })();
}
raw.exec('ANALYZE');
raw.close();
handle = openDatabase({ sqliteFile });
console.log(`generated ${units.length * PER_UNIT} members, ${logRows} study-log rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

}

// ---- measure ----
const ONLY = process.env.BENCH_ONLY ?? 'all'; // scores | archive | all
const now = new Date().toISOString();
const config = { ...loadConfig({}), dataDir: dir, demo: false };
const svc = createServices(config, handle);
const districtPath = `/${district.id}/`;
const time = async (fn: () => Promise<unknown>) => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const base: number[] = [];
const score: number[] = [];
let rows = 0;
for (let i = 0; i < (ONLY === 'archive' ? 0 : RUNS); i++) {
  base.push(await time(() => sql`SELECT member_id, COUNT(*) AS n, SUM(minutes) AS m FROM study_logs WHERE day >= ${`${year}-01-01`} GROUP BY member_id`.execute(handle.db)));
  score.push(
    await time(async () => {
      const res = await computeScores(yearContext(svc, year), districtPath);
      rows = res.rows.length;
    }),
  );
}
if (ONLY !== 'archive') console.log(`district score (${rows} members of ${members}): median ${(median(score) / 1000).toFixed(2)} s over ${RUNS} runs; baseline (one scan of the year's study log, grouped by member): ${(median(base) / 1000).toFixed(2)} s; ratio ${(median(score) / median(base)).toFixed(2)}`);

// The archive of one town (10 units × PER_UNIT members), written to a file (skipped with BENCH_ONLY=scores).
if (ONLY !== 'scores') await benchArchive();

async function benchArchive() {
const townPath = `/${district.id}/${towns[0]}/`;
const auth = new AuthContext(
  {
    sessionId: 'bench',
    csrfToken: '',
    user: { id: 0, username: 'bench', displayName: '基准', memberId: null, mustChangePassword: false, passwordChangedAt: now, totpEnabled: false, isDemo: false },
    roles: [{ role: 'clerk', unitId: towns[0]!, unitPath: townPath, unitName: '基准1镇' }],
  },
  'bench',
);
const zipFile = path.join(dir, 'archive.zip');
let info = { files: 0, bytes: 0 };
// Time per section (folder), from the progress reports between files.
const bySection = new Map<string, number>();
const byExt = new Map<string, { n: number; ms: number }>();
let mark = performance.now();
let current = '';
const cpu0 = process.cpuUsage();
const archiveMs = await time(async () => {
  info = await writeArchive({ svc, auth, year, unit: { id: towns[0]!, name: '基准1镇', path: townPath }, baseUrl: 'http://localhost' }, fs.createWriteStream(zipFile), (p) => {
    const t = performance.now();
    const key = current.split('/')[0] ?? '';
    bySection.set(key, (bySection.get(key) ?? 0) + (t - mark));
    const ext = /\.([a-z]+)$/.exec(current)?.[1] ?? '(none)';
    const e = byExt.get(ext) ?? { n: 0, ms: 0 };
    byExt.set(ext, { n: e.n + 1, ms: e.ms + (t - mark) });
    mark = t;
    current = p.current;
  });
});
const cpu = process.cpuUsage(cpu0);
console.log(`town archive (${UNITS_PER_TOWN * PER_UNIT} members): ${(archiveMs / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ${info.files} files, ${(info.bytes / 1024 / 1024).toFixed(1)} MB; peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

console.log(`  by kind of file: ${[...byExt].map(([k, e]) => `.${k} ${e.n} × ${(e.ms / e.n).toFixed(0)} ms`).join('; ')}`);
console.log(`  by section: ${[...bySection].filter(([, ms]) => ms > 100).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
}

await handle.destroy();
if (keep) console.log(`kept: BENCH_DB=${sqliteFile}`);
else fs.rmSync(dir, { recursive: true, force: true });
