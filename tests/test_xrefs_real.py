"""The real wiki: every entity page gains its related lists and backlinks; index pages are
generated and in the navigation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INDEXES = {
    "episodes/index.html": "Episode guide",
    "people/index.html": "Cast and crew",
    "characters/index.html": "Characters",
    "trivia/index.html": "Trivia by episode",
    "trivia/by-person/index.html": "Trivia by person",
    "trivia/by-tag/index.html": "Trivia by tag",
    "sources/index.html": "Sources",
}


def _pages(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / "docs" / folder).glob("*.md") if p.name != "index.md")


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["people", "characters", "episodes"])
def test_every_entity_page_shows_related_lists_and_backlinks(real_site: Path,
                                                             folder: str) -> None:
    pages = _pages(folder)
    assert len(pages) >= 10
    for md in pages:
        html = (real_site / folder / md.stem / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<section class="wiki-related"[^>]*><h2>', html), md
        assert re.search(r'<section class="wiki-backlinks"[^>]*><h2>Linked from</h2><ul><li',
                         html), md
        assert '<aside class="wiki-infobox"' in html, md
        assert ">None<" not in html and "[[" not in html, md
        if folder == "episodes":
            assert '<nav class="wiki-prevnext"' in html, md


@pytest.mark.slow
def test_index_pages_exist_and_are_in_the_navigation(real_site: Path) -> None:
    home = (real_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('md-nav--primary'):home.index('<div class="md-content"')]
    for path, title in INDEXES.items():
        html = (real_site / path).read_text(encoding="utf-8")
        assert f"<title>{title} - Severance Wiki</title>" in html, path
        url = path.removesuffix("index.html")
        assert re.search(rf'href="{re.escape(url)}"', nav), path
    guide = (real_site / "episodes" / "index.html").read_text(encoding="utf-8")
    assert guide.count("<tr><td><a") == 19
    # Person, character and trivia pages stay out of the sidebar; index pages lead there.
    assert 'href="people/adam-scott/"' not in nav
    cast = (real_site / "people" / "index.html").read_text(encoding="utf-8")
    assert 'href="adam-scott/">Adam Scott</a>' in cast


@pytest.mark.slow
def test_search_finds_people_by_their_facts_not_by_navigation(real_site: Path) -> None:
    """Backlinks, related lists and previous/next only repeat other pages' titles: they stay
    out of the search index, while a person's page (title, infobox) is still found."""
    docs = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    text = {d["location"]: d["title"] + " " + d["text"] for d in docs}
    assert not any("Linked from" in t or "Previous:" in t for t in text.values())
    adam = " ".join(t for loc, t in text.items() if loc.startswith("people/adam-scott/"))
    assert "Adam Scott" in adam and "Mark Scout" in adam  # title, and "Plays" in the infobox
    guide = (real_site / "people" / "adam-scott" / "index.html").read_text(encoding="utf-8")
    assert 'class="wiki-backlinks" data-search-exclude' in guide
