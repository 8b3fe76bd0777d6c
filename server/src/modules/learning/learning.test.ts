import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../../test/world';
import { SMALL_JPEG } from '../../../test/photos';
import { clock } from '../../platform/time';
import { makeMember, makeUser } from '../../demo/factories';

// 2026-11-20, noon in Shanghai.
const NOW = new Date('2026-11-20T04:00:00Z');
const TODAY = '2026-11-20';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let colleague: Client;

// The smallest valid images, by their real first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const JPEG = SMALL_JPEG;
// A 1 × 1 lossy WebP header (uploads are checked by their headers: the dimensions must be there).
const WEBP = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.from([10, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a, 1, 0, 1, 0]), Buffer.alloc(4)]);

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  // A colleague of 张三 in the same office, an ordinary member.
  const wang = await makeMember(t.db, { name: '王五', unitId: world.officeA.id, category: 'staff' });
  await makeUser(t.db, { username: 'wangwu', password: PASSWORD, memberId: wang.id, roles: [{ role: 'member', unitId: world.officeA.id }] });
  [zhang, li, clerkA, clerkB, leader, colleague] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader', 'wangwu'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(async () => {
  clock.now = () => new Date();
  await t.close();
});

async function logOf(source: 'online' | 'practice', id: number) {
  return t.db.selectFrom('study_logs').selectAll().where('source', '=', source).where('source_ref', '=', String(id)).executeTakeFirst();
}
async function dayTotal(memberId: number, day: string) {
  const r = await t.db.selectFrom('study_logs').select((eb) => eb.fn.sum<number>('minutes').as('m')).where('member_id', '=', memberId).where('day', '=', day).executeTakeFirst();
  return Number(r?.m ?? 0);
}
async function count(table: 'online_learning' | 'practice_activities' | 'study_logs' | 'files') {
  return Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}
async function upload(c: Client, name: string, body: Buffer, type = 'image/png') {
  const m = multipart('file', name, body, type);
  return c.request('POST', '/api/learning/files', m.body, { 'content-type': m.contentType });
}

