// SQL of the indicators whose modules landed after the score: seminars (attendance and
// 书记评), party lectures given, quarterly tests.
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

/** Seminars held in the range (not cancelled) with their session and host unit; under rootPath when given (the archive's minutes). */
export async function seminarSessions(db: DB, fromIso: string, toIso: string, rootPath?: string) {
  let q = db
    .selectFrom('seminars as x')
    .innerJoin('study_sessions as s', 's.id', 'x.session_id')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.session_id', 'x.theme', 's.starts_at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('x.status', '!=', 'cancelled')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  return q.orderBy('s.starts_at').execute();
}

export async function gradesInRange(db: DB, rootPath: string | null, fromIso: string, toIso: string, memberId?: number) {
  let q = db
    .selectFrom('seminar_speakers as sp')
    .innerJoin('seminars as x', 'x.id', 'sp.seminar_id')
    .innerJoin('study_sessions as s', 's.id', 'x.session_id')
    .innerJoin('members as m', 'm.id', 'sp.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['sp.member_id', 'sp.seminar_id', 'sp.grade', 'sp.score', 'sp.evaluated_at', 'x.theme', 's.starts_at'])
    .where('x.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso)
    .where((eb) => eb.or([eb('sp.grade', 'is not', null), eb('sp.score', 'is not', null)]));
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  if (memberId != null) q = q.where('sp.member_id', '=', memberId);
  return q.orderBy('s.starts_at').execute();
}

export async function lecturesInRange(db: DB, rootPath: string | null, fromIso: string, toIso: string, memberId?: number) {
  let q = db
    .selectFrom('lectures as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['l.id', 'l.member_id', 'l.topic', 's.starts_at', 's.place', 'm.name', 'u.name as unit_name'])
    .where('l.status', '=', 'scheduled')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  if (memberId != null) q = q.where('l.member_id', '=', memberId);
  return q.orderBy('s.starts_at').execute();
}

/** Published papers that closed in the range, with the units they were set for. */
export async function closedPapers(db: DB, fromIso: string, toIso: string) {
  const papers = await db
    .selectFrom('exam_papers')
    .select(['id', 'title', 'quarter', 'closes_at'])
    .where('status', '=', 'published')
    .where('closes_at', '>=', fromIso)
    .where('closes_at', '<', toIso)
    .orderBy('closes_at')
    .execute();
  const units = papers.length
    ? await db
        .selectFrom('exam_paper_units as pu')
        .innerJoin('units as u', 'u.id', 'pu.unit_id')
        .select(['pu.paper_id', 'u.path'])
        .where(
          'pu.paper_id',
          'in',
          papers.map((p) => p.id),
        )
        .execute()
    : [];
  return { papers, units };
}

/**
 * Per member and paper: the best share of marks among finished attempts (null while every one
 * waits for hand grading), with the number of finished attempts and the member's name and unit.
 */
export async function bestAttempts(db: DB, rootPath: string | null, paperIds: number[], memberId?: number) {
  if (paperIds.length === 0) return [];
  let q = db
    .selectFrom('exam_attempts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'a.member_id',
      'a.paper_id',
      'm.name',
      'u.name as unit_name',
      (eb) => eb.fn.count<number>('a.id').as('attempts'),
      (eb) => eb.fn.max<number | null>(eb(eb.cast<number>('a.score', 'real'), '/', eb.ref('a.max_score'))).as('best'),
    ])
    .where('a.paper_id', 'in', paperIds)
    .where('a.status', '!=', 'in_progress')
    .where('a.max_score', '>', 0);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  if (memberId != null) q = q.where('a.member_id', '=', memberId);
  return q.groupBy(['a.member_id', 'a.paper_id', 'm.name', 'u.name']).execute();
}
