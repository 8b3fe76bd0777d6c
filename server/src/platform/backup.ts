import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { DatabaseHandle, DB } from '../db';
import { migrateToLatest, migrationNames } from '../db/migrate';

// Sessions, sign-in throttles and job leases are live state, not data: a restored
// system starts with everyone signed out.
const SKIP = new Set(['sessions', 'login_throttle', 'login_rate', 'job_leases', 'kysely_migration', 'kysely_migration_lock']);

interface TableInfo {
  name: string;
  hasId: boolean;
  deps: string[];
}

async function tables(handle: DatabaseHandle): Promise<TableInfo[]> {
  const db = handle.db as DB;
  const out: TableInfo[] = [];
  if (handle.dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
    // Full-text indexes (virtual tables and their shadow tables) are rebuilt from
    // their content tables by the migrations and triggers, not carried in a backup.
    const virtual = rows.rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
    for (const { name } of rows.rows) {
      if (SKIP.has(name) || virtual.some((v) => name === v || name.startsWith(`${v}_`))) continue;
      const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${name})`.execute(db);
      const fks = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${name})`.execute(db);
      out.push({ name, hasId: cols.rows.some((c) => c.name === 'id'), deps: fks.rows.map((f) => f.table) });
    }
  } else {
    const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
    for (const { name } of rows.rows) {
      if (SKIP.has(name)) continue;
      const cols = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${name}`.execute(db);
      const fks = await sql<{ ref: string }>`
        SELECT ccu.table_name AS ref FROM information_schema.table_constraints tc
        JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = ${name}`.execute(db);
      out.push({ name, hasId: cols.rows.some((c) => c.name === 'id'), deps: fks.rows.map((f) => f.ref) });
    }
  }
  // Parents before children, so foreign keys hold at every insert.
  const sorted: TableInfo[] = [];
  const seen = new Set<string>();
  const visit = (t: TableInfo) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const d of t.deps) {
      const dep = out.find((o) => o.name === d);
      if (dep && dep.name !== t.name) visit(dep);
    }
    sorted.push(t);
  };
  [...out].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return sorted;
}

export interface BackupSummary {
  file: string;
  counts: Record<string, number>;
  migrations: string[];
}

/**
 * Writes every table to a gzip'd JSON-lines file from one consistent snapshot
 * (a read transaction on SQLite's WAL, REPEATABLE READ on PostgreSQL), while the
 * app goes on serving. The format is the same for both databases, so a backup
 * of one restores into the other.
 */
export async function backup(handle: DatabaseHandle, file: string): Promise<BackupSummary> {
  const list = await tables(handle);
  const tmp = `${file}.partial`;
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(tmp);
  gz.pipe(out);
  const write = (obj: unknown) =>
    new Promise<void>((resolve) => {
      if (gz.write(`${JSON.stringify(obj)}\n`)) resolve();
      else gz.once('drain', resolve);
    });
  const counts: Record<string, number> = {};
  const run = async (trx: DB) => {
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(trx);
    await write({ type: 'header', format: 'shuxiang-backup', version: 1, at: new Date().toISOString(), dialect: handle.dialect, migrations: applied.rows.map((r) => r.name) });
    for (const t of list) {
      counts[t.name] = 0;
      await write({ type: 'table', name: t.name });
      if (t.hasId) {
        let after = -1;
        for (;;) {
          const rows = await sql<Record<string, unknown> & { id: number }>`SELECT * FROM ${sql.table(t.name)} WHERE id > ${after} ORDER BY id LIMIT 5000`.execute(trx);
          if (rows.rows.length === 0) break;
          for (const r of rows.rows) await write({ t: t.name, r });
          counts[t.name] += rows.rows.length;
          after = Number(rows.rows[rows.rows.length - 1].id);
        }
      } else {
        const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.name)}`.execute(trx);
        for (const r of rows.rows) await write({ t: t.name, r });
        counts[t.name] += rows.rows.length;
      }
    }
    await write({ type: 'end', counts });
    return applied.rows.map((r) => r.name);
  };
  const migrations =
    handle.dialect === 'postgres'
      ? await handle.db.transaction().setIsolationLevel('repeatable read').execute((trx) => run(trx))
      : // A read snapshot of the WAL that lets the app go on writing: deferred, unlike the app's own transactions.
        await handle.db.connection().execute(async (conn) => {
          await sql`begin deferred`.execute(conn);
          try {
            const names = await run(conn);
            await sql`commit`.execute(conn);
            return names;
          } catch (e) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw e;
          }
        });
  gz.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  fs.renameSync(tmp, file);
  return { file, counts, migrations };
}

