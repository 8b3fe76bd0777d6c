// Other creations (§五.2: 学习型, 创新型, 节约型, 服务型, 廉洁型机关 and 文明单位): the sessions,
// seminars, lectures and activities already recorded are tagged with the creations they
// also serve, and each creation's evidence exports from those same records — nothing is
// entered twice.
import { sql } from 'kysely';
import type { DB } from '../../db';
import { inSubtrees } from '../../db/subtree';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso } from '../../platform/time';
import { buildXlsx } from '../../platform/xlsx';
import { ArchivePolicy } from './policy';

export const CREATIONS = ['学习型', '创新型', '节约型', '服务型', '廉洁型', '文明单位'] as const;
export const ENTITIES = { session: '集中学习', seminar: '研讨会', lecture: '党课', activity: '实践活动' } as const;
export type Entity = keyof typeof ENTITIES;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const yearIso = (year: number) => ({
  from: new Date(Date.parse(`${year}-01-01T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString(),
  to: new Date(Date.parse(`${year + 1}-01-01T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString(),
});

/** The tagged records of a year under a unit: what each is, its date and unit, and its tags. */
export async function taggable(db: DB, rootPath: string, year: number) {
  const { from, to } = yearIso(year);
  const sessions = await db
    .selectFrom('study_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.topic as title', 's.starts_at as at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('s.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [rootPath]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('seminars as x').select('x.id').whereRef('x.session_id', '=', 's.id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('lectures as l').select('l.id').whereRef('l.session_id', '=', 's.id'))))
    .orderBy('s.starts_at')
    .execute();
  const seminars = await db
    .selectFrom('seminars as x')
    .innerJoin('study_sessions as s', 's.id', 'x.session_id')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.theme as title', 's.starts_at as at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('x.status', '!=', 'cancelled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [rootPath]))
    .orderBy('s.starts_at')
    .execute();
  const lectures = await db
    .selectFrom('lectures as l')
    .innerJoin('study_sessions as s', 's.id', 'l.session_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .select(['l.id', sql<string>`l.topic || '（' || m.name || '主讲）'`.as('title'), 's.starts_at as at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('l.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where(inSubtrees('u.path', [rootPath]))
    .orderBy('s.starts_at')
    .execute();
  const activities = await db
    .selectFrom('practice_activities as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['p.id', sql<string>`p.title || '（' || m.name || '）'`.as('title'), 'p.day as at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('p.day', '>=', `${year}-01-01`)
    .where('p.day', '<=', `${year}-12-31`)
    .where(inSubtrees('u.path', [rootPath]))
    .orderBy('p.day')
    .execute();
  const rows = [
    ...sessions.map((r) => ({ ...r, entity: 'session' as Entity })),
    ...seminars.map((r) => ({ ...r, entity: 'seminar' as Entity })),
    ...lectures.map((r) => ({ ...r, entity: 'lecture' as Entity })),
    ...activities.map((r) => ({ ...r, entity: 'activity' as Entity })),
  ];
  const tags = rows.length ? await db.selectFrom('creation_tags').select(['entity', 'entity_id', 'creation']).execute() : [];
  const byKey = new Map<string, string[]>();
  for (const t of tags) byKey.set(`${t.entity}:${t.entity_id}`, [...(byKey.get(`${t.entity}:${t.entity_id}`) ?? []), t.creation]);
  return rows.map((r) => ({
    entity: r.entity,
    entityLabel: ENTITIES[r.entity],
    id: r.id,
    title: r.title,
    day: r.entity === 'activity' ? r.at : formatLocal(r.at, 'YYYY-MM-DD'),
    unitName: r.unit_name,
    unitPath: r.unit_path,
    creations: CREATIONS.filter((c) => byKey.get(`${r.entity}:${r.id}`)?.includes(c)),
  }));
}

async function unitPathOf(db: DB, entity: Entity, id: number): Promise<string | undefined> {
  switch (entity) {
    case 'session':
      return (await db.selectFrom('study_sessions as s').innerJoin('units as u', 'u.id', 's.unit_id').select('u.path').where('s.id', '=', id).executeTakeFirst())?.path;
    case 'seminar':
      return (await db.selectFrom('seminars as x').innerJoin('units as u', 'u.id', 'x.unit_id').select('u.path').where('x.id', '=', id).executeTakeFirst())?.path;
    case 'lecture':
      return (await db.selectFrom('lectures as l').innerJoin('units as u', 'u.id', 'l.unit_id').select('u.path').where('l.id', '=', id).executeTakeFirst())?.path;
    case 'activity':
      return (await db.selectFrom('practice_activities as p').innerJoin('members as m', 'm.id', 'p.member_id').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('p.id', '=', id).executeTakeFirst())
        ?.path;
  }
}

export async function setTags(svc: Services, auth: AuthContext, entity: string, id: number, creations: string[]) {
  if (!(entity in ENTITIES)) throw badRequest('只能为集中学习、研讨会、党课和实践活动标注创建类型');
  const bad = creations.find((c) => !(CREATIONS as readonly string[]).includes(c));
  if (bad) throw badRequest(`没有“${bad}”这一创建类型（可选：${CREATIONS.join('、')}）`);
  const path = await unitPathOf(svc.db, entity as Entity, id);
  if (!path) throw notFound('记录不存在');
  await svc.guard.authorize(auth, ArchivePolicy.tagCreations, { unitPath: path }, '该记录不在您的管理范围内');
  const want = [...new Set(creations)];
  await svc.db.transaction().execute(async (trx) => {
    const before = (await trx.selectFrom('creation_tags').select('creation').where('entity', '=', entity).where('entity_id', '=', id).execute()).map((r) => r.creation);
    await trx.deleteFrom('creation_tags').where('entity', '=', entity).where('entity_id', '=', id).execute();
    if (want.length) await trx.insertInto('creation_tags').values(want.map((creation) => ({ entity, entity_id: id, creation, created_by: auth.userId, created_at: nowIso() }))).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'archive.creations.tag', entity, entityId: id, detail: { before, after: want } });
  });
  return { entity, id, creations: CREATIONS.filter((c) => want.includes(c)) };
}

/** One creation's evidence from the tagged records, as .xlsx. */
export async function evidenceXlsx(rows: Awaited<ReturnType<typeof taggable>>, creation: string, title: string) {
  const tagged = rows.filter((r) => r.creations.includes(creation as (typeof CREATIONS)[number]));
  return {
    count: tagged.length,
    buf: await buildXlsx([
      {
        name: `${creation}佐证`,
        title,
        columns: [
          { header: '日期', key: 'day', width: 12 },
          { header: '类别', key: 'entityLabel', width: 10 },
          { header: '内容', key: 'title', width: 44 },
          { header: '单位', key: 'unitName', width: 18 },
          { header: '同时服务的创建', key: 'all', width: 30 },
        ],
        rows: tagged.map((r) => ({ ...r, all: r.creations.join('、') })),
      },
    ]),
  };
}
