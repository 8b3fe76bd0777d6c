import type { Kysely } from 'kysely';

// Issue 16, second part.
// 1. An inspection finding may name the member it is against (one of the unit's cadres,
//    usually one drawn); the year score deducts points per such finding.
// 2. The year-end archive's builds, shared by every app process and node: one build per
//    unit and year at a time (running_key is unique while it runs, NULL after), its
//    progress, and the finished zip in chunks so any node can stream the download.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inspection_findings').addColumn('member_id', 'integer', (c) => c.references('members.id')).execute();
  await db.schema.createIndex('inspection_findings_member').on('inspection_findings').columns(['member_id', 'observed_at']).execute();

  await db.schema
    .createTable('archive_builds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // '<unit id>:<year>' while building; NULL once done or failed (NULLs do not clash).
    .addColumn('running_key', 'text', (c) => c.unique())
    // building | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('current', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    // The building process renews this lease as it goes; an expired lease means it died.
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('archive_builds_unit_year').on('archive_builds').columns(['unit_id', 'year', 'started_at']).execute();

  await db.schema
    .createTable('archive_build_chunks')
    .addColumn('build_id', 'text', (c) => c.notNull().references('archive_builds.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_build_chunks_pk', ['build_id', 'seq'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
