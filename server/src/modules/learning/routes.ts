import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { loadFileFor, MAX_FILE_BYTES, storeFile } from './files';
import { importOnline, learningTemplate } from './import';
import { contains } from '../../db/contains';
import {
  createOnline,
  createPractice,
  deleteOnline,
  deletePractice,
  MAX_PRACTICE_PHOTOS,
  ownMemberId,
  PLATFORMS,
  PRACTICE_KINDS,
  updateOnline,
  updatePractice,
  type PracticeKind,
} from './service';
import { LearningPolicy } from './policy';
import { inSubtrees } from '../../db/subtree';

const tags = ['learning'];
const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$' });

// Numbers are checked by the service, which says in Chinese what is wrong (negative, over a day…).
const OnlineBody = Type.Object(
  {
    day: Type.String({ maxLength: 10 }),
    platform: Type.String({ maxLength: 20 }),
    content: Type.Optional(Type.String({ maxLength: 500 })),
    minutes: Type.Optional(Nullable(Type.Number())),
    credits: Type.Optional(Nullable(Type.Number())),
    points: Type.Optional(Nullable(Type.Number())),
    evidenceFileId: Type.Optional(Nullable(Type.Integer())),
  },
  { additionalProperties: false },
);

const PracticeBody = Type.Object(
  {
    day: Type.String({ maxLength: 10 }),
    kind: Type.String({ maxLength: 20 }),
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    minutes: Type.Number(),
    photoFileIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const OnlineDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  day: Type.String(),
  platform: Type.String(),
  content: Type.String(),
  minutes: Nullable(Type.Integer()),
  credits: Nullable(Type.Number()),
  points: Nullable(Type.Integer()),
  /** Minutes the record counts for in the study log. */
  studyMinutes: Type.Integer(),
  evidenceFileId: Nullable(Type.Integer()),
  source: Type.String(),
  createdAt: Type.String(),
});

const PracticeDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  day: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  title: Type.String(),
  description: Type.String(),
  minutes: Type.Integer(),
  photoFileIds: Type.Array(Type.Integer()),
  createdAt: Type.String(),
});

const WithMember = Type.Object({ memberName: Type.String(), unitName: Type.String() });

type OnlineRow = {
  id: number;
  member_id: number;
  day: string;
  platform: string;
  content: string;
  minutes: number | null;
  credit_tenths: number | null;
  points: number | null;
  evidence_file_id: number | null;
  source: string;
  created_at: string;
  study_minutes: number | null;
};
type PracticeRow = { id: number; member_id: number; day: string; kind: string; title: string; description: string; minutes: number; photo_file_ids: string; created_at: string };

const presentOnline = (r: OnlineRow) => ({
  id: r.id,
  memberId: r.member_id,
  day: r.day,
  platform: r.platform,
  content: r.content,
  minutes: r.minutes,
  credits: r.credit_tenths === null ? null : r.credit_tenths / 10,
  points: r.points,
  studyMinutes: Number(r.study_minutes ?? 0),
  evidenceFileId: r.evidence_file_id,
  source: r.source,
  createdAt: r.created_at,
});
const presentPractice = (r: PracticeRow) => ({
  id: r.id,
  memberId: r.member_id,
  day: r.day,
  kind: r.kind,
  kindLabel: PRACTICE_KINDS[r.kind as PracticeKind] ?? r.kind,
  title: r.title,
  description: r.description,
  minutes: r.minutes,
  photoFileIds: JSON.parse(r.photo_file_ids) as number[],
  createdAt: r.created_at,
});

function monthRange(month: string | undefined): [string, string] | null {
  if (!month) return null;
  return [`${month}-01`, `${month}-31`];
}

/** Online records with the minutes their study log row counts for. */
function onlineQuery(svc: Services) {
  return svc.db
    .selectFrom('online_learning')
    .innerJoin('members', 'members.id', 'online_learning.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .leftJoin('study_logs', (j) =>
      j.on((eb) => eb.and([eb('study_logs.source', '=', 'online'), eb('study_logs.source_ref', '=', eb.cast<string>(eb.ref('online_learning.id'), 'text'))])),
    )
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
      'study_logs.minutes as study_minutes',
      'members.name as member_name',
      'units.name as unit_name',
      'units.path',
    ]);
}

