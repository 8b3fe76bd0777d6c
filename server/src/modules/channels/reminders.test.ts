// The study reminders end to end with TWO app nodes on one database: both run
// the daily job and the outbox at the same time against a real HTTP robot
// receiver and a real SMTP server; every reminder arrives exactly once.
import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { runOnce } from '../../platform/jobs';
import type { App } from '../../platform/http';
import type { Services } from '../../platform/services';
import { clock, nowIso } from '../../platform/time';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld } from '../../../test/world';
import { makeBook } from '../../demo/factories';
import { drainOutbox, startOutbox } from './outbox';
import { jobs, monthEndDay, remindEvening } from './jobs';
import { robotReceiver, smtpReceiver } from './testkit';

let t: TestApp;
let node2: { app: App; svc: Services };
let world: Awaited<ReturnType<typeof makeWorld>>;
let districtClerk: Client;
let robotA: Awaited<ReturnType<typeof robotReceiver>>;
let robotB: Awaited<ReturnType<typeof robotReceiver>>;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
const realNow = clock.now;

/** A second app node: its own app and connection pool on the same database. */
async function secondNode(test: TestApp) {
  const config = { ...loadConfig({}), demo: false, dataDir: os.tmpdir(), loginRateLimit: 100_000 };
  const built = await buildApp(config, test.testDb.reopen());
  await built.app.ready();
  return built;
}

/** Local time in Shanghai → a fixed clock. */
const at = (local: string) => {
  const ms = Date.parse(`${local}+08:00`);
  clock.now = () => new Date(ms);
};

const job = (name: string) => jobs.find((j) => j.name === name)!;

/** Both nodes run the job for the day and the outbox, at the same time, several rounds. */
async function bothNodes(jobName: string, day: string) {
  const ran = await Promise.all([runOnce(t.svc, job(jobName), day), runOnce(node2.svc, job(jobName), day)]);
  expect(ran.filter(Boolean)).toHaveLength(1);
  for (let round = 0; round < 3; round++) {
    await Promise.all([drainOutbox(t.svc, 'node-1'), drainOutbox(node2.svc, 'node-2'), drainOutbox(t.svc, 'node-1b'), drainOutbox(node2.svc, 'node-2b')]);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  node2 = await secondNode(t);
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  districtClerk = await signedIn(t.app, 'clerkd');
  robotA = await robotReceiver();
  robotB = await robotReceiver();
  smtp = await smtpReceiver();
  const m = world.members;
  await t.db.updateTable('members').set({ email: 'lisi@x.gov.cn', phone: '13800000002' }).where('id', '=', m.mLi.id).execute();
  await t.db.updateTable('members').set({ email: 'sun@x.gov.cn' }).where('id', '=', m.mLeader.id).execute();
  await t.db.updateTable('members').set({ email: 'qian@y.gov.cn', phone: '13900000005' }).where('id', '=', m.mB.id).execute();
  const study = ['study.plan-missing', 'study.evening', 'study.month-end'];
  const a = await districtClerk.post('/api/channels', { kind: 'wecom', name: '甲镇读书群', unitId: world.townA.id, config: { webhookUrl: robotA.url() }, events: study });
  const b = await districtClerk.post('/api/channels', { kind: 'dingtalk', name: '乙镇读书群', unitId: world.townB.id, config: { webhookUrl: robotB.url('/robot/send', 'access_token=tok'), secret: 'SECtest' }, events: ['study.evening'] });
  const s = await districtClerk.post('/api/channels', { kind: 'smtp', name: '区政务邮箱', unitId: world.district.id, config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'noreply@qu.gov.cn' }, events: ['*'] });
  expect([a.statusCode, b.statusCode, s.statusCode]).toEqual([200, 200, 200]);
});
afterEach(() => {
  clock.now = realNow;
  robotA.hits.length = 0;
  robotB.hits.length = 0;
  smtp.mails.length = 0;
});
afterAll(async () => {
  await Promise.all([robotA.close(), robotB.close(), smtp.close()]);
  await node2.app.close();
  await t.close();
});

async function log(memberId: number, day: string, kind: string, minutes: number) {
  await t.db.insertInto('study_logs').values({ member_id: memberId, day, kind, minutes, book_id: null, book_title: null, source: 'manual', source_ref: null, created_at: nowIso() }).execute();
}

async function planItem(memberId: number, month: string, title: string, status = 'reading') {
  const b = await makeBook(t.db, { title, category: '文化' });
  await t.db
    .insertInto('reading_plan_items')
    .values({ member_id: memberId, month, book_id: b.id, own_title: null, own_author: null, target_on: `${month}-25`, status, finished_on: null, created_at: nowIso(), updated_at: nowIso() })
    .execute();
}

