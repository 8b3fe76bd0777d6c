// Circulation's SQL: loans, holds, the copies' status and the circulation rules. The claim of a
// copy (claimCopy) and the partial unique index loans_one_open_per_copy are what lend the last copy once.
import type { Selectable } from 'kysely';
import type { DB } from '../../../db';
import { cachedQuery } from '../../../db/cached';
import type { Database } from '../../../db/schema';
import { nowIso } from '../../../platform/time';

export type RuleRow = Selectable<Database['circulation_rules']>;
type CopyStatus = Selectable<Database['copies']>['status'];

/** Whether a conditional update changed a row (lost a race: false). */
const changed = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) > 0;

/** Copies with the room they stand in and its unit (whose path decides whose rules and rooms apply). */
const copiesInRooms = (db: DB) => db.selectFrom('copies').innerJoin('locations', 'locations.id', 'copies.location_id').innerJoin('units', 'units.id', 'locations.unit_id');

/** Loans with their copy, title and the copy's room. */
const loansInRooms = (db: DB) => copiesInRooms(db).innerJoin('loans', 'loans.copy_id', 'copies.id').innerJoin('books', 'books.id', 'copies.book_id');

// ── Copies ──

/**
 * A copy by its barcode, with its title and room. Read on every borrow and return: compiled once
 * (cachedQuery) and run with the new barcode, as the session check is.
 */
export const copyByBarcode = async (db: DB, barcode: string) =>
  (
    await cachedQuery(db, 'circulation.copyByBarcode', [barcode.trim().toUpperCase()], (code) =>
      copiesInRooms(db)
        .innerJoin('books', 'books.id', 'copies.book_id')
        .select([
          'copies.id',
          'copies.barcode',
          'copies.status',
          'copies.shelf',
          'copies.book_id',
          'copies.location_id',
          'books.title',
          'books.authors',
          'books.category',
          'locations.name as location_name',
          'units.path as unit_path',
        ])
        // Barcodes are stored upper-case; a scanner or a hand may send either.
        .where('copies.barcode', '=', code),
    )
  )[0];

/** The path of the unit whose room holds a copy. */
export const copyRoomPath = async (db: DB, copyId: number) => (await copiesInRooms(db).select('units.path').where('copies.id', '=', copyId).executeTakeFirstOrThrow()).path;

/** What a notice about a copy names: the title, the barcode and where it stands. */
export const copyLabel = (db: DB, copyId: number) =>
  db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .select(['books.title', 'copies.barcode', 'locations.name'])
    .where('copies.id', '=', copyId)
    .executeTakeFirstOrThrow();

/** The copies of a title that still count (not withdrawn), with the path of their room's unit. */
export const copiesOfBook = (db: DB, bookId: number) =>
  copiesInRooms(db)
    .select(['copies.status', 'units.path'])
    .where('copies.book_id', '=', bookId)
    .where('copies.status', '!=', 'withdrawn')
    .execute();

/**
 * Claims a copy for a loan: the conditional update `status → loaned WHERE status = <as read>`.
 * Of simultaneous claims exactly one updates the row; false for the others.
 */
export const claimCopy = async (trx: DB, copyId: number, asRead: CopyStatus) =>
  changed(await trx.updateTable('copies').set({ status: 'loaned', updated_at: nowIso() }).where('id', '=', copyId).where('status', '=', asRead).executeTakeFirst());

export const setCopyStatus = (trx: DB, copyId: number, status: 'held' | 'available') => trx.updateTable('copies').set({ status, updated_at: nowIso() }).where('id', '=', copyId).execute();

export const bookTitle = (db: DB, bookId: number) => db.selectFrom('books').select(['id', 'title']).where('id', '=', bookId).executeTakeFirst();

// ── Members ──

export const memberWithPath = (db: DB, memberId: number) =>
  db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select(['members.id', 'members.status', 'members.name', 'members.category', 'units.path']).where('members.id', '=', memberId).executeTakeFirst();

/**
 * A borrower as a loan needs them, in one statement: the member with their unit's path, and their
 * open loans counted with the earliest due date among them (the limit and the overdue check).
 */
export const borrowerWithLoans = async (db: DB, memberId: number) =>
  (
    await cachedQuery(db, 'circulation.borrowerWithLoans', [memberId], (id) =>
      db
        .selectFrom('members')
        .innerJoin('units', 'units.id', 'members.unit_id')
        .select((eb) => [
          'members.id',
          'members.status',
          'members.name',
          'members.category',
          'units.path',
          eb.selectFrom('loans').select((l) => l.fn.countAll().as('n')).whereRef('loans.member_id', '=', 'members.id').where('loans.returned_at', 'is', null).as('open_loans'),
          eb.selectFrom('loans').select((l) => l.fn.min('loans.due_on').as('d')).whereRef('loans.member_id', '=', 'members.id').where('loans.returned_at', 'is', null).as('first_due'),
        ])
        .where('members.id', '=', id),
    )
  )[0];

export const memberCategory = async (db: DB, memberId: number) => (await db.selectFrom('members').select('category').where('id', '=', memberId).executeTakeFirst())?.category;

