// The backup drill's figures for RTO and RPO (docs/security.md, "备份演练"): the demo town (the size of
// one town's install) is backed up online with `backup()` and restored into an empty database with
// `restore()`, in-process, on SQLite and (with BENCH_PG_URL) PostgreSQL. The baseline is a plain copy
// of the SQLite file, the least any restore costs. `npx tsx bench/backup.bench.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config';
import { openDatabase, type DatabaseHandle } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { seedDemo } from '../server/src/demo/demo';
import { backup, restore } from '../server/src/platform/backup';
import { createServices } from '../server/src/platform/services';
import { fmt, pgDatabase, reportGoal } from './lib';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-backup-bench-'));
const ms = async <T>(f: () => Promise<T>) => {
  const t0 = performance.now();
  const v = await f();
  return { v, ms: performance.now() - t0 };
};
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

async function drill(label: string, source: DatabaseHandle, target: DatabaseHandle) {
  await migrateToLatest(source.db);
  await seedDemo(createServices({ ...loadConfig({}), demo: true, dataDir: dir }, source), 'bench-demo-1');
  const file = path.join(dir, `${label}.jsonl.gz`);
  const b = await ms(() => backup(source, file));
  const r = await ms(() => restore(target, file));
  const rows = total(b.v.counts);
  if (total(r.v) !== rows) throw new Error(`${label}: restored ${total(r.v)} rows of ${rows}`);
  if (target.dialect === 'sqlite') {
    const ok = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(target.db);
    if (ok.rows[0]?.integrity_check !== 'ok') throw new Error(`${label}: integrity_check ${JSON.stringify(ok.rows)}`);
  }
  console.error(`[backup] ${label}: ${fmt(rows)} rows, ${fmt(fs.statSync(file).size / 1024)} KiB; backup ${fmt(b.ms)} ms, restore ${fmt(r.ms)} ms (load ${os.loadavg()[0].toFixed(1)})`);
  return { rows, backupMs: b.ms, restoreMs: r.ms, bytes: fs.statSync(file).size };
}

const src = path.join(dir, 'source.db');
const s = await drill('sqlite', openDatabase({ sqliteFile: src }), openDatabase({ sqliteFile: path.join(dir, 'restored.db') }));
const c0 = performance.now();
fs.copyFileSync(src, path.join(dir, 'copy.db'));
const copyMs = performance.now() - c0;
reportGoal({
  goal: 'backup drill: restore of one town (demo), SQLite — the RTO’s data part',
  measured: `${fmt(s.restoreMs)} ms for ${fmt(s.rows)} rows (backup ${fmt(s.backupMs)} ms, ${fmt(s.bytes / 1024)} KiB; ${fmt(s.restoreMs / Math.max(copyMs, 0.1), 0)} × a file copy of ${fmt(copyMs, 1)} ms)`,
  met: null,
  note: `counts identical, integrity_check ok; load ${os.loadavg()[0].toFixed(1)}`,
});
if (process.env.BENCH_PG_URL) {
  const p = await drill('postgres', openDatabase({ databaseUrl: await pgDatabase('sx_backup_src') }), openDatabase({ databaseUrl: await pgDatabase('sx_backup_dst') }));
  reportGoal({ goal: 'backup drill: restore of one town (demo), PostgreSQL', measured: `${fmt(p.restoreMs)} ms for ${fmt(p.rows)} rows (backup ${fmt(p.backupMs)} ms)`, met: null, note: `counts identical; load ${os.loadavg()[0].toFixed(1)}` });
} else reportGoal({ goal: 'backup drill: restore of one town (demo), PostgreSQL', measured: '—', met: null, note: 'BENCH_PG_URL not set' });
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
