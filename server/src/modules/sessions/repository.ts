// All SQL of collective study: sessions and their attending units, check-ins, leave, the annual plan (年度学习计划)
// with its months and required books, and the read-outs for the acceptance's evidence (check-in per unit).
// Units and members are org's reference data, read in place (decision 012). Still read here from other modules'
// tables: the catalog's `books` (a required book's title) and study's `reading_plan_items` (who has read it).
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { inSubtrees, withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';
import { yearIsoRange } from '../../platform/time';

export const SESSION_COLUMNS = [
  's.id',
  's.unit_id',
  'u.name as unit_name',
  'u.path as unit_path',
  's.plan_id',
  's.topic',
  's.place',
  's.host',
  's.starts_at',
  's.ends_at',
  's.minutes',
  's.status',
  's.qr_secret',
  's.opened_at',
  's.closed_at',
  's.version',
] as const;

/** One session with its organising unit. */
export const sessionById = (db: DB, id: number) => db.selectFrom('study_sessions as s').innerJoin('units as u', 'u.id', 's.unit_id').select(SESSION_COLUMNS).where('s.id', '=', id).executeTakeFirst();

/** Sessions organised within the reach, starting in [fromIso, toIso), newest first. */
export function sessionsWithin(db: DB, reach: Reach, fromIso: string, toIso: string, status?: string) {
  let q = db
    .selectFrom('study_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(SESSION_COLUMNS)
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso);
  if (status) q = q.where('s.status', '=', status);
  return q.orderBy('s.starts_at', 'desc').execute();
}

/** Sessions not cancelled, starting from fromIso, attended by one of these units (by path), in date order. */
export function sessionsAttendedBy(db: DB, unitPaths: string[], fromIso: string) {
  return db
    .selectFrom('study_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(SESSION_COLUMNS)
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('study_session_units as su')
          .innerJoin('units as au', 'au.id', 'su.unit_id')
          .select('su.id')
          .whereRef('su.session_id', '=', 's.id')
          .where('au.path', 'in', unitPaths),
      ),
    )
    .orderBy('s.starts_at')
    .execute();
}

export const memberCheckIns = (db: DB, memberId: number, sessionIds: number[]) =>
  sessionIds.length ? db.selectFrom('check_ins').select(['session_id', 'checked_at']).where('member_id', '=', memberId).where('session_id', 'in', sessionIds).execute() : Promise.resolve([]);

export const memberLeaves = (db: DB, memberId: number, sessionIds: number[]) =>
  sessionIds.length
    ? db.selectFrom('leave_requests').select(['session_id', 'status', 'reason', 'decision_note']).where('member_id', '=', memberId).where('session_id', 'in', sessionIds).execute()
    : Promise.resolve([]);

/** The units within these subtrees, in tree order. */
export const unitsWithin = (db: DB, paths: string[]) => db.selectFrom('units').select(['id', 'name', 'path']).where(inSubtrees('units.path', paths)).orderBy('path').execute();

