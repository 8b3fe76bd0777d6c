// Issue 12 defect 6: the hash chain alone does not see the newest rows deleted, nor a chain
// recomputed by someone who can write the database. Signed checkpoints outside the database do.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialect, signedIn, type Client, type TestApp } from '../../test/helper';
import { makeWorld, PASSWORD } from '../../test/world';
import type { DB } from '../db';
import { auditHash } from './audit';
import { checkpointDir, verifyCheckpoints, writeCheckpoint } from './audit-checkpoint';

let t: TestApp;
let auditor: Client;

beforeAll(async () => {
  t = await createTestApp();
  await makeWorld(t.db);
  auditor = await signedIn(t.app, 'auditor', PASSWORD);
});
afterAll(() => t.close());

/** What an attacker with the database's own user does first: switch off the append-only triggers. */
async function allowTampering(db: DB) {
  if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  else for (const op of ['update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS audit_log_no_${op}`).execute(db);
}

/** Rewrites one row and recomputes its chain from there on, so the chain itself verifies. */
async function rechain(db: DB, id: number, detail: string) {
  const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('audit_log').selectAll().where('chain', '=', row.chain).where('id', '>=', id).orderBy('id').execute();
  let prev = row.prev_hash;
  for (const r of rows) {
    const changed = r.id === id ? { ...r, detail } : r;
    const hash = auditHash(prev, changed);
    await db.updateTable('audit_log').set({ detail: changed.detail, prev_hash: prev, hash }).where('id', '=', r.id).execute();
    prev = hash;
  }
}

async function writeSome(n: number) {
  for (let i = 0; i < n; i++) await t.svc.audit.recordAlone({ userId: null, username: 'cli', ip: null }, { action: 'test.write', entityId: i });
}

describe('signed audit checkpoints', () => {
  it('a verify through the app checks the checkpoints and leaves a new one', async () => {
    await writeSome(5);
    const first = (await auditor.get('/api/audit/verify')).json();
    expect(first.ok).toBe(true);
    const second = (await auditor.get('/api/audit/verify')).json();
    expect(second.ok).toBe(true);
    expect(second.checkpoints.checked).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(checkpointDir(t.svc), 'audit-checkpoints.jsonl'))).toBe(true);
  });

  it('reports the newest rows deleted (truncation), which the chain alone does not see', async () => {
    await writeSome(3);
    const dir = checkpointDir(t.svc);
    const cp = await writeCheckpoint(t.db, dir);
    await allowTampering(t.db);
    await t.db.deleteFrom('audit_log').where('id', '>', cp.lastId - 2).execute();
    expect((await t.svc.audit.verify()).ok).toBe(true);
    const report = await verifyCheckpoints(t.db, dir);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/被截断/);
    const res = (await auditor.get('/api/audit/verify')).json();
    expect(res.ok).toBe(false);
  });
});

describe('a recomputed chain', () => {
  it('is found against the checkpoint though every hash is consistent', async () => {
    const r = await createTestApp();
    try {
      await makeWorld(r.db);
      for (let i = 0; i < 6; i++) await r.svc.audit.recordAlone({ userId: null, username: 'cli', ip: null }, { action: 'test.write', entityId: i });
      const dir = checkpointDir(r.svc);
      const cp = await writeCheckpoint(r.db, dir);
      await allowTampering(r.db);
      await rechain(r.db, cp.lastId - 3, JSON.stringify({ forged: true }));
      expect((await r.svc.audit.verify()).ok).toBe(true);
      const report = await verifyCheckpoints(r.db, dir);
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(/重新计算了哈希链/);

      // An edited checkpoint file is caught by its signature.
      const file = path.join(dir, 'audit-checkpoints.jsonl');
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const forged = JSON.parse(lines.at(-1)!);
      forged.count += 1;
      fs.appendFileSync(file, `${JSON.stringify(forged)}\n`);
      expect((await verifyCheckpoints(r.db, dir)).problems.join('\n')).toMatch(/签名无效/);
    } finally {
      await r.close();
    }
  });
});
