// The imports' own reads (the catalog's writes are catalog/repository's: insertBook, insertCopy).
import type { DB } from '../../../db';

/** Every location with the path of its unit (the importer keeps those within reach). */
export const locationsWithPaths = (db: DB) => db.selectFrom('locations').innerJoin('units', 'units.id', 'locations.unit_id').select(['locations.id', 'locations.name', 'units.path']).execute();

/** A book without an ISBN that is the same record: title, authors, publisher and year alike. */
export function sameBookWithoutIsbn(db: DB, b: { title: string; authors: string; publisher?: string | null; year?: number | null }) {
  let q = db.selectFrom('books').select('id').where('title', '=', b.title).where('isbn13', 'is', null).where('authors', '=', b.authors);
  q = b.publisher ? q.where('publisher', '=', b.publisher) : q.where('publisher', 'is', null);
  q = b.year ? q.where('pub_year', '=', b.year) : q.where('pub_year', 'is', null);
  return q.executeTakeFirst();
}

/** The copy holding a barcode and the book it belongs to. */
export const copyOwner = (db: DB, barcode: string) => db.selectFrom('copies').select(['id', 'book_id']).where('barcode', '=', barcode).executeTakeFirst();
