// Results per person, unit and quarter with a ranking; the awards list; item analysis.
import type { AuthContext } from '../../../platform/auth/context';
import type { Services } from '../../../platform/services';
import { buildXlsx } from '../../../platform/xlsx';
import { currentYear } from '../../../platform/time';
import { stemText, type OptionDraft, type StemFormat } from '../bank/model';
import type { Response } from '../bank/grading';
import { countedScore, finalizeExpired } from '../attempts/service';
import { paperForRead } from '../papers/service';
import { ExamPolicy } from '../policy';
import type { Analysis, Results } from '../schemas';
import * as repo from './repository';
import { cronbachAlpha, itemFigures, itemFlags, paperFigures, type AttemptScores } from './stats';

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Competition ranking: equal values share a rank, the next rank skips (1, 1, 3). */
function rankBy<T>(rows: T[], value: (r: T) => number): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => value(b) - value(a));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || value(r) !== value(sorted[i - 1]!)) rank = i + 1;
    return { ...r, rank };
  });
}

export async function results(svc: Services, auth: AuthContext, f: { quarter?: string; paperId?: number }): Promise<Results> {
  await finalizeExpired(svc);
  if (f.paperId) await paperForRead(svc, auth, f.paperId, ExamPolicy.viewResults);
  const reach = await svc.guard.reach(auth, ExamPolicy.viewResults);
  const rows = await repo.finishedAttempts(svc.db, reach, f);
  const papers = new Map<number, { id: number; title: string; quarter: string; totalPoints: number }>();
  const byPerson = new Map<number, { memberId: number; name: string; unitId: number; unitName: string; perPaper: Map<number, typeof rows> }>();
  for (const r of rows) {
    if (!papers.has(r.paper_id)) papers.set(r.paper_id, { id: r.paper_id, title: r.title, quarter: r.quarter, totalPoints: r.max_score });
    let p = byPerson.get(r.member_id);
    if (!p) {
      p = { memberId: r.member_id, name: r.member_name, unitId: r.unit_id, unitName: r.unit_name, perPaper: new Map() };
      byPerson.set(r.member_id, p);
    }
    p.perPaper.set(r.paper_id, [...(p.perPaper.get(r.paper_id) ?? []), r]);
  }
  const people = [...byPerson.values()].map((p) => {
    let score = 0;
    let max = 0;
    let pending = false;
    for (const atts of p.perPaper.values()) {
      score += countedScore(atts, atts[0]!.grading_method) ?? 0;
      max += atts[0]!.max_score;
      pending ||= atts.some((a) => a.status === 'submitted');
    }
    return { memberId: p.memberId, name: p.name, unitId: p.unitId, unitName: p.unitName, papers: p.perPaper.size, score: Math.round(score * 100) / 100, maxScore: max, percent: max ? round1((score / max) * 100) : 0, pending };
  });
  const rankedPeople = rankBy(people, (p) => p.percent);
  const units = new Map<number, { unitId: number; unitName: string; sum: number; n: number }>();
  for (const p of people) {
    const u = units.get(p.unitId) ?? { unitId: p.unitId, unitName: p.unitName, sum: 0, n: 0 };
    u.sum += p.percent;
    u.n++;
    units.set(p.unitId, u);
  }
  const rankedUnits = rankBy(
    [...units.values()].map((u) => ({ unitId: u.unitId, unitName: u.unitName, people: u.n, meanPercent: round1(u.sum / u.n) })),
    (u) => u.meanPercent,
  );
  const rule = await awardRule(svc, f.quarter);
  return {
    papers: [...papers.values()],
    people: rankedPeople.map(({ unitId: _u, ...p }) => p),
    units: rankedUnits,
    award: { rule: rule.label, count: awardees(rankedPeople, rule).length },
  };
}

async function awardRule(svc: Services, quarter?: string) {
  const year = quarter ? Number(quarter.slice(0, 4)) : currentYear();
  const [topN, minPercent] = await Promise.all([svc.settings.int('exams.awardTopN', year), svc.settings.int('exams.awardMinPercent', year)]);
  return minPercent > 0 ? { kind: 'percent' as const, value: minPercent, label: `得分率达到 ${minPercent}% 者` } : { kind: 'top' as const, value: topN, label: `前 ${topN} 名（同分并列）` };
}

function awardees<T extends { rank: number; percent: number }>(ranked: T[], rule: { kind: 'percent' | 'top'; value: number }): T[] {
  return rule.kind === 'percent' ? ranked.filter((p) => p.percent >= rule.value) : ranked.filter((p) => p.rank <= rule.value);
}

