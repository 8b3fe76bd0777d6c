import fs from 'node:fs';
import { ROUTE_LABELS } from './platform/audit-labels';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import type { Config } from './config';
import type { DatabaseHandle } from './db';
import { AuthContext } from './platform/auth/context';
import { CSRF_HEADER, SESSION_COOKIE } from './platform/auth/sessions';
import { restriction } from './modules/auth/service';
import { AppError } from './platform/errors';
import { constraintError, hardenSchema, normalizeInput, unitIdsIn } from './platform/input';
import type { App } from './platform/http';
import { mayAttempt } from './platform/policy';
import { databaseRateStore } from './platform/rate-store';
import { createServices, type Services } from './platform/services';
import authRoutes from './modules/auth/routes';
import orgRoutes from './modules/org/routes';
import adminRoutes from './modules/admin/routes';
import libraryRoutes from './modules/library/circulation/routes';
import catalogRoutes from './modules/library/catalog/routes';
import libraryReportRoutes from './modules/library/reports/routes';
import stocktakeRoutes from './modules/library/stocktake/routes';
import inboxRoutes from './modules/inbox/routes';
import studyRoutes from './modules/study/routes';
import sessionRoutes from './modules/sessions/routes';
import channelRoutes from './modules/channels/routes';
import reflectionRoutes from './modules/reflections/routes';
import noteRoutes from './modules/notes/routes';
import learningRoutes from './modules/learning/routes';
import accountRoutes from './modules/accounts/routes';
import siteRoutes from './modules/site/routes';
import worklistRoutes from './modules/worklist/routes';
import examRoutes from './modules/exams/routes';
import seminarRoutes from './modules/seminars/routes';
import lectureRoutes from './modules/seminars/lectures/routes';
import assessmentRoutes from './modules/assessment/routes';
import scorecardRoutes from './modules/scorecard/routes';
import archiveRoutes from './modules/archive/routes';
import displayRoutes, { screenPages } from './modules/display/routes';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function validationMessage(errors: AjvError[]): string {
  localizeZh(errors as never);
  const parts = errors.slice(0, 3).map((e) => {
    const field = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'additionalProperties') return `不允许的字段：${String(e.params?.additionalProperty)}`;
    if (e.keyword === 'format' && e.params?.format === 'date') return `${field || '日期'} 不是有效的日期（应为 2026-10-01 这样的真实日期）`;
    if (e.keyword === 'maximum' || e.keyword === 'minimum') return `${field || '数值'} 超出允许的范围`;
    return field ? `${field} ${e.message}` : (e.message ?? '');
  });
  return `请求参数有误：${parts.join('；')}`;
}

/** A route as registered: what the policy test walks. */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
  policy: string | null;
  /** Takes an uploaded file (multipart/form-data): what the event-loop guard walks. */
  multipart: boolean;
}

const routeTables = new WeakMap<object, RegisteredRoute[]>();

/** Every route of an app built by buildApp, with its policy action. */
export function routeTable(app: App): RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

