// SQL of collective sessions that the routes used to run themselves (lists by reach, the member's own sessions).
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
