// Providers of the indicators whose modules exist: reading plans (books finished),
// the study log (daily target), reflections, collective sessions, and the learning
// module (practice, online learning). Other modules register theirs the same way.
import { studyRules } from '../../study/rules';
import { addDays, daysBetween, loadCalendarBook } from '../../../platform/workcalendar';
import { formatLocal } from '../../../platform/time';
import { periodSoFar, registerIndicator, type Evidence, type IndicatorProvider, type MemberRef, type ScoreContext } from './registry';
import * as repo from './repository';

const fmt1 = (n: number) => (Math.round(n * 10) / 10).toString();

const books: IndicatorProvider = {
  key: 'books',
  kind: 'weighted',
  valueUnit: '本',
  formula: (p) => `本年阅读计划中标为“已读完”的书（同一本书只计一次）÷ ${p.target} 本，最高按满分的 ${p.cap}% 计`,
  hasData: (ctx) => repo.anyFinishedBook(ctx.svc.db, ctx.from, ctx.to),
  async values(ctx, _members, rootPath) {
    const rows = await repo.finishedBooksByMember(ctx.svc.db, rootPath, ctx.from, ctx.to);
    const out = new Map<number, number>();
    for (const m of _members) out.set(m.id, 0);
    for (const r of rows) out.set(r.member_id, Number(r.n));
    return out;
  },
  async records(ctx, member) {
    const rows = await repo.finishedBooksOf(ctx.svc.db, member.id, ctx.from, ctx.to);
    const seen = new Set<string>();
    return rows.map((r) => {
      const key = r.book_id != null ? String(r.book_id) : `o:${r.own_title ?? ''}`;
      const repeat = seen.has(key);
      seen.add(key);
      const title = r.title ?? r.own_title ?? '（未填书名）';
      return {
        day: r.finished_on,
        label: `《${title}》`,
        detail: `${r.month} 阅读计划，${r.finished_on} 读完${repeat ? '（重复，不再计）' : ''}`,
        link: `/study/plan?month=${r.month}`,
        consoleLink: null,
      };
    });
  },
};

/**
 * Required days of the year up to yesterday (today is not over), from the member's first record's month,
 * per calendar: members under one scope of the holiday calendar (a town's own, or the district's) share
 * one list (issue 12 item 7).
 */
async function dailySetup(ctx: ScoreContext) {
  const rules = await studyRules(ctx.svc, ctx.year);
  const last = ctx.to >= ctx.today ? addDays(ctx.today, -1) : ctx.to;
  const book = await loadCalendarBook(ctx.svc.db, ctx.from, ctx.to);
  const all = last >= ctx.from ? daysBetween(ctx.from, last) : [];
  const lists = new Map<string, { days: string[]; excluded: string[] }>();
  const of = (unitPath: string) => {
    const key = book.keyOf(unitPath);
    let l = lists.get(key);
    if (!l) {
      const cal = book.for(key);
      l = { days: all.filter((d) => cal.isRequired(d, rules)), excluded: all.filter((d) => !cal.isRequired(d, rules)) };
      lists.set(key, l);
    }
    return { key, ...l };
  };
  return { rules, last, of };
}

