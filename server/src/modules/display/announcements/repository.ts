// All SQL of the announcements board (文化宣传栏).
import type { DB } from '../../../db';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

const base = (db: DB) =>
  db
    .selectFrom('announcements as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.unit_id',
      'u.name as unit_name',
      'u.path as unit_path',
      'a.title',
      'a.body_html',
      'a.body_text',
      'a.pinned',
      'a.public',
      'a.publish_from',
      'a.publish_until',
      'a.withdrawn_at',
      'a.created_at',
      'a.version',
    ]);
export type AnnouncementRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export const getAnnouncement = (db: DB, id: number) => base(db).where('a.id', '=', id).executeTakeFirst();

export const listManaged = (db: DB, reach: Reach) =>
  base(db)
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('a.publish_from', 'desc')
    .orderBy('a.id', 'desc')
    .limit(500)
    .execute();

/**
 * Live announcements seen at a unit (by the ids of the unit and those above it):
 * published by one of those units to everyone, or aimed at one of them.
 */
export const liveAt = (db: DB, unitIds: number[], nowIso: string, limit: number, onlyPublic = false) => {
  let q = base(db)
    .where('a.withdrawn_at', 'is', null)
    .where('a.publish_from', '<=', nowIso)
    .where((eb) => eb.or([eb('a.publish_until', 'is', null), eb('a.publish_until', '>', nowIso)]))
    .where((eb) =>
      eb.or([
        eb.and([
          eb('a.unit_id', 'in', unitIds),
          eb.not(eb.exists(eb.selectFrom('announcement_targets as t0').select('t0.id').whereRef('t0.announcement_id', '=', 'a.id'))),
        ]),
        eb.exists(eb.selectFrom('announcement_targets as t').select('t.id').whereRef('t.announcement_id', '=', 'a.id').where('t.unit_id', 'in', unitIds)),
      ]),
    );
  if (onlyPublic) q = q.where('a.public', '=', 1);
  return q.orderBy('a.pinned', 'desc').orderBy('a.publish_from', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
};

export async function insertAnnouncement(
  db: DB,
  v: { unitId: number; title: string; html: string; text: string; pinned: boolean; public: boolean; from: string; until: string | null; by: number; now: string },
) {
  const r = await db
    .insertInto('announcements')
    .values({
      unit_id: v.unitId,
      title: v.title,
      body_html: v.html,
      body_text: v.text,
      pinned: v.pinned ? 1 : 0,
      public: v.public ? 1 : 0,
      publish_from: v.from,
      publish_until: v.until,
      created_by: v.by,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAnnouncement(
  db: DB,
  id: number,
  version: number,
  set: Partial<{ title: string; body_html: string; body_text: string; pinned: number; public: number; publish_from: string; publish_until: string | null; withdrawn_at: string | null }>,
  now: string,
) {
  const r = await db
    .updateTable('announcements')
    .set({ ...set, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteAnnouncement(db: DB, id: number) {
  await db.deleteFrom('announcement_reads').where('announcement_id', '=', id).execute();
  await db.deleteFrom('announcement_images').where('announcement_id', '=', id).execute();
  await db.deleteFrom('announcement_targets').where('announcement_id', '=', id).execute();
  await db.deleteFrom('announcements').where('id', '=', id).execute();
}

export async function setTargets(db: DB, id: number, unitIds: number[]) {
  await db.deleteFrom('announcement_targets').where('announcement_id', '=', id).execute();
  if (unitIds.length) await db.insertInto('announcement_targets').values(unitIds.map((u) => ({ announcement_id: id, unit_id: u }))).execute();
}

export const targetsOf = (db: DB, ids: number[]) =>
  ids.length
    ? db
        .selectFrom('announcement_targets as t')
        .innerJoin('units as u', 'u.id', 't.unit_id')
        .select(['t.announcement_id', 'u.id', 'u.name', 'u.path'])
        .where('t.announcement_id', 'in', ids)
        .orderBy('u.path')
        .execute()
    : Promise.resolve([]);

export const imagesOf = (db: DB, ids: number[]) =>
  ids.length
    ? db
        .selectFrom('announcement_images')
        .select(['id', 'announcement_id', 'filename', 'size', 'mime'])
        .where('announcement_id', 'in', ids)
        .orderBy('sort_order')
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

export const imageData = (db: DB, announcementId: number, imageId: number) =>
  db.selectFrom('announcement_images').select(['id', 'mime', 'filename', 'data_base64', 'sha256']).where('id', '=', imageId).where('announcement_id', '=', announcementId).executeTakeFirst();

export const imageById = (db: DB, imageId: number) =>
  db.selectFrom('announcement_images').select(['id', 'announcement_id', 'mime', 'filename', 'data_base64', 'sha256']).where('id', '=', imageId).executeTakeFirst();

export async function insertImage(db: DB, v: { announcementId: number; filename: string; mime: string; size: number; sha256: string; base64: string; now: string }) {
  const n = await db.selectFrom('announcement_images').select((eb) => eb.fn.countAll<number>().as('n')).where('announcement_id', '=', v.announcementId).executeTakeFirstOrThrow();
  const r = await db
    .insertInto('announcement_images')
    .values({ announcement_id: v.announcementId, sort_order: Number(n.n), filename: v.filename, mime: v.mime, size: v.size, sha256: v.sha256, data_base64: v.base64, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export const countImages = async (db: DB, id: number) =>
  Number((await db.selectFrom('announcement_images').select((eb) => eb.fn.countAll<number>().as('n')).where('announcement_id', '=', id).executeTakeFirstOrThrow()).n);

export const deleteImage = (db: DB, announcementId: number, imageId: number) =>
  db.deleteFrom('announcement_images').where('id', '=', imageId).where('announcement_id', '=', announcementId).executeTakeFirst();

export const readCounts = async (db: DB, ids: number[]) => {
  if (!ids.length) return new Map<number, number>();
  const rows = await db
    .selectFrom('announcement_reads')
    .select(['announcement_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('announcement_id', 'in', ids)
    .groupBy('announcement_id')
    .execute();
  return new Map(rows.map((r) => [r.announcement_id, Number(r.n)]));
};

export const readBy = async (db: DB, ids: number[], memberId: number) =>
  ids.length
    ? new Set((await db.selectFrom('announcement_reads').select('announcement_id').where('announcement_id', 'in', ids).where('member_id', '=', memberId).execute()).map((r) => r.announcement_id))
    : new Set<number>();

/** Records a read once; a second read adds nothing. */
export async function markRead(db: DB, v: { announcementId: number; memberId: number; unitId: number; at: string }) {
  const had = await db.selectFrom('announcement_reads').select('id').where('announcement_id', '=', v.announcementId).where('member_id', '=', v.memberId).executeTakeFirst();
  if (had) return false;
  await db
    .insertInto('announcement_reads')
    .values({ announcement_id: v.announcementId, member_id: v.memberId, unit_id: v.unitId, read_at: v.at })
    .onConflict((oc) => oc.columns(['announcement_id', 'member_id']).doNothing())
    .execute();
  return true;
}

export const memberUnit = (db: DB, memberId: number) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.id', 'm.unit_id', 'u.path']).where('m.id', '=', memberId).executeTakeFirst();

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
export const unitsByIds = (db: DB, ids: number[]) => (ids.length ? db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', ids).execute() : Promise.resolve([]));

/** Units in the given subtrees, with their active headcount and reads of the announcement. */
export async function readsByUnit(db: DB, announcementId: number, paths: string[]) {
  const units = await db
    .selectFrom('units as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.path',
      eb.selectFrom('members as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.unit_id', '=', 'u.id').where('m.status', '=', 'active').as('members'),
      eb
        .selectFrom('announcement_reads as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.unit_id', '=', 'u.id')
        .where('r.announcement_id', '=', announcementId)
        .as('reads'),
    ])
    .where(inSubtrees('u.path', paths))
    .orderBy('u.path')
    .execute();
  return units.map((u) => ({ id: u.id, name: u.name, path: u.path, members: Number(u.members ?? 0), reads: Number(u.reads ?? 0) }));
}
