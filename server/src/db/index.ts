import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { BusyWaitSqliteDialect } from './sqlite-busy';
import pg from 'pg';
import type { Database } from './schema';
import { WriteCounter } from './writes';

export type DialectName = 'sqlite' | 'postgres';
export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  dialect: DialectName;
  /** The SQLite file, when the dialect is sqlite. */
  file?: string;
  /** This process's writes per table through `db` (db/writes.ts); a handle made elsewhere may lack it. */
  writes?: WriteCounter;
  destroy(): Promise<void>;
}

// COUNT(*) and BIGINT come back from pg as strings; every count we use fits a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Kysely prepares every query anew; preparing is a large share of a small
 * query's cost on SQLite. Statements are kept by their SQL text (the app has a
 * bounded set of query shapes) and reused; better-sqlite3 runs them synchronously,
 * so one statement is never used by two queries at once.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/**
 * `synchronous`: NORMAL (default) keeps every acknowledged write through a crash of the process;
 * FULL also through a power cut, with an fsync on every commit (config.ts `sqliteSynchronous`).
 */
export function openDatabase(opts: { databaseUrl?: string; sqliteFile?: string; poolSize?: number; synchronous?: 'NORMAL' | 'FULL' }): DatabaseHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    const writes = new WriteCounter();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [writes] });
    return { db, dialect: 'postgres', writes, destroy: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // A locked database is waited for without blocking the event loop (sqlite-busy.ts):
  // SQLite's own wait is a sleep inside the synchronous call.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${opts.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  const writes = new WriteCounter();
  const db = new Kysely<Database>({ dialect: new BusyWaitSqliteDialect({ database: withStatementCache(sqlite) }), plugins: [writes] });
  return { db, dialect: 'sqlite', file, writes, destroy: () => db.destroy() };
}
