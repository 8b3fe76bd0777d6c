import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../../test/world';
import { makeBook, makeMember, makeUnit, makeUser } from '../../demo/factories';
import { clock } from '../../platform/time';
import { buildXlsx } from '../../platform/xlsx';
import { drainOutbox } from '../channels/outbox';
import { robotReceiver } from '../channels/testkit';
import { splitByDay } from './log';

// Tuesday 2026-10-20, 12:00 in Shanghai. October 2026: 1–7 National Day
// holiday, Saturday the 10th a 调休 workday. Required days before today:
// 8, 9, 10, 12–16, 19 = 9.
const NOW = Date.parse('2026-10-20T04:00:00Z');

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let book: { id: number };

async function log(memberId: number, day: string, minutes: number, kind = 'reading') {
  await t.db
    .insertInto('study_logs')
    .values({ member_id: memberId, day, kind, minutes, book_id: null, book_title: null, progress: '', note: '', source: kind === 'reading' ? 'manual' : 'import', source_ref: null, created_at: new Date(NOW).toISOString() })
    .execute();
}

async function session(unitIds: number[], startsAt: string, status: string) {
  const now = new Date(NOW).toISOString();
  const s = await t.db
    .insertInto('study_sessions')
    .values({ unit_id: unitIds[0], plan_id: null, topic: `集中学习 ${startsAt}`, place: '三楼会议室', host: '孙书记', starts_at: startsAt, ends_at: new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString(), minutes: 120, status, qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('study_session_units').values(unitIds.map((u) => ({ session_id: s.id, unit_id: u }))).execute();
  return s.id;
}

/** Raw minutes of a member on a day. */
async function minutesOn(memberId: number, day: string) {
  const r = await t.db.selectFrom('study_logs').select((eb) => eb.fn.sum<number>('minutes').as('m')).where('member_id', '=', memberId).where('day', '=', day).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** A member of a town of their own, so their log leaves the 甲镇 figures below alone. */
async function loneMember(name: string, username: string) {
  const town = await makeUnit(t.db, { name: `${name}镇`, kind: 'town' });
  const m = await makeMember(t.db, { name, unitId: town.id, category: 'staff' });
  await makeUser(t.db, { username, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });
  return { memberId: m.id, client: await signedIn(t.app, username, PASSWORD) };
}

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  w = await makeWorld(t.db);
  await addDistrictClerk(t.db, w);
  book = await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要', category: '思想理论' });
  [zhang, li, clerkA, clerkB, leader] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader'].map((u) => signedIn(t.app, u, PASSWORD)));
  const { mZhang, mLi, mLeader, mB } = w.members;
  // 张三: the target on 25–30 Sep and every required October day so far; half an hour on Saturday the 17th.
  for (const d of ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-19'])
    await log(mZhang.id, d, 60);
  await log(mZhang.id, '2026-10-17', 30);
  // 李四: two days met, one short.
  await log(mLi.id, '2026-10-08', 60);
  await log(mLi.id, '2026-10-09', 45);
  await log(mLi.id, '2026-10-09', 20);
  await log(mLi.id, '2026-10-12', 30);
  // 孙书记: 90 minutes of online learning on the 19th.
  await log(mLeader.id, '2026-10-19', 90, 'online');
  // 乙镇's 钱多 must never show up for 甲镇.
  await log(mB.id, '2026-10-19', 120);
  // A collective session of 甲镇 on the 15th: 张三 came, 李四 had leave; one of 乙镇; one coming up.
  const s1 = await session([w.townA.id], '2026-10-15T01:00:00Z', 'closed');
  await session([w.townB.id], '2026-10-14T01:00:00Z', 'closed');
  await session([w.townA.id, w.townB.id], '2026-10-22T06:30:00Z', 'scheduled');
  await t.db.insertInto('check_ins').values({ session_id: s1, member_id: mZhang.id, checked_at: '2026-10-15T00:58:00Z', method: 'qr', recorded_by: null }).execute();
  await t.db.insertInto('leave_requests').values({ session_id: s1, member_id: mLi.id, reason: '下村', status: 'approved', requested_at: '2026-10-14T01:00:00Z', decided_at: null, decided_by: null, decision_note: null }).execute();
  // 李四 made the October plan on time.
  await t.db
    .insertInto('reading_plan_items')
    .values({ member_id: mLi.id, month: '2026-10', book_id: book.id, own_title: null, own_author: null, target_on: '2026-10-30', status: 'reading', finished_on: null, created_at: '2026-10-03T02:00:00Z', updated_at: '2026-10-03T02:00:00Z' })
    .execute();
});
afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

describe('the daily study log', () => {
  it('takes a quick entry for today and backfills within the window', async () => {
    const r = await zhang.post('/api/study/logs', { day: '2026-10-20', minutes: 40, bookId: book.id, progress: '第三章', note: '做了摘抄' });
    expect(r.statusCode, r.body).toBe(200);
    const back = await zhang.post('/api/study/logs', { day: '2026-10-17', minutes: 5, bookTitle: '自己的书' });
    expect(back.statusCode, back.body).toBe(200);
    const logs = (await zhang.get('/api/study/logs?from=2026-10-17&to=2026-10-20')).json();
    expect(logs.find((l: { day: string }) => l.day === '2026-10-20')).toMatchObject({ minutes: 40, bookId: book.id, progress: '第三章', source: 'manual' });
    // Remove the backfilled five minutes again: the numbers below are without them.
    expect((await zhang.request('DELETE', `/api/study/logs/${back.json().id}`)).statusCode).toBe(200);
  });

  it('refuses bad minutes and dates with a Chinese message, changing nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('study_logs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [unknown, RegExp][] = [
      [{ day: '2026-10-20', minutes: 0 }, /大于 0/],
      [{ day: '2026-10-20', minutes: -5 }, /大于 0/],
      [{ day: '2026-10-20', minutes: 12.5 }, /整数/],
      [{ day: '2026-10-20', minutes: 1441 }, /24 小时/],
      [{ day: '2026-10-20', minutes: 1401 }, /已记录 40 分钟/],
      [{ day: '2026-10-21', minutes: 30 }, /未来/],
      [{ day: '2026-10-16', minutes: 30 }, /最近 3 天/],
      [{ day: '2026-13-01', minutes: 30 }, /格式/],
    ];
    for (const [body, msg] of cases) {
      const r = await zhang.post('/api/study/logs', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().message).toMatch(msg);
    }
    expect((await zhang.post('/api/study/logs', { day: '2026-10-20', minutes: 20, bookId: 999999 })).statusCode).toBe(404);
    expect(await count()).toBe(before);
    // An account without a member (the administrator) cannot log.
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    expect((await admin.post('/api/study/logs', { day: '2026-10-20', minutes: 20 })).statusCode).toBe(403);
  });

  it('the timer lives on the server: a second start keeps the first, stop logs the minutes once', async () => {
    const s = await li.post('/api/study/timer/start', { bookId: book.id });
    expect(s.json()).toMatchObject({ running: true, bookId: book.id });
    // The page was closed; 35 minutes later the member comes back.
    await t.db.updateTable('study_timers').set({ started_at: new Date(NOW - 35 * 60_000).toISOString() }).where('member_id', '=', w.members.mLi.id).execute();
    const again = await li.post('/api/study/timer/start', {});
    expect(again.json()).toMatchObject({ running: true, bookId: book.id, elapsedSeconds: 35 * 60 });
    const [a, b] = await Promise.all([li.post('/api/study/timer/stop', { progress: '第5章' }), li.post('/api/study/timer/stop', { progress: '第5章' })]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const ok = a.statusCode === 200 ? a : b;
    expect(ok.json()).toMatchObject({ minutes: 35, entries: [{ day: '2026-10-20', minutes: 35 }] });
    expect((await li.get('/api/study/timer')).json().running).toBe(false);
    const rows = await t.db.selectFrom('study_logs').selectAll().where('member_id', '=', w.members.mLi.id).where('day', '=', '2026-10-20').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 35, source: 'timer', book_id: book.id, progress: '第5章' });
  });

  it('a forgotten timer credits at most the setting (180 minutes) from its start, says so in Chinese, and the member corrects it by hand', async () => {
    const me = await loneMember('周六', 'zhouliu');
    expect((await me.client.get('/api/study/timer')).json()).toMatchObject({ running: false, maxMinutes: 180 });
    await me.client.post('/api/study/timer/start', { bookId: book.id });
    // Started at 22:00 last night and left running: 14 hours by noon.
    await t.db.updateTable('study_timers').set({ started_at: '2026-10-19T14:00:00.000Z' }).where('member_id', '=', me.memberId).execute();
    const stop = await me.client.post('/api/study/timer/stop', {});
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toMatchObject({ minutes: 180, capped: 14 * 60 - 180, maxMinutes: 180, entries: [{ day: '2026-10-19', minutes: 120 }, { day: '2026-10-20', minutes: 60 }] });
    expect(stop.json().message).toBe('这次计时持续了 14 小时，超过单次计时上限 180 分钟，只记入 180 分钟。如果实际读书时间不同，请在“最近记录”中删除这条记录，再用“手动记录”填写实际时间。');
    // The member read 40 minutes last night in fact: delete the timer's entries, enter the real time.
    const logs = (await me.client.get('/api/study/logs?from=2026-10-19&to=2026-10-20')).json() as { id: number; source: string }[];
    expect(logs.map((l) => l.source)).toEqual(['timer', 'timer']);
    for (const l of logs) expect((await me.client.request('DELETE', `/api/study/logs/${l.id}`)).statusCode).toBe(200);
    expect((await me.client.post('/api/study/logs', { day: '2026-10-19', minutes: 40, bookId: book.id })).statusCode).toBe(200);
    expect(await minutesOn(me.memberId, '2026-10-19')).toBe(40);
    expect(await minutesOn(me.memberId, '2026-10-20')).toBe(0);

    // A run within the limit is logged as it ran, with no message; the limit is a setting.
    await me.client.post('/api/study/timer/start', {});
    await t.db.updateTable('study_timers').set({ started_at: new Date(NOW - 50 * 60_000).toISOString() }).where('member_id', '=', me.memberId).execute();
    expect((await me.client.post('/api/study/timer/stop', {})).json()).toMatchObject({ minutes: 50, capped: 0, message: null });
    const districtClerk = await signedIn(t.app, 'clerkd', PASSWORD);
    expect((await districtClerk.put('/api/settings/study.timerMaxMinutes', { value: 30 })).statusCode).toBe(200);
    await me.client.post('/api/study/timer/start', {});
    await t.db.updateTable('study_timers').set({ started_at: new Date(NOW - 50 * 60_000).toISOString() }).where('member_id', '=', me.memberId).execute();
    expect((await me.client.post('/api/study/timer/stop', {})).json()).toMatchObject({ minutes: 30, capped: 20, maxMinutes: 30 });
    expect((await districtClerk.put('/api/settings/study.timerMaxMinutes', { value: 180 })).statusCode).toBe(200);
  });

  it('concurrent writes to one day cannot pass the 24-hour cap (quick entries, and a quick entry racing the timer)', async () => {
    const me = await loneMember('吴七', 'wuqi');
    for (const day of ['2026-10-17', '2026-10-18', '2026-10-19']) {
      await log(me.memberId, day, 1300);
      // Two quick entries at once: one fits, the other is refused.
      const [a, b] = await Promise.all([me.client.post('/api/study/logs', { day, minutes: 100 }), me.client.post('/api/study/logs', { day, minutes: 100 })]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([200, 400]);
      expect([a, b].find((r) => r.statusCode === 400)!.json().message).toBe(`${day} 已记录 1400 分钟，再加 100 分钟将超过一天 24 小时（1440 分钟）`);
      expect(await minutesOn(me.memberId, day)).toBe(1400);
    }
    // A quick entry and the timer's stop at once, on today with 1400 minutes: together they never pass 1440.
    await log(me.memberId, '2026-10-20', 1400);
    await me.client.post('/api/study/timer/start', {});
    await t.db.updateTable('study_timers').set({ started_at: new Date(NOW - 30 * 60_000).toISOString() }).where('member_id', '=', me.memberId).execute();
    const [entry, stop] = await Promise.all([me.client.post('/api/study/logs', { day: '2026-10-20', minutes: 30 }), me.client.post('/api/study/timer/stop', {})]);
    expect(stop.statusCode, stop.body).toBe(200);
    const total = await minutesOn(me.memberId, '2026-10-20');
    expect(total).toBeLessThanOrEqual(1440);
    expect(total).toBe(1400 + (entry.statusCode === 200 ? 30 : 0) + stop.json().minutes);
    if (entry.statusCode === 200) expect(stop.json()).toMatchObject({ minutes: 10, dropped: 20 });
    else expect(stop.json()).toMatchObject({ minutes: 30, dropped: 0 });
  });

  it('a timer across midnight splits at local midnight', () => {
    // 23:30 to 00:45 Shanghai time.
    expect(splitByDay(Date.parse('2026-10-19T15:30:00Z'), Date.parse('2026-10-19T16:45:00Z'))).toEqual([
      { day: '2026-10-19', minutes: 30 },
      { day: '2026-10-20', minutes: 45 },
    ]);
  });
});

describe('monthly reading plans', () => {
  it('refuses a plan without a book, a bad date, a past month and a duplicate', async () => {
    const bad: [unknown, number, RegExp][] = [
      [{ targetOn: '2026-10-30' }, 400, /选择一本书/],
      [{ ownTitle: '   ', targetOn: '2026-10-30' }, 400, /选择一本书/],
      [{ bookId: book.id, targetOn: '2026-11-03' }, 400, /2026-10-01 至 2026-10-31/],
      [{ bookId: book.id, targetOn: '2026-10-19' }, 400, /早于今天/],
      [{ month: '2026-09', bookId: book.id, targetOn: '2026-09-30' }, 400, /已经过去/],
      [{ month: '2026-9', bookId: book.id, targetOn: '2026-09-30' }, 400, /YYYY-MM/],
    ];
    for (const [body, code, msg] of bad) {
      const r = await zhang.post('/api/study/plan/items', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(code);
      expect(r.json().message).toMatch(msg);
    }
    expect((await zhang.get('/api/study/plan?month=2026-10')).json().items).toHaveLength(0);
  });

  it('next month can be planned ahead; a past month is shown but read-only', async () => {
    const ahead = await zhang.post('/api/study/plan/items', { month: '2026-11', bookId: book.id, targetOn: '2026-11-20' });
    expect(ahead.statusCode, ahead.body).toBe(200);
    const nov = (await zhang.get('/api/study/plan?month=2026-11')).json();
    expect(nov).toMatchObject({ month: '2026-11', editable: true, late: false, overdue: false, deadline: '2026-11-05' });
    expect(nov.items.map((i: { title: string }) => i.title)).toEqual(['习近平新时代中国特色社会主义思想学习纲要']);
    const far = await zhang.post('/api/study/plan/items', { month: '2026-12', bookId: book.id, targetOn: '2026-12-20' });
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toBe('只能制定本月和下个月（2026-11）的阅读计划');
    // The next month's plan can still be changed.
    expect((await zhang.request('DELETE', `/api/study/plan/items/${ahead.json().id}`)).statusCode).toBe(200);
    expect((await zhang.get('/api/study/plan?month=2026-11')).json().items).toHaveLength(0);

    // September's plan is there to look at, but can no longer be changed.
    const sep = await t.db
      .insertInto('reading_plan_items')
      .values({ member_id: w.members.mZhang.id, month: '2026-09', book_id: null, own_title: '九月的书', own_author: null, target_on: '2026-09-30', status: 'reading', finished_on: null, created_at: '2026-09-02T02:00:00Z', updated_at: '2026-09-02T02:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const past = (await zhang.get('/api/study/plan?month=2026-09')).json();
    expect(past).toMatchObject({ month: '2026-09', editable: false });
    expect(past.items.map((i: { title: string }) => i.title)).toEqual(['九月的书']);
    const del = await zhang.request('DELETE', `/api/study/plan/items/${sep.id}`);
    expect(del.statusCode).toBe(400);
    expect(del.json().message).toBe('已经过去的月份的计划不能再修改');
    expect((await zhang.get('/api/study/plan')).json()).toMatchObject({ month: '2026-10', editable: true });
  });

  it('a plan made after the deadline is accepted and marked late; finishing is one tap and leads to the reflection', async () => {
    const a = await zhang.post('/api/study/plan/items', { bookId: book.id, targetOn: '2026-10-28' });
    expect(a.statusCode, a.body).toBe(200);
    const own = await zhang.post('/api/study/plan/items', { ownTitle: '乡村振兴战略规划', ownAuthor: '本书编写组', targetOn: '2026-10-31' });
    expect(own.statusCode).toBe(200);
    const dup = await zhang.post('/api/study/plan/items', { bookId: book.id, targetOn: '2026-10-29' });
    expect(dup.statusCode).toBe(409);
    const plan = (await zhang.get('/api/study/plan')).json();
    expect(plan).toMatchObject({ month: '2026-10', deadline: '2026-10-05', booksPerMonth: 1, late: true, finished: 0 });
    expect(plan.items[0]).toMatchObject({ title: '习近平新时代中国特色社会主义思想学习纲要', minutes: 40, progress: '第三章', late: true });
    expect(plan.items[1]).toMatchObject({ title: '乡村振兴战略规划', author: '本书编写组', ownBook: true });
    const f = await zhang.post(`/api/study/plan/items/${a.json().id}/finish`);
    expect(f.json()).toEqual({ finishedOn: '2026-10-20', reflectionLink: `/reflections/new?book=${book.id}&planItem=${a.json().id}` });
    // A second tap changes nothing.
    expect((await zhang.post(`/api/study/plan/items/${a.json().id}/finish`)).json().finishedOn).toBe('2026-10-20');
    // Someone else's item is not found.
    expect((await li.post(`/api/study/plan/items/${a.json().id}/finish`)).statusCode).toBe(404);
    expect((await zhang.request('DELETE', `/api/study/plan/items/${a.json().id}`)).statusCode).toBe(400);
    const li1 = (await li.get('/api/study/plan')).json();
    expect(li1.late).toBe(false);
  });
});

describe('progress', () => {
  it("the member's home: today, month, ahead/behind, streak, plan, next session", async () => {
    const h = (await zhang.get('/api/study/home')).json();
    expect(h).toMatchObject({
      today: '2026-10-20',
      target: 60,
      todayMinutes: 40,
      todayRequired: true,
      // 9 required days × 60 + 30 on Saturday + 40 today
      monthMinutes: 610,
      expectedSoFar: 540,
      aheadBy: 70,
      daysMet: 9,
      // 3 September days, the holiday skipped, 9 October days; today not yet met does not break it.
      streak: 12,
      backfillFrom: '2026-10-17',
      // October 2026: of the 8th–31st, 17 weekdays and the 调休 Saturday.
      requiredDaysMonth: 18,
    });
    expect(h.plan.items).toHaveLength(2);
    expect(h.plan.finished).toBe(1);
    expect(h.nextSession).toMatchObject({ startsAt: '2026-10-22T06:30:00Z', place: '三楼会议室' });
    // The heat map has the same minutes.
    const hm = (await zhang.get('/api/study/heatmap?from=2026-10-15&to=2026-10-20')).json();
    expect(hm.days.map((d: { minutes: number }) => d.minutes)).toEqual([60, 60, 30, 0, 60, 40]);
    expect(hm.days.map((d: { required: boolean }) => d.required)).toEqual([true, true, false, false, true, true]);
  });

  it('follows a streak longer than the recent weeks back to where it started, and shows the longest beside the heat map', async () => {
    // A town of its own, so the other tests' unit figures stay as they are.
    const town = await makeUnit(t.db, { name: '丙镇', kind: 'town' });
    const m = await makeMember(t.db, { name: '赵恒', unitId: town.id });
    await makeUser(t.db, { username: 'zhaoheng', password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });
    const zhao = await signedIn(t.app, 'zhaoheng', PASSWORD);
    // An hour every day from 1 July to yesterday (19 October), nothing before.
    for (let d = '2026-07-01'; d <= '2026-10-19'; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) await log(m.id, d, 60);
    const hm = (await zhao.get('/api/study/heatmap?from=2026-07-01&to=2026-10-19')).json();
    const required = hm.days.filter((d: { required: boolean }) => d.required).length;
    expect(required).toBeGreaterThan(60);
    const h = (await zhao.get('/api/study/home')).json();
    expect(h.streak).toBe(required);
    expect(hm.bestStreak).toBe(required);
  });

  it("the clerk's unit view: compliance, books, plans and attendance from the data", async () => {
    const r = await clerkA.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json();
    expect(v).toMatchObject({ through: '2026-10-20', requiredDaysSoFar: 10, sessionsHeld: 1 });
    const row = (name: string) => v.rows.find((x: { name: string }) => x.name === name);
    expect(v.rows.map((x: { name: string }) => x.name).sort()).toEqual(['孙书记', '张三', '李四', '王芳'].sort());
    expect(row('张三')).toMatchObject({ hasPlan: true, planLate: true, booksFinished: 1, booksMet: true, daysMet: 9, requiredDays: 9, compliance: 1, minutes: 610, sessionsAttended: 1, sessionsExpected: 1 });
    // 李四: 8th and 9th (45 + 20) met; 35 timer minutes today are short of 60.
    expect(row('李四')).toMatchObject({ hasPlan: true, planLate: false, booksFinished: 0, booksMet: false, daysMet: 2, requiredDays: 9, minutes: 60 + 65 + 30 + 35, sessionsAttended: 0, sessionsExpected: 0, sessionsExcused: 1 });
    expect(row('王芳')).toMatchObject({ hasPlan: false, daysMet: 0, requiredDays: 9, compliance: 0, sessionsExpected: 1 });
    expect(row('孙书记')).toMatchObject({ daysMet: 1, requiredDays: 9, minutes: 90 });
    expect(v.totals).toMatchObject({ members: 4, withPlan: 2, booksMet: 1, daysMet: 12, requiredDays: 36, sessionsAttended: 1, sessionsExpected: 3 });
    expect(v.totals.compliance).toBeCloseTo(12 / 36);

    // Once 张三 reaches 60 minutes today, today counts for him.
    await zhang.post('/api/study/logs', { day: '2026-10-20', minutes: 20 });
    const v2 = (await clerkA.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`)).json();
    expect(v2.rows.find((x: { name: string }) => x.name === '张三')).toMatchObject({ daysMet: 10, requiredDays: 10, compliance: 1 });

    // One village only.
    const village = (await clerkA.get(`/api/study/units/view?month=2026-10&unitId=${w.villageA.id}`)).json();
    expect(village.rows.map((x: { name: string }) => x.name)).toEqual(['李四']);

    // A second session on the 16th: 张三 checks in 20 minutes late, 孙书记 on time, 王芳 on approved leave.
    const s2 = await session([w.townA.id], '2026-10-16T01:00:00Z', 'closed');
    await t.db
      .insertInto('check_ins')
      .values([
        { session_id: s2, member_id: w.members.mZhang.id, checked_at: '2026-10-16T01:20:00Z', method: 'qr', recorded_by: null },
        { session_id: s2, member_id: w.members.mLeader.id, checked_at: '2026-10-16T00:55:00Z', method: 'qr', recorded_by: null },
      ])
      .execute();
    await t.db.insertInto('leave_requests').values({ session_id: s2, member_id: w.members.mClerkA.id, reason: '区里开会', status: 'approved', requested_at: '2026-10-15T01:00:00Z', decided_at: null, decided_by: null, decision_note: null }).execute();
    const v3 = (await clerkA.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`)).json();
    expect(v3.lowCompliance).toBe(0.6);
    expect(v3.rows.find((x: { name: string }) => x.name === '张三')).toMatchObject({ sessionsAttended: 2, sessionsLate: 1, sessionsExpected: 2 });
    expect(v3.rows.find((x: { name: string }) => x.name === '王芳')).toMatchObject({ sessionsAttended: 0, sessionsExcused: 1, sessionsExpected: 1 });
    expect(v3.totals).toMatchObject({ sessionsAttended: 3, sessionsLate: 1, sessionsExcused: 2, sessionsExpected: 6 });

    // The export has one row per member and the total, 请假 and 迟到 counted in both.
    const x = await clerkA.get(`/api/study/units/view.xlsx?month=2026-10&unitId=${w.townA.id}`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(2).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const rowOf = (first: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === first) found = r;
      });
      return found!;
    };
    expect(rowOf('张三').getCell(col('其中迟到')).value).toBe(1);
    expect(rowOf('合计').getCell(col('请假')).value).toBe(2);
    expect(rowOf('合计').getCell(col('其中迟到')).value).toBe(1);
    expect(rowOf('合计').getCell(col('集中学习出勤')).value).toBe(3);

    // 按单位汇总 (issue 11): one row per unit in the view, and the totals row — on the page and in the export.
    const byUnit = v3.units as { unitId: number; unitName: string; members: number; daysMet: number; requiredDays: number; sessionsAttended: number; sessionsExcused: number }[];
    expect(byUnit.find((u) => u.unitName === '东风村')).toMatchObject({ unitId: w.villageA.id, members: 1, daysMet: 2, requiredDays: 9, sessionsExcused: 1 });
    expect(byUnit.reduce((a, u) => a + u.members, 0)).toBe(v3.totals.members);
    expect(byUnit.reduce((a, u) => a + u.daysMet, 0)).toBe(v3.totals.daysMet);
    expect(byUnit.reduce((a, u) => a + u.sessionsAttended, 0)).toBe(v3.totals.sessionsAttended);
    expect(new Set(byUnit.map((u) => u.unitId)).size).toBe(byUnit.length);
    const us = wb.getWorksheet('按单位汇总')!;
    expect(us).toBeDefined();
    const uh = (us.getRow(2).values as unknown[]).map(String);
    const unitCells = new Map<string, ExcelJS.Row>();
    us.eachRow((r, n) => {
      if (n > 2) unitCells.set(String(r.getCell(1).value), r);
    });
    expect([...unitCells.keys()]).toEqual([...byUnit.map((u) => u.unitName), '合计']);
    expect(unitCells.get('东风村')!.getCell(uh.indexOf('人数')).value).toBe(1);
    expect(unitCells.get('合计')!.getCell(uh.indexOf('人数')).value).toBe(v3.totals.members);
    expect(unitCells.get('合计')!.getCell(uh.indexOf('请假')).value).toBe(2);
    // The export is audited (it carries personal data).
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'study.export').execute()).toHaveLength(1);
  });

  it('how each kind counts is a setting', async () => {
    const admin = await t.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    await t.svc.settings.set(t.db, 'study.weightOnline', 2026, 50, ['clerk'], admin.id);
    const v = (await clerkA.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`)).json();
    expect(v.rows.find((x: { name: string }) => x.name === '孙书记')).toMatchObject({ daysMet: 0, minutes: 45 });
    await t.svc.settings.set(t.db, 'study.weightOnline', 2026, 100, ['clerk'], admin.id);
  });

  it('scope: a clerk of 乙镇 gets 403 for 甲镇; leaders see their subtree; members see no unit', async () => {
    expect((await clerkB.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/study/units/view.xlsx?month=2026-10&unitId=${w.townA.id}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/study/units/missing-plans?month=2026-10&unitId=${w.townA.id}`)).statusCode).toBe(403);
    expect((await clerkB.post('/api/study/units/remind-plans', { month: '2026-10', unitId: w.townA.id })).statusCode).toBe(403);
    const own = (await clerkB.get('/api/study/units/view?month=2026-10')).json();
    expect(own.unit.name).toBe('乙镇');
    expect(own.rows.map((x: { name: string }) => x.name).sort()).toEqual(['赵强', '钱多'].sort());
    const lv = await leader.get(`/api/study/units/view?month=2026-10&unitId=${w.townA.id}`);
    expect(lv.statusCode).toBe(200);
    expect(lv.json().rows).toHaveLength(4);
    expect((await leader.get(`/api/study/units/view?month=2026-10&unitId=${w.townB.id}`)).statusCode).toBe(403);
    expect((await leader.post('/api/study/units/remind-plans', { month: '2026-10', unitId: w.townA.id })).statusCode).toBe(403);
    expect((await zhang.get('/api/study/units/view?month=2026-10')).statusCode).toBe(403);
  });

  it('missing plans, and one click reminds them all; a double click sends once', async () => {
    // The town's reading group has a WeCom robot: it gets one message naming both, not one per person.
    const robot = await robotReceiver();
    const districtClerk = await signedIn(t.app, 'clerkd', PASSWORD);
    const ch = await districtClerk.post('/api/channels', { kind: 'wecom', name: '甲镇读书群', unitId: w.townA.id, config: { webhookUrl: robot.url() }, events: ['study.plan-missing'] });
    expect(ch.statusCode).toBe(200);
    const m = (await clerkA.get(`/api/study/units/missing-plans?month=2026-10&unitId=${w.townA.id}`)).json();
    expect(m.members.map((x: { name: string }) => x.name).sort()).toEqual(['孙书记', '王芳'].sort());
    const [a, b] = await Promise.all([
      clerkA.post('/api/study/units/remind-plans', { month: '2026-10', unitId: w.townA.id }),
      clerkA.post('/api/study/units/remind-plans', { month: '2026-10', unitId: w.townA.id }),
    ]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.json().sent + b.json().sent).toBe(2);
    const notes = await t.db.selectFrom('notifications').select(['user_id', 'title', 'link']).where('kind', '=', 'study.plan-missing').execute();
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ title: '请制定2026年10月的阅读计划', link: '/study/plan' });
    const leaderUser = await t.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow();
    expect(notes.map((n) => n.user_id)).toContain(leaderUser.id);

    await drainOutbox(t.svc, 'node-1');
    expect(robot.hits).toHaveLength(1);
    expect(robot.hits[0].content).toContain('请尚未制定2026年10月阅读计划的同志尽快制定');
    expect(robot.hits[0].content).toContain('孙书记');
    expect(robot.hits[0].content).toContain('王芳');
    await robot.close();
    await districtClerk.delete(`/api/channels/${ch.json().id}`);
  });
});