const inboxTitles = async (username: string) => ((await (await signedIn(t.app, username)).get('/api/notifications')).json().items as { title: string }[]).map((n) => n.title);

describe('evening reminder', () => {
  it('reaches each member under the daily target once, in the inbox, by e-mail and in one group message per robot, with two nodes', async () => {
    const m = world.members;
    const day = '2026-11-26'; // a Thursday, an ordinary workday
    await log(m.mZhang.id, day, 'reading', 50);
    await log(m.mZhang.id, day, 'online', 15); // 65 counted: meets the 60-minute target
    await log(m.mLi.id, day, 'reading', 30);
    await log(m.mB.id, '2026-11-25', 'reading', 90); // yesterday does not count
    // 王芳 (clerka) switches the evening reminder off on her profile.
    const clerk = await signedIn(t.app, 'clerka');
    expect((await clerk.get('/api/me/preferences')).json()).toEqual({ eveningReminder: true });
    expect((await clerk.put('/api/me/preferences', { eveningReminder: false })).json()).toEqual({ eveningReminder: false });
    expect((await clerk.put('/api/me/preferences', { eveningReminder: 'no' })).statusCode).toBe(400);

    at(`${day}T20:05:00`);
    await bothNodes('reminders.evening', day);
    // A stray second run on both nodes (the job re-run by hand) adds nothing.
    await Promise.all([remindEvening(t.svc, day), remindEvening(node2.svc, day)]);
    await Promise.all([drainOutbox(t.svc, 'node-1'), drainOutbox(node2.svc, 'node-2')]);

    // 甲镇's WeCom group: one message naming 李四 and 孙书记, @李四 by phone; not 张三 (met) nor 王芳 (off).
    expect(robotA.hits).toHaveLength(1);
    const a = robotA.hits[0];
    expect(a.content).toContain('今日学习未满60分钟的同志');
    expect(a.content).toContain('名单（2人）：孙书记、李四');
    expect(a.content).not.toContain('张三');
    expect(a.content).not.toContain('王芳');
    expect((a.body.text as { mentioned_mobile_list: string[] }).mentioned_mobile_list).toEqual(['13800000002']);
    // 乙镇's DingTalk group: 赵强 and 钱多, @钱多 in the text too.
    expect(robotB.hits).toHaveLength(1);
    expect(robotB.hits[0].content).toContain('名单（2人）：赵强、钱多');
    expect(robotB.hits[0].content).toContain('@13900000005');
    expect(robotB.hits[0].body.at).toEqual({ atMobiles: ['13900000005'], isAtAll: false });
    // E-mail: one to each member with an address who is under target.
    expect(smtp.mails.map((x) => x.to[0]).sort()).toEqual(['lisi@x.gov.cn', 'qian@y.gov.cn', 'sun@x.gov.cn']);
    expect(smtp.mails.find((x) => x.to[0] === 'lisi@x.gov.cn')).toMatchObject({ subject: '【书香机关】今日学习未满60分钟' });
    expect(smtp.mails.find((x) => x.to[0] === 'lisi@x.gov.cn')!.text).toContain('今天已学习 30 分钟，还差 30 分钟');
    // In-app: once each.
    expect(await inboxTitles('lisi')).toEqual(['今日学习未满60分钟']);
    expect(await inboxTitles('zhangsan')).toEqual([]);
    expect(await inboxTitles('clerka')).toEqual([]);
    // Nothing left in the outbox, nothing sent twice.
    const rows = await t.db.selectFrom('notification_deliveries').select(['status', 'attempts']).execute();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('stays silent on a weekend unless weekends count, and at the hour the setting says', async () => {
    at('2026-11-28T20:30:00'); // Saturday
    expect(await remindEvening(t.svc, '2026-11-28')).toMatchObject({ required: false, members: 0 });
    const hours = await signedIn(t.app, 'clerkd');
    const res = await hours.put('/api/settings/reminders.eveningHour', { value: 21 });
    expect(res.statusCode).toBe(200);
    const { dueAt } = await import('../../platform/jobs');
    expect(await dueAt(t.svc, job('reminders.evening'))).toBe('21:00');
    expect(await dueAt(node2.svc, job('reminders.evening'))).toMatch(/^2[01]:00$/); // the other node within its settings cache
    expect(robotA.hits).toHaveLength(0);
  });
});

describe('month start and month end reminders', () => {
  it('asks members without a plan on the plan reminder day, once, across two nodes', async () => {
    const m = world.members;
    await planItem(m.mZhang.id, '2026-12', '平凡的世界');
    await planItem(m.mLeader.id, '2026-12', '围城', 'dropped'); // a dropped book is no plan
    at('2026-12-01T09:10:00');
    await bothNodes('reminders.plan', '2026-12-01');
    expect(robotA.hits).toHaveLength(1);
    expect(robotA.hits[0].content).toContain('以下同志尚未制定12月阅读计划');
    expect(robotA.hits[0].content).toContain('名单（3人）：王芳、孙书记、李四');
    expect(robotB.hits).toHaveLength(0); // the DingTalk robot carries only the evening reminder
    expect(smtp.mails.map((x) => x.to[0]).sort()).toEqual(['lisi@x.gov.cn', 'qian@y.gov.cn', 'sun@x.gov.cn']);
    expect(smtp.mails[0].subject).toBe('【书香机关】请制定本月（12月）阅读计划');
    expect(await inboxTitles('zhangsan')).not.toContain('请制定本月（12月）阅读计划');
    expect((await inboxTitles('leader')).filter((x) => x === '请制定本月（12月）阅读计划')).toHaveLength(1);
  });

  it('does nothing on other days of the month', async () => {
    at('2026-12-02T09:10:00');
    const before = await t.db.selectFrom('notification_deliveries').select('id').execute();
    await bothNodes('reminders.plan', '2026-12-02');
    expect((await t.db.selectFrom('notification_deliveries').select('id').execute()).length).toBe(before.length);
    expect(robotA.hits).toHaveLength(0);
  });

  it('reminds of unfinished planned books monthEndDays before the end', async () => {
    expect(monthEndDay('2027-01', 3)).toBe('2027-01-29');
    expect(monthEndDay('2027-02', 1)).toBe('2027-02-28');
    const m = world.members;
    await planItem(m.mLi.id, '2027-01', '红岩');
    await planItem(m.mLi.id, '2027-01', '创业史');
    await planItem(m.mZhang.id, '2027-01', '活着', 'finished');
    at('2027-01-29T09:40:00');
    await bothNodes('reminders.month-end', '2027-01-29');
    expect(robotA.hits).toHaveLength(1);
    expect(robotA.hits[0].content).toContain('1月还剩3天，以下同志计划的书还未读完');
    expect(robotA.hits[0].content).toContain('李四');
    expect(robotA.hits[0].content).not.toContain('张三');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['lisi@x.gov.cn'], subject: '【书香机关】本月计划的书还未读完' });
    expect(smtp.mails[0].text).toContain('《红岩》《创业史》还未读完，本月还剩 3 天');
  });
});

