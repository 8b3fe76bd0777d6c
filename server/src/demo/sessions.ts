import crypto from 'node:crypto';
import type { DemoContext, DemoCounts } from './context';
import { tellClerksOfLeave } from '../modules/sessions/service';
import { localDayOfIso } from '../platform/time';

// X镇's annual study plan, its required books, and a year of collective study
// (two sessions a month) with realistic attendance: most on time, a few late,
// some on approved leave, a few absent; one session next week, and one open
// for check-in right now (it began a quarter of an hour before the demo was
// loaded), so the meeting-room screen shows a live code.

const THEMES: [string, string][] = [
  ['深入学习贯彻习近平新时代中国特色社会主义思想', '原原本本学习《习近平新时代中国特色社会主义思想学习纲要（2023年版）》，围绕“十个明确”“十四个坚持”开展专题研讨。'],
  ['学习贯彻全国两会精神', '学习政府工作报告，结合全镇年度重点工作谈认识、谈打算。'],
  ['党纪学习教育', '逐章学习《中国共产党纪律处分条例》，观看警示教育片，开展廉政谈话。'],
  ['党史学习教育', '学习《中国共产党简史》，重温入党誓词，赴红色教育基地开展现场教学。'],
  ['学习习近平关于“三农”工作的重要论述', '学习《习近平关于“三农”工作论述摘编》，围绕乡村振兴开展调研交流。'],
  ['迎“七一”专题学习', '学习党章，交流“我为群众办实事”实践体会，开展“七一”主题党日活动。'],
  ['深入学习党的二十届三中全会精神（一）', '学习全会《决定》，重点学习进一步全面深化改革的总目标和重大原则。'],
  ['深入学习党的二十届三中全会精神（二）', '结合基层治理、营商环境，研讨改革任务在镇村的落实举措。'],
  ['学习习近平法治思想', '学习《民法典》和基层依法行政相关法规，开展以案释法。'],
  ['意识形态与网络安全专题', '学习意识形态工作责任制有关规定，开展网络安全和保密教育。'],
  ['学习习近平生态文明思想', '学习“绿水青山就是金山银山”理念，结合河长制、林长制工作交流。'],
  ['年度学习总结与述学评学', '开展年度述学、评学、考学，交流读书心得，评选“书香干部”。'],
];

const TOPICS = [
  '专题学习：',
  '集中研讨：',
];

const PLACES = ['镇机关三楼会议室', '镇党群服务中心报告厅', '镇机关二楼会议室'];
const HOSTS = ['周建国', '陈志强'];
const LEAVE_REASONS = ['到区里参加业务培训', '下村处理信访事项', '防汛值班', '陪同上级部门检查', '病假', '参加区人大会议'];

const DAY_MS = 86_400_000;
const dayOf = (s: string) => Math.floor(Date.parse(`${s}T00:00:00Z`) / DAY_MS);
const dateOf = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const toIso = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const addMin = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
/** Saturday → Friday, Sunday → Monday. */
const weekday = (d: number) => {
  const wd = new Date(d * DAY_MS).getUTCDay();
  return wd === 6 ? d - 1 : wd === 0 ? d + 1 : d;
};

