import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, Client, createTestApp, dialect, signedIn, type TestApp } from '../../test/helper';
import { makeWorld, PASSWORD } from '../../test/world';
import { verifyCheckpoints, writeCheckpoint } from './audit-checkpoint';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
});
afterAll(() => t.close());

const rows = () => t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

describe('audit log', () => {
  it('records sign-ins, sign-outs and every write with who, from where, what and the outcome', async () => {
    const c = new Client(t.app, '10.1.2.3');
    await c.login('clerka', 'wrong-password');
    await c.login('clerka', PASSWORD);
    const created = await c.post('/api/units', { parentId: world.townA.id, name: '文化站', kind: 'office' });
    const id = created.json().id;
    await c.patch(`/api/units/${id}`, { version: 1, name: '综合文化站' });
    await c.put('/api/settings/plan.dailyStudyMinutes', { value: 90, year: 2026 });
    await c.post('/api/members', { name: '越权', unitId: world.officeB.id, category: 'staff', partyMember: false });
    await c.post('/api/auth/logout');

    const log = (await rows()).filter((r) => r.ip === '10.1.2.3');
    const summary = log.map((r) => [r.action, r.outcome, r.username]);
    expect(summary).toEqual([
      ['auth.login', 'failure', 'clerka'],
      ['auth.login', 'success', 'clerka'],
      ['unit.create', 'success', 'clerka'],
      ['unit.update', 'success', 'clerka'],
      ['setting.update', 'success', 'clerka'],
      ['POST /api/members', 'denied', 'clerka'],
      ['auth.logout', 'success', 'clerka'],
    ]);
    const update = log.find((r) => r.action === 'unit.update')!;
    expect(update.entity).toBe('unit');
    expect(update.entity_id).toBe(String(id));
    expect(JSON.parse(update.detail!).after.name).toBe('综合文化站');
    const setting = log.find((r) => r.action === 'setting.update')!;
    expect(JSON.parse(setting.detail!)).toEqual({ before: 60, after: 90 });
  });

  it('cannot be changed or deleted, not even with SQL, and no route writes to it', async () => {
    const first = (await rows())[0];
    await expect(sql`UPDATE audit_log SET outcome = 'success' WHERE id = ${first.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${first.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    const auditor = await signedIn(t.app, 'auditor', PASSWORD);
    expect((await auditor.delete(`/api/audit/${first.id}`)).statusCode).toBe(404);
    expect((await auditor.patch(`/api/audit/${first.id}`, {})).statusCode).toBe(404);
  });

  it('lets the audit admin search and export it', async () => {
    const auditor = await signedIn(t.app, 'auditor', PASSWORD);
    const found = (await auditor.get('/api/audit?username=clerka&outcome=denied')).json();
    expect(found.total).toBe(1);
    expect(found.items[0].action).toBe('POST /api/members');
    const res = await auditor.get('/api/audit/export?username=clerka');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const exported = (await rows()).at(-1)!;
    expect(exported.action).toBe('audit.export');
  });

  it('detects tampering through the hash chain (shuxiang audit verify)', async () => {
    const ok = await cli(['audit', 'verify'], t.testDb.env);
    expect(ok.stdout).toContain('校验通过');
    expect(ok.code).toBe(0);

    // An intruder with database access lifts the guard and rewrites a failed sign-in as a success.
    const target = (await rows()).find((r) => r.outcome === 'failure')!;
    if (dialect === 'postgres') {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(t.db);
      await sql`UPDATE audit_log SET outcome = 'success' WHERE id = ${target.id}`.execute(t.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(t.db);
    } else {
      await sql`DROP TRIGGER audit_log_no_update`.execute(t.db);
      await sql`UPDATE audit_log SET outcome = 'success' WHERE id = ${target.id}`.execute(t.db);
    }
    const bad = await cli(['audit', 'verify'], t.testDb.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`第 ${target.id} 号记录`);
    const auditor = await signedIn(t.app, 'auditor', PASSWORD);
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: false, brokenAt: target.id });
  });
});

describe.runIf(dialect === 'postgres')('audit chains on PostgreSQL', () => {
  it('spreads concurrent writes over several chains, each checked link by link', async () => {
    const fresh = await createTestApp();
    try {
      const all = () => fresh.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      const actor = { userId: null, username: 'system', ip: null };
      await Promise.all(Array.from({ length: 24 }, (_, i) => fresh.svc.audit.recordAlone(actor, { action: 'test.parallel', detail: { i } })));
      const written = await all();
      const chains = [...new Set(written.map((r) => r.chain))];
      expect(chains.length).toBeGreaterThan(1);
      for (const r of written) {
        const before = written.filter((x) => x.chain === r.chain && x.id < r.id).at(-1);
        expect(r.prev_hash).toBe(before ? before.hash : '0'.repeat(64));
      }
      expect(await fresh.svc.audit.verify()).toMatchObject({ ok: true, count: 24, chains: chains.length });

      // Deleting a record in the middle of one chain breaks that chain at its next record.
      const chain = chains.find((c) => written.filter((x) => x.chain === c).length > 1)!;
      const inChain = written.filter((x) => x.chain === chain);
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(fresh.db);
      await sql`DELETE FROM audit_log WHERE id = ${inChain[0].id}`.execute(fresh.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(fresh.db);
      expect(await fresh.svc.audit.verify()).toMatchObject({ ok: false, brokenAt: inChain[1].id });
    } finally {
      await fresh.close();
    }
  });

  it('waits for a write still open on another chain before it verifies or takes a checkpoint', async () => {
    const fresh = await createTestApp();
    try {
      const actor = { userId: null, username: 'system', ip: null };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-audit-horizon-'));
      // One transaction takes an id and stays open; another, on another connection, commits a later id.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let heldId = 0;
      const slow = fresh.db.transaction().execute(async (trx) => {
        await fresh.svc.audit.record(trx, actor, { action: 'test.slow' });
        heldId = (await trx.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id;
        await held;
      });
      while (!heldId) await new Promise((r) => setTimeout(r, 10));
      await fresh.svc.audit.recordAlone(actor, { action: 'test.fast' });
      const committed = await fresh.db.selectFrom('audit_log').select('id').orderBy('id').execute();
      expect(committed.at(-1)!.id).toBeGreaterThan(heldId);
      expect(committed.map((r) => r.id)).not.toContain(heldId);
      // A checkpoint and a verify started now wait for the open write, then include it.
      const checkpoint = writeCheckpoint(fresh.db, dir);
      const verified = fresh.svc.audit.verify();
      await new Promise((r) => setTimeout(r, 300));
      release();
      await slow;
      const cp = await checkpoint;
      expect(cp.count).toBe(committed.length + 1);
      expect(await verified).toMatchObject({ ok: true, count: committed.length + 1 });
      expect(await verifyCheckpoints(fresh.db, dir)).toMatchObject({ ok: true, problems: [] });
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await fresh.close();
    }
  });
});
