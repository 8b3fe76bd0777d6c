// All SQL of the question bank.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';
import { nowIso } from '../../../platform/time';
import type { StoredVersion } from './model';

export const VERSION_COLUMNS = [
  'v.id as version_id',
  'v.version_no',
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
  'v.fingerprint',
] as const;

export function unitById(db: DB, id: number) {
  return db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
}

export function categoriesInReach(db: DB, reach: Reach) {
  return db
    .selectFrom('exam_categories as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin(
      (eb) => eb.selectFrom('exam_questions').select(['category_id', (e) => e.fn.countAll<number>().as('n')]).where('status', '=', 'active').groupBy('category_id').as('q'),
      (j) => j.onRef('q.category_id', '=', 'c.id'),
    )
    .select(['c.id', 'c.parent_id', 'c.name', 'c.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'c.sort_order', (eb) => eb.fn.coalesce('q.n', sql<number>`0`).as('question_count')])
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('c.unit_id')
    .orderBy('c.sort_order')
    .orderBy('c.id')
    .execute();
}

export function categoryById(db: DB, id: number) {
  return db
    .selectFrom('exam_categories as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.parent_id', 'c.name', 'c.unit_id', 'u.path as unit_path'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function categoriesOfUnit(db: DB, unitId: number) {
  return db.selectFrom('exam_categories').select(['id', 'parent_id', 'name']).where('unit_id', '=', unitId).execute();
}

export async function insertCategory(db: DB, c: { unitId: number; parentId: number | null; name: string; sortOrder?: number }) {
  const r = await db
    .insertInto('exam_categories')
    .values({ unit_id: c.unitId, parent_id: c.parentId, name: c.name, sort_order: c.sortOrder ?? 0, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function renameCategory(db: DB, id: number, name: string) {
  await db.updateTable('exam_categories').set({ name }).where('id', '=', id).execute();
}

export interface QuestionFilter {
  q?: string;
  categoryIds?: number[];
  type?: string;
  difficulty?: number;
}

function questionQuery(db: DB, reach: Reach, f: QuestionFilter) {
  let qb = db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .innerJoin('exam_categories as c', 'c.id', 'q.category_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .where('q.status', '=', 'active')
    .where(withinReach(reach, { unitPath: 'u.path' }));
  if (f.categoryIds) qb = qb.where('q.category_id', 'in', f.categoryIds.length ? f.categoryIds : [-1]);
  if (f.type) qb = qb.where('v.type', '=', f.type);
  if (f.difficulty) qb = qb.where('v.difficulty', '=', f.difficulty);
  if (f.q) {
    // Any substring of the stem, options, explanation, tags or source.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb = qb.where((eb) =>
      eb.or([
        sql<boolean>`v.stem like ${like} escape '\\'`,
        sql<boolean>`v.options like ${like} escape '\\'`,
        sql<boolean>`v.explanation like ${like} escape '\\'`,
        sql<boolean>`v.tags like ${like} escape '\\'`,
        sql<boolean>`v.source like ${like} escape '\\'`,
        sql<boolean>`v.name like ${like} escape '\\'`,
      ]),
    );
  }
  return qb;
}

export async function listQuestions(db: DB, reach: Reach, f: QuestionFilter, page: { offset: number; limit: number }) {
  const base = questionQuery(db, reach, f);
  const [rows, total] = await Promise.all([
    base
      .select(['q.id', 'q.category_id', 'c.name as category_name', 'q.unit_id', 'u.path as unit_path', 'q.version', 'q.updated_at', ...VERSION_COLUMNS])
      .orderBy('q.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function questionsForExport(db: DB, reach: Reach, f: QuestionFilter) {
  return questionQuery(db, reach, f)
    .select(['q.id', 'q.category_id', 'c.name as category_name', ...VERSION_COLUMNS])
    .orderBy('q.category_id')
    .orderBy('q.id')
    .execute();
}

export function questionById(db: DB, id: number) {
  return db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .innerJoin('exam_categories as c', 'c.id', 'q.category_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'q.category_id', 'c.name as category_name', 'q.unit_id', 'u.path as unit_path', 'q.status', 'q.version', 'q.updated_at', 'q.current_version_id', ...VERSION_COLUMNS])
    .where('q.id', '=', id)
    .executeTakeFirst();
}

export function versionsOf(db: DB, questionId: number) {
  return db
    .selectFrom('exam_question_versions as v')
    .leftJoin(
      (eb) => eb.selectFrom('exam_attempt_items').select(['version_id', (e) => e.fn.countAll<number>().as('n')]).groupBy('version_id').as('a'),
      (j) => j.onRef('a.version_id', '=', 'v.id'),
    )
    .select(['v.id', 'v.version_no', 'v.created_at', 'v.stem', (eb) => eb.fn.coalesce('a.n', sql<number>`0`).as('answered')])
    .where('v.question_id', '=', questionId)
    .orderBy('v.version_no', 'desc')
    .execute();
}

/** Whether anyone has answered this version (a test or the daily practice). */
export async function versionAnswered(db: DB, versionId: number): Promise<boolean> {
  const [a, p] = await Promise.all([
    db.selectFrom('exam_attempt_items').select('id').where('version_id', '=', versionId).limit(1).executeTakeFirst(),
    db.selectFrom('exam_practice_items').select('id').where('version_id', '=', versionId).limit(1).executeTakeFirst(),
  ]);
  return Boolean(a || p);
}

/** Active questions of these units whose current version has one of the fingerprints. */
export function duplicatesOf(db: DB, unitPaths: string[], fingerprints: string[]) {
  if (fingerprints.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('exam_questions as q')
    .innerJoin('exam_question_versions as v', 'v.id', 'q.current_version_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'v.fingerprint'])
    .where('q.status', '=', 'active')
    .where('v.fingerprint', 'in', fingerprints)
    .where(inSubtrees('u.path', unitPaths))
    .execute();
}

export async function insertQuestion(db: DB, q: { unitId: number; categoryId: number; userId: number | null }, v: StoredVersion & { fingerprint: string }) {
  const now = nowIso();
  const { id } = await db
    .insertInto('exam_questions')
    .values({ unit_id: q.unitId, category_id: q.categoryId, current_version_id: null, status: 'active', created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const vid = await insertVersion(db, id, 1, v, q.userId);
  await db.updateTable('exam_questions').set({ current_version_id: vid }).where('id', '=', id).execute();
  return { id, versionId: vid };
}

export async function insertVersion(db: DB, questionId: number, versionNo: number, v: StoredVersion & { fingerprint: string }, userId: number | null) {
  const r = await db
    .insertInto('exam_question_versions')
    .values({ question_id: questionId, version_no: versionNo, ...v, created_by: userId, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateVersionInPlace(db: DB, versionId: number, v: Partial<StoredVersion> & { fingerprint?: string }) {
  await db.updateTable('exam_question_versions').set(v).where('id', '=', versionId).execute();
}

/** Bumps the question's version (a lost race updates nothing: the caller answers 409). */
export async function touchQuestion(db: DB, id: number, expectedVersion: number, set: { categoryId?: number; currentVersionId?: number; status?: string }) {
  const r = await db
    .updateTable('exam_questions')
    .set({
      updated_at: nowIso(),
      version: expectedVersion + 1,
      ...(set.categoryId ? { category_id: set.categoryId } : {}),
      ...(set.currentVersionId ? { current_version_id: set.currentVersionId } : {}),
      ...(set.status ? { status: set.status } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function maxVersionNo(db: DB, questionId: number) {
  return db
    .selectFrom('exam_question_versions')
    .select((eb) => eb.fn.max('version_no').as('n'))
    .where('question_id', '=', questionId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n ?? 0));
}
