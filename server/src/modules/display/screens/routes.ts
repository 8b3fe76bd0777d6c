import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { authOf, type Module } from '../../../platform/http';
import { publicBase } from '../../../platform/publicurl';
import type { Services } from '../../../platform/services';
import { DisplayPolicy } from '../policy';
import { PingDto, PingQuery, QuoteCreateBody, QuoteDto, ScreenCreateBody, ScreenFeed, ScreenList, ScreenSecret, ScreenUpdateBody, TokenParams } from './schemas';
import * as service from './service';

const tags = ['display'];
const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const Version = Type.Object({ version: Type.Integer() }, { additionalProperties: false });
/** Screens behind one office NAT share an address: generous, but a ceiling on the database's work. */
const SCREEN_RATE = { max: 1200, timeWindow: '1 minute' };

/** The address on the screens' QR codes: the public base-URL setting (platform/publicurl.ts), else the environment, else the request's. */
export const baseUrlOf = (svc: Services, req: FastifyRequest): Promise<string> => publicBase(svc, req);
const who = (req: FastifyRequest) => ({ ip: req.ip, agent: String(req.headers['user-agent'] ?? '') });

export const screenRoutes: Module = async (app, { svc }) => {
  // ---- the console ----
  app.get('/display/screens', { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '大屏列表（最后联系时间、离线提示）', response: { 200: ScreenList } } }, async (req) =>
    service.list(svc, authOf(req)),
  );

  app.post(
    '/display/screens',
    { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '登记大屏（返回一次性显示的专用链接）', body: ScreenCreateBody, response: { 200: ScreenSecret } } },
    async (req) => service.create(svc, authOf(req), req.body, await baseUrlOf(svc, req)),
  );

  app.patch(
    '/display/screens/:id',
    { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '修改大屏（名称、位置、主题、播放列表）', params: IdParams, body: ScreenUpdateBody, response: { 200: Ok } } },
    async (req) => {
      await service.update(svc, authOf(req), req.params.id, req.body);
      return { ok: true };
    },
  );

  app.post(
    '/display/screens/:id/renew',
    { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '更换专用链接（旧链接立即失效）', params: IdParams, body: Version, response: { 200: ScreenSecret } } },
    async (req) => service.renew(svc, authOf(req), req.params.id, req.body.version, await baseUrlOf(svc, req)),
  );

  app.post(
    '/display/screens/:id/revoke',
    { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '停用大屏（一分钟内停止显示）', params: IdParams, body: Version, response: { 200: Ok } } },
    async (req) => {
      await service.revoke(svc, authOf(req), req.params.id, req.body.version);
      return { ok: true };
    },
  );

  app.delete('/display/screens/:id', { config: { policy: DisplayPolicy.manageScreens }, schema: { tags, summary: '删除大屏', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await service.remove(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.get('/display/quotes', { config: { policy: DisplayPolicy.manageQuotes }, schema: { tags, summary: '每日一句', response: { 200: Type.Object({ items: Type.Array(QuoteDto) }) } } }, async (req) =>
    service.listQuotes(svc, authOf(req)),
  );

  app.post(
    '/display/quotes',
    { config: { policy: DisplayPolicy.manageQuotes }, schema: { tags, summary: '添加每日一句', body: QuoteCreateBody, response: { 200: Type.Object({ id: Type.Integer() }) } } },
    async (req) => ({ id: await service.addQuote(svc, authOf(req), req.body) }),
  );

  app.delete('/display/quotes/:id', { config: { policy: DisplayPolicy.manageQuotes }, schema: { tags, summary: '删除每日一句', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await service.removeQuote(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // ---- the screen: no sign-in, the secret URL is the key, read-only ----
  app.get(
    '/screen/:token/feed',
    { config: { public: true, rateLimit: SCREEN_RATE }, schema: { tags, summary: '大屏内容（凭专用链接，只读）', params: TokenParams, response: { 200: ScreenFeed } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.feed(svc, req.params.token, await baseUrlOf(svc, req), who(req));
    },
  );

  app.get(
    '/screen/:token/ping',
    { config: { public: true, rateLimit: SCREEN_RATE }, schema: { tags, summary: '大屏报到（授权检查）', params: TokenParams, querystring: PingQuery, response: { 200: PingDto } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.ping(svc, req.params.token, { ...who(req), w: req.query.w, h: req.query.h });
    },
  );

  app.get(
    '/screen/:token/images/:imageId',
    { config: { public: true, rateLimit: SCREEN_RATE }, schema: { tags, summary: '大屏上的公告图片', params: Type.Object({ token: TokenParams.properties.token, imageId: Type.Integer() }) } },
    async (req, reply) => {
      const img = await service.screenImage(svc, req.params.token, req.params.imageId);
      return reply
        .header('content-type', img.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .send(Buffer.from(img.data_base64, 'base64'));
    },
  );
};

/** A plain page with no script and no data: what an unknown or revoked screen shows. */
export const UNAUTHORIZED_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>此屏幕未授权</title>
<style>html,body{margin:0;height:100%;background:#111;color:#eee;font-family:sans-serif}body{display:flex;align-items:center;justify-content:center}h1{font-size:6vmin;font-weight:normal}</style></head>
<body><h1 data-testid="screen-unauthorized">此屏幕未授权</h1></body></html>`;

/** The screen's page (/screen/<token>): the lightweight screen app, not the console. Registered without the /api prefix. */
export const screenPages: Module = async (app, { svc }) => {
  let shell: string | null = null;
  const loadShell = () => {
    if (shell === null) {
      const file = path.join(svc.config.webDist, 'screen.html');
      shell = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    }
    return shell;
  };
  app.get('/screen/:token', { config: { public: true, rateLimit: SCREEN_RATE }, schema: { hide: true } }, async (req, reply) => {
    const { token } = req.params as { token: string };
    reply.header('cache-control', 'no-cache');
    if (!(await service.tokenValid(svc, token))) return reply.status(403).type('text/html; charset=utf-8').send(UNAUTHORIZED_PAGE);
    const html = loadShell();
    if (!html) return reply.status(404).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build');
    return reply.type('text/html; charset=utf-8').send(html);
  });

  // The public page for the WeChat account: the same light page, when the setting opens it.
  app.get('/p/:unitId', { config: { public: true, rateLimit: SCREEN_RATE }, schema: { hide: true } }, async (req, reply) => {
    const unitId = Number((req.params as { unitId: string }).unitId);
    reply.header('cache-control', 'no-cache');
    if (!Number.isInteger(unitId) || !(await service.publicPageOpen(svc, unitId))) return reply.status(404).type('text/html; charset=utf-8').send(CLOSED_PAGE);
    const html = loadShell();
    if (!html) return reply.status(404).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build');
    return reply.type('text/html; charset=utf-8').send(html);
  });
};

const CLOSED_PAGE = UNAUTHORIZED_PAGE.replaceAll('此屏幕未授权', '公开页未开放').replace('screen-unauthorized', 'public-closed');
