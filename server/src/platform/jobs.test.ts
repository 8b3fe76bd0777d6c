// Daily jobs with two app nodes on one database: a claim is a lease. A node
// that dies after claiming the day leaves it to the other node once the lease
// runs out; the notices it had already written are not written twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createTestApp, type TestApp } from '../../test/helper';
import { makeWorld } from '../../test/world';
import { claimRun, JOB_LEASE_MS, runOnce, type Job } from './jobs';
import { notifyMember } from './notifications';
import { createServices, type Services } from './services';
import { clock } from './time';

let t: TestApp;
let node2: Services;
let world: Awaited<ReturnType<typeof makeWorld>>;
const realNow = clock.now;
const T0 = Date.parse('2026-10-20T12:00:00Z');
const at = (ms: number) => {
  clock.now = () => new Date(ms);
};

/** A reminder job: one notice per member, the same dedupe key on every run of the day. */
function reminderJob(name: string, memberIds: number[], opts: { dieAfter?: number } = {}): Job & { sent: number } {
  const job = {
    name,
    at: '00:00',
    sent: 0,
    run: async (svc: Services) => {
      for (const [i, id] of memberIds.entries()) {
        if (opts.dieAfter !== undefined && i === opts.dieAfter) throw new Error('节点宕机');
        job.sent += await notifyMember(svc.db, id, { kind: 'test.reminder', title: '请学习', dedupeKey: `${name}:2026-10-20:m${id}` });
      }
    },
  };
  return job;
}

/** A member's notices of one job. */
async function inboxCount(memberId: number, job: string) {
  const rows = await t.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select('notifications.id').where('users.member_id', '=', memberId).where('dedupe_key', 'like', `${job}:%`).execute();
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp();
  node2 = createServices({ ...loadConfig({}), demo: false }, t.testDb.reopen());
  world = await makeWorld(t.db);
});
afterEach(() => {
  clock.now = realNow;
});
afterAll(() => t.close());

describe('daily job claims are leases', () => {
  it('both nodes tick at once: one runs the day, the other skips; the day is marked done', async () => {
    at(T0);
    const job = reminderJob('test.both', [world.members.mZhang.id, world.members.mLi.id]);
    const ran = await Promise.all([runOnce(t.svc, job, '2026-10-20', 'node-1'), runOnce(node2, job, '2026-10-20', 'node-2')]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const row = await t.db.selectFrom('job_runs').selectAll().where('job', '=', 'test.both').executeTakeFirstOrThrow();
    expect(row.finished_at).not.toBeNull();
    // Long after, the finished day is never run again.
    at(T0 + 10 * JOB_LEASE_MS);
    expect(await runOnce(node2, job, '2026-10-20', 'node-2')).toBe(false);
    expect(job.sent).toBe(2);
  });

  it('a node that dies after claiming: the other takes over once the lease runs out, and nobody gets a notice twice', async () => {
    const { mZhang, mLi, mLeader } = world.members;
    const members = [mZhang.id, mLi.id, mLeader.id];
    at(T0);
    // node-1 claims the day, reminds 张三, and dies (no give-back: the process is gone).
    expect(await claimRun(t.svc, 'test.dies', '2026-10-20', 'node-1')).toBe(true);
    await notifyMember(t.db, mZhang.id, { kind: 'test.reminder', title: '请学习', dedupeKey: `test.dies:2026-10-20:m${mZhang.id}` });

    // node-2 ticks while the lease still holds: it must not run the day.
    const job = reminderJob('test.dies', members);
    at(T0 + JOB_LEASE_MS - 1000);
    expect(await runOnce(node2, job, '2026-10-20', 'node-2')).toBe(false);
    expect(job.sent).toBe(0);
    expect(await inboxCount(mLi.id, 'test.dies')).toBe(0);

    // The lease runs out: node-2 takes the day over and runs it to the end.
    at(T0 + JOB_LEASE_MS + 1000);
    const ran = await Promise.all([runOnce(node2, job, '2026-10-20', 'node-2'), runOnce(node2, job, '2026-10-20', 'node-3')]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    // 张三's notice was already there: only 李四 and 孙书记 were new.
    expect(job.sent).toBe(2);
    for (const id of members) expect(await inboxCount(id, 'test.dies')).toBe(1);
    const row = await t.db.selectFrom('job_runs').selectAll().where('job', '=', 'test.dies').executeTakeFirstOrThrow();
    expect(row.holder).not.toBe('node-1');
    expect(row.finished_at).not.toBeNull();

    // node-1 "comes back" later: the day is done, nothing runs.
    at(T0 + 3 * JOB_LEASE_MS);
    expect(await runOnce(t.svc, job, '2026-10-20', 'node-1')).toBe(false);
    expect(job.sent).toBe(2);
  });

  it('a run that fails gives the day back at once; the next tick finishes it', async () => {
    const { mZhang, mLi } = world.members;
    at(T0);
    const failing = reminderJob('test.fails', [mZhang.id, mLi.id], { dieAfter: 1 });
    await expect(runOnce(t.svc, failing, '2026-10-20', 'node-1')).rejects.toThrow('节点宕机');
    expect(failing.sent).toBe(1);
    const retry = reminderJob('test.fails', [mZhang.id, mLi.id]);
    expect(await runOnce(node2, retry, '2026-10-20', 'node-2')).toBe(true);
    expect(retry.sent).toBe(1);
    expect(await inboxCount(mZhang.id, 'test.fails')).toBe(1);
    expect(await inboxCount(mLi.id, 'test.fails')).toBe(1);
  });
});
