import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuthContext } from './auth/context';
import type { Action } from './policy';
import { badRequest, unauthorized } from './errors';
import type { Services } from './services';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export type Module = FastifyPluginAsync<{ svc: Services }, RawServerDefault, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /**
     * Public and cheap: the session cookie is not even looked up, so the route never waits
     * for the database (the health probe, issue 12).
     */
    bare?: boolean;
    /** Reachable while the user still owes a password change or a second factor. */
    restricted?: boolean;
    /** This route writes its own audit rows for failures too (sign-in). */
    auditsItself?: boolean;
    /**
     * The policy action this route performs (modules/<domain>/policy.ts). The server refuses
     * a user who holds none of its roles before the handler runs; the service then checks
     * the object. Every route that is not public names one (the policy test walks them).
     */
    policy?: Action;
  }
}

/** The signed-in user of a route that is not public. */
export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw unauthorized();
  return req.auth;
}

/**
 * A preValidation hook that cuts a free-text search field of the query string to `max`
 * characters before the schema sees it: a long pasted search is searched by its start,
 * not refused with a validation message (issue 11 item 7).
 */
export function clipQuery(field: string, max: number) {
  return async (req: FastifyRequest) => {
    const q = req.query as Record<string, unknown> | undefined;
    const v = q?.[field];
    if (typeof v === 'string' && [...v].length > max) q![field] = [...v].slice(0, max).join('');
  };
}

/**
 * The one file of a multipart upload, read into memory under the parser's hard limit of `maxBytes`.
 * No file, or one over the limit, is refused in Chinese (`say` names the thing: 照片, 印章图片, …).
 * A route whose limit is a setting lets its service call this with the setting's value.
 */
export async function uploadedFile(req: FastifyRequest, maxBytes: number, say: { missing?: string; tooLarge?: string } = {}): Promise<{ filename: string; buf: Buffer }> {
  const file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file) throw badRequest(say.missing ?? '请选择要上传的文件');
  try {
    return { filename: file.filename, buf: await file.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(say.tooLarge ?? `文件不能超过 ${maxBytes / 1024 / 1024} MB`);
    throw e;
  }
}

/**
 * A stored upload (base64 in the database) as the reply: its checked type, never sniffed as another, cached privately
 * for `maxAge` seconds; with `disposition`, under its own name (`fallback` for clients that cannot read UTF-8 names).
 */
export function sendStored(reply: FastifyReply, f: { mime: string; filename: string; data_base64: string }, o: { maxAge: number; disposition: 'inline' | 'attachment'; fallback: string }) {
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', `${o.disposition}; filename="${o.fallback}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', `private, max-age=${o.maxAge}`)
    .send(Buffer.from(f.data_base64, 'base64'));
}
