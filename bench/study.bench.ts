// The member home and the clerk's monthly unit view on the generated district (6,000 members, a
// year of study logs), SQLite, one app process (issue 17, goals 3 and 4):
// - member home at a steady 1,000 requests a second (open loop: latency from when each request was
//   due), p99 < 50 ms; and the p99 at 50 closed-loop connections, for comparison;
// - the district's unit view (6,000 members): p99 < 1 s with one client, < 2 s with ten — ten on the
//   same view, and ten as a morning looks (three on the district, seven on their own towns); each
//   also on a server that computes every view anew (SHUXIANG_UNIT_VIEW_CACHE_SECONDS=0), whose
//   one-client figure is the cost of one view (decision 020);
// - one town's view (300 members), no goal here (it was < 100 ms in issue 7).
// Baseline of the same run: the bare one-SELECT route at the same fixed rate, i.e. what the machine
// and the load generator do with a request that costs nothing.
//   npx tsx bench/study.bench.ts    BENCH_SECONDS (15), BENCH_RATE (1000)
import { clean, closedLoop, district, fmt, login, machine, openLoop, quantile, removeCopy, reportGoal, serve, settle } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

const d = await district('sqlite');
const bare = await serve('bare', d);
const floor = await openLoop({ base: bare.base, rate: RATE, seconds: Math.min(SECONDS, 10), request: () => ({ path: '/bare?barcode=T00100000' }) });
await bare.stop();

