// Year-end scores and the acceptance's evidence on PostgreSQL at province scale (issue 17, goal 4:
// 100,000 members < 60 s). The province of bench/generate.ts (PROVINCE: towns of 10 offices × 50
// members) with the year so far: study logs from 1 January to today, a year of plans, loans,
// reflections, a collective session per office per month with check-ins, practice, online learning.
// A full year of 100,000 members is ≈ 25 million study-log rows, more than this shared machine
// generates in an afternoon; BENCH_YEAREND_TOWNS (20 = 10,000 members) sets how many towns of the
// province are generated, and the per-member figures say how it scales (every indicator and
// every provider is a grouped scan of the scope's rows, linear in members).
// Timed in-process, with the service functions the routes call:
// - the year score of the whole generated province (computeScores over its root, as for a
//   district clerk) and of one town (500 members), each indicator apart once;
// - the acceptance's evidence prefill (prefillEvidence) for every unit under it, each provider
//   apart once;
// baseline in the same run: one bare grouped scan of the year's study log (member, count, minutes).
//   BENCH_PG_URL=postgres://…/postgres npx tsx bench/yearend.bench.ts    BENCH_RUNS (3)
//   CPU profile: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/yearend.bench.ts
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';
import { prefillEvidence } from '../server/src/modules/assessment/acceptance/service';
import '../server/src/modules/assessment/evidence/providers';
import { evidenceProviders, RollUp } from '../server/src/modules/assessment/evidence/registry';
import { unitsUnder } from '../server/src/modules/assessment/evidence/repository';
import { providerOf, type MemberRef } from '../server/src/modules/scorecard/scores/registry';
import { computeScores, indicatorSetups, yearContext } from '../server/src/modules/scorecard/scores/service';
import * as scoreRepo from '../server/src/modules/scorecard/scores/repository';
import { createServices } from '../server/src/platform/services';
import { PROVINCE } from './generate';
import { district, fmt, machine, reportGoal } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_MEMBERS = PROVINCE.towns * PROVINCE.unitsPerTown * PROVINCE.perUnit;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const load = () => machine().loadAverage[0];

if (!process.env.BENCH_PG_URL) {
  reportGoal({ goal: `year score and acceptance evidence, ${fmt(GOAL_MEMBERS)} members on PostgreSQL < 60 s`, measured: '—', met: null, note: 'BENCH_PG_URL not set (npm run bench sets it)' });
  process.exit(0);
}
const dayOfYear = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000) + 1;
const towns = Number(process.env.BENCH_YEAREND_TOWNS ?? 20);
const d = await district('postgres', { ...PROVINCE, towns, days: dayOfYear, months: Number(today.slice(5, 7)) });
const handle = openDatabase({ databaseUrl: d.databaseUrl });
const svc = createServices({ ...loadConfig(), demo: false }, handle);
const root = `/${d.districtId}/`;
const townPath = d.towns[0]!.path;
const units = await handle.db.selectFrom('units').select(['id', 'name', 'path']).where('kind', '!=', 'district').orderBy('path').execute();
const logRows = Number((await sql<{ n: string }>`SELECT COUNT(*) AS n FROM study_logs WHERE day >= ${`${year}-01-01`}`.execute(handle.db)).rows[0]!.n);

const time = async (fn: () => Promise<unknown>) => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => fmt(ms / 1000, 2);
const bareScan = () => sql`SELECT member_id, COUNT(*) AS n, SUM(minutes) AS m FROM study_logs WHERE day >= ${`${year}-01-01`} GROUP BY member_id`.execute(handle.db);

try {
  await bareScan(); // warm the cache once, for both sides alike
  const base: number[] = [];
  const whole: number[] = [];
  const town: number[] = [];
  const evidence: number[] = [];
  let scored = 0;
  let townScored = 0;
  let filled = 0;
  for (let i = 0; i < RUNS; i++) {
    base.push(await time(bareScan));
    whole.push(await time(async () => (scored = (await computeScores(yearContext(svc, year), root)).rows.length)));
    town.push(await time(async () => (townScored = (await computeScores(yearContext(svc, year), townPath)).rows.length)));
    evidence.push(await time(async () => (filled = (await prefillEvidence(svc, year, units)).size)));
    console.error(`run ${i + 1}: bare ${s(base[i]!)} s, score ${s(whole[i]!)} s, town ${s(town[i]!)} s, evidence ${s(evidence[i]!)} s (load ${load()})`);
  }
  // Where the time goes: each indicator and each provider once, alone.
  const ctx = yearContext(svc, year);
  const members: MemberRef[] = (await scoreRepo.membersUnder(handle.db, root)).map((m) => ({ id: m.id, name: m.name, pinyin: m.name_pinyin, unitId: m.unit_id, unitName: m.unit_name, unitPath: m.unit_path }));
  const byIndicator: string[] = [];
  for (const st of await indicatorSetups(ctx)) if (st.included) byIndicator.push(`${st.key} ${s(await time(() => providerOf(st.key)!.values(ctx, members, root)))}`);
  const roll = new RollUp(units, await unitsUnder(handle.db, [root]));
  const byProvider: string[] = [];
  for (const p of evidenceProviders()) byProvider.push(`${p.module} ${s(await time(() => p.collect(svc, { year, from: `${year}-01-01`, to: today, units }, roll)))}`);

  const b = median(base);
  const perMember = (ms: number, n: number) => (ms / n) * GOAL_MEMBERS;
  const scope = `${fmt(scored)} members (${towns} towns of the province), ${fmt(logRows)} study-log rows since 1 January`;
  const full = scored >= GOAL_MEMBERS;
  reportGoal({
    goal: `year score of the province, ${fmt(GOAL_MEMBERS)} members on PostgreSQL < 60 s`,
    measured: `${s(median(whole))} s for ${scope} (median of ${RUNS}); bare scan ${s(b)} s, ratio ${fmt(median(whole) / b, 1)}; one town (${townScored}) ${s(median(town))} s${full ? '' : `; linear to ${fmt(GOAL_MEMBERS)}: ≈ ${fmt(perMember(median(whole), scored) / 1000, 0)} s`}`,
    met: full ? median(whole) < 60_000 : null,
    note: `${full ? '' : 'projected, not measured at 100,000; '}by indicator (s): ${byIndicator.join(', ')}; load ${load()}`,
  });
  reportGoal({
    goal: `acceptance evidence prefill of every unit, ${fmt(GOAL_MEMBERS)} members on PostgreSQL < 60 s`,
    measured: `${s(median(evidence))} s for ${fmt(filled)} units, ${scope} (median of ${RUNS}); bare scan ${s(b)} s, ratio ${fmt(median(evidence) / b, 1)}${full ? '' : `; linear to ${fmt(GOAL_MEMBERS)}: ≈ ${fmt(perMember(median(evidence), scored) / 1000, 0)} s`}`,
    met: full ? median(evidence) < 60_000 : null,
    note: `${full ? '' : 'projected, not measured at 100,000; '}by provider (s): ${byProvider.join(', ')}; load ${load()}`,
  });
} finally {
  await handle.destroy();
}
