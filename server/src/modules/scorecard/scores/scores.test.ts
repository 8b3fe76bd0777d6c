import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld } from '../../../../test/world';
import { makeBook, makeUser } from '../../../demo/factories';
import { clock } from '../../../platform/time';
import { readXlsxRows } from '../../../platform/xlsx';

// 2026-07-01, noon in Shanghai: the year so far is January to June, and "yesterday" is 30 June.
const NOW = new Date('2026-07-01T04:00:00Z');
const YEAR = 2026;

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let admin: Client;
let security: Client;
let inspector: Client;

const iso = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+08:00`).toISOString();

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  world = await makeWorld(t.db);
  await makeUser(t.db, { username: 'inspector', password: 'Passw0rd-test', roles: [{ role: 'inspector', unitId: world.townA.id }] });
  const db = t.db;
  const z = world.members.mZhang.id;
  const now = NOW.toISOString();
  // Every day asks for the daily target this year (so the hand count is the number of days).
  for (const key of ['plan.countWeekends', 'plan.countHolidays']) await db.insertInto('settings').values({ key, year: YEAR, value: 'true', updated_at: now, updated_by: null }).execute();

  // Books: three items marked finished, two of them the same book → 2 books.
  const b1 = await makeBook(db, { title: '习近平新时代中国特色社会主义思想学习纲要', authors: ['编写组'] });
  const b2 = await makeBook(db, { title: '乡土中国', authors: ['费孝通'] });
  const item = (book_id: number, month: string, finished_on: string, status = 'finished') =>
    db.insertInto('reading_plan_items').values({ member_id: z, month, book_id, own_title: null, own_author: null, target_on: finished_on, status, finished_on: status === 'finished' ? finished_on : null, created_at: now, updated_at: now }).execute();
  await item(b1.id, '2026-03', '2026-03-20');
  await item(b2.id, '2026-04', '2026-04-25');
  await item(b2.id, '2026-05', '2026-05-10');
  await item(b1.id, '2026-06', '2026-06-28', 'reading');

  // Study log: first record 1 June → 30 days due (1–30 June). Compliant: 1–10 June (60 min reading),
  // 12 June (40 reading + 20 practice); 11 June has 30 minutes only → 11 of 30.
  const log = (day: string, kind: string, minutes: number) => db.insertInto('study_logs').values({ member_id: z, day, kind, minutes, book_id: null, book_title: null, source: 'manual', source_ref: null, created_at: now }).execute();
  for (let d = 1; d <= 10; d++) await log(`2026-06-${String(d).padStart(2, '0')}`, 'reading', 60);
  await log('2026-06-11', 'reading', 30);
  await log('2026-06-12', 'reading', 40);
  await log('2026-06-12', 'practice', 20);

  // Reflections: submitted 1, returned 1, approved 2, excellent 1+1+2 = 4, draft 0 → 8 points.
  const refl = (status: string, title: string) =>
    db.insertInto('reflections').values({ member_id: z, unit_id: world.officeA.id, title, status, month: status === 'draft' ? null : '2026-05', submitted_at: status === 'draft' ? null : iso('2026-05-06'), created_at: now, updated_at: now }).execute();
  await refl('submitted', '读《乡土中国》有感');
  await refl('returned', '学习纲要心得（初稿）');
  await refl('approved', '在基层治理中读懂乡土');
  await refl('excellent', '把学习成果转化为为民服务的实效');
  await refl('draft', '未提交的草稿');

  // Sessions of 党政办 (甲镇): three held before today — checked in, on approved leave, absent → 1 ÷ (3 − 1);
  // a cancelled one and one next week do not count.
  const session = async (topic: string, day: string, status = 'closed') => {
    const s = await db
      .insertInto('study_sessions')
      .values({ unit_id: world.officeA.id, plan_id: null, topic, starts_at: iso(day), ends_at: iso(day, '11:00'), minutes: 120, status, qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('study_session_units').values({ session_id: s.id, unit_id: world.officeA.id }).execute();
    return s.id;
  };
  const s1 = await session('学习贯彻党的二十届三中全会精神', '2026-03-05');
  const s2 = await session('乡村振兴专题学习', '2026-04-09');
  await session('基层治理专题', '2026-05-14');
  await session('已取消的学习', '2026-05-21', 'cancelled');
  await session('下周的学习', '2026-07-08', 'scheduled');
  await db.insertInto('check_ins').values({ session_id: s1, member_id: z, checked_at: iso('2026-03-05', '08:55'), method: 'qr', recorded_by: null }).execute();
  await db.insertInto('leave_requests').values({ session_id: s2, member_id: z, reason: '下村走访', status: 'approved', requested_at: iso('2026-04-08'), decided_at: iso('2026-04-08'), decided_by: null, decision_note: null }).execute();

  // Practice: two activities → 2 ÷ 4. Online: 1.5 学时 + 90 minutes (÷ 45 = 2 学时) → 3.5 ÷ 24.
  for (const [day, title] of [
    ['2026-04-12', '社区志愿服务'],
    ['2026-06-12', '入户走访'],
  ])
    await db.insertInto('practice_activities').values({ member_id: z, day: day!, kind: 'volunteer', title: title!, minutes: 20, created_at: now }).execute();
  await db.insertInto('online_learning').values({ member_id: z, day: '2026-05-02', platform: '学习强国', content: '专题课程', minutes: null, credit_tenths: 15, points: null, evidence_file_id: null, created_by: null, created_at: now }).execute();
  await db.insertInto('online_learning').values({ member_id: z, day: '2026-05-03', platform: '干部网络学院', content: '', minutes: 90, credit_tenths: null, points: null, evidence_file_id: null, created_by: null, created_at: now }).execute();

  [zhang, li, clerkA, clerkB, leader, admin, security, inspector] = await Promise.all(
    ['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader', 'admin', 'security', 'inspector'].map((u) => signedIn(t.app, u)),
  );
});

afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

describe('a member’s year score', () => {
  it('matches the hand computation, indicator by indicator', async () => {
    const res = await zhang.get(`/api/scorecard/${YEAR}/members/${world.members.mZhang.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    const by = (k: string) => b.indicators.find((i: { key: string }) => i.key === k);
    // Counted weights: books 20 + daily 15 + reflections 15 + sessions 10 + practice 5 + online 5 = 70;
    // each renormalised to weight × 100 ÷ 70.
    expect(b.countedWeight).toBe(70);
    const hand = {
      books: { value: 2, weight: 28.57, points: 4.76 }, // 28.5714 × 2/12 = 4.7619
      daily: { value: 36.67, weight: 21.43, points: 7.86 }, // 21.4286 × (11/30 × 100%) ÷ 100% = 7.8571
      reflections: { value: 8, weight: 21.43, points: 14.29 }, // 21.4286 × 8/12 = 14.2857
      sessions: { value: 50, weight: 14.29, points: 7.14 }, // 14.2857 × 1/(3−1) = 7.1429
      practice: { value: 2, weight: 7.14, points: 3.57 }, // 7.1429 × 2/4 = 3.5714
      online: { value: 3.5, weight: 7.14, points: 1.04 }, // 7.1429 × 3.5/24 = 1.0417
    };
    for (const [key, h] of Object.entries(hand)) {
      const i = by(key);
      expect(i.included, key).toBe(true);
      expect(i.value, key).toBe(h.value);
      expect(i.effectiveWeight, key).toBe(h.weight);
      expect(i.points, key).toBe(h.points);
    }
    expect(b.total).toBe(38.66); // 4.76 + 7.86 + 14.29 + 7.14 + 3.57 + 1.04
    // Indicators without a record this year are dropped, and the page says why.
    for (const key of ['seminars', 'evaluation', 'tests', 'lectures', 'inspection']) {
      expect(by(key).included, key).toBe(false);
      expect(by(key).dropped).toContain('本年度没有记录');
      expect(by(key).points).toBe(0);
    }
  });

  it('lists the records behind each number, with links', async () => {
    const b = (await zhang.get(`/api/scorecard/${YEAR}/members/${world.members.mZhang.id}`)).json();
    const by = (k: string) => b.indicators.find((i: { key: string }) => i.key === k);
    expect(by('books').records.map((r: { label: string }) => r.label)).toEqual(['《习近平新时代中国特色社会主义思想学习纲要》', '《乡土中国》', '《乡土中国》']);
    expect(by('books').records[2].detail).toContain('重复');
    expect(by('reflections').records).toHaveLength(4);
    expect(by('reflections').records.every((r: { link: string }) => r.link.startsWith('/reflections/'))).toBe(true);
    const june = by('daily').records.find((r: { label: string }) => r.label === '6月');
    expect(june.detail).toBe('应学 30 天，达标 11 天');
    const sessions = by('sessions').records.map((r: { label: string; detail: string }) => `${r.label}:${r.detail.slice(0, 3)}`);
    expect(sessions).toEqual(['学习贯彻党的二十届三中全会精神:已签到', '乡村振兴专题学习:请假获', '基层治理专题:缺席']);
    expect(by('online').records.map((r: { detail: string }) => r.detail)).toEqual(['1.5 学时，计 1.5 学时', '90 分钟，计 2 学时']);
    expect(b.unitRank).toBe(1);
    expect(b.townRank).toBe(1);
  });

  it('a member without sessions due has that indicator not applying, the rest renormalised', async () => {
    const b = (await li.get(`/api/scorecard/${YEAR}/members/${world.members.mLi.id}`)).json();
    const s = b.indicators.find((i: { key: string }) => i.key === 'sessions');
    expect(s.value).toBeNull();
    expect(s.effectiveWeight).toBe(0);
    expect(b.indicators.find((i: { key: string }) => i.key === 'books').effectiveWeight).toBe(33.33); // 20 × 100 ÷ 60
    expect(b.total).toBe(0);
  });
});

