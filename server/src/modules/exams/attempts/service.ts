// Attempts: the server owns the clock. An attempt's deadline is fixed when it
// starts (the time limit, or the close if sooner); time left is the deadline
// minus the server's now, whatever device asks. Each answer is saved as given,
// with the moment it was given; answers given before the deadline are taken for
// a short network grace after it (exams.networkGraceSeconds), so answers queued
// on a phone that lost its connection still count. An attempt whose deadline and
// grace have passed is submitted as of its deadline by whoever looks at it first.
import crypto from 'node:crypto';
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { clock, nowIso } from '../../../platform/time';
import { fromStored, optionKey, type QuestionDraft } from '../bank/model';
import { gradeResponse, keyText, type Response } from '../bank/grading';
import { categoryWithDescendants } from '../bank/service';
import { ExamPolicy } from '../policy';
import * as paperRepo from '../papers/repository';
import { DEFAULT_REVIEW_AFTER_CLOSE, DEFAULT_REVIEW_AFTER_SUBMIT, paperState, parseReview } from '../papers/service';
import type { AnswerResponse, AnswerSaved, Attempt, Item, MyPaper, ReviewOptions } from '../schemas';
import * as repo from './repository';

export { correctKey } from './regrade';

export const graceSeconds = (svc: Services) => svc.settings.int('exams.networkGraceSeconds');
const partialCredit = (svc: Services) => svc.settings.bool('exams.multipleChoicePartialCredit');

export function memberOf(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('只有干部账号可以参加测试');
  return id;
}

export function shuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---- how an item looks to the person answering ----

type ItemRow = Awaited<ReturnType<typeof repo.itemsOf>>[number];

export const TF_OPTIONS = [
  { key: 'true', text: '正确' },
  { key: 'false', text: '错误' },
];

/** Options in the person's order, labelled A, B, C… for them; the original keys stay on the server. */
export function shownOptions(draft: QuestionDraft, order: string[]): { key: string; text: string; original: string }[] {
  if (draft.type === 'truefalse') return TF_OPTIONS.map((o) => ({ ...o, original: o.key }));
  if (draft.type !== 'single' && draft.type !== 'multiple') return [];
  const keys = order.length ? order : draft.options.map((o) => o.key);
  return keys.map((k, i) => ({ key: optionKey(i), text: draft.options.find((o) => o.key === k)?.text ?? '', original: k }));
}

export function toShown(r: Response | null, shown: { key: string; original: string }[]): AnswerResponse | null {
  if (!r) return null;
  return { ...(r.choices ? { choices: r.choices.map((c) => shown.find((s) => s.original === c)?.key ?? '?') } : {}), ...(r.text !== undefined ? { text: r.text } : {}) };
}

/** The person's response in original keys, or a Chinese reason it cannot be taken. */
export function fromShown(type: string, r: AnswerResponse, shown: { key: string; original: string }[]): Response | string {
  if (type === 'fill' || type === 'short') {
    if (r.choices?.length) return '该题应填写文字';
    return { text: (r.text ?? '').slice(0, type === 'fill' ? 200 : 5000) };
  }
  if (r.text) return '该题应选择选项';
  const choices = [...new Set(r.choices ?? [])];
  if ((type === 'single' || type === 'truefalse') && choices.length > 1) return '该题只能选一项';
  const out: string[] = [];
  for (const c of choices) {
    const s = shown.find((x) => x.key === c);
    if (!s) return `没有选项 ${c}`;
    out.push(s.original);
  }
  return { choices: out };
}

