// Where a clerk's scoped record applies (issue 12 item 7): the district's — every unit's, unless a
// nearer scope has its own — or a town's or unit's own. Used by the holiday calendar; the scoped
// settings (settings.ts setFor) and the circulation rules follow the same rule.
import type { DB } from '../db';
import type { AuthContext } from './auth/context';
import { badRequest, forbidden } from './errors';
import { rolesOf, type Action } from './policy';
import type { SettingsService } from './settings';

/** null: the district's (unit_path ''); else the unit whose own record it is. */
export type WriteScope = { unitId: number; unitName: string; unitPath: string } | null;

const depth = (path: string) => path.split('/').filter(Boolean).length;

/** The unit named as a scope, or null for the top of the tree (the district); 400 when there is no such unit. */
export async function scopeOfUnit(db: DB, unitId: number): Promise<WriteScope> {
  const unit = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw badRequest('找不到所选的单位');
  return depth(unit.path) > 1 ? { unitId: unit.id, unitName: unit.name, unitPath: unit.path } : null;
}

/**
 * Whether the user may write the action's records at a scope: the district's only with a grant that
 * covers the whole tree (a district clerk, or the clerk of the one town a district node holds); a
 * unit's own with a grant over that unit.
 */
export async function mayWriteAt(db: DB, settings: SettingsService, auth: AuthContext, action: Action, scope: WriteScope): Promise<boolean> {
  const grants = auth.grants(rolesOf(action));
  if (scope) return grants.some((g) => scope.unitPath.startsWith(g.unitPath));
  return (await settings.wholeTreePaths(grants.map((g) => g.unitPath), db)).length > 0;
}

/**
 * The scope a write goes to: the unit named (within the writer's reach), or with none named the
 * writer's own — the district's for a writer over the whole tree, else the one unit of their grant.
 * `what` names the records in the refusal: 「“Y镇”不在您的管理范围内，不能修改它的节假日安排」.
 */
export async function writeScope(db: DB, settings: SettingsService, auth: AuthContext, action: Action, unitId: number | null | undefined, what: string, verb = '修改'): Promise<WriteScope> {
  if (unitId == null) {
    if (await mayWriteAt(db, settings, auth, action, null)) return null;
    const own = [...new Map(auth.grants(rolesOf(action)).map((g) => [g.unitId, g])).values()];
    if (own.length !== 1) throw badRequest(`请选择${what}适用的单位`);
    return { unitId: own[0]!.unitId, unitName: own[0]!.unitName, unitPath: own[0]!.unitPath };
  }
  const scope = await scopeOfUnit(db, unitId);
  if (!(await mayWriteAt(db, settings, auth, action, scope))) {
    const name = scope?.unitName ?? (await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst())?.name ?? '';
    throw forbidden(scope ? `“${name}”不在您的管理范围内，不能${verb}它的${what}` : `全区的${what}只能由区级党建办${verb}`);
  }
  return scope;
}

/** The scope as the audit row names it. */
export const scopeDetail = (scope: WriteScope) => (scope ? { unitId: scope.unitId, unit: scope.unitName } : { unitId: null, unit: '全区' });
