import type { Kysely } from 'kysely';
import { withId } from './helpers';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('stocktakes'))
    .addColumn('location_id', 'integer', (c) => c.notNull().references('locations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('started_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('finished_at', 'text')
    .addColumn('lost_marked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('stocktakes_location').on('stocktakes').column('location_id').execute();

  await withId(db, db.schema.createTable('stocktake_scans'))
    .addColumn('stocktake_id', 'integer', (c) => c.notNull().references('stocktakes.id'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('copy_id', 'integer', (c) => c.references('copies.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    // A barcode scanned twice counts once.
    .addUniqueConstraint('stocktake_scans_once', ['stocktake_id', 'barcode'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
