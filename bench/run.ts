// `npm run bench`: runs every bench/*.bench.ts in name order, each in its own process, against a
// throwaway PostgreSQL server started here (BENCH_PG_URL; or give one: BENCH_PG_URL=postgres://…/postgres),
// and prints one table of every goal they report (reportGoal in bench/lib.ts), with the machine's
// state before and after. `npm run bench -- borrow study` runs only the files whose names contain
// one of the words. The table is also written to .tmp/bench/results-<time>.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Goal } from './lib';
import { machine } from './lib';

const here = import.meta.dirname;
const words = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no bench/*.bench.ts matches ${words.join(' ')}`);
  process.exit(1);
}

let pgServer: { url: string; stop(): void } | null = null;
if (!process.env.BENCH_PG_URL && process.env.BENCH_NO_PG !== '1') {
  // @ts-expect-error a plain .mjs module shared with scripts/test.mjs
  const { pgBinDir, startPostgres } = (await import('../scripts/postgres.mjs')) as { pgBinDir(): string | null; startPostgres(extra?: string): Promise<{ url: string; stop(): void }> };
  if (pgBinDir()) pgServer = await startPostgres('-c shared_buffers=512MB -c max_wal_size=4GB');
  else console.error('[bench] PostgreSQL is not installed: the PostgreSQL goals are not measured');
}
const pgUrl = process.env.BENCH_PG_URL ?? pgServer?.url;
process.on('SIGINT', () => {
  pgServer?.stop();
  process.exit(130);
});

const started = new Date();
const before = machine();
const rows: (Goal & { script: string })[] = [];
try {
  for (const f of files) {
    console.error(`[bench] ${f} (load ${os.loadavg()[0].toFixed(1)})`);
    const t0 = Date.now();
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, f)], { env: { ...process.env, ...(pgUrl ? { BENCH_PG_URL: pgUrl } : {}) }, stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += String(d);
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const l = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (l.startsWith('BENCH-GOAL ')) {
            const g = JSON.parse(l.slice('BENCH-GOAL '.length)) as Goal;
            rows.push({ ...g, script: f });
            console.error(`[bench]   ${g.goal}: ${g.measured} ${g.met === null ? '' : g.met ? '(met)' : '(NOT met)'}`);
          } else process.stderr.write(`${l}\n`);
        }
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) rows.push({ script: f, goal: '(the script failed)', measured: `exit code ${code}`, met: false });
    console.error(`[bench] ${f} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
} finally {
  pgServer?.stop();
}

const after = machine();
const esc = (s: string) => s.replace(/\|/g, '\\|');
const table = [
  `Run of ${started.toISOString()} (${((Date.now() - started.getTime()) / 60_000).toFixed(0)} min): ${before.cpus} cores, ${before.memGiB} GiB; load average ${before.loadAverage.join(' / ')} before, ${after.loadAverage.join(' / ')} after.`,
  '',
  '| script | goal | measured | met | note |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.script} | ${esc(r.goal)} | ${esc(r.measured)} | ${r.met === null ? '—' : r.met ? 'met' : '**not met**'} | ${esc(r.note ?? '')} |`),
].join('\n');
console.log(table);
const out = path.join(here, '../.tmp/bench');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, `results-${started.toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n`);
process.exit(rows.some((r) => r.goal === '(the script failed)') ? 1 : 0);
