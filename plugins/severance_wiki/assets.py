"""The plugin's own CSS, JavaScript and template overrides, shipped with the package.

Our CSS is one minified stylesheet, inlined in every page's ``<head>`` (``main.html``):
the plugin's ``assets/*.css`` and then the site's own local ``extra_css`` (its theme has the
last word). Inline, it costs a phone's first visit no request of its own: a separate file
was a render-blocking request that delayed the first paint by a round trip. Our JavaScript
(the plugin's ``assets/*.js``) is one minified file, ``_wiki/spoilers.<hash>.js``, loaded
with ``defer`` before the theme's own script: nothing for the browser to fetch or run before
it paints the page's text (the head script has already applied the reader's progress), and
one copy in the browser's cache rather than 8 KB more in every page (the name changes with
its content, so a new version is never served stale). ``assets/lazy/*.js`` are
served minified under ``_wiki/`` for it to load when needed (hover previews, only where a
reader can hover). The site's stylesheets stay in
the site under their own names too. The head script (``overrides/partials/sv-head.html``)
is minified with the same minifier (:func:`install`).
``overrides/`` is put in front of the theme's templates (after a site's own
``custom_dir``), so any site using the plugin gets the same behaviour, mini test sites too.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from pathlib import Path

import jinja2
import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
OVERRIDES = HERE / "overrides"
PREFIX = "_wiki"
BASE = "__sv_base__/"  # a url() to a site file in the inline CSS: the page's base_url


def _asset_files(suffix: str) -> list[Path]:
    return sorted(p for p in ASSETS.glob(f"*{suffix}") if p.is_file())


def _local(uri: str, config: MkDocsConfig) -> Path | None:
    """The file in docs/ behind an ``extra_css`` entry, if it is one of the site's own."""
    if "://" in uri or uri.startswith(("/", "data:")):
        return None
    path = Path(config.docs_dir) / uri
    return path if path.is_file() else None


def register(config: MkDocsConfig) -> None:
    """Take over the site's own stylesheets (they go into our inline CSS) and put our
    template overrides in front."""
    site_css = [str(u) for u in config.extra_css if _local(str(u), config)]
    config["sv_bundled_css"] = site_css  # read back by bundle_css
    config.extra_css[:] = [u for u in config.extra_css if str(u) not in site_css]
    dirs = config.theme.dirs
    if str(OVERRIDES) not in dirs and any(OVERRIDES.rglob("*.html")):
        # theme.dirs = [custom_dir?, material, mkdocs]; ours goes just before material's.
        custom = config.theme.custom_dir
        dirs.insert(1 if custom else 0, str(OVERRIDES))


_URL_RE = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def rebase_urls(css: str, uri: str) -> str:
    """``css`` from the site file at ``uri``, its relative ``url()``\\s made relative to
    the site's root behind :data:`BASE`, which each page replaces with its ``base_url``
    (fonts and images keep working in the inline CSS at any depth)."""
    def fix(m: re.Match[str]) -> str:
        ref = m.group(2)
        if "://" in ref or ref.startswith(("/", "data:", "#")):
            return m.group(0)
        return f'url("{BASE}{posixpath.normpath(posixpath.join(posixpath.dirname(uri), ref))}")'

    return _URL_RE.sub(fix, css)


def bundle_css(config: MkDocsConfig) -> str:
    parts = [p.read_text(encoding="utf-8") for p in _asset_files(".css")]
    for uri in config.get("sv_bundled_css") or []:
        path = _local(uri, config)
        if path is not None:
            parts.append(rebase_urls(path.read_text(encoding="utf-8"), uri))
    return rcssmin.cssmin("\n".join(parts))


def bundle_js() -> str:
    # Each file is its own function expression; ";" keeps them apart once minified.
    return rjsmin.jsmin(";\n".join(p.read_text(encoding="utf-8") for p in _asset_files(".js")))


@functools.lru_cache(maxsize=8)
def minify_js(source: str) -> str:
    """Inline scripts in templates: the same text on every page, minified once."""
    return str(rjsmin.jsmin(source))


def script() -> tuple[str, str]:
    """Our script's site path (named after its content) and its minified text."""
    text = bundle_js()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{PREFIX}/spoilers.{digest}.js", text


def install(env: jinja2.Environment, config: MkDocsConfig) -> None:
    """Give the templates our inline CSS (``sv_css``), our script's path (``sv_js``), and
    the ``sv_minjs`` filter (the head script uses it)."""
    env.filters["sv_minjs"] = minify_js
    env.globals["sv_css"] = bundle_css(config)
    env.globals["sv_js"] = script()[0]
    env.globals["sv_css_base"] = BASE


def add_files(files: Files, config: MkDocsConfig) -> None:
    lazy = [(f"{PREFIX}/{p.name}", minify_js(p.read_text(encoding="utf-8")))
            for p in sorted((ASSETS / "lazy").glob("*.js"))]
    lazy.append(script())
    for uri, content in lazy:
        old = files.get_file_from_path(uri)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, uri, content=content))
