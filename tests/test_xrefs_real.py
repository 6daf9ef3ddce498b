"""The real wiki: every entity page gains its related lists and backlinks; index pages are
generated and in the navigation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from addresses import page_path

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
def test_every_entity_page_shows_each_related_page_once(real_site: Path,
                                                      folder: str) -> None:
    """Infobox, previous/next, related lists and "Linked from" each show what the others do
    not: the backlink strip is where else a page is mentioned."""
    pages = _pages(folder)
    assert len(pages) >= 10
    strips = 0
    for md in pages:
        html = page_path(real_site, f"{folder}/{md.name}").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert ">None<" not in html and "[[" not in html, md
        if folder == "episodes":
            assert soup.select_one("nav.wiki-prevnext"), md
            assert soup.select_one("aside.wiki-infobox"), md
        shown = {a["href"] for part in soup.select(
            "aside.wiki-infobox, nav.wiki-prevnext, section.wiki-related") for a in
            part.select("a[href]")}
        linked = [a["href"] for a in soup.select("section.wiki-backlinks a[href]")]
        strips += bool(linked)
        assert not shown & set(linked), (md, shown & set(linked))
        assert len(linked) == len(set(linked)), md
    assert strips, f"no {folder} page has a backlink strip left to check"


@pytest.mark.slow
def test_an_episode_names_its_director_and_writer_once(real_site: Path) -> None:
    import yaml

    for md in _pages("episodes"):
        meta = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])
        html = (real_site / "episodes" / md.stem / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        assert article is not None
        for name in set(meta["directed_by"] + meta["written_by"]):
            links = [a for a in article.select("a[href]") if a.get_text(strip=True) == name]
            assert len(links) == 1, (md.name, name, len(links))


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
    assert guide.count('<th scope="row"><a') == 19
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