describe('ranking and export', () => {
  it('ranks within unit and town; the clerk sees the town', async () => {
    const res = await clerkA.get(`/api/scorecard/${YEAR}/scores`);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    expect(data.unit.id).toBe(world.townA.id);
    const names = data.rows.map((r: { name: string }) => r.name);
    expect(names[0]).toBe('张三');
    expect(names).toContain('李四');
    expect(names).not.toContain('钱多');
    const zeroes = data.rows.filter((r: { total: number }) => r.total === 0);
    // Everyone else scores 0: one shared rank (并列), the next one skipped.
    expect(new Set(zeroes.map((r: { townRank: number }) => r.townRank))).toEqual(new Set([2]));
    expect(data.tieRule).toContain('并列');
  });

  it('exports the scores as .xlsx with the formulas', async () => {
    const res = await clerkA.get(`/api/scorecard/${YEAR}/scores.xlsx`);
    expect(res.statusCode).toBe(200);
    const rows = await readXlsxRows(res.rawPayload);
    expect(rows[0]!.cells[0]).toContain('2026 年度读书学习量化考核得分');
    const header = rows[1]!.cells;
    expect(header).toContain('总分');
    const zhangRow = rows.find((r) => r.cells.includes('张三'))!;
    expect(Number(zhangRow.cells[header.indexOf('总分')])).toBe(38.66);
    expect(Number(zhangRow.cells[header.findIndex((h) => h.startsWith('读完书本数'))])).toBe(4.76);
  });
});