export async function awardsXlsx(svc: Services, auth: AuthContext, f: { quarter?: string; paperId?: number }) {
  const r = await results(svc, auth, f);
  const rule = await awardRule(svc, f.quarter);
  const list = awardees(r.people, rule);
  const scope = f.paperId ? (r.papers[0]?.title ?? '测试') : f.quarter ? `${f.quarter.slice(0, 4)}年第${f.quarter.slice(5)}季度测试` : '测试';
  await svc.audit.recordAlone(auth.actor(), { action: 'exams.awards.export', entity: 'exam_paper', entityId: f.paperId ?? null, detail: { quarter: f.quarter ?? null, count: list.length } });
  const buf = await buildXlsx([
    {
      name: '获奖名单',
      title: `${scope}获奖名单（${rule.label}）`,
      columns: [
        { header: '名次', key: 'rank', width: 8 },
        { header: '姓名', key: 'name', width: 12 },
        { header: '单位', key: 'unitName', width: 20 },
        { header: '参加测试', key: 'papers', width: 10 },
        { header: '得分', key: 'score', width: 10 },
        { header: '满分', key: 'maxScore', width: 10 },
        { header: '得分率（%）', key: 'percent', width: 12 },
      ],
      rows: list,
    },
  ]);
  return { buf, filename: `${scope}获奖名单.xlsx` };
}

export async function analysis(svc: Services, auth: AuthContext, paperId: number): Promise<Analysis> {
  await finalizeExpired(svc);
  const paper = await paperForRead(svc, auth, paperId, ExamPolicy.viewResults);
  const reach = await svc.guard.reach(auth, ExamPolicy.viewResults);
  const attempts = await repo.finishedAttempts(svc.db, reach, { paperId });
  const items = await repo.itemsOfAttempts(
    svc.db,
    attempts.map((a) => a.id),
  );
  const minAttempts = await svc.settings.int('exams.analysisMinAttempts');
  const scores = new Map<number, AttemptScores>(attempts.map((a) => [a.id, { total: a.score ?? 0, items: new Map() }]));
  const questions = new Map<number, { versionNo: number; type: string; stem: string; options: OptionDraft[]; counts: Map<string, number> }>();
  for (const it of items) {
    scores.get(it.attempt_id)?.items.set(it.question_id, { score: it.score ?? 0, max: it.points });
    let q = questions.get(it.question_id);
    if (!q || it.version_no > q.versionNo) {
      q = { versionNo: it.version_no, type: it.type, stem: stemText(it.stem, it.stem_format as StemFormat), options: JSON.parse(it.options) as OptionDraft[], counts: q?.counts ?? new Map() };
      questions.set(it.question_id, q);
    }
    const r = it.response ? (JSON.parse(it.response) as Response) : null;
    for (const c of r?.choices ?? []) q.counts.set(c, (q.counts.get(c) ?? 0) + 1);
  }
  const all = [...scores.values()];
  // α as Moodle's quiz statistics compute it: over the paper's slots. A random section of n
  // questions is n slots; whichever question a person drew fills the slot (the n-th item
  // of that section in draw order). With everyone on the same questions it is α over the questions.
  const slotScores = new Map<number, AttemptScores>(attempts.map((a) => [a.id, { total: a.score ?? 0, items: new Map() }]));
  const slotIds = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const it of [...items].sort((a, b) => a.id - b.id)) {
    const section = `${it.attempt_id}:${it.section_id ?? `q${it.question_id}`}`;
    const n = seen.get(section) ?? 0;
    seen.set(section, n + 1);
    const slot = `${it.section_id ?? `q${it.question_id}`}:${n}`;
    if (!slotIds.has(slot)) slotIds.set(slot, slotIds.size + 1);
    slotScores.get(it.attempt_id)?.items.set(slotIds.get(slot)!, { score: it.score ?? 0, max: it.points });
  }
  const sameQuestions = all.length > 0 && all.every((a) => a.items.size === all[0]!.items.size && [...a.items.keys()].every((id) => all[0]!.items.has(id)));
  const paperStats = paperFigures(attempts.map((a) => a.score ?? 0));
  return {
    paperId,
    title: paper.title,
    attempts: attempts.length,
    maxScore: attempts[0]?.max_score ?? 0,
    mean: paperStats.mean,
    median: paperStats.median,
    sd: paperStats.sd,
    alpha: cronbachAlpha(sameQuestions ? all : [...slotScores.values()]),
    alphaBasis: sameQuestions ? 'questions' : 'slots',
    minAttempts,
    questions: [...questions.entries()].map(([questionId, q]) => {
      const figures = itemFigures(all, questionId);
      const options =
        q.type === 'single' || q.type === 'multiple'
          ? q.options.map((o) => ({ key: o.key, text: o.text, right: o.fraction > 0, count: q.counts.get(o.key) ?? 0 }))
          : q.type === 'truefalse'
            ? [
                { key: 'true', text: '正确', right: false, count: q.counts.get('true') ?? 0 },
                { key: 'false', text: '错误', right: false, count: q.counts.get('false') ?? 0 },
              ]
            : [];
      return {
        questionId,
        versionNo: q.versionNo,
        type: q.type as Analysis['questions'][number]['type'],
        stem: q.stem,
        n: figures.n,
        facility: figures.facility,
        discrimination: figures.discrimination,
        options,
        // A true/false question has no distractor to flag.
        flags: itemFlags({ figures, minAttempts, options: q.type === 'truefalse' ? undefined : options }),
      };
    }),
  };
}
