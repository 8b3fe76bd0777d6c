import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../../platform/errors';
import { authOf, type Module } from '../../../platform/http';
import { DisplayPolicy } from '../policy';
import { AnnouncementCreateBody, AnnouncementDto, AnnouncementImageDto, AnnouncementList, AnnouncementUpdateBody, ListQuery, ReadStats } from './schemas';
import * as service from './service';

const tags = ['display'];
const IdParams = Type.Object({ id: Type.Integer() });
const ImageParams = Type.Object({ id: Type.Integer(), imageId: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
/** Multipart ceiling; the setting display.imageMaxKb is checked in the service. */
const UPLOAD_LIMIT = 10 * 1024 * 1024;

async function uploaded(req: FastifyRequest): Promise<{ filename: string; buf: Buffer }> {
  const file = await req.file({ limits: { fileSize: UPLOAD_LIMIT, files: 1 } });
  if (!file) throw badRequest('请选择要上传的图片');
  try {
    return { filename: file.filename, buf: await file.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest('图片过大');
    throw e;
  }
}

export const announcementRoutes: Module = async (app, { svc }) => {
  app.get(
    '/announcements/mine',
    { config: { policy: DisplayPolicy.readAnnouncements }, schema: { tags, summary: '本人可见的宣传栏公告（置顶在前）', response: { 200: AnnouncementList } } },
    async (req) => service.forMember(svc, authOf(req)),
  );

  app.get(
    '/announcements',
    { config: { policy: DisplayPolicy.announcementStats }, schema: { tags, summary: '管辖范围内的公告（管理）', querystring: ListQuery, response: { 200: AnnouncementList } } },
    async (req) => service.listManaged(svc, authOf(req), req.query.state),
  );

  app.post(
    '/announcements',
    { config: { policy: DisplayPolicy.publishAnnouncements }, schema: { tags, summary: '发布公告', body: AnnouncementCreateBody, response: { 200: Type.Object({ id: Type.Integer() }) } } },
    async (req) => ({ id: await service.create(svc, authOf(req), req.body) }),
  );

  app.get(
    '/announcements/:id',
    { config: { policy: DisplayPolicy.readAnnouncements }, schema: { tags, summary: '查看公告', params: IdParams, response: { 200: AnnouncementDto } } },
    async (req) => service.detail(svc, authOf(req), req.params.id),
  );

  app.post(
    '/announcements/:id/read',
    { config: { policy: DisplayPolicy.readAnnouncements }, schema: { tags, summary: '记为已读（计入本单位阅读数）', params: IdParams, response: { 200: Type.Object({ counted: Type.Boolean() }) } } },
    async (req) => service.markRead(svc, authOf(req), req.params.id),
  );

  app.patch(
    '/announcements/:id',
    { config: { policy: DisplayPolicy.publishAnnouncements }, schema: { tags, summary: '修改公告', params: IdParams, body: AnnouncementUpdateBody, response: { 200: Ok } } },
    async (req) => {
      await service.update(svc, authOf(req), req.params.id, req.body);
      return { ok: true };
    },
  );

  app.post(
    '/announcements/:id/withdraw',
    {
      config: { policy: DisplayPolicy.publishAnnouncements },
      schema: { tags, summary: '撤下公告', params: IdParams, body: Type.Object({ version: Type.Integer() }, { additionalProperties: false }), response: { 200: Ok } },
    },
    async (req) => {
      await service.withdraw(svc, authOf(req), req.params.id, req.body.version);
      return { ok: true };
    },
  );

  app.delete(
    '/announcements/:id',
    { config: { policy: DisplayPolicy.publishAnnouncements }, schema: { tags, summary: '删除公告', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await service.remove(svc, authOf(req), req.params.id);
      return { ok: true };
    },
  );

  app.get(
    '/announcements/:id/reads',
    { config: { policy: DisplayPolicy.announcementStats }, schema: { tags, summary: '各单位阅读情况', params: IdParams, response: { 200: ReadStats } } },
    async (req) => service.readStats(svc, authOf(req), req.params.id),
  );

  app.post(
    '/announcements/:id/images',
    {
      config: { policy: DisplayPolicy.publishAnnouncements },
      schema: { tags, summary: '上传公告图片（JPEG/PNG/WebP，按内容识别）', params: IdParams, consumes: ['multipart/form-data'], response: { 200: AnnouncementImageDto } },
    },
    async (req) => {
      const auth = authOf(req);
      const { filename, buf } = await uploaded(req);
      return service.addImage(svc, auth, req.params.id, filename, buf);
    },
  );

  app.delete(
    '/announcements/:id/images/:imageId',
    { config: { policy: DisplayPolicy.publishAnnouncements }, schema: { tags, summary: '删除公告图片', params: ImageParams, response: { 200: Ok } } },
    async (req) => {
      await service.removeImage(svc, authOf(req), req.params.id, req.params.imageId);
      return { ok: true };
    },
  );

  app.get(
    '/announcements/:id/images/:imageId',
    { config: { policy: DisplayPolicy.readAnnouncements }, schema: { tags, summary: '公告图片', params: ImageParams } },
    async (req, reply) => {
      const img = await service.image(svc, authOf(req), req.params.id, req.params.imageId);
      return reply
        .header('content-type', img.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(Buffer.from(img.data_base64, 'base64'));
    },
  );
};
