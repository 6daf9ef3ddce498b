"""The plugin's own CSS, JavaScript and template overrides, shipped with the package.

Every ``*.css`` / ``*.js`` in ``assets/`` is served under ``_wiki/`` and linked from every
page; ``overrides/`` is put in front of the theme's templates (after a site's own
``custom_dir``), so any site using the plugin gets the same behaviour, mini test sites too.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
OVERRIDES = HERE / "overrides"
PREFIX = "_wiki"


def _asset_files() -> list[Path]:
    return sorted(p for p in ASSETS.rglob("*") if p.is_file() and not p.name.startswith("."))


def register(config: MkDocsConfig) -> None:
    """Link the assets from every page and put our template overrides in front."""
    css_at = 0
    for path in _asset_files():
        uri = f"{PREFIX}/{path.relative_to(ASSETS).as_posix()}"
        if path.suffix == ".css" and uri not in config.extra_css:
            # Before the site's own stylesheets: the plugin gives defaults, a site's theme
            # (e.g. docs/assets/wiki.css) has the last word.
            config.extra_css.insert(css_at, uri)
            css_at += 1
        elif path.suffix == ".js" and uri not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(uri)
    dirs = config.theme.dirs
    if str(OVERRIDES) not in dirs and any(OVERRIDES.rglob("*.html")):
        # theme.dirs = [custom_dir?, material, mkdocs]; ours goes just before material's.
        custom = config.theme.custom_dir
        dirs.insert(1 if custom else 0, str(OVERRIDES))


def add_files(files: Files, config: MkDocsConfig) -> None:
    for path in _asset_files():
        uri = f"{PREFIX}/{path.relative_to(ASSETS).as_posix()}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
