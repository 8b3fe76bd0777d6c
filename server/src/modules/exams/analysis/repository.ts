// All SQL of results and item analysis.
import type { DB } from '../../../db';
import { withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

export function finishedAttempts(db: DB, reach: Reach, f: { quarter?: string; paperId?: number }) {
  let q = db
    .selectFrom('exam_attempts as a')
    .innerJoin('exam_papers as p', 'p.id', 'a.paper_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.paper_id', 'a.member_id', 'a.unit_id', 'a.attempt_no', 'a.status', 'a.score', 'a.max_score', 'p.title', 'p.quarter', 'p.grading_method', 'm.name as member_name', 'u.name as unit_name'])
    .where('a.status', '!=', 'in_progress')
    .where(withinReach(reach, { unitPath: 'u.path', memberId: 'a.member_id' }));
  if (f.quarter) q = q.where('p.quarter', '=', f.quarter);
  if (f.paperId) q = q.where('a.paper_id', '=', f.paperId);
  return q.orderBy('a.id').execute();
}

export function itemsOfAttempts(db: DB, attemptIds: number[]) {
  return db
    .selectFrom('exam_attempt_items as i')
    .innerJoin('exam_question_versions as v', 'v.id', 'i.version_id')
    .select(['i.id', 'i.section_id', 'i.attempt_id', 'i.question_id', 'i.version_id', 'i.points', 'i.score', 'i.response', 'v.version_no', 'v.type', 'v.stem', 'v.stem_format', 'v.options', 'v.answer'])
    .where('i.attempt_id', 'in', attemptIds.length ? attemptIds : [-1])
    .orderBy('i.question_id')
    .execute();
}

/** Published papers that closed within [fromIso, toIso), with the path of each unit they were set for; the acceptance's evidence. */
export function closedPapersWithUnits(db: DB, fromIso: string, toIso: string) {
  return db
    .selectFrom('exam_papers as p')
    .innerJoin('exam_paper_units as pu', 'pu.paper_id', 'p.id')
    .innerJoin('units as au', 'au.id', 'pu.unit_id')
    .select(['p.id', 'au.path'])
    .where('p.status', '=', 'published')
    .where('p.closes_at', '>=', fromIso)
    .where('p.closes_at', '<', toIso)
    .execute();
}

/** Active members of these units. */
export function activeMembersOf(db: DB, unitIds: number[]) {
  return unitIds.length ? db.selectFrom('members').select(['id', 'unit_id']).where('status', '=', 'active').where('unit_id', 'in', unitIds).execute() : Promise.resolve([]);
}

/** Per member and paper among these papers: the best share of marks of the finished attempts (null while none is graded). */
export function bestSharesOf(db: DB, paperIds: number[], unitIds: number[]) {
  if (!paperIds.length || !unitIds.length) return Promise.resolve([]);
  return db
    .selectFrom('exam_attempts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['a.member_id', 'a.paper_id', (eb) => eb.fn.max<number | null>(eb.case().when('a.max_score', '>', 0).then(eb(eb.cast<number>('a.score', 'real'), '/', eb.ref('a.max_score'))).else(null).end()).as('best')])
    .where('a.paper_id', 'in', paperIds)
    .where('a.status', '!=', 'in_progress')
    .where('m.unit_id', 'in', unitIds)
    .groupBy(['a.member_id', 'a.paper_id'])
    .execute();
}