/** Sessions (not cancelled) that began in [fromIso, toIso) and ended before `nowIso`, with the path of each unit they were held for. */
export function endedSessionsWithUnits(db: DB, fromIso: string, toIso: string, nowIso: string) {
  return db
    .selectFrom('study_sessions as s')
    .innerJoin('study_session_units as su', 'su.session_id', 's.id')
    .innerJoin('units as au', 'au.id', 'su.unit_id')
    .select(['s.id', 'au.path'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso)
    .where('s.ends_at', '<', nowIso)
    .execute();
}

/** Active members of these units. */
export function activeMembersOfUnits(db: DB, unitIds: number[]) {
  return unitIds.length ? db.selectFrom('members').select(['id', 'unit_id']).where('status', '=', 'active').where('unit_id', 'in', unitIds).execute() : Promise.resolve([]);
}

/** Check-ins and approved leave of members of these units at sessions that began in [fromIso, toIso). */
export async function attendanceBetween(db: DB, unitIds: number[], fromIso: string, toIso: string) {
  if (!unitIds.length) return { checkIns: [], leaves: [] };
  const [checkIns, leaves] = await Promise.all([
    db
      .selectFrom('check_ins as c')
      .innerJoin('study_sessions as s', 's.id', 'c.session_id')
      .innerJoin('members as m', 'm.id', 'c.member_id')
      .select(['c.session_id', 'c.member_id'])
      .where('s.starts_at', '>=', fromIso)
      .where('s.starts_at', '<', toIso)
      .where('m.unit_id', 'in', unitIds)
      .execute(),
    db
      .selectFrom('leave_requests as lr')
      .innerJoin('study_sessions as s', 's.id', 'lr.session_id')
      .innerJoin('members as m', 'm.id', 'lr.member_id')
      .select(['lr.session_id', 'lr.member_id'])
      .where('lr.status', '=', 'approved')
      .where('s.starts_at', '>=', fromIso)
      .where('s.starts_at', '<', toIso)
      .where('m.unit_id', 'in', unitIds)
      .execute(),
  ]);
  return { checkIns, leaves };
}

// ---- Units and members ----

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();

export const unitsByIds = (db: DB, ids: number[]) => db.selectFrom('units').select(['id', 'path', 'name']).where('id', 'in', ids).execute();

/** A member with their unit's name and path. */
export const memberWithUnit = (db: DB, memberId: number) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.id', 'm.name', 'm.status', 'u.name as unit_name', 'u.path']).where('m.id', '=', memberId).executeTakeFirst();

/** The units attending these sessions, in tree order. */
export const attendingUnitsOf = (db: DB, sessionIds: number[]) =>
  sessionIds.length
    ? db.selectFrom('study_session_units as su').innerJoin('units as u', 'u.id', 'su.unit_id').select(['su.session_id', 'u.id', 'u.name', 'u.path']).where('su.session_id', 'in', sessionIds).orderBy('u.path').execute()
    : Promise.resolve([]);

// ---- Writing sessions ----

type SessionTable = Database['study_sessions'];

export const insertSession = async (trx: DB, row: Insertable<SessionTable>) => (await trx.insertInto('study_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;

/** Changes the session only while it still has this version (or status); whether it did. */
export async function updateSessionIf(trx: DB, id: number, when: { version: number } | { status: string }, set: Updateable<SessionTable>) {
  let q = trx.updateTable('study_sessions').set(set).where('id', '=', id);
  q = 'version' in when ? q.where('version', '=', when.version) : q.where('status', '=', when.status);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

export const insertSessionUnits = (trx: DB, sessionId: number, unitIds: number[]) =>
  trx
    .insertInto('study_session_units')
    .values(unitIds.map((unit_id) => ({ session_id: sessionId, unit_id })))
    .execute();

export async function replaceSessionUnits(trx: DB, sessionId: number, unitIds: number[]) {
  await trx.deleteFrom('study_session_units').where('session_id', '=', sessionId).execute();
  await insertSessionUnits(trx, sessionId, unitIds);
}

// ---- Check-ins ----

export const checkInOf = (db: DB, sessionId: number, memberId: number) => db.selectFrom('check_ins').select(['id', 'checked_at']).where('session_id', '=', sessionId).where('member_id', '=', memberId).executeTakeFirst();

/** A session's check-ins with the member's name, position and unit. */
export const checkInsOfSession = (db: DB, sessionId: number) =>
  db
    .selectFrom('check_ins as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['c.member_id', 'c.checked_at', 'c.method', 'm.name', 'm.position', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'u.sort_order'])
    .where('c.session_id', '=', sessionId)
    .execute();

/** The new check-in's id; undefined when the member has already checked in (whoever raced). */
export const insertCheckIn = async (trx: DB, row: Insertable<Database['check_ins']>) =>
  (
    await trx
      .insertInto('check_ins')
      .values(row)
      .onConflict((oc) => oc.columns(['session_id', 'member_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;

export const deleteCheckIn = (trx: DB, id: number) => trx.deleteFrom('check_ins').where('id', '=', id).execute();

// ---- Leave ----

type LeaveTable = Database['leave_requests'];

export const leaveById = (db: DB, id: number) => db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst();

export const leaveOf = (db: DB, sessionId: number, memberId: number) => db.selectFrom('leave_requests').select(['id', 'status']).where('session_id', '=', sessionId).where('member_id', '=', memberId).executeTakeFirst();

export const leavesOfSession = (db: DB, sessionId: number) => db.selectFrom('leave_requests').select(['member_id', 'status', 'reason']).where('session_id', '=', sessionId).execute();

/** Leave requests of sessions organised within the reach, newest first (at most 500). */
export function leavesWithin(db: DB, reach: Reach, status?: string) {
  let q = db
    .selectFrom('leave_requests as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('units as su', 'su.id', 's.unit_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as mu', 'mu.id', 'm.unit_id')
    .select(['l.id', 'l.session_id', 's.topic', 's.starts_at', 'l.member_id', 'm.name', 'mu.name as unit_name', 'l.reason', 'l.status', 'l.requested_at', 'l.decision_note'])
    .where(withinReach(reach, { unitPath: 'su.path' }));
  if (status) q = q.where('l.status', '=', status);
  return q.orderBy('l.requested_at', 'desc').limit(500).execute();
}

/** The new request's id; undefined when the member has already asked. */
export const insertLeave = async (trx: DB, row: Insertable<LeaveTable>) =>
  (
    await trx
      .insertInto('leave_requests')
      .values(row)
      .onConflict((oc) => oc.columns(['session_id', 'member_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;

/** Changes the request (only while it has status `when`, if given); whether it did. */
export async function updateLeave(trx: DB, id: number, set: Updateable<LeaveTable>, when?: string) {
  let q = trx.updateTable('leave_requests').set(set).where('id', '=', id);
  if (when !== undefined) q = q.where('status', '=', when);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

// ---- The annual plan ----

type PlanTable = Database['study_plans'];

export const planRow = (db: DB, id: number) => db.selectFrom('study_plans').selectAll().where('id', '=', id).executeTakeFirst();

export const planOfYear = (db: DB, unitId: number, year: number) => db.selectFrom('study_plans').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();

/** The plan with its unit's path. */
export const planWithUnitPath = (db: DB, id: number) =>
  db.selectFrom('study_plans').innerJoin('units', 'units.id', 'study_plans.unit_id').select(['study_plans.id', 'units.path']).where('study_plans.id', '=', id).executeTakeFirst();

/** The plans of a year of any of these units, with the unit's name and path. */
export const plansOfUnits = (db: DB, unitIds: number[], year: number) =>
  db
    .selectFrom('study_plans as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.unit_id', 'u.name as unit_name', 'u.path'])
    .where('p.unit_id', 'in', unitIds)
    .where('p.year', '=', year)
    .execute();

export const planMonths = (db: DB, planId: number) => db.selectFrom('study_plan_months').select(['month', 'theme', 'content']).where('plan_id', '=', planId).orderBy('month').execute();

/** Month by month, then the books for the whole year (NULL sorts differently on the two databases). */
const byMonth = (a: { month: number | null }, b: { month: number | null }) => (a.month ?? 13) - (b.month ?? 13);

/** A plan's required books with the catalog's description, month by month, then the year's. */
export async function requiredBooksOf(db: DB, planId: number) {
  const rows = await db
    .selectFrom('required_books as r')
    .innerJoin('books as b', 'b.id', 'r.book_id')
    .select(['r.id', 'r.book_id', 'r.month', 'r.note', 'b.title', 'b.authors', 'b.publisher', 'b.category'])
    .where('r.plan_id', '=', planId)
    .orderBy('r.id')
    .execute();
  return rows.sort(byMonth);
}

/** The sessions of a plan, and those its unit organised in its year before the plan existed; none cancelled. */
export function sessionsOfPlan(db: DB, planId: number, unitId: number, year: number) {
  const { from, to } = yearIsoRange(year);
  return db
    .selectFrom('study_sessions')
    .select(['id', 'topic', 'place', 'host', 'starts_at', 'ends_at', 'minutes', 'status'])
    .where((eb) => eb.or([eb('plan_id', '=', planId), eb.and([eb('unit_id', '=', unitId), eb('plan_id', 'is', null), eb('starts_at', '>=', from), eb('starts_at', '<', to)])]))
    .where('status', '!=', 'cancelled')
    .orderBy('starts_at')
    .execute();
}

/** The new plan's id; undefined when the unit already has one for that year. */
export const insertPlan = async (trx: DB, row: Insertable<PlanTable>) =>
  (
    await trx
      .insertInto('study_plans')
      .values(row)
      .onConflict((oc) => oc.columns(['unit_id', 'year']).doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;

export const updatePlan = (trx: DB, id: number, set: Updateable<PlanTable>) => trx.updateTable('study_plans').set(set).where('id', '=', id).execute();

export const savePlanMonth = (trx: DB, planId: number, month: number, theme: string, content: string) =>
  trx
    .insertInto('study_plan_months')
    .values({ plan_id: planId, month, theme, content })
    .onConflict((oc) => oc.columns(['plan_id', 'month']).doUpdateSet({ theme, content }))
    .execute();

/** Sessions of that year organised by the unit, in no plan yet, join the plan. */
export function joinPlan(trx: DB, planId: number, unitId: number, year: number) {
  const { from, to } = yearIsoRange(year);
  return trx.updateTable('study_sessions').set({ plan_id: planId }).where('unit_id', '=', unitId).where('plan_id', 'is', null).where('starts_at', '>=', from).where('starts_at', '<', to).execute();
}

/** The new row's id; undefined when the book is already required by the plan. */
export const insertRequiredBook = async (trx: DB, row: Insertable<Database['required_books']>) =>
  (
    await trx
      .insertInto('required_books')
      .values(row)
      .onConflict((oc) => oc.columns(['plan_id', 'book_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;

/** Whether the book was required by the plan (and is no longer). */
export const deleteRequiredBook = async (trx: DB, planId: number, bookId: number) =>
  Number((await trx.deleteFrom('required_books').where('plan_id', '=', planId).where('book_id', '=', bookId).executeTakeFirst()).numDeletedRows) === 1;

// Other modules' tables, read only (decision 012 lists them as still to be read through those modules' services).

export const catalogBook = (db: DB, id: number) => db.selectFrom('books').select(['id', 'title']).where('id', '=', id).executeTakeFirst();

/** Reading-plan items finished with any of these books, by anyone. */
export const finishedReadings = (db: DB, bookIds: number[]) =>
  bookIds.length ? db.selectFrom('reading_plan_items').select(['member_id', 'book_id', 'finished_on']).where('status', '=', 'finished').where('book_id', 'in', bookIds).execute() : Promise.resolve([]);

/** The member's reading-plan items of these books, not dropped. */
export const memberReadings = (db: DB, memberId: number, bookIds: number[]) =>
  bookIds.length
    ? db.selectFrom('reading_plan_items').select(['book_id', 'status', 'finished_on', 'month']).where('member_id', '=', memberId).where('book_id', 'in', bookIds).where('status', '!=', 'dropped').execute()
    : Promise.resolve([]);