function itemView(row: ItemRow, review: ReviewOptions | null): Item {
  const draft = fromStored(row);
  const shown = shownOptions(draft, JSON.parse(row.option_order) as string[]);
  const response = row.response ? (JSON.parse(row.response) as Response) : null;
  const item: Item = {
    id: row.id,
    position: row.position,
    type: draft.type,
    stem: draft.stem,
    stemFormat: draft.stemFormat,
    options: shown.map((s) => ({ key: s.key, text: s.text })),
    points: row.points,
    response: toShown(response, shown),
    answeredAt: row.answered_at,
  };
  if (review) {
    const key = draft.type === 'single' || draft.type === 'multiple' || draft.type === 'truefalse' ? (toShown({ choices: keyChoices(draft) }, shown)?.choices ?? []).sort().join('') : keyText(draft);
    item.review = {
      score: review.correctness ? row.score : null,
      correct: review.correctness && row.score !== null && !row.needs_grading ? row.score >= row.points : null,
      ...(review.key ? { key: draft.type === 'truefalse' ? keyText(draft) : key } : {}),
      ...(review.explanation ? { explanation: draft.explanation } : {}),
      ...(row.grader_comment ? { comment: row.grader_comment } : {}),
    };
  }
  return item;
}

function keyChoices(d: QuestionDraft): string[] {
  if (d.type === 'truefalse') return [d.truth ? 'true' : 'false'];
  return d.options.filter((o) => o.fraction > 0).map((o) => o.key);
}

// ---- finishing ----

/** Submits an open attempt and grades it; false when it was already submitted (a racing submit won). */
export async function finalize(svc: Services, actor: AuthContext | null, attemptId: number, at: string, how: 'manual' | 'timeout'): Promise<boolean> {
  const partial = await partialCredit(svc);
  return svc.db.transaction().execute(async (trx) => {
    if (!(await repo.closeAttempt(trx, attemptId, at, how))) return false;
    for (const row of await repo.itemsOf(trx, attemptId)) {
      const g = gradeResponse(fromStored(row), row.response ? (JSON.parse(row.response) as Response) : null, row.points, partial);
      await repo.setItemGrade(trx, row.id, g.score, g.score === null);
    }
    const total = await repo.retotal(trx, attemptId);
    const who = actor ? actor.actor() : { userId: null, username: 'system', ip: '' };
    await svc.audit.record(trx, who, { action: how === 'timeout' ? 'exams.attempt.timeout' : 'exams.attempt.submit', entity: 'exam_attempt', entityId: attemptId, detail: { score: total.score, pending: total.pending } });
    return true;
  });
}

/** Submits, as of their deadline, the open attempts whose deadline and grace have passed. */
export async function finalizeExpired(svc: Services, memberId?: number) {
  const grace = await graceSeconds(svc);
  const before = new Date(clock.now().getTime() - grace * 1000).toISOString();
  for (const a of await repo.expiredOpen(svc.db, before, memberId)) await finalize(svc, null, a.id, a.deadline_at, 'timeout');
}

// ---- the member's side ----

type AttemptRow = NonNullable<Awaited<ReturnType<typeof repo.attemptById>>>;

function reviewFor(a: Pick<AttemptRow, 'status' | 'closes_at' | 'review_after_submit' | 'review_after_close'>): ReviewOptions | null {
  if (a.status === 'in_progress') return null;
  return clock.now().getTime() >= Date.parse(a.closes_at) ? parseReview(a.review_after_close, DEFAULT_REVIEW_AFTER_CLOSE) : parseReview(a.review_after_submit, DEFAULT_REVIEW_AFTER_SUBMIT);
}

export function countedScore(attempts: { status: string; score: number | null; attempt_no: number }[], method: string): number | null {
  const done = attempts.filter((a) => a.status !== 'in_progress' && a.score !== null).sort((x, y) => x.attempt_no - y.attempt_no);
  if (done.length === 0) return null;
  const scores = done.map((a) => a.score!);
  if (method === 'last') return scores[scores.length - 1]!;
  if (method === 'average') return Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 100) / 100;
  return Math.max(...scores);
}

