// The member home and the clerk's monthly unit view on the generated district (6,000 members, a
// year of study logs), SQLite, one app process (issue 17, goals 3 and 4):
// - member home at a steady 1,000 requests a second (open loop: latency from when each request was
//   due), p99 < 50 ms; and the p99 at 50 closed-loop connections, for comparison;
// - the district's unit view (6,000 members): p99 < 1 s with one client, < 2 s with ten;
// - one town's view (300 members), no goal here (it was < 100 ms in issue 7).
// Baseline of the same run: the bare one-SELECT route at the same fixed rate, i.e. what the machine
// and the load generator do with a request that costs nothing.
//   npx tsx bench/study.bench.ts    BENCH_SECONDS (15), BENCH_RATE (1000)
import { clean, closedLoop, district, fmt, login, machine, openLoop, removeCopy, reportGoal, serve, settle } from './lib';

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
  const town1 = await closedLoop({ base: s.base, connections: 1, seconds: SECONDS, setup: view(d.towns[0].id, townClerk) });
  reportGoal({ goal: `unit view, one town (${d.members / d.towns.length} members), one client (reported)`, measured: `p50 ${town1.p50} / p99 ${town1.p99} ms (${town1.count} views)`, met: null });
  const dist1 = await closedLoop({ base: s.base, connections: 1, seconds: SECONDS, setup: view(d.districtId, districtClerk) });
  reportGoal({ goal: `unit view, district (${fmt(d.members)} members), one client: p99 < 1 s`, measured: `p99 ${fmt(dist1.p99)} ms (p50 ${dist1.p50}; ${dist1.count} views${Object.keys(dist1.errors).length ? `, errors ${JSON.stringify(dist1.errors)}` : ''})`, met: dist1.p99 < 1000 && clean(dist1), note: `load ${machine().loadAverage[0]}` });
  const dist10 = await closedLoop({ base: s.base, connections: 10, seconds: SECONDS * 2, setup: view(d.districtId, districtClerk) });
  reportGoal({ goal: `unit view, district (${fmt(d.members)} members), ten clients: p99 < 2 s`, measured: `p99 ${fmt(dist10.p99)} ms (p50 ${fmt(dist10.p50)}; ${dist10.count} views${Object.keys(dist10.errors).length ? `, errors ${JSON.stringify(dist10.errors)}` : ''})`, met: dist10.p99 < 2000 && clean(dist10), note: `load ${machine().loadAverage[0]}` });
} finally {
  await s.stop();
  removeCopy(d);
}
