import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers';

// Substring search over 100,000 titles: a trigram index for queries of three
// characters or more (SQLite FTS5 'trigram', PostgreSQL pg_trgm). Shorter
// queries scan, newest first, and stop at the first page.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX books_search_trgm ON books USING gin (search_text gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE books_fts USING fts5(search_text, content='books', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`INSERT INTO books_fts(rowid, search_text) SELECT id, search_text FROM books`.execute(db);
  await sql`CREATE TRIGGER books_fts_insert AFTER INSERT ON books BEGIN
      INSERT INTO books_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END`.execute(db);
  await sql`CREATE TRIGGER books_fts_delete AFTER DELETE ON books BEGIN
      INSERT INTO books_fts(books_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END`.execute(db);
  await sql`CREATE TRIGGER books_fts_update AFTER UPDATE OF search_text ON books BEGIN
      INSERT INTO books_fts(books_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
      INSERT INTO books_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
