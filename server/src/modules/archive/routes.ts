import fs from 'node:fs';
import { authOf, type Module } from '../../platform/http';
import { sendDocx } from '../sessions/docx';
import { ArchivePolicy } from './policy';
import { BuildBody, BuildDto, BuildParams, MemberParams, YearParams } from './schemas';
import { buildFile, buildStatus, memberRecordDocx, startBuild } from './service';

const tags = ['archive'];

const routes: Module = async (app, { svc }) => {
  const baseUrl = (req: { protocol: string; host: string }) => svc.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

  app.post(
    '/archive/:year/builds',
    { config: { policy: ArchivePolicy.build }, schema: { tags, summary: '生成年终台账（同一单位同一年度同时只生成一次）', params: YearParams, body: BuildBody, response: { 200: BuildDto } } },
    async (req) => startBuild(svc, authOf(req), req.params.year, req.body.unitId, baseUrl(req)),
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
        .send(fs.createReadStream(f.file));
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
};

export default routes;
