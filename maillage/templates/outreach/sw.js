// Service worker of the terrain page (ADR 0016): the page and its static files come from this cache when
// the network is missing. Records never pass through here: the page keeps them in IndexedDB.
"use strict";
var CACHE = "maillage-terrain-v{{ version }}";
var PAGE = {{ page|safe }};
var EXTRA = {{ extra|safe }};
var STATIC = {{ static_prefix|safe }};

function precache() {
  return caches.open(CACHE).then(function (cache) {
    return fetch(PAGE, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("page indisponible");
      return response.clone().text().then(function (html) {
        var assets = new Set(EXTRA);
        var pattern = /(?:href|src)="([^"]+)"/g;
        var match;
        while ((match = pattern.exec(html)) !== null) {
          if (match[1].indexOf(STATIC) === 0) assets.add(match[1].replace(/&amp;/g, "&"));
        }
        return cache.put(PAGE, response).then(function () { return cache.addAll(Array.from(assets)); });
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(precache().then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("maillage-terrain-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function pageFromNetwork(request) {
  // Network first: a fresh page (and CSRF token) when online; the cached page offline, or when the
  // session has expired (a redirect to the login page), so recording goes on and nothing is lost.
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(PAGE, copy); });
      return response;
    }
    return caches.match(PAGE).then(function (cached) { return cached || response; });
  }, function () {
    return caches.match(PAGE).then(function (cached) { return cached || Response.error(); });
  });
}

function staticFile(request) {
  return caches.match(request).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) event.respondWith(pageFromNetwork(request));
  else if (url.pathname.indexOf(STATIC) === 0) event.respondWith(staticFile(request));
});
