import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, multipart, signedIn, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../../test/world';
import { makeUser } from '../../demo/factories';
import { clock, nowIso, todayLocal } from '../../platform/time';
import { alertDarkScreens } from './screens/service';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client, clerkB: Client, member: Client, li: Client, leader: Client, secretary: Client, inspector: Client, admin: Client, security: Client, auditor: Client;

// The smallest valid PNG (1×1), and text pretending to be one.
// A whole 1 × 1 PNG (uploads are checked to the IEND chunk: a picture cut short is refused).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const FAKE_PNG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  await makeUser(t.db, { username: 'secretary', password: PASSWORD, roles: [{ role: 'secretary', unitId: world.townA.id }] });
  await makeUser(t.db, { username: 'inspector', password: PASSWORD, roles: [{ role: 'inspector', unitId: world.townA.id }] });
  [clerkA, clerkB, member, li, leader, secretary, inspector, admin, security, auditor] = await Promise.all(
    ['clerka', 'clerkb', 'zhangsan', 'lisi', 'leader', 'secretary', 'inspector', 'admin', 'security', 'auditor'].map((u) => signedIn(t.app, u)),
  );
});
afterAll(() => t.close());
beforeEach(() => {
  clock.now = () => new Date();
});

const anon = () => new Client(t.app);
const tokenOf = (path: string) => path.replace('/screen/', '');

