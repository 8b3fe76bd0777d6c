// All SQL of the seminars area. Sessions' own tables are written only through the
// sessions service; reading a seminar's date, place and status joins its session row.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { inSubtrees, withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';

type Q = DB | Transaction<Database> | Kysely<Database>;

const seminarColumns = [
  'sm.id',
  'sm.unit_id',
  'u.name as unit_name',
  'u.path as unit_path',
  'sm.session_id',
  'sm.month',
  'sm.theme',
  'sm.chair_user_id',
  'sm.chair_name',
  'sm.status',
  'sm.signed_at',
  'sm.version',
  's.place',
  's.starts_at',
  's.ends_at',
  's.status as session_status',
  's.minutes',
] as const;

export type SeminarRow = Awaited<ReturnType<typeof findSeminar>> & object;

export function findSeminar(db: Q, id: number) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .select(seminarColumns)
    .where('sm.id', '=', id)
    .executeTakeFirst();
}

export function listSeminars(db: Q, reach: Reach, from: string, to: string) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .select(seminarColumns)
    .select((eb) => [
      eb.selectFrom('seminar_speakers as sp').select((e) => e.fn.countAll<number>().as('n')).whereRef('sp.seminar_id', '=', 'sm.id').as('speaker_count'),
      eb.selectFrom('seminar_speakers as sp').select((e) => e.fn.countAll<number>().as('n')).whereRef('sp.seminar_id', '=', 'sm.id').where('sp.evaluated_at', 'is not', null).as('evaluated_count'),
      eb.selectFrom('seminar_comments as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.seminar_id', '=', 'sm.id').as('comment_count'),
    ])
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .where('sm.month', '>=', from)
    .where('sm.month', '<=', to)
    .orderBy('s.starts_at', 'desc')
    .execute();
}

/** Seminars (not cancelled) of a month whose session one of these units attends. */
export function seminarsOfMonthFor(db: Q, unitIds: number[], month: string) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('study_session_units as su', 'su.session_id', 'sm.session_id')
    .innerJoin('units as u', 'u.id', 'su.unit_id')
    .select(['sm.id', 'sm.theme', 'u.name as unit_name'])
    .where('sm.month', '=', month)
    .where('sm.status', '!=', 'cancelled')
    .where('su.unit_id', 'in', unitIds)
    .execute();
}

/** Seminars of a year whose session one of the unit's ancestors-or-self attends (the unit's year plan). */
export function seminarsOfYearAttendedBy(db: Q, ancestorPaths: string[], year: number) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .select(['sm.id', 'sm.month', 'sm.theme', 'sm.status', 's.starts_at', 's.ends_at', 's.status as session_status'])
    .where('sm.month', '>=', `${year}-01`)
    .where('sm.month', '<=', `${year}-12`)
    .where('sm.status', '!=', 'cancelled')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('study_session_units as su')
          .innerJoin('units as au', 'au.id', 'su.unit_id')
          .select('su.id')
          .whereRef('su.session_id', '=', 'sm.session_id')
          .where('au.path', 'in', ancestorPaths),
      ),
    )
    .orderBy('s.starts_at')
    .execute();
}

