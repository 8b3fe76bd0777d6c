import { sql, type Insertable, type Updateable } from 'kysely';
import type { DB, DialectName } from '../../../db';
import type { Database } from '../../../db/schema';
import { withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

export interface BookFilter {
  q?: string;
  category?: string;
  locationId?: number;
  tag?: string;
  page?: number;
  pageSize?: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Counting stops here: a page says “1000+” rather than scanning everything to count. */
export const COUNT_CAP = 1000;

function filtered(db: DB, dialect: DialectName, f: BookFilter) {
  let q = db.selectFrom('books');
  const term = f.q?.trim().toLowerCase();
  if (term) {
    const digits = term.replace(/[-\s]/g, '');
    if (/^\d{9}[\dx]$|^\d{13}$/.test(digits)) {
      q = q.where((eb) => eb.or([eb('books.isbn13', '=', digits), eb('books.isbn10', '=', digits.toUpperCase())]));
    } else if (/^[a-z]+$/.test(term)) {
      // Pinyin initials of the title (xjpthzl → 习近平谈治国理政) as an index range, or Latin text.
      const next = term.slice(0, -1) + String.fromCharCode(term.charCodeAt(term.length - 1) + 1);
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('books.title_initials', '>=', term), eb('books.title_initials', '<', next)]),
          dialect === 'sqlite' && term.length >= 3
            ? eb('books.id', 'in', sql<number>`(SELECT rowid FROM books_fts WHERE books_fts MATCH ${`"${term}"`})`)
            : eb('books.search_text', 'like', `%${likeEscape(term)}%`),
        ]),
      );
    } else if (dialect === 'sqlite' && [...term].length >= 3) {
      // The FTS5 trigram index finds any substring of three characters or more.
      const phrase = `"${term.replace(/"/g, '""')}"`;
      q = q.where('books.id', 'in', sql<number>`(SELECT rowid FROM books_fts WHERE books_fts MATCH ${phrase})`);
    } else {
      // Any substring, one or two characters too (PostgreSQL's pg_trgm index serves LIKE itself).
      q = q.where('books.search_text', 'like', `%${likeEscape(term)}%`);
    }
  }
  if (f.category) q = q.where('books.category', '=', f.category);
  if (f.tag) q = q.where('books.tags', 'like', `%${likeEscape(f.tag)}%`);
  if (f.locationId) {
    const loc = f.locationId;
    q = q.where((eb) => eb.exists(eb.selectFrom('copies').select('copies.id').whereRef('copies.book_id', '=', 'books.id').where('copies.location_id', '=', loc)));
  }
  return q;
}