export async function myPapers(svc: Services, auth: AuthContext): Promise<MyPaper[]> {
  const memberId = memberOf(auth);
  const m = await repo.memberUnit(svc.db, memberId);
  if (!m) throw notFound('找不到您的干部信息');
  await finalizeExpired(svc, memberId);
  const papers = await paperRepo.publishedFor(svc.db, m.unit_path);
  const ids = papers.map((p) => p.id);
  const [attempts, sections] = await Promise.all([repo.attemptsOf(svc.db, ids, memberId), paperRepo.sectionsOf(svc.db, ids)]);
  return papers.map((p) => {
    const mine = attempts.filter((a) => a.paper_id === p.id);
    const secs = sections.filter((s) => s.paper_id === p.id);
    const review = reviewFor({ status: 'graded', closes_at: p.closes_at, review_after_submit: p.review_after_submit, review_after_close: p.review_after_close })!;
    const last = mine[mine.length - 1];
    return {
      id: p.id,
      title: p.title,
      description: p.description,
      quarter: p.quarter,
      opensAt: p.opens_at,
      closesAt: p.closes_at,
      timeLimitMinutes: p.time_limit_minutes,
      maxAttempts: p.max_attempts,
      questionCount: secs.reduce((n, s) => n + s.count, 0),
      totalPoints: secs.reduce((n, s) => n + s.count * s.points, 0),
      state: paperState(p),
      attemptsUsed: mine.length,
      openAttemptId: mine.find((a) => a.status === 'in_progress')?.id ?? null,
      score: review.score ? countedScore(mine, p.grading_method) : null,
      lastAttemptId: last && last.status !== 'in_progress' ? last.id : null,
      pendingGrading: mine.some((a) => a.status === 'submitted'),
    };
  });
}

/**
 * Starts an attempt: draws the questions (recorded item by item, with the section
 * that drew them and the person's option order) and fixes the deadline. A second
 * attempt while one is open is refused (409, naming the open one); so is one
 * beyond the allowed number.
 */
export async function startAttempt(svc: Services, auth: AuthContext, paperId: number): Promise<{ id: number }> {
  const memberId = memberOf(auth);
  await svc.guard.authorize(auth, ExamPolicy.take, { memberId });
  const m = await repo.memberUnit(svc.db, memberId);
  if (!m) throw notFound('找不到您的干部信息');
  const paper = (await paperRepo.publishedFor(svc.db, m.unit_path)).find((p) => p.id === paperId);
  if (!paper) throw notFound('找不到该测试，或您所在单位不参加');
  const state = paperState(paper);
  if (state === 'upcoming') throw badRequest('测试尚未开始');
  if (state === 'closed') throw badRequest('测试已经结束');
  await finalizeExpired(svc, memberId);
  const open = await repo.openAttempt(svc.db, paperId, memberId);
  if (open) throw new AppError(409, 'ATTEMPT_OPEN', '您已有一次正在进行的作答，请继续该次作答', { attemptId: open.id });
  const used = await repo.attemptCount(svc.db, paperId, memberId);
  if (used >= paper.max_attempts) throw badRequest(`该测试最多可作答 ${paper.max_attempts} 次，您已用完`);

  const full = await paperRepo.paperById(svc.db, paperId);
  const sections = await paperRepo.sectionsOf(svc.db, [paperId]);
  const drawn: { section_id: number; question_id: number; version_id: number; points: number }[] = [];
  const taken = new Set<number>();
  for (const s of sections) {
    if (s.kind === 'fixed') {
      const q = await paperRepo.questionCurrent(svc.db, s.question_id!);
      if (!q || q.status !== 'active') continue;
      taken.add(q.id);
      drawn.push({ section_id: s.id, question_id: q.id, version_id: q.version_id, points: s.points });
    } else {
      const pool = (await paperRepo.pool(svc.db, await categoryWithDescendants(svc.db, s.category_id!), s.qtype, s.difficulty)).filter((q) => !taken.has(q.id));
      for (const q of shuffle(pool).slice(0, s.count)) {
        taken.add(q.id);
        drawn.push({ section_id: s.id, question_id: q.id, version_id: q.version_id, points: s.points });
      }
    }
  }
  if (drawn.length === 0) throw badRequest('该测试没有可用的题目，请联系党建办');
  const order = full!.shuffle_questions ? shuffle(drawn) : drawn;
  // One read for the drawn versions (a paper of 30 questions started by a whole town at once).
  const versions = new Map<number, QuestionDraft>((await repo.versionsByIds(svc.db, [...new Set(order.map((d) => d.version_id))])).map((v) => [v.id, fromStored(v)]));
  const now = clock.now();
  const deadline = new Date(Math.min(now.getTime() + paper.time_limit_minutes * 60_000, Date.parse(paper.closes_at)));
  try {
    return await svc.db.transaction().execute(async (trx) => {
      const id = await repo.insertAttempt(trx, {
        paperId,
        memberId,
        unitId: m.unit_id,
        attemptNo: used + 1,
        startedAt: now.toISOString(),
        deadlineAt: deadline.toISOString(),
        maxScore: order.reduce((s, d) => s + d.points, 0),
      });
      await repo.insertItems(
        trx,
        order.map((d, i) => {
          const draft = versions.get(d.version_id)!;
          const keys = draft.options.map((o) => o.key);
          return { attempt_id: id, position: i + 1, section_id: d.section_id, question_id: d.question_id, version_id: d.version_id, points: d.points, option_order: JSON.stringify(full!.shuffle_options ? shuffle(keys) : keys) };
        }),
      );
      await svc.audit.record(trx, auth.actor(), { action: 'exams.attempt.start', entity: 'exam_attempt', entityId: id, detail: { paperId, attemptNo: used + 1, deadline: deadline.toISOString() } });
      return { id };
    });
  } catch (e) {
    // Two taps at once: the unique open slot (or attempt number) lets one through.
    if (/unique|duplicate/i.test(String((e as Error).message))) {
      const again = await repo.openAttempt(svc.db, paperId, memberId);
      throw new AppError(409, 'ATTEMPT_OPEN', '您已有一次正在进行的作答，请继续该次作答', { attemptId: again?.id ?? null });
    }
    throw e;
  }
}

