// A short-lived cache of promised results, kept per app (its Services) so that two apps in one process on
// different databases (tests, a second node in a drill) never answer from each other's cache. A result is
// shared while it is younger than `ttlMs`; a failed build is dropped, so the next caller tries again.
import type { Services } from './services';
import { nowIso } from './time';

export function appCache<T>(ttlMs: number) {
  const caches = new WeakMap<Services, Map<string, { at: number; data: Promise<T> }>>();
  return (svc: Services, key: string, build: () => Promise<T>): Promise<T> => {
    const cache = caches.get(svc) ?? new Map<string, { at: number; data: Promise<T> }>();
    caches.set(svc, cache);
    const now = Date.parse(nowIso());
    const hit = cache.get(key);
    if (hit && now - hit.at < ttlMs) return hit.data;
    for (const [k, v] of cache) if (now - v.at >= ttlMs) cache.delete(k);
    const data = build();
    cache.set(key, { at: now, data });
    data.catch(() => cache.delete(key));
    return data;
  };
}
