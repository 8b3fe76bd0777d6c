// All SQL of party lectures. The lecture's session (date, place, status) is read
// by a join; it is written only through the sessions service.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db';
import type { Database } from '../../../db/schema';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

type Q = DB | Transaction<Database> | Kysely<Database>;

const columns = [
  'l.id',
  'l.unit_id',
  'u.name as unit_name',
  'u.path as unit_path',
  'l.member_id',
  'm.name as lecturer_name',
  'm.position as lecturer_position',
  'l.topic',
  'l.outline',
  'l.status',
  'l.session_id',
  'l.decision_note',
  'l.created_at',
  'l.version',
  's.place',
  's.starts_at',
  's.ends_at',
  's.status as session_status',
  's.minutes',
] as const;

function base(db: Q) {
  return db
    .selectFrom('lectures as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .leftJoin('study_sessions as s', 's.id', 'l.session_id');
}

export type LectureRow = NonNullable<Awaited<ReturnType<typeof findLecture>>>;

export function findLecture(db: Q, id: number) {
  return base(db).select(columns).where('l.id', '=', id).executeTakeFirst();
}

export function listLectures(db: Q, reach: Reach, from: string, to: string) {
  return base(db)
    .select(columns)
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .where((eb) => eb.or([eb.and([eb('s.starts_at', '>=', from), eb('s.starts_at', '<', to)]), eb('l.session_id', 'is', null)]))
    .orderBy('l.id', 'desc')
    .execute();
}

export function lecturesOfMember(db: Q, memberId: number) {
  return base(db).select(columns).where('l.member_id', '=', memberId).orderBy('l.id', 'desc').execute();
}

/** Scheduled lectures whose session one of these ancestor-or-self units attends. */
export function lecturesAttendedBy(db: Q, ancestorPaths: string[], from: string) {
  return base(db)
    .select(columns)
    .where('l.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('study_session_units as su')
          .innerJoin('units as au', 'au.id', 'su.unit_id')
          .select('su.id')
          .whereRef('su.session_id', '=', 'l.session_id')
          .where('au.path', 'in', ancestorPaths),
      ),
    )
    .orderBy('s.starts_at', 'desc')
    .execute();
}

export async function insertLecture(db: Q, v: { unitId: number; memberId: number; topic: string; outline: string; createdBy: number; now: string }) {
  const r = await db
    .insertInto('lectures')
    .values({ unit_id: v.unitId, member_id: v.memberId, topic: v.topic, outline: v.outline, status: 'proposed', session_id: null, decision_note: null, decided_by: null, decided_at: null, created_by: v.createdBy, created_at: v.now, updated_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function decide(db: Q, id: number, from: string, v: { status: string; sessionId: number | null; note: string | null; userId: number; now: string }) {
  const r = await db
    .updateTable('lectures')
    .set((eb) => ({ status: v.status, session_id: v.sessionId, decision_note: v.note, decided_by: v.userId, decided_at: v.now, updated_at: v.now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setStatus(db: Q, id: number, from: string, to: string, now: string) {
  const r = await db
    .updateTable('lectures')
    .set((eb) => ({ status: to, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function filesOf(db: Q, lectureId: number) {
  return db
    .selectFrom('lecture_files as lf')
    .innerJoin('seminar_files as f', 'f.id', 'lf.file_id')
    .select(['f.id', 'f.filename', 'f.mime', 'f.size', 'lf.kind', 'lf.created_at'])
    .where('lf.lecture_id', '=', lectureId)
    .orderBy('lf.id')
    .execute();
}

export async function attachFile(db: Q, lectureId: number, fileId: number, kind: string, now: string) {
  await db.insertInto('lecture_files').values({ lecture_id: lectureId, file_id: fileId, kind, created_at: now }).execute();
}

export function ratingsOf(db: Q, lectureId: number) {
  return db
    .selectFrom('lecture_ratings as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['r.id', 'r.member_id', 'm.name', 'u.name as unit_name', 'r.stars', 'r.comment', 'r.created_at', 'r.updated_at'])
    .where('r.lecture_id', '=', lectureId)
    .orderBy('r.id')
    .execute();
}

/** Average and count of ratings per lecture. */
export async function ratingStats(db: Q, lectureIds: number[]) {
  if (lectureIds.length === 0) return new Map<number, { avg: number; n: number }>();
  const rows = await db
    .selectFrom('lecture_ratings')
    .select((eb) => ['lecture_id', eb.fn.avg<number>('stars').as('avg'), eb.fn.countAll<number>().as('n')])
    .where('lecture_id', 'in', lectureIds)
    .groupBy('lecture_id')
    .execute();
  return new Map(rows.map((r) => [r.lecture_id, { avg: Number(r.avg), n: Number(r.n) }]));
}

export async function upsertRating(db: Q, v: { lectureId: number; memberId: number; stars: number; comment: string; now: string }) {
  const r = await db
    .insertInto('lecture_ratings')
    .values({ lecture_id: v.lectureId, member_id: v.memberId, stars: v.stars, comment: v.comment, created_at: v.now, updated_at: v.now })
    .onConflict((oc) => oc.columns(['lecture_id', 'member_id']).doUpdateSet({ stars: v.stars, comment: v.comment, updated_at: v.now }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Lectures given (scheduled, not cancelled) by members in these subtrees: session start per lecturer. */
export function lecturesGivenUnder(db: Q, paths: string[]) {
  return db
    .selectFrom('lectures as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['l.id', 'l.member_id', 'm.unit_id', 'l.topic', 's.starts_at', 's.ends_at', 's.status as session_status'])
    .where('l.status', '=', 'scheduled')
    .where('s.status', '!=', 'cancelled')
    .where(inSubtrees('u.path', paths))
    .execute();
}

/** Scheduled lectures starting within [from, to), for reminders. */
export function lecturesStartingBetween(db: Q, from: string, to: string) {
  return db
    .selectFrom('lectures as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .select(['l.id', 'l.session_id', 'l.topic', 'l.member_id', 's.starts_at', 's.place'])
    .where('l.status', '=', 'scheduled')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .execute();
}

export function lectureOfFile(db: Q, fileId: number) {
  return db.selectFrom('lecture_files').select('lecture_id').where('file_id', '=', fileId).executeTakeFirst();
}