describe('the official calendar', () => {
  it('the clerk imports next year with a row report; entries change the required days', async () => {
    const buf = await buildXlsx([
      {
        name: '安排',
        columns: [
          { header: '日期', key: 'd' },
          { header: '类型', key: 'k' },
          { header: '名称', key: 'n' },
        ],
        rows: [
          { d: '2027-10-01', k: '放假', n: '国庆节' },
          { d: '2027/10/9', k: '上班', n: '国庆节调休' },
          { d: '2027-02-30', k: '放假', n: '' },
          { d: '2027-05-01', k: '休假吧', n: '' },
          { d: '2027-10-01', k: '放假', n: '重复' },
        ],
      },
    ]);
    const mp = multipart('file', '2027.xlsx', buf);
    const r = await clerkA.request('POST', '/api/study/calendar-days/import', mp.body, { 'content-type': mp.contentType });
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep).toMatchObject({ imported: 2, failed: 3 });
    expect(rep.rows.filter((x: { ok: boolean }) => !x.ok).map((x: { rowNumber: number }) => x.rowNumber)).toEqual([4, 5, 6]);
    expect(rep.rows.find((x: { rowNumber: number }) => x.rowNumber === 5).message).toMatch(/放假.*上班/);
    const list = (await zhang.get('/api/study/calendar-days?year=2027')).json();
    expect(list.bundled).toBe(false);
    expect(list.days).toEqual([
      expect.objectContaining({ day: '2027-10-01', kind: 'holiday', name: '国庆节', source: 'override' }),
      expect.objectContaining({ day: '2027-10-09', kind: 'workday', makeUp: true }),
    ]);
    // The bundled year lists National Day without any rows.
    const y2026 = (await zhang.get('/api/study/calendar-days?year=2026')).json();
    expect(y2026.days.some((d: { day: string; kind: string }) => d.day === '2026-10-01' && d.kind === 'holiday')).toBe(true);

    expect((await zhang.request('PUT', '/api/study/calendar-days/2027-10-02', { kind: '放假' })).statusCode).toBe(403);
    expect((await clerkA.request('PUT', '/api/study/calendar-days/2027-10-02', { kind: '不上班' })).statusCode).toBe(400);
    expect((await clerkA.request('PUT', '/api/study/calendar-days/2027-02-30', { kind: '放假' })).statusCode).toBe(400);
    // Today (a Tuesday) declared a local holiday: it no longer asks for the target.
    expect((await clerkA.request('PUT', '/api/study/calendar-days/2026-10-20', { kind: '放假', name: '测试' })).statusCode).toBe(200);
    expect((await zhang.get('/api/study/home')).json()).toMatchObject({ todayRequired: false, todayName: '测试' });
    expect((await clerkA.request('DELETE', '/api/study/calendar-days/2026-10-20')).statusCode).toBe(200);
    expect((await zhang.get('/api/study/home')).json().todayRequired).toBe(true);
    expect((await clerkA.request('DELETE', '/api/study/calendar-days/2026-10-20')).statusCode).toBe(404);
  });
});

