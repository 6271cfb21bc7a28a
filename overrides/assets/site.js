/* The site's only script: quick exit and search. Everything works without it. */
(function () {
  "use strict";
  var exit = document.getElementById("site-quick-exit");
  if (exit) {
    var leave = function (event) {
      if (event) event.preventDefault();
      document.documentElement.style.display = "none";
      document.title = "";
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" || event.repeat) return;
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) leave();
    });
  }

  var form = document.getElementById("site-search");
  if (!form) return;
  form.hidden = false;
  var input = form.querySelector("input");
  var list = form.querySelector("ol");
  var docs = null;
  var lang = form.dataset.lang;
  var prefix = lang === form.dataset.defaultLang ? "" : lang + "/";

  function load(done) {
    if (docs) return done();
    var script = document.createElement("script");
    script.src = form.dataset.index;
    script.onload = function () {
      /* global __index */
      docs = (window.__index && __index.docs || []).filter(function (doc) {
        var inLang = prefix ? doc.location.indexOf(prefix) === 0 : !/^[a-z]{2}(-[a-z]+)?\//i.test(doc.location);
        return inLang;
      });
      done();
    };
    document.head.appendChild(script);
  }

  function text(html) {  /* parsed inert: nothing in it runs or loads */
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  function render() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) return;
    var hits = docs.filter(function (doc) {
      var hay = (doc.title + " " + text(doc.text)).toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    }).slice(0, 20);
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = form.dataset.none;
      list.appendChild(none);
      return;
    }
    hits.forEach(function (doc) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = form.dataset.base + "/" + doc.location;
      link.textContent = text(doc.title);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(render); });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(render); });

  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(form.dataset.base + "/sw.js").catch(function () {});
  }
})();

/* Keep this site on my phone (overrides/partials/keep-offline.html): asks the service worker
   (sw.js) to store every page of this language and its downloads, and shows its progress.
   Shown only where service workers run (http(s)); nothing is stored without the reader's choice. */
(function () {
  "use strict";
  var box = document.getElementById("site-keep");
  if (!box || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var button = box.querySelector("button");
  var status = box.querySelector(".keep__status");
  var prefix = box.dataset.prefix;
  box.hidden = false;
  function send(message) {
    navigator.serviceWorker.ready.then(function (registration) { registration.active.postMessage(message); });
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.prefix !== prefix) return;
    if (data.state === "progress") {
      status.textContent = box.dataset.progress.replace("{done}", data.done).replace("{total}", data.total);
    } else if (data.state === "done") {
      status.textContent = box.dataset.done;
      button.disabled = true;
    } else if (data.state === "failed") {
      status.textContent = box.dataset.failed;
      button.disabled = false;
    }
  });
  navigator.serviceWorker.startMessages();
  button.addEventListener("click", function () {
    button.disabled = true;
    send({ keep: true, prefix: prefix });
  });
  send({ ask: true, prefix: prefix });
})();
