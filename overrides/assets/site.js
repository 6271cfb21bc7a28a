/* The site's only script: quick exit and search. Everything works without it.
   Nothing here is read from the page's content: the site's root comes from this script's own
   address, the language from <html lang>; the search form is only the place to show results. */
(function () {
  "use strict";
  var self = document.currentScript;
  var root = self && /^(.*\/)assets\/site\.js(?:[?#].*)?$/.exec(self.src);
  root = root && root[1];
  var lang = document.documentElement.lang;

  /* Quick exit, as GOV.UK's "Exit this page": the button, or Shift pressed three times on its own
     within 5 seconds. A Shift held for a capital or an Urdu letter does not count, and any other
     key starts the count again. */
  var exit = document.getElementById("site-quick-exit");
  if (exit) {
    var leave = function (event) {
      if (event) event.preventDefault();
      document.documentElement.style.display = "none";
      document.title = "";
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    var count = 0, first = 0, alone = false;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Shift") {
        if (!event.repeat) alone = true;
      } else {
        alone = false;
        count = 0;
      }
    }, true);
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") return;
      var now = Date.now();
      if (!alone) { count = 0; return; }
      alone = false;
      if (!count || now - first > 5000) { count = 0; first = now; }
      count += 1;
      if (count >= 3) leave();
    }, true);
  }

  /* The template's form comes after the page's content: a look-alike inside the content is not it. */
  var forms = document.querySelectorAll("form#site-search");
  var form = forms[forms.length - 1];
  if (!form || !root || !/^[a-z]{2,3}$/.test(lang)) return;
  form.hidden = false;
  var input = form.querySelector("input");
  var list = form.querySelector("ol");
  var index = null, data = null, waiting = [];

  function script(src, done) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = done;
    document.head.appendChild(tag);
  }

  /* One form of each letter, so that a word typed on any Urdu or Arabic keyboard, with or without
     vowel marks, finds the same word; the same on the pages' words and on the reader's. */
  function term(word) {
    word = word.normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]/g, "")
      .replace(/[\u064a\u0649]/g, "\u06cc").replace(/\u0643/g, "\u06a9").replace(/[\u0647\u06d5]/g, "\u06c1")
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); })
      .toLowerCase();
    return word || null;
  }

  function load(done) {
    if (index) return done();
    waiting.push(done);
    if (waiting.length > 1) return;
    var ready = 0;
    var both = function () {
      if (++ready < 2) return;
      data = window.__siteSearch;
      if (!data || data.lang !== lang || !window.MiniSearch) return;
      index = new window.MiniSearch({
        idField: "u", fields: ["t", "h", "x"], storeFields: ["t", "u"], processTerm: term,
        searchOptions: {
          combineWith: "AND", boost: { t: 3, h: 2 },
          prefix: function (word, i, words) { return i === words.length - 1; }  /* the word being typed */
        }
      });
      index.addAll(data.docs);
      waiting.splice(0).forEach(function (fn) { fn(); });
    };
    script(root + "assets/minisearch.js", both);
    script(root + "search/" + lang + ".js", both);
  }

  function render() {
    list.textContent = "";
    var query = input.value.trim();
    if (!query) return;
    var hits = index.search(query).slice(0, 20);
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = data.none;
      list.appendChild(none);
      return;
    }
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + hit.u;
      link.textContent = hit.t;
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(render); });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(render); });

  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(root + "sw.js").catch(function () {});
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
