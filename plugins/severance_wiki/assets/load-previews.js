/* Hover previews (lazy/previews.js, served as _wiki/previews.js) load only where a reader
   can hover, or once they use the keyboard (previews also follow focus): a phone never
   downloads them. */
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.src ? me.src.replace(/[^/]*$/, "previews.js") : "";
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
