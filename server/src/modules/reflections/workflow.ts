// The life of a reflection: draft → submitted → returned → (resubmitted) →
// approved → excellent → reported. Each step runs in one transaction with its
// event row and an audit row; a step from the wrong state changes nothing.
import type { DB } from '../../db';
import * as repo from './repository';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { notifyMember } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import {
  EDITABLE,
  findMatches,
  indexBands,
  load,
  locked,
  monthOf,
  prepareBody,
  recordEvent,
  rubricOf,
  similarityColumns,
  stateError,
  type PassageComment,
  type Row,
  type Score,
  type Status,
  type Who,
} from './service';

export interface DraftInput {
  title: string;
  bodyHtml: string;
  planItemId?: number | null;
  bookId?: number | null;
  bookTitle?: string;
}

/** Resolves which book a reflection is about: a plan entry of the member, a catalog book, or a title. */
async function resolveBook(db: DB, memberId: number, input: DraftInput) {
  if (input.planItemId) {
    const item = await repo.planItemWithBook(db, input.planItemId);
    if (!item || item.member_id !== memberId) throw badRequest('所选的阅读计划不存在');
    return { planItemId: item.id, bookId: item.book_id, bookTitle: item.title ?? item.own_title ?? '' };
  }
  if (input.bookId) {
    const title = await repo.bookTitle(db, input.bookId);
    if (title === undefined) throw badRequest('所选的图书不存在');
    return { planItemId: null, bookId: input.bookId, bookTitle: title };
  }
  const t = input.bookTitle?.trim();
  if (!t) throw badRequest('请选择所读的书');
  return { planItemId: null, bookId: null, bookTitle: t.slice(0, 200) };
}

function checkTitle(title: string) {
  const t = title.trim();
  if (!t) throw badRequest('标题不能为空');
  if (t.length > 100) throw badRequest('标题不能超过 100 字');
  return t;
}

export async function createDraft(svc: Services, who: Who, memberId: number, input: DraftInput): Promise<number> {
  const title = checkTitle(input.title);
  const book = await resolveBook(svc.db, memberId, input);
  const body = prepareBody(input.bodyHtml);
  const member = await repo.memberUnit(svc.db, memberId);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const id = await repo.insertReflection(trx, {
      member_id: memberId,
      unit_id: member.unit_id,
      book_id: book.bookId,
      book_title: book.bookTitle,
      plan_item_id: book.planItemId,
      title,
      body_html: body.html,
      body_text: body.text,
      char_count: body.count,
      status: 'draft',
      month: null,
      submitted_at: null,
      similarity_percent: null,
      similarity_top_id: null,
      scores_json: null,
      score: null,
      review_comment: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(trx, who, { reflectionId: id, action: 'create', from: null, to: 'draft' });
    await svc.audit.record(trx, who.actor, { action: 'reflection.create', entity: 'reflection', entityId: id, detail: { title, chars: body.count } });
    return id;
  });
}

/** Autosave: a stale version gets 409 with the server copy (the caller adds it), a submitted one is locked. */
export async function updateDraft(svc: Services, who: Who, row: Row, input: DraftInput & { version: number }, onStale: () => Promise<AppError>) {
  if (!EDITABLE.includes(row.status as Status)) throw locked();
  if (row.version !== input.version) throw await onStale();
  const title = checkTitle(input.title);
  // An autosave that names no book keeps the one the draft has.
  const keepsBook = input.planItemId === undefined && input.bookId === undefined && input.bookTitle === undefined;
  const book = keepsBook ? { planItemId: row.plan_item_id, bookId: row.book_id, bookTitle: row.book_title } : await resolveBook(svc.db, row.member_id, input);
  const body = prepareBody(input.bodyHtml);
  await svc.db.transaction().execute(async (trx) => {
    const changed = await repo.updateIfUnchanged(trx, row.id, { version: row.version, status: EDITABLE }, {
      title,
      book_id: book.bookId,
      book_title: book.bookTitle,
      plan_item_id: book.planItemId,
      body_html: body.html,
      body_text: body.text,
      char_count: body.count,
      updated_at: nowIso(),
      version: row.version + 1,
    });
    if (changed !== 1) throw conflict();
    // Autosave writes often: the audit keeps the size, not every keystroke's text.
    await svc.audit.record(trx, who.actor, { action: 'reflection.update', entity: 'reflection', entityId: row.id, detail: { chars: body.count } });
  });
}

