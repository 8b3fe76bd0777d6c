// The few reads the dashboards make themselves: the categories of members (the
// roster's field, for the plan's three tiers) and the units under a unit.
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();

export async function categoriesOf(db: DB, memberIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < memberIds.length; i += 500) {
    const rows = await db.selectFrom('members').select(['id', 'category']).where('id', 'in', memberIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, r.category);
  }
  return out;
}

/** Each member's unit id (the unit view gives names; units of the same name in different branches stay apart). */
export async function unitsOfMembers(db: DB, memberIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < memberIds.length; i += 500) {
    const rows = await db.selectFrom('members').select(['id', 'unit_id']).where('id', 'in', memberIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, r.unit_id);
  }
  return out;
}

export const unitsUnder = (db: DB, path: string) => db.selectFrom('units').select(['id', 'name', 'path']).where(inSubtrees('path', [path])).orderBy('sort_order').orderBy('id').execute();