/** Who a loan's borrower is, for the desk's answer. */
export const memberAndUnitName = (db: DB, memberId: number) =>
  db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select(['members.name', 'units.name as unit_name']).where('members.id', '=', memberId).executeTakeFirst();

// ── Loans ──

export const openLoanOfCopy = (db: DB, copyId: number) => db.selectFrom('loans').selectAll().where('copy_id', '=', copyId).where('returned_at', 'is', null).executeTakeFirst();

/** Writes the loan; a second open loan of the copy breaks loans_one_open_per_copy. */
export const insertLoan = (trx: DB, loan: { copyId: number; memberId: number; dueOn: string; createdBy: number }) =>
  trx
    .insertInto('loans')
    .values({ copy_id: loan.copyId, member_id: loan.memberId, loaned_at: nowIso(), due_on: loan.dueOn, returned_at: null, renewals: 0, last_reminded_on: null, created_by: loan.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();

/**
 * Closes the open loan of a copy in one statement (of this member's only, when given) and says which
 * loan it was; undefined when there is none (or it is someone else's): the caller then explains why.
 */
export const closeOpenLoanOfCopy = (trx: DB, copyId: number, memberId: number | null) => {
  let q = trx.updateTable('loans').set({ returned_at: nowIso() }).where('copy_id', '=', copyId).where('returned_at', 'is', null);
  if (memberId !== null) q = q.where('member_id', '=', memberId);
  return q.returning(['id', 'member_id']).executeTakeFirst();
};

/** Closes an open loan; false when it was already returned. */
export const closeLoan = async (trx: DB, loanId: number) => changed(await trx.updateTable('loans').set({ returned_at: nowIso() }).where('id', '=', loanId).where('returned_at', 'is', null).executeTakeFirst());

export const loanForRenewal = (db: DB, loanId: number) =>
  loansInRooms(db)
    .innerJoin('members', 'members.id', 'loans.member_id')
    .select(['loans.id', 'loans.member_id', 'loans.renewals', 'loans.due_on', 'loans.returned_at', 'copies.book_id', 'books.category', 'members.category as member_category', 'units.path as room_path'])
    .where('loans.id', '=', loanId)
    .executeTakeFirst();

/** Renews a loan read with `renewals` renewals, still open; false when it changed meanwhile. */
export const extendLoan = async (trx: DB, loanId: number, renewals: number, dueOn: string) =>
  changed(await trx.updateTable('loans').set({ renewals: renewals + 1, due_on: dueOn }).where('id', '=', loanId).where('renewals', '=', renewals).where('returned_at', 'is', null).executeTakeFirst());

/** A member's open loans in the order borrowed, with the room each copy belongs to. */
export const openLoansOf = (db: DB, memberId: number) =>
  loansInRooms(db)
    .select(['loans.id', 'copies.barcode', 'books.title', 'books.id as book_id', 'books.category', 'units.path as room_path', 'loans.loaned_at', 'loans.due_on', 'loans.renewals'])
    .where('loans.member_id', '=', memberId)
    .where('loans.returned_at', 'is', null)
    // In the order borrowed, not by due date: a renewal moves a due date, and the list
    // must not re-sort under the finger between two taps on 续借 (issue 11 item 7).
    .orderBy('loans.loaned_at')
    .orderBy('loans.id')
    .execute();

export const openLoanOfBook = (db: DB, bookId: number, memberId: number) =>
  db.selectFrom('loans').innerJoin('copies', 'copies.id', 'loans.copy_id').select('loans.id').where('copies.book_id', '=', bookId).where('loans.member_id', '=', memberId).where('loans.returned_at', 'is', null).executeTakeFirst();

/** Who has a copy of the title out now, and when each is due. */
export const borrowersOf = (db: DB, bookId: number) =>
  db.selectFrom('loans').innerJoin('copies', 'copies.id', 'loans.copy_id').select(['loans.member_id', 'loans.due_on', 'copies.barcode']).where('copies.book_id', '=', bookId).where('loans.returned_at', 'is', null).execute();

/** The open loans due by `dueBy` (of `memberIds` only, when given), for the reminders. */
export const loansDueBy = (db: DB, dueBy: string, memberIds?: number[]) => {
  let q = db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .select(['loans.id', 'loans.member_id', 'loans.due_on', 'books.title', 'copies.barcode'])
    .where('loans.returned_at', 'is', null)
    .where('loans.due_on', '<=', dueBy);
  if (memberIds) q = q.where('loans.member_id', 'in', memberIds);
  return q.execute();
};

// ── Holds ──

export const holdById = (db: DB, holdId: number) => db.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();

/** The hold keeping this copy for this member, if any. */
export const readyHoldFor = (db: DB, copyId: number, memberId: number) => db.selectFrom('holds').select('id').where('copy_id', '=', copyId).where('status', '=', 'ready').where('member_id', '=', memberId).executeTakeFirst();

export const waitingHoldOn = (db: DB, bookId: number) => db.selectFrom('holds').select('id').where('book_id', '=', bookId).where('status', '=', 'waiting').executeTakeFirst();

export const activeHoldOf = (db: DB, bookId: number, memberId: number) => db.selectFrom('holds').select('id').where('book_id', '=', bookId).where('member_id', '=', memberId).where('status', 'in', ['waiting', 'ready']).executeTakeFirst();

/** A waiting hold; a second active hold of the member on the title breaks its unique index. */
export const insertHold = async (trx: DB, bookId: number, memberId: number) =>
  (await trx.insertInto('holds').values({ book_id: bookId, member_id: memberId, placed_at: nowIso(), status: 'waiting', copy_id: null, ready_at: null, expires_on: null, closed_at: null }).returning('id').executeTakeFirstOrThrow()).id;

export const closeHold = (trx: DB, holdId: number, status: 'fulfilled' | 'cancelled') => trx.updateTable('holds').set({ status, closed_at: nowIso() }).where('id', '=', holdId).execute();

/** Expires a hold still kept; false when it was picked up or cancelled meanwhile. */
export const expireHold = async (trx: DB, holdId: number) => changed(await trx.updateTable('holds').set({ status: 'expired', closed_at: nowIso() }).where('id', '=', holdId).where('status', '=', 'ready').executeTakeFirst());

export const markHoldReady = (trx: DB, holdId: number, copyId: number, expiresOn: string) =>
  trx.updateTable('holds').set({ status: 'ready', copy_id: copyId, ready_at: nowIso(), expires_on: expiresOn }).where('id', '=', holdId).execute();

/** The waiting holds on a title in the order they are served, with the path of each member's unit. */
export const waitingQueue = (db: DB, bookId: number) =>
  db
    .selectFrom('holds')
    .innerJoin('members', 'members.id', 'holds.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['holds.id', 'holds.member_id', 'units.path'])
    .where('holds.book_id', '=', bookId)
    .where('holds.status', '=', 'waiting')
    .orderBy('holds.placed_at')
    .orderBy('holds.id')
    .execute();

export const expiredReadyHolds = (db: DB, before: string) => db.selectFrom('holds').selectAll().where('status', '=', 'ready').where('expires_on', '<', before).execute();

/** A member's waiting and kept holds, with the copy and room of a kept one. */
export const activeHoldsOf = (db: DB, memberId: number) =>
  db
    .selectFrom('holds')
    .innerJoin('books', 'books.id', 'holds.book_id')
    .leftJoin('copies', 'copies.id', 'holds.copy_id')
    .leftJoin('locations', 'locations.id', 'copies.location_id')
    .select(['holds.id', 'holds.book_id', 'holds.status', 'holds.placed_at', 'holds.expires_on', 'books.title', 'books.authors', 'copies.barcode', 'locations.name as location'])
    .where('holds.member_id', '=', memberId)
    .where('holds.status', 'in', ['waiting', 'ready'])
    .orderBy('holds.placed_at')
    .orderBy('holds.id')
    .execute();

/** The active holds of the titles, in the order the circulation serves them. */
export const holdQueues = (db: DB, bookIds: number[]) =>
  db.selectFrom('holds').select(['id', 'book_id']).where('book_id', 'in', bookIds).where('status', 'in', ['waiting', 'ready']).orderBy('placed_at').orderBy('id').execute();

// ── Circulation rules ──

export const allRules = (db: DB): Promise<RuleRow[]> => db.selectFrom('circulation_rules').selectAll().execute();

/** Every rule with the name of its unit, in the order written. */
export const rulesWithUnits = (db: DB) =>
  db
    .selectFrom('circulation_rules as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'r.unit_path', 'u.name as unit_name', 'r.book_category', 'r.member_category', 'r.loan_days', 'r.renewals', 'r.renew_days', 'r.max_loans'])
    .orderBy('r.id')
    .execute();

export const ruleById = (db: DB, id: number) => db.selectFrom('circulation_rules').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();

type RuleValues = { loan_days: number | null; renewals: number | null; renew_days: number | null; max_loans: number | null; updated_at: string; updated_by: number };

/** Writes the rule of a scope for a category pair (a second write of the same pair replaces it); its id. */
export async function upsertRule(trx: DB, scope: { unitId: number; unitPath: string } | null, bookCategory: string | null, memberCategory: string | null, values: RuleValues) {
  const existing = await trx
    .selectFrom('circulation_rules')
    .select('id')
    .where('unit_path', '=', scope?.unitPath ?? '')
    .where((eb) => (bookCategory ? eb('book_category', '=', bookCategory) : eb('book_category', 'is', null)))
    .where((eb) => (memberCategory ? eb('member_category', '=', memberCategory) : eb('member_category', 'is', null)))
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable('circulation_rules').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  return (
    await trx
      .insertInto('circulation_rules')
      .values({ ...values, unit_id: scope?.unitId ?? null, unit_path: scope?.unitPath ?? '', book_category: bookCategory, member_category: memberCategory })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export const deleteRule = (trx: DB, id: number) => trx.deleteFrom('circulation_rules').where('id', '=', id).execute();
