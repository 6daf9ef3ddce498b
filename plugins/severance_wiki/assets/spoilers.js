/* Spoiler progress for the severance wiki: the "Watched up to" controls, the first-visit
   question and the reveal buttons. The page carries the controls and the question (see
   overrides/partials/sv-progress.html and sv-prompt.html); the head script (sv-head.html)
   has already applied the saved progress before first paint; this file keeps it in sync. */
(function () {
  "use strict";
  var root = document.documentElement;
  var data = { keys: [], storage: "sv-progress", titles: "", safe: {} };
  var source = document.getElementById("sv-timeline");
  try { data = JSON.parse(source.textContent); } catch (e) {}
  var keys = data.keys || [];
  var titles = data.safe || {};  // the titles the reader may see, by key
  var loaded = 0;  // the progress `titles` were loaded for
  var requested = -1;

  function saved() {
    try { return window.localStorage.getItem(data.storage); } catch (e) { return null; }
  }
  function position(value) {
    if (value === "all") return keys.length;
    return keys.indexOf(value) + 1;
  }

  // Titles come in one small file per progress (_wiki/titles/<n>.json), holding only what
  // is safe at n: a reader's browser never fetches a title past their progress. At S0 the
  // page already has every title it may show.
  function loadTitles(pos) {
    if (pos <= loaded || pos === requested || !data.titles || !window.fetch) return;
    requested = pos;
    var base = new URL((source.getAttribute("data-base") || ".") + "/", location.href);
    fetch(new URL(data.titles + pos + ".json", base)).then(function (r) { return r.json(); })
      .then(function (json) {
        if (position(saved()) !== pos) return;  // the reader moved on meanwhile
        titles = json.titles || {};
        loaded = pos;
        refreshControls();
      })
      .catch(function () { requested = -1; });
  }

  function applyProgress(pos) {
    var css = window.__svRules ? window.__svRules(pos) : "";
    root.setAttribute("data-sv-progress", String(pos));
    if (window.__svSheet) {
      window.__svSheet.replaceSync(css);
    } else {
      var style = document.getElementById("sv-progress-css");
      if (!style) {
        style = document.createElement("style");
        style.id = "sv-progress-css";
        document.head.appendChild(style);
      }
      style.textContent = css;
    }
    updateGroups(pos);
  }

  function label(key, pos) {
    // An episode's title is safe once the episode before it is watched.
    var title = titles[key];
    return title && keys.indexOf(key) <= pos ? key + " \u00b7 " + title : key;
  }

  function fillSelect(select, pos) {
    var value = saved();
    var chosen = value === null || keys.indexOf(value) < 0 && value !== "all" ? "S0" : value;
    // Nothing yet, every episode, Everything (the page carries the two ends only).
    var options = select.options;
    var last = options[options.length - 1];
    keys.forEach(function (key, i) {
      var option = options[i + 1];
      if (!option || option.value !== key) {
        option = new Option(key, key);
        select.insertBefore(option, options[i + 1] || last);
      }
      // The chosen episode is shown by its key alone, so the closed control keeps its width.
      option.textContent = key === chosen ? key : label(key, pos);
    });
    while (options.length > keys.length + 2) select.remove(keys.length + 1);
    select.value = chosen;
    if (select.selectedIndex < 0) select.value = "S0";
  }

  // Later episodes are listed by key only in the built pages (nav, footer, headings, tab
  // title); once the reader's progress makes a title safe, show it next to the key.
  var LABELS = ".md-nav__link .md-ellipsis, .md-footer__title .md-ellipsis, " +
    ".md-header__topic .md-ellipsis, article.md-content__inner > h1";
  function relabel(pos) {
    document.querySelectorAll(LABELS).forEach(function (el) {
      if (el.children.length) return;
      var key = el.getAttribute("data-sv-label") || el.textContent.trim();
      if (keys.indexOf(key) < 0) return;
      el.setAttribute("data-sv-label", key);
      el.textContent = label(key, pos).replace(" \u00b7 ", ": ");
    });
    var m = /^(S\d+E\d+)(?:: [^-]*)? - (.*)$/.exec(document.title);
    if (m && titles[m[1]]) document.title = label(m[1], pos).replace(" \u00b7 ", ": ") + " - " + m[2];
  }

  // A group's gate says what it still hides: its items each show once progress reaches
  // their own point, so the note counts the rest ("Safe after S1E9 – S2E1 · 3 more").
  function updateGroups(pos) {
    document.querySelectorAll(".sv-each").forEach(function (group) {
      var hidden = [];
      group.querySelectorAll(".sv-later").forEach(function (item) {
        var at = Number(item.getAttribute("data-sv-pos"));
        if (at > pos) hidden.push(at);
      });
      var note = group.querySelector(".sv-gate .sv-note");
      if (!note || !hidden.length || pos <= 0) return;
      var first = Math.min.apply(null, hidden), last = Math.max.apply(null, hidden);
      var key = function (at) { return keys[at - 1] || "a later episode"; };
      note.textContent = "Safe after " + key(first) + (last > first ? " \u2013 " + key(last) : "") +
        " \u00b7 " + hidden.length + " more";
    });
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
    root.removeAttribute("data-sv-unset");  // the first-visit question goes (CSS)
    var pos = position(value);
    applyProgress(pos);
    refreshControls();
    loadTitles(pos);
    if (window.__svSearch) window.__svSearch();  // search follows progress (head script)
  }

  // Each "Watched up to" control is in the page; a site without the theme's header gets one.
  function ensureControl() {
    var selects = document.querySelectorAll("select.sv-select");
    selects.forEach(function (select) {
      if (select.getAttribute("data-sv-bound")) return;
      select.setAttribute("data-sv-bound", "1");
      select.addEventListener("change", function () { choose(select.value); });
    });
    if (selects.length) return;
    var box = document.createElement("div");
    box.className = "sv-progress sv-progress--header";
    var select = document.createElement("select");
    select.className = "sv-select";
    select.id = "sv-progress-select";
    select.add(new Option("Nothing yet", "S0"));
    keys.forEach(function (key) { select.add(new Option(key, key)); });
    select.add(new Option("Everything", "all"));
    var lab = document.createElement("label");
    lab.className = "sv-progress-label";
    lab.htmlFor = select.id;
    lab.textContent = "Watched up to";
    box.appendChild(lab);
    box.appendChild(select);
    (document.querySelector(".md-header__inner") || document.body).appendChild(box);
    ensureControl();
  }

  // "Set your progress" (any element with data-sv-progress-open): the control itself, in
  // the header when it shows, else in the drawer, which opens.
  function openProgress() {
    var header = document.getElementById("sv-progress-select");
    var target = header && header.offsetParent !== null ? header : null;
    if (!target) {
      var drawer = document.getElementById("__drawer");
      if (drawer && !drawer.checked) {
        drawer.checked = true;
        drawer.dispatchEvent(new Event("change"));
      }
      target = document.getElementById("sv-progress-drawer") ||
        document.querySelector("select.sv-select");
    }
    if (!target) return;
    window.setTimeout(function () {
      target.focus();
      try { target.showPicker(); } catch (e) {}
    }, 50);
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
    var el = ev.target instanceof Element ? ev.target : null;
    if (!el) return;
    var pick = el.closest("[data-sv-choose]");
    if (pick) { choose(pick.getAttribute("data-sv-choose")); return; }
    if (el.closest("[data-sv-progress-open]")) { ev.preventDefault(); openProgress(); return; }
    var button = el.closest(".sv-show");
    if (!button) return;
    var gate = button.closest(".sv-spoiler");
    if (!gate) return;
    var open = !gate.classList.contains("sv-open");
    gate.classList.toggle("sv-open", open);
    button.setAttribute("aria-expanded", String(open));
    if (gate.matches(".sv-row, .sv-each")) {
      // A row or a group leaves no gate behind once shown (its gate is hidden): focus
      // moves to what it revealed.
      var first = gate.querySelector(".sv-content a[href], .sv-later a[href]");
      if (first) first.focus();
      return;
    }
    button.textContent = open ? "Hide" : "Show";
    if (gate.classList.contains("sv-page")) retitle(position(saved()));
  });

  // Another tab changed the progress.
  window.addEventListener("storage", function (ev) {
    if (ev.key === data.storage) {
      var pos = position(saved());
      if (saved() !== null) root.removeAttribute("data-sv-unset");
      applyProgress(pos);
      refreshControls();
      loadTitles(pos);
      if (window.__svSearch) window.__svSearch();
    }
  });

  function onPage() {
    var pos = position(saved());
    if (!window.__svSheet) applyProgress(pos);
    ensureControl();
    if (pos <= 0) {
      // A first visit: the page is right as built; the controls' list of episodes can wait
      // until the browser has painted the page.
      window.requestAnimationFrame(function () { window.setTimeout(refreshControls, 0); });
      return;
    }
    refreshControls();
    updateGroups(pos);
    loadTitles(pos);
  }
  // Once the page is parsed (the theme's deferred script has run by then): with Material's
  // instant navigation, on every page it swaps in; without it, once.
  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(onPage);
    } else {
      onPage();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
