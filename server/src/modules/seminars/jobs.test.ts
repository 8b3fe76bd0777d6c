import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeMember, makeUser } from '../../demo/factories';
import { runOnce } from '../../platform/jobs';
import { clock } from '../../platform/time';
import { jobs, remindSeminars } from './jobs';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let secretaryId: number;
const realNow = clock.now;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  const mSec = await makeMember(t.db, { name: '周书记', unitId: world.officeA.id, category: 'leader' });
  secretaryId = (await makeUser(t.db, { username: 'secretary', password: PASSWORD, memberId: mSec.id, roles: [{ role: 'secretary', unitId: world.townA.id }] })).id;
  clerkA = await signedIn(t.app, 'clerka', PASSWORD);
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = realNow;
});

const noticesOf = (username: string, kind: string) =>
  t.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.title', 'n.link'])
    .where('u.username', '=', username)
    .where('n.kind', '=', kind)
    .orderBy('n.id')
    .execute();

describe('seminar reminders', () => {
  let seminarId: number;
  it('speakers hear a week ahead and the day before; attendees the day before; once each whatever the runs', async () => {
    clock.now = () => new Date('2026-09-01T09:00:00+08:00');
    const r = await clerkA.post('/api/seminars', {
      unitId: world.townA.id,
      theme: '读《习近平关于“三农”工作论述摘编》',
      date: '2026-09-10',
      start: '15:00',
      end: '17:00',
      place: '镇机关三楼会议室',
      unitIds: [world.villageA.id],
      chairUserId: secretaryId,
      speakerMemberIds: [world.members.mLi.id],
    });
    expect(r.statusCode, r.body).toBe(200);
    seminarId = r.json().id;

    await remindSeminars(t.svc, '2026-09-02');
    expect(await noticesOf('lisi', 'seminar.speaker')).toEqual([]);
    await remindSeminars(t.svc, '2026-09-03');
    expect(await noticesOf('lisi', 'seminar.speaker')).toEqual([{ title: '7天后研讨会请您发言：读《习近平关于“三农”工作论述摘编》', link: `/seminars/${seminarId}` }]);
    await remindSeminars(t.svc, '2026-09-03');
    expect(await noticesOf('lisi', 'seminar.speaker')).toHaveLength(1);

    // The day before, through the leased daily job on two nodes: one runs it.
    clock.now = () => new Date('2026-09-09T08:30:00+08:00');
    const job = jobs.find((j) => j.name === 'seminars.reminders')!;
    const ran = [await runOnce(t.svc, job, '2026-09-09', 'node-a'), await runOnce(t.svc, job, '2026-09-09', 'node-b')];
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect((await noticesOf('lisi', 'seminar.speaker')).map((n) => n.title)).toEqual(['7天后研讨会请您发言：读《习近平关于“三农”工作论述摘编》', '明天研讨会请您发言：读《习近平关于“三农”工作论述摘编》']);
    expect(await noticesOf('lisi', 'seminar.attend')).toEqual([{ title: '研讨会提醒：读《习近平关于“三农”工作论述摘编》', link: `/seminars/${seminarId}` }]);
    // 张三 is in 党政办, not an attending unit.
    expect(await noticesOf('zhangsan', 'seminar.attend')).toEqual([]);
  });

  it('a seminar with no 书记评 three days after: the chair and the clerk hear of it once', async () => {
    await remindSeminars(t.svc, '2026-09-12');
    expect(await noticesOf('secretary', 'seminar.evaluation-due')).toEqual([]);
    await remindSeminars(t.svc, '2026-09-13');
    await remindSeminars(t.svc, '2026-09-14');
    expect(await noticesOf('secretary', 'seminar.evaluation-due')).toEqual([{ title: '研讨会尚无书记评：读《习近平关于“三农”工作论述摘编》', link: `/console/seminars/${seminarId}` }]);
    expect(await noticesOf('clerka', 'seminar.evaluation-due')).toHaveLength(1);
    expect(await noticesOf('clerkb', 'seminar.evaluation-due')).toEqual([]);
  });
});
