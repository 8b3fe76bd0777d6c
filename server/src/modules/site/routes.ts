import type { Module } from '../../platform/http';
import { publicUrl } from '../../platform/publicurl';
import { SitePolicy } from './policy';
import { PublicUrlDto } from './schemas';

const routes: Module = async (app, { svc }) => {
  app.get(
    '/site/public-url',
    { config: { policy: SitePolicy.publicUrl }, schema: { tags: ['site'], summary: '二维码与对外链接使用的地址，及手机能否访问到它', response: { 200: PublicUrlDto } } },
    async (req) => publicUrl(svc, req),
  );
};

export default routes;