export async function insertSeminar(db: Q, v: { unitId: number; sessionId: number; month: string; theme: string; chairUserId: number; chairName: string; createdBy: number; now: string }) {
  const r = await db
    .insertInto('seminars')
    .values({ unit_id: v.unitId, session_id: v.sessionId, month: v.month, theme: v.theme, chair_user_id: v.chairUserId, chair_name: v.chairName, status: 'scheduled', signed_at: null, created_by: v.createdBy, created_at: v.now, updated_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setSeminarStatus(db: Q, id: number, from: string, to: string, now: string, signedAt: string | null = null) {
  const r = await db
    .updateTable('seminars')
    .set((eb) => ({ status: to, signed_at: signedAt, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- speakers ----

export function speakersOf(db: Q, seminarId: number) {
  return db
    .selectFrom('seminar_speakers as sp')
    .innerJoin('members as m', 'm.id', 'sp.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('reflections as r', 'r.id', 'sp.reflection_id')
    .leftJoin('seminar_files as f', 'f.id', 'sp.file_id')
    .select([
      'sp.id',
      'sp.seminar_id',
      'sp.member_id',
      'm.name',
      'm.position',
      'u.name as unit_name',
      'sp.sort_order',
      'sp.volunteered',
      'sp.book_id',
      'sp.book_title',
      'sp.reflection_id',
      'r.title as reflection_title',
      'sp.summary',
      'sp.file_id',
      'f.filename as file_name',
      'f.mime as file_mime',
      'sp.grade',
      'sp.score',
      'sp.evaluation',
      'sp.evaluated_at',
      'sp.version',
    ])
    .where('sp.seminar_id', '=', seminarId)
    .orderBy('sp.sort_order')
    .orderBy('sp.id')
    .execute();
}

export function findSpeaker(db: Q, id: number) {
  return db.selectFrom('seminar_speakers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSpeaker(db: Q, v: { seminarId: number; memberId: number; volunteered: boolean; now: string }) {
  const max = await db.selectFrom('seminar_speakers').select((eb) => eb.fn.max('sort_order').as('m')).where('seminar_id', '=', v.seminarId).executeTakeFirst();
  const r = await db
    .insertInto('seminar_speakers')
    .values({ seminar_id: v.seminarId, member_id: v.memberId, sort_order: Number(max?.m ?? 0) + 1, volunteered: v.volunteered ? 1 : 0, created_at: v.now, updated_at: v.now })
    .onConflict((oc) => oc.columns(['seminar_id', 'member_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function deleteSpeaker(db: Q, id: number) {
  await db.deleteFrom('seminar_speakers').where('id', '=', id).execute();
}

export async function updateSpeech(db: Q, id: number, version: number, v: { bookId: number | null; bookTitle: string; reflectionId: number | null; summary: string; now: string }) {
  const r = await db
    .updateTable('seminar_speakers')
    .set({ book_id: v.bookId, book_title: v.bookTitle, reflection_id: v.reflectionId, summary: v.summary, updated_at: v.now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setSpeakerFile(db: Q, id: number, fileId: number, now: string) {
  await db
    .updateTable('seminar_speakers')
    .set((eb) => ({ file_id: fileId, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function updateEvaluation(db: Q, id: number, version: number, v: { grade: string | null; score: number | null; evaluation: string; userId: number; now: string }) {
  const r = await db
    .updateTable('seminar_speakers')
    .set({ grade: v.grade, score: v.score, evaluation: v.evaluation, evaluated_at: v.now, evaluated_by: v.userId, updated_at: v.now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- comments ----

export function commentsOf(db: Q, seminarId: number, afterId = 0, limit = 500) {
  return db
    .selectFrom('seminar_comments as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['c.id', 'c.speaker_id', 'c.member_id', 'm.name', 'u.name as unit_name', 'c.body', 'c.created_at'])
    .where('c.seminar_id', '=', seminarId)
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export async function insertComment(db: Q, v: { seminarId: number; speakerId: number; memberId: number; body: string; now: string }) {
  const r = await db.insertInto('seminar_comments').values({ seminar_id: v.seminarId, speaker_id: v.speakerId, member_id: v.memberId, body: v.body, created_at: v.now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

// ---- people, books, reflections ----

export function memberWithUnit(db: Q, memberId: number) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.status', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
}

export function unitsByIds(db: Q, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
}

export function unitById(db: Q, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();
}

export function bookTitle(db: Q, bookId: number) {
  return db.selectFrom('books').select(['id', 'title']).where('id', '=', bookId).executeTakeFirst();
}

export function reflectionOf(db: Q, id: number) {
  return db.selectFrom('reflections').select(['id', 'member_id', 'title', 'book_id', 'book_title']).where('id', '=', id).executeTakeFirst();
}

/** The member's own reflections (not drafts) and the books they have logged or planned, for the speech form. */
export async function speechChoices(db: Q, memberId: number) {
  const reflections = await db
    .selectFrom('reflections')
    .select(['id', 'title', 'book_id', 'book_title', 'status'])
    .where('member_id', '=', memberId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const books = await db
    .selectFrom('reading_plan_items as i')
    .innerJoin('books as b', 'b.id', 'i.book_id')
    .select(['b.id', 'b.title', 'b.authors'])
    .where('i.member_id', '=', memberId)
    .groupBy(['b.id', 'b.title', 'b.authors'])
    .orderBy('b.id', 'desc')
    .limit(50)
    .execute();
  return { reflections, books };
}

/** Accounts holding one of these roles over the unit (a grant at the unit or above it), with their names. */
export async function accountsOver(db: Q, unitPath: string, roles: string[]) {
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as us', 'us.id', 'r.user_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('members as m', 'm.id', 'us.member_id')
    .select(['us.id', 'us.display_name', 'm.name as member_name', 'r.role', 'u.path'])
    .where('r.role', 'in', roles)
    .where('us.disabled', '=', 0)
    .execute();
  const out = new Map<number, { userId: number; name: string; roles: string[] }>();
  for (const r of rows) {
    if (!unitPath.startsWith(r.path)) continue;
    const e = out.get(r.id) ?? { userId: r.id, name: r.member_name ?? r.display_name, roles: [] };
    e.roles.push(r.role);
    out.set(r.id, e);
  }
  return [...out.values()].sort((a, b) => a.userId - b.userId);
}

export function userName(db: Q, userId: number) {
  return db.selectFrom('users as us').leftJoin('members as m', 'm.id', 'us.member_id').select(['us.id', 'us.display_name', 'm.name as member_name', 'us.disabled']).where('us.id', '=', userId).executeTakeFirst();
}

/** Members in subtrees (for picking speakers). */
export function membersIn(db: Q, paths: string[]) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.position', 'u.name as unit_name'])
    .where('m.status', '=', 'active')
    .where(inSubtrees('u.path', paths))
    .orderBy('u.sort_order')
    .orderBy('m.id')
    .execute();
}

// ---- files ----

export async function insertFile(db: Q, v: { ownerUserId: number; filename: string; mime: string; size: number; sha256: string; data: string; now: string }) {
  const r = await db
    .insertInto('seminar_files')
    .values({ owner_user_id: v.ownerUserId, filename: v.filename, mime: v.mime, size: v.size, sha256: v.sha256, data_base64: v.data, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function findFile(db: Q, id: number) {
  return db.selectFrom('seminar_files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What a file is attached to: a speaker of a seminar, or a lecture. */
export async function fileOwners(db: Q, fileId: number) {
  const speaker = await db.selectFrom('seminar_speakers').select(['id', 'seminar_id', 'member_id']).where('file_id', '=', fileId).executeTakeFirst();
  const lecture = await db.selectFrom('lecture_files').select(['lecture_id']).where('file_id', '=', fileId).executeTakeFirst();
  return { speaker, lecture };
}

// ---- reminders ----

/** Seminars (not cancelled) whose session starts within [from, to). */
export function seminarsStartingBetween(db: Q, from: string, to: string) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .select(['sm.id', 'sm.session_id', 'sm.theme', 'sm.chair_user_id', 'u.path as unit_path', 's.starts_at', 's.ends_at', 's.place'])
    .where('sm.status', '!=', 'cancelled')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .execute();
}

/** Seminars that ended before `before`, not cancelled, with a speaker not yet evaluated. */
export function seminarsAwaitingEvaluation(db: Q, endedFrom: string, endedBefore: string) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .select(['sm.id', 'sm.theme', 'sm.chair_user_id', 'u.path as unit_path', 's.starts_at', 's.ends_at'])
    .where('sm.status', '=', 'scheduled')
    .where('s.status', '!=', 'cancelled')
    .where('s.ends_at', '>=', endedFrom)
    .where('s.ends_at', '<', endedBefore)
    .where((eb) => eb.exists(eb.selectFrom('seminar_speakers as sp').select('sp.id').whereRef('sp.seminar_id', '=', 'sm.id').where('sp.evaluated_at', 'is', null)))
    .execute();
}

/** Seminars (not cancelled) of the months from–to with the path of each unit their session is held for; the acceptance's evidence. */
export function seminarsWithUnitsOfMonths(db: Q, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('seminars as sm')
    .innerJoin('study_sessions as s', 's.id', 'sm.session_id')
    .innerJoin('study_session_units as su', 'su.session_id', 'sm.session_id')
    .innerJoin('units as au', 'au.id', 'su.unit_id')
    .select(['sm.id', 'sm.month', 'sm.status', 's.ends_at', 's.status as session_status', 'au.path'])
    .where('sm.month', '>=', fromMonth)
    .where('sm.month', '<=', toMonth)
    .where('sm.status', '!=', 'cancelled')
    .where('s.status', '!=', 'cancelled')
    .execute();
}
