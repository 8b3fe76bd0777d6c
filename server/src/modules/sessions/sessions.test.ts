import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeMember, makeUser } from '../../demo/factories';
import { clock } from '../../platform/time';
import { qrToken, windowOf } from './qr';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let zhang: Client;
let li: Client;
let leader: Client;
const realNow = clock.now;

// A session on 2026-03-10, 09:00–11:00 Shanghai time (01:00–03:00 UTC).
const at = (hhmmss: string, day = '2026-03-10') => () => new Date(`${day}T${hhmmss}+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  [clerkA, clerkB, zhang, li, leader] = await Promise.all(['clerka', 'clerkb', 'zhangsan', 'lisi', 'leader'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = realNow;
});

async function newSession(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/sessions', {
    unitId: world.townA.id,
    topic: '学习贯彻党的二十届三中全会精神',
    place: '镇机关三楼会议室',
    host: '孙书记',
    date: '2026-03-10',
    start: '09:00',
    end: '11:00',
    minutes: 120,
    unitIds: [world.townA.id],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

async function currentToken(sessionId: number) {
  const res = await clerkA.get(`/api/sessions/${sessionId}/screen`);
  expect(res.statusCode, res.body).toBe(200);
  const url: string = res.json().url;
  const m = /\/s\/(\d+)\/([A-Za-z0-9_-]+)$/.exec(url);
  expect(m?.[1]).toBe(String(sessionId));
  return m![2];
}

const checkIns = (sessionId: number) => t.db.selectFrom('check_ins').selectAll().where('session_id', '=', sessionId).execute();

describe('check-in by QR', () => {
  it('a valid code checks the member in once, with the time, and credits the minutes to that day', async () => {
    const id = await newSession(clerkA);
    clock.now = at('08:40:00');
    expect((await clerkA.post(`/api/sessions/${id}/open`)).statusCode).toBe(200);
    const screen = (await clerkA.get(`/api/sessions/${id}/screen`)).json();
    expect(screen.qrSvg).toContain('<svg');
    expect(screen.url).toMatch(new RegExp(`/s/${id}/`));
    clock.now = at('08:55:10');
    const token = await currentToken(id);
    const ok = await zhang.post(`/api/sessions/${id}/scan`, { token });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ time: '08:55', status: 'present', statusLabel: '正常', minutes: 120 });

    const again = await zhang.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('已签到（08:55），无需重复签到');

    expect(await checkIns(id)).toHaveLength(1);
    const logs = await t.db.selectFrom('study_logs').selectAll().where('member_id', '=', world.members.mZhang.id).where('source', '=', 'checkin').execute();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ kind: 'session', minutes: 120, day: '2026-03-10', source_ref: String(ok.json().checkInId) });

    const sheet = (await clerkA.get(`/api/sessions/${id}`)).json();
    const row = sheet.sheet.find((r: { name: string }) => r.name === '张三');
    expect(row.statusLabel).toBe('正常');
    expect(sheet.counts.checkedIn).toBe(1);
  });

  it('an old code (screenshot), a forged code and a code of another session do nothing', async () => {
    const id = await newSession(clerkA, { date: '2026-03-11' });
    const other = await newSession(clerkA, { date: '2026-03-11', topic: '党史学习教育专题' });
    clock.now = at('08:50:00', '2026-03-11');
    await clerkA.post(`/api/sessions/${id}/open`);
    await clerkA.post(`/api/sessions/${other}/open`);
    const old = await currentToken(id);
    const otherToken = await currentToken(other);

    const rotate = 30;
    clock.now = () => new Date(Date.parse('2026-03-11T08:50:00+08:00') + 3 * rotate * 1000);
    const expired = await zhang.post(`/api/sessions/${id}/scan`, { token: old });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().message).toBe('签到码已过期，请扫描会场屏幕上正在显示的二维码');

    const forged = await zhang.post(`/api/sessions/${id}/scan`, { token: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().message).toBe('签到码无效，请扫描会场屏幕上的二维码');

    const garbage = await zhang.post(`/api/sessions/${id}/scan`, { token: 'x' });
    expect(garbage.statusCode).toBe(400);

    const crossed = await zhang.post(`/api/sessions/${id}/scan`, { token: otherToken });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().message).toBe('签到码无效，请扫描会场屏幕上的二维码');

    // A code for a window ahead of the screen (forged with a guessed secret is impossible; a future window of the real secret is too).
    const secret = (await t.db.selectFrom('study_sessions').select('qr_secret').where('id', '=', id).executeTakeFirstOrThrow()).qr_secret;
    const future = qrToken(secret, id, windowOf(clock.now().getTime(), rotate) + 5);
    expect((await zhang.post(`/api/sessions/${id}/scan`, { token: future })).statusCode).toBe(400);
    expect(await checkIns(id)).toHaveLength(0);

    // The code of one window ago: accepted only for the grace after the change (sessions.qrGraceSeconds, 5 s), for a scan that crossed it.
    const change = windowOf(clock.now().getTime(), rotate) * rotate * 1000;
    const previous = qrToken(secret, id, windowOf(clock.now().getTime(), rotate) - 1);
    clock.now = () => new Date(change + 6000);
    const photo = await zhang.post(`/api/sessions/${id}/scan`, { token: previous });
    expect(photo.statusCode).toBe(400);
    expect(photo.json().message).toBe('签到码已过期，请扫描会场屏幕上正在显示的二维码');
    expect(await checkIns(id)).toHaveLength(0);
    clock.now = () => new Date(change + 3000);
    const crossing = await zhang.post(`/api/sessions/${id}/scan`, { token: previous });
    expect(crossing.statusCode, crossing.body).toBe(200);
  });

  it('scanned while signed out: the pass keeps the moment of the scan while the member signs in; a forwarded link or a stale pass does not', async () => {
    const id = await newSession(clerkA, { date: '2026-03-13' });
    clock.now = at('08:57:40', '2026-03-13');
    await clerkA.post(`/api/sessions/${id}/open`);
    const token = await currentToken(id);
    // The phone opens the code's URL signed out: a pass cookie for this session, and on to the scan page.
    const phone = new Client(t.app);
    const landing = await phone.get(`/api/s/${id}/${token}`);
    expect(landing.statusCode).toBe(302);
    expect(landing.headers.location).toBe(`/s/${id}/${token}`);
    expect(String(landing.headers['set-cookie'])).toMatch(new RegExp(`sx_scan=[^;]+;.*Path=/api/sessions/${id}.*HttpOnly`, 'i'));
    expect(phone.cookies.sx_scan).toBeTruthy();
    // Signing in takes a minute and a half: the code on the screen has long changed.
    clock.now = at('08:59:10', '2026-03-13');
    expect((await phone.login('zhangsan', PASSWORD)).statusCode).toBe(200);
    const ok = await phone.post(`/api/sessions/${id}/scan`, { token });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ time: '08:57', status: 'present' });
    expect((await checkIns(id))[0].checked_at).toBe(new Date('2026-03-13T08:57:40+08:00').toISOString());

    // 李四 got the link forwarded: no pass in his browser, the code is expired.
    const forwarded = await li.post(`/api/sessions/${id}/scan`, { token });
    expect(forwarded.statusCode).toBe(400);
    expect(forwarded.json().message).toBe('签到码已过期，请扫描会场屏幕上正在显示的二维码');
    // A pass copied into his browser is of 张三's scan moment; after three minutes it is worth nothing either.
    li.cookies.sx_scan = phone.cookies.sx_scan;
    clock.now = at('09:00:41', '2026-03-13');
    expect((await li.post(`/api/sessions/${id}/scan`, { token })).statusCode).toBe(400);
    // A forged pass, or a pass of this session for another code, does nothing.
    li.cookies.sx_scan = `${id}.1.${Date.parse('2026-03-13T09:00:30+08:00')}.${'A'.repeat(43)}`;
    expect((await li.post(`/api/sessions/${id}/scan`, { token })).statusCode).toBe(400);
    delete li.cookies.sx_scan;
    expect(await checkIns(id)).toHaveLength(1);

    // A code that is no longer valid when opened gets no pass.
    const stale = new Client(t.app);
    const r = await stale.get(`/api/s/${id}/${token}`);
    expect(r.statusCode).toBe(302);
    expect(stale.cookies.sx_scan).toBeUndefined();
  });

  it('concurrent scans by one member give one check-in and one log entry', async () => {
    const id = await newSession(clerkA, { date: '2026-03-12' });
    clock.now = at('08:59:00', '2026-03-12');
    await clerkA.post(`/api/sessions/${id}/open`);
    const token = await currentToken(id);
    const results = await Promise.all(Array.from({ length: 12 }, () => li.post(`/api/sessions/${id}/scan`, { token })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.statusCode !== 200);
    expect(refused).toHaveLength(11);
    for (const r of refused) expect(r.json().message).toMatch(/^已签到（08:59），无需重复签到$/);
    const rows = await checkIns(id);
    expect(rows).toHaveLength(1);
    const logs = await t.db.selectFrom('study_logs').select('id').where('source', '=', 'checkin').where('source_ref', '=', String(rows[0].id)).execute();
    expect(logs).toHaveLength(1);
  });

  it('only members of the attending units, only while check-in is open', async () => {
    // Attended by 东风村 only: 张三 (党政办) is outside, 李四 inside.
    const id = await newSession(clerkA, { date: '2026-03-13', unitIds: [world.villageA.id] });
    clock.now = at('08:00:00', '2026-03-13');
    const notOpen = await li.post(`/api/sessions/${id}/scan`, { token: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(notOpen.statusCode).toBe(400);
    await clerkA.post(`/api/sessions/${id}/open`);
    const early = await li.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toBe('签到将于 08:30 开始');

    clock.now = at('08:45:00', '2026-03-13');
    const outside = await zhang.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toBe('您所在单位不在本次集中学习的参加范围内');
    expect((await li.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) })).statusCode).toBe(200);

    clock.now = at('11:30:00', '2026-03-13');
    const b = await makeMember(t.db, { name: '周五', unitId: world.villageA.id, category: 'staff' });
    await makeUser(t.db, { username: 'zhouwu', password: PASSWORD, memberId: b.id, roles: [{ role: 'member', unitId: world.villageA.id }] });
    const zhou = await signedIn(t.app, 'zhouwu', PASSWORD);
    const ended = await zhou.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) });
    expect(ended.statusCode).toBe(400);
    expect(ended.json().message).toBe('本次集中学习已结束，签到已关闭');
    expect(await checkIns(id)).toHaveLength(1);
  });
});

describe('late, absent and leave', () => {
  it('computes 正常/迟到/请假/缺席 and exports the sheet like the paper one', async () => {
    const id = await newSession(clerkA, { date: '2026-03-16' });
    // 李四 asks for leave the day before; the clerk approves. 孙书记 asks too and is refused.
    clock.now = at('15:00:00', '2026-03-15');
    const ask = await li.post(`/api/sessions/${id}/leave`, { reason: '到县里参加培训' });
    expect(ask.statusCode, ask.body).toBe(200);
    expect((await li.post(`/api/sessions/${id}/leave`, { reason: '  ' })).statusCode).toBe(400);
    const ask2 = await leader.post(`/api/sessions/${id}/leave`, { reason: '有事' });
    expect(ask2.statusCode).toBe(200);
    const pending = (await clerkA.get('/api/sessions/leave-requests?status=pending')).json();
    expect(pending.map((l: { name: string }) => l.name).sort()).toEqual(['孙书记', '李四']);
    // The clerk of 甲镇 hears of each request in her inbox, with a link to the approvals; 乙镇's clerk does not.
    const inbox = (await clerkA.get('/api/notifications')).json();
    const asks = inbox.items.filter((n: { kind: string }) => n.kind === 'session.leave-request');
    expect(asks.map((n: { title: string }) => n.title).sort()).toEqual(['请假申请待审批：孙书记', '请假申请待审批：李四']);
    expect(asks.find((n: { title: string }) => n.title.endsWith('李四'))).toMatchObject({ body: '李四（东风村）申请3月16日 09:00“学习贯彻党的二十届三中全会精神”请假，事由：到县里参加培训', link: '/console/sessions?tab=leaves' });
    expect((await clerkB.get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'session.leave-request')).toHaveLength(0);
    expect((await clerkB.post(`/api/sessions/leave-requests/${ask.json().id}/decide`, { approve: true })).statusCode).toBe(403);
    expect((await clerkA.post(`/api/sessions/leave-requests/${ask.json().id}/decide`, { approve: true })).statusCode).toBe(200);
    expect((await clerkA.post(`/api/sessions/leave-requests/${ask.json().id}/decide`, { approve: false })).statusCode).toBe(409);
    expect((await clerkA.post(`/api/sessions/leave-requests/${ask2.json().id}/decide`, { approve: false, note: '请按时参加' })).statusCode).toBe(200);

    clock.now = at('08:45:00', '2026-03-16');
    await clerkA.post(`/api/sessions/${id}/open`);
    // 张三 on time; the clerk herself (王芳) at 09:05 = within the 5-minute grace; 孙书记 at 09:06 is late.
    expect((await zhang.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) })).json().statusLabel).toBe('正常');
    clock.now = at('09:05:00', '2026-03-16');
    expect((await clerkA.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) })).json().statusLabel).toBe('正常');
    clock.now = at('09:06:00', '2026-03-16');
    const late = await leader.post(`/api/sessions/${id}/scan`, { token: await currentToken(id) });
    expect(late.json()).toMatchObject({ status: 'late', statusLabel: '迟到', time: '09:06' });

    // Before the end nobody is absent yet.
    let sheet = (await clerkA.get(`/api/sessions/${id}`)).json();
    const by = (s: typeof sheet) => Object.fromEntries(s.sheet.map((r: { name: string; statusLabel: string }) => [r.name, r.statusLabel]));
    expect(by(sheet)).toEqual({ 张三: '正常', 王芳: '正常', 孙书记: '迟到', 李四: '请假', 周五: '未签到' });

    // A member added to the unit without a phone scan: recorded by hand at 09:02.
    const extra = await makeMember(t.db, { name: '吴六', unitId: world.officeA.id, category: 'staff', position: '科员' });
    const absentOne = await makeMember(t.db, { name: '郑七', unitId: world.villageA.id, category: 'staff', position: '文书' });
    void absentOne;
    const manual = await clerkA.post(`/api/sessions/${id}/check-ins`, { memberId: extra.id, time: '09:02' });
    expect(manual.statusCode, manual.body).toBe(200);
    expect((await clerkB.post(`/api/sessions/${id}/check-ins`, { memberId: extra.id })).statusCode).toBe(403);
    expect((await clerkA.post(`/api/sessions/${id}/check-ins`, { memberId: world.members.mB.id })).statusCode).toBe(400);

    clock.now = at('11:01:00', '2026-03-16');
    sheet = (await clerkA.get(`/api/sessions/${id}`)).json();
    expect(by(sheet)).toEqual({ 张三: '正常', 王芳: '正常', 孙书记: '迟到', 李四: '请假', 周五: '缺席', 吴六: '正常', 郑七: '缺席' });
    expect(sheet.counts).toMatchObject({ expected: 7, present: 3, late: 1, leave: 1, absent: 2 });

    // My attendance on the phone.
    const mine = (await li.get('/api/sessions/mine')).json();
    const item = mine.past.find((s: { id: number }) => s.id === id);
    expect(item.myStatusLabel).toBe('请假');
    expect(item.leave.statusLabel).toBe('已批准');

    const xlsx = await clerkA.get(`/api/sessions/${id}/sheet.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value)).toContain('学习贯彻党的二十届三中全会精神签到表');
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '姓名', '单位', '职务', '签到时间', '状态', '备注']);
    const rows: string[][] = [];
    ws.eachRow((r, n) => {
      if (n > 2) rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(rows.find((r) => r[1] === '孙书记')?.slice(4, 6)).toEqual(['09:06', '迟到']);
    expect(rows.find((r) => r[1] === '吴六')?.[6]).toBe('补签');
    expect(rows.find((r) => r[1] === '郑七')?.[5]).toBe('缺席');
    expect(rows.at(-1)?.[1]).toBe('应到 7 人，实到 4 人（其中迟到 1 人），请假 1 人，缺席 2 人');

    // The leave list exports as .xlsx, one row per request with its decision; a formula typed as a reason stays text.
    await zhang.post(`/api/sessions/${await newSession(clerkA, { date: '2026-03-18' })}/leave`, { reason: '=HYPERLINK("http://x")' });
    const lx = await clerkA.get('/api/sessions/leave-requests.xlsx');
    expect(lx.statusCode).toBe(200);
    expect(decodeURIComponent(String(lx.headers['content-disposition']))).toContain('集中学习请假名单（全部）.xlsx');
    const lwb = new ExcelJS.Workbook();
    await lwb.xlsx.load(lx.rawPayload as unknown as ArrayBuffer);
    const lws = lwb.worksheets[0];
    expect(String(lws.getRow(1).getCell(1).value)).toBe('集中学习请假名单（全部，共 3 条）');
    const leaveRows: string[][] = [];
    lws.eachRow((r, n) => {
      if (n > 2) leaveRows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(leaveRows.map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(leaveRows.find((r) => r[3] === '李四')?.slice(1)).toEqual(['2026-03-16 09:00', '学习贯彻党的二十届三中全会精神', '李四', '东风村', '到县里参加培训', '2026-03-15 15:00', '已批准', '']);
    expect(leaveRows.find((r) => r[3] === '孙书记')?.slice(7)).toEqual(['未批准', '请按时参加']);
    expect(leaveRows.find((r) => r[3] === '张三')?.[5]).toBe(`'=HYPERLINK("http://x")`);
    expect((await clerkB.get('/api/sessions/leave-requests.xlsx')).statusCode).toBe(200);
    expect((await zhang.get('/api/sessions/leave-requests.xlsx')).statusCode).toBe(403);

    const docx = await clerkA.get(`/api/sessions/${id}/sheet.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of ['学习贯彻党的二十届三中全会精神签到表', '序号', '签到时间', '孙书记', '迟到', '缺席', '请假', '方正小标宋简体', '仿宋_GB2312']) expect(xml).toContain(s);
  });
});

describe('scope', () => {
  it('the clerk of 乙镇 cannot see or touch 甲镇 sessions', async () => {
    const id = await newSession(clerkA, { date: '2026-04-01' });
    expect((await clerkB.get(`/api/sessions/${id}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/sessions/${id}/screen`)).statusCode).toBe(403);
    expect((await clerkB.post(`/api/sessions/${id}/open`)).statusCode).toBe(403);
    expect((await clerkB.post(`/api/sessions/${id}/cancel`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/sessions/${id}/sheet.xlsx`)).statusCode).toBe(403);
    const list = (await clerkB.get('/api/sessions?year=2026')).json();
    expect(list.find((s: { id: number }) => s.id === id)).toBeUndefined();
    const make = await clerkB.post('/api/sessions', { unitId: world.townA.id, topic: 'x', place: '', host: '', date: '2026-04-02', start: '09:00', end: '10:00', unitIds: [world.townA.id] });
    expect(make.statusCode).toBe(403);
    const mixed = await clerkB.post('/api/sessions', { unitId: world.townB.id, topic: 'x', place: '', host: '', date: '2026-04-02', start: '09:00', end: '10:00', unitIds: [world.townB.id, world.villageA.id] });
    expect(mixed.statusCode).toBe(403);
    expect((await zhang.post('/api/sessions', { unitId: world.officeA.id, topic: 'x', place: '', host: '', date: '2026-04-02', start: '09:00', end: '10:00', unitIds: [world.officeA.id] })).statusCode).toBe(403);
    // Leader reads the sheet, cannot open it.
    expect((await leader.get(`/api/sessions/${id}`)).statusCode).toBe(200);
    expect((await leader.post(`/api/sessions/${id}/open`)).statusCode).toBe(403);
  });

  it('bad input is refused with a clear message and changes nothing', async () => {
    const before = (await t.db.selectFrom('study_sessions').select('id').execute()).length;
    const r = await clerkA.post('/api/sessions', { unitId: world.townA.id, topic: '测试', place: '', host: '', date: '2026-04-02', start: '10:00', end: '09:00', unitIds: [world.townA.id] });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('结束时间应晚于开始时间');
    const r2 = await clerkA.post('/api/sessions', { unitId: world.townA.id, topic: '  ', place: '', host: '', date: '2026-04-02', start: '09:00', end: '10:00', unitIds: [world.townA.id] });
    expect(r2.statusCode).toBe(400);
    expect((await t.db.selectFrom('study_sessions').select('id').execute()).length).toBe(before);
    const id = await newSession(clerkA, { date: '2026-04-03' });
    const s = (await clerkA.get(`/api/sessions/${id}`)).json();
    const edit = { unitId: world.townA.id, topic: '改过的主题', place: '二楼', host: '王芳', date: '2026-04-03', start: '14:30', end: '16:30', unitIds: [world.townA.id] };
    expect((await clerkA.put(`/api/sessions/${id}`, { ...edit, version: s.version })).statusCode).toBe(200);
    expect((await clerkA.put(`/api/sessions/${id}`, { ...edit, version: s.version })).statusCode).toBe(409);
    const after = (await clerkA.get(`/api/sessions/${id}`)).json();
    expect(after).toMatchObject({ topic: '改过的主题', start: '14:30', end: '16:30', minutes: 120 });
  });
});
