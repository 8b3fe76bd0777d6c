import { sql, type Kysely } from 'kysely';
import { withId } from './helpers';

// The holiday calendar scoped to a unit subtree (issue 12 item 7), like the circulation rules
// (0081): an entry is the district's (unit_id null, unit_path '') or a town's or unit's own,
// kept with the unit's path for the nearest-scope lookup. The table is rebuilt because the day
// was its primary key (one entry per day in all); the existing entries become the district's.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('calendar_days_0082'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('calendar_days_scope_day', ['unit_path', 'day'])
    .execute();
  await db
    .insertInto('calendar_days_0082')
    .columns(['unit_id', 'unit_path', 'day', 'kind', 'name', 'updated_at', 'updated_by'])
    .expression(db.selectFrom('calendar_days').select([sql<null>`null`.as('unit_id'), sql<string>`''`.as('unit_path'), 'day', 'kind', 'name', 'updated_at', 'updated_by']).orderBy('day'))
    .execute();
  await db.schema.dropTable('calendar_days').execute();
  await db.schema.alterTable('calendar_days_0082').renameTo('calendar_days').execute();
  await db.schema.createIndex('calendar_days_day').on('calendar_days').column('day').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
