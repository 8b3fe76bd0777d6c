// Stocktake's SQL (盘点): the stocktakes, their scans, and the copies of a location's shelves.
import type { DB } from '../../../db';
import { nowIso } from '../../../platform/time';

/** The latest stocktakes (all places; the service keeps those within the caller's reach). */
export const recentStocktakes = (db: DB) =>
  db
    .selectFrom('stocktakes')
    .innerJoin('locations', 'locations.id', 'stocktakes.location_id')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select((eb) => ['stocktakes.id', 'stocktakes.status', 'stocktakes.started_at', 'stocktakes.finished_at', 'locations.name as location', 'units.path', eb.selectFrom('stocktake_scans').select((e) => e.fn.countAll<number>().as('n')).whereRef('stocktake_scans.stocktake_id', '=', 'stocktakes.id').as('scanned')])
    .orderBy('stocktakes.id', 'desc')
    .limit(100)
    .execute();

export const locationWithPath = (db: DB, locationId: number) =>
  db.selectFrom('locations').innerJoin('units', 'units.id', 'locations.unit_id').select(['locations.id', 'locations.name', 'units.path']).where('locations.id', '=', locationId).executeTakeFirst();

export const stocktakeById = (db: DB, id: number) => db.selectFrom('stocktakes').selectAll().where('id', '=', id).executeTakeFirst();

export const openStocktakeAt = (db: DB, locationId: number) => db.selectFrom('stocktakes').select('id').where('location_id', '=', locationId).where('status', '=', 'open').executeTakeFirst();

export const insertStocktake = async (trx: DB, locationId: number, userId: number) =>
  (await trx.insertInto('stocktakes').values({ location_id: locationId, status: 'open', started_at: nowIso(), started_by: userId, finished_at: null, lost_marked: 0 }).returning('id').executeTakeFirstOrThrow()).id;

/** A scanned barcode's copy, with the place it belongs to. */
export const copyForScan = (db: DB, barcode: string) =>
  db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .select(['copies.id', 'copies.location_id', 'copies.status', 'books.title', 'locations.name as location_name'])
    .where('copies.barcode', '=', barcode)
    .executeTakeFirst();

export const scanOf = (db: DB, stocktakeId: number, barcode: string) => db.selectFrom('stocktake_scans').select('id').where('stocktake_id', '=', stocktakeId).where('barcode', '=', barcode).executeTakeFirst();

export const insertScan = (db: DB, stocktakeId: number, barcode: string, copyId: number | null) => db.insertInto('stocktake_scans').values({ stocktake_id: stocktakeId, barcode, copy_id: copyId, scanned_at: nowIso() }).execute();

/** Every scan of a stocktake in the order scanned, with the copy it found (if any). */
export const scansOf = (db: DB, stocktakeId: number) =>
  db
    .selectFrom('stocktake_scans')
    .leftJoin('copies', 'copies.id', 'stocktake_scans.copy_id')
    .leftJoin('books', 'books.id', 'copies.book_id')
    .leftJoin('locations', 'locations.id', 'copies.location_id')
    .select(['stocktake_scans.barcode', 'copies.id as copy_id', 'copies.location_id', 'copies.status', 'copies.shelf', 'books.title', 'locations.name as location_name'])
    .where('stocktake_scans.stocktake_id', '=', stocktakeId)
    .orderBy('stocktake_scans.id')
    .execute();

/** The copies that belong to a location (withdrawn ones no longer do). */
export const shelfOf = (db: DB, locationId: number) =>
  db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .select(['copies.id', 'copies.barcode', 'copies.status', 'copies.shelf', 'books.title'])
    .where('copies.location_id', '=', locationId)
    .where('copies.status', 'not in', ['withdrawn'])
    .orderBy('copies.barcode')
    .execute();

/** Marks the copies still on the shelf (available) as lost; how many were. */
export const markAvailableLost = async (trx: DB, barcodes: string[]) =>
  Number((await trx.updateTable('copies').set({ status: 'lost', updated_at: nowIso() }).where('barcode', 'in', barcodes).where('status', '=', 'available').executeTakeFirst()).numUpdatedRows);

export const finishStocktakeRow = (trx: DB, id: number, finishedAt: string, lostMarked: boolean) =>
  trx
    .updateTable('stocktakes')
    .set({ status: 'finished', finished_at: finishedAt, ...(lostMarked ? { lost_marked: 1 } : {}) })
    .where('id', '=', id)
    .execute();
