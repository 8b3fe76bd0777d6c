// All SQL of inspections: the inspection, its team, the draw's units and the findings.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

export const getUnit = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();

export const unitsByIds = (db: DB, ids: number[]) =>
  ids.length ? db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', 'in', ids).execute() : Promise.resolve([]);

export const membersByIds = (db: DB, ids: number[]) =>
  ids.length ? db.selectFrom('members').select(['id', 'name', 'position', 'unit_id']).where('id', 'in', ids).execute() : Promise.resolve([]);

/** The units a draw chooses from: under the scope, not a town or district, with active members; and those members. */
export async function drawCandidates(db: DB, scopePath: string) {
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['u.id as unit_id', 'm.id as member_id'])
    .where(inSubtrees('u.path', [scopePath]))
    .where('u.kind', 'not in', ['district', 'town'])
    .where('m.status', '=', 'active')
    .orderBy('u.id')
    .orderBy('m.id')
    .execute();
  const members: Record<string, number[]> = {};
  for (const r of rows) (members[String(r.unit_id)] ??= []).push(r.member_id);
  return { units: Object.keys(members).map(Number), members };
}

/** Users with an active account and one of the roles, whose grant reaches the unit path. */
export async function usersWithRoleOver(db: DB, userIds: number[], roles: string[], unitPath: string) {
  if (!userIds.length) return [];
  return db
    .selectFrom('users')
    .innerJoin('user_roles as r', 'r.user_id', 'users.id')
    .innerJoin('units as g', 'g.id', 'r.unit_id')
    .select(['users.id', 'users.display_name'])
    .distinct()
    .where('users.id', 'in', userIds)
    .where('users.disabled', '=', 0)
    .where('r.role', 'in', roles)
    .where(sql<boolean>`${unitPath} like g.path || '%'`)
    .execute();
}

