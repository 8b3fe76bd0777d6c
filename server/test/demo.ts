// The demo town (server/src/demo) for database tests, seeded once per run and per database and
// copied for every file that asks for it. Seeding is the slow part (about 120 people with hashed
// passwords, a year of records); a copy is a file copy on SQLite (the template is made with
// VACUUM INTO) and `CREATE DATABASE … TEMPLATE …` on PostgreSQL, which copies files and inserts
// no row again.
//
// The run's directory comes from vitest's globalSetup (server/test/global-setup.ts). The first
// worker to need the town takes a lock there (an atomic mkdir) and seeds it; the other workers wait
// for its answer (or its failure) in the same directory. Within one worker the answer is kept (the
// files of a worker share modules). Without that directory (a script outside vitest), every call
// seeds its own database, as before.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { seedDemo } from '../src/demo/demo';
import type { Config } from '../src/config';
import { createTestApp, dialect, type DbTemplate, type TestApp } from './helper';
import { PASSWORD } from './world';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory for this run's shared test databases (global-setup.ts); removed at the end. */
    sxRunDir: string;
  }
}

/** Every demo account's password in the copies. */
export const DEMO_PASSWORD = PASSWORD;

/** How long a worker waits for another to seed the town before giving up. */
const WAIT_MS = 15 * 60_000;

let template: Promise<DbTemplate | null> | undefined;

/**
 * A test app on a fresh copy of the demo town (its own database: write freely). `overrides` change
 * the app's config as in createTestApp; the town itself is always seeded with the default config.
 */
export async function createDemoTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const from = await (template ??= demoTemplate());
  if (from) return createTestApp(overrides, from);
  const t = await createTestApp(overrides);
  await seedDemo(t.svc, DEMO_PASSWORD);
  return t;
}

function runDir(): string | null {
  try {
    return inject('sxRunDir') ?? null;
  } catch {
    return null;
  }
}

async function demoTemplate(): Promise<DbTemplate | null> {
  const dir = runDir();
  if (!dir) return null;
  const ready = path.join(dir, `demo-${dialect}.json`);
  const failed = path.join(dir, `demo-${dialect}.failed`);
  let mine = false;
  try {
    fs.mkdirSync(path.join(dir, `demo-${dialect}.lock`));
    mine = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (mine) {
    try {
      const made = await seedTemplate(dir);
      fs.writeFileSync(`${ready}.tmp`, JSON.stringify(made));
      fs.renameSync(`${ready}.tmp`, ready);
      return made;
    } catch (e) {
      fs.writeFileSync(failed, String((e as Error).stack ?? e));
      throw e;
    }
  }
  // Another worker is seeding: wait for its answer.
  const started = Date.now();
  for (;;) {
    if (fs.existsSync(ready)) return JSON.parse(fs.readFileSync(ready, 'utf8')) as DbTemplate;
    if (fs.existsSync(failed)) throw new Error(`another worker failed to seed the demo town:\n${fs.readFileSync(failed, 'utf8')}`);
    if (Date.now() - started > WAIT_MS) throw new Error(`no demo town after ${WAIT_MS / 1000} s: is the worker seeding it stuck? (${dir})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function seedTemplate(dir: string): Promise<DbTemplate> {
  const t = await createTestApp();
  if (dialect === 'sqlite') {
    try {
      await seedDemo(t.svc, DEMO_PASSWORD);
      const file = path.join(dir, 'demo-sqlite.db');
      // One consistent file, whatever the WAL holds.
      await sql`VACUUM INTO ${sql.lit(file)}`.execute(t.db);
      return { sqliteFile: file };
    } finally {
      await t.close();
    }
  }
  try {
    await seedDemo(t.svc, DEMO_PASSWORD);
  } catch (e) {
    await t.close();
    throw e;
  }
  // The seeded database itself becomes the template: closed, kept until global-setup.ts drops it.
  await t.app.close();
  await t.testDb.handle.destroy();
  const name = new URL(t.testDb.env.DATABASE_URL).pathname.slice(1);
  // A pool's end() resolves before the server has seen its sockets close; a template must have no session.
  const c = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await c.connect();
  try {
    for (let i = 0; i < 500; i++) {
      const r = await c.query('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (r.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await c.end();
  }
  return { pgDatabase: name };
}