// Issue 12 item 7: the calendar was one for all, and any town's clerk changed every town's.
// Now an entry is the district's or a town's own; each reader takes the unit's nearest scope.
describe('the holiday calendar scoped to a town', () => {
  const entries = async () => (await t.db.selectFrom('calendar_days').select(['unit_path', 'day', 'kind']).orderBy('id').execute()).map((r) => `${r.unit_path}${r.day}${r.kind}`);
  let qian: Client;
  let district: Client;
  beforeAll(async () => {
    await makeUser(t.db, { username: 'qianduo', password: PASSWORD, memberId: w.members.mB.id, roles: [{ role: 'member', unitId: w.officeB.id }] });
    [qian, district] = await Promise.all([signedIn(t.app, 'qianduo', PASSWORD), signedIn(t.app, 'clerkd', PASSWORD)]);
  });
  const monthDays = async (c: Client) => (await c.get('/api/study/home')).json().requiredDaysMonth as number;
  const requiredOn = async (c: Client, day: string) => (await c.get(`/api/study/heatmap?from=${day}&to=${day}`)).json().days[0].required as boolean;

  it('乙镇’s clerk cannot change 甲镇’s calendar, and 乙镇’s own entry leaves 甲镇 alone', async () => {
    const before = await entries();
    const put = await clerkB.request('PUT', '/api/study/calendar-days/2026-10-23', { kind: '放假', name: '乙镇放假', unitId: w.townA.id });
    expect(put.statusCode).toBe(403);
    expect(put.json().message).toBe('“甲镇”不在您的管理范围内，不能修改它的节假日安排');
    expect((await clerkB.request('DELETE', `/api/study/calendar-days/2026-10-23?unitId=${w.townA.id}`)).statusCode).toBe(403);
    // Nor the district's, which every town inherits.
    expect((await clerkB.request('PUT', '/api/study/calendar-days/2026-10-23', { kind: '放假', unitId: w.district.id })).statusCode).toBe(403);
    expect(await entries()).toEqual(before);

    // Without a unit the entry is 乙镇's own: 钱多 (乙镇) loses the Friday, 张三 (甲镇) keeps it.
    const [zhangDays, qianDays] = [await monthDays(zhang), await monthDays(qian)];
    expect((await clerkB.request('PUT', '/api/study/calendar-days/2026-10-23', { kind: '放假', name: '乙镇放假' })).statusCode).toBe(200);
    expect(await monthDays(qian)).toBe(qianDays - 1);
    expect(await monthDays(zhang)).toBe(zhangDays);
    expect(await requiredOn(qian, '2026-10-23')).toBe(false);
    expect(await requiredOn(zhang, '2026-10-23')).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'calendar-day.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ day: '2026-10-23', scope: { unitId: w.townB.id, unit: '乙镇' } });
    expect((await clerkB.request('DELETE', '/api/study/calendar-days/2026-10-23')).statusCode).toBe(200);
    expect(await monthDays(qian)).toBe(qianDays);
  });

  it('a town override changes that town’s required days and not its neighbour’s, in every reader', async () => {
    const view = async () => (await district.get('/api/study/units/view?month=2026-10')).json() as { rows: { name: string; requiredDays: number }[] };
    const days = (v: Awaited<ReturnType<typeof view>>, name: string) => v.rows.find((r) => r.name === name)!.requiredDays;
    const v0 = await view();
    const a0 = (await clerkA.get('/api/study/units/view?month=2026-10')).json().requiredDaysSoFar as number;
    // 甲镇 gives Monday the 19th off (a local holiday), after the fact.
    expect((await clerkA.request('PUT', '/api/study/calendar-days/2026-10-19', { kind: '放假', name: '甲镇放假' })).statusCode).toBe(200);
    const v1 = await view();
    expect(days(v1, '李四')).toBe(days(v0, '李四') - 1);
    expect(days(v1, '张三')).toBe(days(v0, '张三') - 1);
    expect(days(v1, '钱多')).toBe(days(v0, '钱多'));
    expect((await clerkA.get('/api/study/units/view?month=2026-10')).json().requiredDaysSoFar).toBe(a0 - 1);
    expect((await clerkB.get('/api/study/units/view?month=2026-10')).json().requiredDaysSoFar).toBe(a0);
    expect(await requiredOn(zhang, '2026-10-19')).toBe(false);
    expect(await requiredOn(qian, '2026-10-19')).toBe(true);
    expect((await clerkA.request('DELETE', '/api/study/calendar-days/2026-10-19')).statusCode).toBe(200);
    expect(days(await view(), '张三')).toBe(days(v0, '张三'));
  });

  it('the district’s entries are inherited, shown as such, and only the district clerk deletes them; a town may override one', async () => {
    expect((await district.request('PUT', '/api/study/calendar-days/2026-10-26', { kind: '放假', name: '全区放假' })).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'calendar-day.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ scope: { unitId: null, unit: '全区' } });
    expect(await requiredOn(zhang, '2026-10-26')).toBe(false);
    expect(await requiredOn(qian, '2026-10-26')).toBe(false);
    const dayOf = (list: { days: { day: string }[] }) => list.days.find((d) => d.day === '2026-10-26');
    const seenByA = (await clerkA.get('/api/study/calendar-days?year=2026')).json();
    expect(seenByA).toMatchObject({ scope: { unitId: w.townA.id, unitName: '甲镇' }, canEdit: true });
    expect(dayOf(seenByA)).toMatchObject({ kind: 'holiday', scopeName: '全区', scopeUnitId: null, inherited: true, editable: false });
    const gone = await clerkA.request('DELETE', '/api/study/calendar-days/2026-10-26');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('上级录入的安排不能在本级删除');
    // 甲镇 works that day after all: its own entry wins for 甲镇 only.
    expect((await clerkA.request('PUT', '/api/study/calendar-days/2026-10-26', { kind: '上班', name: '甲镇照常上班' })).statusCode).toBe(200);
    expect(await requiredOn(zhang, '2026-10-26')).toBe(true);
    expect(await requiredOn(qian, '2026-10-26')).toBe(false);
    expect(dayOf((await clerkA.get('/api/study/calendar-days?year=2026')).json())).toMatchObject({ kind: 'workday', scopeName: '甲镇', inherited: false, editable: true });
    // The district clerk sees the district's own calendar, and 甲镇's when asking for it.
    expect(dayOf((await district.get('/api/study/calendar-days?year=2026')).json())).toMatchObject({ kind: 'holiday', inherited: false, editable: true });
    expect(dayOf((await district.get(`/api/study/calendar-days?year=2026&unitId=${w.townA.id}`)).json())).toMatchObject({ kind: 'workday', scopeName: '甲镇', editable: true });
    // A member sees their own town's calendar and may change nothing.
    expect((await zhang.get('/api/study/calendar-days?year=2026')).json()).toMatchObject({ scope: { unitName: '党政办' }, canEdit: false });
    for (const c of [clerkA, district]) expect((await c.request('DELETE', '/api/study/calendar-days/2026-10-26')).statusCode).toBe(200);
    expect(await requiredOn(qian, '2026-10-26')).toBe(true);
  });

  it('an import goes to the importing clerk’s own town', async () => {
    const buf = await buildXlsx([{ name: '安排', columns: [{ header: '日期', key: 'd' }, { header: '类型', key: 'k' }], rows: [{ d: '2026-10-27', k: '放假' }] }]);
    const mp = multipart('file', 'b.xlsx', buf);
    expect((await clerkB.request('POST', `/api/study/calendar-days/import?unitId=${w.townA.id}`, mp.body, { 'content-type': mp.contentType })).statusCode).toBe(403);
    const r = await clerkB.request('POST', '/api/study/calendar-days/import', mp.body, { 'content-type': mp.contentType });
    expect(r.json()).toMatchObject({ imported: 1 });
    expect(await requiredOn(qian, '2026-10-27')).toBe(false);
    expect(await requiredOn(zhang, '2026-10-27')).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'calendar-day.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ scope: { unit: '乙镇' } });
    expect((await clerkB.request('DELETE', '/api/study/calendar-days/2026-10-27')).statusCode).toBe(200);
  });
});
