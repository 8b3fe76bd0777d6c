// Borrow + return through the real app (session, CSRF, rules, audit) on the generated district,
// against two baselines on the same database in the same run (issue 17, goals 1 and 2):
// - the minimal correct write: bare routes that claim the copy conditionally, insert the loan and
//   append one audit row in one transaction, then update the copy and the loan in another;
// - a bare route doing one SELECT (the old baseline, kept for comparison).
// On PostgreSQL also one app process against two (node:cluster on one port, as SHUXIANG_WORKERS).
//   npx tsx bench/borrow.bench.ts                 SQLite only
//   BENCH_PG_URL=postgres://…/postgres npx tsx bench/borrow.bench.ts
//   BENCH_SECONDS (10), BENCH_CONNECTIONS (20)
import { sql } from 'kysely';
import { openDatabase } from '../server/src/db';
import { borrowers, resetCopies } from './borrowers';
import { closedLoop, district, fmt, login, machine, removeCopy, reportGoal, serve, type Load } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);



/**
 * A run with the CPU time the server process spent in it, per answered request (a borrow or a return):
 * throughput swings with what else runs on the shared cores, the CPU a request costs much less.
 */
async function withCpu(cpuMs: () => number, run: () => Promise<Load>): Promise<Load & { cpuPerReq: number }> {
  const c0 = cpuMs();
  const l = await run();
  return { ...l, cpuPerReq: (cpuMs() - c0) / Math.max(1, l.count) };
}

const line = (l: Load) => `${fmt(l.reqPerSec)} req/s, ${l.count} answered (p50 ${l.p50} / p99 ${l.p99} ms)${Object.keys(l.errors).length ? ` errors ${JSON.stringify(l.errors)}` : ''}`;

