// All SQL of the screens: the screens themselves, the clerk's quotes, and the few
// reads of other modules' tables that have no service to read them through yet
// (new books, excellent reflections, upcoming sessions).
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../../db';
import type { Database } from '../../../db/schema';
import { inSubtrees } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';
import { withinReach } from '../../../db/subtree';

const screenColumns = [
  's.id',
  's.unit_id',
  'u.name as unit_name',
  'u.path as unit_path',
  's.name',
  's.place',
  's.token_hash',
  's.theme',
  's.playlist_json',
  's.revoked_at',
  's.last_seen_at',
  's.last_ip',
  's.last_agent',
  's.last_size',
  's.updated_at',
  's.version',
] as const;

const screens = (db: DB) => db.selectFrom('display_screens as s').innerJoin('units as u', 'u.id', 's.unit_id').select(screenColumns);
export type ScreenRow = Awaited<ReturnType<ReturnType<typeof screens>['executeTakeFirstOrThrow']>>;

export const listScreens = (db: DB, reach: Reach) =>
  screens(db)
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('u.path')
    .orderBy('s.id')
    .execute();

export const getScreen = (db: DB, id: number) => screens(db).where('s.id', '=', id).executeTakeFirst();
export const screenByTokenHash = (db: DB, hash: string) => screens(db).where('s.token_hash', '=', hash).executeTakeFirst();