function practiceQuery(svc: Services) {
  return svc.db
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

const UnitQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer()),
    month: Type.Optional(Month),
    platform: Type.Optional(Type.String({ maxLength: 20 })),
    practiceKind: Type.Optional(Type.String({ maxLength: 20 })),
    q: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
type UnitFilter = { unitId?: number; month?: string; platform?: string; practiceKind?: string; q?: string; limit?: number };

/** The subtree paths the filter covers: the chosen unit (if reachable) or the viewer's whole scope. */
async function filterPaths(svc: Services, auth: AuthContext, unitId: number | undefined): Promise<string[]> {
  if (unitId === undefined) return (await svc.guard.reach(auth, LearningPolicy.viewUnit)).paths;
  const u = await svc.db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!u) throw badRequest('找不到该单位');
  await svc.guard.authorize(auth, LearningPolicy.viewUnit, { unitPath: u.path }, '该单位不在您的管理范围内');
  return [u.path];
}

async function unitRecords(svc: Services, auth: AuthContext, f: UnitFilter, max: number) {
  const paths = await filterPaths(svc, auth, f.unitId);
  const range = monthRange(f.month);
  let oq = onlineQuery(svc).where(inSubtrees('units.path', paths));
  let pq = practiceQuery(svc).where(inSubtrees('units.path', paths));
  if (range) {
    oq = oq.where('online_learning.day', '>=', range[0]).where('online_learning.day', '<=', range[1]);
    pq = pq.where('practice_activities.day', '>=', range[0]).where('practice_activities.day', '<=', range[1]);
  }
  if (f.platform) oq = oq.where('online_learning.platform', '=', f.platform);
  if (f.practiceKind) pq = pq.where('practice_activities.kind', '=', f.practiceKind);
  if (f.q) {
    oq = oq.where(contains('members.name', f.q));
    pq = pq.where(contains('members.name', f.q));
  }
  const [online, practice, onlineTotal, practiceTotal] = await Promise.all([
    oq.orderBy('online_learning.day', 'desc').orderBy('online_learning.id', 'desc').limit(max).execute(),
    pq.orderBy('practice_activities.day', 'desc').orderBy('practice_activities.id', 'desc').limit(max).execute(),
    oq.clearSelect().select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('study_logs.minutes').as('m')]).executeTakeFirstOrThrow(),
    pq.clearSelect().select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('practice_activities.minutes').as('m')]).executeTakeFirstOrThrow(),
  ]);
  return {
    online: online.map((r) => ({ ...presentOnline(r), memberName: r.member_name, unitName: r.unit_name })),
    practice: practice.map((r) => ({ ...presentPractice(r), memberName: r.member_name, unitName: r.unit_name })),
    onlineTotal: Number(onlineTotal.n),
    onlineMinutes: Number(onlineTotal.m ?? 0),
    practiceTotal: Number(practiceTotal.n),
    practiceMinutes: Number(practiceTotal.m ?? 0),
  };
}

