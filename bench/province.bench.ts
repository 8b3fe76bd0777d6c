// A generated province on PostgreSQL: 200 towns × 10 offices × 50 = 100,000 members with this
// last 31 days of study logs (the unit views are monthly), one app process (issue 17, goal 4):
// the view of one town (500 members) < 200 ms; the whole province < 3 s or served from a
// precomputed monthly summary (decision 021): the whole province by unit from the summary
// (/api/study/units/summary, after the job study.unit-summary has run) against the live view of
// every member (/api/study/units/view) in the same run.
// Baseline of the same run: the bare one-SELECT route, one client.
//   BENCH_PG_URL=postgres://…/postgres npx tsx bench/province.bench.ts    BENCH_SECONDS (15)
//   BENCH_PROVINCE_TOWNS (200): fewer towns for a smaller province on a busy machine.
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';
import { refreshUnitSummary } from '../server/src/modules/study/summary';
import { createServices } from '../server/src/platform/services';
import { PROVINCE } from './generate';
import { clean, closedLoop, district, fmt, login, machine, reportGoal, serve } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

if (!process.env.BENCH_PG_URL) {
  reportGoal({ goal: 'province (100,000 members, PostgreSQL): one town < 200 ms, whole < 3 s', measured: '—', met: null, note: 'BENCH_PG_URL not set (npm run bench sets it)' });
  process.exit(0);
}
const d = await district('postgres', { ...PROVINCE, towns: Number(process.env.BENCH_PROVINCE_TOWNS ?? PROVINCE.towns) });
const bare = await serve('bare', d);
const floor = await closedLoop({ base: bare.base, connections: 1, seconds: 5, setup: () => [{ path: '/bare?barcode=T00100000' }] });
await bare.stop();
// Every view computed anew (no 10-s sharing, decision 020): the live figures are what one view costs.
const s = await serve('app', d, 1, { SHUXIANG_UNIT_VIEW_CACHE_SECONDS: '0' });
try {
  const top = (await login(s.base, d.districtClerk)).cookie;
  const town = (await login(s.base, d.towns[0].clerk)).cookie;
  const view = (unitId: number, cookie: string) => () => [{ path: `/api/study/units/view?month=${month}&unitId=${unitId}`, headers: { cookie } }];
  const warm = await fetch(`${s.base}/api/study/units/view?month=${month}&unitId=${d.towns[0].id}`, { headers: { cookie: town } });
  if (warm.status !== 200) throw new Error(`town view: ${warm.status} ${await warm.text()}`);
  const one = await closedLoop({ base: s.base, connections: 1, seconds: SECONDS, setup: view(d.towns[0].id, town) });
  reportGoal({
    goal: `province on PostgreSQL: view of one town (${d.members / d.towns.length} members) < 200 ms`,
    measured: `p50 ${one.p50} / p99 ${one.p99} ms (${fmt(one.reqPerSec, 1)} req/s; bare SELECT p50 ${floor.p50} ms)`,
    met: one.p99 < 200 && clean(one),
    note: `${fmt(d.members)} members, ${fmt(d.counts.study_logs)} study-log rows over the last 31 days; load ${machine().loadAverage[0]}`,
  });
  const all = await closedLoop({ base: s.base, connections: 1, seconds: SECONDS * 2, timeoutSeconds: 120, setup: view(d.districtId, top) });
  reportGoal({
    goal: `province on PostgreSQL: the whole province (${fmt(d.members)} members), live, every member < 3 s`,
    measured: `p50 ${fmt(all.p50)} / max ${fmt(all.max)} ms (${all.count} views in ${SECONDS * 2} s)${Object.keys(all.errors).length ? ` errors ${JSON.stringify(all.errors)}` : ''}`,
    met: all.max < 3000 && clean(all),
    note: `load ${machine().loadAverage[0]}`,
  });
  // The nightly summary (decision 021), refreshed here as the job does, timed.
  const handle = openDatabase({ databaseUrl: d.databaseUrl });
  const t0 = performance.now();
  const refreshed = await refreshUnitSummary(createServices({ ...loadConfig(), demo: false }, handle), month);
  const refreshMs = performance.now() - t0;
  await handle.destroy();
  const summary = (unitId: number, cookie: string) => () => [{ path: `/api/study/units/summary?month=${month}&unitId=${unitId}`, headers: { cookie } }];
  const sum = await closedLoop({ base: s.base, connections: 1, seconds: SECONDS, setup: summary(d.districtId, top) });
  reportGoal({
    goal: `province on PostgreSQL: the whole province by unit from the monthly summary < 3 s`,
    measured: `p50 ${fmt(sum.p50)} / p99 ${fmt(sum.p99)} ms (${sum.count} answers; ${refreshed.units} unit rows); live view p50 ${fmt(all.p50)} ms, ratio ${fmt(all.p50 / Math.max(sum.p50, 1), 0)}×; the refresh itself ${fmt(refreshMs / 1000, 1)} s`,
    met: sum.p99 < 3000 && clean(sum),
    note: `load ${machine().loadAverage[0]}`,
  });
} finally {
  await s.stop();
}
