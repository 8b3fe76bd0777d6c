// The monthly summary's SQL (study_unit_months, migration 0084; summary.ts, decision 021).
import type { DB } from '../../db';
import { inSubtrees } from '../../db/subtree';
import type { StudyUnitMonthTable } from '../../db/schema-summary';

export type SummaryRow = Omit<StudyUnitMonthTable, 'id'>;

/** The top units (no parent): the refresh computes each one's view. */
export const topUnits = (db: DB) => db.selectFrom('units').select(['id', 'name', 'path']).where('parent_id', 'is', null).execute();

/** Replaces every row of `month` with `rows`, in one transaction. */
export async function replaceMonth(db: DB, month: string, rows: SummaryRow[]) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('study_unit_months').where('month', '=', month).execute();
    // 300 rows of 18 values a statement: under SQLite's and PostgreSQL's parameter limits.
    for (let i = 0; i < rows.length; i += 300) await trx.insertInto('study_unit_months').values(rows.slice(i, i + 300)).execute();
  });
}

/** The month's rows of the units in a subtree, in tree order, with each unit's name. */
export const subtreeRows = (db: DB, path: string, month: string) =>
  db
    .selectFrom('study_unit_months as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .selectAll('s')
    .select(['u.name as unit_name', 'u.path as unit_path'])
    .where('s.month', '=', month)
    .where(inSubtrees('u.path', [path]))
    .orderBy('u.path')
    .execute();

/** When `month` was last refreshed (one refresh writes the whole month at one time), or undefined. */
export const lastRefresh = (db: DB, month: string) => db.selectFrom('study_unit_months').select(['refreshed_at', 'through', 'required_days_so_far']).where('month', '=', month).limit(1).executeTakeFirst();