describe('online learning', () => {
  it('counts minutes as given, 学时 and points by the settings, and keeps a zero-minute points record', async () => {
    const a = await zhang.post('/api/learning/online', { day: TODAY, platform: '学习强国', content: '每日答题', minutes: 25 });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().minutes).toBe(25);
    expect((await logOf('online', a.json().id))).toMatchObject({ kind: 'online', minutes: 25, member_id: world.members.mZhang.id, day: TODAY });

    // Default: 1 学时 = 45 minutes; 1.5 学时 = 67.5 → 68.
    const b = await zhang.post('/api/learning/online', { day: TODAY, platform: '干部教育在线', content: '专题课', credits: 1.5 });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().minutes).toBe(68);
    expect((await t.db.selectFrom('online_learning').select('credit_tenths').where('id', '=', b.json().id).executeTakeFirstOrThrow()).credit_tenths).toBe(15);

    // Points count for nothing by default, but the record is kept.
    const c = await zhang.post('/api/learning/online', { day: TODAY, platform: '学习强国', points: 40 });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().minutes).toBe(0);
    expect((await logOf('online', c.json().id))?.minutes).toBe(0);

    // The clerk changes the conversion: 1 学时 = 60 minutes, 1 point = 2 minutes.
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/study.minutesPerCreditHour', { value: 60 })).statusCode).toBe(200);
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/study.minutesPerPoint', { value: 2 })).statusCode).toBe(200);
    const d = await zhang.post('/api/learning/online', { day: TODAY, platform: 'X大讲堂', credits: 0.5 });
    expect(d.json().minutes).toBe(30);
    const e = await zhang.post('/api/learning/online', { day: TODAY, platform: '学习强国', points: 12 });
    expect(e.json().minutes).toBe(24);
    expect(await dayTotal(world.members.mZhang.id, TODAY)).toBe(25 + 68 + 0 + 30 + 24);

    const mine = await zhang.get(`/api/learning/mine?month=${TODAY.slice(0, 7)}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().online).toHaveLength(5);
    expect(mine.json().onlineMinutes).toBe(147);
    expect(mine.json().online.find((r: { id: number }) => r.id === b.json().id)).toMatchObject({ credits: 1.5, studyMinutes: 68, platform: '干部教育在线' });

    await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/study.minutesPerCreditHour', { value: 45 });
    await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/study.minutesPerPoint', { value: 0 });
  });

  it('keeps the study log row in step when a record is edited or deleted', async () => {
    const r = await li.post('/api/learning/online', { day: TODAY, platform: '微信公众号', content: '学习文章', minutes: 20 });
    const id = r.json().id as number;
    const ed = await li.put(`/api/learning/online/${id}`, { day: '2026-11-19', platform: '干部教育在线', content: '改为学时', credits: 2 });
    expect(ed.statusCode, ed.body).toBe(200);
    const log = await logOf('online', id);
    expect(log).toMatchObject({ day: '2026-11-19', minutes: 90, kind: 'online' });
    expect(await t.db.selectFrom('study_logs').select('id').where('source', '=', 'online').where('source_ref', '=', String(id)).execute()).toHaveLength(1);

    // Someone else cannot touch it.
    expect((await zhang.put(`/api/learning/online/${id}`, { day: TODAY, platform: '其他', minutes: 1 })).statusCode).toBe(404);
    expect((await zhang.delete(`/api/learning/online/${id}`)).statusCode).toBe(404);

    const del = await li.delete(`/api/learning/online/${id}`);
    expect(del.statusCode).toBe(200);
    expect(await logOf('online', id)).toBeUndefined();
    expect(await t.db.selectFrom('online_learning').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const before = await Promise.all([count('online_learning'), count('study_logs')]);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ day: TODAY, platform: '学习强国', minutes: -5 }, /不能为负数/],
      [{ day: TODAY, platform: '学习强国', credits: -1 }, /不能为负数/],
      [{ day: TODAY, platform: '学习强国', points: -3 }, /不能为负数/],
      [{ day: TODAY, platform: '学习强国', minutes: 1441 }, /超过一天/],
      [{ day: TODAY, platform: '学习强国', credits: 1.25 }, /一位小数/],
      [{ day: TODAY, platform: '学习强国' }, /填写时长/],
      [{ day: TODAY, platform: '学习强国', minutes: 10, points: 3 }, /只能填写一项/],
      [{ day: TODAY, platform: '抖音', minutes: 10 }, /学习平台应为/],
      [{ day: '2026-11-21', platform: '学习强国', minutes: 10 }, /将来/],
      [{ day: '2026-11-16', platform: '学习强国', minutes: 10 }, /补录/],
      [{ day: '2026-02-30', platform: '学习强国', minutes: 10 }, /日期格式/],
    ];
    for (const [body, msg] of cases) {
      const res = await zhang.post('/api/learning/online', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message, JSON.stringify(body)).toMatch(msg);
    }
    // The edge of the window (3 days back) is still fine.
    const edge = await zhang.post('/api/learning/online', { day: '2026-11-17', platform: '学习强国', minutes: 10 });
    expect(edge.statusCode, edge.body).toBe(200);
    await zhang.delete(`/api/learning/online/${edge.json().id}`);

    // More than a day in total, counting every kind already logged that day.
    await t.db
      .insertInto('study_logs')
      .values({ member_id: world.members.mZhang.id, day: '2026-11-18', kind: 'reading', minutes: 1400, source: 'manual', created_at: NOW.toISOString() })
      .execute();
    const over = await zhang.post('/api/learning/online', { day: '2026-11-18', platform: '学习强国', minutes: 41 });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toMatch(/已记录学习 1400 分钟.*超过一天/);
    const practiceOver = await zhang.post('/api/learning/practice', { day: '2026-11-18', kind: 'volunteer', title: '志愿服务', minutes: 60 });
    expect(practiceOver.statusCode).toBe(400);
    expect(practiceOver.json().message).toMatch(/超过一天/);
    const fits = await zhang.post('/api/learning/online', { day: '2026-11-18', platform: '学习强国', minutes: 40 });
    expect(fits.statusCode).toBe(200);
    await zhang.delete(`/api/learning/online/${fits.json().id}`);
    await t.db.deleteFrom('study_logs').where('member_id', '=', world.members.mZhang.id).where('day', '=', '2026-11-18').execute();

    expect(await Promise.all([count('online_learning'), count('study_logs')])).toEqual(before);
  });

  it('lets a member not change a record once its day has left the backfill window', async () => {
    const r = await li.post('/api/learning/online', { day: '2026-11-17', platform: '学习强国', minutes: 15 });
    const id = r.json().id as number;
    // The clerk shortens the window to today only: 11-17 is now out of reach for the member.
    expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/plan.studyLogBackfillDays', { value: 0 })).statusCode).toBe(200);
    try {
      const ed = await li.put(`/api/learning/online/${id}`, { day: '2026-11-17', platform: '学习强国', minutes: 60 });
      expect(ed.statusCode).toBe(400);
      expect(ed.json().message).toMatch(/超出补录期限/);
      expect((await li.delete(`/api/learning/online/${id}`)).statusCode).toBe(400);
      expect((await logOf('online', id))?.minutes).toBe(15);
      const late = await li.post('/api/learning/online', { day: '2026-11-19', platform: '学习强国', minutes: 5 });
      expect(late.json().message).toMatch(/只能记录当天/);
      // The clerk of the member's town still can correct it.
      const fix = await clerkA.put(`/api/learning/online/${id}`, { day: '2026-11-17', platform: '学习强国', minutes: 30 });
      expect(fix.statusCode, fix.body).toBe(200);
      expect((await logOf('online', id))?.minutes).toBe(30);
      // Not the clerk of another town.
      expect((await clerkB.delete(`/api/learning/online/${id}`)).statusCode).toBe(404);
    } finally {
      await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/plan.studyLogBackfillDays', { value: 3 });
    }
  });
});

describe('practice activities', () => {
  it('records an activity with photos, writes its study log row, and keeps it in step', async () => {
    const p1 = (await upload(zhang, '现场.png', PNG)).json().id as number;
    const p2 = (await upload(zhang, '合影.jpg', JPEG, 'image/jpeg')).json().id as number;
    const res = await zhang.post('/api/learning/practice', { day: '2026-11-19', kind: 'volunteer', title: '社区垃圾分类宣传', description: '在东风村开展垃圾分类入户宣传。', minutes: 120, photoFileIds: [p1, p2] });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id as number;
    expect(await logOf('practice', id)).toMatchObject({ kind: 'practice', minutes: 120, day: '2026-11-19', note: '社区垃圾分类宣传' });

    const ed = await zhang.put(`/api/learning/practice/${id}`, { day: '2026-11-19', kind: 'service', title: '社区垃圾分类宣传', minutes: 90, photoFileIds: [p2] });
    expect(ed.statusCode, ed.body).toBe(200);
    expect((await logOf('practice', id))?.minutes).toBe(90);
    const mine = (await zhang.get('/api/learning/mine')).json();
    expect(mine.practice[0]).toMatchObject({ id, kindLabel: '为民服务', minutes: 90, photoFileIds: [p2] });

    expect((await zhang.delete(`/api/learning/practice/${id}`)).statusCode).toBe(200);
    expect(await logOf('practice', id)).toBeUndefined();
  });

  it('refuses a wrong kind, too many photos, photos of someone else, and negative minutes', async () => {
    const before = await Promise.all([count('practice_activities'), count('study_logs')]);
    const liPhoto = (await upload(li, 'a.png', PNG)).json().id as number;
    const mine = (await upload(zhang, 'b.png', PNG)).json().id as number;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ day: TODAY, kind: 'party', title: 'x', minutes: 10 }, /实践类型应为/],
      [{ day: TODAY, kind: 'research', title: ' ', minutes: 10 }, /活动名称/],
      [{ day: TODAY, kind: 'research', title: '调研', minutes: -10 }, /不能为负数/],
      [{ day: TODAY, kind: 'research', title: '调研', minutes: 10, photoFileIds: [liPhoto] }, /不是您上传的/],
      [{ day: TODAY, kind: 'research', title: '调研', minutes: 10, photoFileIds: Array.from({ length: 10 }, () => mine) }, /最多 9 张/],
      [{ day: '2026-12-01', kind: 'research', title: '调研', minutes: 10 }, /将来/],
    ];
    for (const [body, msg] of bad) {
      const res = await zhang.post('/api/learning/practice', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toMatch(msg);
    }
    expect(await Promise.all([count('practice_activities'), count('study_logs')])).toEqual(before);
  });
});

describe('files', () => {
  it('takes JPEG, PNG and WebP by their bytes and refuses anything else whatever it is called', async () => {
    for (const [name, body] of [
      ['a.png', PNG],
      ['b.jpg', JPEG],
      ['c.webp', WEBP],
    ] as const) {
      const r = await upload(zhang, name, body);
      expect(r.statusCode, r.body).toBe(200);
    }
    const before = await count('files');
    const fakes: [string, Buffer, string][] = [
      ['evil.png', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png'],
      ['doc.jpg', Buffer.from('%PDF-1.4\n%...'), 'image/jpeg'],
      ['x.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
      ['empty.png', Buffer.alloc(0), 'image/png'],
    ];
    for (const [name, body, type] of fakes) {
      const r = await upload(zhang, name, body, type);
      expect(r.statusCode, name).toBe(400);
      expect(r.json().message).toMatch(/只能上传图片|空的/);
    }
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const r = await upload(zhang, 'big.png', big);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/不能超过 5 MB/);
    expect(await count('files')).toBe(before);
  });

  it('shows a file to its owner and the clerk or leader over the owner, and to nobody else', async () => {
    const id = (await upload(zhang, '学习截图.png', PNG)).json().id as number;
    const own = await zhang.get(`/api/learning/files/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['content-disposition']).toMatch(/^inline/);
    expect(own.headers['content-disposition']).toContain(encodeURIComponent('学习截图.png'));
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.rawPayload.equals(PNG)).toBe(true);

    expect((await clerkA.get(`/api/learning/files/${id}`)).statusCode).toBe(200);
    expect((await leader.get(`/api/learning/files/${id}`)).statusCode).toBe(200);
    expect((await clerkB.get(`/api/learning/files/${id}`)).statusCode).toBe(404);
    expect((await li.get(`/api/learning/files/${id}`)).statusCode).toBe(404);
    expect((await colleague.get(`/api/learning/files/${id}`)).statusCode).toBe(404);
    expect((await new (zhang.constructor as typeof Client)(t.app).get(`/api/learning/files/${id}`)).statusCode).toBe(401);
  });
});

