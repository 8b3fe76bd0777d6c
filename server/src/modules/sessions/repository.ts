// SQL of collective sessions: the lists the routes used to run themselves (by reach, the member's own sessions)
// and the read-outs for the acceptance's evidence (check-in per unit).
import type { DB } from '../../db';
import { inSubtrees, withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';

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

export async function memberUnitPath(db: DB, memberId: number): Promise<string | undefined> {
  const r = await db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', '=', memberId).executeTakeFirst();
  return r?.path;
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