describe('outbox worker', () => {
  it('starts on each node and sends what is queued, each once', async () => {
    const { notifyMember } = await import('../../platform/notifications');
    for (let i = 0; i < 5; i++) await notifyMember(t.db, world.members.mLi.id, { kind: 'hold-ready', title: `到书${i}`, dedupeKey: `worker-${i}` });
    const logs: string[] = [];
    const stops = [startOutbox(t.svc, (s) => logs.push(s), 50), startOutbox(node2.svc, (s) => logs.push(s), 50)];
    for (let i = 0; i < 100 && smtp.mails.length < 5; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(stops.map((s) => s()));
    expect(smtp.mails.map((x) => x.subject).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `【书香机关】到书${i}`));
    expect(logs.some((l) => l.startsWith('通知外发：成功'))).toBe(true);
  });
});

describe('the evening reminder follows each town’s holiday calendar (issue 12 item 7)', () => {
  it('on a day 甲镇 gives off, only 乙镇’s members under the target are reminded', async () => {
    const day = '2026-11-27'; // a Friday, an ordinary workday
    at(`${day}T09:00:00`);
    const clerkA = await signedIn(t.app, 'clerka');
    expect((await clerkA.put(`/api/study/calendar-days/${day}`, { kind: '放假', name: '甲镇放假' })).statusCode).toBe(200);
    at(`${day}T20:05:00`);
    expect(await remindEvening(t.svc, day)).toMatchObject({ required: true, members: 2 });
    const reminded = await t.db.selectFrom('notifications').select('dedupe_key').where('dedupe_key', 'like', `study-evening:${day}:m%`).execute();
    const m = world.members;
    // 赵强 and 钱多 (乙镇) are under it; in the inbox only 赵强, who has an account: no one of 甲镇.
    expect(reminded.map((r) => (r.dedupe_key ?? '').split(':').slice(0, 3).join(':'))).toEqual([`study-evening:${day}:m${m.mClerkB.id}`]);
  });
});
