import { authOf, type Module } from '../../platform/http';
import { ArchivePolicy } from './policy';
import { BuildBody, BuildDto, BuildParams, EvidenceQuery, MemberParams, TagBody, TagParams, UnitQuery, YearParams } from './schemas';
import { buildStatus, creationsView, sendBuild, sendCreationEvidence, sendExchangePack, sendMemberRecord, setTags, startBuild } from './service';

const tags = ['archive'];

const routes: Module = async (app, { svc }) => {
  app.post(
    '/archive/:year/builds',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '生成年终台账（同一单位同一年度同时只生成一次）', params: YearParams, body: BuildBody, response: { 200: BuildDto } } },
    async (req) => startBuild(svc, authOf(req), req.params.year, req.body.unitId, req),
  );
  app.get(
    '/archive/builds/:id',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '台账生成进度', params: BuildParams, response: { 200: BuildDto } } },
    async (req) => buildStatus(svc, authOf(req), req.params.id),
  );
  app.get(
    '/archive/builds/:id/download',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '下载台账（.zip，从磁盘流式发送）', params: BuildParams } },
    async (req, reply) => sendBuild(svc, authOf(req), req.params.id, reply),
  );
  app.get(
    '/archive/:year/members/:memberId/record.docx',
    { config: { policy: ArchivePolicy.memberRecord }, schema: { tags, summary: '干部年度读书学习档案（.docx）', params: MemberParams } },
    async (req, reply) => sendMemberRecord(svc, authOf(req), req.params.year, req.params.memberId, reply),
  );

  // ---- other creations (§五.2) ----
  app.get(
    '/archive/:year/creations',
    { config: { policy: ArchivePolicy.viewCreations }, schema: { tags, summary: '本年度可标注其他创建的集中学习、研讨会、党课和实践活动', params: YearParams, querystring: UnitQuery } },
    async (req) => creationsView(svc, authOf(req), req.params.year, req.query.unitId),
  );
  app.put(
    '/archive/creations/:entity/:id',
    { config: { policy: ArchivePolicy.tagCreations }, schema: { tags, summary: '标注记录同时服务的创建类型', params: TagParams, body: TagBody } },
    async (req) => setTags(svc, authOf(req), req.params.entity, req.params.id, req.body.creations),
  );
  app.get(
    '/archive/:year/creations/evidence.xlsx',
    { config: { policy: ArchivePolicy.viewCreations }, schema: { tags, summary: '某项创建的佐证材料（.xlsx，来自同一批记录）', params: YearParams, querystring: EvidenceQuery } },
    async (req, reply) => sendCreationEvidence(svc, authOf(req), req.params.year, req.query, reply),
  );

  // ---- the experience exchange meeting ----
  app.get(
    '/archive/:year/exchange.docx',
    { config: { policy: ArchivePolicy.exchangePack }, schema: { tags, summary: '经验交流会议程与材料汇编（.docx）', params: YearParams, querystring: UnitQuery } },
    async (req, reply) => sendExchangePack(svc, authOf(req), req.params.year, req.query.unitId, reply),
  );
};

export default routes;
