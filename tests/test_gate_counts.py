"""Calm pages: one gate per thing a reader decides on (a table row, a list, a backlink
strip, a card group), counted on the real site as a reader at a given progress meets them.

``gates(html, progress)`` counts the gates a reader sees without clicking: closed gates
(with a "Show") that are not inside another closed gate, nor an item of a group that is
still hidden. The counts were 60 on the episode guide at S1E3, two per row of the
characters index, nine in Ben Stiller's "Linked from" and five in the home page's
"Latest trivia" before gates were grouped (issue #13).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parent.parent
KEYS = [f"S1E{n}" for n in range(1, 10)] + [f"S2E{n}" for n in range(1, 11)]


def _pos(tag: Tag) -> int:
    return int(str(tag.get("data-sv-pos") or 0))


def _hidden(tag: Tag, progress: int) -> bool:
    """Whether ``tag`` sits in something a reader at ``progress`` does not see."""
    for parent in [tag, *tag.parents]:
        classes = parent.get("class") or []
        if "sv-later" in classes and _pos(parent) > progress:
            return True
        if "sv-content" in classes and parent is not tag:
            gate = parent.parent
            if gate is not None and "sv-each" not in (gate.get("class") or []) \
                    and _pos(gate) > progress:
                return True
    return False


def gates(html: str | Tag, progress: int) -> list[Tag]:
    """The closed gates a reader at ``progress`` sees (each has one "Show")."""
    root = html if isinstance(html, Tag) else BeautifulSoup(html, "html.parser")
    return [g for g in root.select(".sv-spoiler:not(.sv-quiet)")
            if _pos(g) > progress and not _hidden(g, progress)]


def _article(real_site: Path, path: str) -> Tag:
    html = (real_site / path).read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None, path
    return article


def _guide_rows_after(real_site: Path, progress: int) -> list[str]:
    """Keys of the guide's rows a reader at ``progress`` may not see yet: an episode's
    row is safe once the episode before it is watched."""
    built = {p.stem.upper() for p in (ROOT / "docs" / "episodes").glob("s*e*.md")}
    return [k for i, k in enumerate(KEYS) if k in built and i > progress]


@pytest.mark.slow
@pytest.mark.parametrize("progress", [0, 3, 9])
def test_the_guide_has_one_gate_per_later_row(real_site: Path, progress: int) -> None:
    guide = _article(real_site, "episodes/index.html")
    shown = gates(guide, progress)
    later = _guide_rows_after(real_site, progress)
    assert len(shown) == len(later), (progress, len(shown), len(later))
    rows = [g for g in shown if g.name == "tr"]
    assert len(rows) == len(shown)  # each is a whole row ...
    assert [r.select_one("th").get_text(strip=True) for r in rows] == later  # ... keyed
    for row in rows:
        assert len(row.select(".sv-show")) == 1
        key = row.select_one("th").get_text(strip=True)
        assert row.select_one(".sv-note").get_text(" ", strip=True).startswith(
            f"Safe after {KEYS[KEYS.index(key) - 1]}")


@pytest.mark.slow
def test_index_tables_have_at_most_one_gate_per_row(real_site: Path) -> None:
    for path in ("characters/index.html", "people/index.html", "sources/index.html"):
        table = _article(real_site, path)
        for progress in (0, 3):
            for row in table.select("tr"):
                assert len(gates(row, progress)) <= 1, (path, progress, row.get_text()[:80])
            if path != "people/index.html":  # (a cast row may gate a later character)
                # Rows that are not safe yet share one gate for the whole table.
                assert len(gates(table, progress)) <= len(table.select("table")), path


@pytest.mark.slow
def test_lists_have_one_gate_and_never_two_for_the_same_episode(real_site: Path) -> None:
    """Every list on every page: at most one gate among its items (a group), so never two
    adjacent gates with the same reveal point; the same for a backlink strip."""
    checked = 0
    for page in sorted(real_site.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        if article is None:
            continue
        for listing in article.select("ul, ol"):
            items = listing.find_all("li", recursive=False)
            keys = [g.get("data-sv-key") for li in items for g in li.select(
                ":scope > .sv-spoiler:not(.sv-quiet)")]
            for a, b in itertools.pairwise(keys):
                assert a != b, (page, keys)
            if listing.find_parent(class_=re.compile(r"wiki-(related|backlinks|latest)")) \
                    or "wiki-list" in (listing.get("class") or []):
                assert len(keys) <= 1, (page.relative_to(real_site), keys)
                checked += 1
    assert checked > 20


@pytest.mark.slow
def test_home_and_a_busy_person_page_are_calm(real_site: Path) -> None:
    home = _article(real_site, "index.html")
    latest = home.select_one("ul.wiki-latest-trivia")
    assert latest is not None
    assert len(gates(latest, 0)) == 1  # the latest trivia: one group, one gate
    assert not gates(home.select_one(".wiki-seasons"), 0)  # titles appear quietly
    ben = _article(real_site, "people/ben-stiller/index.html")
    strip = ben.select_one("section.wiki-backlinks")
    assert strip is not None and len(gates(strip, 3)) <= 1
    # Episode titles in his lists appear with progress: no gate of their own.
    for section in ben.select("section.wiki-related"):
        assert len(gates(section, 3)) <= 1, section.h2.get_text()


@pytest.mark.slow
def test_notes_say_when_and_use_only_the_pickers_keys(real_site: Path) -> None:
    """A note says when its content becomes safe ("Safe after S1E9"), with keys the
    progress picker offers (never "S1"), and names an episode's title only when that title
    is safe for everyone (S1E1's)."""
    titles = {}
    for md in (ROOT / "docs" / "episodes").glob("s*e*.md"):
        m = re.search(r"^title: (.*)$", md.read_text(encoding="utf-8"), re.M)
        if m:
            titles[md.stem.upper()] = m.group(1).strip()
    safe = {titles.get("S1E1")}
    seen = 0
    for page in sorted(real_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for note in soup.select(".sv-gate .sv-note"):
            text = note.get_text(" ", strip=True)
            seen += 1
            if "sv-page" in (note.find_parent(class_="sv-spoiler").get("class") or []):
                assert "safe after" in text.lower(), text
            else:
                assert text.startswith("Safe after "), (page, text)
            for key in re.findall(r"\bS\d+(?:E\d+)?\b", text):
                assert key in KEYS, (page, text)
            for title in titles.values():
                if title not in safe:
                    assert title not in text, (page, text)
    assert seen > 50