async function ownAttempt(svc: Services, auth: AuthContext, id: number) {
  const a = await repo.attemptById(svc.db, id);
  if (!a) throw notFound('找不到该次作答');
  await svc.guard.authorize(auth, ExamPolicy.take, { memberId: a.member_id }, '这不是您的作答');
  return a;
}

export async function getAttempt(svc: Services, auth: AuthContext, id: number): Promise<Attempt> {
  let a = await ownAttempt(svc, auth, id);
  const grace = await graceSeconds(svc);
  const now = clock.now().getTime();
  if (a.status === 'in_progress' && now > Date.parse(a.deadline_at) + grace * 1000) {
    await finalize(svc, null, a.id, a.deadline_at, 'timeout');
    a = (await repo.attemptById(svc.db, id))!;
  }
  const review = reviewFor(a);
  const items = await repo.itemsOf(svc.db, id);
  return {
    id: a.id,
    paperId: a.paper_id,
    title: a.title,
    attemptNo: a.attempt_no,
    status: a.status,
    startedAt: a.started_at,
    deadlineAt: a.deadline_at,
    serverNow: new Date(now).toISOString(),
    remainingSeconds: Math.max(0, Math.floor((Date.parse(a.deadline_at) - now) / 1000)),
    graceSeconds: grace,
    submittedAt: a.submitted_at,
    submittedHow: a.submitted_how,
    score: review?.score ? a.score : null,
    maxScore: a.max_score,
    pendingItems: a.pending_items,
    items: items.map((r) => itemView(r, review)),
  };
}

/**
 * Saves one answer as given. Refused: another person's attempt, an item not in
 * this attempt's draw (404), a submitted attempt, and an answer given after the
 * deadline or arriving after the grace.
 */
