// Providers of the indicators whose modules landed after the score: seminar attendance,
// 书记评, party lectures given, the quarterly tests' average, and the deduction for
// inspection findings against the member.
import { formatLocal } from '../../../platform/time';
import { findingsAgainstMembers } from '../../assessment/inspections/service';
import { periodSoFar, registerIndicator, type IndicatorProvider, type ScoreContext } from './registry';
import * as repo from './repository';
import * as more from './repository-more';

function dueFor(byPath: Map<string, number[]>, unitPath: string): Set<number> {
  const due = new Set<number>();
  const ids = unitPath.split('/').filter(Boolean);
  for (let i = 1; i <= ids.length; i++) for (const s of byPath.get(`/${ids.slice(0, i).join('/')}/`) ?? []) due.add(s);
  return due;
}

async function seminarSetup(ctx: ScoreContext) {
  const { fromIso, toIso } = periodSoFar(ctx);
  const [seminars, units] = await Promise.all([more.seminarSessions(ctx.svc.db, fromIso, toIso), repo.sessionUnitPaths(ctx.svc.db, fromIso, toIso)]);
  const sessionIds = new Set(seminars.map((s) => s.session_id));
  const byPath = new Map<string, number[]>();
  for (const u of units) if (sessionIds.has(u.session_id)) byPath.set(u.path, [...(byPath.get(u.path) ?? []), u.session_id]);
  return { fromIso, toIso, seminars, sessionIds, byPath };
}

const seminars: IndicatorProvider = {
  key: 'seminars',
  kind: 'weighted',
  valueUnit: '%',
  formula: (p) => `本年已召开的研讨会中，签到次数 ÷（应到次数 − 请假获批次数）× 100%，再 ÷ ${p.target}%，最高按满分的 ${p.cap}% 计；本年没有应参加研讨会的干部不计此项`,
  async hasData(ctx) {
    return (await seminarSetup(ctx)).seminars.length > 0;
  },
  async values(ctx, members, rootPath) {
    const s = await seminarSetup(ctx);
    const [checks, leaves] = await Promise.all([repo.checkInsInRange(ctx.svc.db, rootPath, s.fromIso, s.toIso), repo.approvedLeavesInRange(ctx.svc.db, rootPath, s.fromIso, s.toIso)]);
    const checked = new Map<number, Set<number>>();
    for (const c of checks) if (s.sessionIds.has(c.session_id)) checked.set(c.member_id, (checked.get(c.member_id) ?? new Set()).add(c.session_id));
    const excused = new Map<number, Set<number>>();
    for (const l of leaves) if (s.sessionIds.has(l.session_id)) excused.set(l.member_id, (excused.get(l.member_id) ?? new Set()).add(l.session_id));
    const out = new Map<number, number>();
    for (const m of members) {
      let expected = 0;
      let attended = 0;
      for (const id of dueFor(s.byPath, m.unitPath)) {
        if (checked.get(m.id)?.has(id)) {
          expected++;
          attended++;
        } else if (!excused.get(m.id)?.has(id)) expected++;
      }
      if (expected > 0) out.set(m.id, (attended * 100) / expected);
    }
    return out;
  },
  async records(ctx, member) {
    const s = await seminarSetup(ctx);
    const [checks, leaves] = await Promise.all([repo.checkInsInRange(ctx.svc.db, null, s.fromIso, s.toIso, member.id), repo.approvedLeavesInRange(ctx.svc.db, null, s.fromIso, s.toIso, member.id)]);
    const due = dueFor(s.byPath, member.unitPath);
    const checked = new Map(checks.map((c) => [c.session_id, c.checked_at]));
    const excused = new Set(leaves.map((l) => l.session_id));
    return s.seminars
      .filter((x) => due.has(x.session_id))
      .map((x) => ({
        day: formatLocal(x.starts_at, 'YYYY-MM-DD'),
        label: x.theme,
        detail: checked.has(x.session_id) ? `已签到 ${formatLocal(checked.get(x.session_id)!, 'HH:mm')}` : excused.has(x.session_id) ? '请假获批，不计应到' : '缺席',
        link: null,
        consoleLink: null,
      }));
  },
};

/** 书记评: 优秀 100, 良好 85, 一般 70; when graded by score, score ÷ full marks × 100. */
const GRADE_POINTS: Record<string, number> = { 优秀: 100, 良好: 85, 一般: 70 };

async function gradeValue(ctx: ScoreContext, g: { grade: string | null; score: number | null }) {
  if (g.score != null) return (g.score * 100) / (await ctx.svc.settings.int('seminars.scoreMax', ctx.year));
  return GRADE_POINTS[g.grade ?? ''] ?? 0;
}

const evaluation: IndicatorProvider = {
  key: 'evaluation',
  kind: 'weighted',
  valueUnit: '分',
  formula: (p) => `本年研讨会上书记对本人发言的评价，优秀计 100、良好计 85、一般计 70（按分数评价的折合百分制），取平均 ÷ ${p.target} 分，最高按满分的 ${p.cap}% 计；本年未发言的干部不计此项`,
  async hasData(ctx) {
    const { fromIso, toIso } = periodSoFar(ctx);
    return (await more.gradesInRange(ctx.svc.db, null, fromIso, toIso)).length > 0;
  },
  async values(ctx, _members, rootPath) {
    const { fromIso, toIso } = periodSoFar(ctx);
    const rows = await more.gradesInRange(ctx.svc.db, rootPath, fromIso, toIso);
    const sum = new Map<number, { total: number; n: number }>();
    for (const r of rows) {
      const s = sum.get(r.member_id) ?? { total: 0, n: 0 };
      s.total += await gradeValue(ctx, r);
      s.n++;
      sum.set(r.member_id, s);
    }
    return new Map([...sum].map(([id, s]) => [id, s.total / s.n]));
  },
  async records(ctx, member) {
    const { fromIso, toIso } = periodSoFar(ctx);
    const rows = await more.gradesInRange(ctx.svc.db, null, fromIso, toIso, member.id);
    const out = [];
    for (const r of rows) {
      out.push({ day: formatLocal(r.starts_at, 'YYYY-MM-DD'), label: r.theme, detail: `书记评：${r.score != null ? `${r.score} 分` : r.grade}，计 ${Math.round((await gradeValue(ctx, r)) * 10) / 10} 分`, link: null, consoleLink: null });
    }
    return out;
  },
};