export async function insertScreen(
  db: DB,
  v: { unitId: number; name: string; place: string; theme: string; playlistJson: string; tokenHash: string; createdBy: number; now: string },
): Promise<number> {
  const r = await db
    .insertInto('display_screens')
    .values({
      unit_id: v.unitId,
      name: v.name,
      place: v.place,
      theme: v.theme,
      playlist_json: v.playlistJson,
      token_hash: v.tokenHash,
      created_by: v.createdBy,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Conditional on the version: false when someone else changed it first. */
export async function updateScreen(
  db: DB,
  id: number,
  version: number,
  set: Partial<{ name: string; place: string; theme: string; playlist_json: string; token_hash: string; revoked_at: string | null; last_seen_at: string | null }>,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('display_screens')
    .set({ ...set, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const deleteScreen = (db: DB, id: number) => db.deleteFrom('display_screens').where('id', '=', id).execute();

/** The screen reports in: no version bump, it is not an edit. */
export const touchScreen = (db: DB, id: number, v: { at: string; ip: string; agent: string; size: string | null }) =>
  db
    .updateTable('display_screens')
    .set({ last_seen_at: v.at, last_ip: v.ip, last_agent: v.agent.slice(0, 200), ...(v.size ? { last_size: v.size } : {}) })
    .where('id', '=', id)
    .execute();

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();

// ---- quotes ----

export const listQuotes = (db: DB, reach: Reach) =>
  db
    .selectFrom('display_quotes as q')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .select(['q.id', 'q.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'q.text', 'q.source', 'q.created_at'])
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('q.id')
    .execute();

export const getQuote = (db: DB, id: number) =>
  db.selectFrom('display_quotes as q').innerJoin('units as u', 'u.id', 'q.unit_id').select(['q.id', 'q.unit_id', 'u.path as unit_path', 'q.text']).where('q.id', '=', id).executeTakeFirst();

export const insertQuote = (db: DB, v: { unitId: number; text: string; source: string; createdBy: number; now: string }) =>
  db
    .insertInto('display_quotes')
    .values({ unit_id: v.unitId, text: v.text, source: v.source, created_by: v.createdBy, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();

export const deleteQuote = (db: DB, id: number) => db.deleteFrom('display_quotes').where('id', '=', id).execute();

/** Quotes a screen of the unit may show: the unit's own and those of the units above it. */
export const quotesFor = (db: DB, unitIds: number[]) =>
  db.selectFrom('display_quotes').select(['id', 'text', 'source']).where('unit_id', 'in', unitIds).orderBy('id').execute();

// ---- slide data read from other modules' tables ----

/** Books standing in the subtree's reading rooms: the newest first, with the month's required books marked. */
export async function booksFor(db: DB, unitPath: string, sinceIso: string, limit: number) {
  const copiesHere = db
    .selectFrom('copies as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .innerJoin('units as cu', 'cu.id', 'l.unit_id')
    .select('c.book_id')
    .where('c.status', 'not in', ['withdrawn', 'lost'])
    .where(inSubtrees('cu.path', [unitPath]));
  return db
    .selectFrom('books as b')
    .select(['b.id', 'b.title', 'b.authors', 'b.category', 'b.cover_url', 'b.created_at'])
    .where('b.id', 'in', copiesHere)
    .where('b.created_at', '>=', sinceIso)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
}

/** The books the plans of the unit and the units above it require this month. */
export async function requiredBooksFor(db: DB, unitIds: number[], year: number, month: number, limit: number) {
  return db
    .selectFrom('required_books as rb')
    .innerJoin('study_plans as p', 'p.id', 'rb.plan_id')
    .innerJoin('books as b', 'b.id', 'rb.book_id')
    .select(['b.id', 'b.title', 'b.authors', 'b.category', 'b.cover_url'])
    .where('p.unit_id', 'in', unitIds)
    .where('p.year', '=', year)
    .where((eb) => eb.or([eb('rb.month', '=', month), eb('rb.month', 'is', null)]))
    .orderBy('rb.month')
    .orderBy('b.id')
    .limit(limit)
    .execute();
}

/** Reflections rated excellent (or reported upward) in the subtree since a month. */
export const excellentReflections = (db: DB, unitPath: string, sinceMonth: string, limit: number) =>
  db
    .selectFrom('reflections as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['r.id', 'r.title', 'r.book_title', 'r.body_text', 'r.month', 'u.name as unit_name', 'm.name as member_name'])
    .where('r.status', 'in', ['excellent', 'reported'])
    .where('r.month', '>=', sinceMonth)
    .where(inSubtrees('u.path', [unitPath]))
    .orderBy('r.reviewed_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();

/** Whom a session is for: the unit, the units above it or below it. */
const sessionFor = (unitPath: string, unitIds: number[]) => (eb: ExpressionBuilder<Database & { s: Database['study_sessions'] }, 's'>) =>
  eb.exists(
    eb
      .selectFrom('study_session_units as su')
      .innerJoin('units as tu', 'tu.id', 'su.unit_id')
      .select('su.id')
      .whereRef('su.session_id', '=', 's.id')
      .where((e) => e.or([e('su.unit_id', 'in', unitIds), inSubtrees('tu.path', [unitPath])])),
  );

const upcoming = (db: DB, fromIso: string, toIso: string) =>
  db
    .selectFrom('study_sessions as s')
    .where('s.status', 'in', ['scheduled', 'open'])
    .where('s.ends_at', '>', fromIso)
    .where('s.starts_at', '<', toIso);

/** Collective study sessions from now on that are not a seminar's or a lecture's (those have their own providers). */
export const upcomingSessions = (db: DB, unitPath: string, unitIds: number[], fromIso: string, toIso: string, limit: number) =>
  upcoming(db, fromIso, toIso)
    .select(['s.id', 's.topic', 's.place', 's.host', 's.starts_at', 's.ends_at'])
    .where(sessionFor(unitPath, unitIds))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('seminars as sm').select('sm.id').whereRef('sm.session_id', '=', 's.id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('lectures as lc').select('lc.id').whereRef('lc.session_id', '=', 's.id'))))
    .orderBy('s.starts_at')
    .limit(limit)
    .execute();

/** Monthly reading seminars (个人说 · 同事议 · 书记评) with their own session. */
export const upcomingSeminars = (db: DB, unitPath: string, unitIds: number[], fromIso: string, toIso: string, limit: number) =>
  upcoming(db, fromIso, toIso)
    .innerJoin('seminars as sm', 'sm.session_id', 's.id')
    .select(['sm.id', 'sm.theme', 'sm.chair_name', 's.place', 's.starts_at', 's.ends_at'])
    .where('sm.status', '!=', 'cancelled')
    .where(sessionFor(unitPath, unitIds))
    .orderBy('s.starts_at')
    .limit(limit)
    .execute();

/** Party lectures by ordinary cadres (讲党课), once scheduled. */
export const upcomingLectures = (db: DB, unitPath: string, unitIds: number[], fromIso: string, toIso: string, limit: number) =>
  upcoming(db, fromIso, toIso)
    .innerJoin('lectures as lc', 'lc.session_id', 's.id')
    .innerJoin('members as m', 'm.id', 'lc.member_id')
    .select(['lc.id', 'lc.topic', 'm.name as speaker', 's.place', 's.starts_at', 's.ends_at'])
    .where('lc.status', '=', 'scheduled')
    .where(sessionFor(unitPath, unitIds))
    .orderBy('s.starts_at')
    .limit(limit)
    .execute();

/** Screens in use (not revoked) whose last report-in was before the instant: gone dark. */
export const screensSilentSince = (db: DB, beforeIso: string) => screens(db).where('s.revoked_at', 'is', null).where('s.last_seen_at', 'is not', null).where('s.last_seen_at', '<', beforeIso).execute();