describe("the clerk's view", () => {
  it('lists the subtree with filters, exports .xlsx, and keeps other towns out', async () => {
    const z = await zhang.post('/api/learning/online', { day: TODAY, platform: '干部教育在线', content: '视图测试', credits: 1 });
    expect(z.statusCode).toBe(200);
    const list = await clerkA.get(`/api/learning/unit?month=2026-11&platform=${encodeURIComponent('干部教育在线')}`);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.online.length).toBeGreaterThan(0);
    expect(body.online.every((r: { platform: string }) => r.platform === '干部教育在线')).toBe(true);
    expect(body.online.find((r: { id: number }) => r.id === z.json().id)).toMatchObject({ memberName: '张三', unitName: '党政办', studyMinutes: 45 });
    // The totals count every record the filter selects, with the minutes of their study-log rows, however few are listed.
    expect(body.onlineTotal).toBe(body.online.length);
    expect(body.onlineMinutes).toBe(body.online.reduce((s: number, r: { studyMinutes: number }) => s + r.studyMinutes, 0));
    const one = (await clerkA.get(`/api/learning/unit?month=2026-11&platform=${encodeURIComponent('干部教育在线')}&limit=1`)).json();
    expect(one.online).toHaveLength(1);
    expect({ n: one.onlineTotal, m: one.onlineMinutes }).toEqual({ n: body.onlineTotal, m: body.onlineMinutes });

    const village = await clerkA.get(`/api/learning/unit?unitId=${world.villageA.id}`);
    expect(village.json().online.every((r: { memberName: string }) => r.memberName === '李四')).toBe(true);

    expect((await clerkB.get('/api/learning/unit')).json().online).toHaveLength(0);
    expect((await clerkB.get(`/api/learning/unit?unitId=${world.townA.id}`)).statusCode).toBe(403);
    expect((await zhang.get('/api/learning/unit')).statusCode).toBe(403);

    const x = await clerkA.get('/api/learning/unit/export?month=2026-11');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('线上学习')!;
    const values = ws.getSheetValues().flat().map(String);
    expect(values).toContain('视图测试');
    expect(values).toContain('1 学时');
  });
});
