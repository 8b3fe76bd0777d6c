import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, multipart, signedIn, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeBook, makeMember, makeUser } from '../../demo/factories';
import { clock } from '../../platform/time';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let zhang: Client;
let li: Client;
let leader: Client;
let secretary: Client;
let qian: Client;
let inspector: Client;
let admin: Client;
let secretaryUserId: number;
let bookId: number;
const realNow = clock.now;

// The March seminar: 2026-03-20, 15:00–17:00 Shanghai time.
const at = (hhmmss: string, day = '2026-03-20') => () => new Date(`${day}T${hhmmss}+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  const mSec = await makeMember(t.db, { name: '周书记', unitId: world.officeA.id, category: 'leader', position: '镇党委书记' });
  secretaryUserId = (
    await makeUser(t.db, {
      username: 'secretary',
      password: PASSWORD,
      memberId: mSec.id,
      roles: [
        { role: 'member', unitId: world.officeA.id },
        { role: 'secretary', unitId: world.townA.id },
      ],
    })
  ).id;
  await makeUser(t.db, { username: 'qian', password: PASSWORD, memberId: world.members.mB.id, roles: [{ role: 'member', unitId: world.officeB.id }] });
  await makeUser(t.db, { username: 'inspector', password: PASSWORD, roles: [{ role: 'inspector', unitId: world.townA.id }] });
  bookId = (await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要', authors: ['中共中央宣传部'], publisher: '学习出版社' })).id;
  [clerkA, clerkB, zhang, li, leader, secretary, qian, inspector, admin] = await Promise.all(
    ['clerka', 'clerkb', 'zhangsan', 'lisi', 'leader', 'secretary', 'qian', 'inspector', 'admin'].map((u) => signedIn(t.app, u, PASSWORD)),
  );
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = realNow;
});

const seminarBody = (over: Record<string, unknown> = {}) => ({
  unitId: world.townA.id,
  theme: '读《习近平新时代中国特色社会主义思想学习纲要》',
  date: '2026-03-20',
  start: '15:00',
  end: '17:00',
  place: '镇机关三楼会议室',
  unitIds: [world.townA.id],
  chairUserId: secretaryUserId,
  speakerMemberIds: [world.members.mZhang.id, world.members.mLi.id],
  ...over,
});

const count = async (table: 'seminars' | 'seminar_comments' | 'study_sessions' | 'seminar_speakers' | 'seminar_files') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

let seminarId: number;
let sessionId: number;
let zhangSpeaker: number;
let liSpeaker: number;

async function token(id: number) {
  const live = await clerkA.get(`/api/seminars/${id}/live`);
  expect(live.statusCode, live.body).toBe(200);
  return live.json().code.token as string;
}

describe('scheduling', () => {
  it('the clerk schedules the month’s seminar with its chair and speakers; it owns a collective session', async () => {
    const res = await clerkA.post('/api/seminars', seminarBody());
    expect(res.statusCode, res.body).toBe(200);
    seminarId = res.json().id;
    sessionId = res.json().sessionId;
    const session = await t.db.selectFrom('study_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session.topic).toBe('读书研讨会：读《习近平新时代中国特色社会主义思想学习纲要》');
    expect(session.minutes).toBe(120);
    const detail = (await clerkA.get(`/api/seminars/${seminarId}`)).json();
    expect(detail.speakers.map((s: { name: string }) => s.name)).toEqual(['张三', '李四']);
    expect(detail.chairName).toBe('周书记');
    zhangSpeaker = detail.speakers[0].id;
    liSpeaker = detail.speakers[1].id;
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'seminar.schedule').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a chair who is not the unit’s secretary or leader, a speaker outside the units, and people who may not schedule — nothing written', async () => {
    const before = [await count('seminars'), await count('study_sessions')];
    const badChair = await clerkA.post('/api/seminars', seminarBody({ chairUserId: (await t.db.selectFrom('users').select('id').where('username', '=', 'clerkb').executeTakeFirstOrThrow()).id, date: '2026-04-20' }));
    expect(badChair.statusCode).toBe(400);
    expect(badChair.json().message).toBe('主持人应为本单位的书记或领导小组成员');
    const badSpeaker = await clerkA.post('/api/seminars', seminarBody({ speakerMemberIds: [world.members.mB.id], date: '2026-04-20' }));
    expect(badSpeaker.statusCode).toBe(400);
    expect(badSpeaker.json().message).toBe('发言人应为参加单位的在职干部');
    const badTime = await clerkA.post('/api/seminars', seminarBody({ start: '17:00', end: '15:00', date: '2026-04-20' }));
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().message).toBe('结束时间应晚于开始时间');
    for (const c of [zhang, secretary, leader, inspector, admin]) expect((await c.post('/api/seminars', seminarBody({ date: '2026-04-20' }))).statusCode).toBe(403);
    const other = await clerkB.post('/api/seminars', seminarBody({ date: '2026-04-20' }));
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('组织单位不在您的管理范围内');
    expect([await count('seminars'), await count('study_sessions')]).toEqual(before);
  });

  it('a second seminar for the same unit in the same month is a warning the clerk confirms', async () => {
    const before = [await count('seminars'), await count('study_sessions')];
    const warn = await clerkA.post('/api/seminars', seminarBody({ date: '2026-03-27', theme: '补充研讨', speakerMemberIds: [] }));
    expect(warn.statusCode).toBe(409);
    expect(warn.json()).toMatchObject({ error: 'SAME_MONTH', message: '甲镇3月已安排研讨会“读《习近平新时代中国特色社会主义思想学习纲要》”，确定还要再安排一次吗？' });
    expect([await count('seminars'), await count('study_sessions')]).toEqual(before);
    const ok = await clerkA.post('/api/seminars', seminarBody({ date: '2026-03-27', theme: '补充研讨', speakerMemberIds: [], confirm: true }));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await clerkA.post(`/api/seminars/${ok.json().id}/cancel`)).statusCode).toBe(200);
    const cancelled = await t.db.selectFrom('study_sessions').select('status').where('id', '=', ok.json().sessionId).executeTakeFirstOrThrow();
    expect(cancelled.status).toBe('cancelled');
  });
});

describe('个人说', () => {
  it('the speaker links the book and writes the summary; nobody else may', async () => {
    const detail = (await zhang.get(`/api/seminars/${seminarId}`)).json();
    expect(detail.me).toMatchObject({ speakerId: zhangSpeaker, attending: true });
    const version = detail.speakers[0].version;
    const summary = '学习纲要第三章让我认识到，坚持以人民为中心的发展思想，落到乡镇就是把群众的急难愁盼当成头等大事。';
    const other = await li.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/speech`, { bookId, summary: '冒名', version });
    expect(other.statusCode).toBe(403);
    const noBook = await zhang.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/speech`, { bookId: 999_999, summary, version });
    expect(noBook.statusCode).toBe(400);
    expect(noBook.json().message).toBe('请选择所读书目');
    const ok = await zhang.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/speech`, { bookId, summary, version });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await zhang.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/speech`, { bookId, summary: '旧版本', version });
    expect(stale.statusCode).toBe(409);
    const after = (await zhang.get(`/api/seminars/${seminarId}`)).json().speakers[0];
    expect(after).toMatchObject({ bookTitle: '习近平新时代中国特色社会主义思想学习纲要', summary });
    const liVersion = (await li.get(`/api/seminars/${seminarId}`)).json().speakers[1].version;
    expect((await li.put(`/api/seminars/${seminarId}/speakers/${liSpeaker}/speech`, { bookId, summary: '结合村里的人居环境整治，谈学习体会。', version: liVersion })).statusCode).toBe(200);
  });

  it('uploads are checked by content and size: a PNG named .pdf and an oversized file are refused, nothing stored', async () => {
    const before = await count('seminar_files');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200)]);
    const lying = multipart('file', '发言提纲.pdf', png, 'application/pdf');
    const r1 = await zhang.request('POST', `/api/seminars/${seminarId}/speakers/${zhangSpeaker}/file`, lying.body, { 'content-type': lying.contentType });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().message).toBe('文件内容是PNG 图片，与扩展名 .pdf 不符，请检查后重新上传');
    const exe = multipart('file', '发言.pdf', Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf');
    const r2 = await zhang.request('POST', `/api/seminars/${seminarId}/speakers/${zhangSpeaker}/file`, exe.body, { 'content-type': exe.contentType });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toBe('发言材料只能是照片（JPEG、PNG、WebP）、PDF 或 PPTX 文件');
    await t.svc.settings.set(t.db, 'seminars.uploadMaxMb', 0, 1, ['clerk'], 1);
    const big = multipart('file', '发言.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10)]), 'application/pdf');
    const r3 = await zhang.request('POST', `/api/seminars/${seminarId}/speakers/${zhangSpeaker}/file`, big.body, { 'content-type': big.contentType });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().message).toBe('文件不能超过 1 MB');
    expect(await count('seminar_files')).toBe(before);
    await t.svc.settings.set(t.db, 'seminars.uploadMaxMb', 0, 20, ['clerk'], 1);
    const good = multipart('file', '发言提纲.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF'), 'application/pdf');
    const r4 = await zhang.request('POST', `/api/seminars/${seminarId}/speakers/${zhangSpeaker}/file`, good.body, { 'content-type': good.contentType });
    expect(r4.statusCode, r4.body).toBe(200);
    const fileId = r4.json().id;
    const dl = await li.get(`/api/seminar-files/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect((await qian.get(`/api/seminar-files/${fileId}`)).statusCode).toBe(404);
  });
});

