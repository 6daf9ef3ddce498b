"""The plugin's own CSS, JavaScript and template overrides, shipped with the package.

Every page links one stylesheet and one script of ours, each minified at build time:
``_wiki/wiki.css`` holds the plugin's ``assets/*.css`` and then the site's own local
``extra_css`` (its theme has the last word), ``_wiki/wiki.js`` the plugin's
``assets/*.js``. One file each instead of one per part keeps a phone's first visit to two
extra requests. The site's stylesheets stay in the site under their own names too.
``overrides/`` is put in front of the theme's templates (after a site's own
``custom_dir``), so any site using the plugin gets the same behaviour, mini test sites too.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
OVERRIDES = HERE / "overrides"
PREFIX = "_wiki"
CSS = f"{PREFIX}/wiki.css"
JS = f"{PREFIX}/wiki.js"


def _asset_files(suffix: str) -> list[Path]:
    return sorted(p for p in ASSETS.glob(f"*{suffix}") if p.is_file())


def _local(uri: str, config: MkDocsConfig) -> Path | None:
    """The file in docs/ behind an ``extra_css`` entry, if it is one of the site's own."""
    if "://" in uri or uri.startswith(("/", "data:")):
        return None
    path = Path(config.docs_dir) / uri
    return path if path.is_file() else None


def register(config: MkDocsConfig) -> None:
    """Link our bundles from every page and put our template overrides in front."""
    site_css = [str(u) for u in config.extra_css if _local(str(u), config)]
    config["sv_bundled_css"] = site_css  # read back by add_files
    kept = [u for u in config.extra_css if str(u) not in site_css and str(u) != CSS]
    config.extra_css[:] = [CSS, *kept]
    if JS not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(JS)
    dirs = config.theme.dirs
    if str(OVERRIDES) not in dirs and any(OVERRIDES.rglob("*.html")):
        # theme.dirs = [custom_dir?, material, mkdocs]; ours goes just before material's.
        custom = config.theme.custom_dir
        dirs.insert(1 if custom else 0, str(OVERRIDES))


_URL_RE = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def rebase_urls(css: str, uri: str, to: str) -> str:
    """``css`` from the site file at ``uri``, its relative ``url()``\\s rewritten for a
    stylesheet served at ``to`` (fonts and images keep working in the bundle)."""
    def fix(m: re.Match[str]) -> str:
        ref = m.group(2)
        if "://" in ref or ref.startswith(("/", "data:", "#")):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), ref))
        return f'url("{posixpath.relpath(target, posixpath.dirname(to))}")'

    return _URL_RE.sub(fix, css)


def bundle_css(config: MkDocsConfig) -> str:
    parts = [p.read_text(encoding="utf-8") for p in _asset_files(".css")]
    for uri in config.get("sv_bundled_css") or []:
        path = _local(uri, config)
        if path is not None:
            parts.append(rebase_urls(path.read_text(encoding="utf-8"), uri, CSS))
    return rcssmin.cssmin("\n".join(parts))


def bundle_js() -> str:
    # Each file is its own function expression; ";" keeps them apart once minified.
    return rjsmin.jsmin(";\n".join(p.read_text(encoding="utf-8") for p in _asset_files(".js")))


def add_files(files: Files, config: MkDocsConfig) -> None:
    for uri, content in ((CSS, bundle_css(config)), (JS, bundle_js())):
        old = files.get_file_from_path(uri)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, uri, content=content))