export async function saveAnswer(svc: Services, auth: AuthContext, attemptId: number, itemId: number, body: { response: AnswerResponse; answeredAt: string }): Promise<AnswerSaved> {
  const row = await repo.itemForAnswer(svc.db, attemptId, itemId);
  if (!row) throw notFound('本次作答中没有这道题');
  if (row.member_id !== auth.user.memberId) throw forbidden('这不是您的作答');
  const now = clock.now().getTime();
  const deadline = Date.parse(row.deadline_at);
  const remainingSeconds = Math.max(0, Math.floor((deadline - now) / 1000));
  if (row.status !== 'in_progress') throw conflict('本次作答已交卷，答案不能再修改');
  const grace = await graceSeconds(svc);
  if (now > deadline + grace * 1000) throw new AppError(409, 'TIME_UP', '作答时间已到，答案未能保存');
  // The moment of answering as the phone says it, never later than now.
  const given = Math.min(Date.parse(body.answeredAt), now);
  if (given > deadline) throw new AppError(409, 'TIME_UP', '作答时间已到，截止后作答的答案不能保存');
  const draftType = row.type;
  // Options are checked against what this person was shown (their order).
  const order = JSON.parse(row.option_order) as string[];
  const shown = draftType === 'truefalse' ? TF_OPTIONS.map((o) => ({ key: o.key, original: o.key })) : order.map((k, i) => ({ key: optionKey(i), original: k }));
  const response = fromShown(draftType, body.response, shown);
  if (typeof response === 'string') throw badRequest(response);
  const savedAt = nowIso();
  const saved = await repo.saveAnswer(svc.db, itemId, JSON.stringify(response), new Date(given).toISOString(), savedAt);
  return { saved, savedAt, serverNow: new Date(now).toISOString(), remainingSeconds };
}

export async function submitAttempt(svc: Services, auth: AuthContext, id: number): Promise<Attempt> {
  const a = await ownAttempt(svc, auth, id);
  if (a.status === 'in_progress') {
    const grace = await graceSeconds(svc);
    const now = clock.now().getTime();
    const deadline = Date.parse(a.deadline_at);
    // A submit when time ran out, within the grace: another device may still hold answers given
    // before the deadline, so the attempt stays open until the grace ends (the phone asks again).
    if (now > deadline && now <= deadline + grace * 1000) return getAttempt(svc, auth, id);
    const late = now > deadline;
    await finalize(svc, late ? null : auth, id, late ? a.deadline_at : nowIso(), late ? 'timeout' : 'manual');
  }
  return getAttempt(svc, auth, id);
}

// ---- grading short answers ----

export async function gradingQueue(svc: Services, auth: AuthContext) {
  await finalizeExpired(svc);
  const reach = await svc.guard.reach(auth, ExamPolicy.grade);
  const anonymous = await svc.settings.bool('exams.anonymousGrading');
  const rows = await repo.gradingQueue(svc.db, reach);
  return rows.map((r) => ({
    itemId: r.item_id,
    attemptId: r.attempt_id,
    paperId: r.paper_id,
    paperTitle: r.paper_title,
    memberName: anonymous ? null : r.member_name,
    unitName: anonymous ? null : r.unit_name,
    stem: r.stem,
    reference: String(JSON.parse(r.answer) ?? ''),
    answer: r.response ? ((JSON.parse(r.response) as Response).text ?? '') : '',
    points: r.points,
    submittedAt: r.submitted_at,
  }));
}

export async function gradeItem(svc: Services, auth: AuthContext, itemId: number, body: { score: number; comment: string }) {
  const it = await repo.itemForGrading(svc.db, itemId);
  if (!it) throw notFound('找不到该答题');
  await svc.guard.authorize(auth, ExamPolicy.grade, { unitPath: it.unit_path }, '该答卷不在您的管理范围内');
  if (it.status === 'in_progress') throw badRequest('该答卷尚未交卷');
  if (body.score > it.points) throw badRequest(`得分不能超过该题满分 ${it.points} 分`);
  const score = Math.round(body.score * 100) / 100;
  return svc.db.transaction().execute(async (trx) => {
    await repo.gradeItemByHand(trx, itemId, score, body.comment.trim(), auth.userId, nowIso());
    const total = await repo.retotal(trx, it.attempt_id);
    await svc.audit.record(trx, auth.actor(), { action: 'exams.attempt.grade', entity: 'exam_attempt_item', entityId: itemId, detail: { attemptId: it.attempt_id, score, previous: it.score } });
    return { attemptScore: total.score, pending: total.pending };
  });
}
