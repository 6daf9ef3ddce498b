"""The shortcuts that keep large builds fast give the same site as the long way round:
the sidebar and tabs rendered once per folder (themecache.py) are the theme's own, byte for
byte, on every page; each page's text is read once and handed to MkDocs unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from addresses import page_file
from xref_html import MINI

BASE_PAGES, MINI_CONFIG = MINI.BASE_PAGES, MINI.MINI_CONFIG

TRIVIA = """---
type: trivia
title: {title}
episodes: [S1E1]
sources:
  - source: Opening run interview
    quote: It took months
---
About [[Helly Riggs]], with a spoiler: ||S2E1: later||.
"""
SOURCE = """---
type: source
title: Opening run interview
outlet: CinemaBlend
---
"""


def _build(root: Path, cache: bool, use_directory_urls: bool,
           extra: dict[str, str] | None = None) -> tuple[dict[str, bytes], int, Any]:
    """Build the mini site; its HTML files, how often the navigation was reused, and the
    plugin (MkDocs keeps one instance across builds: read what it holds before the next)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = root / "docs"
    pages = {**BASE_PAGES,
             **{f"trivia/t{i}.md": TRIVIA.format(title=f"Trivia {i}") for i in range(4)},
             "trivia/deeper/t9.md": TRIVIA.format(title="Trivia 9"),
             "sources/opening-run.md": SOURCE,
             "about.md": "---\ntype: page\ntitle: About\n---\nNot in the nav.\n",
             **(extra or {})}
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    cfg = {**MINI_CONFIG, "strict": True, "use_directory_urls": use_directory_urls,
           "theme": {"name": "material",
                     "features": ["navigation.instant", "navigation.tabs",
                                  "navigation.indexes", "navigation.top"],
                     "palette": [
                         {"scheme": "default",
                          "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
                         {"scheme": "slate",
                          "toggle": {"icon": "material/brightness-4", "name": "Light"}}]},
           "plugins": ["search", {"severance": {"theme_cache": cache}}],
           # Sections, a page in the nav next to pages that are not, two depths.
           "nav": ["index.md",
                   {"Episodes": ["episodes/s1e1.md", "episodes/s1e2.md", "episodes/s2e1.md"]},
                   {"Trivia": ["trivia/t0.md", {"By person": "trivia/by-person.md"}]},
                   {"People": "people/index.md"}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    site = root / "site"
    out = {p.relative_to(site).as_posix(): p.read_bytes()
           for p in site.rglob("*.html")}
    plugin = config.plugins["severance"]
    return out, plugin.theme_cache.hits, plugin


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_cached_navigation_is_the_themes_own(tmp_path: Path, use_directory_urls: bool) -> None:
    plain, plain_hits, _ = _build(tmp_path / "off", False, use_directory_urls)
    cached, hits, _ = _build(tmp_path / "on", True, use_directory_urls)
    assert plain_hits == 0
    # Pages outside the nav in trivia/, people/, characters/ and the top folder share the
    # sidebar and tabs; every page after the first shares the palette, search and top button.
    assert hits >= 5 + 3 * (len(cached) - 1)
    assert sorted(cached) == sorted(plain)
    different = [p for p in plain if plain[p] != cached[p]]
    assert different == []
    # The sidebar really is there, and a page in the nav still marks its own item.
    t1 = page_file(tmp_path / "on" / "site", "trivia/t1.md")  # a late page: neutral address
    assert b'class="md-nav md-nav--primary' in cached[t1]
    t0 = page_file(tmp_path / "on" / "site", "trivia/t0.md")
    assert b"md-nav__link--active" in cached[t0]
    assert b"md-nav__link--active" not in cached[t1]
    for part in (b'data-md-component="palette"', b'data-md-component="search"',
                 b'data-md-component="top"'):
        assert all(part in html for html in cached.values()), part


def test_pages_get_the_text_mkdocs_would_read(tmp_path: Path) -> None:
    from mkdocs.utils import meta

    odd = {  # front matter closed with "...", blank lines after it, non-ASCII text
        "notes/dots.md": "---\ntype: page\ntitle: Dots\n...\n\n\nText \u00e9.\n",
    }
    _, _, plugin = _build(tmp_path, True, True, extra=odd)
    assert plugin.sources == {}  # every page's bytes were handed over, then dropped
    assert len(plugin.pages) > 10
    for uri, page in plugin.pages.items():
        if page.file.abs_src_path is None:
            continue  # generated index pages
        expected_md, expected_meta = meta.get_data(page.file.content_string)
        assert page.markdown == expected_md, uri
        assert {k: v for k, v in page.meta.items() if k not in ("title", "description",
                "sv", "tags")} == {k: v for k, v in expected_meta.items()
                                    if k not in ("title", "description", "tags")}, uri
