// The reading room's reporting SQL: copies and loans counted within the viewer's units (by the
// location a copy stands in, or the borrower's unit), and the facts the inspections read per unit.
import { sql } from 'kysely';
import type { DB } from '../../../db';

const inPaths = (paths: string[]) => (paths.length ? sql.join(paths.map((p) => sql`units.path LIKE ${`${p}%`}`), sql` OR `) : sql`1 = 0`);

/** Titles, copies and the loans of [from, to) per category and CLC class, on the shelves of `paths`. */
export const coverageRows = async (db: DB, paths: string[], from: string, to: string) =>
  (
    await sql<{ category: string; clc_class: string | null; titles: number; copies: number; loans: number }>`
    SELECT books.category, books.clc_class,
      COUNT(DISTINCT books.id) AS titles,
      COUNT(DISTINCT copies.id) AS copies,
      COUNT(loans.id) AS loans
    FROM books
    JOIN copies ON copies.book_id = books.id AND copies.status NOT IN ('withdrawn', 'lost')
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    LEFT JOIN loans ON loans.copy_id = copies.id AND loans.loaned_at >= ${from} AND loans.loaned_at < ${to}
    WHERE (${inPaths(paths)})
    GROUP BY books.category, books.clc_class`.execute(db)
  ).rows;

/** The titles lent most in [from, to) from the rooms of `paths`. */
export const mostBorrowed = async (db: DB, paths: string[], from: string, to: string, limit: number) =>
  (
    await sql<{ id: number; title: string; authors: string; category: string; loans: number }>`
    SELECT books.id, books.title, books.authors, books.category, COUNT(loans.id) AS loans
    FROM loans
    JOIN copies ON copies.id = loans.copy_id
    JOIN books ON books.id = copies.book_id
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    WHERE loans.loaned_at >= ${from} AND loans.loaned_at < ${to} AND (${inPaths(paths)})
    GROUP BY books.id, books.title, books.authors, books.category
    ORDER BY loans DESC, books.id
    LIMIT ${limit}`.execute(db)
  ).rows;

/** The titles on the shelves of `paths` never lent anywhere. */
export const neverBorrowed = async (db: DB, paths: string[]) =>
  (
    await sql<{ id: number; title: string; authors: string; category: string; copies: number }>`
    SELECT books.id, books.title, books.authors, books.category, COUNT(copies.id) AS copies
    FROM books
    JOIN copies ON copies.book_id = books.id AND copies.status NOT IN ('withdrawn', 'lost')
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    WHERE (${inPaths(paths)})
      AND NOT EXISTS (SELECT 1 FROM loans JOIN copies c2 ON c2.id = loans.copy_id WHERE c2.book_id = books.id)
    GROUP BY books.id, books.title, books.authors, books.category
    ORDER BY books.id`.execute(db)
  ).rows;

/** Every loan of [from, to) to a member of `paths`, with the member and their unit. */
export const loanRows = (db: DB, paths: string[], from: string, to: string) =>
  db
    .selectFrom('loans')
    .innerJoin('members', 'members.id', 'loans.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['loans.loaned_at', 'members.id as member_id', 'members.name', 'units.id as unit_id', 'units.name as unit_name'])
    .where('loans.loaned_at', '>=', from)
    .where('loans.loaned_at', '<', to)
    .where(sql<boolean>`(${inPaths(paths)})`)
    .execute();

const GONE = ['lost', 'withdrawn'];

/** The titles (with their category) standing in the locations of each of `unitIds`. */
export const shelfTitlesByUnit = (db: DB, unitIds: number[]) =>
  db
    .selectFrom('copies as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['l.unit_id', 'b.id as book_id', 'b.category'])
    .where('l.unit_id', 'in', unitIds)
    .where('c.status', 'not in', GONE)
    .groupBy(['l.unit_id', 'b.id', 'b.category'])
    .execute();

/** Per unit of `unitIds`, the open loans of its members due before `before`. */
export const overdueByUnit = (db: DB, unitIds: number[], before: string) =>
  db
    .selectFrom('loans as o')
    .innerJoin('members as m', 'm.id', 'o.member_id')
    .select(['m.unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.unit_id', 'in', unitIds)
    .where('o.returned_at', 'is', null)
    .where('o.due_on', '<', before)
    .groupBy('m.unit_id')
    .execute();
