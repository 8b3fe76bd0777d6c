// All SQL of papers.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';
import { nowIso } from '../../../platform/time';

export interface PaperRow {
  unit_id: number;
  title: string;
  description: string;
  quarter: string;
  opens_at: string;
  closes_at: string;
  time_limit_minutes: number;
  max_attempts: number;
  grading_method: string;
  shuffle_questions: number;
  shuffle_options: number;
  review_after_submit: string;
  review_after_close: string;
}

export interface SectionRow {
  kind: string;
  question_id: number | null;
  category_id: number | null;
  qtype: string | null;
  difficulty: number | null;
  count: number;
  points: number;
}

export function unitsByIds(db: DB, ids: number[]) {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', ids.length ? ids : [-1]).execute();
}

const paperColumns = ['p.id', 'p.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'p.title', 'p.description', 'p.quarter', 'p.opens_at', 'p.closes_at', 'p.time_limit_minutes', 'p.max_attempts', 'p.grading_method', 'p.shuffle_questions', 'p.shuffle_options', 'p.review_after_submit', 'p.review_after_close', 'p.status', 'p.version'] as const;

export function paperById(db: DB, id: number) {
  return db.selectFrom('exam_papers as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(paperColumns).where('p.id', '=', id).executeTakeFirst();
}

export function papersInReach(db: DB, reach: Reach, quarter?: string) {
  let q = db.selectFrom('exam_papers as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(paperColumns).where(withinReach(reach, { unitPath: 'u.path' }));
  if (quarter) q = q.where('p.quarter', '=', quarter);
  return q.orderBy('p.opens_at', 'desc').orderBy('p.id', 'desc').execute();
}

export function sectionsOf(db: DB, paperIds: number[]) {
  return db
    .selectFrom('exam_paper_sections as s')
    .leftJoin('exam_categories as c', 'c.id', 's.category_id')
    .leftJoin('exam_questions as q', 'q.id', 's.question_id')
    .leftJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .select(['s.id', 's.paper_id', 's.position', 's.kind', 's.question_id', 's.category_id', 's.qtype', 's.difficulty', 's.count', 's.points', 'c.name as category_name', 'v.stem as question_stem'])
    .where('s.paper_id', 'in', paperIds.length ? paperIds : [-1])
    .orderBy('s.paper_id')
    .orderBy('s.position')
    .execute();
}

export function audienceOf(db: DB, paperIds: number[]) {
  return db
    .selectFrom('exam_paper_units as pu')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['pu.paper_id', 'u.id', 'u.name', 'u.path'])
    .where('pu.paper_id', 'in', paperIds.length ? paperIds : [-1])
    .execute();
}

export function attemptCounts(db: DB, paperIds: number[]) {
  return db
    .selectFrom('exam_attempts')
    .select(['paper_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('paper_id', 'in', paperIds.length ? paperIds : [-1])
    .groupBy('paper_id')
    .execute();
}

export async function insertPaper(db: DB, p: PaperRow, userId: number) {
  const now = nowIso();
  const r = await db
    .insertInto('exam_papers')
    .values({ ...p, status: 'draft', created_by: userId, created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePaper(db: DB, id: number, expectedVersion: number, p: Partial<PaperRow> & { status?: string }) {
  const r = await db
    .updateTable('exam_papers')
    .set({ ...p, updated_at: nowIso(), version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceSections(db: DB, paperId: number, sections: SectionRow[]) {
  await db.deleteFrom('exam_paper_sections').where('paper_id', '=', paperId).execute();
  if (sections.length) await db.insertInto('exam_paper_sections').values(sections.map((s, i) => ({ ...s, paper_id: paperId, position: i + 1 }))).execute();
}

export async function replaceAudience(db: DB, paperId: number, unitIds: number[]) {
  await db.deleteFrom('exam_paper_units').where('paper_id', '=', paperId).execute();
  if (unitIds.length) await db.insertInto('exam_paper_units').values(unitIds.map((u) => ({ paper_id: paperId, unit_id: u }))).execute();
}

/** Published papers whose audience holds a unit on this path (the member's unit or one above it). */
export function publishedFor(db: DB, memberUnitPath: string) {
  const ancestors = memberUnitPath
    .split('/')
    .filter(Boolean)
    .map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`);
  return db
    .selectFrom('exam_papers as p')
    .select(['p.id', 'p.title', 'p.description', 'p.quarter', 'p.opens_at', 'p.closes_at', 'p.time_limit_minutes', 'p.max_attempts', 'p.grading_method', 'p.review_after_submit', 'p.review_after_close'])
    .where('p.status', '=', 'published')
    .where((eb) => eb.exists(eb.selectFrom('exam_paper_units as pu').innerJoin('units as au', 'au.id', 'pu.unit_id').select('pu.unit_id').whereRef('pu.paper_id', '=', 'p.id').where('au.path', 'in', ancestors)))
    .orderBy('p.opens_at', 'desc')
    .execute();
}

/** Active questions that a random section may draw (its category and those under it). */
export function pool(db: DB, categoryIds: number[], qtype: string | null, difficulty: number | null) {
  let q = db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .select(['q.id', 'v.id as version_id'])
    .where('q.status', '=', 'active')
    .where('q.category_id', 'in', categoryIds.length ? categoryIds : [-1]);
  if (qtype) q = q.where('v.type', '=', qtype);
  if (difficulty) q = q.where('v.difficulty', '=', difficulty);
  return q.execute();
}

export function questionCurrent(db: DB, id: number) {
  return db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'q.status', 'v.id as version_id', 'v.type', 'u.path as unit_path'])
    .where('q.id', '=', id)
    .executeTakeFirst();
}

export { inSubtrees, sql };
