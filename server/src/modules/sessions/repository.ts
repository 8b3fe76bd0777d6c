// SQL of the sessions module's read-outs for the acceptance's evidence (check-in per unit).
import type { DB } from '../../db';

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
