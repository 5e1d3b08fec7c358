/* Backtrack's service worker, served at /sw.js by config.views.service_worker, which puts its settings
   in self.BACKTRACK first: {version, offline, assets, static}.
   - Pages come from the network; when the network fails, the offline page (kept at install) is shown.
   - The files the offline page needs are kept too; other static files are cached as they are used.
   - Forms are never answered from here: static/js/offline-queue.js keeps offline logs in IndexedDB. */
"use strict";

const CONFIG = self.BACKTRACK;
const CACHE = `backtrack-${CONFIG.version}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([CONFIG.offline, ...CONFIG.assets])).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("backtrack-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(CONFIG.offline)));
    return;
  }
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
  }
});