describe('check-in and 同事议', () => {
  it('members check in by the session’s rotating QR, shown on the seminar’s live view', async () => {
    clock.now = at('14:40:00');
    expect((await clerkA.post(`/api/seminars/${seminarId}/open`)).statusCode).toBe(200);
    clock.now = at('14:55:00');
    for (const c of [zhang, li]) {
      const r = await c.post(`/api/sessions/${sessionId}/scan`, { token: await token(seminarId) });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().minutes).toBe(120);
    }
    const live = (await clerkA.get(`/api/seminars/${seminarId}/live`)).json();
    expect(live.counts.checkedIn).toBe(2);
    expect(live.qrSvg).toContain('<svg');
    // The secretary watches the screen but does not run the check-in: no code.
    const sec = (await secretary.get(`/api/seminars/${seminarId}/live`)).json();
    expect(sec.code).toBeNull();
  });

  it('attendees comment on a speaker; the live view gets only the new ones', async () => {
    clock.now = at('15:30:00');
    const first = await li.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '张三同志把纲要和为民办实事结合起来讲，很实在。' });
    expect(first.statusCode, first.body).toBe(200);
    const live1 = (await clerkA.get(`/api/seminars/${seminarId}/live?after=0`)).json();
    expect(live1.comments.map((c: { name: string; body: string }) => `${c.name}：${c.body}`)).toEqual(['李四：张三同志把纲要和为民办实事结合起来讲，很实在。']);
    const second = await zhang.post(`/api/seminars/${seminarId}/comments`, { speakerId: liSpeaker, body: '李四讲的人居环境整治案例很生动，建议再谈谈长效机制。' });
    expect(second.statusCode).toBe(200);
    const live2 = (await clerkA.get(`/api/seminars/${seminarId}/live?after=${live1.lastId}`)).json();
    expect(live2.comments).toHaveLength(1);
    expect(live2.comments[0].name).toBe('张三');
  });

  it('refuses comments on oneself, from non-attendees, from another town, and after the window — nothing written', async () => {
    const before = await count('seminar_comments');
    clock.now = at('15:40:00');
    const self = await zhang.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '自评' });
    expect(self.statusCode).toBe(400);
    expect(self.json().message).toBe('同事议是对同事发言的评议，不能评议自己的发言');
    // clerkA is a member of 甲镇 but did not check in.
    const absent = await clerkA.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '没来也想说两句' });
    expect(absent.statusCode).toBe(403);
    expect(absent.json().message).toBe('您没有签到参加本次研讨会，不能发表同事议');
    const otherTown = await qian.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '乙镇的意见' });
    expect(otherTown.statusCode).toBe(403);
    for (const c of [secretary, inspector, clerkB, admin]) expect((await c.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '评议' })).statusCode).toBe(403);
    clock.now = at('17:00:01', '2026-03-27');
    const late = await li.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '迟到的评议' });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toBe('同事议已截止：研讨会结束后 7 天内可以发表（截至 3月27日 17:00）');
    expect(await count('seminar_comments')).toBe(before);
    // Within the window, the same comment is taken.
    clock.now = at('16:59:00', '2026-03-27');
    expect((await li.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '会后补充：建议把走访台账电子化。' })).statusCode).toBe(200);
  });

  it('with attendance not required, a member of an attending unit who did not check in may comment', async () => {
    await t.svc.settings.set(t.db, 'seminars.commentRequiresAttendance', 2026, false, ['clerk'], 1);
    clock.now = at('16:00:00');
    const r = await clerkA.post(`/api/seminars/${seminarId}/comments`, { speakerId: zhangSpeaker, body: '我在外开会，会后看了材料：讲得好。' });
    expect(r.statusCode, r.body).toBe(200);
    await t.svc.settings.set(t.db, 'seminars.commentRequiresAttendance', 2026, true, ['clerk'], 1);
  });
});

