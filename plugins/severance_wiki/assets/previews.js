/* Hover previews of wiki links (severance plugin).
 *
 * Hovering or focusing a wiki link shows a short summary of the target page: its
 * `summary` front matter (p.wiki-summary) or else its first paragraph. The text is taken
 * from the target page's built HTML, where the spoiler system has already gated anything
 * that needs it; as a second line of defence, any element in the copy that carries
 * data-reveal or a spoiler (sv-*) class is replaced by an ellipsis, so a preview can only
 * ever show less than the page itself shows. Works with Material's instant navigation:
 * one delegated listener on the document survives page swaps, and the tooltip is closed
 * on every new page (document$).
 *
 * Spoilers: a link marked data-reveal, or a target page marked data-wiki-page-reveal,
 * gets no preview unless the spoiler system says the reader has got that far, through
 * window.severanceSpoilers.isRevealed(key) (returning true only when it is safe).
 */
(function () {
  "use strict";
  var cache = new Map();
  var tip = null;
  var current = null;
  var timer = 0;

  function isGated(el) {
    if (el.hasAttribute("data-reveal")) return true;
    var cls = el.getAttribute("class") || "";
    return /(^|\s)sv-/.test(cls);
  }

  function revealed(key) {
    var api = window.severanceSpoilers;
    return !!(api && typeof api.isRevealed === "function" && api.isRevealed(key) === true);
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
      if (p !== summary && p.closest(
        "aside, nav, section, details, table, .admonition, [data-reveal], [class*='sv-']"
      )) continue;
      if (!p.textContent.trim()) continue;
      var copy = p.cloneNode(true);
      copy.removeAttribute("hidden");
      copy.removeAttribute("class");
      copy.querySelectorAll("*").forEach(function (el) {
        if (isGated(el)) el.replaceWith(document.createTextNode("…"));
      });
      copy.querySelectorAll("a").forEach(function (a) {
        a.replaceWith(document.createTextNode(a.textContent));
      });
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
    var gate = link.closest("[data-reveal]");
    if (gate && !revealed(gate.getAttribute("data-reveal"))) return null;
    if (!gate && link.closest("[class*='sv-']")) return null;
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
