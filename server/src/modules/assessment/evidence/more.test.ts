// The acceptance's evidence from seminars (§三.6), tests and lectures (§三.7) and online learning
// and practice (§三.8), read through those modules' providers, against a hand computation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { makeWorld } from '../../../../test/world';
import { clock } from '../../../platform/time';

// 1 July 2026, noon in Shanghai: January to June are over, July has begun.
const NOW = new Date('2026-07-01T04:00:00Z');
const YEAR = 2026;
const iso = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+08:00`).toISOString();

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

interface Fact {
  metric: string;
  text: string;
  value: number;
  of: number | null;
  ratio: number | null;
  link: string;
}
interface Ev {
  key: string;
  facts: Fact[];
  suggested: number | null;
}

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  w = await makeWorld(t.db);
  const db = t.db;
  const now = NOW.toISOString();
  const { mZhang, mClerkA, mLeader, mLi } = w.members;
  const session = async (unitId: number, topic: string, day: string, status = 'closed') => {
    const s = await db
      .insertInto('study_sessions')
      .values({ unit_id: unitId, plan_id: null, topic, starts_at: iso(day), ends_at: iso(day, '11:00'), minutes: 120, status, qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('study_session_units').values({ session_id: s.id, unit_id: unitId }).execute();
    return s.id;
  };
  const sessionIds: Record<string, number> = {};
  // Seminars. For 党政办 (甲镇): the town's March seminar (signed) and its own May seminar (held, minutes not signed) count;
  // 东风村's April seminar, 乙镇's February seminar and a cancelled June one do not.
  for (const [unitId, day, status] of [
    [w.townA.id, '2026-03-12', 'signed'],
    [w.officeA.id, '2026-05-14', 'scheduled'],
    [w.villageA.id, '2026-04-09', 'signed'],
    [w.townB.id, '2026-02-10', 'signed'],
    [w.officeA.id, '2026-06-11', 'cancelled'],
  ] as const) {
    const sid = await session(unitId, `研讨 ${day}`, day);
    sessionIds[day] = sid;
    await db
      .insertInto('seminars')
      .values({ unit_id: unitId, session_id: sid, month: day.slice(0, 7), theme: `研讨 ${day}`, chair_user_id: w.users.leader.id, chair_name: '孙书记', status, signed_at: status === 'signed' ? now : null, created_by: null, created_at: now, updated_at: now })
      .execute();
  }
  // Lectures: 张三's in April was given; 王芳's is set for August; 李四's is in another unit.
  for (const [memberId, unitId, day] of [
    [mZhang.id, w.officeA.id, '2026-04-20'],
    [mClerkA.id, w.officeA.id, '2026-08-20'],
    [mLi.id, w.villageA.id, '2026-05-20'],
  ] as const) {
    const sid = await session(unitId, '党课', day, day > '2026-07' ? 'scheduled' : 'closed');
    await db.insertInto('lectures').values({ unit_id: unitId, member_id: memberId, topic: `党课 ${day}`, status: 'scheduled', session_id: sid, decision_note: null, decided_by: null, decided_at: null, created_by: null, created_at: now, updated_at: now }).execute();
  }
  // Check-in: 张三 came to the May seminar; 孙书记 had leave approved for the town's March seminar; 王芳 came to 乙镇's (not hers).
  await db.insertInto('check_ins').values({ session_id: sessionIds['2026-05-14']!, member_id: mZhang.id, checked_at: iso('2026-05-14', '08:58'), method: 'qr', recorded_by: null }).execute();
  await db.insertInto('leave_requests').values({ session_id: sessionIds['2026-03-12']!, member_id: mLeader.id, reason: '出差', status: 'approved', requested_at: now, decided_at: now, decided_by: null, decision_note: null }).execute();
  await db.insertInto('check_ins').values({ session_id: sessionIds['2026-02-10']!, member_id: mClerkA.id, checked_at: iso('2026-02-10', '08:58'), method: 'qr', recorded_by: null }).execute();
  // Study logs: 张三 meets the 60 minutes on Monday 2 March (40 + 20 of two kinds) and Tuesday 3 March; 孙书记's 30 minutes
  // on the 2nd fall short; 张三's Saturday is no required day.
  for (const [memberId, day, kind, minutes] of [
    [mZhang.id, '2026-03-02', 'reading', 40],
    [mZhang.id, '2026-03-02', 'online', 20],
    [mZhang.id, '2026-03-03', 'reading', 60],
    [mLeader.id, '2026-03-02', 'reading', 30],
    [mZhang.id, '2026-03-07', 'reading', 90],
  ] as const)
    await db.insertInto('study_logs').values({ member_id: memberId, day, kind, minutes, book_id: null, book_title: null, progress: '', note: '', source: 'manual', source_ref: null, created_at: now }).execute();
  // Papers for 甲镇 that closed on 31 March and 30 June; one still open; one for 乙镇.
  const paper = async (unitId: number, quarter: string, closes: string) => {
    const p = await db
      .insertInto('exam_papers')
      .values({ unit_id: unitId, title: `${quarter} 测试`, description: '', quarter, opens_at: iso(`${closes.slice(0, 8)}01`), closes_at: iso(closes, '23:00'), time_limit_minutes: 30, max_attempts: 2, grading_method: 'highest', shuffle_questions: 0, shuffle_options: 0, review_after_submit: '{}', review_after_close: '{}', status: 'published', created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('exam_paper_units').values({ paper_id: p.id, unit_id: unitId }).execute();
    return p.id;
  };
  const p1 = await paper(w.townA.id, '2026Q1', '2026-03-31');
  const p2 = await paper(w.townA.id, '2026Q2', '2026-06-30');
  const p3 = await paper(w.townA.id, '2026Q3', '2026-09-30');
  const pB = await paper(w.townB.id, '2026Q1', '2026-03-31');
  let n = 0;
  const attempt = (paperId: number, memberId: number, status: string, score: number | null) =>
    db
      .insertInto('exam_attempts')
      .values({ paper_id: paperId, member_id: memberId, unit_id: w.officeA.id, attempt_no: ++n, open_slot: null, status, started_at: iso('2026-03-20'), deadline_at: iso('2026-03-20', '09:30'), submitted_at: iso('2026-03-20', '09:20'), submitted_how: 'manual', score, max_score: 100 })
      .execute();
  // 张三: Q1 best of 60 and 80 (0.8), Q2 90 (0.9); 孙书记: Q1 handed in, not graded yet; 王芳: nothing.
  await attempt(p1, mZhang.id, 'graded', 60);
  await attempt(p1, mZhang.id, 'graded', 80);
  await attempt(p2, mZhang.id, 'graded', 90);
  await attempt(p1, mLeader.id, 'submitted', null);
  // Neither an open paper nor another town's counts.
  await attempt(p3, mClerkA.id, 'graded', 100);
  await attempt(pB, mClerkA.id, 'graded', 100);
  // Online learning: 张三 twice this year, 孙书记 only last year; practice: 王芳 once.
  for (const [memberId, day] of [
    [mZhang.id, '2026-02-03'],
    [mZhang.id, '2026-05-06'],
    [mLeader.id, '2025-11-03'],
  ] as const)
    await db.insertInto('online_learning').values({ member_id: memberId, day, platform: '学习强国', content: '', minutes: 40, credit_tenths: null, points: null, evidence_file_id: null, source: 'self', import_key: null, created_by: null, created_at: now }).execute();
  await db.insertInto('practice_activities').values({ member_id: mClerkA.id, day: '2026-04-15', kind: 'volunteer', title: '志愿服务', description: '', minutes: 90, photo_file_ids: '[]', created_at: now }).execute();
});

afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

describe('evidence of seminars, tests, lectures and online learning', () => {
  it('fills the checklist items of §三.6, §三.7 and §三.8 as a hand computation says, with links', async () => {
    const clerk = await signedIn(t.app, 'clerka');
    const res = await clerk.get(`/api/assessment/acceptance/${YEAR}/units/${w.officeA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const ev = res.json().evidence as Ev[];
    const item = (key: string) => ev.find((e) => e.key === key)!;
    const fact = (key: string, metric: string) => item(key).facts.find((f) => f.metric === metric)!;

    // Six months are over (none held in July yet): held in March and May (2), signed in March (1) → (2 + 1) ÷ 12 = 0.25 of 8 points.
    const sem = fact('seminars', 'seminars.held');
    expect(sem.text).toBe('应召开 6 个月，2 个月已召开（共 2 次），1 个月书记点评并签发纪要（1 次）');
    expect(sem.ratio).toBe(0.25);
    expect(sem.link).toBe(`/console/seminars?unitId=${w.officeA.id}`);
    expect(item('seminars').suggested).toBe(2);

    // Two closed papers × 3 cadres = 6 due; 张三 twice and 孙书记 once took them (3, 50 %); graded: 0.8 and 0.9 → 85 %.
    const taken = fact('tests', 'exams.taken');
    expect([taken.value, taken.of, taken.ratio]).toEqual([3, 6, 0.5]);
    expect(taken.text).toBe('应参加 6 人次，参加 3 人次（50.0%）');
    const avg = fact('tests', 'exams.average');
    expect(avg.ratio).toBeCloseTo(0.85, 10);
    expect(avg.text).toBe('2 人次已评分，平均得分率 85.0%（每人每卷取最好一次）');
    // The lecture given in April stands beside them; August's is still to come.
    expect(fact('tests', 'lectures.given').text).toBe('1 名干部讲党课 1 次');
    // The suggestion follows the participation alone: 0.5 × 8.
    expect(item('tests').suggested).toBe(4);
    expect(item('tests').facts.map((f) => f.metric)[0]).toBe('exams.taken');

    // 1 of 3 cadres learned online this year (last year's record does not count); 1 of 3 kept a practice record.
    const online = fact('online', 'learning.online');
    expect(online.text).toBe('3 名干部中 1 人有线上学习记录（33.3%），共 2 条');
    expect(fact('online', 'learning.practice').text).toBe('3 名干部中 1 人有实践活动记录（33.3%），共 1 条');
    expect(item('online').suggested).toBe(2); // 1/3 × 6 = 2

    // Check-in (§三.4): the sessions held for 党政办 or 甲镇 that have ended — March (town), April (lecture), May, and June's
    // (its seminar was cancelled, the session itself was held) — × 3 cadres = 12, less 孙书记's approved leave = 11; 1 came.
    const checkin = fact('checkin', 'sessions.checkInRate');
    expect(checkin.text).toBe('应到 11 人次（不含批准请假），签到 1 人次（9.1%）');
    expect(item('checkin').suggested).toBe(1); // 1/11 × 12 = 1.09 → 1

    // Daily target (§三.5): 2 member-days met of (required days × 3 cadres).
    const daily = fact('daily', 'study.dailyCompliance');
    const m = /^(\d+) 个应学日 × 3 人，达标 2 人次（/.exec(daily.text);
    expect(m, daily.text).not.toBeNull();
    expect([daily.value, daily.of]).toEqual([2, Number(m![1]) * 3]);
    // Logs kept stands beside it: 张三 and 孙书记.
    expect(fact('daily', 'study.logsKept').text).toBe('3 名干部中 2 人有学习记录');

    // The town as a whole: 东风村's April seminar joins (3 months held), 李四's lecture too.
    const town = (await clerk.get(`/api/assessment/acceptance/${YEAR}/units/${w.townA.id}`)).json().evidence as Ev[];
    expect(town.find((e) => e.key === 'seminars')!.facts[0]!.text).toBe('应召开 6 个月，3 个月已召开（共 3 次），2 个月书记点评并签发纪要（2 次）');
    expect(town.find((e) => e.key === 'tests')!.facts.find((f) => f.metric === 'lectures.given')!.text).toBe('2 名干部讲党课 2 次');
  });

  it('are not shown to another town’s clerk', async () => {
    const clerkB = await signedIn(t.app, 'clerkb');
    expect((await clerkB.get(`/api/assessment/acceptance/${YEAR}/units/${w.officeA.id}`)).statusCode).toBe(404);
  });
});
