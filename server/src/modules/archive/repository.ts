// SQL of the archive: the year's records of a unit subtree, read for export only. Sessions,
// seminars, lectures and test results are read through the scorecard's service (the records
// behind its indicators), not copied here.
import { sql, type SqlBool } from 'kysely';
import type { DB } from '../../db';
import { inSubtrees } from '../../db/subtree';
import { yearIsoRange } from '../../platform/time';

/**
 * The condition every query here shares: an ISO timestamp column within the year (Asia/Shanghai)
 * and the unit (joined as `u`) under the archive's root.
 */
function inYearUnder(column: string, root: string, year: number) {
  const { from, to } = yearIsoRange(year);
  const at = sql.ref(column);
  return sql<SqlBool>`(${at} >= ${from} and ${at} < ${to} and ${inSubtrees('u.path', [root])})`;
}

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();

export const unitsUnder = (db: DB, root: string) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where(inSubtrees('path', [root])).orderBy('path').execute();

export const plansOf = (db: DB, root: string, year: number) =>
  db.selectFrom('study_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.unit_id', 'u.name as unit_name']).where('p.year', '=', year).where(inSubtrees('u.path', [root])).orderBy('u.path').execute();

export const loansOf = (db: DB, root: string, year: number) =>
  db
    .selectFrom('loans as l')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['l.loaned_at', 'l.due_on', 'l.returned_at', 'l.renewals', 'm.name', 'u.name as unit_name', 'b.title', 'b.category', 'c.barcode'])
    .where(inYearUnder('l.loaned_at', root, year))
    .orderBy('l.loaned_at')
    .execute();

export const reflectionsOf = (db: DB, root: string, year: number) =>
  db
    .selectFrom('reflections as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.title', 'r.book_title', 'r.status', 'r.month', 'r.char_count', 'r.score', 'r.body_text', 'm.name', 'u.name as unit_name'])
    .where('r.status', '!=', 'draft')
    .where('r.month', 'like', `${year}-%`)
    .where(inSubtrees('u.path', [root]))
    .orderBy('r.month')
    .orderBy('r.id')
    .execute();

export const reportsOf = (db: DB, root: string, year: number) =>
  db.selectFrom('upward_reports as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.title', 'p.reported_at']).where(inYearUnder('p.reported_at', root, year)).orderBy('p.reported_at').execute();

export const honorListsOf = (db: DB, root: string, year: number) =>
  db.selectFrom('honor_lists as l').innerJoin('units as u', 'u.id', 'l.unit_id').select(['l.id', 'u.name as unit_name', 'u.path as unit_path']).where('l.year', '=', year).where(inSubtrees('u.path', [root])).orderBy('u.path').execute();

// ---- other creations: the records that may be tagged, and their tags ----

/**
 * The year's records under a unit that a creation may be tagged on, each with its title, time and unit: collective
 * sessions (not those a seminar or a lecture holds), seminars, lectures and practice activities.
 */
export async function taggableRecords(db: DB, root: string, year: number) {
  const unit = ['u.name as unit_name', 'u.path as unit_path'] as const;
  const [sessions, seminars, lectures, activities] = await Promise.all([
    db
      .selectFrom('study_sessions as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.topic as title', 's.starts_at as at', ...unit])
      .where('s.status', '!=', 'cancelled')
      .where(inYearUnder('s.starts_at', root, year))
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('seminars as x').select('x.id').whereRef('x.session_id', '=', 's.id'))))
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('lectures as l').select('l.id').whereRef('l.session_id', '=', 's.id'))))
      .orderBy('s.starts_at')
      .execute(),
    db
      .selectFrom('seminars as x')
      .innerJoin('study_sessions as s', 's.id', 'x.session_id')
      .innerJoin('units as u', 'u.id', 'x.unit_id')
      .select(['x.id', 'x.theme as title', 's.starts_at as at', ...unit])
      .where('x.status', '!=', 'cancelled')
      .where(inYearUnder('s.starts_at', root, year))
      .orderBy('s.starts_at')
      .execute(),
    db
      .selectFrom('lectures as l')
      .innerJoin('study_sessions as s', 's.id', 'l.session_id')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .innerJoin('members as m', 'm.id', 'l.member_id')
      .select(['l.id', sql<string>`l.topic || '（' || m.name || '主讲）'`.as('title'), 's.starts_at as at', ...unit])
      .where('l.status', '=', 'scheduled')
      .where(inYearUnder('s.starts_at', root, year))
      .orderBy('s.starts_at')
      .execute(),
    db
      .selectFrom('practice_activities as p')
      .innerJoin('members as m', 'm.id', 'p.member_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select(['p.id', sql<string>`p.title || '（' || m.name || '）'`.as('title'), 'p.day as at', ...unit])
      .where('p.day', '>=', `${year}-01-01`)
      .where('p.day', '<=', `${year}-12-31`)
      .where(inSubtrees('u.path', [root]))
      .orderBy('p.day')
      .execute(),
  ]);
  return { sessions, seminars, lectures, activities };
}