/** Required days from `start` (a day) onward, by binary search in the sorted list. */
function countFrom(days: string[], start: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return days.length - lo;
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

const daily: IndicatorProvider = {
  key: 'daily',
  kind: 'weighted',
  valueUnit: '%',
  formula: async (p, ctx) => {
    const rules = await studyRules(ctx.svc, ctx.year);
    return `达标天数 ÷ 应学天数 × 100%（应学天数：本年工作日${rules.countWeekends ? '及周末' : ''}${rules.countHolidays ? '及节假日' : ''}，截至昨日；年中开始记录的干部自其第一条学习记录当月1日起；某天各类学习时间按计入比例折算后不少于 ${rules.dailyMinutes} 分钟为达标），再 ÷ ${p.target}%，最高按满分的 ${p.cap}% 计`;
  },
  hasData: (ctx) => repo.anyStudyLog(ctx.svc.db, ctx.from, ctx.to),
  async values(ctx, members, rootPath) {
    const { rules, last, of } = await dailySetup(ctx);
    // One count per calendar the members live under (one, unless a town keeps its own entries).
    const keys = new Map<string, string[]>();
    for (const m of members) {
      const { key, excluded } = of(m.unitPath);
      keys.set(key, excluded);
    }
    const [first, ...oks] = await Promise.all([
      repo.firstStudyDayByMember(ctx.svc.db, rootPath, ctx.from, ctx.to),
      ...[...keys].map(([key, excluded]) => repo.compliantDaysByMember(ctx.svc.db, key.length > rootPath.length ? key : rootPath, ctx.from, last, excluded, rules.weights, rules.dailyMinutes)),
    ]);
    const okByKey = new Map([...keys.keys()].map((key, i) => [key, new Map(oks[i]!.map((r) => [r.member_id, Number(r.n)]))]));
    const firstBy = new Map(first.map((r) => [r.member_id, r.first]));
    const out = new Map<number, number>();
    for (const m of members) {
      const { key, days } = of(m.unitPath);
      const okBy = okByKey.get(key)!;
      const f = firstBy.get(m.id);
      const due = f ? countFrom(days, monthStart(f)) : days.length;
      if (due === 0) continue;
      out.set(m.id, ((okBy.get(m.id) ?? 0) * 100) / due);
    }
    return out;
  },
  async records(ctx, member) {
    const { rules, of } = await dailySetup(ctx);
    const { days } = of(member.unitPath);
    const rows = await repo.weightedDaysOf(ctx.svc.db, member.id, ctx.from, ctx.to, rules.weights);
    const first = rows.map((r) => r.day).sort()[0];
    const start = first ? monthStart(first) : ctx.from;
    const minutes = new Map(rows.map((r) => [r.day, Math.floor(Number(r.wm) / 100)]));
    const byMonth = new Map<string, { due: number; ok: number }>();
    for (const d of days) {
      if (d < start) continue;
      const m = byMonth.get(d.slice(0, 7)) ?? { due: 0, ok: 0 };
      m.due++;
      if ((minutes.get(d) ?? 0) >= rules.dailyMinutes) m.ok++;
      byMonth.set(d.slice(0, 7), m);
    }
    return [...byMonth].map(([month, m]) => ({
      day: `${month}-01`,
      label: `${Number(month.slice(5))}月`,
      detail: `应学 ${m.due} 天，达标 ${m.ok} 天`,
      link: '/study',
      consoleLink: null,
    }));
  },
};

const APPROVED = new Set(['approved', 'excellent', 'reported']);
const EXCELLENT = new Set(['excellent', 'reported']);
const STATUS_LABEL: Record<string, string> = { submitted: '待审核', returned: '已退回', approved: '审核通过', excellent: '优秀', reported: '优秀（已上报）' };

async function reflectionPoints(ctx: ScoreContext) {
  const s = ctx.svc.settings;
  const [submitted, approved, excellent] = await Promise.all([
    s.int('scores.reflectionPointsSubmitted', ctx.year),
    s.int('scores.reflectionPointsApproved', ctx.year),
    s.int('scores.reflectionPointsExcellent', ctx.year),
  ]);
  return { submitted, approved, excellent };
}

const pointsOf = (status: string, p: { submitted: number; approved: number; excellent: number }) =>
  p.submitted + (APPROVED.has(status) ? p.approved : 0) + (EXCELLENT.has(status) ? p.excellent : 0);

const reflections: IndicatorProvider = {
  key: 'reflections',
  kind: 'weighted',
  valueUnit: '分',
  formula: async (p, ctx) => {
    const pts = await reflectionPoints(ctx);
    return `本年提交的心得每篇计 ${pts.submitted} 分，审核通过的再加 ${pts.approved} 分，评为优秀的再加 ${pts.excellent} 分；合计 ÷ ${p.target} 分，最高按满分的 ${p.cap}% 计`;
  },
  hasData: (ctx) => repo.anyReflection(ctx.svc.db, ctx.year),
  async values(ctx, members, rootPath) {
    const pts = await reflectionPoints(ctx);
    const rows = await repo.reflectionCountsByMember(ctx.svc.db, rootPath, ctx.year);
    const out = new Map<number, number>();
    for (const m of members) out.set(m.id, 0);
    for (const r of rows) out.set(r.member_id, (out.get(r.member_id) ?? 0) + Number(r.n) * pointsOf(r.status, pts));
    return out;
  },
  async records(ctx, member) {
    const pts = await reflectionPoints(ctx);
    const rows = await repo.reflectionsOf(ctx.svc.db, member.id, ctx.year);
    return rows.map((r) => ({
      day: r.submitted_at ? formatLocal(r.submitted_at, 'YYYY-MM-DD') : null,
      label: r.title,
      detail: `${STATUS_LABEL[r.status] ?? r.status}，${r.char_count} 字，计 ${pointsOf(r.status, pts)} 分`,
      link: `/reflections/${r.id}`,
      consoleLink: `/console/reflections/${r.id}`,
    }));
  },
};

/** The sessions of the year that have begun, and for each unit path the sessions it was due at. */
async function sessionSetup(ctx: ScoreContext) {
  const { fromIso, toIso } = periodSoFar(ctx);
  const [sessions, units] = await Promise.all([repo.sessionsInRange(ctx.svc.db, fromIso, toIso), repo.sessionUnitPaths(ctx.svc.db, fromIso, toIso)]);
  const byPath = new Map<string, number[]>();
  for (const u of units) byPath.set(u.path, [...(byPath.get(u.path) ?? []), u.session_id]);
  return { fromIso, toIso, sessions, byPath };
}

function dueSessions(byPath: Map<string, number[]>, unitPath: string): Set<number> {
  const due = new Set<number>();
  const ids = unitPath.split('/').filter(Boolean);
  for (let i = 1; i <= ids.length; i++) for (const s of byPath.get(`/${ids.slice(0, i).join('/')}/`) ?? []) due.add(s);
  return due;
}

const sessions: IndicatorProvider = {
  key: 'sessions',
  kind: 'weighted',
  valueUnit: '%',
  formula: (p) => `本年已开始的集中学习中，签到场次 ÷（应到场次 − 请假获批场次）× 100%，再 ÷ ${p.target}%，最高按满分的 ${p.cap}% 计；本年没有应到场次的干部不计此项`,
  async hasData(ctx) {
    const s = await sessionSetup(ctx);
    return s.sessions.length > 0;
  },
  async values(ctx, members, rootPath) {
    const s = await sessionSetup(ctx);
    const [checks, leaves] = await Promise.all([
      repo.checkInsInRange(ctx.svc.db, rootPath, s.fromIso, s.toIso),
      repo.approvedLeavesInRange(ctx.svc.db, rootPath, s.fromIso, s.toIso),
    ]);
    const checked = new Map<number, Set<number>>();
    for (const c of checks) checked.set(c.member_id, (checked.get(c.member_id) ?? new Set()).add(c.session_id));
    const excused = new Map<number, Set<number>>();
    for (const l of leaves) excused.set(l.member_id, (excused.get(l.member_id) ?? new Set()).add(l.session_id));
    const out = new Map<number, number>();
    for (const m of members) {
      const due = dueSessions(s.byPath, m.unitPath);
      const ex = excused.get(m.id);
      const ch = checked.get(m.id);
      let expected = 0;
      let attended = 0;
      for (const id of due) {
        if (ch?.has(id)) {
          expected++;
          attended++;
        } else if (!ex?.has(id)) expected++;
      }
      if (expected > 0) out.set(m.id, (attended * 100) / expected);
    }
    return out;
  },
  async records(ctx, member) {
    const s = await sessionSetup(ctx);
    const [checks, leaves] = await Promise.all([
      repo.checkInsInRange(ctx.svc.db, null, s.fromIso, s.toIso, member.id),
      repo.approvedLeavesInRange(ctx.svc.db, null, s.fromIso, s.toIso, member.id),
    ]);
    const due = dueSessions(s.byPath, member.unitPath);
    const checked = new Map(checks.map((c) => [c.session_id, c.checked_at]));
    const excused = new Map(leaves.map((l) => [l.session_id, l.reason]));
    return s.sessions
      .filter((x) => due.has(x.id))
      .map((x) => ({
        day: formatLocal(x.starts_at, 'YYYY-MM-DD'),
        label: x.topic,
        detail: checked.has(x.id) ? `已签到 ${formatLocal(checked.get(x.id)!, 'HH:mm')}` : excused.has(x.id) ? `请假获批（${excused.get(x.id)}），不计应到` : '缺席',
        link: '/study/sessions',
        consoleLink: '/console/sessions',
      }));
  },
};

const practice: IndicatorProvider = {
  key: 'practice',
  kind: 'weighted',
  valueUnit: '次',
  formula: (p) => `本年登记的实践活动次数 ÷ ${p.target} 次，最高按满分的 ${p.cap}% 计`,
  hasData: (ctx) => repo.anyPractice(ctx.svc.db, ctx.from, ctx.to),
  async values(ctx, members, rootPath) {
    const rows = await repo.practiceCountsByMember(ctx.svc.db, rootPath, ctx.from, ctx.to);
    const out = new Map<number, number>();
    for (const m of members) out.set(m.id, 0);
    for (const r of rows) out.set(r.member_id, Number(r.n));
    return out;
  },
  async records(ctx, member) {
    const rows = await repo.practiceOf(ctx.svc.db, member.id, ctx.from, ctx.to);
    return rows.map((r) => ({ day: r.day, label: r.title, detail: `${r.minutes} 分钟`, link: '/learning', consoleLink: '/console/learning' }));
  },
};

const online: IndicatorProvider = {
  key: 'online',
  kind: 'weighted',
  valueUnit: '学时',
  formula: async (p, ctx) => {
    const mpc = await ctx.svc.settings.int('study.minutesPerCreditHour', ctx.year);
    return `本年线上学习学时合计（登记了学时的按学时，只登记分钟的每 ${mpc} 分钟折 1 学时）÷ ${p.target} 学时，最高按满分的 ${p.cap}% 计`;
  },
  hasData: (ctx) => repo.anyOnline(ctx.svc.db, ctx.from, ctx.to),
  async values(ctx, members, rootPath) {
    const mpc = await ctx.svc.settings.int('study.minutesPerCreditHour', ctx.year);
    const rows = await repo.onlineByMember(ctx.svc.db, rootPath, ctx.from, ctx.to);
    const out = new Map<number, number>();
    for (const m of members) out.set(m.id, 0);
    for (const r of rows) out.set(r.member_id, Number(r.tenths) / 10 + Number(r.minutes) / mpc);
    return out;
  },
  async records(ctx, member) {
    const mpc = await ctx.svc.settings.int('study.minutesPerCreditHour', ctx.year);
    const rows = await repo.onlineOf(ctx.svc.db, member.id, ctx.from, ctx.to);
    return rows.map((r) => {
      const hours = r.credit_tenths != null ? r.credit_tenths / 10 : (r.minutes ?? 0) / mpc;
      const basis = r.credit_tenths != null ? `${fmt1(r.credit_tenths / 10)} 学时` : `${r.minutes ?? 0} 分钟`;
      return { day: r.day, label: `${r.platform}${r.content ? `：${r.content}` : ''}`, detail: `${basis}，计 ${fmt1(hours)} 学时`, link: '/learning', consoleLink: '/console/learning' };
    });
  },
};

export const EXISTING_PROVIDERS = [books, daily, reflections, sessions, practice, online];
for (const p of EXISTING_PROVIDERS) registerIndicator(p);

export type { Evidence, MemberRef };
