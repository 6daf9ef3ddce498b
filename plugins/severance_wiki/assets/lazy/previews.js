/* Hover previews of wiki links (severance plugin).
 *
 * Hovering or focusing a wiki link shows a short summary of the target page: its
 * `summary` front matter (p.wiki-summary) or else its first paragraph. The text is taken
 * from the target page's built HTML, where the spoiler system has already gated anything
 * that needs it; as a second line of defence, any element left in the copy that carries
 * an unrevealed data-reveal or a spoiler (sv-*) class is replaced by an ellipsis, so a
 * preview can only ever show less than the page itself shows. Works with Material's instant navigation:
 * one delegated listener on the document survives page swaps, and the tooltip is closed
 * on every new page (document$).
 *
 * Spoilers: the spoiler system (spoilers.js) exposes the reader's progress as
 * window.severanceSpoilers: progress() (a position on the timeline) and isRevealed(key).
 * A link gets a preview only when the reader's progress (not a click on "Show") covers
 * every gate and data-reveal mark around it and the target page's reveal point
 * (data-wiki-page-reveal). The preview shows only what the target page shows to this
 * reader without clicks: a gate (.sv-spoiler, data-sv-pos) the progress covers is
 * unwrapped, any other gate or unrevealed mark becomes an ellipsis. Without the spoiler
 * script, nothing gated is ever previewed.
 */
(function () {
  "use strict";
  var cache = new Map();
  var tip = null;
  var current = null;
  var timer = 0;

  function api() {
    var a = window.severanceSpoilers;
    return a && typeof a.isRevealed === "function" ? a : null;
  }

  function revealed(key) {
    var a = api();
    return !!(a && key && a.isRevealed(key) === true);
  }

  function progress() {
    var a = api();
    var pos = a && typeof a.progress === "function" ? Number(a.progress()) : 0;
    return isFinite(pos) ? pos : 0;
  }

  function isGate(el) {
    return el.classList.contains("sv-spoiler");
  }

  // A gate is open without clicks when the reader's progress reaches its position.
  function gateOpen(gate) {
    var pos = parseInt(gate.getAttribute("data-sv-pos"), 10);
    return !isNaN(pos) && pos <= progress();
  }

  // True when nothing between el and stop (exclusive) hides el from this reader.
  function shownByProgress(el, stop) {
    for (var n = el; n && n !== stop; n = n.parentElement) {
      if (isGate(n) && !gateOpen(n)) return false;
      if (n.classList.contains("sv-gate")) return false;  // a gate's own note
      if (n.hasAttribute("data-reveal") && !revealed(n.getAttribute("data-reveal"))) {
        return false;
      }
    }
    return true;
  }

  // The copy of a paragraph as this reader sees it: open gates unwrapped, others "…".
  function resolveGates(copy) {
    var gate;
    while ((gate = copy.querySelector(".sv-spoiler"))) {
      var content = gate.querySelector(":scope > .sv-content");
      if (gateOpen(gate) && content) {
        gate.replaceWith.apply(gate, Array.prototype.slice.call(content.childNodes));
      } else {
        gate.replaceWith(document.createTextNode("…"));
      }
    }
    copy.querySelectorAll("*").forEach(function (el) {
      if (!copy.contains(el)) return;  // inside an element replaced just before
      var cls = el.getAttribute("class") || "";
      var mark = el.getAttribute("data-reveal");
      if ((mark !== null && !revealed(mark)) || /(^|\s)sv-/.test(cls)) {
        el.replaceWith(document.createTextNode("…"));
      }
    });
  }

  function lead(doc) {
    var article = doc.querySelector("article.md-content__inner") || doc.querySelector("article");
    if (!article) return null;
    var page = article.querySelector("[data-wiki-page-reveal]");
    if (page && !revealed(page.getAttribute("data-wiki-page-reveal"))) return null;
    var summary = article.querySelector("p.wiki-summary");
    var paragraphs = summary ? [summary] : article.querySelectorAll("p");
    for (var i = 0; i < paragraphs.length; i++) {
      var p = paragraphs[i];
      if (p !== summary && p.closest("aside, nav, section, details, table, .admonition")) {
        continue;
      }
      if (!shownByProgress(p, article)) continue;
      if (!p.textContent.trim()) continue;
      var copy = p.cloneNode(true);
      copy.removeAttribute("hidden");
      copy.removeAttribute("class");
      copy.removeAttribute("data-reveal");
      resolveGates(copy);
      copy.querySelectorAll("a").forEach(function (a) {
        a.replaceWith(document.createTextNode(a.textContent));
      });
      if (!copy.textContent.replace(/…/g, "").trim()) continue;
      return copy;
    }
    return null;
  }

  function load(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          return html ? new DOMParser().parseFromString(html, "text/html") : null;
        })
        .catch(function () { return null; }));
    }
    return cache.get(url);
  }

  function hide() {
    window.clearTimeout(timer);
    current = null;
    if (tip) {
      tip.hidden = true;
      tip.textContent = "";
    }
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(r.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    var url = link.href.split("#")[0];
    current = link;
    load(url).then(function (doc) {
      // Decided on every hover: the reader's progress may have changed since the fetch.
      var node = doc && lead(doc);
      if (current !== link || !node) return;
      if (!tip) {
        tip = document.createElement("div");
        tip.className = "wiki-preview";
        tip.id = "wiki-preview";
        tip.setAttribute("role", "tooltip");
        document.body.appendChild(tip);
      }
      tip.textContent = "";
      tip.appendChild(node);
      tip.hidden = false;
      link.setAttribute("aria-describedby", "wiki-preview");
      place(link);
    });
  }

  function linkOf(target) {
    if (!(target instanceof Element)) return null;
    var link = target.closest("article a.wikilink[href]");
    if (!link || link.closest(".wiki-preview")) return null;
    // A link the reader only sees by clicking "Show" (or one marked for a later episode)
    // previews nothing: its target is past the reader's progress.
    if (!shownByProgress(link, null)) return null;
    return link;
  }

  function arm(event) {
    var link = linkOf(event.target);
    if (!link || link === current) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(link); }, event.type === "focusin" ? 0 : 300);
  }

  function disarm(event) {
    var link = linkOf(event.target);
    if (link) {
      link.removeAttribute("aria-describedby");
      hide();
    }
  }

  document.addEventListener("mouseover", arm);
  document.addEventListener("focusin", arm);
  document.addEventListener("mouseout", disarm);
  document.addEventListener("focusout", disarm);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(hide);
  }
})();