export async function searchBooks(db: DB, dialect: DialectName, f: BookFilter) {
  const size = f.pageSize ?? 20;
  const page = f.page ?? 1;
  const [items, total] = await Promise.all([
    filtered(db, dialect, f)
      .select((eb) => [
        'books.id',
        'books.title',
        'books.subtitle',
        'books.authors',
        'books.publisher',
        'books.pub_year',
        'books.isbn13',
        'books.clc',
        'books.category',
        'books.tags',
        'books.cover_url',
        'books.version',
        eb.selectFrom('copies').select((e) => e.fn.countAll<number>().as('n')).whereRef('copies.book_id', '=', 'books.id').where('copies.status', 'not in', ['withdrawn', 'lost']).as('copies'),
        eb.selectFrom('copies').select((e) => e.fn.countAll<number>().as('n')).whereRef('copies.book_id', '=', 'books.id').where('copies.status', '=', 'available').as('available'),
      ])
      // Newest first, by the primary key: a scan stops as soon as the page is full.
      .orderBy('books.id', 'desc')
      .limit(size)
      .offset((page - 1) * size)
      .execute(),
    db
      .selectFrom(filtered(db, dialect, f).select('books.id').limit(COUNT_CAP + 1).as('hits'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const n = Number(total.n);
  return { items, total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

export const getBook = (db: DB, id: number) => db.selectFrom('books').selectAll().where('id', '=', id).executeTakeFirst();

export const copiesOfBook = (db: DB, bookId: number) =>
  db
    .selectFrom('copies')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .select(['copies.id', 'copies.barcode', 'copies.status', 'copies.shelf', 'copies.source', 'copies.donor', 'copies.acquired_on', 'copies.price_cents', 'copies.version', 'locations.name as location_name', 'locations.id as location_id'])
    .where('copies.book_id', '=', bookId)
    .orderBy('copies.barcode')
    .execute();

export const listLocations = (db: DB) =>
  db
    .selectFrom('locations')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select((eb) => [
      'locations.id',
      'locations.name',
      'locations.kind',
      'locations.unit_id',
      'units.name as unit_name',
      'units.path as unit_path',
      eb.selectFrom('copies').select((e) => e.fn.countAll<number>().as('n')).whereRef('copies.location_id', '=', 'locations.id').as('copies'),
    ])
    .orderBy('locations.id')
    .execute();

/** What substring search looks in: title, subtitle, authors, series and both ISBN forms. */
export function bookSearchText(b: { title: string; subtitle?: string | null; authors: string; series?: string | null; isbn13?: string | null; isbn10?: string | null }) {
  return [b.title, b.subtitle ?? '', b.authors, b.series ?? '', b.isbn13 ?? '', b.isbn10 ?? ''].join(' ').toLowerCase();
}

/** A book by ISBN-13 (one book per ISBN). */
export const bookByIsbn = (db: DB, isbn13: string) => db.selectFrom('books').select(['id', 'title']).where('isbn13', '=', isbn13).executeTakeFirst();

export const insertBook = async (trx: DB, values: Insertable<Database['books']>) => (await trx.insertInto('books').values(values).returning('id').executeTakeFirstOrThrow()).id;

/** Writes a book read at `version`; false when someone changed it meanwhile. */
export const updateBookAt = async (trx: DB, id: number, version: number, values: Updateable<Database['books']>) =>
  Number((await trx.updateTable('books').set(values).where('id', '=', id).where('version', '=', version).executeTakeFirst()).numUpdatedRows) > 0;

export const unitPathOf = (db: DB, unitId: number) => db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();

export const insertLocation = async (trx: DB, values: Insertable<Database['locations']>) => (await trx.insertInto('locations').values(values).returning('id').executeTakeFirstOrThrow()).id;

export const locationPath = (db: DB, locationId: number) =>
  db.selectFrom('locations').innerJoin('units', 'units.id', 'locations.unit_id').select(['locations.id', 'units.path']).where('locations.id', '=', locationId).executeTakeFirst();

export const copyByExactBarcode = (db: DB, barcode: string) => db.selectFrom('copies').select('id').where('barcode', '=', barcode).executeTakeFirst();

export const insertCopy = async (trx: DB, values: Insertable<Database['copies']>) => (await trx.insertInto('copies').values(values).returning('id').executeTakeFirstOrThrow()).id;

/** The open loans of the copies (who has each, until when). */
export const openLoansOfCopies = (db: DB, copyIds: number[]) =>
  db
    .selectFrom('loans')
    .select(['copy_id', 'due_on', 'member_id'])
    .where('copy_id', 'in', copyIds.length ? copyIds : [0])
    .where('returned_at', 'is', null)
    .execute();

/** A title's waiting and kept holds in the order served. */
export const activeHoldsOfBook = (db: DB, bookId: number) =>
  db.selectFrom('holds').select(['id', 'member_id', 'status', 'expires_on']).where('book_id', '=', bookId).where('status', 'in', ['waiting', 'ready']).orderBy('placed_at').orderBy('id').execute();

/** The copies to label: by barcode and/or location, not withdrawn, with their room's unit path, in shelf order. */
export function copiesToLabel(db: DB, barcodes: string[] | undefined, locationId: number | undefined) {
  let q = db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select(['copies.barcode', 'books.title', 'copies.shelf', 'units.path'])
    .where('copies.status', '!=', 'withdrawn');
  if (barcodes?.length) q = q.where('copies.barcode', 'in', barcodes);
  if (locationId) q = q.where('copies.location_id', '=', locationId);
  return q.orderBy('copies.shelf').orderBy('copies.barcode').execute();
}

/** The loans overdue on `today` within the reach (a manager's subtrees, else the caller's own), oldest first. */
export const overdueLoans = (db: DB, today: string, reach: Reach) =>
  db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('members', 'members.id', 'loans.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['loans.id', 'loans.member_id', 'members.name', 'units.name as unit_name', 'books.title', 'copies.barcode', 'loans.due_on'])
    .where('loans.returned_at', 'is', null)
    .where('loans.due_on', '<', today)
    .where(withinReach(reach, { unitPath: 'units.path', memberId: 'loans.member_id' }))
    .orderBy('loans.due_on')
    .execute();
