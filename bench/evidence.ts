// The year-end acceptance's automatic evidence for every unit of a district (issue 15: 6,000
// members, under 5 s on SQLite), on a generated district: 20 towns × 10 units × 30 cadres with
// the year so far of daily study logs on required days, monthly reading plans, reflections, a
// collective session per unit per month with check-ins, a town seminar per month (signed),
// lectures, a district paper per quarter with attempts, online learning and practice.
// Timed: prefillEvidence (every registered provider, every checklist item, suggested points) for
// all 220 units at once (the 200 units and their 20 towns), as the acceptance's results and
// exports need it. Baseline in the same run: one bare scan of the year's study log grouped by
// member (the least the daily-target evidence must read), timed the same way.
// Usage: npx tsx bench/evidence.ts   (BENCH_MEMBERS_PER_UNIT to change the size; BENCH_RUNS)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeUnit, makeUser, rng } from '../server/src/demo/factories';
import { createServices } from '../server/src/platform/services';
import { addDays, bundledDay } from '../server/src/platform/workcalendar';
import { prefillEvidence } from '../server/src/modules/assessment/acceptance/service';
import '../server/src/modules/assessment/evidence/providers';
import { evidenceProviders, RollUp } from '../server/src/modules/assessment/evidence/registry';
import { unitsUnder } from '../server/src/modules/assessment/evidence/repository';