async function uploadedBuffer(req: FastifyRequest): Promise<{ filename: string; buf: Buffer }> {
  const file = await req.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
  if (!file) throw badRequest('请选择要上传的文件');
  try {
    return { filename: file.filename, buf: await file.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(`文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    throw e;
  }
}

const routes: Module = async (app, { svc }) => {
  app.get(
    '/learning/options',
    { config: { policy: LearningPolicy.own },
      schema: {
        tags,
        summary: '线上学习平台、实践类型与折算设置',
        response: {
          200: Type.Object({
            platforms: Type.Array(Type.String()),
            practiceKinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            minutesPerCreditHour: Type.Integer(),
            minutesPerPoint: Type.Integer(),
            backfillDays: Type.Integer(),
            maxPhotos: Type.Integer(),
            maxFileBytes: Type.Integer(),
            today: Type.String(),
          }),
        },
      },
    },
    async (req) => {
      authOf(req);
      const today = todayLocal();
      const year = Number(today.slice(0, 4));
      return {
        platforms: [...PLATFORMS],
        practiceKinds: Object.entries(PRACTICE_KINDS).map(([value, label]) => ({ value, label })),
        minutesPerCreditHour: await svc.settings.int('study.minutesPerCreditHour', year),
        minutesPerPoint: await svc.settings.int('study.minutesPerPoint', year),
        backfillDays: await svc.settings.int('plan.studyLogBackfillDays', year),
        maxPhotos: MAX_PRACTICE_PHOTOS,
        maxFileBytes: MAX_FILE_BYTES,
        today,
      };
    },
  );

  // ------------------------------------------------------------ files
  app.post(
    '/learning/files',
    { config: { policy: LearningPolicy.own }, schema: { tags, summary: `上传图片（截图、照片；JPEG/PNG/WebP，不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB）`, consumes: ['multipart/form-data'], response: { 200: Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() }) } } },
    async (req) => {
      const auth = authOf(req);
      const { filename, buf } = await uploadedBuffer(req);
      return storeFile(svc, auth, filename, buf);
    },
  );

  app.get('/learning/files/:id', { config: { policy: LearningPolicy.viewFile }, schema: { tags, summary: '查看图片（本人，或管辖范围内的党建办、领导）', params: IdParams } }, async (req, reply) => {
    const f = await loadFileFor(svc.db, authOf(req), req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `inline; filename="image"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(Buffer.from(f.data_base64, 'base64'));
  });

  // ------------------------------------------------------------ my records
  app.get(
    '/learning/mine',
    { config: { policy: LearningPolicy.own },
      schema: {
        tags,
        summary: '我的线上学习与实践活动',
        querystring: Type.Object({ month: Type.Optional(Month) }, { additionalProperties: false }),
        response: { 200: Type.Object({ online: Type.Array(OnlineDto), practice: Type.Array(PracticeDto), onlineMinutes: Type.Integer(), practiceMinutes: Type.Integer() }) },
      },
    },
    async (req) => {
      const memberId = ownMemberId(authOf(req));
      const range = monthRange(req.query.month);
      let oq = onlineQuery(svc).where('online_learning.member_id', '=', memberId);
      let pq = practiceQuery(svc).where('practice_activities.member_id', '=', memberId);
      if (range) {
        oq = oq.where('online_learning.day', '>=', range[0]).where('online_learning.day', '<=', range[1]);
        pq = pq.where('practice_activities.day', '>=', range[0]).where('practice_activities.day', '<=', range[1]);
      }
      const [online, practice] = await Promise.all([
        oq.orderBy('online_learning.day', 'desc').orderBy('online_learning.id', 'desc').limit(500).execute(),
        pq.orderBy('practice_activities.day', 'desc').orderBy('practice_activities.id', 'desc').limit(500).execute(),
      ]);
      const o = online.map(presentOnline);
      const p = practice.map(presentPractice);
      return { online: o, practice: p, onlineMinutes: o.reduce((s, r) => s + r.studyMinutes, 0), practiceMinutes: p.reduce((s, r) => s + r.minutes, 0) };
    },
  );

  app.post('/learning/online', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '记录线上学习（时长、学时或积分）', body: OnlineBody, response: { 200: Type.Object({ id: Type.Integer(), minutes: Type.Integer() }) } } }, async (req) =>
    createOnline(svc, authOf(req), req.body),
  );
  app.put('/learning/online/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '修改线上学习记录', params: IdParams, body: OnlineBody, response: { 200: Type.Object({ minutes: Type.Integer() }) } } }, async (req) =>
    updateOnline(svc, authOf(req), req.params.id, req.body),
  );
  app.delete('/learning/online/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '删除线上学习记录', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deleteOnline(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.post('/learning/practice', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '记录实践活动', body: PracticeBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) => createPractice(svc, authOf(req), req.body));
  app.put('/learning/practice/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '修改实践活动', params: IdParams, body: PracticeBody, response: { 200: Ok } } }, async (req) => {
    await updatePractice(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });
  app.delete('/learning/practice/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '删除实践活动', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deletePractice(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // ------------------------------------------------------------ the clerk's view
  app.get(
    '/learning/unit',
    { config: { policy: LearningPolicy.viewUnit },
      schema: {
        tags,
        summary: '管辖范围内的线上学习与实践活动（按单位、月份、平台筛选）',
        querystring: UnitQuery,
        response: {
          200: Type.Object({
            online: Type.Array(Type.Intersect([OnlineDto, WithMember])),
            practice: Type.Array(Type.Intersect([PracticeDto, WithMember])),
            onlineTotal: Type.Integer(),
            onlineMinutes: Type.Integer(),
            practiceTotal: Type.Integer(),
            practiceMinutes: Type.Integer(),
          }),
        },
      },
    },
    async (req) => unitRecords(svc, authOf(req), req.query, req.query.limit ?? 200),
  );

  app.get('/learning/unit/export', { config: { policy: LearningPolicy.viewUnit }, schema: { tags, summary: '导出线上学习与实践活动 .xlsx', querystring: UnitQuery } }, async (req, reply) => {
    const auth = authOf(req);
    const r = await unitRecords(svc, auth, req.query, 100_000);
    const measure = (o: (typeof r.online)[number]) => (o.minutes !== null ? `${o.minutes} 分钟` : o.credits !== null ? `${o.credits} 学时` : `${o.points} 积分`);
    const buf = await buildXlsx([
      {
        name: '线上学习',
        title: `线上学习记录${req.query.month ? `（${req.query.month}）` : ''}`,
        columns: [
          { header: '日期', key: 'day', width: 12 },
          { header: '姓名', key: 'memberName', width: 10 },
          { header: '单位', key: 'unitName', width: 18 },
          { header: '平台', key: 'platform', width: 14 },
          { header: '内容', key: 'content', width: 36 },
          { header: '时长/学时/积分', key: 'measure', width: 14 },
          { header: '折算学习分钟', key: 'studyMinutes', width: 14 },
          { header: '来源', key: 'source', width: 8 },
        ],
        rows: r.online.map((o) => ({ ...o, measure: measure(o), source: o.source === 'import' ? '导入' : '本人填报' })),
      },
      {
        name: '实践活动',
        title: `实践活动记录${req.query.month ? `（${req.query.month}）` : ''}`,
        columns: [
          { header: '日期', key: 'day', width: 12 },
          { header: '姓名', key: 'memberName', width: 10 },
          { header: '单位', key: 'unitName', width: 18 },
          { header: '类型', key: 'kindLabel', width: 10 },
          { header: '活动名称', key: 'title', width: 28 },
          { header: '活动描述', key: 'description', width: 50 },
          { header: '时长(分钟)', key: 'minutes', width: 12 },
          { header: '照片数', key: 'photos', width: 8 },
        ],
        rows: r.practice.map((p) => ({ ...p, photos: p.photoFileIds.length })),
      },
    ]);
    return sendXlsx(reply, `线上学习与实践活动${req.query.month ? `-${req.query.month}` : ''}.xlsx`, buf);
  });

  app.get('/learning/import-template', { config: { policy: LearningPolicy.import }, schema: { tags, summary: '下载线上学习导入模板 .xlsx' } }, async (req, reply) => {
    return sendXlsx(reply, '线上学习导入模板.xlsx', await learningTemplate());
  });

  const RowDto = Type.Object({
    row: Type.Integer(),
    name: Type.String(),
    phone: Type.String(),
    day: Type.String(),
    platform: Type.String(),
    outcome: Type.String(),
    reason: Type.Optional(Type.String()),
    memberId: Type.Optional(Type.Integer()),
    memberName: Type.Optional(Type.String()),
    unitName: Type.Optional(Type.String()),
    minutes: Type.Optional(Type.Integer()),
  });
  app.post(
    '/learning/import',
    { config: { policy: LearningPolicy.import },
      schema: {
        tags,
        summary: '导入线上学习名单（.xlsx / .csv，UTF-8 或 GBK），按姓名或手机号识别；dryRun=true 只预览',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()), platform: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            format: Type.String(),
            encoding: Type.Optional(Type.String()),
            dryRun: Type.Boolean(),
            total: Type.Integer(),
            taken: Type.Integer(),
            duplicate: Type.Integer(),
            refused: Type.Integer(),
            rows: Type.Array(RowDto),
          }),
        },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const { buf } = await uploadedBuffer(req);
      return importOnline(svc, auth, buf, { dryRun: req.query.dryRun ?? false, platform: req.query.platform || undefined });
    },
  );
};

export default routes;
