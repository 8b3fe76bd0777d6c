// A generated province on PostgreSQL: 200 towns × 10 offices × 50 = 100,000 members with this
// last 31 days of study logs (the unit views are monthly), one app process (issue 17, goal 4):
// the view of one town (500 members) < 200 ms; the whole province < 3 s (or served from a
// precomputed monthly summary — not built; see bench/README.md).
// Baseline of the same run: the bare one-SELECT route, one client.
//   BENCH_PG_URL=postgres://…/postgres npx tsx bench/province.bench.ts    BENCH_SECONDS (15)
import { PROVINCE } from './generate';
import { clean, closedLoop, district, fmt, login, machine, reportGoal, serve } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

if (!process.env.BENCH_PG_URL) {
  reportGoal({ goal: 'province (100,000 members, PostgreSQL): one town < 200 ms, whole < 3 s', measured: '—', met: null, note: 'BENCH_PG_URL not set (npm run bench sets it)' });
  process.exit(0);
}
const d = await district('postgres', PROVINCE);
const bare = await serve('bare', d);
const floor = await closedLoop({ base: bare.base, connections: 1, seconds: 5, setup: () => [{ path: '/bare?barcode=T00100000' }] });
await bare.stop();
const s = await serve('app', d);
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
    goal: `province on PostgreSQL: the whole province (${fmt(d.members)} members) < 3 s`,
    measured: `p50 ${fmt(all.p50)} / max ${fmt(all.max)} ms (${all.count} views in ${SECONDS * 2} s)${Object.keys(all.errors).length ? ` errors ${JSON.stringify(all.errors)}` : ''}`,
    met: all.max < 3000 && clean(all),
    note: `load ${machine().loadAverage[0]}`,
  });
} finally {
  await s.stop();
}