describe('书记评 and the minutes', () => {
  it('only the chair evaluates; grades follow the setting; sign-off locks the evaluations', async () => {
    clock.now = at('16:50:00');
    const v = (await secretary.get(`/api/seminars/${seminarId}`)).json().speakers;
    const body = { grade: '优秀', words: '联系实际紧密，体会深刻。', version: v[0].version };
    const byClerk = await clerkA.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/evaluation`, body);
    expect(byClerk.statusCode).toBe(403);
    const byLeader = await leader.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/evaluation`, body);
    expect(byLeader.statusCode).toBe(403);
    expect(byLeader.json().message).toBe('只有本次研讨会的主持人（周书记）可以填写书记评');
    const badGrade = await secretary.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/evaluation`, { ...body, grade: '很好' });
    expect(badGrade.statusCode).toBe(400);
    expect(badGrade.json().message).toBe('请选择评价等次：优秀、良好或一般');
    const unsigned = await secretary.post(`/api/seminars/${seminarId}/sign-off`);
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().message).toBe('还有发言人未评：张三、李四');
    const none = await t.db.selectFrom('seminar_speakers').select('evaluated_at').where('seminar_id', '=', seminarId).where('evaluated_at', 'is not', null).execute();
    expect(none).toHaveLength(0);
    expect((await secretary.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/evaluation`, body)).statusCode).toBe(200);
    // A score scale, when the setting says so.
    await t.svc.settings.set(t.db, 'seminars.gradeByScore', 2026, true, ['clerk'], 1);
    const needsScore = await secretary.put(`/api/seminars/${seminarId}/speakers/${liSpeaker}/evaluation`, { grade: '良好', words: '案例鲜活。', version: v[1].version });
    expect(needsScore.statusCode).toBe(400);
    expect(needsScore.json().message).toBe('请给出 0 至 100 的整数分数');
    expect((await secretary.put(`/api/seminars/${seminarId}/speakers/${liSpeaker}/evaluation`, { score: 88, words: '案例鲜活，思考还可更深。', version: v[1].version })).statusCode).toBe(200);
    await t.svc.settings.set(t.db, 'seminars.gradeByScore', 2026, false, ['clerk'], 1);
    expect((await secretary.post(`/api/seminars/${seminarId}/sign-off`)).statusCode).toBe(200);
    const fresh = (await secretary.get(`/api/seminars/${seminarId}`)).json();
    expect(fresh.status).toBe('signed');
    const locked = await secretary.put(`/api/seminars/${seminarId}/speakers/${zhangSpeaker}/evaluation`, { grade: '一般', words: '改了', version: fresh.speakers[0].version });
    expect(locked.statusCode).toBe(400);
    expect(locked.json().message).toBe('会议纪要已签发，书记评已锁定，不能再修改');
    const row = await t.db.selectFrom('seminar_speakers').select(['grade', 'evaluation']).where('id', '=', zhangSpeaker).executeTakeFirstOrThrow();
    expect(row).toEqual({ grade: '优秀', evaluation: '联系实际紧密，体会深刻。' });
  });

  it('the minutes .docx hold attendance, each speaker’s book and summary, the colleagues’ points and the 书记评', async () => {
    const res = await clerkA.get(`/api/seminars/${seminarId}/minutes.docx`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('甲镇2026年3月读书研讨会会议纪要');
    expect(xml).toContain('主持人：周书记');
    expect(xml).toContain('张三（党政办 科员）');
    expect(xml).toContain('《习近平新时代中国特色社会主义思想学习纲要》');
    expect(xml).toContain('坚持以人民为中心的发展思想');
    expect(xml).toContain('李四：张三同志把纲要和为民办实事结合起来讲，很实在。');
    expect(xml).toContain('张三：李四讲的人居环境整治案例很生动');
    expect(xml).toContain('书记评：优秀。联系实际紧密，体会深刻。');
    expect(xml).toContain('书记评：88分（满分100分）。案例鲜活，思考还可更深。');
    expect(xml).toMatch(/实到 2 人/);
    expect(xml).toContain('主持人签发：周书记');
    for (const c of [zhang, clerkB, qian, admin]) expect((await c.get(`/api/seminars/${seminarId}/minutes.docx`)).statusCode).toBe(403);
    expect((await inspector.get(`/api/seminars/${seminarId}/minutes.docx`)).statusCode).toBe(200);
  });
});

