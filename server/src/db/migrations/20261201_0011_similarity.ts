import { sql, type Kysely } from 'kysely';

// Similarity check, second version (decision 006):
// - the LSH index holds several windows of one text (a long reference text is
//   signed in overlapping windows), so its key gains `part`; the table is rebuilt
//   with the new primary key (source, ref_id, part, band) and the same lookup index;
// - a reflection keeps the share of its text that is quoted, shown to the reviewer.
// Reflections' band rows are carried over as part 0 (one window, as before). The
// reference texts' rows are not: they were one signature of the whole text, and the
// app signs every reference text that has no rows in windows on its next check.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reflections').addColumn('similarity_quoted_percent', 'integer').execute();

  await db.schema.alterTable('reflection_bands').renameTo('reflection_bands_0009').execute();
  await db.schema
    .createTable('reflection_bands')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('band', 'integer', (c) => c.notNull())
    .addColumn('hash', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reflection_bands_part_pk', ['source', 'ref_id', 'part', 'band'])
    .execute();
  await db
    .insertInto('reflection_bands')
    .columns(['source', 'ref_id', 'part', 'band', 'hash'])
    .expression(db.selectFrom('reflection_bands_0009').select(['source', 'ref_id', sql<number>`0`.as('part'), 'band', 'hash']).where('source', '=', 'r'))
    .execute();
  // Dropping the old table drops its indexes (reflection_bands_pk, reflection_bands_lookup) on both dialects.
  await db.schema.dropTable('reflection_bands_0009').execute();
  await db.schema.createIndex('reflection_bands_lookup').on('reflection_bands').columns(['hash', 'band']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
