// All SQL of the study module (issue 10, module shape).
import { sql, type Insertable } from 'kysely';
import type { DB } from '../../db';
import { cachedQuery } from '../../db/cached';
import type { ReadingPlanItemTable } from '../../db/schema-study';
import { inSubtrees } from '../../db/subtree';
import { nowIso } from '../../platform/time';
import type { WriteScope } from '../../platform/write-scope';

// ---- the holiday calendar (calendar_days: the district's rows, unit_path '', and the towns' own) ----

/** Enters days at one scope; a day entered there before is replaced. */
export async function upsertCalendarDays(trx: DB, scope: WriteScope, days: { day: string; kind: string; name: string }[], userId: number) {
  const now = nowIso();
  for (const d of days)
    await trx
      .insertInto('calendar_days')
      .values({ unit_id: scope?.unitId ?? null, unit_path: scope?.unitPath ?? '', day: d.day, kind: d.kind, name: d.name, updated_at: now, updated_by: userId })
      .onConflict((oc) => oc.columns(['unit_path', 'day']).doUpdateSet({ kind: d.kind, name: d.name, updated_at: now, updated_by: userId }))
      .execute();
}

/** Removes one scope's entry of a day; whether there was one. */
export async function deleteCalendarDay(trx: DB, unitPath: string, day: string): Promise<boolean> {
  const r = await trx.deleteFrom('calendar_days').where('unit_path', '=', unitPath).where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Units by their paths (the scopes of calendar entries). */
export async function unitsByPath(db: DB, paths: string[]) {
  return paths.length ? db.selectFrom('units').select(['id', 'name', 'path']).where('path', 'in', paths).execute() : [];
}

// ---- units (org's reference table, read here for the module's scope checks) ----

export function unitById(db: DB, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

// ---- the study log: how minutes count (rules.ts) ----

type Weights = { reading: number; session: number; online: number; practice: number };

/** `minutes` weighed by the percent of its kind, in SQL (the weights are literals: part of the statement's shape). */
export const weighted = (minutes: string, kind: string, w: Weights) =>
  sql<number>`${sql.ref(minutes)} * CASE ${sql.ref(kind)} WHEN 'reading' THEN ${sql.lit(w.reading)} WHEN 'session' THEN ${sql.lit(w.session)} WHEN 'online' THEN ${sql.lit(w.online)} WHEN 'practice' THEN ${sql.lit(w.practice)} ELSE 0 END`;

/** One member's minutes per day, each kind weighed in SQL (percent; the caller divides by 100). */
export function weightedMinutesByDay(db: DB, memberId: number, from: string, to: string, w: Weights) {
  // The weights are literals of the SQL, so they are part of its shape.
  return cachedQuery(db, `counted.byDay:${w.reading}:${w.session}:${w.online}:${w.practice}`, [memberId, from, to], (m, f, t) =>
    db
      .selectFrom('study_logs')
      .select(['day', sql<number>`SUM(${weighted('minutes', 'kind', w)})`.as('wm')])
      .where('member_id', '=', m)
      .where('day', '>=', f)
      .where('day', '<=', t)
      .groupBy('day'),
  );
}

/** One member's raw minutes per day and kind (ranges whose years weigh differently). */
export function minutesByDayAndKind(db: DB, memberId: number, from: string, to: string) {
  return db
    .selectFrom('study_logs')
    .select(['day', 'kind', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('member_id', '=', memberId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'kind'])
    .execute();
}

/** Locks a member's row for the rest of the transaction (PostgreSQL's SELECT … FOR UPDATE). */
export async function lockMemberRow(trx: DB, memberId: number) {
  await trx.selectFrom('members').select('id').where('id', '=', memberId).forUpdate().execute();
}

/** Raw (unweighted) minutes of a member on a day, all kinds; `except` leaves out one source's row (a record being changed). */
export async function rawMinutesOn(db: DB, memberId: number, day: string, except?: SourceRef): Promise<number> {
  let q = db
    .selectFrom('study_logs')
    .select((eb) => eb.fn.sum<number>('minutes').as('m'))
    .where('member_id', '=', memberId)
    .where('day', '=', day);
  if (except) q = q.where((eb) => eb.not(eb.and([eb('source', '=', except.source), eb('source_ref', '=', except.ref)])));
  return Number((await q.executeTakeFirst())?.m ?? 0);
}

// ---- the daily log and the timer (log.ts) ----

/** A catalogue book's id and title (the library's table, read to name the book of a log entry or a plan). */
export const bookById = (db: DB, id: number) => db.selectFrom('books').select(['id', 'title']).where('id', '=', id).executeTakeFirst();

/** Adds a reading entry (by hand or from the timer); its id. */
export function insertReadingLog(
  trx: DB,
  memberId: number,
  e: { day: string; minutes: number; bookId: number | null; bookTitle: string | null; progress: string; note: string; source: 'manual' | 'timer' },
) {
  return trx
    .insertInto('study_logs')
    .values({
      member_id: memberId,
      day: e.day,
      kind: 'reading',
      minutes: e.minutes,
      book_id: e.bookId,
      book_title: e.bookTitle,
      progress: e.progress,
      note: e.note,
      source: e.source,
      source_ref: null,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export const logById = (db: DB, id: number) => db.selectFrom('study_logs').selectAll().where('id', '=', id).executeTakeFirst();

export async function deleteLog(trx: DB, id: number) {
  await trx.deleteFrom('study_logs').where('id', '=', id).execute();
}

/** A member's entries of a date range, newest first (at most 200). */
export const logsBetween = (db: DB, memberId: number, from: string, to: string) =>
  db
    .selectFrom('study_logs')
    .select(['id', 'day', 'kind', 'minutes', 'book_id', 'book_title', 'progress', 'note', 'source', 'created_at'])
    .where('member_id', '=', memberId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

/** A member's running timer, if any. */
export const timerOf = (db: DB, memberId: number) => cachedQuery(db, 'timer.of', [memberId], (m) => db.selectFrom('study_timers').selectAll().where('member_id', '=', m)).then((r) => r[0]);

/** Starts a member's timer unless one runs already; whether this one started. */
export async function insertTimer(trx: DB, memberId: number, startedAt: string, book: { bookId: number | null; bookTitle: string | null }): Promise<boolean> {
  const r = await trx
    .insertInto('study_timers')
    .values({ member_id: memberId, started_at: startedAt, kind: 'reading', book_id: book.bookId, book_title: book.bookTitle })
    .onConflict((oc) => oc.column('member_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a member's timer and returns it (undefined: none was running). */
export const takeTimer = (trx: DB, memberId: number) => trx.deleteFrom('study_timers').where('member_id', '=', memberId).returningAll().executeTakeFirst();

// ---- the monthly reading plans (plans.ts) ----

/** A member's items of a month (dropped ones left out), with the catalogue book's title and authors. */
export const planItems = (db: DB, memberId: number, month: string) =>
  cachedQuery(db, 'plan.items', [memberId, month], (m, mo) =>
    db
      .selectFrom('reading_plan_items as i')
      .leftJoin('books as b', 'b.id', 'i.book_id')
      .select(['i.id', 'i.month', 'i.book_id', 'i.own_title', 'i.own_author', 'i.target_on', 'i.status', 'i.finished_on', 'i.created_at', 'b.title', 'b.authors'])
      .where('i.member_id', '=', m)
      .where('i.month', '=', mo)
      .where('i.status', '!=', 'dropped')
      .orderBy('i.id'),
  );

/** A member's reading entries of a date range, oldest first (the minutes and progress of each planned book). */
export const readingLogsBetween = (db: DB, memberId: number, from: string, to: string) =>
  cachedQuery(db, 'plan.readingLogs', [memberId, from, to], (m, f, t) =>
    db
      .selectFrom('study_logs')
      .select(['book_id', 'book_title', 'minutes', 'progress', 'day', 'id'])
      .where('member_id', '=', m)
      .where('kind', '=', 'reading')
      .where('day', '>=', f)
      .where('day', '<=', t)
      .orderBy('day')
      .orderBy('id'),
  );

/** A member's live item of a month for the same book (the catalogue's, or an own title), if any. */
export const samePlanItem = (trx: DB, memberId: number, month: string, book: { bookId: number } | { ownTitle: string }) =>
  trx
    .selectFrom('reading_plan_items')
    .select('id')
    .where('member_id', '=', memberId)
    .where('month', '=', month)
    .where('status', '!=', 'dropped')
    .where((eb) => ('bookId' in book ? eb('book_id', '=', book.bookId) : eb('own_title', '=', book.ownTitle)))
    .executeTakeFirst();

export const insertPlanItem = (trx: DB, row: Insertable<ReadingPlanItemTable>) => trx.insertInto('reading_plan_items').values(row).returning('id').executeTakeFirstOrThrow();

export const planItemById = (db: DB, id: number) => db.selectFrom('reading_plan_items').selectAll().where('id', '=', id).executeTakeFirst();

/** Marks an item being read as finished on `day`; whether it was (a second tap finds it finished). */
export async function finishPlanItem(trx: DB, id: number, day: string): Promise<boolean> {
  const r = await trx
    .updateTable('reading_plan_items')
    .set({ status: 'finished', finished_on: day, updated_at: nowIso(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', '=', 'reading')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deletePlanItem(trx: DB, id: number) {
  await trx.deleteFrom('reading_plan_items').where('id', '=', id).execute();
}

/** The active members of a unit subtree without a plan for `month`, in tree order, then by pinyin. */
export const membersWithoutPlan = (db: DB, unitPath: string, month: string) =>
  db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'u.name as unit_name', 'm.position'])
    .where(inSubtrees('u.path', [unitPath]))
    .where('m.status', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reading_plan_items as i').select('i.id').whereRef('i.member_id', '=', 'm.id').where('i.month', '=', month).where('i.status', '!=', 'dropped'))))
    .orderBy('u.path')
    .orderBy('m.name_pinyin')
    .execute();

// ---- what the study records say about units (evidence.ts: inspections and the acceptance) ----

/** Active members per unit. */
export const activeMembersByUnit = (db: DB, unitIds: number[]) =>
  db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('unit_id', 'in', unitIds).groupBy('unit_id').execute();

/** Per unit, the (active member, month) pairs of `months` with a plan. */
export const membersWithPlanByUnit = (db: DB, unitIds: number[], months: string[]) =>
  db
    .selectFrom('reading_plan_items as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .select(['m.unit_id', sql<number>`COUNT(DISTINCT i.member_id || '-' || i.month)`.as('n')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where('i.month', 'in', months)
    .where('i.status', '!=', 'dropped')
    .groupBy('m.unit_id')
    .execute();

/** Per unit, the (active member, required day) pairs whose weighted minutes meet the daily target. */
export const memberDaysMetByUnit = (db: DB, unitIds: number[], from: string, to: string, required: string[], rules: { weights: Weights; dailyMinutes: number }) =>
  db
    // Per member and required day, the weighted minutes against the target; the members first, so the
    // log is read by its (member, day) index, then counted per unit.
    .selectFrom((eb) =>
      eb
        .selectFrom('study_logs as l')
        .select(['l.member_id', 'l.day'])
        .where('l.member_id', 'in', eb.selectFrom('members').select('id').where('status', '=', 'active').where('unit_id', 'in', unitIds))
        .where('l.day', '>=', from)
        .where('l.day', '<=', to)
        .where('l.day', 'in', required)
        .groupBy(['l.member_id', 'l.day'])
        .having(sql`SUM(${weighted('l.minutes', 'l.kind', rules.weights)})`, '>=', rules.dailyMinutes * 100)
        .as('d'),
    )
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['m.unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('m.unit_id')
    .execute();

/** Per unit, the active members with any log in a date range: one index probe each, not every row of the log. */
export const membersWithLogsByUnit = (db: DB, unitIds: number[], from: string, to: string) =>
  db
    .selectFrom('members as m')
    .select(['m.unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where((eb) => eb.exists(eb.selectFrom('study_logs as l').select('l.member_id').whereRef('l.member_id', '=', 'm.id').where('l.day', '>=', from).where('l.day', '<=', to)))
    .groupBy('m.unit_id')
    .execute();

// ---- the member's home and the clerk's monthly unit view (progress.ts; the view's cache is there, decision 020) ----
// The sessions module's tables (study_sessions, study_session_units, check_ins, leave_requests) are read here in the
// same statements as the subtree's members: a pending cross-module read (decision 012, item 5).

/** The next collective session not yet over for a unit or a unit above it (`unitIds`: the unit's path). */
export const nextSessionFor = (db: DB, now: string, unitIds: number[]) =>
  // As many values as the unit is deep, so the depth is part of the shape.
  cachedQuery(db, `session.nextFor:${unitIds.length}`, [now, ...unitIds], (n, ...units) =>
    db
      .selectFrom('study_sessions as s')
      .select(['s.id', 's.topic', 's.place', 's.host', 's.starts_at', 's.ends_at', 's.status'])
      .where('s.status', 'in', ['scheduled', 'open'])
      .where('s.ends_at', '>', n)
      .where(({ exists, selectFrom }) => exists(selectFrom('study_session_units as su').select('su.id').whereRef('su.session_id', '=', 's.id').where('su.unit_id', 'in', units)))
      .orderBy('s.starts_at')
      .limit(1),
  );

/** The ids of the active members of a subtree (a subquery). */
const activeIdsUnder = (db: DB, path: string) =>
  db.selectFrom('members as sm').innerJoin('units as su', 'su.id', 'sm.unit_id').select('sm.id').where(inSubtrees('su.path', [path])).where('sm.status', '=', 'active');

/** The active members of a subtree with their units, in tree order, then by pinyin. */
export const activeMembersUnder = (db: DB, path: string) =>
  db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.position', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path'])
    .where(inSubtrees('u.path', [path]))
    .where('m.status', '=', 'active')
    .orderBy('u.path')
    .orderBy('m.name_pinyin')
    .execute();

/**
 * Per active member of a subtree with a log from `from` to `through`: the required days that met the daily
 * target (`closed`: the days before today; `today`: today, if it is required) and the weighted minutes (×100).
 */
export async function daysMetUnder(db: DB, path: string, from: string, through: string, required: { closed: string[]; today: string[] }, rules: { weights: Weights; dailyMinutes: number }) {
  const inList = (days: string[]) => (days.length ? sql`t.day IN (${sql.join(days)})` : sql`1 = 0`);
  const target100 = sql.lit(rules.dailyMinutes * 100);
  const subtree = sql`SELECT m.id FROM members m INNER JOIN units u ON u.id = m.unit_id WHERE ${inSubtrees('u.path', [path])} AND m.status = 'active'`;
  const r = await sql<{ member_id: number; closed_met: number | string; today_met: number | string; wm: number | string }>`
      SELECT t.member_id,
        SUM(CASE WHEN ${inList(required.closed)} AND t.wm >= ${target100} THEN 1 ELSE 0 END) AS closed_met,
        SUM(CASE WHEN ${inList(required.today)} AND t.wm >= ${target100} THEN 1 ELSE 0 END) AS today_met,
        SUM(t.wm) AS wm
      FROM (
        SELECT l.member_id, l.day, SUM(${weighted('l.minutes', 'l.kind', rules.weights)}) AS wm
        FROM study_logs l
        WHERE l.day >= ${from} AND l.day <= ${through} AND l.member_id IN (${subtree})
        GROUP BY l.member_id, l.day
      ) t
      GROUP BY t.member_id`.execute(db);
  return r.rows;
}

/** Per active member of a subtree, the books finished from `first` to `last`. */
export const booksFinishedUnder = (db: DB, path: string, first: string, last: string) =>
  db
    .selectFrom('reading_plan_items')
    .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'finished')
    .where('finished_on', '>=', first)
    .where('finished_on', '<=', last)
    .where('member_id', 'in', activeIdsUnder(db, path))
    .groupBy('member_id')
    .execute();

/** Per active member of a subtree with a plan for `month`, when its first item was entered. */
export const plansMadeUnder = (db: DB, path: string, month: string) =>
  db
    .selectFrom('reading_plan_items')
    .select(['member_id', (eb) => eb.fn.min<string>('created_at').as('made')])
    .where('month', '=', month)
    .where('status', '!=', 'dropped')
    .where('member_id', 'in', activeIdsUnder(db, path))
    .groupBy('member_id')
    .execute();

/** The collective sessions held (open or closed) that started in [fromIso, toIso). */
export const sessionsHeld = (db: DB, fromIso: string, toIso: string) =>
  db.selectFrom('study_sessions').select(['id', 'starts_at']).where('status', 'in', ['open', 'closed']).where('starts_at', '>=', fromIso).where('starts_at', '<', toIso).execute();

/** The units each of these sessions is for. */
export const sessionUnits = (db: DB, sessionIds: number[]) => db.selectFrom('study_session_units').select(['session_id', 'unit_id']).where('session_id', 'in', sessionIds).execute();

/** The check-ins of a subtree's active members at these sessions. */
export const checkInsUnder = (db: DB, sessionIds: number[], path: string) =>
  db.selectFrom('check_ins').select(['session_id', 'member_id', 'checked_at']).where('session_id', 'in', sessionIds).where('member_id', 'in', activeIdsUnder(db, path)).execute();

/** The approved leaves of a subtree's active members from these sessions. */
export const approvedLeavesUnder = (db: DB, sessionIds: number[], path: string) =>
  db.selectFrom('leave_requests').select(['session_id', 'member_id']).where('session_id', 'in', sessionIds).where('status', '=', 'approved').where('member_id', 'in', activeIdsUnder(db, path)).execute();

/** The path of a member's unit ('' for no such member). */
export async function memberUnitPath(db: DB, memberId: number): Promise<string> {
  const [m] = await cachedQuery(db, 'member.unitPath', [memberId], (id) => db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', '=', id));
  return m?.path ?? '';
}

// ---- reads for other modules' services (the channels' reminders) ----

/** Members with a reading plan item of a month that is not dropped. */
export const plannedMemberIds = (db: DB, month: string) =>
  db.selectFrom('reading_plan_items').select('member_id').distinct().where('month', '=', month).where('status', '!=', 'dropped').execute();

/** Every member's raw minutes per kind on a day. */
export const minutesOnByMemberAndKind = (db: DB, day: string) =>
  db
    .selectFrom('study_logs')
    .select(['member_id', 'kind', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('day', '=', day)
    .groupBy(['member_id', 'kind'])
    .execute();

/** Active members' planned books of a month still being read, by member and item. */
export const readingPlanItemsOf = (db: DB, month: string) =>
  db
    .selectFrom('reading_plan_items as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .leftJoin('books as b', 'b.id', 'i.book_id')
    .select(['i.member_id', 'i.own_title', 'b.title'])
    .where('i.month', '=', month)
    .where('i.status', '=', 'reading')
    .where('m.status', '=', 'active')
    .orderBy('i.member_id')
    .orderBy('i.id')
    .execute();

// ---- log rows other modules' records own (source and source_ref name the record; one row per record) ----

/** A log row's owner: the writing module's source ('online', 'practice', …) and the record's id as text. */
export interface SourceRef {
  source: string;
  ref: string;
}

/** Writes the row of a record: replaces its member, day, minutes and note when it exists, else adds it. */
export async function upsertSourcedLog(trx: DB, row: SourceRef & { memberId: number; day: string; kind: string; minutes: number; note: string }) {
  const existing = await trx.selectFrom('study_logs').select('id').where('source', '=', row.source).where('source_ref', '=', row.ref).executeTakeFirst();
  if (existing) {
    await trx.updateTable('study_logs').set({ member_id: row.memberId, day: row.day, minutes: row.minutes, note: row.note }).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('study_logs')
      .values({ member_id: row.memberId, day: row.day, kind: row.kind, minutes: row.minutes, book_id: null, book_title: null, progress: '', note: row.note, source: row.source, source_ref: row.ref, created_at: nowIso() })
      .execute();
  }
}

export const deleteSourcedLog = (trx: DB, r: SourceRef) => trx.deleteFrom('study_logs').where('source', '=', r.source).where('source_ref', '=', r.ref).execute();

/** Bound values per query when reading rows by source_ref (SQLite allows 32,766, PostgreSQL 65,535). */
const SOURCE_REF_SLICE = 5000;

/** The minutes of the rows of one source's records (`refs`), in slices that stay under both databases' limits on bound values. */
export async function minutesBySourceRef(db: DB, source: string, refs: string[]): Promise<{ source_ref: string | null; minutes: number }[]> {
  const out: { source_ref: string | null; minutes: number }[] = [];
  for (let i = 0; i < refs.length; i += SOURCE_REF_SLICE) {
    const slice = refs.slice(i, i + SOURCE_REF_SLICE);
    out.push(...(await db.selectFrom('study_logs').select(['source_ref', 'minutes']).where('source', '=', source).where('source_ref', 'in', slice).execute()));
  }
  return out;
}