async function register(body: Record<string, unknown> = {}) {
  const res = await clerkA.post('/api/display/screens', { unitId: world.townA.id, name: '大厅LED屏', place: '镇政府一楼大厅', ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; url: string; path: string };
}

describe('screens', () => {
  it('the clerk registers a screen and gets a secret URL; the screen reads its feed without signing in and reports in', async () => {
    const s = await register();
    expect(s.path).toMatch(/^\/screen\/[A-Za-z0-9_-]{43}$/);
    expect(s.url.endsWith(s.path)).toBe(true);
    // Only the token's hash is kept.
    const row = await t.db.selectFrom('display_screens').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(tokenOf(s.path));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    let list = (await clerkA.get('/api/display/screens')).json();
    expect(list.items.find((x: { id: number }) => x.id === s.id).state).toBe('never');

    const feed = await anon().get(`/api${s.path}/feed`);
    expect(feed.statusCode, feed.body).toBe(200);
    const f = feed.json();
    expect(f.screen).toMatchObject({ name: '大厅LED屏', unitName: '甲镇', theme: 'default' });
    expect(f.playlist.map((p: { kind: string }) => p.kind)).toEqual(['month', 'leaderboard', 'books', 'reflections', 'events', 'announcements', 'quote', 'join']);
    expect(f.playlist[0].seconds).toBe(15);
    expect(f.data.month.members).toBe(4);
    expect(f.data.join.svg).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(feed.headers['cache-control']).toBe('no-store');

    const ping = await anon().get(`/api${s.path}/ping?w=1280&h=256`);
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toMatchObject({ ok: true, heartbeatSeconds: 30 });
    list = (await clerkA.get('/api/display/screens')).json();
    const seen = list.items.find((x: { id: number }) => x.id === s.id);
    expect(seen.state).toBe('online');
    expect(seen.lastSize).toBe('1280×256');
    expect(seen.lastSeenAt).not.toBeNull();

    // Dark after the setting's minutes without contact.
    const later = Date.now() + 11 * 60_000;
    clock.now = () => new Date(later);
    list = (await clerkA.get('/api/display/screens')).json();
    expect(list.items.find((x: { id: number }) => x.id === s.id).state).toBe('dark');
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.darkAfterMinutes', { value: 30 })).statusCode).toBeLessThan(300);
    list = (await clerkA.get('/api/display/screens')).json();
    expect(list.darkAfterMinutes).toBe(30);
    expect(list.items.find((x: { id: number }) => x.id === s.id).state).toBe('online');
  });

  it('a screen gone dark puts one notice in the inbox of the clerks over it, once per dark spell', async () => {
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.darkAfterMinutes', { value: 10 })).statusCode).toBeLessThan(300);
    const s = await register({ name: '会议室电视', place: '三楼会议室' });
    const start = Date.now();
    const at = (min: number) => (clock.now = () => new Date(start + min * 60_000));
    const notices = async (c: Client) =>
      ((await c.get('/api/notifications')).json().items as { kind: string; title: string; body: string; link: string }[]).filter((n) => n.kind === 'display.screen-dark' && n.title.includes('会议室电视'));
    // Never online yet: nothing to tell.
    expect(await alertDarkScreens(t.svc)).toBe(0);
    await anon().get(`/api${s.path}/ping?w=1920&h=1080`);
    at(9);
    await alertDarkScreens(t.svc);
    expect(await notices(clerkA)).toEqual([]);
    // Eleven minutes without a report-in: dark.
    at(11);
    await alertDarkScreens(t.svc);
    const told = await notices(clerkA);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: '大屏“会议室电视”已离线', link: '/console/display/screens' });
    expect(told[0]!.body).toContain('甲镇·三楼会议室');
    expect(told[0]!.body).toContain('超过 10 分钟');
    // Another town's clerk, and the town's leader, are not told.
    expect(await notices(clerkB)).toEqual([]);
    expect(await notices(leader)).toEqual([]);
    // Checked again (every minute, on every node): still one.
    at(25);
    await alertDarkScreens(t.svc);
    await alertDarkScreens(t.svc);
    expect(await notices(clerkA)).toHaveLength(1);
    // Back online, then dark again: a second notice.
    at(30);
    await anon().get(`/api${s.path}/ping?w=1920&h=1080`);
    at(35);
    await alertDarkScreens(t.svc);
    expect(await notices(clerkA)).toHaveLength(1);
    at(45);
    await alertDarkScreens(t.svc);
    expect(await notices(clerkA)).toHaveLength(2);
    // A revoked screen is not dark, it is off: no more notices.
    await anon().get(`/api${s.path}/ping?w=1920&h=1080`);
    const version = (await clerkA.get('/api/display/screens')).json().items.find((x: { id: number }) => x.id === s.id).version;
    expect((await clerkA.post(`/api/display/screens/${s.id}/revoke`, { version })).statusCode).toBeLessThan(300);
    at(60);
    await alertDarkScreens(t.svc);
    expect(await notices(clerkA)).toHaveLength(2);
  });

  it('an unknown, revoked or replaced token gets “此屏幕未授权” and no data; revoking stops the screen at its next report', async () => {
    const s = await register({ name: '会议室电视' });
    const unknown = await anon().get('/api/screen/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/feed');
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json()).toEqual({ error: 'SCREEN_UNAUTHORIZED', message: '此屏幕未授权' });
    const page = await anon().get('/screen/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('此屏幕未授权');
    expect(page.body).not.toContain('<script');

    const version = (await clerkA.get('/api/display/screens')).json().items.find((x: { id: number }) => x.id === s.id).version;
    expect((await clerkA.post(`/api/display/screens/${s.id}/revoke`, { version })).statusCode).toBe(200);
    for (const url of [`/api${s.path}/feed`, `/api${s.path}/ping`]) {
      const r = await anon().get(url);
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toBe('此屏幕未授权');
      expect(r.body).not.toContain('甲镇');
    }
    expect((await anon().get(s.path)).statusCode).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'display_screen').where('entity_id', '=', String(s.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['screen.create', 'screen.revoke']);

    // A new link brings it back; the old one stays dead.
    const v2 = (await clerkA.get('/api/display/screens')).json().items.find((x: { id: number }) => x.id === s.id).version;
    const renewed = (await clerkA.post(`/api/display/screens/${s.id}/renew`, { version: v2 })).json();
    expect(renewed.path).not.toBe(s.path);
    expect((await anon().get(`/api${renewed.path}/ping`)).statusCode).toBe(200);
    expect((await anon().get(`/api${s.path}/ping`)).statusCode).toBe(403);
  });

  it('the playlist and theme are the clerk’s; a wrong slide is refused and changes nothing', async () => {
    const s = await register({ name: '户外屏', theme: 'contrast', playlist: [{ kind: 'quote', seconds: 20 }, { kind: 'join' }] });
    let f = (await anon().get(`/api${s.path}/feed`)).json();
    expect(f.screen.theme).toBe('contrast');
    expect(f.playlist).toEqual([
      { kind: 'quote', title: '每日一句', seconds: 20 },
      { kind: 'join', title: '扫码加入', seconds: 15 },
    ]);
    const item = (await clerkA.get('/api/display/screens')).json().items.find((x: { id: number }) => x.id === s.id);
    const bad = await clerkA.patch(`/api/display/screens/${s.id}`, { version: item.version, playlist: [{ kind: 'weather' }] });
    expect(bad.statusCode).toBe(400);
    expect((await clerkA.patch(`/api/display/screens/${s.id}`, { version: item.version, playlist: [] })).statusCode).toBe(400);
    const ok = await clerkA.patch(`/api/display/screens/${s.id}`, { version: item.version, playlist: [{ kind: 'month' }], theme: 'default' });
    expect(ok.statusCode).toBe(200);
    // A stale version loses.
    expect((await clerkA.patch(`/api/display/screens/${s.id}`, { version: item.version, name: 'x' })).statusCode).toBe(409);
    f = (await anon().get(`/api${s.path}/feed`)).json();
    expect(f.playlist.map((p: { kind: string }) => p.kind)).toEqual(['month']);
  });

  it('quotes of the day and the leaderboard show only what the privacy setting allows', async () => {
    const s = await register({ name: '排行榜屏' });
    expect((await clerkA.post('/api/display/quotes', { unitId: world.townA.id, text: '读书使人明智。', source: '培根' })).statusCode).toBe(200);
    expect((await clerkB.post('/api/display/quotes', { unitId: world.townA.id, text: '越权' })).statusCode).toBe(403);
    const today = todayLocal();
    await t.db
      .insertInto('study_logs')
      .values([
        { member_id: world.members.mZhang.id, day: today, kind: 'reading', minutes: 90, book_id: null, book_title: '习近平谈治国理政', source: 'manual', source_ref: null, created_at: nowIso() },
        { member_id: world.members.mLi.id, day: today, kind: 'reading', minutes: 30, book_id: null, book_title: '乡土中国', source: 'manual', source_ref: null, created_at: nowIso() },
      ])
      .execute();
    let f = (await anon().get(`/api${s.path}/feed`)).json();
    expect(f.data.quote).toEqual({ text: '读书使人明智。', source: '培根' });
    expect(f.data.leaderboard.members).toEqual([]);
    expect(f.data.leaderboard.units.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['党政办', '东风村']));
    expect(JSON.stringify(f.data)).not.toContain('张三');

    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.leaderboardMembers', { value: 1 })).statusCode).toBeLessThan(300);
    // The feed is cached briefly per screen; move past it.
    const later = Date.now() + 60_000;
    clock.now = () => new Date(later);
    f = (await anon().get(`/api${s.path}/feed`)).json();
    expect(f.data.leaderboard.members).toEqual([{ name: '张三', unitName: '党政办', minutes: 90, books: 0 }]);
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.leaderboardMembers', { value: 0 })).statusCode).toBeLessThan(300);
  });

  it('upcoming events come through the providers: a collective session, then the same session as a reading seminar', async () => {
    const s = await register({ name: '活动屏' });
    const start = new Date(Date.now() + 2 * 86_400_000);
    const iso = (d: Date) => d.toISOString();
    const { id: sessionId } = await t.db
      .insertInto('study_sessions')
      .values({ unit_id: world.townA.id, plan_id: null, topic: '学习党的二十届三中全会精神', place: '三楼会议室', host: '孙书记', starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 3_600_000)), minutes: 60, qr_secret: 'x'.repeat(32), opened_at: null, closed_at: null, created_by: null, created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('study_session_units').values({ session_id: sessionId, unit_id: world.townA.id }).execute();
    // Another town's session is not shown.
    const { id: otherId } = await t.db
      .insertInto('study_sessions')
      .values({ unit_id: world.townB.id, plan_id: null, topic: '乙镇的学习', place: '', host: '', starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 3_600_000)), minutes: 60, qr_secret: 'y'.repeat(32), opened_at: null, closed_at: null, created_by: null, created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('study_session_units').values({ session_id: otherId, unit_id: world.townB.id }).execute();
    let events = (await anon().get(`/api${s.path}/feed`)).json().data.events;
    expect(events).toEqual([expect.objectContaining({ kind: 'session', kindLabel: '集中学习', title: '学习党的二十届三中全会精神', place: '三楼会议室' })]);

    await t.db
      .insertInto('seminars')
      .values({ unit_id: world.townA.id, session_id: sessionId, month: todayLocal().slice(0, 7), theme: '《之江新语》读书研讨', chair_user_id: world.users.leader.id, chair_name: '孙书记', created_by: null, created_at: nowIso(), updated_at: nowIso() })
      .execute();
    const later = Date.now() + 60_000;
    clock.now = () => new Date(later);
    events = (await anon().get(`/api${s.path}/feed`)).json().data.events;
    expect(events).toEqual([expect.objectContaining({ kind: 'seminar', kindLabel: '读书研讨会', title: '《之江新语》读书研讨', host: '孙书记' })]);
  });

  it('every screen route refuses roles other than the clerk, and another town’s clerk', async () => {
    const s = await register({ name: '权限测试屏' });
    const version = (await clerkA.get('/api/display/screens')).json().items.find((x: { id: number }) => x.id === s.id).version;
    const others = { member, li, leader, secretary, inspector, admin, security, auditor };
    for (const [name, c] of Object.entries(others)) {
      const calls = [
        c.get('/api/display/screens'),
        c.post('/api/display/screens', { unitId: world.townA.id, name: 'x' }),
        c.patch(`/api/display/screens/${s.id}`, { version, name: 'x' }),
        c.post(`/api/display/screens/${s.id}/renew`, { version }),
        c.post(`/api/display/screens/${s.id}/revoke`, { version }),
        c.delete(`/api/display/screens/${s.id}`),
        c.get('/api/display/quotes'),
        c.post('/api/display/quotes', { unitId: world.townA.id, text: 'x' }),
        c.delete('/api/display/quotes/1'),
      ];
      for (const r of await Promise.all(calls)) expect(r.statusCode, `${name} ${r.body}`).toBe(403);
    }
    // Another town's clerk: sees none of town A's screens and cannot touch them.
    expect((await clerkB.get('/api/display/screens')).json().items).toEqual([]);
    expect((await clerkB.post('/api/display/screens', { unitId: world.officeA.id, name: 'x' })).statusCode).toBe(403);
    expect((await clerkB.patch(`/api/display/screens/${s.id}`, { version, name: 'x' })).statusCode).toBe(403);
    expect((await clerkB.post(`/api/display/screens/${s.id}/revoke`, { version })).statusCode).toBe(403);
    expect((await clerkB.post(`/api/display/screens/${s.id}/renew`, { version })).statusCode).toBe(403);
    expect((await clerkB.delete(`/api/display/screens/${s.id}`)).statusCode).toBe(403);
    const quote = (await clerkA.get('/api/display/quotes')).json().items[0];
    if (quote) expect((await clerkB.delete(`/api/display/quotes/${quote.id}`)).statusCode).toBe(403);
    // Still working for its own clerk.
    expect((await anon().get(`/api${s.path}/ping`)).statusCode).toBe(200);
    // Signed out: the console routes want a sign-in.
    expect((await anon().get('/api/display/screens')).statusCode).toBe(401);
  });
});

