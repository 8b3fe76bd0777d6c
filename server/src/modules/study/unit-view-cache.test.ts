// The clerk's monthly unit view shared between clerks (decision 020): one computation for the
// requests that arrive while it runs, served again for SHUXIANG_UNIT_VIEW_CACHE_SECONDS unless a
// table it reads is written through this process; another node's writes wait for the cache time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { clock } from '../../platform/time';
import { unitView } from './progress';

const NOW = Date.parse('2026-10-20T04:00:00Z');
let now = NOW;
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

const logRow = (memberId: number, day: string, minutes: number) => ({ member_id: memberId, day, kind: 'reading', minutes, book_id: null, book_title: null, progress: '', note: '', source: 'manual', source_ref: null, created_at: new Date(now).toISOString() });

beforeAll(async () => {
  clock.now = () => new Date(now);
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(async () => {
  clock.now = () => new Date();
  await t.close();
});

describe('the unit view shared between clerks', () => {
  it('gives ten simultaneous requests one computation, and a write through this app is seen at once', async () => {
    const unit = { id: w.townA.id, name: '甲镇', path: (await t.db.selectFrom('units').select('path').where('id', '=', w.townA.id).executeTakeFirstOrThrow()).path };
    const ten = await Promise.all(Array.from({ length: 10 }, () => unitView(t.svc, unit, '2026-10')));
    expect(new Set(ten).size).toBe(1);
    const zhang = () => ten[0].rows.find((r) => r.memberId === w.members.mZhang.id)!;
    expect(zhang().minutes).toBe(0);
    // Asked again within the cache time with nothing written: the same result.
    expect(await unitView(t.svc, unit, '2026-10')).toBe(ten[0]);

    // A study-log entry of that month through this app's database: the next view has it.
    await t.db.insertInto('study_logs').values(logRow(w.members.mZhang.id, '2026-10-19', 75)).execute();
    const after = await unitView(t.svc, unit, '2026-10');
    expect(after).not.toBe(ten[0]);
    expect(after.rows.find((r) => r.memberId === w.members.mZhang.id)).toMatchObject({ minutes: 75, daysMet: 1 });

    // A settings change (the daily target) through this app: seen at once too.
    await t.svc.settings.set(t.db, 'plan.dailyStudyMinutes', 2026, 90, ['clerk'], w.users.clerkA.id);
    const stricter = await unitView(t.svc, unit, '2026-10');
    expect(stricter.target).toBe(90);
    expect(stricter.rows.find((r) => r.memberId === w.members.mZhang.id)).toMatchObject({ minutes: 75, daysMet: 0 });
  });

  it('serves a write made by another node once the cache time has passed', async () => {
    const unit = { id: w.townA.id, name: '甲镇', path: (await t.db.selectFrom('units').select('path').where('id', '=', w.townA.id).executeTakeFirstOrThrow()).path };
    const before = await unitView(t.svc, unit, '2026-10');
    const other = t.testDb.reopen();
    await other.db.insertInto('study_logs').values(logRow(w.members.mLi.id, '2026-10-16', 120)).execute();
    // This process did not see the write: within the cache time the view is the one computed before.
    expect(await unitView(t.svc, unit, '2026-10')).toBe(before);
    now += (t.svc.config.unitViewCacheSeconds ?? 10) * 1000;
    const fresh = await unitView(t.svc, unit, '2026-10');
    expect(fresh.rows.find((r) => r.memberId === w.members.mLi.id)?.minutes).toBe(120);
  });
});
