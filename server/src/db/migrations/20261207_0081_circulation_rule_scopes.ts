import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from './helpers';

// Circulation rules scoped to a unit subtree (issue 12 item 7): a rule is the district's
// (unit_id null, unit_path '') or a town's or unit's own, kept with the unit's path for the
// nearest-scope lookup. The table is rebuilt because the old one allowed one rule per
// category pair in all (a unique constraint SQLite cannot drop); the existing rules become
// the district's, with their ids.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('circulation_rules_0081'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('book_category', 'text')
    .addColumn('member_category', 'text')
    .addColumn('loan_days', 'integer')
    .addColumn('renewals', 'integer')
    .addColumn('renew_days', 'integer')
    .addColumn('max_loans', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addUniqueConstraint('circulation_rules_scope_pair', ['unit_path', 'book_category', 'member_category'])
    .execute();
  await db
    .insertInto('circulation_rules_0081')
    .columns(['id', 'unit_id', 'unit_path', 'book_category', 'member_category', 'loan_days', 'renewals', 'renew_days', 'max_loans', 'updated_at', 'updated_by'])
    .expression(
      db
        .selectFrom('circulation_rules')
        .select(['id', sql<null>`null`.as('unit_id'), sql<string>`''`.as('unit_path'), 'book_category', 'member_category', 'loan_days', 'renewals', 'renew_days', 'max_loans', 'updated_at', 'updated_by']),
    )
    .execute();
  await db.schema.dropTable('circulation_rules').execute();
  await db.schema.alterTable('circulation_rules_0081').renameTo('circulation_rules').execute();
  if (isPostgres(db)) {
    // The ids were copied: the sequence continues after the highest.
    await sql`SELECT setval(pg_get_serial_sequence('circulation_rules', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM circulation_rules), false)`.execute(db);
  }
  await db.schema.createIndex('circulation_rules_unit_path').on('circulation_rules').column('unit_path').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
