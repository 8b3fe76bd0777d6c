import { authOf, type Module } from '../../platform/http';
import { sendDocx } from '../../platform/docx';
import { ArchivePolicy } from './policy';
import { BuildBody, BuildDto, BuildParams, MemberParams, YearParams } from './schemas';
import { buildFile, buildStatus, memberRecordDocx, startBuild } from './service';
import { Type } from 'typebox';
import { publicBase } from '../../platform/publicurl';
import { sendXlsx } from '../../platform/xlsx';
import { CREATIONS, ENTITIES, evidenceXlsx, setTags, taggable } from './creations';
import { exchangePack } from './exchange';
import { archiveUnit } from './service';

const tags = ['archive'];

const routes: Module = async (app, { svc }) => {
  // QR codes and links carry the public base-URL setting (platform/publicurl.ts), else the environment, else the request's.
  const baseUrl = (req: { protocol: string; host: string }) => publicBase(svc, req);

  app.post(
    '/archive/:year/builds',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '生成年终台账（同一单位同一年度同时只生成一次）', params: YearParams, body: BuildBody, response: { 200: BuildDto } } },
    async (req) => startBuild(svc, authOf(req), req.params.year, req.body.unitId, await baseUrl(req)),
  );
  app.get(
    '/archive/builds/:id',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '台账生成进度', params: BuildParams, response: { 200: BuildDto } } },
    async (req) => buildStatus(svc, authOf(req), req.params.id),
  );
  app.get(
    '/archive/builds/:id/download',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '下载台账（.zip，从磁盘流式发送）', params: BuildParams } },
    async (req, reply) => {
      const f = await buildFile(svc, authOf(req), req.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-length', f.size)
        .header('content-disposition', `attachment; filename="archive.zip"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .send(f.stream);
    },
  );
  app.get(
    '/archive/:year/members/:memberId/record.docx',
    { config: { policy: ArchivePolicy.memberRecord }, schema: { tags, summary: '干部年度读书学习档案（.docx）', params: MemberParams } },
    async (req, reply) => {
      const r = await memberRecordDocx(svc, authOf(req), req.params.year, req.params.memberId);
      return sendDocx(reply, r.filename, r.buf);
    },
  );

  // ---- other creations (§五.2) ----
  const UnitQuery = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });
  app.get(
    '/archive/:year/creations',
    { config: { policy: ArchivePolicy.viewCreations }, schema: { tags, summary: '本年度可标注其他创建的集中学习、研讨会、党课和实践活动', params: YearParams, querystring: UnitQuery } },
    async (req) => {
      const auth = authOf(req);
      const unit = await archiveUnit(svc, auth, req.query.unitId);
      await svc.guard.authorize(auth, ArchivePolicy.viewCreations, { unitPath: unit.path });
      const rows = await taggable(svc.db, unit.path, req.params.year);
      return { creations: [...CREATIONS], entities: ENTITIES, unit: { id: unit.id, name: unit.name }, rows: rows.map(({ unitPath: _p, ...r }) => r) };
    },
  );
  app.put(
    '/archive/creations/:entity/:id',
    {
      config: { policy: ArchivePolicy.tagCreations },
      schema: { tags, summary: '标注记录同时服务的创建类型', params: Type.Object({ entity: Type.String({ maxLength: 20 }), id: Type.Integer() }), body: Type.Object({ creations: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 6 }) }, { additionalProperties: false }) },
    },
    async (req) => setTags(svc, authOf(req), req.params.entity, req.params.id, req.body.creations),
  );
  app.get(
    '/archive/:year/creations/evidence.xlsx',
    { config: { policy: ArchivePolicy.viewCreations }, schema: { tags, summary: '某项创建的佐证材料（.xlsx，来自同一批记录）', params: YearParams, querystring: Type.Object({ unitId: Type.Optional(Type.Integer()), creation: Type.String({ maxLength: 10 }) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const auth = authOf(req);
      const unit = await archiveUnit(svc, auth, req.query.unitId);
      await svc.guard.authorize(auth, ArchivePolicy.viewCreations, { unitPath: unit.path });
      const { buf } = await evidenceXlsx(await taggable(svc.db, unit.path, req.params.year), req.query.creation, `${unit.name} ${req.params.year} 年度“${req.query.creation}”创建佐证`);
      return sendXlsx(reply, `${unit.name}${req.params.year}年度${req.query.creation}创建佐证.xlsx`, buf);
    },
  );

  // ---- the experience exchange meeting ----
  app.get(
    '/archive/:year/exchange.docx',
    { config: { policy: ArchivePolicy.exchangePack }, schema: { tags, summary: '经验交流会议程与材料汇编（.docx）', params: YearParams, querystring: UnitQuery } },
    async (req, reply) => {
      const r = await exchangePack(svc, authOf(req), req.params.year, req.query.unitId);
      return sendDocx(reply, r.filename, r.buf);
    },
  );
};

export default routes;
