/* global self, caches */
// The lobby screen's service worker: keeps the screen page and its scripts so a
// panel that restarts while the server is away still comes up and shows the last
// feed (kept by the page in localStorage). API calls are never cached here.
const CACHE = 'sx-screen-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page tells which of its files to keep (those loaded before this worker took over).
self.addEventListener('message', (event) => {
  const keep = event.data && Array.isArray(event.data.keep) ? event.data.keep.filter((u) => typeof u === 'string' && (u.startsWith('/screen/') || u.startsWith('/assets/'))) : [];
  if (keep.length) event.waitUntil(caches.open(CACHE).then((c) => c.addAll(keep)).catch(() => undefined));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  const isPage = url.pathname.startsWith('/screen/');
  const isAsset = url.pathname.startsWith('/assets/');
  if (!isPage && !isAsset) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (isAsset) {
        const hit = await cache.match(req);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) await cache.put(req, res.clone());
        return res;
      }
      // The page: the server's answer first (a revoked screen gets its refusal), the kept copy when there is none.
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(req, res.clone());
        else if (res.status === 403) await cache.delete(req);
        return res;
      } catch (e) {
        const hit = await cache.match(req);
        if (hit) return hit;
        throw e;
      }
    })(),
  );
});