async function measure(db: 'sqlite' | 'postgres') {
  const d = await district(db);
  const people = await borrowers(d, CONNECTIONS);
  const barcodes = people.map((p) => p.barcode);

  /** Samples pg_stat_activity while a run goes: how often a backend waits for a lock, and for which. */
  async function lockWaits<T>(run: () => Promise<T>): Promise<{ result: T; samples: number; busy: number; waiting: Record<string, number> }> {
    if (!d.databaseUrl) return { result: await run(), samples: 0, busy: 0, waiting: {} };
    const h = openDatabase({ databaseUrl: d.databaseUrl, poolSize: 1 });
    let stop = false;
    let samples = 0;
    let busy = 0;
    const waiting: Record<string, number> = {};
    const sampler = (async () => {
      while (!stop) {
        const { rows } = await sql<{ state: string; wait_event_type: string | null; wait_event: string | null }>`SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(h.db);
        samples++;
        for (const r of rows) {
          if (r.state !== 'active') continue;
          busy++;
          if (r.wait_event_type === 'Lock') waiting[r.wait_event ?? '?'] = (waiting[r.wait_event ?? '?'] ?? 0) + 1;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    try {
      return { result: await run(), samples, busy, waiting };
    } finally {
      stop = true;
      await sampler;
      await h.destroy();
    }
  }

  async function app(workers: number) {
    await resetCopies(d, barcodes);
    const s = await serve('app', d, workers);
    try {
      const sessions: { cookie: string; csrf: string }[] = [];
      for (const p of people) sessions.push(await login(s.base, p.username));
      const setup = (i: number) => {
        const headers = { cookie: sessions[i].cookie, 'x-csrf-token': sessions[i].csrf, 'content-type': 'application/json' };
        return [
          { method: 'POST', path: `/api/library/copies/${people[i].barcode}/borrow`, headers, body: '{}' },
          { method: 'POST', path: `/api/library/copies/${people[i].barcode}/return`, headers, body: '{}' },
        ];
      };
      await closedLoop({ base: s.base, connections: CONNECTIONS, seconds: 2, setup });
      await resetCopies(d, barcodes);
      return await withCpu(s.cpuMs, () => closedLoop({ base: s.base, connections: CONNECTIONS, seconds: SECONDS, setup }));
    } finally {
      await s.stop();
    }
  }
  async function minimal(workers: number) {
    await resetCopies(d, barcodes);
    const s = await serve('minimal', d, workers);
    try {
      const setup = (i: number) => [
        { method: 'POST', path: `/min/borrow?barcode=${people[i].barcode}&member=${people[i].memberId}` },
        { method: 'POST', path: `/min/return?barcode=${people[i].barcode}` },
      ];
      await closedLoop({ base: s.base, connections: CONNECTIONS, seconds: 2, setup });
      await resetCopies(d, barcodes);
      return await withCpu(s.cpuMs, () => closedLoop({ base: s.base, connections: CONNECTIONS, seconds: SECONDS, setup }));
    } finally {
      await s.stop();
    }
  }
  async function bare() {
    const s = await serve('bare', d);
    try {
      const setup = (i: number) => [{ path: `/bare?barcode=${people[i].barcode}` }];
      return await closedLoop({ base: s.base, connections: CONNECTIONS, seconds: SECONDS, setup });
    } finally {
      await s.stop();
    }
  }

  const name = db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const before = machine().loadAverage[0];
  const min1 = await minimal(1);
  const app1 = await app(1);
  const sel = await bare();
  console.error(`[borrow ${name}] minimal ${line(min1)}; app ${line(app1)}; bare SELECT ${line(sel)}`);
  const load = `load ${before}→${machine().loadAverage[0]}`;
  reportGoal({
    goal: `borrow+return ≥ 0.5 × minimal correct write (${name}, ${CONNECTIONS} connections)`,
    measured: `${(app1.reqPerSec / min1.reqPerSec).toFixed(2)} (app ${fmt(app1.reqPerSec)}, p99 ${app1.p99} ms / minimal ${fmt(min1.reqPerSec)} req/s, p99 ${min1.p99} ms)`,
    met: app1.reqPerSec / min1.reqPerSec >= 0.5,
    note: load,
  });
  reportGoal({
    goal: `borrow+return: server CPU per request, app vs minimal correct write (${name}; reported, no goal)`,
    measured: `${(min1.cpuPerReq / app1.cpuPerReq).toFixed(2)} (app ${app1.cpuPerReq.toFixed(2)} ms / minimal ${min1.cpuPerReq.toFixed(2)} ms of CPU a request)`,
    met: null,
    note: `the server process's own CPU (on PostgreSQL the database's is apart); ${load}`,
  });
  reportGoal({
    goal: `borrow+return vs a bare SELECT route (${name}; old baseline, no goal)`,
    measured: `${(app1.reqPerSec / sel.reqPerSec).toFixed(3)} (bare SELECT ${fmt(sel.reqPerSec)} req/s)`,
    met: null,
  });
  if (db === 'postgres') {
    const sampled = await lockWaits(() => app(2));
    const app2 = sampled.result;
    const waits = Object.entries(sampled.waiting).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    const min2 = await minimal(2);
    console.error(`[borrow ${name}, 2 processes] minimal ${line(min2)}; app ${line(app2)}`);
    reportGoal({
      goal: 'two app processes ≥ 1.6 × one, borrow+return (PostgreSQL)',
      measured: `${(app2.reqPerSec / app1.reqPerSec).toFixed(2)} (${fmt(app1.reqPerSec)} → ${fmt(app2.reqPerSec)} req/s; the minimal write ${(min2.reqPerSec / min1.reqPerSec).toFixed(2)}: ${fmt(min1.reqPerSec)} → ${fmt(min2.reqPerSec)})`,
      met: app2.reqPerSec / app1.reqPerSec >= 1.6,
      note: `${machine().cpus} cores shared by the app processes, PostgreSQL and the load generator; load ${machine().loadAverage[0]}; backends seen active ${sampled.busy} times in ${sampled.samples} samples, waiting for a lock: ${waits}`,
    });
  }
  removeCopy(d);
}

await measure('sqlite');
if (process.env.BENCH_PG_URL) await measure('postgres');
else {
  reportGoal({ goal: 'borrow+return ≥ 0.5 × minimal correct write (PostgreSQL)', measured: '—', met: null, note: 'BENCH_PG_URL not set (npm run bench sets it)' });
  reportGoal({ goal: 'two app processes ≥ 1.6 × one, borrow+return (PostgreSQL)', measured: '—', met: null, note: 'BENCH_PG_URL not set' });
}