export async function submit(svc: Services, who: Who, row: Row, version: number | undefined, onStale: () => Promise<AppError>) {
  if (!EDITABLE.includes(row.status as Status)) throw new AppError(409, 'ALREADY_SUBMITTED', '心得已提交，请勿重复提交');
  if (version !== undefined && version !== row.version) throw await onStale();
  const today = todayLocal();
  const member = await repo.memberUnit(svc.db, row.member_id);
  // The author's unit's numbers: a town may keep its own minimum and flag threshold (issue 12 item 7).
  const min = await svc.settings.int('plan.reflectionMinChars', Number(today.slice(0, 4)), member.path);
  if (row.char_count < min) throw new AppError(400, 'TOO_SHORT', `字数不足：当前 ${row.char_count} 字，至少需要 ${min} 字`, { count: row.char_count, min });
  const flag = await svc.settings.int('reflections.similarityFlagPercent', 0, member.path);
  const found = await findMatches(svc.db, row.body_html, row.book_id, row.id);
  const resubmit = row.status === 'returned';
  await svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const changed = await repo.updateIfUnchanged(trx, row.id, { version: row.version, status: EDITABLE }, {
      status: 'submitted',
      unit_id: member.unit_id,
      month: row.month ?? monthOf(today),
      submitted_at: now,
      ...similarityColumns(found, flag),
      updated_at: now,
      version: row.version + 1,
    });
    // Two submits at once: the second finds the row changed.
    if (changed !== 1) throw new AppError(409, 'ALREADY_SUBMITTED', '心得已提交，请勿重复提交');
    await indexBands(trx, 'r', row.id, found.bands);
    await recordEvent(trx, who, { reflectionId: row.id, action: resubmit ? 'resubmit' : 'submit', from: row.status as Status, to: 'submitted', at: now });
    await svc.audit.record(trx, who.actor, { action: resubmit ? 'reflection.resubmit' : 'reflection.submit', entity: 'reflection', entityId: row.id, detail: { chars: row.char_count, similarity: found.percent } });
  });
}

export type ReviewAction = 'return' | 'approve' | 'excellent';
const FROM: Record<ReviewAction, Status[]> = { return: ['submitted'], approve: ['submitted'], excellent: ['submitted', 'approved'] };
const TO: Record<ReviewAction, Status> = { return: 'returned', approve: 'approved', excellent: 'excellent' };

export async function checkScores(svc: Services, scores: { name: string; points: number }[] | undefined, year: number): Promise<Score[] | null> {
  if (!scores) return null;
  const rubric = await rubricOf(svc, year);
  const out: Score[] = [];
  for (const s of scores) {
    const c = rubric.find((r) => r.name === s.name);
    if (!c) throw badRequest(`评分不正确：没有“${s.name}”这一项`);
    if (!Number.isInteger(s.points) || s.points < 0 || s.points > c.points) throw badRequest(`评分不正确：“${s.name}”应在 0–${c.points} 分之间`);
    if (out.some((o) => o.name === s.name)) throw badRequest(`评分不正确：“${s.name}”重复`);
    out.push({ name: s.name, points: s.points, max: c.points });
  }
  return out;
}

export async function review(
  svc: Services,
  who: Who,
  row: Row,
  action: ReviewAction,
  input: { comment?: string; passages?: PassageComment[]; scores?: { name: string; points: number }[] },
) {
  if (!FROM[action].includes(row.status as Status)) throw stateError();
  const comment = input.comment?.trim() || null;
  const passages = (input.passages ?? []).map((p) => ({ quote: p.quote.trim(), comment: p.comment.trim() })).filter((p) => p.comment);
  // A return says why: an overall comment, or comments on passages, or both.
  if (action === 'return' && !comment && !passages.length) throw badRequest('请填写退回意见');
  const scores = await checkScores(svc, input.scores, Number((row.month ?? todayLocal()).slice(0, 4)));
  const to = TO[action];
  await svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const changed = await repo.updateIfUnchanged(trx, row.id, { version: row.version, status: [row.status] }, {
      status: to,
      review_comment: comment,
      ...(action === 'return' ? { passages_json: JSON.stringify(passages) } : {}),
      ...(scores ? { scores_json: JSON.stringify(scores), score: scores.reduce((a, s) => a + s.points, 0) } : {}),
      reviewed_by: who.userId,
      reviewed_at: now,
      updated_at: now,
      version: row.version + 1,
    });
    if (changed !== 1) throw conflict('该心得刚被他人处理，请刷新后重试');
    await recordEvent(trx, who, { reflectionId: row.id, action, from: row.status as Status, to, comment, passages: action === 'return' ? passages : null, at: now });
    await svc.audit.record(trx, who.actor, { action: `reflection.${action}`, entity: 'reflection', entityId: row.id, detail: { from: row.status, to, score: scores?.reduce((a, s) => a + s.points, 0) ?? null } });
    // The author hears the outcome in the inbox (and through the outgoing channels).
    const notice = OUTCOME_NOTICE[action](row.title, comment, passages.length);
    await notifyMember(trx, row.member_id, { kind: `reflection.${to}`, ...notice, link: `/reflections/${row.id}`, dedupeKey: `reflection-${action}:${row.id}:v${row.version + 1}` });
  });
}

const OUTCOME_NOTICE: Record<ReviewAction, (title: string, comment: string | null, passages: number) => { title: string; body: string }> = {
  return: (t, c, n) => ({ title: `心得《${t}》被退回修改`, body: [c ? `审核意见：${c}` : '', n ? `另有 ${n} 处段落批注。` : '', '请修改后重新提交。'].filter(Boolean).join('\n') }),
  approve: (t, c) => ({ title: `心得《${t}》已审核通过`, body: c ? `审核意见：${c}` : '审核已通过。' }),
  excellent: (t, c) => ({ title: `心得《${t}》被评为优秀`, body: c ? `审核意见：${c}` : '祝贺！您的心得被评为优秀。' }),
};

export async function reloadOrThrow(db: DB, id: number) {
  const row = await load(db, id);
  if (!row) throw notFound('找不到该心得');
  return row;
}
