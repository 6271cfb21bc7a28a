/* Service worker: after one visit over http(s), the pages read and the home pages keep working
   without a connection. Pages: network first (so a published change shows at once); this copy's
   cache when the network fails or the server answers with an error (403, 500, ...). An address
   never stored gives the home page of its language (a genuine 404 shows the server's page).
   A reader may choose to keep every page of a language ("keep" message from assets/site.js).
   hooks/service_worker.py stamps VERSION (a hash of the build), PRECACHE and LANGUAGES and moves
   this file to the site root. Caches are named by scope, so copies at /a/ and /b/ of one host
   never touch each other's. Nothing here runs under file://. */
"use strict";
var VERSION = "__VERSION__";
var PRECACHE = [__PRECACHE__];
var LANGUAGES = __LANGUAGES__;  /* [{prefix, files, bytes}], longest prefix first */
var SCOPE = self.registration.scope;
var OWN = "site " + SCOPE + " ";  /* a space never appears in a URL: /a/ cannot match /a/-b/ */
var CACHE = OWN + VERSION;
var KEPT = OWN + "kept";  /* which languages the reader chose to keep, across versions */

function here(path) { return new URL(path, SCOPE).href; }

function language(url) {
  var path = url.indexOf(SCOPE) === 0 ? url.slice(SCOPE.length) : "";
  for (var i = 0; i < LANGUAGES.length; i++) {
    if (path.indexOf(LANGUAGES[i].prefix) === 0) return LANGUAGES[i];
  }
  return LANGUAGES[LANGUAGES.length - 1];
}

function keptLanguages() {
  return caches.open(KEPT).then(function (kept) { return kept.keys(); }).then(function (keys) {
    return LANGUAGES.filter(function (lang) {
      return keys.some(function (key) { return key.url === here(lang.prefix + "kept"); });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(here)).then(keptLanguages).then(function (langs) {
      return Promise.all(langs.map(function (lang) { return cache.addAll(lang.files.map(here)); }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

/* Old versions of this copy; and caches of the worker before caches were named by scope
   ("site-<version>", shared by every copy of a host), which nothing else would ever delete. */
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return (name.indexOf(OWN) === 0 && name !== CACHE && name !== KEPT) || /^site-[0-9a-f]{16}$/.test(name);
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function stored(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, { ignoreSearch: true }); });
}

/* Not stored: for a page, the home page of the requested page's language, by redirect, so that
   every relative link on it (the language switcher too) is right. */
function fallback(request, response) {
  return stored(request).then(function (hit) {
    if (hit) return hit;
    if (request.mode !== "navigate" || (response && response.status === 404)) return response || Response.error();
    var home = here(language(request.url).prefix + "index.html");
    return stored(home).then(function (page) {
      return page ? Response.redirect(home, 302) : response || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.status >= 400) return fallback(request, response);
    if (response.ok) {  /* not redirects (status 0 for a page): they pass as they are */
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }, function () { return fallback(request, null); }));
});

/* Keep this site on my phone: every page of one language and its downloads, with progress. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var lang = LANGUAGES.filter(function (l) { return l.prefix === data.prefix; })[0];
  var client = event.source;
  if (!lang || !client) return;
  var tell = function (state, extra) {
    var message = { prefix: lang.prefix, state: state, total: lang.files.length };
    for (var key in extra || {}) message[key] = extra[key];
    client.postMessage(message);
  };
  var marker = here(lang.prefix + "kept");
  if (data.ask) {
    event.waitUntil(keptLanguages().then(function (langs) { if (langs.indexOf(lang) !== -1) tell("done"); }));
    return;
  }
  if (!data.keep) return;
  var done = 0;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return lang.files.reduce(function (previous, file) {
      return previous.then(function () {
        return cache.add(here(file)).then(function () { done += 1; tell("progress", { done: done }); });
      });
    }, Promise.resolve()).then(function () {
      return caches.open(KEPT).then(function (kept) { return kept.put(marker, new Response("")); });
    });
  }).then(function () { tell("done"); }, function () { tell("failed", { done: done }); }));
});
