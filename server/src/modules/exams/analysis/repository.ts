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
    .select(['i.attempt_id', 'i.question_id', 'i.version_id', 'i.points', 'i.score', 'i.response', 'v.version_no', 'v.type', 'v.stem', 'v.stem_format', 'v.options', 'v.answer'])
    .where('i.attempt_id', 'in', attemptIds.length ? attemptIds : [-1])
    .orderBy('i.question_id')
    .execute();
}
