// The indicators of the modules that landed after the score — seminar attendance, 书记评,
// quarterly tests, party lectures — by hand, indicator by indicator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld } from '../../../../test/world';
import { clock } from '../../../platform/time';

const NOW = new Date('2026-07-01T04:00:00Z');
const YEAR = 2026;
const iso = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+08:00`).toISOString();

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  world = await makeWorld(t.db);
  const db = t.db;
  const now = NOW.toISOString();
  const z = world.members.mZhang.id;
  const session = async (topic: string, day: string) => {
    const s = await db
      .insertInto('study_sessions')
      .values({ unit_id: world.officeA.id, plan_id: null, topic, starts_at: iso(day), ends_at: iso(day, '11:00'), minutes: 120, status: 'closed', qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('study_session_units').values({ session_id: s.id, unit_id: world.officeA.id }).execute();
    return s.id;
  };
  // Two seminars: 张三 checked in at the first only (1 of 2 = 50 %); spoke at both, graded 优秀 and 良好 (100, 85 → 92.5).
  for (const [day, theme, grade, checked] of [
    ['2026-03-12', '读《乡土中国》谈基层治理', '优秀', true],
    ['2026-05-14', '读《习近平谈治国理政》谈为民服务', '良好', false],
  ] as const) {
    const sid = await session(theme, day);
    const sem = await db
      .insertInto('seminars')
      .values({ unit_id: world.officeA.id, session_id: sid, month: day.slice(0, 7), theme, chair_user_id: world.users.leader.id, chair_name: '孙书记', status: 'signed', signed_at: now, created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('seminar_speakers').values({ seminar_id: sem.id, member_id: z, book_id: null, reflection_id: null, file_id: null, grade, score: null, evaluation: '联系实际', evaluated_at: now, evaluated_by: world.users.leader.id, created_at: now, updated_at: now }).execute();
    if (checked) await db.insertInto('check_ins').values({ session_id: sid, member_id: z, checked_at: iso(day, '08:58'), method: 'qr', recorded_by: null }).execute();
  }
  // One party lecture given (1 of 1); its session counts as a collective session too (not checked in).
  const lsid = await session('党课：弘扬读书学习之风', '2026-04-20');
  await db.insertInto('lectures').values({ unit_id: world.officeA.id, member_id: z, topic: '弘扬读书学习之风', status: 'scheduled', session_id: lsid, decision_note: null, decided_by: null, decided_at: null, created_by: null, created_at: now, updated_at: now }).execute();
  // Two closed papers for 甲镇: best of 60 and 80 on the first (0.8), none on the second (0) → 40 %.
  const paper = async (title: string, quarter: string, closes: string) => {
    const p = await db
      .insertInto('exam_papers')
      .values({ unit_id: world.townA.id, title, description: '', quarter, opens_at: iso(closes.replace(/-\d\d$/, '-01')), closes_at: iso(closes, '23:00'), time_limit_minutes: 30, max_attempts: 2, grading_method: 'highest', shuffle_questions: 0, shuffle_options: 0, review_after_submit: '{}', review_after_close: '{}', status: 'published', created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('exam_paper_units').values({ paper_id: p.id, unit_id: world.townA.id }).execute();
    return p.id;
  };
  const p1 = await paper('第一季度应知应会测试', '2026Q1', '2026-03-31');
  await paper('第二季度应知应会测试', '2026Q2', '2026-06-30');
  for (const [no, score] of [
    [1, 60],
    [2, 80],
  ])
    await db
      .insertInto('exam_attempts')
      .values({ paper_id: p1, member_id: z, unit_id: world.officeA.id, attempt_no: no!, open_slot: null, status: 'graded', started_at: iso('2026-03-20'), deadline_at: iso('2026-03-20', '09:30'), submitted_at: iso('2026-03-20', '09:20'), submitted_how: 'manual', score: score!, max_score: 100 })
      .execute();
  zhang = await signedIn(t.app, 'zhangsan');
});

afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

describe('indicators of seminars, lectures and tests', () => {
  it('match the hand computation', async () => {
    const res = await zhang.get(`/api/scorecard/${YEAR}/members/${world.members.mZhang.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    const by = (k: string) => b.indicators.find((i: { key: string }) => i.key === k);
    // Counted: sessions 10 + seminars 5 + evaluation 10 + tests 10 + lectures 5 = 40 → × 100 ÷ 40.
    expect(b.countedWeight).toBe(40);
    const hand = {
      sessions: { value: 33.33, weight: 25, points: 8.33 }, // 1 of 3 (two seminars, the lecture) → 25 × 1/3
      seminars: { value: 50, weight: 12.5, points: 6.25 }, // 12.5 × 0.5
      evaluation: { value: 92.5, weight: 25, points: 23.13 }, // 25 × 0.925 = 23.125
      tests: { value: 40, weight: 25, points: 10 }, // 25 × (0.8 + 0) / 2
      lectures: { value: 1, weight: 12.5, points: 12.5 }, // 12.5 × 1/1
    };
    for (const [key, h] of Object.entries(hand)) {
      const i = by(key);
      expect(i.included, key).toBe(true);
      expect(i.value, key).toBe(h.value);
      expect(i.effectiveWeight, key).toBe(h.weight);
      expect(i.points, key).toBe(h.points);
    }
    expect(b.total).toBe(60.21); // 8.33 + 6.25 + 23.13 + 10 + 12.5
    expect(by('evaluation').records.map((r: { detail: string }) => r.detail)).toEqual(['书记评：优秀，计 100 分', '书记评：良好，计 85 分']);
    expect(by('tests').records.map((r: { detail: string }) => r.detail)).toEqual(['最好成绩 80%', '未参加，计 0']);
    // Without any record this year the others are dropped, and say why.
    for (const key of ['books', 'daily', 'reflections', 'practice', 'online']) expect(by(key).dropped, key).toContain('没有记录');
    expect(by('inspection').dropped).toContain('没有记录');
  });
});
