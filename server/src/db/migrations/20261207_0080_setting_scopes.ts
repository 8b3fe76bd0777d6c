import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Settings scoped to a unit subtree (issue 12 item 7): the `settings` table keeps the district's
// values (every unit); a town's or a unit's own value lives here, keyed by the unit, with its path
// kept for the nearest-scope lookup (the unit's value, else its town's, …, else the district's).
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('setting_overrides'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addUniqueConstraint('setting_overrides_key_year_unit', ['key', 'year', 'unit_id'])
    .execute();
  await db.schema.createIndex('setting_overrides_key').on('setting_overrides').column('key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('setting_overrides').execute();
}
