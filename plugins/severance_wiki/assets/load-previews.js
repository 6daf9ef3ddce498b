/* Hover previews (lazy/previews.js, served as _wiki/previews.js) load only where a reader
   can hover, or once they use the keyboard (previews also follow focus): a phone never
   downloads them. */
(function () {
  "use strict";
  // The site's root, as the page's #sv-timeline gives it (base_url).
  var data = document.getElementById("sv-timeline");
  var src = data ? new URL((data.getAttribute("data-base") || ".") + "/_wiki/previews.js",
                           location.href).href : "";
  function load() {
    if (!src || window.__svPreviews) return;
    window.__svPreviews = true;
    var script = document.createElement("script");
    script.src = src;
    document.head.appendChild(script);
  }
  if (window.matchMedia && window.matchMedia("(hover: hover)").matches) {
    load();
  } else {
    document.addEventListener("keydown", load, { once: true });
  }
})();
