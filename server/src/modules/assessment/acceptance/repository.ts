// All SQL of the year-end acceptance: checklist, teams, score sheets, results, unlocks.
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

export const checklistRows = (db: DB, year: number) => db.selectFrom('acceptance_items').selectAll().where('year', '=', year).orderBy('sort_order').execute();

export async function replaceChecklist(
  trx: DB,
  year: number,
  items: { item_key: string; section: string; category: string; title: string; max_points: number; guidance: string; source: string }[],
) {
  await trx.deleteFrom('acceptance_items').where('year', '=', year).execute();
  if (items.length) await trx.insertInto('acceptance_items').values(items.map((i, n) => ({ ...i, year, sort_order: n + 1 }))).execute();
}

export const scoreCountOfYear = async (db: DB, year: number) =>
  Number((await db.selectFrom('acceptance_scores').select((eb) => eb.fn.countAll<number>().as('n')).where('year', '=', year).executeTakeFirstOrThrow()).n);

export const getUnit = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();

export function teamsOfYear(db: DB, year: number) {
  return db
    .selectFrom('acceptance_teams as t')
    .innerJoin('units as s', 's.id', 't.scope_unit_id')
    .innerJoin('users as l', 'l.id', 't.lead_user_id')
    .selectAll('t')
    .select(['s.name as scope_name', 's.path as scope_path', 'l.display_name as lead_name'])
    .where('t.year', '=', year)
    .orderBy('t.id')
    .execute();
}
export type TeamRow = Awaited<ReturnType<typeof teamsOfYear>>[number];

export const teamMembers = (db: DB, teamIds: number[]) =>
  teamIds.length
    ? db
        .selectFrom('acceptance_team_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.team_id', 'm.user_id', 'm.office', 'u.display_name'])
        .where('m.team_id', 'in', teamIds)
        .orderBy('m.team_id')
        .orderBy('u.id')
        .execute()
    : Promise.resolve([]);

/** Users among the ids holding one of the roles over the path. */
export const usersWithRoleOver = (db: DB, userIds: number[], roles: string[], unitPath: string) =>
  userIds.length
    ? db
        .selectFrom('users')
        .innerJoin('user_roles as r', 'r.user_id', 'users.id')
        .innerJoin('units as g', 'g.id', 'r.unit_id')
        .select(['users.id'])
        .distinct()
        .where('users.id', 'in', userIds)
        .where('users.disabled', '=', 0)
        .where('r.role', 'in', roles)
        .where(sql<boolean>`${unitPath} like g.path || '%'`)
        .execute()
    : Promise.resolve([]);

export async function insertTeam(trx: DB, v: { year: number; name: string; scope_unit_id: number; lead_user_id: number; created_by: number; created_at: string }, members: { user_id: number; office: string }[]) {
  const { id } = await trx.insertInto('acceptance_teams').values(v).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('acceptance_team_members').values(members.map((m) => ({ ...m, team_id: id }))).execute();
  return id;
}

/** The units an acceptance covers: under the scopes, not towns or districts, with active members. */
export function unitsUnder(db: DB, paths: string[]) {
  return db
    .selectFrom('units as u')
    .select(['u.id', 'u.name', 'u.path', 'u.sort_order'])
    .where(inSubtrees('u.path', paths))
    .where('u.kind', 'not in', ['district', 'town'])
    .where((eb) => eb.exists(eb.selectFrom('members as m').select('m.id').whereRef('m.unit_id', '=', 'u.id').where('m.status', '=', 'active')))
    .orderBy('u.path')
    .execute();
}

export const sheetsOf = (db: DB, year: number, unitIds: number[]) =>
  unitIds.length
    ? db
        .selectFrom('acceptance_scores as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .selectAll('s')
        .select('u.display_name')
        .where('s.year', '=', year)
        .where('s.unit_id', 'in', unitIds)
        .orderBy('s.unit_id')
        .orderBy('s.id')
        .execute()
    : Promise.resolve([]);
export type SheetRow = Awaited<ReturnType<typeof sheetsOf>>[number];

/** Inserts a sheet; false when the member already has one (the unique index decides a race). */
export async function insertSheet(trx: DB, v: { year: number; unit_id: number; team_id: number; user_id: number; items: string; total_tenths: number; submitted_at: string }): Promise<number | null> {
  const r = await trx.insertInto('acceptance_scores').values(v).onConflict((oc) => oc.columns(['year', 'unit_id', 'user_id']).doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export const deleteSheet = (trx: DB, id: number) => trx.deleteFrom('acceptance_scores').where('id', '=', id).execute();

export const resultsOf = (db: DB, year: number, unitIds: number[]) =>
  unitIds.length ? db.selectFrom('acceptance_results').selectAll().where('year', '=', year).where('unit_id', 'in', unitIds).execute() : Promise.resolve([]);

export const resultOf = (db: DB, year: number, unitId: number) => db.selectFrom('acceptance_results').selectAll().where('year', '=', year).where('unit_id', '=', unitId).executeTakeFirst();

/** Locks the unit's result with its score; false when another sign-off got there first. */
export async function lockResult(
  trx: DB,
  v: { year: number; unit_id: number; team_id: number; score_x100: number; spread_x100: number; grade: string; method: string; signed_by: number; signed_at: string },
): Promise<boolean> {
  const existing = await trx.selectFrom('acceptance_results').select(['id', 'locked', 'version']).where('year', '=', v.year).where('unit_id', '=', v.unit_id).executeTakeFirst();
  if (!existing) {
    const r = await trx
      .insertInto('acceptance_results')
      .values({ ...v, locked: 1 })
      .onConflict((oc) => oc.columns(['year', 'unit_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return Boolean(r);
  }
  if (existing.locked) return false;
  const r = await trx
    .updateTable('acceptance_results')
    .set({ ...v, locked: 1, version: existing.version + 1 })
    .where('id', '=', existing.id)
    .where('locked', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unlockResult(trx: DB, id: number, reason: string, userId: number, now: string): Promise<boolean> {
  const r = await trx.updateTable('acceptance_results').set((eb) => ({ locked: 0, version: eb('version', '+', 1) })).where('id', '=', id).where('locked', '=', 1).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await trx.insertInto('acceptance_unlocks').values({ result_id: id, reason, user_id: userId, created_at: now }).execute();
  return true;
}

export const unlocksOf = (db: DB, resultId: number) =>
  db
    .selectFrom('acceptance_unlocks as x')
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .select(['x.reason', 'x.created_at', 'u.display_name'])
    .where('x.result_id', '=', resultId)
    .orderBy('x.id')
    .execute();
