// All SQL of online learning and practice activities: the records, the uploaded images, the import's
// look-ups, and the read-outs for other modules (the acceptance's evidence). A record's row of the study
// log is the study module's: written and read through study's service (decision 012).
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { contains } from '../../db/contains';
import { inSubtrees } from '../../db/subtree';

/** Per unit: active members, and how many of them kept online-learning and practice records in the days from–to (with the records' counts). */
export async function learningPerUnit(db: DB, unitIds: number[], from: string, to: string) {
  if (!unitIds.length) return { heads: [], online: [], practice: [] };
  // The same count over either table of records (both have member_id and day).
  const keptBy = (table: 'online_learning' | 'practice_activities') =>
    db
      .selectFrom(`${table} as r` as 'online_learning as r')
      .innerJoin('members as m', 'm.id', 'r.member_id')
      .select(['m.unit_id', sql<number>`COUNT(DISTINCT r.member_id)`.as('members'), sql<number>`COUNT(*)`.as('records')])
      .where('m.status', '=', 'active')
      .where('m.unit_id', 'in', unitIds)
      .where('r.day', '>=', from)
      .where('r.day', '<=', to)
      .groupBy('m.unit_id')
      .execute();
  const [heads, online, practice] = await Promise.all([
    db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('unit_id', 'in', unitIds).groupBy('unit_id').execute(),
    keptBy('online_learning'),
    keptBy('practice_activities'),
  ]);
  return { heads, online, practice };
}

// ── Uploaded images ──

export const insertFile = async (db: DB, f: { ownerUserId: number; filename: string; mime: string; size: number; sha256: string; dataBase64: string; at: string }) =>
  (
    await db
      .insertInto('files')
      .values({ owner_user_id: f.ownerUserId, filename: f.filename, mime: f.mime, size: f.size, sha256: f.sha256, data_base64: f.dataBase64, created_at: f.at })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

export const fileById = (db: DB, id: number) => db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();

/** The unit path of the member an account belongs to (none for an account without a member). */
export const unitPathOfUser = async (db: DB, userId: number) =>
  (
    await db
      .selectFrom('users')
      .innerJoin('members', 'members.id', 'users.member_id')
      .innerJoin('units', 'units.id', 'members.unit_id')
      .select('units.path')
      .where('users.id', '=', userId)
      .executeTakeFirst()
  )?.path;

// ── The import of platform records ──

/** Every member with their unit, for matching an import's rows by name or phone. */
export const membersForMatching = (db: DB) =>
  db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select(['members.id', 'members.name', 'members.phone', 'members.status', 'units.name as unit_name', 'units.path']).execute();

export const importKeySeen = async (db: DB, key: string) => Boolean(await db.selectFrom('online_learning').select('id').where('import_key', '=', key).executeTakeFirst());


// ── The records ──

/** Online records (the minutes their study-log rows count for come from study's service). */
function onlineQuery(db: DB) {
  return db
    .selectFrom('online_learning')
    .innerJoin('members', 'members.id', 'online_learning.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select([
      'online_learning.id',
      'online_learning.member_id',
      'online_learning.day',
      'online_learning.platform',
      'online_learning.content',
      'online_learning.minutes',
      'online_learning.credit_tenths',
      'online_learning.points',
      'online_learning.evidence_file_id',
      'online_learning.source',
      'online_learning.created_at',
      'members.name as member_name',
      'units.name as unit_name',
      'units.path',
    ]);
}

function practiceQuery(db: DB) {
  return db
    .selectFrom('practice_activities')
    .innerJoin('members', 'members.id', 'practice_activities.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select([
      'practice_activities.id',
      'practice_activities.member_id',
      'practice_activities.day',
      'practice_activities.kind',
      'practice_activities.title',
      'practice_activities.description',
      'practice_activities.minutes',
      'practice_activities.photo_file_ids',
      'practice_activities.created_at',
      'members.name as member_name',
      'units.name as unit_name',
      'units.path',
    ]);
}

/** Which records: one member's, or those of the members in some subtrees; days from–to; the platform, kind and name only narrow. */
export interface RecordFilter {
  memberId?: number;
  paths?: string[];
  days?: [string, string];
  platform?: string;
  practiceKind?: string;
  /** Part of the member's name. */
  q?: string;
}

