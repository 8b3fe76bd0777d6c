// Borrow + return of this checkout against another checkout's (BENCH_OTHER=/path/to/its/root), on
// a machine too busy for two runs minutes apart to compare: the two app servers and the minimal
// write run side by side on the same generated district and take turns, a short slice each
// (other, this, minimal, … BENCH_ROUNDS times), so each sees the same load. Reports each one's
// throughput, its ratio to the minimal write and the server's CPU per request (/proc).
//   BENCH_OTHER=/work/wt/base npx tsx bench/borrow-ab.ts     (SQLite; with BENCH_PG_URL also PostgreSQL)
//   BENCH_ROUNDS (8), BENCH_SLICE (3 s), BENCH_CONNECTIONS (20)
import path from 'node:path';
import { borrowers, resetCopies } from './borrowers';
import { closedLoop, district, fmt, login, machine, removeCopy, serve } from './lib';

const OTHER = process.env.BENCH_OTHER;
if (!OTHER) throw new Error('BENCH_OTHER=/path/to/the/other/checkout');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SLICE = Number(process.env.BENCH_SLICE ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);



async function compare(db: 'sqlite' | 'postgres') {
  const d = await district(db);
  const who = await borrowers(d, CONNECTIONS);
  const barcodes = who.map((p) => p.barcode);
  await resetCopies(d, barcodes);
  const servers = {
    other: await serve('app', d, 1, {}, path.join(path.resolve(OTHER!), 'bench')),
    this: await serve('app', d),
    minimal: await serve('minimal', d),
  };
  const setups: Record<keyof typeof servers, (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: string }[]> = {
    minimal: (i) => [
      { method: 'POST', path: `/min/borrow?barcode=${who[i]!.barcode}&member=${who[i]!.memberId}` },
      { method: 'POST', path: `/min/return?barcode=${who[i]!.barcode}` },
    ],
    other: await appSetup(servers.other.base),
    this: await appSetup(servers.this.base),
  };
  async function appSetup(base: string) {
    const sessions: { cookie: string; csrf: string }[] = [];
    for (const p of who) sessions.push(await login(base, p.username));
    return (i: number) => {
      const headers = { cookie: sessions[i]!.cookie, 'x-csrf-token': sessions[i]!.csrf, 'content-type': 'application/json' };
      return [
        { method: 'POST', path: `/api/library/copies/${who[i]!.barcode}/borrow`, headers, body: '{}' },
        { method: 'POST', path: `/api/library/copies/${who[i]!.barcode}/return`, headers, body: '{}' },
      ];
    };
  }
  const fresh = () => ({ count: 0, cpu: 0, errors: {} as Record<string, number> });
  const total = { other: fresh(), this: fresh(), minimal: fresh() };
  // Which goes first in a round alternates, so neither always follows the same one.
  const order = (r: number) => (r % 2 ? (['this', 'other', 'minimal'] as const) : (['other', 'this', 'minimal'] as const));
  const load0 = machine().loadAverage[0];
  try {
    for (const k of ['other', 'this', 'minimal'] as const) await closedLoop({ base: servers[k].base, connections: CONNECTIONS, seconds: 2, setup: setups[k] }); // warm
    for (let r = 0; r < ROUNDS; r++)
      for (const k of order(r)) {
        await resetCopies(d, barcodes);
        const c0 = servers[k].cpuMs();
        const l = await closedLoop({ base: servers[k].base, connections: CONNECTIONS, seconds: SLICE, setup: setups[k] });
        total[k].cpu += servers[k].cpuMs() - c0;
        total[k].count += l.count;
        for (const [code, n] of Object.entries(l.errors)) total[k].errors[code] = (total[k].errors[code] ?? 0) + n;
      }
  } finally {
    for (const s of Object.values(servers)) await s.stop();
    removeCopy(d);
  }
  const rate = (k: keyof typeof total) => total[k].count / (ROUNDS * SLICE);
  const cpu = (k: keyof typeof total) => total[k].cpu / Math.max(1, total[k].count);
  const name = db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  console.log(`[${name}] ${ROUNDS} rounds of ${SLICE} s each, ${CONNECTIONS} connections, load ${load0} → ${machine().loadAverage[0]}`);
  for (const k of ['other', 'this', 'minimal'] as const)
    console.log(`  ${k.padEnd(7)} ${fmt(rate(k)).padStart(6)} req/s  ${cpu(k).toFixed(2)} ms CPU/request${k === 'minimal' ? '' : `  ratio to minimal ${(rate(k) / rate('minimal')).toFixed(3)} (CPU ${(cpu('minimal') / cpu(k)).toFixed(3)})`}${Object.keys(total[k].errors).length ? `  (not 200: ${JSON.stringify(total[k].errors)})` : ''}`);
  console.log(`  this / other: throughput ${(rate('this') / rate('other')).toFixed(3)}, CPU per request ${(cpu('this') / cpu('other')).toFixed(3)}`);
}

await compare('sqlite');
if (process.env.BENCH_PG_URL) await compare('postgres');
