import { sql, type Kysely } from 'kysely';
import { withId } from './helpers';

export async function up(db: Kysely<any>): Promise<void> {
  // The reading room or a book corner of a unit.
  await withId(db, db.schema.createTable('locations'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('books'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publisher', 'text')
    .addColumn('pub_year', 'integer')
    .addColumn('pages', 'integer')
    .addColumn('isbn13', 'text', (c) => c.unique())
    .addColumn('isbn10', 'text')
    .addColumn('clc', 'text')
    .addColumn('clc_class', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('series', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary', 'text')
    .addColumn('cover_url', 'text')
    .addColumn('online_url', 'text')
    .addColumn('title_initials', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('books_category').on('books').column('category').execute();
  await db.schema.createIndex('books_isbn10').on('books').column('isbn10').execute();
  await db.schema.createIndex('books_initials').on('books').column('title_initials').execute();

  await withId(db, db.schema.createTable('copies'))
    .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id'))
    .addColumn('barcode', 'text', (c) => c.notNull().unique())
    .addColumn('location_id', 'integer', (c) => c.notNull().references('locations.id'))
    .addColumn('shelf', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('available'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('purchase'))
    .addColumn('donor', 'text')
    .addColumn('acquired_on', 'text')
    .addColumn('price_cents', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('copies_book').on('copies').column('book_id').execute();
  await db.schema.createIndex('copies_location').on('copies').column('location_id').execute();

  await withId(db, db.schema.createTable('loans'))
    .addColumn('copy_id', 'integer', (c) => c.notNull().references('copies.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('loaned_at', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .addColumn('renewals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_on', 'text')
    .addColumn('created_by', 'integer')
    .execute();
  // At most one open loan per copy: the database, not the app, decides who got the last copy.
  await sql`CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id) WHERE returned_at IS NULL`.execute(db);
  await db.schema.createIndex('loans_member').on('loans').columns(['member_id', 'returned_at']).execute();
  await db.schema.createIndex('loans_due').on('loans').columns(['returned_at', 'due_on']).execute();

  await withId(db, db.schema.createTable('holds'))
    .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('copy_id', 'integer', (c) => c.references('copies.id'))
    .addColumn('ready_at', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('holds_book').on('holds').columns(['book_id', 'status', 'placed_at']).execute();
  await sql`CREATE UNIQUE INDEX holds_one_active_per_member ON holds (book_id, member_id) WHERE status IN ('waiting', 'ready')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