describe('the weight set', () => {
  const body = (over: Record<string, number> = {}) => ({
    indicators: ['books', 'daily', 'reflections', 'sessions', 'seminars', 'evaluation', 'tests', 'practice', 'lectures', 'online', 'inspection'].map((key) => ({
      key,
      weight: over[key] ?? { books: 20, daily: 15, reflections: 15, sessions: 10, seminars: 5, evaluation: 10, tests: 10, practice: 5, lectures: 5, online: 5, inspection: 0 }[key]!,
      target: key === 'books' ? 12 : key === 'practice' ? 4 : key === 'lectures' ? 1 : key === 'online' ? 24 : key === 'reflections' ? 12 : key === 'inspection' ? 2 : 100,
      cap: key === 'inspection' ? 10 : 100,
    })),
  });

  it('refuses a set that does not sum to 100 and changes nothing', async () => {
    const res = await clerkA.put(`/api/scorecard/${YEAR}/indicators`, body({ books: 30 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('各项权重合计须为 100，当前为 110');
    const w = (await clerkA.get(`/api/scorecard/${YEAR}/indicators`)).json();
    expect(w.indicators.find((i: { key: string }) => i.key === 'books').weight).toBe(20);
  });

  it('renormalises with a warning when the setting says so, and the score follows', async () => {
    await t.db.transaction().execute((trx) => t.svc.settings.set(trx, 'scores.renormaliseWeights', YEAR, true, ['clerk'], world.users.clerkA.id));
    const res = await clerkA.put(`/api/scorecard/${YEAR}/indicators`, body({ books: 40, daily: 20, reflections: 20, sessions: 20, seminars: 0, evaluation: 0, tests: 0, practice: 10, lectures: 0, online: 10 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().warning).toBe('各项权重合计为 120，已按比例折算为 100');
    const w = res.json().indicators;
    // 40/120 = 33.33 → 33 … largest remainders round up to a total of exactly 100.
    const weights = Object.fromEntries(w.map((i: { key: string; weight: number }) => [i.key, i.weight]));
    expect(weights).toMatchObject({ books: 33, daily: 17, reflections: 17, sessions: 17, practice: 8, online: 8 });
    expect(Object.values(weights).reduce((a: number, b) => a + (b as number), 0)).toBe(100);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'scorecard.weights.set').execute();
    expect(audit).toHaveLength(1);
    const b = (await zhang.get(`/api/scorecard/${YEAR}/members/${world.members.mZhang.id}`)).json();
    expect(b.countedWeight).toBe(100);
    expect(b.indicators.find((i: { key: string }) => i.key === 'books').points).toBe(5.5); // 33 × 2/12
  });
});

describe('access', () => {
  const zid = () => world.members.mZhang.id;
  it('a member sees their own breakdown only', async () => {
    expect((await zhang.get(`/api/scorecard/${YEAR}/members/${world.members.mLi.id}`)).statusCode).toBe(403);
    expect((await zhang.get(`/api/scorecard/${YEAR}/scores`)).statusCode).toBe(403);
    expect((await zhang.get(`/api/scorecard/${YEAR}/scores.xlsx`)).statusCode).toBe(403);
    expect((await zhang.put(`/api/scorecard/${YEAR}/indicators`, { indicators: [] })).statusCode).toBe(403);
    expect((await zhang.get(`/api/scorecard/${YEAR}/indicators`)).statusCode).toBe(200);
  });
  it('the office and leading group of the town see its members; another town does not', async () => {
    expect((await clerkA.get(`/api/scorecard/${YEAR}/members/${zid()}`)).statusCode).toBe(200);
    expect((await leader.get(`/api/scorecard/${YEAR}/members/${zid()}`)).statusCode).toBe(200);
    expect((await inspector.get(`/api/scorecard/${YEAR}/members/${zid()}`)).statusCode).toBe(200);
    expect((await clerkB.get(`/api/scorecard/${YEAR}/members/${zid()}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/scorecard/${YEAR}/scores?unitId=${world.townA.id}`)).statusCode).toBe(403);
    const own = (await clerkB.get(`/api/scorecard/${YEAR}/scores`)).json();
    expect(own.rows.map((r: { name: string }) => r.name).sort()).toEqual(['赵强', '钱多'].sort());
    expect((await leader.put(`/api/scorecard/${YEAR}/indicators`, { indicators: [] })).statusCode).toBe(403);
  });
  it('administrators without a reading role see no scores', async () => {
    expect((await admin.get(`/api/scorecard/${YEAR}/scores`)).statusCode).toBe(403);
    expect((await security.get(`/api/scorecard/${YEAR}/members/${zid()}`)).statusCode).toBe(403);
    expect((await security.get(`/api/scorecard/${YEAR}/indicators`)).statusCode).toBe(403);
  });
  it('a future year is refused with a message', async () => {
    const res = await zhang.get(`/api/scorecard/2027/members/${zid()}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('年度应为');
  });
});
