import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, multipart, signedIn, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeMember, makeUser } from '../../../demo/factories';
import { clock } from '../../../platform/time';
import { lecturePdf } from '../../../demo/seminars';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let zhang: Client;
let li: Client;
let wang: Client;
let leader: Client;
let secretary: Client;
let qian: Client;
let admin: Client;
const realNow = clock.now;
// The lecture: 2026-06-18, 15:00–16:30 Shanghai time.
const at = (hhmmss: string, day = '2026-06-18') => () => new Date(`${day}T${hhmmss}+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  const mSec = await makeMember(t.db, { name: '周书记', unitId: world.officeA.id, category: 'leader' });
  const mWang = await makeMember(t.db, { name: '王五', unitId: world.officeA.id, category: 'party' });
  await makeUser(t.db, { username: 'secretary', password: PASSWORD, memberId: mSec.id, roles: [{ role: 'member', unitId: world.officeA.id }, { role: 'secretary', unitId: world.townA.id }] });
  await makeUser(t.db, { username: 'wang', password: PASSWORD, memberId: mWang.id, roles: [{ role: 'member', unitId: world.officeA.id }] });
  await makeUser(t.db, { username: 'qian', password: PASSWORD, memberId: world.members.mB.id, roles: [{ role: 'member', unitId: world.officeB.id }] });
  [clerkA, clerkB, zhang, li, wang, leader, secretary, qian, admin] = await Promise.all(
    ['clerka', 'clerkb', 'zhangsan', 'lisi', 'wang', 'leader', 'secretary', 'qian', 'admin'].map((u) => signedIn(t.app, u, PASSWORD)),
  );
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = realNow;
});

const slot = (over: Record<string, unknown> = {}) => ({ date: '2026-06-18', start: '15:00', end: '16:30', place: '镇党群服务中心报告厅', unitIds: [world.townA.id], ...over });
const count = async (table: 'lectures' | 'lecture_ratings' | 'seminar_files' | 'study_sessions') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

let lectureId: number;
let sessionId: number;

async function scanIn(c: Client) {
  const screen = await clerkA.get(`/api/sessions/${sessionId}/screen`);
  const token = /\/s\/\d+\/([A-Za-z0-9_-]+)$/.exec(screen.json().url)![1];
  const r = await c.post(`/api/sessions/${sessionId}/scan`, { token });
  expect(r.statusCode, r.body).toBe(200);
}

describe('a party lecture from proposal to the lecturer’s average', () => {
  it('a member proposes a topic with an outline; the clerk hears of it', async () => {
    clock.now = at('09:00:00', '2026-06-01');
    const empty = await zhang.post('/api/lectures', { topic: '   ', outline: '提纲' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('请填写党课题目');
    const r = await zhang.post('/api/lectures', { topic: '从《之江新语》看基层干部的作风建设', outline: '一、“为官一任，造福一方”\n二、“干在实处，走在前列”\n三、结合党政办工作谈体会' });
    expect(r.statusCode, r.body).toBe(200);
    lectureId = r.json().id;
    const clerkUser = await t.db.selectFrom('users').select('id').where('username', '=', 'clerka').executeTakeFirstOrThrow();
    const notice = await t.db.selectFrom('notifications').select(['title', 'kind']).where('user_id', '=', clerkUser.id).where('kind', '=', 'lecture.proposed').execute();
    expect(notice).toEqual([{ title: '党课申报待审批：张三', kind: 'lecture.proposed' }]);
    for (const c of [clerkA, admin]) expect((await c.post('/api/lectures', { topic: 'x', outline: 'y' })).statusCode).toBe(c === clerkA ? 200 : 403);
  });

  it('only the clerk of the lecturer’s unit approves and schedules it; it owns a collective session', async () => {
    clock.now = at('09:00:00', '2026-06-02');
    for (const c of [zhang, secretary, leader, clerkB]) expect((await c.post(`/api/lectures/${lectureId}/schedule`, slot())).statusCode).toBe(403);
    const bad = await clerkA.post(`/api/lectures/${lectureId}/schedule`, slot({ start: '16:30', end: '15:00' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('结束时间应晚于开始时间');
    expect((await t.db.selectFrom('lectures').select('status').where('id', '=', lectureId).executeTakeFirstOrThrow()).status).toBe('proposed');
    const ok = await clerkA.post(`/api/lectures/${lectureId}/schedule`, slot());
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await t.db.selectFrom('lectures').selectAll().where('id', '=', lectureId).executeTakeFirstOrThrow();
    expect(row.status).toBe('scheduled');
    sessionId = row.session_id!;
    const session = await t.db.selectFrom('study_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ topic: '党课：从《之江新语》看基层干部的作风建设', host: '张三', minutes: 90 });
    expect((await clerkA.post(`/api/lectures/${lectureId}/schedule`, slot())).json().message).toBe('只有待审批的党课可以安排');
  });

  it('slides upload as PDF, PPTX or DOCX by content; a lie or oversize is refused and nothing stored', async () => {
    const before = await count('seminar_files');
    const upload = (c: Client, name: string, buf: Buffer, kind = 'slides') => {
      const m = multipart('file', name, buf, 'application/octet-stream');
      return c.request('POST', `/api/lectures/${lectureId}/files?kind=${kind}`, m.body, { 'content-type': m.contentType });
    };
    const jpegAsPptx = await upload(zhang, '课件.pptx', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]));
    expect(jpegAsPptx.statusCode).toBe(400);
    expect(jpegAsPptx.json().message).toBe('党课课件、讲义只能是 PDF、PPTX 或 DOCX 文件');
    const pdfAsDocx = await upload(zhang, '讲义.docx', Buffer.from('%PDF-1.7\n%%EOF'), 'handout');
    expect(pdfAsDocx.statusCode).toBe(400);
    expect(pdfAsDocx.json().message).toBe('文件内容是PDF，与扩展名 .docx 不符，请检查后重新上传');
    await t.svc.settings.set(t.db, 'seminars.uploadMaxMb', 0, 1, ['clerk'], 1);
    const big = await upload(zhang, '课件.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 1)]));
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toBe('文件不能超过 1 MB');
    await t.svc.settings.set(t.db, 'seminars.uploadMaxMb', 0, 20, ['clerk'], 1);
    for (const c of [li, clerkB, secretary]) expect((await upload(c, '课件.pdf', Buffer.from('%PDF-1.7\n%%EOF'))).statusCode).toBe(403);
    expect(await count('seminar_files')).toBe(before);
    const pdf = await lecturePdf('从《之江新语》看基层干部的作风建设', '张三', ['为官一任，造福一方', '干在实处，走在前列']);
    const ok = await upload(zhang, '课件.pdf', pdf);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().mime).toBe('application/pdf');
    const detail = (await li.get(`/api/lectures/${lectureId}`)).json();
    expect(detail.files).toEqual([expect.objectContaining({ name: '课件.pdf', kindLabel: '课件' })]);
    const dl = await li.get(`/api/seminar-files/${ok.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await qian.get(`/api/seminar-files/${ok.json().id}`)).statusCode).toBe(404);
  });

  it('the audience checks in by the session’s QR and rates; a non-attendee, the lecturer and late ratings are refused', async () => {
    clock.now = at('14:40:00');
    expect((await clerkA.post(`/api/lectures/${lectureId}/open`)).statusCode).toBe(200);
    clock.now = at('14:50:00');
    await scanIn(li);
    await scanIn(wang);
    const before = await count('lecture_ratings');
    clock.now = at('15:10:00');
    // 王芳 (clerkA) belongs to the audience but did not check in.
    const absent = await clerkA.post(`/api/lectures/${lectureId}/ratings`, { stars: 5, comment: '好' });
    expect(absent.statusCode).toBe(403);
    expect(absent.json().message).toBe('您没有签到听课，不能评分');
    expect((await qian.post(`/api/lectures/${lectureId}/ratings`, { stars: 5, comment: '好' })).statusCode).toBe(403);
    const self = await zhang.post(`/api/lectures/${lectureId}/ratings`, { stars: 5, comment: '我讲得好' });
    expect(self.statusCode).toBe(400);
    expect(self.json().message).toBe('讲课人不能给自己的党课评分');
    const six = await li.post(`/api/lectures/${lectureId}/ratings`, { stars: 6, comment: '' });
    expect(six.statusCode).toBe(400);
    expect(six.json().message).toBe('评分应为 1 至 5 星');
    for (const c of [secretary, admin, clerkB]) expect((await c.post(`/api/lectures/${lectureId}/ratings`, { stars: 5, comment: '' })).statusCode).toBe(403);
    clock.now = at('16:31:00', '2026-06-25');
    const late = await li.post(`/api/lectures/${lectureId}/ratings`, { stars: 4, comment: '晚了' });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toBe('评分已截止：党课结束后 7 天内可以评分');
    expect(await count('lecture_ratings')).toBe(before);
    clock.now = at('16:40:00');
    expect((await li.post(`/api/lectures/${lectureId}/ratings`, { stars: 5, comment: '结合村里实际，讲得接地气。' })).statusCode).toBe(200);
    expect((await wang.post(`/api/lectures/${lectureId}/ratings`, { stars: 3, comment: '内容充实，时间略紧。' })).statusCode).toBe(200);
    // A second rating by the same member replaces the first.
    expect((await wang.post(`/api/lectures/${lectureId}/ratings`, { stars: 4, comment: '内容充实，时间略紧。' })).statusCode).toBe(200);
    expect(await count('lecture_ratings')).toBe(before + 2);
  });

  it('the lecturer sees the average and the comments, anonymous by setting; the clerk sees names', async () => {
    clock.now = at('17:00:00');
    const mine = (await zhang.get(`/api/lectures/${lectureId}`)).json();
    expect(mine.average).toBe(4.5);
    expect(mine.ratings).toBe(2);
    expect(mine.feedback.map((f: { comment: string }) => f.comment).sort()).toEqual(['内容充实，时间略紧。', '结合村里实际，讲得接地气。']);
    expect(mine.feedback.every((f: { name: string | null }) => f.name === null)).toBe(true);
    const list = (await zhang.get('/api/lectures/mine')).json();
    expect(list.mine[0]).toMatchObject({ id: lectureId, average: 4.5, ratings: 2, statusLabel: '已开讲' });
    const clerkView = (await clerkA.get(`/api/lectures/${lectureId}`)).json();
    expect(clerkView.feedback.map((f: { name: string }) => f.name).sort()).toEqual(['李四', '王五']);
    // An audience member sees their own rating, not the others'.
    const liView = (await li.get(`/api/lectures/${lectureId}`)).json();
    expect(liView.feedback).toBeNull();
    expect(liView.me.myRating).toEqual({ stars: 5, comment: '结合村里实际，讲得接地气。' });
    await t.svc.settings.set(t.db, 'lectures.anonymousRatings', 0, false, ['clerk'], 1);
    const named = (await zhang.get(`/api/lectures/${lectureId}`)).json();
    expect(named.feedback.map((f: { name: string }) => f.name).sort()).toEqual(['李四', '王五']);
    await t.svc.settings.set(t.db, 'lectures.anonymousRatings', 0, true, ['clerk'], 1);
    expect((await qian.get(`/api/lectures/${lectureId}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/lectures/${lectureId}`)).statusCode).toBe(403);
  });

  it('the clerk sees who has lectured this year and who never has; the secretary the counts per unit', async () => {
    clock.now = at('17:00:00');
    const report = (await clerkA.get('/api/lectures/report?year=2026')).json();
    const office = report.units.find((u: { unitId: number }) => u.unitId === world.officeA.id);
    expect(office).toMatchObject({ held: 1, lecturers: ['张三'] });
    expect(office.never).toContain('王五');
    expect(office.never).not.toContain('张三');
    expect(report.total).toBe(1);
    expect((await secretary.get('/api/lectures/report?year=2026')).json().total).toBe(1);
    expect((await clerkB.get('/api/lectures/report?year=2026')).json().total).toBe(0);
    for (const c of [zhang, admin]) expect((await c.get('/api/lectures/report')).statusCode).toBe(403);
    const listB = (await clerkB.get('/api/lectures?year=2026')).json();
    expect(listB).toEqual([]);
    expect((await leader.get('/api/lectures?year=2026')).json().map((l: { id: number }) => l.id)).toContain(lectureId);
  });

  it('the clerk rejects with a note, or schedules directly; others may not', async () => {
    clock.now = at('09:00:00', '2026-07-01');
    const p = (await wang.post('/api/lectures', { topic: '学习新修订的《中国共产党纪律处分条例》', outline: '六项纪律逐条讲' })).json().id;
    expect((await clerkB.post(`/api/lectures/${p}/reject`, { note: '请细化' })).statusCode).toBe(403);
    const noNote = await clerkA.post(`/api/lectures/${p}/reject`, { note: ' ' });
    expect(noNote.json().message).toBe('请填写退回意见');
    expect((await clerkA.post(`/api/lectures/${p}/reject`, { note: '请结合本单位案例细化提纲后再报' })).statusCode).toBe(200);
    const wangMine = (await wang.get('/api/lectures/mine')).json().mine[0];
    expect(wangMine).toMatchObject({ statusLabel: '未通过', decisionNote: '请结合本单位案例细化提纲后再报' });
    const before = await count('lectures');
    const other = await clerkB.post('/api/lectures/direct', { ...slot({ date: '2026-07-20' }), memberId: world.members.mLi.id, topic: '乡村振兴', outline: '' });
    expect(other.statusCode).toBe(403);
    expect(await count('lectures')).toBe(before);
    const direct = await clerkA.post('/api/lectures/direct', { ...slot({ date: '2026-07-20' }), memberId: world.members.mLi.id, topic: '在乡村振兴中发挥党员先锋作用', outline: '' });
    expect(direct.statusCode, direct.body).toBe(200);
    const li2 = (await li.get('/api/lectures/mine')).json();
    expect(li2.mine[0]).toMatchObject({ topic: '在乡村振兴中发挥党员先锋作用', status: 'scheduled' });
    expect((await zhang.get('/api/lectures/mine')).json().attending.map((l: { topic: string }) => l.topic)).toContain('在乡村振兴中发挥党员先锋作用');
  });
});
