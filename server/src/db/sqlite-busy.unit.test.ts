// Two connections to one SQLite file, as two app processes or the CLI beside the app
// have: a writer that finds the file locked waits without freezing the process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-busy-'));
const file = path.join(dir, 'busy.db');
const a = openDatabase({ sqliteFile: file });
const b = openDatabase({ sqliteFile: file });
afterAll(async () => {
  await a.destroy();
  await b.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite busy waiting', () => {
  it('lets a second connection wait for the first one’s transaction while the event loop runs on', async () => {
    await sql`CREATE TABLE t (n INTEGER)`.execute(a.db);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A reads, then holds the write lock across an await, as a service's transaction does.
    const first = a.db.transaction().execute(async (trx) => {
      await sql`SELECT COUNT(*) FROM t`.execute(trx);
      await sql`INSERT INTO t (n) VALUES (1)`.execute(trx);
      await held;
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = b.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ c: number }>`SELECT COUNT(*) AS c FROM t`.execute(trx);
      await sql`INSERT INTO t (n) VALUES (${Number(rows[0].c) + 1})`.execute(trx);
    });
    const autocommit = sql`INSERT INTO t (n) VALUES (100)`.execute(b.db);
    const before = ticks;
    await new Promise((r) => setTimeout(r, 150));
    // Still waiting, yet timers fired: nothing sleeps inside a synchronous call.
    expect(ticks - before).toBeGreaterThan(5);
    release();
    await Promise.all([first, second, autocommit]);
    clearInterval(ticker);
    const { rows } = await sql<{ n: number }>`SELECT n FROM t ORDER BY rowid`.execute(a.db);
    // B's transaction began after A committed, so it saw A's row (no lost update).
    expect(rows.map((r) => r.n).sort((x, y) => x - y)).toEqual([1, 2, 100]);
  });
});