const s = await serve('app', d);
try {
  const homes: string[] = [];
  for (const u of d.memberUsers.slice(0, 50)) homes.push((await login(s.base, u.username)).cookie);
  const districtClerk = (await login(s.base, d.districtClerk)).cookie;
  const townClerk = (await login(s.base, d.towns[0].clerk)).cookie;
  const check = (await (await fetch(`${s.base}/api/study/units/view?month=${month}&unitId=${d.districtId}`, { headers: { cookie: districtClerk } })).json()) as { rows?: unknown[] };
  if (check.rows?.length !== d.members) throw new Error(`district view gave ${check.rows?.length} rows, expected ${d.members}`);

  // Warm up, then the open loop.
  await openLoop({ base: s.base, rate: 200, seconds: 2, request: (i) => ({ path: '/api/study/home', headers: { cookie: homes[i % homes.length] } }) });
  const load0 = machine().loadAverage[0];
  const open = await openLoop({ base: s.base, rate: RATE, seconds: SECONDS, request: (i) => ({ path: '/api/study/home', headers: { cookie: homes[i % homes.length] } }) });
  console.error(`[study] home open loop: ${JSON.stringify(open)}; bare SELECT at the same rate: ${JSON.stringify(floor)}`);
  const errs = Object.keys(open.errors).length ? `; errors ${JSON.stringify(open.errors)}` : '';
  reportGoal({
    goal: `member home at a steady ${fmt(RATE)} req/s, p99 < 50 ms (SQLite, one process, district loaded)`,
    measured: `p99 ${fmt(open.p99)} ms (p50 ${fmt(open.p50)}, p90 ${fmt(open.p90)}; sent ${fmt(open.sentPerSec)}/s${errs}); bare SELECT at the same rate p99 ${fmt(floor.p99)} ms`,
    met: open.p99 < 50 && open.answered === open.sent && !errs,
    note: `load ${load0}`,
  });
  await settle(s.base);
  const closed = await closedLoop({ base: s.base, connections: 50, seconds: SECONDS, setup: (i) => [{ path: '/api/study/home', headers: { cookie: homes[i % homes.length] } }] });
  reportGoal({ goal: 'member home at 50 closed-loop connections (reported, no goal)', measured: `${fmt(closed.reqPerSec)} req/s, p50 ${closed.p50} / p99 ${closed.p99} ms${Object.keys(closed.errors).length ? `, errors ${JSON.stringify(closed.errors)}` : ''}`, met: null, note: `load ${machine().loadAverage[0]}` });

  const view = (unitId: number, cookie: string) => () => [{ path: `/api/study/units/view?month=${month}&unitId=${unitId}`, headers: { cookie } }];
  const errsOf = (l: { errors: Record<string, number> }) => (Object.keys(l.errors).length ? `, errors ${JSON.stringify(l.errors)}` : '');
  // Ten clerks at once, as a district's morning looks (decision 020): the district office's three
  // clerks on the district, seven town clerks each on their own town. Reported: the district
  // view's latencies (clients 0–2) and everyone's.
  const townClerks: string[] = [];
  for (const t of d.towns.slice(0, 7)) townClerks.push((await login(s.base, t.clerk)).cookie);
  const mixed = (base: string) =>
    closedLoop({ base, connections: 10, seconds: SECONDS, setup: (i) => (i < 3 ? view(d.districtId, districtClerk)() : view(d.towns[i - 3].id, townClerks[i - 3])()) });
  const mixedLine = (l: Awaited<ReturnType<typeof closedLoop>>) => {
    const dist = l.byClient.slice(0, 3).flat();
    return `district view p99 ${fmt(quantile(dist, 0.99))} ms (p50 ${fmt(quantile(dist, 0.5))}; ${dist.length} views); all ten p99 ${fmt(l.p99)} ms (${l.count} views${errsOf(l)})`;
  };

  // The cost of computing a view: a server that shares only computations still running
  // (SHUXIANG_UNIT_VIEW_CACHE_SECONDS=0), one client, so every view is computed anew.
  const cold = await serve('app', d, 1, { SHUXIANG_UNIT_VIEW_CACHE_SECONDS: '0' });
  try {
    const town1 = await closedLoop({ base: cold.base, connections: 1, seconds: SECONDS, setup: view(d.towns[0].id, townClerk) });
    reportGoal({ goal: `unit view, one town (${d.members / d.towns.length} members), one client, computed every time (reported)`, measured: `p50 ${town1.p50} / p99 ${town1.p99} ms (${town1.count} views)`, met: null });
    const dist1 = await closedLoop({ base: cold.base, connections: 1, seconds: SECONDS, setup: view(d.districtId, districtClerk) });
    reportGoal({ goal: `unit view, district (${fmt(d.members)} members), one client, computed every time: p99 < 1 s`, measured: `p99 ${fmt(dist1.p99)} ms (p50 ${dist1.p50}; ${dist1.count} views${errsOf(dist1)})`, met: dist1.p99 < 1000 && clean(dist1), note: `load ${machine().loadAverage[0]}` });
    const same0 = await closedLoop({ base: cold.base, connections: 10, seconds: SECONDS, setup: view(d.districtId, districtClerk) });
    reportGoal({ goal: `unit view, district, ten clients on the same view, running computations shared, no cache: p99 < 2 s`, measured: `p99 ${fmt(same0.p99)} ms (p50 ${fmt(same0.p50)}; ${same0.count} views${errsOf(same0)}); ${fmt(same0.p99 / dist1.p50, 1)} × one client's p50`, met: same0.p99 < 2000 && clean(same0), note: `load ${machine().loadAverage[0]}` });
    const mixed0 = await mixed(cold.base);
    reportGoal({ goal: `unit view, ten clients: 3 on the district, 7 on their own towns, no cache: district p99 < 2 s`, measured: mixedLine(mixed0), met: quantile(mixed0.byClient.slice(0, 3).flat(), 0.99) < 2000 && clean(mixed0), note: `load ${machine().loadAverage[0]}` });
  } finally {
    await cold.stop();
  }
  // The app as configured (views shared for 10 s unless a table they read is written).
  const same = await closedLoop({ base: s.base, connections: 10, seconds: SECONDS, setup: view(d.districtId, districtClerk) });
  reportGoal({ goal: `unit view, district (${fmt(d.members)} members), ten clients on the same view: p99 < 2 s`, measured: `p99 ${fmt(same.p99)} ms (p50 ${fmt(same.p50)}; ${same.count} views${errsOf(same)})`, met: same.p99 < 2000 && clean(same), note: `load ${machine().loadAverage[0]}` });
  const mixed10 = await mixed(s.base);
  reportGoal({ goal: `unit view, ten clients: 3 on the district, 7 on their own towns: district p99 < 2 s`, measured: mixedLine(mixed10), met: quantile(mixed10.byClient.slice(0, 3).flat(), 0.99) < 2000 && clean(mixed10), note: `load ${machine().loadAverage[0]}` });
} finally {
  await s.stop();
  removeCopy(d);
}
