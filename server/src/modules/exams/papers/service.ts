// Papers: fixed questions and random draws, times and limits, audience, review options.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { clock } from '../../../platform/time';
import { categoryWithDescendants, ownerUnit } from '../bank/service';
import { QTYPE_LABELS, type QType } from '../bank/model';
import { ExamPolicy } from '../policy';
import type { PaperInput, ReviewOptions, Section } from '../schemas';
import * as bankRepo from '../bank/repository';
import * as repo from './repository';

export const DEFAULT_REVIEW_AFTER_SUBMIT: ReviewOptions = { score: true, correctness: true, key: false, explanation: false };
export const DEFAULT_REVIEW_AFTER_CLOSE: ReviewOptions = { score: true, correctness: true, key: true, explanation: true };

export function parseReview(s: string, fallback: ReviewOptions): ReviewOptions {
  try {
    return { ...fallback, ...(JSON.parse(s) as Partial<ReviewOptions>) };
  } catch {
    return fallback;
  }
}

type PaperRecord = NonNullable<Awaited<ReturnType<typeof repo.paperById>>>;

function sectionLabel(s: { kind: string; category_name: string | null; qtype: string | null; difficulty: number | null; count: number; question_stem: string | null }) {
  if (s.kind === 'fixed') return `指定题目：${(s.question_stem ?? '').slice(0, 30)}`;
  return `从“${s.category_name ?? '?'}”随机抽取${s.qtype ? QTYPE_LABELS[s.qtype as QType] : '题目'} ${s.count} 道${s.difficulty ? `（难度 ${s.difficulty}）` : ''}`;
}

async function paperDtos(svc: Services, papers: PaperRecord[]) {
  const ids = papers.map((p) => p.id);
  const [sections, audience, counts] = await Promise.all([repo.sectionsOf(svc.db, ids), repo.audienceOf(svc.db, ids), repo.attemptCounts(svc.db, ids)]);
  return papers.map((p) => {
    const secs = sections.filter((s) => s.paper_id === p.id);
    return {
      id: p.id,
      unitId: p.unit_id,
      unitName: p.unit_name,
      title: p.title,
      description: p.description,
      quarter: p.quarter,
      opensAt: p.opens_at,
      closesAt: p.closes_at,
      timeLimitMinutes: p.time_limit_minutes,
      maxAttempts: p.max_attempts,
      gradingMethod: p.grading_method,
      shuffleQuestions: Boolean(p.shuffle_questions),
      shuffleOptions: Boolean(p.shuffle_options),
      reviewAfterSubmit: parseReview(p.review_after_submit, DEFAULT_REVIEW_AFTER_SUBMIT),
      reviewAfterClose: parseReview(p.review_after_close, DEFAULT_REVIEW_AFTER_CLOSE),
      status: p.status,
      version: p.version,
      questionCount: secs.reduce((n, s) => n + (s.kind === 'fixed' ? 1 : s.count), 0),
      totalPoints: secs.reduce((n, s) => n + (s.kind === 'fixed' ? 1 : s.count) * s.points, 0),
      attempts: Number(counts.find((c) => c.paper_id === p.id)?.n ?? 0),
      units: audience.filter((a) => a.paper_id === p.id).map((a) => ({ id: a.id, name: a.name })),
      sections: secs.map((s) => ({
        id: s.id,
        kind: s.kind as 'fixed' | 'random',
        questionId: s.question_id,
        categoryId: s.category_id,
        qtype: s.qtype as QType | null,
        difficulty: s.difficulty,
        count: s.kind === 'fixed' ? 1 : s.count,
        points: s.points,
        label: sectionLabel(s),
      })),
    };
  });
}

export async function listPapers(svc: Services, auth: AuthContext, quarter?: string) {
  const reach = await svc.guard.reach(auth, ExamPolicy.viewPapers);
  return paperDtos(svc, await repo.papersInReach(svc.db, reach, quarter));
}

export async function paperForRead(svc: Services, auth: AuthContext, id: number, action = ExamPolicy.viewPapers) {
  const p = await repo.paperById(svc.db, id);
  if (!p) throw notFound('找不到该测试');
  await svc.guard.authorize(auth, action, { unitPath: p.unit_path }, '该测试不在您的管理范围内');
  return p;
}

export async function getPaper(svc: Services, auth: AuthContext, id: number) {
  const p = await paperForRead(svc, auth, id);
  return (await paperDtos(svc, [p]))[0]!;
}

/** Checks the sections against the bank: the fixed questions exist and are reachable, each random draw has enough questions. */
async function checkSections(svc: Services, auth: AuthContext, sections: Section[]) {
  const used = new Set<number>();
  for (const [i, s] of sections.entries()) {
    const n = i + 1;
    if (s.kind === 'fixed') {
      if (!s.questionId) throw badRequest(`第 ${n} 部分：请选择题目`);
      const q = await repo.questionCurrent(svc.db, s.questionId);
      if (!q || q.status !== 'active') throw badRequest(`第 ${n} 部分：题目 ${s.questionId} 不存在或已删除`);
      await svc.guard.authorize(auth, ExamPolicy.viewBank, { unitPath: q.unit_path }, `第 ${n} 部分：题目 ${s.questionId} 不在您的管理范围内`);
      if (used.has(q.id)) throw badRequest(`第 ${n} 部分：题目 ${s.questionId} 重复`);
      used.add(q.id);
    } else {
      if (!s.categoryId) throw badRequest(`第 ${n} 部分：请选择抽题的分类`);
      const c = await bankRepo.categoryById(svc.db, s.categoryId);
      if (!c) throw badRequest(`第 ${n} 部分：分类不存在`);
      await svc.guard.authorize(auth, ExamPolicy.viewBank, { unitPath: c.unit_path }, `第 ${n} 部分：该分类不在您的管理范围内`);
      const have = await repo.pool(svc.db, await categoryWithDescendants(svc.db, c.id), s.qtype ?? null, s.difficulty ?? null);
      if (have.length < s.count)
        throw badRequest(`第 ${n} 部分：分类“${c.name}”中符合条件的${s.qtype ? QTYPE_LABELS[s.qtype] : '题目'}只有 ${have.length} 道，不够抽取 ${s.count} 道`);
    }
  }
}

