// All SQL of the year score: the members counted and, per indicator, one grouped
// query over the year for everyone and one detailed query for one member's breakdown.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

export async function membersUnder(db: DB, rootPath: string) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.name_pinyin', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path'])
    .where('m.status', '=', 'active')
    .where(inSubtrees('u.path', [rootPath]))
    .orderBy('m.id')
    .execute();
}

export async function memberById(db: DB, id: number) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.name_pinyin', 'm.unit_id', 'm.status', 'u.name as unit_name', 'u.path as unit_path'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function unitById(db: DB, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'kind', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export async function unitsUnder(db: DB, rootPath: string) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where(inSubtrees('path', [rootPath])).orderBy('path').execute();
}

// ---- books finished (reading plans) ----

const bookKey = sql<string>`COALESCE(CAST(i.book_id AS TEXT), ${'o:'} || COALESCE(i.own_title, ''))`;

export async function anyFinishedBook(db: DB, from: string, to: string) {
  const r = await db.selectFrom('reading_plan_items as i').select('i.id').where('i.status', '=', 'finished').where('i.finished_on', '>=', from).where('i.finished_on', '<=', to).limit(1).executeTakeFirst();
  return Boolean(r);
}

export async function finishedBooksByMember(db: DB, rootPath: string, from: string, to: string) {
  return db
    .selectFrom('reading_plan_items as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['i.member_id', sql<number>`COUNT(DISTINCT ${bookKey})`.as('n')])
    .where('i.status', '=', 'finished')
    .where('i.finished_on', '>=', from)
    .where('i.finished_on', '<=', to)
    .where(inSubtrees('u.path', [rootPath]))
    .groupBy('i.member_id')
    .execute();
}

export async function finishedBooksOf(db: DB, memberId: number, from: string, to: string) {
  return db
    .selectFrom('reading_plan_items as i')
    .leftJoin('books as b', 'b.id', 'i.book_id')
    .select(['i.id', 'i.month', 'i.book_id', 'i.finished_on', 'b.title', 'i.own_title', 'i.own_author', 'b.authors'])
    .where('i.member_id', '=', memberId)
    .where('i.status', '=', 'finished')
    .where('i.finished_on', '>=', from)
    .where('i.finished_on', '<=', to)
    .orderBy('i.finished_on')
    .orderBy('i.id')
    .execute();
}

// ---- daily target (study logs) ----

export async function anyStudyLog(db: DB, from: string, to: string) {
  return Boolean(await db.selectFrom('study_logs').select('id').where('day', '>=', from).where('day', '<=', to).limit(1).executeTakeFirst());
}

type KindWeights = { reading: number; session: number; online: number; practice: number };
const weighted = (w: KindWeights) =>
  sql<number>`SUM(l.minutes * CASE l.kind WHEN 'reading' THEN ${sql.lit(w.reading)} WHEN 'session' THEN ${sql.lit(w.session)} WHEN 'online' THEN ${sql.lit(w.online)} WHEN 'practice' THEN ${sql.lit(w.practice)} ELSE 0 END)`;

/**
 * Per member: the days from..to, less `excluded` (the days that ask for nothing), whose
 * weighted minutes reach the target. A range with a short NOT IN list lets the database
 * walk each member's (member_id, day) index once instead of seeking every required day.
 */
export async function compliantDaysByMember(db: DB, rootPath: string, from: string, to: string, excluded: string[], w: KindWeights, targetMinutes: number) {
  if (to < from) return [];
  let perDay = db
    .selectFrom('study_logs as l')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['l.member_id', 'l.day'])
    .where('l.day', '>=', from)
    .where('l.day', '<=', to)
    .where(inSubtrees('u.path', [rootPath]));
  if (excluded.length) perDay = perDay.where('l.day', 'not in', excluded);
  perDay = perDay.groupBy(['l.member_id', 'l.day']).having(weighted(w), '>=', targetMinutes * 100);
  return db
    .selectFrom(perDay.as('t'))
    .select(['t.member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('t.member_id')
    .execute();
}

/** Per member: the first day with a study record in the range (members who joined mid-year). */
export async function firstStudyDayByMember(db: DB, rootPath: string, from: string, to: string) {
  return db
    .selectFrom('study_logs as l')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['l.member_id', (eb) => eb.fn.min<string>('l.day').as('first')])
    .where('l.day', '>=', from)
    .where('l.day', '<=', to)
    .where(inSubtrees('u.path', [rootPath]))
    .groupBy('l.member_id')
    .execute();
}

/** One member's weighted minutes per day. */
export async function weightedDaysOf(db: DB, memberId: number, from: string, to: string, w: KindWeights) {
  return db
    .selectFrom('study_logs as l')
    .select(['l.day', weighted(w).as('wm')])
    .where('l.member_id', '=', memberId)
    .where('l.day', '>=', from)
    .where('l.day', '<=', to)
    .groupBy('l.day')
    .execute();
}

// ---- reflections ----

export async function anyReflection(db: DB, year: number) {
  return Boolean(
    await db.selectFrom('reflections').select('id').where('status', '!=', 'draft').where('month', 'like', `${year}-%`).limit(1).executeTakeFirst(),
  );
}

export async function reflectionCountsByMember(db: DB, rootPath: string, year: number) {
  return db
    .selectFrom('reflections as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['r.member_id', 'r.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.status', '!=', 'draft')
    .where('r.month', 'like', `${year}-%`)
    .where(inSubtrees('u.path', [rootPath]))
    .groupBy(['r.member_id', 'r.status'])
    .execute();
}

export async function reflectionsOf(db: DB, memberId: number, year: number) {
  return db
    .selectFrom('reflections')
    .select(['id', 'title', 'book_title', 'status', 'month', 'submitted_at', 'char_count'])
    .where('member_id', '=', memberId)
    .where('status', '!=', 'draft')
    .where('month', 'like', `${year}-%`)
    .orderBy('month')
    .orderBy('id')
    .execute();
}

// ---- collective study sessions ----

/** Sessions held in the range (not cancelled), with their host unit; under rootPath when given (the archive's sign-in sheets). */
export async function sessionsInRange(db: DB, fromIso: string, toIso: string, rootPath?: string) {
  let q = db
    .selectFrom('study_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.topic', 's.starts_at', 's.status', 'u.name as unit_name'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  return q.orderBy('s.starts_at').execute();
}

export async function sessionUnitPaths(db: DB, fromIso: string, toIso: string) {
  return db
    .selectFrom('study_session_units as su')
    .innerJoin('study_sessions as s', 's.id', 'su.session_id')
    .innerJoin('units as u', 'u.id', 'su.unit_id')
    .select(['su.session_id', 'u.path'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso)
    .execute();
}

export async function checkInsInRange(db: DB, rootPath: string | null, fromIso: string, toIso: string, memberId?: number) {
  let q = db
    .selectFrom('check_ins as c')
    .innerJoin('study_sessions as s', 's.id', 'c.session_id')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['c.member_id', 'c.session_id', 'c.checked_at'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  if (memberId != null) q = q.where('c.member_id', '=', memberId);
  return q.execute();
}

export async function approvedLeavesInRange(db: DB, rootPath: string | null, fromIso: string, toIso: string, memberId?: number) {
  let q = db
    .selectFrom('leave_requests as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['l.member_id', 'l.session_id', 'l.reason'])
    .where('l.status', '=', 'approved')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (rootPath) q = q.where(inSubtrees('u.path', [rootPath]));
  if (memberId != null) q = q.where('l.member_id', '=', memberId);
  return q.execute();
}

// ---- online learning and practice ----

export async function anyPractice(db: DB, from: string, to: string) {
  return Boolean(await db.selectFrom('practice_activities').select('id').where('day', '>=', from).where('day', '<=', to).limit(1).executeTakeFirst());
}

export async function practiceCountsByMember(db: DB, rootPath: string, from: string, to: string) {
  return db
    .selectFrom('practice_activities as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['p.member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.day', '>=', from)
    .where('p.day', '<=', to)
    .where(inSubtrees('u.path', [rootPath]))
    .groupBy('p.member_id')
    .execute();
}

export async function practiceOf(db: DB, memberId: number, from: string, to: string) {
  return db
    .selectFrom('practice_activities')
    .select(['id', 'day', 'kind', 'title', 'minutes'])
    .where('member_id', '=', memberId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('id')
    .execute();
}

export async function anyOnline(db: DB, from: string, to: string) {
  return Boolean(await db.selectFrom('online_learning').select('id').where('day', '>=', from).where('day', '<=', to).limit(1).executeTakeFirst());
}

/** Per member: tenths of 学时 recorded, and minutes of records without 学时 (converted by the caller). */
export async function onlineByMember(db: DB, rootPath: string, from: string, to: string) {
  return db
    .selectFrom('online_learning as o')
    .innerJoin('members as m', 'm.id', 'o.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'o.member_id',
      sql<number>`SUM(COALESCE(o.credit_tenths, 0))`.as('tenths'),
      sql<number>`SUM(CASE WHEN o.credit_tenths IS NULL THEN COALESCE(o.minutes, 0) ELSE 0 END)`.as('minutes'),
    ])
    .where('o.day', '>=', from)
    .where('o.day', '<=', to)
    .where(inSubtrees('u.path', [rootPath]))
    .groupBy('o.member_id')
    .execute();
}

export async function onlineOf(db: DB, memberId: number, from: string, to: string) {
  return db
    .selectFrom('online_learning')
    .select(['id', 'day', 'platform', 'content', 'minutes', 'credit_tenths', 'points'])
    .where('member_id', '=', memberId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('id')
    .execute();
}
