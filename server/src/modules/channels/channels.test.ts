import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { createServices } from '../../platform/services';
import { clock } from '../../platform/time';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../demo/factories';
import { sendDueReminders } from '../library/circulation/service';
import { backoffMs, claimDue, drainOutbox, LEASE_MS, MAX_ATTEMPTS } from './outbox';
import { robotReceiver, smtpReceiver } from './testkit';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let admin: Client;
let clerkA: Client;
let clerkB: Client;
const realNow = clock.now;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  admin = await signedIn(t.app, 'admin');
  clerkA = await signedIn(t.app, 'clerka');
  clerkB = await signedIn(t.app, 'clerkb');
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = realNow;
});

const count = async (table: 'notification_channels' | 'notification_deliveries') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Clears the outbox and channels between scenarios. */
async function reset() {
  await t.db.deleteFrom('notification_deliveries').execute();
  await t.db.deleteFrom('notification_channels').execute();
}

describe('channels: set-up, masking and scope', () => {
  it('lets the clerk set up a WeCom robot for their town, never shows the webhook key again, audits without secrets', async () => {
    await reset();
    const key = 'a1b2c3d4-e5f6-7788-9900-aabbccddeeff';
    const res = await clerkA.post('/api/channels', {
      kind: 'wecom',
      name: '甲镇读书群',
      unitId: world.townA.id,
      config: { webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` },
      events: ['study.evening', 'loan-due'],
    });
    expect(res.statusCode).toBe(200);
    const ch = res.json();
    expect(ch).toMatchObject({ kind: 'wecom', kindLabel: '企业微信群机器人', name: '甲镇读书群', unitName: '甲镇', enabled: true, events: ['study.evening', 'loan-due'] });
    expect(ch.config.webhookUrl).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a1b2****eeff');
    expect(res.body).not.toContain(key);
    expect((await clerkA.get('/api/channels')).body).not.toContain(key);
    expect((await admin.get(`/api/channels/${ch.id}`)).body).not.toContain(key);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'channel.create').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(key);

    // Editing other fields keeps the stored URL.
    const upd = await clerkA.patch(`/api/channels/${ch.id}`, { version: ch.version, name: '甲镇干部读书群', config: { format: 'markdown' } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().config).toEqual({ webhookUrl: ch.config.webhookUrl, format: 'markdown' });
    const stored = await t.db.selectFrom('notification_channels').select('config').where('id', '=', ch.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.config).webhookUrl).toContain(key);
    // A stale version loses.
    const stale = await clerkA.patch(`/api/channels/${ch.id}`, { version: ch.version, enabled: false });
    expect(stale.statusCode).toBe(409);
  });

  it('keeps each clerk to their own subtree; members cannot see channels', async () => {
    const before = await count('notification_channels');
    const other = await clerkA.post('/api/channels', { kind: 'wecom', name: '乙镇群', unitId: world.townB.id, config: { webhookUrl: 'https://example.com/hook?key=x' }, events: ['*'] });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('只能为您管理的单位设置通知通道');
    expect(await count('notification_channels')).toBe(before);
    const [mine] = (await clerkA.get('/api/channels')).json();
    expect((await clerkB.get('/api/channels')).json()).toEqual([]);
    expect((await clerkB.get(`/api/channels/${mine.id}`)).statusCode).toBe(403);
    expect((await clerkB.patch(`/api/channels/${mine.id}`, { version: mine.version, enabled: false })).statusCode).toBe(403);
    expect((await clerkB.post(`/api/channels/${mine.id}/test`, {})).statusCode).toBe(403);
    expect((await clerkB.delete(`/api/channels/${mine.id}`)).statusCode).toBe(403);
    const member = await signedIn(t.app, 'zhangsan');
    expect((await member.get('/api/channels')).statusCode).toBe(403);
    // The system administrator sees and manages every unit's channels.
    expect((await admin.get('/api/channels')).json().map((c: { id: number }) => c.id)).toEqual([mine.id]);
    const b = await admin.post('/api/channels', { kind: 'dingtalk', name: '乙镇钉钉群', unitId: world.townB.id, config: { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789', secret: 'SECabcdef0123456789' }, events: ['*'] });
    expect(b.statusCode).toBe(200);
    expect(b.json().config).toEqual({ webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abcd****6789', hasSecret: true });
    expect(b.body).not.toContain('SECabcdef0123456789');
    const cleared = await clerkB.patch(`/api/channels/${b.json().id}`, { version: b.json().version, config: { secret: null } });
    expect(cleared.json().config.hasSecret).toBe(false);
    expect((await clerkB.get('/api/channels')).json().map((c: { id: number }) => c.id)).toEqual([b.json().id]);
  });

  it('refuses bad configurations with a clear message and stores nothing', async () => {
    const before = await count('notification_channels');
    const cases: [unknown, string][] = [
      [{ kind: 'wecom', name: '群', unitId: world.townA.id, config: { webhookUrl: 'ftp://x.example.com/a' }, events: ['*'] }, 'Webhook 地址应以 https:// 开头'],
      [{ kind: 'wecom', name: '群', unitId: world.townA.id, config: { webhookUrl: 'not a url' }, events: ['*'] }, 'Webhook 地址格式不正确，应以 https:// 开头'],
      [{ kind: 'dingtalk', name: '群', unitId: world.townA.id, config: {}, events: ['*'] }, '请填写机器人的 Webhook 地址'],
      [{ kind: 'smtp', name: '邮件', unitId: world.townA.id, config: { host: 'smtp.example.com' }, events: ['*'] }, '请填写发件人邮箱'],
      [{ kind: 'smtp', name: '邮件', unitId: world.townA.id, config: { host: 'smtp.example.com', from: 'no-at-sign' }, events: ['*'] }, '发件人邮箱格式不正确'],
      [{ kind: 'smtp', name: '邮件', unitId: 999999, config: { host: 'smtp.example.com', from: 'a@b.cn' }, events: ['*'] }, '找不到所选的单位'],
    ];
    for (const [body, message] of cases) {
      const res = await clerkA.post('/api/channels', body);
      expect(res.statusCode, message).toBe(400);
      expect(res.json().message).toBe(message);
    }
    const noEvents = await clerkA.post('/api/channels', { kind: 'wecom', name: '群', unitId: world.townA.id, config: { webhookUrl: 'https://example.com/h' }, events: [] });
    expect(noEvents.statusCode).toBe(400);
    expect(noEvents.json().message).toContain('请求参数有误');
    expect(await count('notification_channels')).toBe(before);
  });
});

describe('channels: sending through real receivers', () => {
  it('sends a WeCom test message in the robot format and records it', async () => {
    await reset();
    const robot = await robotReceiver();
    try {
      const ch = (await clerkA.post('/api/channels', { kind: 'wecom', name: '甲镇群', unitId: world.townA.id, config: { webhookUrl: robot.url() }, events: ['*'] })).json();
      const res = await clerkA.post(`/api/channels/${ch.id}/test`, {});
      expect(res.json()).toMatchObject({ ok: true, error: null });
      expect(robot.hits).toHaveLength(1);
      expect(robot.hits[0].path).toBe('/cgi-bin/webhook/send');
      expect(robot.hits[0].body.msgtype).toBe('text');
      expect(robot.hits[0].content).toContain('【书香机关】测试消息');
      expect(robot.hits[0].content).toContain('甲镇群');
      const list = (await clerkA.get(`/api/channels/${ch.id}/deliveries`)).json();
      expect(list.items[0]).toMatchObject({ kind: 'test', kindLabel: '测试消息', status: 'sent', attempts: 1, lastError: null });
      expect((await clerkA.get(`/api/channels/${ch.id}`)).json().counts).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0 });
    } finally {
      await robot.close();
    }
  });

  it('signs DingTalk messages (加签) and reports the robot error code when it refuses', async () => {
    const secret = 'SEC' + crypto.randomBytes(16).toString('hex');
    let refuse = false;
    const robot = await robotReceiver((hit) => {
      const ts = hit.query.get('timestamp') ?? '';
      const expected = crypto.createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      if (hit.query.get('sign') !== expected) return { body: { errcode: 310000, errmsg: 'sign not match' } };
      return refuse ? { body: { errcode: 300001, errmsg: 'token is not exist' } } : { body: { errcode: 0, errmsg: 'ok' } };
    });
    try {
      const ch = (
        await clerkA.post('/api/channels', { kind: 'dingtalk', name: '钉钉群', unitId: world.townA.id, config: { webhookUrl: robot.url('/robot/send', 'access_token=tok123456789abc'), secret }, events: ['*'] })
      ).json();
      expect((await clerkA.post(`/api/channels/${ch.id}/test`, {})).json()).toMatchObject({ ok: true });
      const hit = robot.hits[0];
      expect(hit.query.get('access_token')).toBe('tok123456789abc');
      expect(Math.abs(Number(hit.query.get('timestamp')) - Date.now())).toBeLessThan(60_000);
      expect(hit.body).toMatchObject({ msgtype: 'text', at: { atMobiles: [], isAtAll: false } });
      refuse = true;
      const failed = (await clerkA.post(`/api/channels/${ch.id}/test`, {})).json();
      expect(failed.ok).toBe(false);
      expect(failed.error).toBe('机器人返回错误 300001：token is not exist');
      const list = (await clerkA.get(`/api/channels/${ch.id}/deliveries?status=failed`)).json();
      expect(list.items).toHaveLength(1);
      expect(list.items[0].lastError).toContain('300001');
    } finally {
      await robot.close();
    }
  });

  it('sends a test e-mail over SMTP with the configured login', async () => {
    const smtp = await smtpReceiver({ password: 'mail-pass-1' });
    try {
      const ch = (
        await clerkA.post('/api/channels', {
          kind: 'smtp',
          name: '镇政府邮箱',
          unitId: world.townA.id,
          config: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'dangjian@x.gov.cn', password: 'mail-pass-1', from: '书香机关 <dangjian@x.gov.cn>' },
          events: ['*'],
        })
      ).json();
      expect(ch.config).toEqual({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'dangjian@x.gov.cn', hasPassword: true, from: '书香机关 <dangjian@x.gov.cn>' });
      // 王芳 (the clerk) has no e-mail yet: the address must be given.
      const none = await clerkA.post(`/api/channels/${ch.id}/test`, {});
      expect(none.statusCode).toBe(400);
      expect(none.json().message).toBe('请填写接收测试邮件的邮箱');
      expect((await clerkA.post(`/api/channels/${ch.id}/test`, { to: 'bad-address' })).json().message).toBe('测试收件邮箱格式不正确');
      const res = await clerkA.post(`/api/channels/${ch.id}/test`, { to: 'wangfang@x.gov.cn' });
      expect(res.json()).toMatchObject({ ok: true });
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatchObject({ from: 'dangjian@x.gov.cn', to: ['wangfang@x.gov.cn'], subject: '【书香机关】测试消息', user: 'dangjian@x.gov.cn' });
      expect(smtp.mails[0].text).toContain('镇政府邮箱');
      // A wrong password is reported, not swallowed.
      const v = (await clerkA.get(`/api/channels/${ch.id}`)).json().version;
      await clerkA.patch(`/api/channels/${ch.id}`, { version: v, config: { password: 'wrong' } });
      const bad = (await clerkA.post(`/api/channels/${ch.id}/test`, { to: 'wangfang@x.gov.cn' })).json();
      expect(bad.ok).toBe(false);
      expect(bad.error).toContain('邮件发送失败');
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});

describe('channels: fan-out of in-app notices and the outbox', () => {
  it('sends the library due-date reminder to the town robot (with @phone) and by e-mail, once even from two nodes', async () => {
    await reset();
    const robotA = await robotReceiver();
    const robotB = await robotReceiver();
    const smtp = await smtpReceiver();
    try {
      const wecom = (await clerkA.post('/api/channels', { kind: 'wecom', name: '甲镇群', unitId: world.townA.id, config: { webhookUrl: robotA.url() }, events: ['loan-due', 'loan-overdue'] })).json();
      await admin.post('/api/channels', { kind: 'dingtalk', name: '乙镇群', unitId: world.townB.id, config: { webhookUrl: robotB.url('/robot/send', 'access_token=t') }, events: ['*'] });
      await admin.post('/api/channels', { kind: 'smtp', name: '区邮箱', unitId: world.district.id, config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'noreply@qu.gov.cn' }, events: ['*'] });

      // The clerk records 张三's e-mail in the roster (format checked).
      const zhang = (await clerkA.get(`/api/members/${world.members.mZhang.id}`)).json();
      const bad = await clerkA.patch(`/api/members/${zhang.id}`, { version: zhang.version, email: 'zhangsan@' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toBe('邮箱 zhangsan@ 格式不正确');
      const ok = await clerkA.patch(`/api/members/${zhang.id}`, { version: zhang.version, email: ' ZhangSan@X.gov.cn ' });
      expect(ok.json().email).toBe('zhangsan@x.gov.cn');

      const room = await makeLocation(t.db, { unitId: world.townA.id, name: '阅览室' });
      const book = await makeBook(t.db, { title: '乡土中国', category: '文化' });
      const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'CH-1', locationId: room.id, status: 'loaned' });
      const today = '2026-11-26';
      await t.db
        .insertInto('loans')
        .values({ copy_id: copy.id, member_id: world.members.mZhang.id, loaned_at: new Date().toISOString(), due_on: '2026-11-27', returned_at: null, renewals: 0, last_reminded_on: null, created_by: null })
        .execute();

      const other = createServices({ ...loadConfig({}), demo: false, publicUrl: 'https://shuxiang.x.gov.cn' }, t.testDb.reopen());
      await Promise.all([sendDueReminders(t.svc, today), sendDueReminders(other, today)]);
      expect(await count('notification_deliveries')).toBe(2);
      await Promise.all([drainOutbox(t.svc, 'node-1'), drainOutbox(other, 'node-2'), drainOutbox(other, 'node-3')]);

      expect(robotA.hits).toHaveLength(1);
      expect(robotA.hits[0].body).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['13800000001'] } });
      expect(robotA.hits[0].content).toContain('张三：《乡土中国》明天到期');
      expect(robotB.hits).toHaveLength(0);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatchObject({ to: ['zhangsan@x.gov.cn'], subject: '【书香机关】《乡土中国》明天到期' });
      expect(smtp.mails[0].text).toContain('应还日期 2026-11-27');
      const list = (await clerkA.get(`/api/channels/${wecom.id}/deliveries`)).json();
      expect(list.items).toMatchObject([{ kind: 'loan-due', kindLabel: '借阅：图书即将到期 / 今天到期', recipient: '张三', status: 'sent', attempts: 1 }]);

      // A kind outside the robot's events goes by e-mail only.
      await t.db.updateTable('notification_channels').set({ events: '["study.evening"]' }).where('id', '=', wecom.id).execute();
      await sendDueReminders(t.svc, '2026-11-27');
      await drainOutbox(t.svc);
      expect(robotA.hits).toHaveLength(1);
      expect(smtp.mails.map((m) => m.subject)).toEqual(['【书香机关】《乡土中国》明天到期', '【书香机关】《乡土中国》今天到期']);
    } finally {
      await Promise.all([robotA.close(), robotB.close(), smtp.close()]);
    }
  });

  it('retries a refused send with backoff, gives up after the last attempt, and lets the clerk retry', async () => {
    await reset();
    let answer = { errcode: 93000, errmsg: 'invalid webhook url' };
    const robot = await robotReceiver(() => ({ body: answer }));
    try {
      const ch = (await clerkA.post('/api/channels', { kind: 'wecom', name: '甲镇群', unitId: world.townA.id, config: { webhookUrl: robot.url() }, events: ['*'] })).json();
      const { notifyMember } = await import('../../platform/notifications');
      const t0 = Date.parse('2026-11-26T02:00:00Z');
      clock.now = () => new Date(t0);
      await notifyMember(t.db, world.members.mLi.id, { kind: 'hold-ready', title: '您预约的书已到', dedupeKey: 'retry-test' });
      expect(await drainOutbox(t.svc)).toEqual({ sent: 0, failed: 1 });
      let d = await t.db.selectFrom('notification_deliveries').selectAll().where('channel_id', '=', ch.id).executeTakeFirstOrThrow();
      expect(d).toMatchObject({ status: 'pending', attempts: 1, last_error: '机器人返回错误 93000：invalid webhook url', next_attempt_at: new Date(t0 + backoffMs(1)).toISOString() });
      // Not due yet: nothing is sent.
      expect(await drainOutbox(t.svc)).toEqual({ sent: 0, failed: 0 });
      expect(robot.hits).toHaveLength(1);
      // The backoff grows; after the last attempt the delivery is failed for good.
      let now = t0;
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        now += backoffMs(attempt - 1);
        clock.now = () => new Date(now);
        expect(await drainOutbox(t.svc)).toEqual({ sent: 0, failed: 1 });
      }
      d = await t.db.selectFrom('notification_deliveries').selectAll().where('channel_id', '=', ch.id).executeTakeFirstOrThrow();
      expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(robot.hits).toHaveLength(MAX_ATTEMPTS);
      // Fixed at the robot's end, the clerk sends it again.
      answer = { errcode: 0, errmsg: 'ok' };
      expect((await clerkA.post(`/api/channels/${ch.id}/deliveries/${d.id}/retry`)).statusCode).toBe(200);
      expect((await clerkA.post(`/api/channels/${ch.id}/deliveries/${d.id}/retry`)).statusCode).toBe(400);
      expect(await drainOutbox(t.svc)).toEqual({ sent: 1, failed: 0 });
      expect((await clerkA.get(`/api/channels/${ch.id}/deliveries`)).json().items[0]).toMatchObject({ status: 'sent', lastError: null });
    } finally {
      await robot.close();
    }
  });

  it('gives each due delivery to exactly one of many concurrent claimers on two nodes', async () => {
    await reset();
    const ch = (await clerkA.post('/api/channels', { kind: 'wecom', name: '甲镇群', unitId: world.townA.id, config: { webhookUrl: 'https://example.com/hook?key=k' }, events: ['*'] })).json();
    const { enqueueDelivery } = await import('../../platform/notifications');
    for (let i = 0; i < 40; i++) await enqueueDelivery(t.db, { channelId: ch.id, dedupeKey: `race-${i}`, kind: 'hold-ready', recipient: '张三', subject: `到书${i}`, body: '', extra: {} });
    // The same key again (another node enqueuing the same notice) is stored once.
    expect(await enqueueDelivery(t.db, { channelId: ch.id, dedupeKey: 'race-0', kind: 'hold-ready', recipient: '张三', subject: '到书0', body: '', extra: {} })).toBe(false);
    const other = createServices({ ...loadConfig({}), demo: false }, t.testDb.reopen());
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimDue(i % 2 ? other : t.svc, `claimer-${i}`, 40)));
    const all = claims.flat();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
  });

  it('claims with a lease: a live claim is not taken, an expired one is, and a disabled channel sends nothing', async () => {
    await reset();
    const robot = await robotReceiver();
    try {
      const ch = (await clerkA.post('/api/channels', { kind: 'wecom', name: '甲镇群', unitId: world.townA.id, config: { webhookUrl: robot.url() }, events: ['*'] })).json();
      const { notifyMember } = await import('../../platform/notifications');
      const t0 = Date.parse('2026-11-26T03:00:00Z');
      clock.now = () => new Date(t0);
      for (const m of [world.members.mZhang, world.members.mLi, world.members.mLeader]) await notifyMember(t.db, m.id, { kind: 'hold-ready', title: '到书', dedupeKey: `lease-${m.id}` });
      const a = await claimDue(t.svc, 'node-a');
      expect(a).toHaveLength(3);
      expect(await claimDue(t.svc, 'node-b')).toEqual([]);
      // node-a stops without sending; after the lease another node takes over and sends each once.
      clock.now = () => new Date(t0 + LEASE_MS + 1000);
      expect(await drainOutbox(t.svc, 'node-b')).toEqual({ sent: 3, failed: 0 });
      expect(robot.hits).toHaveLength(3);
      const rows = await t.db.selectFrom('notification_deliveries').selectAll().execute();
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 2 && r.claimed_by?.startsWith('node-b#'))).toBe(true);

      // Queued, then the channel is switched off: marked failed, not sent.
      await notifyMember(t.db, world.members.mZhang.id, { kind: 'hold-ready', title: '到书', dedupeKey: 'after-disable' });
      const v = (await clerkA.get(`/api/channels/${ch.id}`)).json().version;
      await clerkA.patch(`/api/channels/${ch.id}`, { version: v, enabled: false });
      expect(await drainOutbox(t.svc)).toEqual({ sent: 0, failed: 1 });
      expect(robot.hits).toHaveLength(3);
      expect((await clerkA.get(`/api/channels/${ch.id}/deliveries?status=failed`)).json().items[0].lastError).toBe('通道已停用，未发送');
      // A disabled channel gets nothing new queued.
      await notifyMember(t.db, world.members.mZhang.id, { kind: 'hold-ready', title: '到书', dedupeKey: 'while-disabled' });
      expect((await clerkA.get(`/api/channels/${ch.id}`)).json().counts).toEqual({ pending: 0, sending: 0, sent: 3, failed: 1 });
      // Deleting the channel removes its records, audited.
      expect((await clerkA.delete(`/api/channels/${ch.id}`)).statusCode).toBe(200);
      expect(await count('notification_deliveries')).toBe(0);
      expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'channel.delete').executeTakeFirst()).toBeTruthy();
    } finally {
      await robot.close();
    }
  });
});