function filtered(db: DB, f: RecordFilter) {
  let oq = onlineQuery(db);
  let pq = practiceQuery(db);
  if (f.memberId !== undefined) {
    oq = oq.where('online_learning.member_id', '=', f.memberId);
    pq = pq.where('practice_activities.member_id', '=', f.memberId);
  }
  if (f.paths) {
    oq = oq.where(inSubtrees('units.path', f.paths));
    pq = pq.where(inSubtrees('units.path', f.paths));
  }
  if (f.days) {
    oq = oq.where('online_learning.day', '>=', f.days[0]).where('online_learning.day', '<=', f.days[1]);
    pq = pq.where('practice_activities.day', '>=', f.days[0]).where('practice_activities.day', '<=', f.days[1]);
  }
  if (f.platform) oq = oq.where('online_learning.platform', '=', f.platform);
  if (f.practiceKind) pq = pq.where('practice_activities.kind', '=', f.practiceKind);
  if (f.q) {
    oq = oq.where(contains('members.name', f.q));
    pq = pq.where(contains('members.name', f.q));
  }
  return { oq, pq };
}

/** The newest `limit` online records and practice activities the filter selects. */
export async function records(db: DB, f: RecordFilter, limit: number) {
  const { oq, pq } = filtered(db, f);
  const [online, practice] = await Promise.all([
    oq.orderBy('online_learning.day', 'desc').orderBy('online_learning.id', 'desc').limit(limit).execute(),
    pq.orderBy('practice_activities.day', 'desc').orderBy('practice_activities.id', 'desc').limit(limit).execute(),
  ]);
  return { online, practice };
}
export type OnlineRecord = Awaited<ReturnType<typeof records>>['online'][number];
export type PracticeRecord = Awaited<ReturnType<typeof records>>['practice'][number];

/**
 * What the filter selects in all: the online records' ids (their minutes are in the study log, read through
 * study's service) and the practice activities' count and minutes.
 */
export async function totals(db: DB, f: RecordFilter) {
  const { oq, pq } = filtered(db, f);
  const [online, practice] = await Promise.all([
    oq.clearSelect().select('online_learning.id').execute(),
    pq.clearSelect().select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('practice_activities.minutes').as('m')]).executeTakeFirstOrThrow(),
  ]);
  return { onlineIds: online.map((o) => o.id), practiceTotal: Number(practice.n), practiceMinutes: Number(practice.m ?? 0) };
}

export const onlineById = (db: DB, id: number) => db.selectFrom('online_learning').selectAll().where('id', '=', id).executeTakeFirst();
export const practiceById = (db: DB, id: number) => db.selectFrom('practice_activities').selectAll().where('id', '=', id).executeTakeFirst();

export const insertOnlineRow = async (trx: DB, values: Insertable<Database['online_learning']>) =>
  (await trx.insertInto('online_learning').values(values).returning('id').executeTakeFirstOrThrow()).id;
export const updateOnlineRow = (trx: DB, id: number, set: Updateable<Database['online_learning']>) => trx.updateTable('online_learning').set(set).where('id', '=', id).execute();
export const deleteOnlineRow = (trx: DB, id: number) => trx.deleteFrom('online_learning').where('id', '=', id).execute();

export const insertPracticeRow = async (trx: DB, values: Insertable<Database['practice_activities']>) =>
  (await trx.insertInto('practice_activities').values(values).returning('id').executeTakeFirstOrThrow()).id;
export const updatePracticeRow = (trx: DB, id: number, set: Updateable<Database['practice_activities']>) => trx.updateTable('practice_activities').set(set).where('id', '=', id).execute();
export const deletePracticeRow = (trx: DB, id: number) => trx.deleteFrom('practice_activities').where('id', '=', id).execute();

/** The unit path of a member (none for no such member). */
export const memberUnitPath = async (db: DB, memberId: number) =>
  (await db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select('units.path').where('members.id', '=', memberId).executeTakeFirst())?.path;

/** The owners of some uploaded files (a missing file has no row). */
export const fileOwners = (db: DB, ids: number[]) => db.selectFrom('files').select(['id', 'owner_user_id']).where('id', 'in', ids).execute();