describe('views and access', () => {
  it('a member sees the seminar their unit attends, without the sign-in sheet; other towns and roles without reach do not', async () => {
    const mine = (await zhang.get(`/api/seminars/${seminarId}`)).json();
    expect(mine.sheet).toEqual([]);
    expect(mine.me.checkedIn).toBe(true);
    const full = (await clerkA.get(`/api/seminars/${seminarId}`)).json();
    expect(full.sheet.length).toBeGreaterThan(2);
    for (const c of [qian, clerkB]) expect((await c.get(`/api/seminars/${seminarId}`)).statusCode).toBe(403);
    expect((await admin.get(`/api/seminars/${seminarId}`)).statusCode).toBe(403);
    expect((await inspector.get(`/api/seminars/${seminarId}`)).statusCode).toBe(200);
    for (const c of [zhang, admin]) expect((await c.get('/api/seminars')).statusCode).toBe(403);
    expect((await clerkB.get('/api/seminars?year=2026')).json()).toEqual([]);
    expect((await leader.get('/api/seminars?year=2026')).json().map((s: { id: number }) => s.id)).toContain(seminarId);
    for (const c of [zhang, secretary, clerkB]) expect((await c.get(`/api/seminars/${seminarId}/live`)).statusCode).toBe(c === secretary ? 200 : 403);
  });

  it('the year plan shows which months had their seminar', async () => {
    clock.now = at('09:00:00', '2026-05-10');
    const plan = (await secretary.get(`/api/seminars/year?unitId=${world.villageA.id}&year=2026`)).json();
    expect(plan.months[2]).toMatchObject({ month: 3, state: 'signed', seminarId });
    expect(plan.months[3]).toMatchObject({ month: 4, state: 'missing', label: '未召开' });
    expect(plan.months[5]).toMatchObject({ month: 6, state: 'none' });
    expect(plan.held).toBe(1);
    expect((await clerkB.get(`/api/seminars/year?unitId=${world.villageA.id}&year=2026`)).statusCode).toBe(403);
  });

  it('the member home shows the next seminar and whether I speak; volunteering adds me', async () => {
    clock.now = at('09:00:00', '2026-04-01');
    const r = await clerkA.post('/api/seminars', seminarBody({ date: '2026-04-24', theme: '读《之江新语》', speakerMemberIds: [world.members.mLi.id] }));
    expect(r.statusCode, r.body).toBe(200);
    const z = (await zhang.get('/api/seminars/mine')).json();
    expect(z.next).toMatchObject({ id: r.json().id, speaking: false, theme: '读《之江新语》' });
    const l = (await li.get('/api/seminars/mine')).json();
    expect(l.next).toMatchObject({ id: r.json().id, speaking: true });
    expect((await zhang.post(`/api/seminars/${r.json().id}/volunteer`)).statusCode).toBe(200);
    expect((await zhang.post(`/api/seminars/${r.json().id}/volunteer`)).statusCode).toBe(409);
    expect((await qian.post(`/api/seminars/${r.json().id}/volunteer`)).statusCode).toBe(403);
    expect((await zhang.get('/api/seminars/mine')).json().next.speaking).toBe(true);
    expect((await qian.get('/api/seminars/mine')).json().next).toBeNull();
    for (const c of [admin, inspector]) expect((await c.get('/api/seminars/mine')).statusCode).toBe(403);
  });

  it('speakers are added and removed by the clerk of the unit only', async () => {
    clock.now = at('09:00:00', '2026-04-01');
    const id = (await clerkA.get('/api/seminars?year=2026')).json().find((s: { theme: string }) => s.theme === '读《之江新语》').id;
    for (const c of [zhang, secretary, clerkB]) expect((await c.post(`/api/seminars/${id}/speakers`, { memberId: world.members.mClerkA.id })).statusCode).toBe(403);
    expect((await clerkA.post(`/api/seminars/${id}/speakers`, { memberId: world.members.mClerkA.id })).statusCode).toBe(200);
    const sp = (await clerkA.get(`/api/seminars/${id}`)).json().speakers.find((s: { name: string }) => s.name === '王芳');
    expect((await clerkB.delete(`/api/seminars/${id}/speakers/${sp.id}`)).statusCode).toBe(403);
    expect((await clerkA.delete(`/api/seminars/${id}/speakers/${sp.id}`)).statusCode).toBe(200);
    for (const c of [zhang, clerkB, secretary]) expect((await c.get(`/api/seminars/candidates?unitId=${world.townA.id}`)).statusCode).toBe(403);
    const cand = (await clerkA.get(`/api/seminars/candidates?unitId=${world.townA.id}`)).json();
    expect(cand.chairs.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['周书记', '孙书记']));
  });
});