export const creationTags = (db: DB) => db.selectFrom('creation_tags').select(['entity', 'entity_id', 'creation']).execute();

/** The unit path of a record that may be tagged (its unit's; an activity's member's unit's). */
export async function taggedUnitPath(db: DB, entity: 'session' | 'seminar' | 'lecture' | 'activity', id: number): Promise<string | undefined> {
  const units = db.selectFrom('units as u').select('u.path');
  const q =
    entity === 'activity'
      ? units.where('u.id', '=', (eb) => eb.selectFrom('practice_activities as p').innerJoin('members as m', 'm.id', 'p.member_id').select('m.unit_id').where('p.id', '=', id))
      : units.where('u.id', '=', (eb) => eb.selectFrom(({ session: 'study_sessions', seminar: 'seminars', lecture: 'lectures' } as const)[entity]).select('unit_id').where('id', '=', id));
  return (await q.executeTakeFirst())?.path;
}

/** Replaces a record's tags; the tags it had before. */
export async function replaceTags(db: DB, t: { entity: string; id: number; creations: string[]; userId: number; now: string }) {
  const before = (await db.selectFrom('creation_tags').select('creation').where('entity', '=', t.entity).where('entity_id', '=', t.id).execute()).map((r) => r.creation);
  await db.deleteFrom('creation_tags').where('entity', '=', t.entity).where('entity_id', '=', t.id).execute();
  if (t.creations.length) await db.insertInto('creation_tags').values(t.creations.map((creation) => ({ entity: t.entity, entity_id: t.id, creation, created_by: t.userId, created_at: t.now }))).execute();
  return before;
}

// ---- builds (shared by every process and node) ----

export const buildById = (db: DB, id: string) =>
  db.selectFrom('archive_builds as b').innerJoin('units as u', 'u.id', 'b.unit_id').selectAll('b').select(['u.name as unit_name', 'u.path as unit_path']).where('b.id', '=', id).executeTakeFirst();

export const runningBuild = (db: DB, key: string) => db.selectFrom('archive_builds').select(['id', 'lease_until']).where('running_key', '=', key).executeTakeFirst();

/** Claims the unit and year for a new build; false when another build holds them. */
export async function claimBuild(db: DB, b: { id: string; unitId: number; year: number; key: string; leaseUntil: string; userId: number | null; now: string }) {
  const r = await db
    .insertInto('archive_builds')
    .values({ id: b.id, unit_id: b.unitId, year: b.year, running_key: b.key, status: 'building', current: '开始', lease_until: b.leaseUntil, created_by: b.userId, started_at: b.now })
    .onConflict((oc) => oc.column('running_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Gives up a build whose process stopped renewing its lease (it died); false when it is alive or gone. */
export async function abandonBuild(db: DB, id: string, now: string) {
  const r = await db
    .updateTable('archive_builds')
    .set({ status: 'failed', running_key: null, error: '生成中断（服务进程已停止），请重新生成', finished_at: now })
    .where('id', '=', id)
    .where('status', '=', 'building')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const progressBuild = (db: DB, id: string, p: { done: number; total: number; current: string; leaseUntil: string }) =>
  db.updateTable('archive_builds').set({ done: p.done, total: p.total, current: p.current.slice(0, 200), lease_until: p.leaseUntil }).where('id', '=', id).where('status', '=', 'building').execute();

export const finishBuild = (db: DB, id: string, v: { status: 'done' | 'failed'; done: number; bytes: number; chunks: number; error: string | null; now: string }) =>
  db
    .updateTable('archive_builds')
    .set({ status: v.status, running_key: null, done: v.done, ...(v.status === 'done' ? { total: v.done, current: '完成' } : {}), bytes: v.bytes, chunks: v.chunks, error: v.error, finished_at: v.now })
    .where('id', '=', id)
    .execute();

export const insertChunk = (db: DB, buildId: string, seq: number, data: Buffer) => db.insertInto('archive_build_chunks').values({ build_id: buildId, seq, data_base64: data.toString('base64') }).execute();

export async function chunkOf(db: DB, buildId: string, seq: number): Promise<Buffer | null> {
  const r = await db.selectFrom('archive_build_chunks').select('data_base64').where('build_id', '=', buildId).where('seq', '=', seq).executeTakeFirst();
  return r ? Buffer.from(r.data_base64, 'base64') : null;
}

/** Removes the builds finished before `before`, with their files. */
export async function deleteBuildsBefore(db: DB, before: string) {
  const old = await db.selectFrom('archive_builds').select('id').where('finished_at', '<', before).execute();
  if (!old.length) return;
  const ids = old.map((o) => o.id);
  await db.deleteFrom('archive_build_chunks').where('build_id', 'in', ids).execute();
  await db.deleteFrom('archive_builds').where('id', 'in', ids).execute();
}
