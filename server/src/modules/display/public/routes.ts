import type { Module } from '../../../platform/http';
import { publicBase } from '../../../platform/publicurl';
import { ImageParams, PublicFeed, UnitParams } from './schemas';
import * as service from './service';

const tags = ['display'];
const RATE = { max: 300, timeWindow: '1 minute' };

export const publicRoutes: Module = async (app, { svc }) => {
  app.get(
    '/public/:unitId/feed',
    { config: { public: true, rateLimit: RATE }, schema: { tags, summary: '公众号公开页的内容（须在设置中开放；不含个人信息，个人排名按隐私设置）', params: UnitParams, response: { 200: PublicFeed } } },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return service.publicFeed(svc, req.params.unitId, await publicBase(svc, req));
    },
  );

  app.get(
    '/public/:unitId/images/:imageId',
    { config: { public: true, rateLimit: RATE }, schema: { tags, summary: '公开页上的公告图片', params: ImageParams } },
    async (req, reply) => {
      const img = await service.publicImage(svc, req.params.unitId, req.params.imageId);
      return reply.header('content-type', img.mime).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=3600').send(Buffer.from(img.data_base64, 'base64'));
    },
  );
};