const lectures: IndicatorProvider = {
  key: 'lectures',
  kind: 'weighted',
  valueUnit: '次',
  formula: (p) => `本年本人主讲并已安排开讲的党课次数 ÷ ${p.target} 次，最高按满分的 ${p.cap}% 计`,
  async hasData(ctx) {
    const { fromIso, toIso } = periodSoFar(ctx);
    return (await more.lecturesInRange(ctx.svc.db, null, fromIso, toIso)).length > 0;
  },
  async values(ctx, members, rootPath) {
    const { fromIso, toIso } = periodSoFar(ctx);
    const rows = await more.lecturesInRange(ctx.svc.db, rootPath, fromIso, toIso);
    const out = new Map<number, number>(members.map((m) => [m.id, 0]));
    for (const r of rows) out.set(r.member_id, (out.get(r.member_id) ?? 0) + 1);
    return out;
  },
  async records(ctx, member) {
    const { fromIso, toIso } = periodSoFar(ctx);
    return (await more.lecturesInRange(ctx.svc.db, null, fromIso, toIso, member.id)).map((r) => ({ day: formatLocal(r.starts_at, 'YYYY-MM-DD'), label: r.topic, detail: '主讲党课', link: null, consoleLink: null }));
  },
};

async function testSetup(ctx: ScoreContext) {
  const { fromIso, toIso } = periodSoFar(ctx);
  const { papers, units } = await more.closedPapers(ctx.svc.db, fromIso, toIso);
  const byPath = new Map<string, number[]>();
  for (const u of units) byPath.set(u.path, [...(byPath.get(u.path) ?? []), u.paper_id]);
  return { papers, byPath };
}

const tests: IndicatorProvider = {
  key: 'tests',
  kind: 'weighted',
  valueUnit: '分',
  formula: (p) => `本年已截止的季度测试，每张试卷取本人最好一次的得分率（未参加计 0），平均后折合百分制 ÷ ${p.target} 分，最高按满分的 ${p.cap}% 计；本年没有应参加测试的干部不计此项`,
  async hasData(ctx) {
    return (await testSetup(ctx)).papers.length > 0;
  },
  async values(ctx, members, rootPath) {
    const s = await testSetup(ctx);
    const best = (await more.bestAttempts(ctx.svc.db, rootPath, s.papers.map((p) => p.id))).filter((b) => b.best !== null);
    const by = new Map(best.map((b) => [`${b.member_id}:${b.paper_id}`, Number(b.best)]));
    const out = new Map<number, number>();
    for (const m of members) {
      const due = [...dueFor(s.byPath, m.unitPath)];
      if (due.length === 0) continue;
      out.set(m.id, (due.reduce((a, id) => a + (by.get(`${m.id}:${id}`) ?? 0), 0) * 100) / due.length);
    }
    return out;
  },
  async records(ctx, member) {
    const s = await testSetup(ctx);
    const due = dueFor(s.byPath, member.unitPath);
    const best = (await more.bestAttempts(ctx.svc.db, null, [...due], member.id)).filter((b) => b.best !== null);
    const by = new Map(best.map((b) => [b.paper_id, Number(b.best)]));
    return s.papers
      .filter((p) => due.has(p.id))
      .map((p) => ({ day: formatLocal(p.closes_at, 'YYYY-MM-DD'), label: p.title, detail: by.has(p.id) ? `最好成绩 ${Math.round(by.get(p.id)! * 1000) / 10}%` : '未参加，计 0', link: null, consoleLink: null }));
  },
};

/** 督查问题扣分: findings against the member, read through the assessment module's service. */
const inspection: IndicatorProvider = {
  key: 'inspection',
  kind: 'deduction',
  valueUnit: '条',
  formula: (p) => `本年督查中记在本人名下的问题，每条扣 ${p.target} 分，最多扣 ${p.cap} 分（只记在单位名下的问题不扣个人分）`,
  async hasData(ctx) {
    return (await findingsAgainstMembers(ctx.svc, periodSoFar(ctx))).length > 0;
  },
  async values(ctx, members, rootPath) {
    const rows = await findingsAgainstMembers(ctx.svc, { ...periodSoFar(ctx), rootPath });
    const out = new Map<number, number>(members.map((m) => [m.id, 0]));
    for (const r of rows) if (out.has(r.memberId)) out.set(r.memberId, out.get(r.memberId)! + 1);
    return out;
  },
  async records(ctx, member) {
    const p = await ctx.svc.settings.int('scores.target.inspection', ctx.year);
    return (await findingsAgainstMembers(ctx.svc, { ...periodSoFar(ctx), memberId: member.id })).map((f) => ({
      day: formatLocal(f.observedAt, 'YYYY-MM-DD'),
      label: `${f.inspectionTitle}：${f.itemLabel}`,
      detail: `${f.text}（扣 ${p} 分）`,
      link: null,
      consoleLink: `/console/assessment/inspections/${f.inspectionId}`,
    }));
  },
};

for (const p of [seminars, evaluation, lectures, tests, inspection]) registerIndicator(p);
