import type { Kysely } from 'kysely';
import { withId } from './helpers';

// The year score's outcome (issue 16): the ten the leading group confirms each year
// (with every departure from the ranking and its written reason), the certificates
// issued to them (Ed25519-signed, revocable), the signing keys, the office's seal
// image, and the creations (学习型, 创新型…) that sessions and activities also serve.
export async function up(db: Kysely<any>): Promise<void> {
  // One list per (year, unit): the unit is the town (or district) the ten are chosen in.
  await withId(db, db.schema.createTable('honor_lists'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // confirmed (the leading group's decision; a new decision replaces the entries)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('honor_lists_year_unit').on('honor_lists').columns(['year', 'unit_id']).unique().execute();

  // included = 1: one of the ten (position 1..N); included = 0: a candidate of the
  // ranking's top N left out. reason: required whenever the choice departs from the ranking.
  await withId(db, db.schema.createTable('honor_entries'))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('honor_lists.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('included', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer')
    // The score (hundredths) and the rank within the list's unit when confirmed.
    .addColumn('score_hundredths', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('honor_entries_list_member').on('honor_entries').columns(['list_id', 'member_id']).unique().execute();

  // Ed25519 key pairs; the newest signs, older ones still verify what they signed.
  await withId(db, db.schema.createTable('certificate_keys'))
    .addColumn('key_id', 'text', (c) => c.notNull().unique())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('certificates'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull().references('honor_lists.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    // What was signed, as printed.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    // valid | revoked
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('revoke_reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_list_member').on('certificates').columns(['list_id', 'member_id']).execute();

  // The office's seal as printed on certificates (PNG or JPEG, checked by content).
  await withId(db, db.schema.createTable('certificate_seals'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificate_seals_unit').on('certificate_seals').columns(['unit_id', 'id']).execute();

  // 创建活动 tags (§五.2): entity is session | seminar | lecture | activity.
  await withId(db, db.schema.createTable('creation_tags'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('creation', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('creation_tags_entity').on('creation_tags').columns(['entity', 'entity_id', 'creation']).unique().execute();
  await db.schema.createIndex('creation_tags_creation').on('creation_tags').columns(['creation', 'entity']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