export async function insertInspection(
  trx: DB,
  v: { scope_unit_id: number; year: number; quarter: number; title: string; kind: string; items: string; unit_count: number; members_per_unit: number; created_by: number; now: string },
  team: number[],
) {
  const { id } = await trx
    .insertInto('inspections')
    .values({
      scope_unit_id: v.scope_unit_id,
      year: v.year,
      quarter: v.quarter,
      title: v.title,
      kind: v.kind,
      items: v.items,
      unit_count: v.unit_count,
      members_per_unit: v.members_per_unit,
      status: 'planned',
      created_by: v.created_by,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (team.length) await trx.insertInto('inspection_team').values(team.map((user_id) => ({ inspection_id: id, user_id }))).execute();
  return id;
}

export const getInspection = (db: DB, id: number) =>
  db
    .selectFrom('inspections as i')
    .innerJoin('units as s', 's.id', 'i.scope_unit_id')
    .selectAll('i')
    .select(['s.name as scope_name', 's.path as scope_path'])
    .where('i.id', '=', id)
    .executeTakeFirst();

export type InspectionRow = NonNullable<Awaited<ReturnType<typeof getInspection>>>;

export function listInspections(db: DB, reach: Reach, year?: number) {
  let q = db
    .selectFrom('inspections as i')
    .innerJoin('units as s', 's.id', 'i.scope_unit_id')
    .selectAll('i')
    .select(['s.name as scope_name', 's.path as scope_path'])
    .select((eb) => [
      eb.selectFrom('inspection_findings as f').select(eb.fn.countAll<number>().as('n')).whereRef('f.inspection_id', '=', 'i.id').as('finding_count'),
      eb.selectFrom('inspection_units as iu').select(eb.fn.countAll<number>().as('n')).whereRef('iu.inspection_id', '=', 'i.id').as('unit_drawn'),
    ])
    .where(withinReach(reach, { unitPath: 's.path' }));
  if (year) q = q.where('i.year', '=', year);
  return q.orderBy('i.year', 'desc').orderBy('i.quarter', 'desc').orderBy('i.id', 'desc').execute();
}

export const teamOf = (db: DB, inspectionId: number) =>
  db
    .selectFrom('inspection_team as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.display_name'])
    .where('t.inspection_id', '=', inspectionId)
    .orderBy('u.id')
    .execute();

/** Records the draw once: the conditional update is what makes a second draw fail. */
export async function recordDraw(
  trx: DB,
  id: number,
  version: number,
  v: { seed: string; algorithm: string; candidates: string; drawn_by: number; now: string },
  units: { unitId: number; memberIds: number[] }[],
): Promise<boolean> {
  const r = await trx
    .updateTable('inspections')
    .set({ status: 'drawn', seed: v.seed, algorithm: v.algorithm, candidates: v.candidates, drawn_at: v.now, drawn_by: v.drawn_by, updated_at: v.now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'planned')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (units.length)
    await trx
      .insertInto('inspection_units')
      .values(units.map((u, i) => ({ inspection_id: id, unit_id: u.unitId, draw_order: i + 1, member_ids: JSON.stringify(u.memberIds) })))
      .execute();
  return true;
}

export const drawnUnits = (db: DB, inspectionId: number) =>
  db
    .selectFrom('inspection_units as iu')
    .innerJoin('units as u', 'u.id', 'iu.unit_id')
    .select(['iu.unit_id', 'iu.draw_order', 'iu.member_ids', 'u.name', 'u.path'])
    .where('iu.inspection_id', '=', inspectionId)
    .orderBy('iu.draw_order')
    .execute();

export async function setStatus(trx: DB, id: number, version: number, from: string, to: string, now: string): Promise<boolean> {
  const r = await trx.updateTable('inspections').set({ status: to, updated_at: now, version: version + 1 }).where('id', '=', id).where('version', '=', version).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const findingByClientId = (db: DB, clientId: string) => db.selectFrom('inspection_findings').selectAll().where('client_id', '=', clientId).executeTakeFirst();

export async function insertFinding(
  trx: DB,
  v: { inspection_id: number; unit_id: number; member_id: number | null; item_key: string; score: number; max_score: number; text: string; photo_file_id: number | null; client_id: string; observed_at: string; created_by: number; created_at: string },
) {
  const { id } = await trx.insertInto('inspection_findings').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findingsOf(db: DB, inspectionId: number, unitId?: number) {
  let q = db
    .selectFrom('inspection_findings as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('users as by', 'by.id', 'f.created_by')
    .leftJoin('rectifications as r', 'r.finding_id', 'f.id')
    .leftJoin('members as m', 'm.id', 'f.member_id')
    .selectAll('f')
    .select(['u.name as unit_name', 'u.path as unit_path', 'by.display_name as by_name', 'm.name as member_name', 'r.id as rectification_id', 'r.status as rectification_status', 'r.deadline as rectification_deadline'])
    .where('f.inspection_id', '=', inspectionId);
  if (unitId) q = q.where('f.unit_id', '=', unitId);
  return q.orderBy('f.unit_id').orderBy('f.id').execute();
}

export const getFinding = (db: DB, id: number) =>
  db
    .selectFrom('inspection_findings as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
    .selectAll('f')
    .select(['u.name as unit_name', 'u.path as unit_path', 'i.title as inspection_title', 'i.year', 'i.quarter'])
    .where('f.id', '=', id)
    .executeTakeFirst();

/** The member a finding may name: in the unit's subtree. */
export const memberInUnit = (db: DB, memberId: number, unitPath: string) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.id', 'm.name', 'm.status']).where('m.id', '=', memberId).where(inSubtrees('u.path', [unitPath])).executeTakeFirst();

/** Findings against members observed in [from, to) (ISO), under a unit path or of one member. */
export function findingsAgainstMembers(db: DB, f: { rootPath?: string; memberId?: number; fromIso: string; toIso: string }) {
  let q = db
    .selectFrom('inspection_findings as f')
    .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
    .innerJoin('members as m', 'm.id', 'f.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['f.id', 'f.member_id', 'f.item_key', 'f.text', 'f.score', 'f.max_score', 'f.observed_at', 'i.id as inspection_id', 'i.title as inspection_title', 'i.items'])
    .where('f.observed_at', '>=', f.fromIso)
    .where('f.observed_at', '<', f.toIso);
  if (f.rootPath) q = q.where(inSubtrees('u.path', [f.rootPath]));
  if (f.memberId) q = q.where('f.member_id', '=', f.memberId);
  return q.orderBy('f.observed_at').orderBy('f.id').execute();
}

/** Active users holding one of the roles over the unit path. */
export function runnersOver(db: DB, roles: string[], unitPath: string) {
  return db
    .selectFrom('users')
    .innerJoin('user_roles as r', 'r.user_id', 'users.id')
    .innerJoin('units as g', 'g.id', 'r.unit_id')
    .select(['users.id', 'users.display_name'])
    .distinct()
    .where('users.disabled', '=', 0)
    .where('r.role', 'in', roles)
    .where(sql<boolean>`${unitPath} like g.path || '%'`)
    .orderBy('users.id')
    .execute();
}
