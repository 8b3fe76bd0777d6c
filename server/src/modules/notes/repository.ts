// The notes module's SQL.
import { sql } from 'kysely';
import type { DB } from '../../db';
import { inSubtrees } from '../../db/subtree';
import { contains } from '../../db/contains';

/** A note with its author, the author's unit, and the catalog title when it is a catalog book. */
export const noteRows = (db: DB) =>
  db
    .selectFrom('notes as n')
    .innerJoin('members as m', 'm.id', 'n.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('books as b', 'b.id', 'n.book_id')
    .select(['n.id', 'n.member_id', 'm.name as author', 'm.unit_id', 'u.path as unit_path', 'n.book_id', 'n.book_title', 'b.title as catalog_title', 'n.chapter', 'n.page', 'n.quote', 'n.thought', 'n.visibility', 'n.created_at', 'n.updated_at', 'n.version']);
export type NoteRow = Awaited<ReturnType<ReturnType<typeof noteRows>['execute']>>[number];

type Book = { bookId?: number; bookTitle?: string };
const ofBook = <Q extends ReturnType<typeof noteRows>>(q: Q, f: Book): Q =>
  (f.bookId !== undefined ? q.where('n.book_id', '=', f.bookId) : f.bookTitle ? q.where('n.book_id', 'is', null).where('n.book_title', '=', f.bookTitle) : q) as Q;

/** A member's own notes, or (colleagues) the notes others shared with their unit or town; searched by text. */
export function searchNotes(db: DB, me: number, f: Book & { q?: string; colleagues?: { unitId: number; town: string } }) {
  let q = noteRows(db);
  const at = f.colleagues;
  if (at) {
    q = q
      .where('n.member_id', '!=', me)
      .where((eb) =>
        eb.or([
          eb.and([eb('m.unit_id', '=', at.unitId), eb('n.visibility', 'in', ['unit', 'town'])]),
          eb.and([eb('n.visibility', '=', 'town'), inSubtrees('u.path', [at.town])]),
        ]),
      );
  } else {
    q = q.where('n.member_id', '=', me);
  }
  q = ofBook(q, f);
  const text = f.q?.trim();
  if (text) q = q.where((eb) => eb.or(['n.quote', 'n.thought', 'n.book_title', 'b.title', 'n.chapter'].map((c) => contains(c, text))));
  return q.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(300).execute();
}

export const notesOf = (db: DB, memberId: number) => noteRows(db).where('n.member_id', '=', memberId).execute();

export const noteRow = (db: DB, id: number) => noteRows(db).where('n.id', '=', id).executeTakeFirst();

/** One book's notes of a member, oldest first (the notebook). */
export const notebookRows = (db: DB, memberId: number, f: Book) => ofBook(noteRows(db).where('n.member_id', '=', memberId), f).orderBy('n.created_at').orderBy('n.id').execute();

export const noteById = (db: DB, id: number) => db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();

/** The units along a path, to find its town. */
export const unitsByIds = (db: DB, ids: number[]) => db.selectFrom('units').select(['id', 'kind', 'path']).where('id', 'in', ids).execute();

export const memberPlace = (db: DB, memberId: number) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.unit_id', 'u.path', 'm.name', 'm.position', 'u.name as unit_name']).where('m.id', '=', memberId).executeTakeFirstOrThrow();

// The catalog's titles, read for a note's book (books are reference data here, like units).
export const catalogBook = (db: DB, id: number) => db.selectFrom('books').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
export const catalogBookByTitle = (db: DB, title: string) => db.selectFrom('books').select('id').where('title', '=', title).executeTakeFirst();

export interface NoteValues {
  book_id: number | null;
  book_title: string | null;
  chapter: string;
  page: string;
  quote: string;
  thought: string;
  visibility: string;
}

export const insertNote = (db: DB, memberId: number, v: NoteValues, at: string) =>
  db.insertInto('notes').values({ member_id: memberId, ...v, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();

/** 1 when the note was at that version, else 0. */
export async function updateNoteAt(db: DB, id: number, version: number, v: NoteValues, at: string) {
  const r = await db.updateTable('notes').set({ ...v, updated_at: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteNoteAt(db: DB, id: number, version?: number) {
  let q = db.deleteFrom('notes').where('id', '=', id);
  if (version !== undefined) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

// ── The evidence for inspections and the acceptance ──

export const activeHeads = (db: DB, unitIds: number[]) =>
  db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('unit_id', 'in', unitIds).groupBy('unit_id').execute();

export const writersByUnit = (db: DB, unitIds: number[], fromIso: string, toIso: string) =>
  db
    .selectFrom('notes as n')
    .innerJoin('members as m', 'm.id', 'n.member_id')
    .select(['m.unit_id', sql<number>`COUNT(DISTINCT n.member_id)`.as('writers'), (eb) => eb.fn.countAll<number>().as('notes')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where('n.created_at', '>=', fromIso)
    .where('n.created_at', '<', toIso)
    .groupBy('m.unit_id')
    .execute();
