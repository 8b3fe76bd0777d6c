// Other creations (§五.2: 学习型, 创新型, 节约型, 服务型, 廉洁型机关 and 文明单位): the sessions,
// seminars, lectures and activities already recorded are tagged with the creations they
// also serve, and each creation's evidence exports from those same records — nothing is
// entered twice.
import type { FastifyReply } from 'fastify';
import type { DB } from '../../db';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso } from '../../platform/time';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { ArchivePolicy } from './policy';
import * as repo from './repository';
import { archiveUnit } from './unit';

export const CREATIONS = ['学习型', '创新型', '节约型', '服务型', '廉洁型', '文明单位'] as const;
export const ENTITIES = { session: '集中学习', seminar: '研讨会', lecture: '党课', activity: '实践活动' } as const;
export type Entity = keyof typeof ENTITIES;

/** The tagged records of a year under a unit: what each is, its date and unit, and its tags. */
export async function taggable(db: DB, rootPath: string, year: number) {
  const { sessions, seminars, lectures, activities } = await repo.taggableRecords(db, rootPath, year);
  const rows = [
    ...sessions.map((r) => ({ ...r, entity: 'session' as Entity })),
    ...seminars.map((r) => ({ ...r, entity: 'seminar' as Entity })),
    ...lectures.map((r) => ({ ...r, entity: 'lecture' as Entity })),
    ...activities.map((r) => ({ ...r, entity: 'activity' as Entity })),
  ];
  const tags = rows.length ? await repo.creationTags(db) : [];
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

export async function setTags(svc: Services, auth: AuthContext, entity: string, id: number, creations: string[]) {
  if (!(entity in ENTITIES)) throw badRequest('只能为集中学习、研讨会、党课和实践活动标注创建类型');
  const bad = creations.find((c) => !(CREATIONS as readonly string[]).includes(c));
  if (bad) throw badRequest(`没有“${bad}”这一创建类型（可选：${CREATIONS.join('、')}）`);
  const path = await repo.taggedUnitPath(svc.db, entity as Entity, id);
  if (!path) throw notFound('记录不存在');
  await svc.guard.authorize(auth, ArchivePolicy.tagCreations, { unitPath: path }, '该记录不在您的管理范围内');
  const want = [...new Set(creations)];
  await svc.db.transaction().execute(async (trx) => {
    const before = await repo.replaceTags(trx, { entity, id, creations: want, userId: auth.userId, now: nowIso() });
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

/** The records of the year under the unit (default: the caller's) that a creation may be tagged on, with their tags. */
export async function creationsView(svc: Services, auth: AuthContext, year: number, unitId: number | undefined) {
  const unit = await archiveUnit(svc, auth, unitId);
  await svc.guard.authorize(auth, ArchivePolicy.viewCreations, { unitPath: unit.path });
  const rows = await taggable(svc.db, unit.path, year);
  return { creations: [...CREATIONS], entities: ENTITIES, unit: { id: unit.id, name: unit.name }, rows: rows.map(({ unitPath: _p, ...r }) => r) };
}

/** One creation's evidence of the year under the unit, as an .xlsx reply. */
export async function sendCreationEvidence(svc: Services, auth: AuthContext, year: number, q: { unitId?: number; creation: string }, reply: FastifyReply) {
  const unit = await archiveUnit(svc, auth, q.unitId);
  await svc.guard.authorize(auth, ArchivePolicy.viewCreations, { unitPath: unit.path });
  const { buf } = await evidenceXlsx(await taggable(svc.db, unit.path, year), q.creation, `${unit.name} ${year} 年度“${q.creation}”创建佐证`);
  return sendXlsx(reply, `${unit.name}${year}年度${q.creation}创建佐证.xlsx`, buf);
}
