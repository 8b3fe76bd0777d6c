// SQL of the archive: the year's records of a unit subtree, read for export only.
import type { DB } from '../../db';
import { inSubtrees } from '../../db/subtree';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const yearIso = (year: number) => ({
  from: new Date(Date.parse(`${year}-01-01T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString(),
  to: new Date(Date.parse(`${year + 1}-01-01T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString(),
});

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();

export const unitsUnder = (db: DB, root: string) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where(inSubtrees('path', [root])).orderBy('path').execute();

export const plansOf = (db: DB, root: string, year: number) =>
  db.selectFrom('study_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.unit_id', 'u.name as unit_name']).where('p.year', '=', year).where(inSubtrees('u.path', [root])).orderBy('u.path').execute();

export function sessionsOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('study_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.topic', 's.starts_at', 'u.name as unit_name'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [root]))
    .orderBy('s.starts_at')
    .execute();
}

export function loansOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('loans as l')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['l.loaned_at', 'l.due_on', 'l.returned_at', 'l.renewals', 'm.name', 'u.name as unit_name', 'b.title', 'b.category', 'c.barcode'])
    .where('l.loaned_at', '>=', from)
    .where('l.loaned_at', '<', to)
    .where(inSubtrees('u.path', [root]))
    .orderBy('l.loaned_at')
    .execute();
}

export const reflectionsOf = (db: DB, root: string, year: number) =>
  db
    .selectFrom('reflections as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.title', 'r.book_title', 'r.status', 'r.month', 'r.char_count', 'r.score', 'r.body_text', 'm.name', 'u.name as unit_name'])
    .where('r.status', '!=', 'draft')
    .where('r.month', 'like', `${year}-%`)
    .where(inSubtrees('u.path', [root]))
    .orderBy('r.month')
    .orderBy('r.id')
    .execute();

export function reportsOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('upward_reports as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.title', 'p.reported_at'])
    .where('p.reported_at', '>=', from)
    .where('p.reported_at', '<', to)
    .where(inSubtrees('u.path', [root]))
    .orderBy('p.reported_at')
    .execute();
}

export const honorListsOf = (db: DB, root: string, year: number) =>
  db.selectFrom('honor_lists as l').innerJoin('units as u', 'u.id', 'l.unit_id').select(['l.id', 'u.name as unit_name', 'u.path as unit_path']).where('l.year', '=', year).where(inSubtrees('u.path', [root])).orderBy('u.path').execute();

export function seminarsOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('seminars as x')
    .innerJoin('study_sessions as s', 's.id', 'x.session_id')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.theme', 'x.status', 's.starts_at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('x.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [root]))
    .orderBy('s.starts_at')
    .execute();
}

export function lecturesOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('lectures as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .select(['l.id', 'l.topic', 's.starts_at', 's.place', 'm.name', 'u.name as unit_name'])
    .where('l.status', '=', 'scheduled')
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [root]))
    .orderBy('s.starts_at')
    .execute();
}

export function testResultsOf(db: DB, root: string, year: number) {
  const { from, to } = yearIso(year);
  return db
    .selectFrom('exam_attempts as a')
    .innerJoin('exam_papers as p', 'p.id', 'a.paper_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'p.title',
      'p.quarter',
      'm.name',
      'u.name as unit_name',
      (eb) => eb.fn.count<number>('a.id').as('attempts'),
      (eb) => eb.fn.max<number>(eb(eb.cast<number>('a.score', 'real'), '/', eb.ref('a.max_score'))).as('best'),
    ])
    .where('p.closes_at', '>=', from)
    .where('p.closes_at', '<', to)
    .where('a.status', '!=', 'in_progress')
    .where('a.max_score', '>', 0)
    .where(inSubtrees('u.path', [root]))
    .groupBy(['p.id', 'p.title', 'p.quarter', 'm.id', 'm.name', 'u.name'])
    .orderBy('p.quarter')
    .orderBy('m.name')
    .execute();
}
