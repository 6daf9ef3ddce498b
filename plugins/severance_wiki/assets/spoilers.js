/* Spoiler progress for the severance wiki: the "Watched up to" control, the first-visit
   prompt and the reveal buttons. The head script (overrides/partials/sv-head.html) has
   already applied the saved progress before first paint; this file keeps it in sync. */
(function () {
  "use strict";
  var root = document.documentElement;
  var data = { keys: [], storage: "sv-progress", titles: "" };
  var source = document.getElementById("sv-timeline");
  try { data = JSON.parse(source.textContent); } catch (e) {}
  var keys = data.keys, titles = {};
  // Titles come from one file, so no page's HTML carries later episodes' titles.
  if (data.titles && window.fetch) {
    var base = new URL((source.getAttribute("data-base") || ".") + "/", location.href);
    fetch(new URL(data.titles, base)).then(function (r) { return r.json(); })
      .then(function (json) { titles = json.titles || {}; refreshControls(); })
      .catch(function () {});
  }

  function saved() {
    try { return window.localStorage.getItem(data.storage); } catch (e) { return null; }
  }
  function position(value) {
    if (value === "all") return keys.length;
    return keys.indexOf(value) + 1;
  }

  function applyProgress(pos) {
    var css = "";
    for (var n = 1; n <= pos; n++) {
      var at = '[data-sv-pos="' + n + '"]';
      css += at + ">.sv-content{display:contents}" + at + ">.sv-gate," + at +
        ">.sv-toggle," + at + ">.sv-title-safe{display:none}" + at +
        ">.md-nav__title{visibility:visible}";
    }
    if (window.__svSheet) {
      window.__svSheet.replaceSync(css);
      root.setAttribute("data-sv-progress", String(pos));
      return;
    }
    var style = document.getElementById("sv-progress-css");
    if (!style) {
      style = document.createElement("style");
      style.id = "sv-progress-css";
      document.head.appendChild(style);
    }
    style.textContent = css;
    root.setAttribute("data-sv-progress", String(pos));
  }

  function label(key, pos) {
    // An episode's title is safe once the episode before it is watched.
    var at = keys.indexOf(key) + 1;
    var title = titles[key];
    return title && at - 1 <= pos ? key + ": " + title : key;
  }

  function fillSelect(select, pos) {
    var value = saved();
    select.textContent = "";
    var none = new Option("S0: nothing yet", "S0");
    select.add(none);
    keys.forEach(function (key) { select.add(new Option(label(key, pos), key)); });
    select.add(new Option("Everything (all episodes)", "all"));
    select.value = value === null ? "S0" : value;
    if (select.selectedIndex < 0) select.value = "S0";
  }

  // Later episodes are listed by key only in the built pages (nav, footer, headings, tab
  // title); once the reader's progress makes a title safe, show it next to the key.
  // A gate's note names a later episode by key (.sv-key) for the same reason.
  var LABELS = ".md-nav__link .md-ellipsis, .md-footer__title .md-ellipsis, " +
    ".md-header__topic .md-ellipsis, article.md-content__inner > h1, .sv-note .sv-key";
  function relabel(pos) {
    document.querySelectorAll(LABELS).forEach(function (el) {
      if (el.children.length) return;
      var key = el.getAttribute("data-sv-label") || el.textContent.trim();
      if (keys.indexOf(key) < 0) return;
      el.setAttribute("data-sv-label", key);
      el.textContent = label(key, pos);
    });
    var m = /^(S\d+E\d+)(?:: [^-]*)? - (.*)$/.exec(document.title);
    if (m && titles[m[1]]) document.title = label(m[1], pos) + " - " + m[2];
  }

  function refreshControls() {
    var pos = position(saved());
    document.querySelectorAll("select.sv-select").forEach(function (s) { fillSelect(s, pos); });
    relabel(pos);
    retitle(pos);
  }

  // A late page carries its real title hidden in its h1 (.sv-title); once the page is
  // shown (progress, or its "Show"), the tab title and the header say it too.
  function retitle(pos) {
    var h1 = document.querySelector("h1.sv-title");
    if (!h1) return;
    var page = document.querySelector(".sv-page");
    var shown = pos >= Number(h1.getAttribute("data-sv-pos")) ||
      (page !== null && page.classList.contains("sv-open"));
    var safe = h1.querySelector(".sv-title-safe"), real = h1.querySelector(".sv-content");
    if (!safe || !real) return;
    var title = (shown ? real : safe).textContent;
    var at = document.title.lastIndexOf(" - ");
    var site = h1.getAttribute("data-sv-site") ||
      (at >= 0 ? document.title.slice(at + 3) : "");
    h1.setAttribute("data-sv-site", site);
    document.title = site ? title + " - " + site : title;
    document.querySelectorAll(".md-header__topic[data-md-component=header-topic] .md-ellipsis")
      .forEach(function (el) { el.textContent = title; });
  }

  function choose(value) {
    try { window.localStorage.setItem(data.storage, value); } catch (e) {}
    root.removeAttribute("data-sv-unset");
    applyProgress(position(value));
    refreshControls();
    if (window.__svSearch) window.__svSearch();  // search follows progress (head script)
    document.querySelectorAll(".sv-prompt").forEach(function (p) { p.remove(); });
  }

  function makeSelect(id) {
    var select = document.createElement("select");
    select.className = "sv-select";
    select.id = id;
    select.addEventListener("change", function () { choose(select.value); });
    fillSelect(select, position(saved()));
    return select;
  }

  function ensureControl() {
    if (document.querySelector(".sv-progress")) return;
    var host = document.querySelector(".md-header__inner") || document.body;
    var box = document.createElement("div");
    box.className = "sv-progress";
    var lab = document.createElement("label");
    lab.htmlFor = "sv-progress-select";
    lab.className = "sv-progress-label";
    lab.textContent = "Watched up to:";
    var select = makeSelect("sv-progress-select");
    select.setAttribute("aria-label", "Watched up to");
    box.appendChild(lab);
    box.appendChild(select);
    var before = host.querySelector(".md-search") || host.querySelector(".md-header__source");
    if (before) host.insertBefore(box, before); else host.appendChild(box);
  }

  function ensurePrompt() {
    if (saved() !== null || document.querySelector(".sv-prompt")) return;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var box = document.createElement("section");
    box.className = "sv-prompt";
    box.setAttribute("aria-label", "How far have you watched?");
    var p = document.createElement("p");
    p.textContent = "How far have you watched Severance? Until you choose, the wiki treats " +
      "you as a new viewer and hides everything past the start of the first episode. " +
      "Choose in \u201cWatched up to\u201d at the top, or:";
    var actions = document.createElement("div");
    actions.className = "sv-choose";
    [["all", "I have seen everything"], ["S0", "I have not started yet"]].forEach(function (c) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = c[1];
      b.addEventListener("click", function () { choose(c[0]); });
      actions.appendChild(b);
    });
    box.appendChild(p);
    box.appendChild(actions);
    article.insertBefore(box, article.firstChild);
  }

  // For the site's other scripts (hover previews): what the reader's progress allows.
  // progress() is the position on the timeline (0: nothing watched or not chosen yet);
  // isRevealed(key) is true only for "S0" and keys at or before it, never for unknown keys.
  window.severanceSpoilers = {
    keys: keys.slice(),
    progress: function () { return position(saved()); },
    isRevealed: function (key) {
      if (key === "S0") return true;
      var at = keys.indexOf(String(key).toUpperCase()) + 1;
      return at > 0 && at <= position(saved());
    }
  };

  // One delegated handler: survives instant navigation, which swaps the page content.
  document.addEventListener("click", function (ev) {
    var button = ev.target instanceof Element ? ev.target.closest(".sv-show") : null;
    if (!button) return;
    var gate = button.closest(".sv-spoiler");
    if (!gate) return;
    var open = !gate.classList.contains("sv-open");
    gate.classList.toggle("sv-open", open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide" : "Show";
    if (gate.classList.contains("sv-page")) retitle(position(saved()));
  });

  // Another tab changed the progress.
  window.addEventListener("storage", function (ev) {
    if (ev.key === data.storage) {
      applyProgress(position(saved()));
      refreshControls();
      if (window.__svSearch) window.__svSearch();
    }
  });

  function onPage() {
    if (!window.__svSheet) applyProgress(position(saved()));
    ensureControl();
    ensurePrompt();
    relabel(position(saved()));
    retitle(position(saved()));
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