export async function seedSessionDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, rng: r } = ctx;
  const now = new Date().toISOString();
  const year = Number(ctx.today.slice(0, 4));
  const counts = { studyPlans: 0, requiredBooks: 0, studySessions: 0, checkIns: 0, leaveRequests: 0 };
  const clerkUser = ctx.accounts.clerk?.userId ?? null;

  const town = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', ctx.townId).executeTakeFirstOrThrow();
  const plan = await db
    .insertInto('study_plans')
    .values({ unit_id: town.id, year, title: `${town.name}${year}年度学习计划安排表`, notes: '以习近平新时代中国特色社会主义思想为指导，坚持集中学习与个人自学相结合，每月至少组织两次集中学习，每名干部每月至少读一本书、每天学习不少于一小时。', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  counts.studyPlans++;
  await db
    .insertInto('study_plan_months')
    .values(THEMES.map(([theme, content], i) => ({ plan_id: plan.id, month: i + 1, theme, content })))
    .execute();

  // Required books: the theory shelf first.
  const theory = await db.selectFrom('books').select(['id', 'title']).where('category', '=', '思想理论').orderBy('id').limit(10).execute();
  const history = await db.selectFrom('books').select(['id', 'title']).where('category', 'in', ['历史', '法律']).orderBy('id').limit(3).execute();
  const required = [...theory.slice(0, 8), ...history.slice(0, 2)];
  const requiredRows = required.map((b, i) => ({ plan_id: plan.id, book_id: b.id, month: i < 10 ? [1, 2, 3, 5, 7, 8, 11, 1, 4, 9][i] : null, note: '' }));
  if (requiredRows.length) await db.insertInto('required_books').values(requiredRows).execute();
  counts.requiredBooks = requiredRows.length;

  // Everyone of the town attends (the town is the attending unit; its subtree is every office and village).
  const members = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id'])
    .where('m.status', '=', 'active')
    .where('u.path', 'like', `${town.path}%`)
    .orderBy('m.id')
    .execute();
  // A few habitually late or absent, so the numbers tell a story.
  const habit = new Map(members.map((m) => [m.id, r.next() < 0.1 ? 'loose' : 'steady']));

  const todayDay = dayOf(ctx.today);
  const nowMs = Date.now();
  const sessions: { day: string; start: string; end: string; month: number; idx: number }[] = [];
  const [ty, tm] = ctx.today.split('-').map(Number);
  for (let k = 11; k >= 0; k--) {
    const mDate = new Date(Date.UTC(ty, tm - 1 - k, 1));
    const y = mDate.getUTCFullYear();
    const m = mDate.getUTCMonth() + 1;
    for (const [idx, dom] of [8, 22].entries()) {
      const d = weekday(dayOf(`${y}-${String(m).padStart(2, '0')}-${String(dom).padStart(2, '0')}`));
      const [start, end] = idx === 0 ? ['09:00', '11:00'] : ['14:30', '16:30'];
      if (Date.parse(toIso(dateOf(d), end)) < nowMs - 3_600_000) sessions.push({ day: dateOf(d), start, end, month: m, idx });
    }
  }

  const makeSession = async (s: { day: string; start: string; end: string; topic: string; status: string; place: string; host: string } | { startsAt: string; endsAt: string; day: string; topic: string; status: string; place: string; host: string }) => {
    const startsAt = 'startsAt' in s ? s.startsAt : toIso(s.day, s.start);
    const endsAt = 'endsAt' in s ? s.endsAt : toIso(s.day, s.end);
    const row = await db
      .insertInto('study_sessions')
      .values({
        unit_id: town.id,
        plan_id: s.day.startsWith(String(year)) ? plan.id : null,
        topic: s.topic,
        place: s.place,
        host: s.host,
        starts_at: startsAt,
        ends_at: endsAt,
        minutes: Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000),
        status: s.status,
        qr_secret: crypto.randomBytes(32).toString('base64url'),
        opened_at: s.status === 'scheduled' ? null : addMin(startsAt, -30),
        closed_at: s.status === 'closed' ? endsAt : null,
        created_by: clerkUser,
        created_at: addMin(startsAt, -7 * 24 * 60),
        updated_at: addMin(startsAt, -7 * 24 * 60),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('study_session_units').values({ session_id: row.id, unit_id: town.id }).execute();
    counts.studySessions++;
    return { id: row.id, startsAt, endsAt, topic: s.topic, minutes: Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000) };
  };

  for (const s of sessions) {
    const [theme] = THEMES[s.month - 1];
    const topic = s.idx === 0 ? theme : `${TOPICS[1]}${theme.replace(/^(深入)?学习(贯彻)?/, '')}`;
    const made = await makeSession({ day: s.day, start: s.start, end: s.end, topic, status: 'closed', place: r.pick(PLACES), host: r.pick(HOSTS) });
    const checkRows: { session_id: number; member_id: number; checked_at: string; method: string; recorded_by: number | null }[] = [];
    const leaveRows: { session_id: number; member_id: number; reason: string; status: string; requested_at: string; decided_at: string | null; decided_by: number | null; decision_note: string | null }[] = [];
    for (const m of members) {
      const loose = habit.get(m.id) === 'loose';
      const x = r.next();
      const pLate = loose ? 0.35 : 0.05;
      const pLeave = loose ? 0.1 : 0.06;
      const pAbsent = loose ? 0.15 : 0.02;
      if (x < pLeave) {
        const requested = addMin(made.startsAt, -r.int(60, 3 * 24 * 60));
        leaveRows.push({ session_id: made.id, member_id: m.id, reason: r.pick(LEAVE_REASONS), status: 'approved', requested_at: requested, decided_at: addMin(requested, r.int(10, 300)), decided_by: clerkUser, decision_note: null });
      } else if (x < pLeave + pAbsent) {
        // absent: nothing recorded
      } else if (x < pLeave + pAbsent + pLate) {
        checkRows.push({ session_id: made.id, member_id: m.id, checked_at: addMin(made.startsAt, r.int(6, 25) + r.next()), method: 'qr', recorded_by: null });
      } else {
        const manual = r.next() < 0.02;
        checkRows.push({ session_id: made.id, member_id: m.id, checked_at: addMin(made.startsAt, -r.int(1, 25) + r.next()), method: manual ? 'manual' : 'qr', recorded_by: manual ? clerkUser : null });
      }
    }
    if (checkRows.length) {
      const ids = await db.insertInto('check_ins').values(checkRows).returning(['id', 'member_id']).execute();
      await db
        .insertInto('study_logs')
        .values(ids.map((c) => ({ member_id: c.member_id, day: s.day, kind: 'session', minutes: made.minutes, book_id: null, book_title: null, progress: '', note: topic, source: 'checkin', source_ref: String(c.id), created_at: made.endsAt })))
        .execute();
      counts.checkIns += ids.length;
    }
    if (leaveRows.length) {
      await db.insertInto('leave_requests').values(leaveRows).execute();
      counts.leaveRequests += leaveRows.length;
    }
  }

  // Next week's session, with two leave requests waiting for the clerk.
  const next = dateOf(weekday(todayDay + 7));
  const curMonth = Number(ctx.today.slice(5, 7));
  const upcoming = await makeSession({ day: next, start: '09:00', end: '11:00', topic: THEMES[curMonth - 1][0], status: 'scheduled', place: PLACES[0], host: HOSTS[0] });
  for (const m of members.slice(3, 5)) {
    const reason = r.pick(LEAVE_REASONS);
    const leave = await db.insertInto('leave_requests').values({ session_id: upcoming.id, member_id: m.id, reason, status: 'pending', requested_at: now, decided_at: null, decided_by: null, decision_note: null }).returning('id').executeTakeFirstOrThrow();
    // The clerk's inbox tells of them, as it does when a cadre asks on the phone.
    await tellClerksOfLeave(db, { unit_path: town.path, starts_at: upcoming.startsAt, topic: upcoming.topic }, { id: leave.id, memberId: m.id, reason, requestedAt: now });
    counts.leaveRequests++;
  }
  // A session open for check-in whenever the demo is loaded: it began 15 minutes ago (on a 5-minute mark) and runs two hours.
  const FIVE_MIN = 5 * 60_000;
  const liveStart = new Date(Math.floor((nowMs - 15 * 60_000) / FIVE_MIN) * FIVE_MIN).toISOString();
  const liveDay = localDayOfIso(liveStart);
  const liveTopic = `${TOPICS[0]}${THEMES[curMonth - 1][0].replace(/^(深入)?学习(贯彻)?/, '')}`;
  const live = await makeSession({
    startsAt: liveStart,
    endsAt: addMin(liveStart, 120),
    day: liveDay,
    topic: liveTopic,
    status: 'open',
    place: PLACES[1],
    host: HOSTS[1],
  });
  // A dozen colleagues have already scanned in (not the demo accounts, whose own day stays as it is).
  const demoMembers = new Set(Object.values(ctx.accounts).map((a) => a.memberId));
  const early = members.filter((m) => !demoMembers.has(m.id)).filter(() => r.next() < 0.12).slice(0, 12);
  if (early.length) {
    const ids = await db
      .insertInto('check_ins')
      .values(early.map((m) => ({ session_id: live.id, member_id: m.id, checked_at: new Date(Date.parse(liveStart) - r.int(0, 10 * 60_000) + r.int(0, 14 * 60_000)).toISOString(), method: 'qr', recorded_by: null })))
      .returning(['id', 'member_id'])
      .execute();
    await db
      .insertInto('study_logs')
      .values(ids.map((c) => ({ member_id: c.member_id, day: liveDay, kind: 'session', minutes: live.minutes, book_id: null, book_title: null, progress: '', note: liveTopic, source: 'checkin', source_ref: String(c.id), created_at: now })))
      .execute();
    counts.checkIns += ids.length;
  }

  // Who has read the required books: when the reading-plan demo did not cover them, finished items for most members.
  for (const [i, b] of required.entries()) {
    const month = requiredRows[i].month ?? 1;
    if (month > curMonth) continue;
    const have = await db.selectFrom('reading_plan_items').select('id').where('book_id', '=', b.id).where('status', '=', 'finished').limit(5).execute();
    if (have.length >= 5) continue;
    const share = 0.45 + r.next() * 0.4;
    const ym = `${year}-${String(month).padStart(2, '0')}`;
    const rows = members
      .filter(() => r.next() < share)
      .map((m) => {
        const fin = `${ym}-${String(r.int(10, 28)).padStart(2, '0')}`;
        return { member_id: m.id, month: ym, book_id: b.id, own_title: null, own_author: null, target_on: `${ym}-28`, status: 'finished', finished_on: fin > ctx.today ? ctx.today : fin, created_at: `${ym}-02T01:00:00.000Z`, updated_at: now };
      });
    if (rows.length) await db.insertInto('reading_plan_items').values(rows).execute();
  }
  return counts;
}
