// All SQL of the study module (issue 10, module shape).
import type { DB } from '../../db';
import { nowIso } from '../../platform/time';
import type { WriteScope } from '../../platform/write-scope';

// ---- the holiday calendar (calendar_days: the district's rows, unit_path '', and the towns' own) ----

/** Enters days at one scope; a day entered there before is replaced. */
export async function upsertCalendarDays(trx: DB, scope: WriteScope, days: { day: string; kind: string; name: string }[], userId: number) {
  const now = nowIso();
  for (const d of days)
    await trx
      .insertInto('calendar_days')
      .values({ unit_id: scope?.unitId ?? null, unit_path: scope?.unitPath ?? '', day: d.day, kind: d.kind, name: d.name, updated_at: now, updated_by: userId })
      .onConflict((oc) => oc.columns(['unit_path', 'day']).doUpdateSet({ kind: d.kind, name: d.name, updated_at: now, updated_by: userId }))
      .execute();
}

/** Removes one scope's entry of a day; whether there was one. */
export async function deleteCalendarDay(trx: DB, unitPath: string, day: string): Promise<boolean> {
  const r = await trx.deleteFrom('calendar_days').where('unit_path', '=', unitPath).where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Units by their paths (the scopes of calendar entries). */
export async function unitsByPath(db: DB, paths: string[]) {
  return paths.length ? db.selectFrom('units').select(['id', 'name', 'path']).where('path', 'in', paths).execute() : [];
}

// ---- units (org's reference table, read here for the module's scope checks) ----

export function unitById(db: DB, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}
