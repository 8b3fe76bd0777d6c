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

/**
 * One computation shared by everyone who asks for the same key at about the same time, per app:
 * a caller gets the result of a computation that is still running or that started less than
 * `ttlMs(svc)` ago, provided `version(svc)` has not changed since it started (a write to a table it reads, say);
 * otherwise it starts a new one. With no version (null) only computations still running are shared.
 * Callers share the result object: they must not change it.
 */
export function sharedComputation<T>(ttlMs: (svc: Services) => number, version: (svc: Services) => number | null) {
  interface Entry {
    at: number;
    version: number | null;
    done: boolean;
    data: Promise<T>;
  }
  const caches = new WeakMap<Services, Map<string, Entry>>();
  return (svc: Services, key: string, build: () => Promise<T>): Promise<T> => {
    let cache = caches.get(svc);
    if (!cache) caches.set(svc, (cache = new Map()));
    const now = Date.parse(nowIso());
    const v = version(svc);
    const ttl = ttlMs(svc);
    const fresh = (e: Entry) => e.version === v && (!e.done || (v !== null && now - e.at < ttl));
    const hit = cache.get(key);
    if (hit && fresh(hit)) return hit.data;
    for (const [k, e] of cache) if (e.done && !fresh(e)) cache.delete(k);
    const entry: Entry = { at: now, version: v, done: false, data: build() };
    cache.set(key, entry);
    entry.data.then(
      () => {
        entry.done = true;
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key);
      },
    );
    return entry.data;
  };
}
