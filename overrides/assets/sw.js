/* Service worker: after one visit over http(s), the pages read and the home pages keep working
   without a connection. Pages: network first (so a published change shows at once), the cache
   when offline. hooks/offline.py stamps VERSION with a hash of the build and moves this file to
   the site root; a new VERSION replaces the old cache. Nothing here runs under file://. */
"use strict";
var VERSION = "__VERSION__";
var CACHE = "site-" + VERSION;
var PRECACHE = [__PRECACHE__];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (path) { return new URL(path, self.registration.scope); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("site-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || caches.match(new URL(PRECACHE[0], self.registration.scope));
    });
  }));
});
