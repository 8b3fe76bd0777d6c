import fs from 'node:fs';
import os from 'node:os';
import SQLite from 'better-sqlite3';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, createTestDb, signedIn, type TestApp, type TestDb } from '../../test/helper';
import { makeWorld, PASSWORD } from '../../test/world';
import type { DB } from '../db';
import { makeBook } from '../demo/factories';
import { searchBooks } from '../modules/library/catalog/repository';

let t: TestApp;
let target: TestDb;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要', category: '思想理论' });
  target = await createTestDb();
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

async function counts(db: DB, tables: string[]) {
  const out: Record<string, number> = {};
  for (const name of tables) {
    const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(name)}`.execute(db);
    out[name] = Number(r.rows[0].n);
  }
  return out;
}

// Each test runs the `shuxiang` command several times, a new Node process each: on a busy machine that
// alone outlasts the default 30 s.
const CLI_TEST_MS = 180_000;

describe('backup and restore', () => {
  it('backs up consistently while the app is writing, and restores the same rows', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bak-')), 'backup.jsonl.gz');

    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const res = await clerk.post('/api/members', { name: `备份中${written}`, unitId: world.villageA.id, category: 'staff', partyMember: false });
        expect(res.statusCode).toBe(200);
        written++;
      }
    })();
    // Let some writes land before and during the backup.
    while (written < 5) await new Promise((r) => setTimeout(r, 20));
    const b0 = performance.now();
    const result = await cli(['backup', file], t.testDb.env);
    const backupMs = performance.now() - b0;
    const during = written;
    while (written < during + 5) await new Promise((r) => setTimeout(r, 20));
    writing = false;
    await writer;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('已备份到');

    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
    const end = JSON.parse(lines.at(-1)!) as { type: string; counts: Record<string, number> };
    expect(end.type).toBe('end');
    // A consistent snapshot: members and the audit rows of their creation agree.
    const members = end.counts.members;
    expect(members).toBeGreaterThanOrEqual(6 + 5);
    expect(members).toBeLessThan(6 + written);

    const r0 = performance.now();
    const restored = await cli(['restore', file], target.env);
    const restoreMs = performance.now() - r0;
    expect(restored.code, restored.stderr).toBe(0);
    expect(await counts(target.handle.db, Object.keys(end.counts))).toEqual(end.counts);
    // The restored database passes the engine's own check: SQLite's integrity_check and foreign keys.
    if (target.handle.dialect === 'sqlite') {
      const raw = new SQLite(target.handle.file!, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
      } finally {
        raw.close();
      }
    }
    const rows = Object.values(end.counts).reduce((a, b) => a + b, 0);
    // The drill's figures (each a `shuxiang` process of its own, start-up included): the RTO's restore part.
    console.log(`[backup drill] ${t.testDb.handle.dialect}: online backup of ${rows} rows in ${Object.keys(end.counts).length} tables, ${fs.statSync(file).size} B, in ${backupMs.toFixed(0)} ms while ${during} writes had landed; restore in ${restoreMs.toFixed(0)} ms; counts identical, integrity ok (load ${os.loadavg()[0].toFixed(1)})`);
    const audits = await target.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'member.create').execute();
    expect(audits.length).toBe(members - 6);
    const verify = await cli(['audit', 'verify'], target.env);
    expect(verify.code, verify.stderr).toBe(0);
    // The search index is rebuilt from the restored books.
    const found = await searchBooks(target.handle.db, target.handle.dialect, { q: '社会主义思想' });
    expect(found.items.map((b) => b.title)).toEqual(['习近平新时代中国特色社会主义思想学习纲要']);

    // New records after a restore get fresh ids (sequences moved past the restored rows).
    const n = await target.handle.db
      .insertInto('units')
      .values({ parent_id: null, name: '恢复后新建', kind: 'town', path: '', sort_order: 0, created_at: '', updated_at: '', version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(n.id).toBeGreaterThan(world.officeB.id);

    // A second restore over data is refused unless forced.
    const again = await cli(['restore', file], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
  }, CLI_TEST_MS);

  it('refuses a truncated backup and leaves the target untouched', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bak-')), 'b.gz');
    expect((await cli(['backup', file], t.testDb.env)).code).toBe(0);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
    const cut = path.join(path.dirname(file), 'cut.gz');
    fs.writeFileSync(cut, zlib.gzipSync(lines.slice(0, -3).join('\n')));
    const empty = await createTestDb();
    try {
      const r = await cli(['restore', cut], empty.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('不完整');
      const units = await empty.handle.db.selectFrom('units').select('id').execute();
      expect(units).toHaveLength(0);
    } finally {
      await empty.drop();
    }
  }, CLI_TEST_MS);
});