async function checkInput(svc: Services, auth: AuthContext, input: PaperInput) {
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) throw badRequest('结束时间应晚于开始时间');
  const units = await repo.unitsByIds(svc.db, [...new Set(input.unitIds)]);
  if (units.length !== new Set(input.unitIds).size) throw badRequest('参加单位不存在');
  for (const u of units) await svc.guard.authorize(auth, ExamPolicy.managePapers, { unitPath: u.path }, `“${u.name}”不在您的管理范围内`);
  await checkSections(svc, auth, input.sections);
}

function rowOf(input: PaperInput, unitId: number): repo.PaperRow {
  return {
    unit_id: unitId,
    title: input.title.trim(),
    description: input.description.trim(),
    quarter: input.quarter,
    opens_at: new Date(input.opensAt).toISOString(),
    closes_at: new Date(input.closesAt).toISOString(),
    time_limit_minutes: input.timeLimitMinutes,
    max_attempts: input.maxAttempts,
    grading_method: input.gradingMethod,
    shuffle_questions: input.shuffleQuestions ? 1 : 0,
    shuffle_options: input.shuffleOptions ? 1 : 0,
    review_after_submit: JSON.stringify(input.reviewAfterSubmit),
    review_after_close: JSON.stringify(input.reviewAfterClose),
  };
}

const sectionRows = (sections: Section[]): repo.SectionRow[] =>
  sections.map((s) => ({
    kind: s.kind,
    question_id: s.kind === 'fixed' ? (s.questionId ?? null) : null,
    category_id: s.kind === 'random' ? (s.categoryId ?? null) : null,
    qtype: s.kind === 'random' ? (s.qtype ?? null) : null,
    difficulty: s.kind === 'random' ? (s.difficulty ?? null) : null,
    count: s.kind === 'fixed' ? 1 : s.count,
    points: s.points,
  }));

export async function createPaper(svc: Services, auth: AuthContext, input: PaperInput) {
  const unit = await ownerUnit(svc, auth, input.unitId);
  await svc.guard.authorize(auth, ExamPolicy.managePapers, { unitPath: unit.path });
  await checkInput(svc, auth, input);
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertPaper(trx, rowOf(input, unit.id), auth.userId);
    await repo.replaceSections(trx, id, sectionRows(input.sections));
    await repo.replaceAudience(trx, id, [...new Set(input.unitIds)]);
    await svc.audit.record(trx, auth.actor(), { action: 'exams.paper.create', entity: 'exam_paper', entityId: id, detail: { title: input.title, quarter: input.quarter } });
    return { id };
  });
}

/** Before anyone has started it, everything can change; after, only times and review options (the draws already made stand). */
export async function updatePaper(svc: Services, auth: AuthContext, id: number, input: PaperInput & { version: number }) {
  const p = await paperForRead(svc, auth, id, ExamPolicy.managePapers);
  const [dto] = await paperDtos(svc, [p]);
  const started = dto!.attempts > 0;
  if (started) {
    const same = JSON.stringify(sectionRows(input.sections)) === JSON.stringify(sectionRows(dto!.sections)) && [...input.unitIds].sort().join() === dto!.units.map((u) => u.id).sort().join();
    if (!same || input.timeLimitMinutes !== p.time_limit_minutes || input.maxAttempts !== p.max_attempts) throw badRequest('已有人作答，不能再修改题目、参加单位、时限和次数（可以修改时间和回顾选项）');
  }
  await checkInput(svc, auth, input);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updatePaper(trx, id, input.version, rowOf(input, p.unit_id)))) throw conflict('该测试已被他人修改，请刷新后重试');
    if (!started) {
      await repo.replaceSections(trx, id, sectionRows(input.sections));
      await repo.replaceAudience(trx, id, [...new Set(input.unitIds)]);
    }
    await svc.audit.record(trx, auth.actor(), { action: 'exams.paper.update', entity: 'exam_paper', entityId: id, detail: { title: input.title } });
  });
}

export async function setPaperStatus(svc: Services, auth: AuthContext, id: number, version: number, status: 'published' | 'draft') {
  const p = await paperForRead(svc, auth, id, ExamPolicy.managePapers);
  if (status === 'published') {
    const [dto] = await paperDtos(svc, [p]);
    await checkSections(svc, auth, dto!.sections);
  } else {
    const [dto] = await paperDtos(svc, [p]);
    if (dto!.attempts > 0) throw badRequest('已有人作答的测试不能撤回');
  }
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updatePaper(trx, id, version, { status }))) throw conflict('该测试已被他人修改，请刷新后重试');
    await svc.audit.record(trx, auth.actor(), { action: status === 'published' ? 'exams.paper.publish' : 'exams.paper.unpublish', entity: 'exam_paper', entityId: id });
  });
}

export function paperState(p: { opens_at: string; closes_at: string }, now = clock.now().getTime()): 'upcoming' | 'open' | 'closed' {
  if (now < Date.parse(p.opens_at)) return 'upcoming';
  if (now >= Date.parse(p.closes_at)) return 'closed';
  return 'open';
}
