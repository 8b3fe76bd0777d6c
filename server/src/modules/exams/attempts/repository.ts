// All SQL of attempts, answers and grading.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

export function memberUnit(db: DB, memberId: number) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.unit_id', 'u.path as unit_path'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
}

const attemptColumns = [
  'a.id',
  'a.paper_id',
  'a.member_id',
  'a.unit_id',
  'a.attempt_no',
  'a.status',
  'a.started_at',
  'a.deadline_at',
  'a.submitted_at',
  'a.submitted_how',
  'a.score',
  'a.max_score',
  'a.pending_items',
  'p.title',
  'p.closes_at',
  'p.opens_at',
  'p.review_after_submit',
  'p.review_after_close',
  'u.path as unit_path',
] as const;

export function attemptById(db: DB, id: number) {
  return db
    .selectFrom('exam_attempts as a')
    .innerJoin('exam_papers as p', 'p.id', 'a.paper_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(attemptColumns)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export function attemptsOf(db: DB, paperIds: number[], memberId: number) {
  return db
    .selectFrom('exam_attempts')
    .select(['id', 'paper_id', 'attempt_no', 'status', 'score', 'max_score', 'submitted_at', 'deadline_at'])
    .where('paper_id', 'in', paperIds.length ? paperIds : [-1])
    .where('member_id', '=', memberId)
    .orderBy('attempt_no')
    .execute();
}

export function itemsOf(db: DB, attemptId: number) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_question_versions as v', 'v.id', 'i.version_id')
    .select([
      'i.id',
      'i.position',
      'i.question_id',
      'i.version_id',
      'i.points',
      'i.option_order',
      'i.response',
      'i.answered_at',
      'i.score',
      'i.needs_grading',
      'i.grader_comment',
      'v.type',
      'v.name',
      'v.stem',
      'v.stem_format',
      'v.options',
      'v.answer',
      'v.explanation',
      'v.difficulty',
      'v.tags',
      'v.source',
    ])
    .where('i.attempt_id', '=', attemptId)
    .orderBy('i.position')
    .execute();
}

/** The one read of an answer save: the item, its attempt's owner, status and deadline. */
export function itemForAnswer(db: DB, attemptId: number, itemId: number) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_attempts as a', 'a.id', 'i.attempt_id')
    .innerJoin('exam_question_versions as v', 'v.id', 'i.version_id')
    .select(['i.id', 'i.option_order', 'i.answered_at', 'a.member_id', 'a.status', 'a.deadline_at', 'v.type'])
    .where('i.id', '=', itemId)
    .where('i.attempt_id', '=', attemptId)
    .executeTakeFirst();
}

