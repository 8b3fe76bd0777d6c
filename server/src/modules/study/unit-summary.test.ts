// The monthly summary of the unit view (issue 17, decision 021): the nightly job's figures equal
// the live computation for a closed month, a late entry is picked up by the next refresh, and the
// summary answers only within the clerk's reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { runOnce } from '../../platform/jobs';
import { clock } from '../../platform/time';
import { computeUnitView } from './progress';
import { monthsToRefresh, summaryJobs, unitSummary } from './summary';

// Tuesday 2026-10-20, 12:00 in Shanghai: September is closed.
let now = Date.parse('2026-10-20T04:00:00Z');
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const job = summaryJobs[0];

const logRow = (memberId: number, day: string, minutes: number, kind = 'reading') => ({ member_id: memberId, day, kind, minutes, book_id: null, book_title: null, progress: '', note: '', source: 'manual', source_ref: null, created_at: new Date(now).toISOString() });
const unitOf = async (id: number) => t.db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirstOrThrow();
/** The live view's per-unit rows and totals, the shape the summary gives. */
const live = async (id: number, month: string) => {
  const v = await computeUnitView(t.svc, await unitOf(id), month);
  return { units: v.units, totals: v.totals, through: v.through, requiredDaysSoFar: v.requiredDaysSoFar };
};

beforeAll(async () => {
  clock.now = () => new Date(now);
  t = await createTestApp();
  w = await makeWorld(t.db);
  const m = w.members;
  // September: 张三 an hour most workdays, 李四 some short days, 钱多 (乙镇) half an hour online, a plan and a finished book, a session with a late check-in.
  const rows = [];
  for (let d = 1; d <= 30; d++) {
    const day = `2026-09-${String(d).padStart(2, '0')}`;
    if (d % 7 !== 0) rows.push(logRow(m.mZhang.id, day, 60));
    if (d % 3 === 0) rows.push(logRow(m.mLi.id, day, 25 + d));
    if (d % 2 === 0) rows.push(logRow(m.mB.id, day, 30, 'online'));
  }
  await t.db.insertInto('study_logs').values(rows).execute();
  const at = '2026-09-02T02:00:00.000Z';
  await t.db.insertInto('reading_plan_items').values({ member_id: m.mZhang.id, month: '2026-09', book_id: null, own_title: '乡土中国', own_author: '费孝通', target_on: '2026-09-30', status: 'finished', finished_on: '2026-09-20', created_at: at, updated_at: at }).execute();
  const s = await t.db
    .insertInto('study_sessions')
    .values({ unit_id: w.townA.id, plan_id: null, topic: '九月集中学习', place: '会议室', host: '孙书记', starts_at: '2026-09-15T01:00:00Z', ends_at: '2026-09-15T03:00:00Z', minutes: 120, status: 'closed', qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('study_session_units').values({ session_id: s.id, unit_id: w.townA.id }).execute();
  await t.db.insertInto('check_ins').values({ session_id: s.id, member_id: m.mZhang.id, checked_at: '2026-09-15T01:25:00Z', method: 'qr', recorded_by: null }).execute();
});
afterAll(async () => {
  clock.now = () => new Date();
  await t.close();
});

describe('the monthly summary of the unit view', () => {
  it('refreshes last month and this one, and equals the live computation for a closed month', async () => {
    expect(await monthsToRefresh(t.svc)).toEqual(['2026-09', '2026-10']);
    expect(await runOnce(t.svc, job)).toBe(true);
    for (const id of [w.district.id, w.townA.id, w.villageA.id, w.townB.id]) {
      const s = await unitSummary(t.svc, await unitOf(id), '2026-09');
      expect(s.asOf).toBe(new Date(now).toISOString());
      expect({ units: s.units, totals: s.totals, through: s.through, requiredDaysSoFar: s.requiredDaysSoFar }).toEqual(await live(id, '2026-09'));
    }
    const d = await unitSummary(t.svc, await unitOf(w.district.id), '2026-09');
    expect(d.totals.members).toBe(6);
    expect(d.totals.booksFinished).toBe(1);
    expect(d.totals.sessionsLate).toBe(1);
    expect(d.totals.daysMet).toBeGreaterThan(10);
  });

  it('picks up a late entry for a closed month at the next refresh, not before', async () => {
    const before = await unitSummary(t.svc, await unitOf(w.townA.id), '2026-09');
    // 王芳 logs two hours on 30 September (a clerk's correction, three weeks late).
    await t.db.insertInto('study_logs').values(logRow(w.members.mClerkA.id, '2026-09-30', 120)).execute();
    const stale = await unitSummary(t.svc, await unitOf(w.townA.id), '2026-09');
    expect(stale.totals).toEqual(before.totals);
    expect((await live(w.townA.id, '2026-09')).totals.minutes).toBe(before.totals.minutes + 120);
    // The same day the job does not run twice; the next night it does.
    expect(await runOnce(t.svc, job)).toBe(false);
    now += 24 * 3600_000;
    expect(await runOnce(t.svc, job)).toBe(true);
    const after = await unitSummary(t.svc, await unitOf(w.townA.id), '2026-09');
    expect(after.totals.minutes).toBe(before.totals.minutes + 120);
    expect(after.asOf).toBe(new Date(now).toISOString());
    expect({ units: after.units, totals: after.totals, through: after.through, requiredDaysSoFar: after.requiredDaysSoFar }).toEqual(await live(w.townA.id, '2026-09'));
  });

  it('answers a clerk for their own reach only, and computes live a month not yet summarised', async () => {
    const clerkA = await signedIn(t.app, 'clerka', PASSWORD);
    const clerkB = await signedIn(t.app, 'clerkb', PASSWORD);
    const r = await clerkA.get(`/api/study/units/summary?month=2026-09&unitId=${w.townA.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().asOf).not.toBeNull();
    expect(r.json().units.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['东风村', '党政办']);
    expect((await clerkB.get(`/api/study/units/summary?month=2026-09&unitId=${w.townA.id}`)).statusCode).toBe(403);
    const bad = await clerkA.get(`/api/study/units/summary?month=2026-13&unitId=${w.townA.id}`);
    expect(bad.statusCode).toBe(400);
    // August was never refreshed: computed now, and said so.
    const aug = (await clerkA.get(`/api/study/units/summary?month=2026-08&unitId=${w.townA.id}`)).json();
    expect(aug.asOf).toBeNull();
    expect(aug.totals).toEqual((await live(w.townA.id, '2026-08')).totals);
  });
});