export async function buildApp(config: Config, handle: DatabaseHandle, opts: { logger?: boolean } = {}): Promise<{ app: App; svc: Services }> {
  const svc = createServices(config, handle);
  const app = Fastify({
    logger: opts.logger ? { level: config.logLevel } : false,
    // Only the listed proxies' X-Forwarded-For is believed (issue 12 defect 8; docs/deployment).
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    // Errors the router answers before any route (a path parameter over 100 characters, a broken
    // %-escape): in Chinese like every other refusal, not Fastify's English with the URL echoed back.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.status(414).send({ error: 'URI_TOO_LONG', message: '请求地址过长' });
      return reply.status(400).send({ error: 'BAD_URL', message: '请求地址有误' });
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Query strings and path params arrive as text and are coerced to their types;
  // JSON bodies are taken as sent (coercion would turn null into 0 and true into 1).
  const ajvOptions = { removeAdditional: false, allErrors: false, useDefaults: true, strict: false } as const;
  const coercing = addFormats(new Ajv({ ...ajvOptions, coerceTypes: 'array' }));
  const exact = addFormats(new Ajv({ ...ajvOptions, coerceTypes: false }));
  // Every schema is hardened as it is compiled: real calendar days, integers the databases hold.
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(hardenSchema(schema)));

  app.decorateRequest('auth', null);

  const routes: RegisteredRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: r.url, public: Boolean(r.config?.public), policy: r.config?.policy?.id ?? null, multipart: Boolean((r.schema as { consumes?: string[] } | undefined)?.consumes?.includes('multipart/form-data')) });
      // A refused or failed write is audited as "METHOD /api/…": the audit log names it by its action's label.
      if (r.config?.policy) ROUTE_LABELS.set(`${method} ${r.url}`, r.config.policy.label);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '书香机关 API', version: '0.1.0', description: '书香机关平台的 JSON 接口。除登录与健康检查外均需登录；写操作须带 x-csrf-token 头。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
  });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies,
  });
  // Counted in the database, so the limits hold across app nodes and workers (platform/rate-store.ts).
  await app.register(rateLimit, { global: false, store: databaseRateStore(handle.db) });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send({ error: err.code, message: err.message, details: err.details });
    }
    // A constraint the request's data broke (a missing reference, a duplicate): the client's, not ours.
    const constraint = constraintError(err);
    if (constraint) {
      req.log.info({ err }, 'constraint');
      return reply.status(constraint.statusCode).send({ error: constraint.code, message: constraint.message });
    }
    // A multipart body that ends early or is malformed (busboy's errors carry no code).
    if (!err.statusCode && ((err.code ?? '').startsWith('FST_') || !err.code) && /multipart|unexpected end of form|malformed part header/i.test(`${err.code ?? ''} ${err.message}`)) {
      return reply.status(400).send({ error: 'BAD_REQUEST', message: '上传的内容不完整或格式有误，请重新上传' });
    }
    if (err.validation) {
      return reply.status(400).send({ error: 'VALIDATION', message: validationMessage(err.validation as AjvError[]) });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.status(413).send({ error: 'TOO_LARGE', message: '提交的内容过大' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return reply.status(415).send({ error: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的提交格式' });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({ error: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const message = err instanceof SyntaxError || err.code?.startsWith('FST_ERR_CTP') ? '请求内容不是有效的 JSON' : '请求有误';
      return reply.status(err.statusCode).send({ error: 'BAD_REQUEST', message });
    }
    req.log.error(err);
    return reply.status(500).send({ error: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
  });

  // One normalisation of every string the client sends, before validation (platform/input.ts).
  app.addHook('preValidation', async (req) => {
    if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) req.body = normalizeInput(req.body);
    if (req.query && typeof req.query === 'object') req.query = normalizeInput(req.query);
  });

  // Resolve the session before the body is read, so unsigned requests stop early.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const cfg = req.routeOptions.config ?? {};
    // No such route: the not-found handler answers, signed in or not.
    if (!req.routeOptions.url) return;
    // The health probe answers from the process alone, never queued behind the database.
    if (cfg.bare) return;
    const token = req.cookies[SESSION_COOKIE];
    const loaded = token ? await svc.sessions.load(token) : ({ ok: false, reason: 'none' } as const);
    if (loaded.ok) req.auth = new AuthContext(loaded.session, req.ip);
    if (cfg.public) return;
    if (!req.auth) {
      const expired = !loaded.ok && loaded.reason === 'expired';
      throw new AppError(401, expired ? 'SESSION_EXPIRED' : 'UNAUTHORIZED', expired ? '登录已超时，请重新登录' : '请先登录');
    }
    if (UNSAFE.has(req.method) && req.headers[CSRF_HEADER] !== req.auth.session.csrfToken) {
      throw new AppError(403, 'CSRF', '安全校验失败，请刷新页面后重试');
    }
    if (!cfg.restricted) {
      const r = await restriction(svc, req.auth);
      if (r) throw new AppError(403, r.code, r.message);
    }
    // 三员分立 (issue 12 defect 4): the audit administrator uploads no files.
    if (UNSAFE.has(req.method) && req.auth.has('auditadmin') && /^multipart\//i.test(String(req.headers['content-type'] ?? ''))) {
      throw new AppError(403, 'FORBIDDEN', '三员分立：审计管理员不能上传文件');
    }
    // The route-level half of the policy: none of the action's roles, no further.
    if (cfg.policy && !mayAttempt(req.auth, cfg.policy)) throw new AppError(403, 'FORBIDDEN', `您没有权限：${cfg.policy.label}`);
  });

  // A unit id that names no unit is refused in Chinese, never silently ignored (issue 12 defect 12).
  // After validation (ids are integers by then) and the route's role check, before the handler.
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/') || !req.routeOptions.url || req.routeOptions.config?.bare) return;
    const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body : null;
    const ids = unitIdsIn(req.params, req.query, body);
    if (!ids.length) return;
    const found = new Set(await svc.guard.existingUnits(ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new AppError(missing.some((id) => (req.params as Record<string, unknown>)?.unitId === id) ? 404 : 400, 'UNKNOWN_UNIT', `找不到单位（编号 ${missing.join('、')}），请刷新后重新选择`);
  });

  // Writes that fail or are refused are audited here; successful writes are
  // audited by their services inside the write's own transaction.
  app.addHook('onResponse', async (req, reply) => {
    if (!UNSAFE.has(req.method) || reply.statusCode < 400 || !req.url.startsWith('/api/')) return;
    if (req.routeOptions.config?.auditsItself || !req.routeOptions.url) return;
    const actor = req.auth?.actor() ?? { userId: null, username: null, ip: req.ip };
    // The object the write was aimed at, from the route's path (issue 12 defect 14).
    const params = (req.params ?? {}) as Record<string, unknown>;
    const objectId = params.id ?? Object.values(params)[0];
    await svc.audit
      .recordAlone(actor, {
        action: `${req.method} ${req.routeOptions.url}`,
        entityId: objectId === undefined ? undefined : String(objectId).slice(0, 100),
        outcome: reply.statusCode === 403 || reply.statusCode === 401 ? 'denied' : 'failure',
        detail: Object.keys(params).length ? { status: reply.statusCode, params } : { status: reply.statusCode },
      })
      .catch((e: unknown) => req.log.error(e));
  });

  // Cheap by design: no session lookup, no query; it answers while the database is busy.
  app.get('/api/health', { config: { public: true, bare: true }, schema: { tags: ['platform'], summary: '健康检查（不查数据库，繁忙时也立即应答）' } }, async () => ({
    status: 'ok',
    db: handle.dialect,
  }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes, { prefix: '/api', svc });
  await app.register(orgRoutes, { prefix: '/api', svc });
  await app.register(adminRoutes, { prefix: '/api', svc });
  await app.register(libraryRoutes, { prefix: '/api', svc });
  await app.register(catalogRoutes, { prefix: '/api', svc });
  await app.register(libraryReportRoutes, { prefix: '/api', svc });
  await app.register(stocktakeRoutes, { prefix: '/api', svc });
  await app.register(inboxRoutes, { prefix: '/api', svc });
  await app.register(studyRoutes, { prefix: '/api', svc });
  await app.register(sessionRoutes, { prefix: '/api', svc });
  await app.register(channelRoutes, { prefix: '/api', svc });
  await app.register(reflectionRoutes, { prefix: '/api', svc });
  await app.register(noteRoutes, { prefix: '/api', svc });
  await app.register(learningRoutes, { prefix: '/api', svc });
  await app.register(accountRoutes, { prefix: '/api', svc });
  await app.register(siteRoutes, { prefix: '/api', svc });
  await app.register(worklistRoutes, { prefix: '/api', svc });
  await app.register(examRoutes, { prefix: '/api', svc });
  await app.register(seminarRoutes, { prefix: '/api', svc });
  await app.register(lectureRoutes, { prefix: '/api', svc });
  await app.register(assessmentRoutes, { prefix: '/api', svc });
  await app.register(scorecardRoutes, { prefix: '/api', svc });
  await app.register(archiveRoutes, { prefix: '/api', svc });
  await app.register(displayRoutes, { prefix: '/api', svc });
  await app.register(screenPages, { svc });

  const hasWeb = fs.existsSync(path.join(config.webDist, 'index.html'));
  if (hasWeb) {
    // The build's files are listed at start-up (npm start builds before it starts the server).
    // Files are precompressed at build time (.br, .gz: web/vite.config.ts) and sent as the browser accepts.
    // Hashed assets never change under their name: a year, immutable; everything else is revalidated.
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(filePath.replace(/\.(br|gz)$/, ''));
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET') {
      return reply.status(404).send({ error: 'NOT_FOUND', message: req.url.startsWith('/api/') ? '接口不存在' : '文件不存在' });
    }
    if (!hasWeb) return reply.status(404).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build');
    // The web app routes on the client: every page URL gets index.html.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return { app, svc };
}