export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  try {
    const u = await handle.db.selectFrom('units').select('id').limit(1).executeTakeFirst();
    const us = await handle.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return !u && !us;
  } catch {
    return true;
  }
}

/** Drops every table of the app; only for a restore the operator asked to overwrite. */
export async function wipe(handle: DatabaseHandle) {
  const db = handle.db as DB;
  if (handle.dialect === 'postgres') {
    const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
    for (const { name } of rows.rows) await sql`DROP TABLE IF EXISTS ${sql.table(name)} CASCADE`.execute(db);
  } else {
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
    for (const { name } of rows.rows) await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(db);
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/** Restores a backup into an empty database, in one transaction: all of it or nothing. */
export async function restore(handle: DatabaseHandle, file: string): Promise<Record<string, number>> {
  if (!(await isEmpty(handle))) throw new Error('目标数据库中已有数据；如确需覆盖，请加 --force');
  let header: { format?: string; migrations?: string[] } | undefined;
  const counts: Record<string, number> = {};
  let ended: Record<string, number> | undefined;
  await migrateToLatest(handle.db);
  const withIds = new Set((await tables(handle)).filter((t) => t.hasId).map((t) => t.name));
  const db = handle.db as DB;
  await db.transaction().execute(async (trx) => {
    // Created right before it is read: readline drops lines emitted before iteration starts.
    const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
    let batch: { table: string; rows: Record<string, unknown>[] } | undefined;
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return;
      await (trx as unknown as DB).insertInto(batch.table as 'units').values(batch.rows as never).execute();
      counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
      batch.rows = [];
    };
    for await (const line of lines) {
      if (!line.trim()) continue;
      const obj = JSON.parse(line) as { type?: string; t?: string; r?: Record<string, unknown>; name?: string; counts?: Record<string, number>; format?: string; migrations?: string[] };
      if (obj.type === 'header') {
        if (obj.format !== 'shuxiang-backup') throw new Error('不是书香机关的备份文件');
        const unknown = (obj.migrations ?? []).filter((m) => !migrationNames.includes(m));
        if (unknown.length) throw new Error(`备份来自更新的版本（含未知迁移 ${unknown.join(', ')}），请先升级程序`);
        header = obj;
      } else if (obj.type === 'table') {
        await flush();
        batch = { table: obj.name!, rows: [] };
        counts[obj.name!] = 0;
      } else if (obj.type === 'end') {
        await flush();
        ended = obj.counts;
      } else if (obj.t && obj.r && batch) {
        batch.rows.push(obj.r);
        if (batch.rows.length >= 200) await flush();
      }
    }
    if (!header) throw new Error('备份文件没有文件头，可能已损坏');
    if (!ended) throw new Error('备份文件不完整（缺少结尾），可能在写入时中断');
    for (const [t, n] of Object.entries(ended)) if ((counts[t] ?? 0) !== n) throw new Error(`表 ${t} 行数不符：应为 ${n}，读到 ${counts[t] ?? 0}`);
    if (handle.dialect === 'postgres') {
      for (const t of Object.keys(counts).filter((name) => withIds.has(name))) {
        const hasSeq = await sql<{ s: string | null }>`SELECT pg_get_serial_sequence(${t}, 'id') AS s`.execute(trx);
        if (hasSeq.rows[0]?.s) await sql`SELECT setval(${hasSeq.rows[0].s}::regclass, COALESCE((SELECT MAX(id) FROM ${sql.table(t)}), 0) + 1, false)`.execute(trx);
      }
    }
  });
  return counts;
}
