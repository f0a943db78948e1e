// Offline: the page shell and every API answer the pages read are kept; with no network the last
// copy is served, marked with the time it was saved so the page can say how old it is.
'use strict';
const SHELL = 'rd-shell-v1';
const DATA = 'rd-data-v1';
const SHELL_FILES = ['/shop', '/seller', '/brand', '/pages/app.css', '/pages/common.js', '/pages/shop.js', '/pages/brand.js', '/pages/seller.js'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => Promise.all(SHELL_FILES.map((f) => c.add(f).catch(() => undefined)))).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => { e.waitUntil(self.clients.claim()); });

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    if (res.ok) {
      const headers = new Headers(res.headers);
      headers.set('x-rd-saved-at', new Date().toISOString());
      const body = await res.clone().arrayBuffer();
      await cache.put(request, new Response(body, { status: res.status, headers }));
    }
    return res;
  } catch (err) {
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/v1/')) e.respondWith(networkFirst(e.request, DATA));
  else if (SHELL_FILES.includes(url.pathname)) e.respondWith(networkFirst(e.request, SHELL));
});