const TOWNS = 20;
const UNITS_PER_TOWN = 10;
const PER_UNIT = Number(process.env.BENCH_MEMBERS_PER_UNIT ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KEEP = process.env.BENCH_KEEP; // a file to keep the generated database in (and to reuse it)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-evidence-'));
const sqliteFile = path.join(dir, 'bench.db');

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const reuse = Boolean(KEEP && fs.existsSync(KEEP));
if (reuse) fs.copyFileSync(KEEP!, sqliteFile);
let handle = openDatabase({ sqliteFile });
if (!reuse) await generate();

async function generate() {
// ---- generate ----
const t0 = Date.now();
await migrateToLatest(handle.db);
const district = await makeUnit(handle.db, { name: '基准区', kind: 'district' });
const units: { id: number; town: number }[] = [];
const towns: { id: number; name: string }[] = [];
for (let i = 0; i < TOWNS; i++) {
  const town = await makeUnit(handle.db, { name: `基准${i + 1}镇`, kind: 'town', parentId: district.id });
  towns.push({ id: town.id, name: `基准${i + 1}镇` });
  for (let j = 0; j < UNITS_PER_TOWN; j++) units.push({ id: (await makeUnit(handle.db, { name: `单位${i + 1}-${j + 1}`, kind: 'office', parentId: town.id })).id, town: town.id });
}
const chair = await makeUser(handle.db, { username: 'chair', password: 'bench-password-1', displayName: '书记', roles: [{ role: 'leader', unitId: district.id }] });
await handle.destroy();

const thisMonth = Number(today.slice(5, 7));
const days: string[] = [];
for (let d = `${year}-01-01`; d < today; d = addDays(d, 1)) if (bundledDay(d).kind === 'workday') days.push(d);
const iso = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`).toISOString();

const raw = new Database(sqliteFile);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = OFF');
const now = new Date().toISOString();
const rg = rng(15);
const r = () => rg.next();
const ins = {
  member: raw.prepare("INSERT INTO members (unit_id, name, name_initials, name_pinyin, position, category, party_member, phone, status, left_at, leading_group, leading_group_role, created_at, updated_at, version) VALUES (?, ?, '', ?, '', 'party', 1, NULL, 'active', NULL, 0, NULL, ?, ?, 1)"),
  log: raw.prepare("INSERT INTO study_logs (member_id, day, kind, minutes, book_id, book_title, progress, note, source, source_ref, created_at) VALUES (?, ?, ?, ?, NULL, NULL, '', '', 'manual', NULL, ?)"),
  plan: raw.prepare("INSERT INTO reading_plan_items (member_id, month, book_id, own_title, own_author, target_on, status, finished_on, created_at, updated_at, version) VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, 1)"),
  refl: raw.prepare("INSERT INTO reflections (member_id, unit_id, title, status, month, submitted_at, body_text, char_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '读书心得正文。', 1600, ?, ?)"),
  session: raw.prepare("INSERT INTO study_sessions (unit_id, plan_id, topic, starts_at, ends_at, minutes, status, qr_secret, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, 120, 'closed', 'x', ?, ?)"),
  sessionUnit: raw.prepare('INSERT INTO study_session_units (session_id, unit_id) VALUES (?, ?)'),
  checkIn: raw.prepare("INSERT INTO check_ins (session_id, member_id, checked_at, method, recorded_by) VALUES (?, ?, ?, 'qr', NULL)"),
  seminar: raw.prepare("INSERT INTO seminars (unit_id, session_id, month, theme, chair_user_id, chair_name, status, signed_at, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, '书记', ?, ?, NULL, ?, ?, 1)"),
  lecture: raw.prepare("INSERT INTO lectures (unit_id, member_id, topic, status, session_id, decision_note, decided_by, decided_at, created_by, created_at, updated_at) VALUES (?, ?, ?, 'scheduled', ?, NULL, NULL, NULL, NULL, ?, ?)"),
  paper: raw.prepare("INSERT INTO exam_papers (unit_id, title, description, quarter, opens_at, closes_at, time_limit_minutes, max_attempts, grading_method, shuffle_questions, shuffle_options, review_after_submit, review_after_close, status, created_by, created_at, updated_at, version) VALUES (?, ?, '', ?, ?, ?, 30, 2, 'highest', 0, 0, '{}', '{}', 'published', NULL, ?, ?, 1)"),
  paperUnit: raw.prepare('INSERT INTO exam_paper_units (paper_id, unit_id) VALUES (?, ?)'),
  attempt: raw.prepare("INSERT INTO exam_attempts (paper_id, member_id, unit_id, attempt_no, open_slot, status, started_at, deadline_at, submitted_at, submitted_how, score, max_score) VALUES (?, ?, ?, 1, NULL, 'graded', ?, ?, ?, 'manual', ?, 100)"),
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
      for (let mo = 1; mo <= thisMonth; mo++) {
        const month = `${year}-${String(mo).padStart(2, '0')}`;
        const done = r() < diligence;
        ins.plan.run(m, month, `书${mo}`, `${month}-28`, done ? 'finished' : 'reading', done ? `${month}-20` : null, now, now);
        if (mo % 2 === 0 && r() < diligence) ins.refl.run(m, u.id, `心得${mo}`, STATUSES[Math.floor(r() * STATUSES.length)]!, month, iso(`${month}-10`, '10:00'), now, now);
      }
      for (let k = 0; k < 4; k++) if (r() < diligence) ins.practice.run(m, days[Math.floor(r() * days.length)]!, now);
      for (let k = 0; k < 10; k++) if (r() < diligence) ins.online.run(m, days[Math.floor(r() * days.length)]!, now);
    }
    for (let mo = 1; mo < thisMonth; mo++) {
      const day = `${year}-${String(mo).padStart(2, '0')}-15`;
      const s = Number(ins.session.run(u.id, `第${mo}次集中学习`, iso(day, '09:00'), iso(day, '11:00'), now, now).lastInsertRowid);
      ins.sessionUnit.run(s, u.id);
      for (const m of ids) if (r() < 0.85) ins.checkIn.run(s, m, iso(day, '08:55'));
    }
    // Two party lectures a year by the unit's cadres.
    for (const mo of [4, 10]) {
      if (mo >= thisMonth) continue;
      const day = `${year}-${String(mo).padStart(2, '0')}-20`;
      const s = Number(ins.session.run(u.id, '党课', iso(day, '15:00'), iso(day, '16:00'), now, now).lastInsertRowid);
      ins.sessionUnit.run(s, u.id);
      ins.lecture.run(u.id, ids[Math.floor(r() * ids.length)]!, `党课${mo}`, s, now, now);
    }
  })();
}
raw.transaction(() => {
  // A town seminar each month (the minutes signed), held on a session for the town.
  for (const town of towns) {
    for (let mo = 1; mo < thisMonth; mo++) {
      const month = `${year}-${String(mo).padStart(2, '0')}`;
      const day = `${month}-25`;
      const s = Number(ins.session.run(town.id, `${month} 读书研讨`, iso(day, '14:00'), iso(day, '16:00'), now, now).lastInsertRowid);
      ins.sessionUnit.run(s, town.id);
      const signed = r() < 0.8;
      ins.seminar.run(town.id, s, month, `${month} 读书研讨`, chair.id, signed ? 'signed' : 'scheduled', signed ? now : null, now, now);
    }
  }
  // A district paper each quarter that has closed, taken by most cadres.
  for (let q = 1; q <= 4; q++) {
    const closes = `${year}-${String(q * 3).padStart(2, '0')}-28`;
    if (closes >= today) continue;
    const p = Number(ins.paper.run(district.id, `${year}年第${q}季度测试`, `${year}Q${q}`, iso(`${year}-${String(q * 3).padStart(2, '0')}-01`, '08:00'), iso(closes, '23:00'), now, now).lastInsertRowid);
    ins.paperUnit.run(p, district.id);
    for (const u of units)
      for (const m of byUnit.get(u.id)!) if (r() < 0.9) ins.attempt.run(p, m, u.id, iso(closes, '10:00'), iso(closes, '10:30'), iso(closes, '10:25'), 50 + Math.floor(r() * 50));
  }
})();
raw.exec('ANALYZE');
raw.close();
console.log(`generated ${units.length * PER_UNIT} members, ${logRows} study-log rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (KEEP) fs.copyFileSync(sqliteFile, KEEP);
}

// ---- measure ----
handle = openDatabase({ sqliteFile });
const members = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM members`.execute(handle.db)).rows[0]!.n);
const district = (await handle.db.selectFrom('units').select('id').where('kind', '=', 'district').executeTakeFirstOrThrow());
const config = { ...loadConfig({}), dataDir: dir, demo: false };
const svc = createServices(config, handle);
const all = await handle.db.selectFrom('units').select(['id', 'name', 'path']).where('kind', '!=', 'district').orderBy('path').execute();
const time = async (fn: () => Promise<unknown>) => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const base: number[] = [];
const prefill: number[] = [];
let filled = 0;
let suggested = 0;
for (let i = 0; i < RUNS; i++) {
  base.push(await time(() => sql`SELECT member_id, COUNT(*) AS n, SUM(minutes) AS m FROM study_logs WHERE day >= ${`${year}-01-01`} GROUP BY member_id`.execute(handle.db)));
  prefill.push(
    await time(async () => {
      const ev = await prefillEvidence(svc, year, all);
      filled = ev.size;
      suggested = [...ev.values()].flat().filter((e) => e.suggested !== null).length;
    }),
  );
}
console.log(
  `evidence prefill (${filled} units, ${members} members, ${suggested} suggested scores): median ${(median(prefill) / 1000).toFixed(2)} s over ${RUNS} runs (${prefill.map((x) => (x / 1000).toFixed(2)).join(', ')}); baseline (one scan of the year's study log, grouped by member): ${(median(base) / 1000).toFixed(2)} s; ratio ${(median(prefill) / median(base)).toFixed(1)}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
);
// Where the time goes: each provider once over all units.
const roll = new RollUp(all, await unitsUnder(handle.db, [`/${district.id}/`]));
const q = { year, from: `${year}-01-01`, to: today, units: all };
const parts: string[] = [];
for (const p of evidenceProviders()) parts.push(`${p.module} ${((await time(() => p.collect(svc, q, roll))) / 1000).toFixed(2)} s`);
console.log(`  by provider: ${parts.join('; ')}`);
// One unit alone, as the scoring page asks for it.
const one = await time(() => prefillEvidence(svc, year, [all.find((u) => u.name === '单位1-1')!]));
console.log(`one unit (the scoring page): ${(one / 1000).toFixed(2)} s`);

await handle.destroy();
fs.rmSync(dir, { recursive: true, force: true });
