// The routes' rate limits (@fastify/rate-limit: the public page, the lobby screens, the redraw
// check, the test message) counted in the database, so that every app node and worker counts the
// same hits: without it each process kept its own count in memory and N nodes let N times the
// limit through. The counts live in `login_rate` beside the sign-in's (bucket, window, hits),
// under buckets named `route:<method> <url>:<client>`; windows are whole minutes counted from the
// epoch, so the sign-in's occasional sweep of windows older than a minute clears them too.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { DB } from '../db';

export function databaseRateStore(db: DB): FastifyRateLimitStoreCtor {
  class DatabaseRateStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      const now = Date.now();
      const windowMs = Math.max(60_000, Math.ceil(timeWindow / 60_000) * 60_000);
      const start = Math.floor(now / windowMs) * windowMs;
      const windowStart = start / 60_000;
      db.insertInto('login_rate')
        .values({ bucket: `route:${this.route}:${key}`.slice(0, 300), window_start: windowStart, hits: 1 })
        .onConflict((oc) =>
          oc.column('bucket').doUpdateSet({
            hits: sql<number>`CASE WHEN login_rate.window_start = ${windowStart} THEN login_rate.hits + 1 ELSE 1 END`,
            window_start: windowStart,
          }),
        )
        .returning('hits')
        .executeTakeFirstOrThrow()
        .then(
          (row) => callback(null, { current: Number(row.hits), ttl: start + windowMs - now }),
          (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
        );
    }

    // The plugin passes the route's merged limit options, with the route under routeInfo.
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const r = (routeOptions as unknown as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      return new DatabaseRateStore(routeOptions, `${[r?.method ?? ''].flat().join(',')} ${r?.url ?? ''}`);
    }
  }
  return DatabaseRateStore as unknown as FastifyRateLimitStoreCtor;
}
