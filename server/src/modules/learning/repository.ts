// SQL of the learning module's read-outs for other modules (the acceptance's evidence).
import { sql } from 'kysely';
import type { DB } from '../../db';

/** Per unit: active members, and how many of them kept online-learning and practice records in the days from–to (with the records' counts). */
export async function learningPerUnit(db: DB, unitIds: number[], from: string, to: string) {
  if (!unitIds.length) return { heads: [], online: [], practice: [] };
  const onlineQ = db
    .selectFrom('online_learning as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.unit_id', sql<number>`COUNT(DISTINCT r.member_id)`.as('members'), sql<number>`COUNT(*)`.as('records')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy('m.unit_id')
    .execute();
  const practiceQ = db
    .selectFrom('practice_activities as r')
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
    onlineQ,
    practiceQ,
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

/** The minutes of study a member logged on a day, every kind. */
export const minutesLogged = async (db: DB, memberId: number, day: string) =>
  Number((await db.selectFrom('study_logs').select((eb) => eb.fn.sum<number>('minutes').as('t')).where('member_id', '=', memberId).where('day', '=', day).executeTakeFirst())?.t ?? 0);