describe('announcements', () => {
  async function publish(body: Record<string, unknown>, as = clerkA) {
    const res = await as.post('/api/announcements', { unitId: world.townA.id, title: '公告', bodyHtml: '<p>正文</p>', ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as number;
  }

  it('HTML is sanitised like reflections, images are checked by content, members see what is aimed at them', async () => {
    const id = await publish({ title: '读书月活动通知', bodyHtml: '<p onclick="x()">请各村<strong>按时</strong>参加</p><script>alert(1)</script><img src=x onerror=alert(1)>', targetUnitIds: [world.villageA.id], pinned: true });
    const d = (await clerkA.get(`/api/announcements/${id}`)).json();
    expect(d.bodyHtml).toBe('<p>请各村<strong>按时</strong>参加</p>');
    expect(d.targets).toEqual([{ id: world.villageA.id, name: '东风村' }]);

    const fake = multipart('file', 'poster.png', FAKE_PNG, 'image/png');
    const refused = await clerkA.request('POST', `/api/announcements/${id}/images`, fake.body, { 'content-type': fake.contentType });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('只能上传图片');
    const good = multipart('file', 'poster.png', PNG, 'application/octet-stream');
    const up = await clerkA.request('POST', `/api/announcements/${id}/images`, good.body, { 'content-type': good.contentType });
    expect(up.statusCode, up.body).toBe(200);
    const img = up.json();

    // 李四 (东风村) sees it; 张三 (党政办) does not, and cannot open it or its image.
    const liList = (await li.get('/api/announcements/mine')).json().items;
    expect(liList.map((a: { id: number }) => a.id)).toContain(id);
    expect((await member.get('/api/announcements/mine')).json().items.map((a: { id: number }) => a.id)).not.toContain(id);
    expect((await member.get(`/api/announcements/${id}`)).statusCode).toBe(404);
    expect((await member.get(img.url)).statusCode).toBe(404);
    const pic = await li.get(img.url);
    expect(pic.statusCode).toBe(200);
    expect(pic.headers['content-type']).toBe('image/png');
    expect(pic.rawPayload.equals(PNG)).toBe(true);

    // Reading counts once, for the reader's unit.
    expect((await li.post(`/api/announcements/${id}/read`)).json()).toEqual({ counted: true });
    expect((await li.post(`/api/announcements/${id}/read`)).json()).toEqual({ counted: false });
    expect((await member.post(`/api/announcements/${id}/read`)).statusCode).toBe(404);
    const stats = (await leader.get(`/api/announcements/${id}/reads`)).json();
    expect(stats).toMatchObject({ totalMembers: 1, totalReads: 1, units: [{ unitName: '东风村', members: 1, reads: 1 }] });
    expect((await li.get('/api/announcements/mine')).json().items.find((a: { id: number }) => a.id === id).read).toBe(true);
  });

  it('the publish window, pinning and withdrawal decide what members and screens show', async () => {
    const s = (await clerkA.post('/api/display/screens', { unitId: world.townA.id, name: '公告屏' })).json();
    const hour = 3_600_000;
    const soon = await publish({ title: '下周的通知', publishFrom: new Date(Date.now() + hour).toISOString() });
    const old = await publish({ title: '过期的通知', publishFrom: new Date(Date.now() - 3 * hour).toISOString(), publishUntil: new Date(Date.now() - hour).toISOString() });
    const normal = await publish({ title: '普通通知' });
    const pinned = await publish({ title: '置顶通知', pinned: true, publishFrom: new Date(Date.now() - hour).toISOString() });
    const toB = await publish({ title: '乙镇通知' }, clerkB).catch(() => 0);
    expect(toB).toBe(0); // clerkB cannot publish in town A (unitId is town A)
    const ids = (await member.get('/api/announcements/mine')).json().items.map((a: { id: number }) => a.id);
    expect(ids).toContain(normal);
    expect(ids).toContain(pinned);
    expect(ids).not.toContain(soon);
    expect(ids).not.toContain(old);
    expect(ids.indexOf(pinned)).toBeLessThan(ids.indexOf(normal));
    const screenTitles = (await anon().get(`/api${s.path}/feed`)).json().data.announcements.map((a: { title: string }) => a.title);
    expect(screenTitles).toContain('普通通知');
    expect(screenTitles).not.toContain('下周的通知');

    const v = (await clerkA.get(`/api/announcements/${normal}`)).json().version;
    expect((await clerkA.post(`/api/announcements/${normal}/withdraw`, { version: v })).statusCode).toBe(200);
    expect((await member.get('/api/announcements/mine')).json().items.map((a: { id: number }) => a.id)).not.toContain(normal);
    expect((await member.get(`/api/announcements/${normal}`)).statusCode).toBe(404);
    // The manager still sees it, marked withdrawn.
    expect((await clerkA.get('/api/announcements?state=withdrawn')).json().items.map((a: { id: number }) => a.id)).toContain(normal);

    // Bad input changes nothing.
    const before = await t.db.selectFrom('announcements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await clerkA.post('/api/announcements', { unitId: world.townA.id, title: '窗口错误', bodyHtml: '', publishFrom: new Date().toISOString(), publishUntil: new Date(Date.now() - hour).toISOString() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('下架时间应晚于发布时间');
    const outside = await clerkA.post('/api/announcements', { unitId: world.townA.id, title: '范围错误', bodyHtml: '', targetUnitIds: [world.officeB.id] });
    expect(outside.statusCode).toBe(400);
    const after = await t.db.selectFrom('announcements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('screens load an announcement’s images only while it is shown on them', async () => {
    const s = (await clerkA.post('/api/display/screens', { unitId: world.villageA.id, name: '村部屏' })).json();
    const id = await publish({ title: '村里的图片公告', targetUnitIds: [world.villageA.id] });
    const good = multipart('file', 'a.png', PNG, 'image/png');
    const img = (await clerkA.request('POST', `/api/announcements/${id}/images`, good.body, { 'content-type': good.contentType })).json();
    const f = (await anon().get(`/api${s.path}/feed`)).json();
    const notice = f.data.announcements.find((a: { id: number }) => a.id === id);
    expect(notice.images).toHaveLength(1);
    expect((await anon().get(notice.images[0].url)).statusCode).toBe(200);
    // A screen elsewhere in town (党政办) is not shown it, so cannot load its image.
    const other = (await clerkA.post('/api/display/screens', { unitId: world.officeA.id, name: '办公室屏' })).json();
    expect((await anon().get(`/api${other.path}/images/${img.id}`)).statusCode).toBe(404);
    const v = (await clerkA.get(`/api/announcements/${id}`)).json().version;
    await clerkA.post(`/api/announcements/${id}/withdraw`, { version: v });
    expect((await anon().get(notice.images[0].url)).statusCode).toBe(404);
  });

  it('every announcement route by role and town', async () => {
    const id = await publish({ title: '权限公告' });
    const v = (await clerkA.get(`/api/announcements/${id}`)).json().version;
    // Publishing is the clerk's alone.
    for (const c of [member, li, leader, secretary, inspector, admin, security, auditor]) {
      expect((await c.post('/api/announcements', { unitId: world.townA.id, title: 'x', bodyHtml: '' })).statusCode).toBe(403);
      expect((await c.patch(`/api/announcements/${id}`, { version: v, title: 'x' })).statusCode).toBe(403);
      expect((await c.post(`/api/announcements/${id}/withdraw`, { version: v })).statusCode).toBe(403);
      expect((await c.delete(`/api/announcements/${id}`)).statusCode).toBe(403);
      const up = multipart('file', 'a.png', PNG, 'image/png');
      expect((await c.request('POST', `/api/announcements/${id}/images`, up.body, { 'content-type': up.contentType })).statusCode).toBe(403);
      expect((await c.delete(`/api/announcements/${id}/images/1`)).statusCode).toBe(403);
    }
    // Read counts: the leaders of the town, not members, not the administrators, not another town.
    for (const c of [leader, secretary, inspector, clerkA]) {
      expect((await c.get(`/api/announcements/${id}/reads`)).statusCode).toBe(200);
      expect((await c.get('/api/announcements')).json().items.map((a: { id: number }) => a.id)).toContain(id);
    }
    for (const c of [member, li, admin, security, auditor]) {
      expect((await c.get(`/api/announcements/${id}/reads`)).statusCode).toBe(403);
      expect((await c.get('/api/announcements')).statusCode).toBe(403);
    }
    expect((await clerkB.get(`/api/announcements/${id}/reads`)).statusCode).toBe(403);
    expect((await clerkB.get('/api/announcements')).json().items.map((a: { id: number }) => a.id)).not.toContain(id);
    expect((await clerkB.patch(`/api/announcements/${id}`, { version: v, title: 'x' })).statusCode).toBe(403);
    expect((await clerkB.delete(`/api/announcements/${id}`)).statusCode).toBe(403);
    // Reading: members of the town; the town-B member does not see it.
    const mB = await makeUser(t.db, { username: 'qianduo', password: PASSWORD, memberId: world.members.mB.id, roles: [{ role: 'member', unitId: world.officeB.id }] });
    expect(mB.id).toBeGreaterThan(0);
    const qian = await signedIn(t.app, 'qianduo');
    expect((await qian.get('/api/announcements/mine')).json().items.map((a: { id: number }) => a.id)).not.toContain(id);
    expect((await qian.get(`/api/announcements/${id}`)).statusCode).toBe(404);
    expect((await member.get(`/api/announcements/${id}`)).statusCode).toBe(200);
    for (const c of [admin, security, auditor]) expect((await c.get('/api/announcements/mine')).statusCode).toBe(403);
    // The clerk edits and deletes, audited.
    expect((await clerkA.patch(`/api/announcements/${id}`, { version: v, title: '权限公告（修订）', bodyHtml: '<h2>改</h2>' })).statusCode).toBe(200);
    expect((await clerkA.delete(`/api/announcements/${id}`)).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'announcement').where('entity_id', '=', String(id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['announcement.create', 'announcement.update', 'announcement.delete']);
  });
});

describe('leaders’ dashboards', () => {
  it('show the three tiers side by side, units, trends and quota, for the reach of secretary, leader, inspector and clerk', async () => {
    const today = todayLocal();
    // 孙书记 (领导干部) reads more today than the party member 王芳 and the staff member 李四.
    await t.db
      .insertInto('study_logs')
      .values([
        { member_id: world.members.mLeader.id, day: today, kind: 'reading', minutes: 120, book_id: null, book_title: '之江新语', source: 'manual', source_ref: null, created_at: nowIso() },
        { member_id: world.members.mClerkA.id, day: today, kind: 'reading', minutes: 20, book_id: null, book_title: '之江新语', source: 'manual', source_ref: null, created_at: nowIso() },
      ])
      .execute();
    const res = await secretary.get('/api/display/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.unit.name).toBe('甲镇');
    expect(d.trend).toHaveLength(12);
    expect(d.trend.at(-1).month).toBe(today.slice(0, 7));
    const tiers = Object.fromEntries(d.tiers.map((x: { tier: string }) => [x.tier, x]));
    expect(tiers.leader).toMatchObject({ label: '领导干部', members: 1 });
    expect(tiers.leader.avgMinutes).toBeGreaterThan(tiers.party.avgMinutes);
    expect(tiers.leader.avgMinutes).toBeGreaterThan(tiers.staff.avgMinutes);
    expect(d.units.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['东风村', '党政办']);
    expect(d.coverage.length).toBeGreaterThan(0);
    expect(d.quota).toHaveLength(12);
    expect(d.quota.at(-1).units).toBe(2);

    // Per unit: 东风村 alone.
    const v = (await leader.get(`/api/display/dashboard?unitId=${world.villageA.id}`)).json();
    expect(v.unit.name).toBe('东风村');
    expect(v.units.map((u: { unitName: string }) => u.unitName)).toEqual(['东风村']);

    // The chart's numbers as .xlsx, formula-safe through platform/xlsx.
    const x = await inspector.get('/api/display/dashboard/export?chart=tiers');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const { readXlsxRows } = await import('../../platform/xlsx');
    const rows = await readXlsxRows(x.rawPayload);
    expect(rows.map((r) => r.cells[0])).toEqual(expect.arrayContaining(['领导干部', '党员', '普通职工']));
    const leaderRow = rows.find((r) => r.cells[0] === '领导干部')!;
    expect(Number(leaderRow.cells[1])).toBe(1);
    for (const chart of ['trend', 'units', 'coverage', 'quota']) expect((await clerkA.get(`/api/display/dashboard/export?chart=${chart}`)).statusCode).toBe(200);
    expect((await clerkA.get('/api/display/dashboard/export?chart=evil')).statusCode).toBe(400);
  });

  it('refuses members, the administrators and another town', async () => {
    for (const c of [member, li, admin, security, auditor]) {
      expect((await c.get('/api/display/dashboard')).statusCode).toBe(403);
      expect((await c.get('/api/display/dashboard/export?chart=trend')).statusCode).toBe(403);
    }
    expect((await clerkB.get(`/api/display/dashboard?unitId=${world.townA.id}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/display/dashboard/export?chart=units&unitId=${world.villageA.id}`)).statusCode).toBe(403);
    expect((await clerkB.get('/api/display/dashboard')).json().unit.name).toBe('乙镇');
    expect((await leader.get(`/api/display/dashboard?unitId=${world.officeB.id}`)).statusCode).toBe(403);
    expect((await anon().get('/api/display/dashboard')).statusCode).toBe(401);
  });
});

describe('public page', () => {
  it('is closed until the setting opens it, then shows a town with public announcements only and no names unless allowed', async () => {
    const closed = await anon().get(`/api/public/${world.townA.id}/feed`);
    expect(closed.statusCode).toBe(404);
    expect(closed.json()).toMatchObject({ error: 'PUBLIC_PAGE_CLOSED', message: '公开页未开放' });
    expect((await anon().get(`/p/${world.townA.id}`)).statusCode).toBe(404);
    // Only the clerk (or the system administrator) opens it.
    expect((await leader.put('/api/settings/display.publicPage', { value: true })).statusCode).toBe(403);
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.publicPage', { value: true })).statusCode).toBeLessThan(300);

    const pub = (await clerkA.post('/api/announcements', { unitId: world.townA.id, title: '面向社会的读书月公告', bodyHtml: '<p>欢迎关注</p>', public: true })).json().id;
    const internal = (await clerkA.post('/api/announcements', { unitId: world.townA.id, title: '内部通知', bodyHtml: '<p>仅限内部</p>' })).json().id;
    const img = multipart('file', 'a.png', PNG, 'image/png');
    const internalImg = (await clerkA.request('POST', `/api/announcements/${internal}/images`, img.body, { 'content-type': img.contentType })).json();
    const pubImg = (await clerkA.request('POST', `/api/announcements/${pub}/images`, img.body, { 'content-type': img.contentType })).json();
    const later = Date.now() + 120_000;
    clock.now = () => new Date(later);

    const res = await anon().get(`/api/public/${world.townA.id}/feed`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f.unit.name).toBe('甲镇');
    const titles = f.data.announcements.map((a: { title: string }) => a.title);
    expect(titles).toContain('面向社会的读书月公告');
    expect(titles).not.toContain('内部通知');
    expect(f.data.leaderboard.members).toEqual([]);
    expect(JSON.stringify(f)).not.toMatch(/张三|李四|13800000001/);
    expect((await anon().get(`/api/public/${world.townA.id}/images/${pubImg.id}`)).statusCode).toBe(200);
    expect((await anon().get(`/api/public/${world.townA.id}/images/${internalImg.id}`)).statusCode).toBe(404);
    // Only towns (and the district) have a public page; an office does not.
    expect((await anon().get(`/api/public/${world.officeA.id}/feed`)).statusCode).toBe(404);
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/display.publicPage', { value: false })).statusCode).toBeLessThan(300);
    expect((await anon().get(`/api/public/${world.townA.id}/feed`)).statusCode).toBe(404);
  });
});
