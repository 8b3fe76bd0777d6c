import type { Kysely } from 'kysely';
import { withId } from './helpers';

// The monthly summary of the clerk's unit view (issue 17): per unit and month, the totals of the
// unit's own members, as the view computes them, refreshed by the nightly job study.unit-summary.
// The view of a whole district or province adds up the rows of its subtree instead of computing
// every member's month (decision 021).
export async function up(db: Kysely<any>): Promise<void> {
  let t = withId(db, db.schema.createTable('study_unit_months'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('through', 'text')
    .addColumn('required_days_so_far', 'integer', (c) => c.notNull());
  for (const col of ['members', 'with_plan', 'late_plans', 'books_met', 'books_finished', 'days_met', 'required_days', 'minutes', 'sessions_attended', 'sessions_expected', 'sessions_excused', 'sessions_late']) {
    t = t.addColumn(col, 'integer', (c) => c.notNull());
  }
  await t
    .addColumn('refreshed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_unit_months_unit_month', ['unit_id', 'month'])
    .execute();
  await db.schema.createIndex('study_unit_months_month').on('study_unit_months').column('month').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
