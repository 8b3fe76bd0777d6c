import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuthContext } from './auth/context';
import type { Action } from './policy';
import { unauthorized } from './errors';
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
