// All SQL of the daily practice.
import type { DB } from '../../../db';
import { nowIso } from '../../../platform/time';

export function itemsOfDay(db: DB, memberId: number, day: string) {
  return db
    .selectFrom('exam_practice_items as i')
    .innerJoin('exam_question_versions as v', 'v.id', 'i.version_id')
    .select(['i.id', 'i.position', 'i.question_id', 'i.version_id', 'i.option_order', 'i.response', 'i.correct', 'i.answered_at', 'v.type', 'v.name', 'v.stem', 'v.stem_format', 'v.options', 'v.answer', 'v.explanation', 'v.difficulty', 'v.tags', 'v.source'])
    .where('i.member_id', '=', memberId)
    .where('i.day', '=', day)
    .orderBy('i.position')
    .execute();
}

/** Objective questions of the banks above the member (their unit's, their town's, the district's). */
export function practicePool(db: DB, ancestorPaths: string[]) {
  return db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'v.id as version_id', 'v.options'])
    .where('q.status', '=', 'active')
    .where('v.type', '!=', 'short')
    .where('u.path', 'in', ancestorPaths.length ? ancestorPaths : ['-'])
    .execute();
}

export function practiceHistory(db: DB, memberId: number) {
  return db.selectFrom('exam_practice_items').select(['question_id', 'day', 'correct']).where('member_id', '=', memberId).where('correct', 'is not', null).orderBy('day').orderBy('position').execute();
}

export function testMisses(db: DB, memberId: number) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_attempts as a', 'a.id', 'i.attempt_id')
    .select(['i.question_id'])
    .where('a.member_id', '=', memberId)
    .where('a.status', '!=', 'in_progress')
    .where('i.needs_grading', '=', 0)
    .whereRef('i.score', '<', 'i.points')
    .execute();
}

/** Inserts the day's draw; a second request racing the first inserts nothing (unique member/day/position). */
export async function insertDay(db: DB, rows: { member_id: number; day: string; position: number; question_id: number; version_id: number; option_order: string }[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('exam_practice_items')
    .values(rows)
    .onConflict((oc) => oc.columns(['member_id', 'day', 'position']).doNothing())
    .execute();
}

export async function answer(db: DB, id: number, response: string, correct: boolean) {
  const r = await db
    .updateTable('exam_practice_items')
    .set({ response, correct: correct ? 1 : 0, answered_at: nowIso() })
    .where('id', '=', id)
    .where('response', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function answeredOn(db: DB, memberId: number, day: string) {
  return db
    .selectFrom('exam_practice_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('day', '=', day)
    .where('response', 'is not', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Per day: items drawn and answered (for the streak). */
export function daysOf(db: DB, memberId: number, from: string) {
  return db
    .selectFrom('exam_practice_items')
    .select(['day', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('response').as('answered')])
    .where('member_id', '=', memberId)
    .where('day', '>=', from)
    .groupBy('day')
    .execute();
}

