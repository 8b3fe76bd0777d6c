import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Atmosphere (issue 18): lobby screens with their playlists, the announcements
// board (文化宣传栏) with images, targets and read receipts, and the clerk's
// list of quotes for the screens' quote of the day.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('display_screens'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    // SHA-256 of the secret in the screen's URL; the secret itself is shown once.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // default | contrast (outdoor LED)
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo('default'))
    // JSON array of { kind, seconds? }
    .addColumn('playlist_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('last_ip', 'text')
    .addColumn('last_agent', 'text')
    .addColumn('last_size', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('display_screens_unit').on('display_screens').column('unit_id').execute();

  await withId(db, db.schema.createTable('announcements'))
    // The unit that publishes it (the clerk's town or unit); targets lie inside it.
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    // Shown on the public page too (when that page is switched on).
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('publish_from', 'text', (c) => c.notNull())
    .addColumn('publish_until', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('announcements_unit').on('announcements').columns(['unit_id', 'publish_from']).execute();

  // No rows: the whole publishing unit; otherwise these units and their subtrees.
  await withId(db, db.schema.createTable('announcement_targets'))
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .execute();
  await db.schema.createIndex('announcement_targets_unique').on('announcement_targets').columns(['announcement_id', 'unit_id']).unique().execute();

  await withId(db, db.schema.createTable('announcement_images'))
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_images_of').on('announcement_images').column('announcement_id').execute();

  // One row per member who opened it; the member's unit at the time, for counts per unit.
  await withId(db, db.schema.createTable('announcement_reads'))
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_reads_unique').on('announcement_reads').columns(['announcement_id', 'member_id']).unique().execute();

  await withId(db, db.schema.createTable('display_quotes'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('display_quotes_unit').on('display_quotes').column('unit_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