/** Saves an answer unless a later one is already there (a queued answer arriving after a newer one from another device). */
export async function saveAnswer(db: DB, itemId: number, response: string, answeredAt: string, savedAt: string) {
  const r = await db
    .updateTable('exam_attempt_items')
    .set({ response, answered_at: answeredAt, saved_at: savedAt })
    .where('id', '=', itemId)
    .where((eb) => eb.or([eb('answered_at', 'is', null), eb('answered_at', '<=', answeredAt)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function openAttempt(db: DB, paperId: number, memberId: number) {
  return db.selectFrom('exam_attempts').select(['id', 'deadline_at']).where('paper_id', '=', paperId).where('member_id', '=', memberId).where('status', '=', 'in_progress').executeTakeFirst();
}

export function attemptCount(db: DB, paperId: number, memberId: number) {
  return db
    .selectFrom('exam_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('paper_id', '=', paperId)
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function insertAttempt(
  db: DB,
  a: { paperId: number; memberId: number; unitId: number; attemptNo: number; startedAt: string; deadlineAt: string; maxScore: number },
) {
  const r = await db
    .insertInto('exam_attempts')
    .values({
      paper_id: a.paperId,
      member_id: a.memberId,
      unit_id: a.unitId,
      attempt_no: a.attemptNo,
      open_slot: 1,
      status: 'in_progress',
      started_at: a.startedAt,
      deadline_at: a.deadlineAt,
      submitted_at: null,
      submitted_how: null,
      score: null,
      max_score: a.maxScore,
      pending_items: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertItems(db: DB, rows: { attempt_id: number; position: number; section_id: number | null; question_id: number; version_id: number; points: number; option_order: string }[]) {
  if (rows.length) await db.insertInto('exam_attempt_items').values(rows).execute();
}

/** Claims an open attempt for submission (one of two racing submits wins). */
export async function closeAttempt(db: DB, id: number, at: string, how: string) {
  const r = await db
    .updateTable('exam_attempts')
    .set({ status: 'submitted', open_slot: null, submitted_at: at, submitted_how: how })
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setItemGrade(db: DB, itemId: number, score: number | null, needsGrading: boolean) {
  await db.updateTable('exam_attempt_items').set({ score, needs_grading: needsGrading ? 1 : 0 }).where('id', '=', itemId).execute();
}

export async function gradeItemByHand(db: DB, itemId: number, score: number, comment: string, userId: number, at: string) {
  await db.updateTable('exam_attempt_items').set({ score, needs_grading: 0, grader_comment: comment, graded_by: userId, graded_at: at }).where('id', '=', itemId).execute();
}

/** Recomputes an attempt's total and pending count from its items; returns the new total. */
export async function retotal(db: DB, attemptId: number) {
  const r = await db
    .selectFrom('exam_attempt_items')
    .select([(eb) => eb.fn.sum<number>('score').as('s'), sql<number>`SUM(CASE WHEN needs_grading = 1 THEN 1 ELSE 0 END)`.as('pending')])
    .where('attempt_id', '=', attemptId)
    .executeTakeFirstOrThrow();
  const score = Math.round(Number(r.s ?? 0) * 100) / 100;
  const pending = Number(r.pending ?? 0);
  await db
    .updateTable('exam_attempts')
    .set({ score, pending_items: pending, status: pending > 0 ? 'submitted' : 'graded' })
    .where('id', '=', attemptId)
    .where('status', '!=', 'in_progress')
    .execute();
  return { score, pending };
}

/** Open attempts whose deadline and grace have passed (optionally of one member). */
export function expiredOpen(db: DB, before: string, memberId?: number) {
  let q = db.selectFrom('exam_attempts').select(['id', 'deadline_at']).where('status', '=', 'in_progress').where('deadline_at', '<', before);
  if (memberId) q = q.where('member_id', '=', memberId);
  return q.limit(500).execute();
}

export function gradingQueue(db: DB, reach: Reach) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_attempts as a', 'a.id', 'i.attempt_id')
    .innerJoin('exam_papers as p', 'p.id', 'a.paper_id')
    .innerJoin('exam_question_versions as v', 'v.id', 'i.version_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['i.id as item_id', 'a.id as attempt_id', 'p.id as paper_id', 'p.title as paper_title', 'm.name as member_name', 'u.name as unit_name', 'v.stem', 'v.stem_format', 'v.answer', 'i.response', 'i.points', 'a.submitted_at'])
    .where('i.needs_grading', '=', 1)
    .where('a.status', '=', 'submitted')
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('a.submitted_at')
    .orderBy('i.id')
    .limit(200)
    .execute();
}

export function itemForGrading(db: DB, itemId: number) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_attempts as a', 'a.id', 'i.attempt_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['i.id', 'i.attempt_id', 'i.points', 'i.needs_grading', 'i.score', 'a.status', 'u.path as unit_path'])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
}

/** Every finished attempt's items of one question version (for regrading). */
export function finishedItemsOfVersion(db: DB, versionId: number) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_attempts as a', 'a.id', 'i.attempt_id')
    .select(['i.id', 'i.attempt_id', 'i.response', 'i.points', 'i.score', 'a.score as attempt_score'])
    .where('i.version_id', '=', versionId)
    .where('a.status', '!=', 'in_progress')
    .execute();
}

export function practiceItemsOfVersion(db: DB, versionId: number) {
  return db.selectFrom('exam_practice_items').select(['id', 'response', 'correct']).where('version_id', '=', versionId).where('response', 'is not', null).execute();
}

export async function setPracticeCorrect(db: DB, id: number, correct: boolean) {
  await db.updateTable('exam_practice_items').set({ correct: correct ? 1 : 0 }).where('id', '=', id).execute();
}

export function versionsByIds(db: DB, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('exam_question_versions').selectAll().where('id', 'in', ids).execute();
}

/** The other versions of a question, oldest first (a key correction looks at each). */
export function otherVersionsOf(db: DB, questionId: number, exceptVersionId: number) {
  return db.selectFrom('exam_question_versions').selectAll().where('question_id', '=', questionId).where('id', '!=', exceptVersionId).orderBy('version_no').execute();
}

export async function setVersionKey(db: DB, id: number, set: { options?: string; answer?: string }) {
  await db.updateTable('exam_question_versions').set(set).where('id', '=', id).execute();
}
