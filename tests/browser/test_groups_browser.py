"""One gate per thing a reader decides on, as a reader sees it in Chromium: a list's later
pages (one group), a table's later rows (one group), a row of the episode guide (its key and
one gate). Each opens with progress (item by item) or with one click, and leaves no gate
behind: what it held lays out like its neighbours."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))

from test_xrefs_pages import GROUPS
from xref_html import build_site

LATER = ("A later note", "Another later note")
TRIVIA = "section.wiki-related:has(h2:text-is('Trivia'))"

PAGES = {
    **GROUPS,
    # Characters safe from two different episodes: the characters index's later rows.
    "characters/mark-s.md": "---\ntype: character\nname: Mark S.\nfirst_appearance: S1E2\n"
                            "played_by: [Britt Lower]\n---\nMark text.\n",
    "characters/late.md": textwrap.dedent("""\
        ---
        type: character
        name: Late Arrival
        first_appearance: S2E1
        ---
        Late text.
        """),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    root = tmp_path_factory.mktemp("groups-browser")
    (root / "site").mkdir()
    url = serve(root / "site")
    result = build_site(root, PAGES, config={"site_url": url})
    assert result.ok, result.error
    return url


@pytest.fixture
def page(browser) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx.new_page()
    ctx.close()


def _state(page, section: str) -> tuple[list[str], list[str]]:
    """Visible page links and visible gate notes in one part of the page."""
    part = page.locator(section)
    links = [a.inner_text() for a in part.locator("a").all() if a.is_visible()]
    notes = [n.inner_text() for n in part.locator(".sv-note").all() if n.is_visible()]
    return links, notes


def _progress(page, base: str, value: str, path: str) -> None:
    page.goto(base)
    page.evaluate(f"localStorage.setItem('sv-progress', '{value}')")
    page.goto(base + path)


def test_a_list_group_opens_item_by_item_with_progress(page, base: str) -> None:
    _progress(page, base, "S1E2", "people/ben-stiller/")
    links, notes = _state(page, TRIVIA)
    # The early page is shown by progress; the group's one gate sums up the rest.
    assert "An early note" in links and not set(LATER) & set(links)
    assert notes == ["Safe after S2E1 · 2 more"]
    page.select_option("#sv-progress-select", "S2E1")
    links, notes = _state(page, TRIVIA)
    assert set(LATER) <= set(links)
    assert notes == []  # nothing is gated any more: no note lingers next to the pages
    # Its pages line up with their neighbours and are items of the section's own list.
    x = {t: page.locator(TRIVIA).get_by_role("link", name=t, exact=True).bounding_box()["x"]
         for t in ("An early note", *LATER)}
    assert x["A later note"] == x["Another later note"] == x["An early note"]
    assert _list_box(page, TRIVIA, "A later note") == "SECTION"


def _list_box(page, section: str, link: str) -> str:
    """The tag of the parent of the list box that lays out ``link``'s item."""
    return page.locator(section).get_by_role("link", name=link).evaluate(
        """a => { let box = a.closest('li').parentElement;
                  while (getComputedStyle(box).display === 'contents') box = box.parentElement;
                  return box.parentElement.tagName; }""")


def test_a_list_group_is_revealed_by_one_click(page, base: str) -> None:
    page.goto(base + "people/ben-stiller/")
    trivia = page.locator(TRIVIA)
    assert trivia.locator(".sv-show").count() == 1
    trivia.get_by_role("button", name="Show what is safe after S2E1").click()
    links, notes = _state(page, TRIVIA)
    assert {"An early note", *LATER} <= set(links) and notes == []
    # Focus moves to what was revealed (the button is gone).
    assert page.evaluate("document.activeElement.textContent") == "An early note"


def _cell_lefts(row) -> list[float]:
    return [c.bounding_box()["x"] for c in row.locator(":scope > td, :scope > th").all()
            if c.is_visible()]


def test_a_guide_row_is_one_quiet_line_until_shown(page, base: str) -> None:
    _progress(page, base, "S1E1", "episodes/")
    row = page.locator("table.wiki-table tr", has=page.locator("th a", has_text="S2E1"))
    header = row.locator("xpath=ancestor::table/thead/tr")
    # Its key and one gate: one note, one button, one line.
    assert row.locator(".sv-note").inner_text() == "Safe after S1E2"
    assert row.locator(".sv-show").count() == 1
    line = row.locator("th").bounding_box()["height"]
    assert row.bounding_box()["height"] < 2.2 * line
    row.get_by_role("button").click()
    # Shown: the row's own cells under their column headings, and no gate left in a cell.
    assert "Hello, Ms. Cobel" in row.inner_text()
    assert row.locator(".sv-gate").is_hidden()
    assert _cell_lefts(row) == _cell_lefts(header)
    # The same row at a progress that covers it: no gate at all.
    page.select_option("#sv-progress-select", "S1E2")
    row.locator(".sv-gate").wait_for(state="hidden")
    assert _cell_lefts(row) == _cell_lefts(header)


def test_a_tables_later_rows_share_one_gate(page, base: str) -> None:
    _progress(page, base, "S1E2", "characters/")
    table = page.locator("table.wiki-table")
    names = [a.inner_text() for a in table.locator("tbody a").all() if a.is_visible()]
    assert "Mark S." in names and "Late Arrival" not in names  # by its own point
    gates = [g for g in table.locator(".sv-gate").all() if g.is_visible()]
    assert len(gates) == 1 and "1 more" in gates[0].inner_text()
    gates[0].get_by_role("button").click()
    names = [a.inner_text() for a in table.locator("tbody a").all() if a.is_visible()]
    assert "Late Arrival" in names
    assert not [g for g in table.locator(".sv-gate").all() if g.is_visible()]
    # A revealed row is a row of the table: its cells under the column headings.
    header = table.locator("thead tr")
    late = table.locator("tr", has=page.locator("a", has_text="Late Arrival"))
    assert _cell_lefts(late)[0] == _cell_lefts(header)[0]


# A character first seen in S2E1 and two S2E1 trivia that link to it: its backlinks are one
# group that the page's own point implies, so the group has no gate of its own. (No page of
# the real wiki has one: a source page lists the trivia citing it with their passages.)
UNGATED = {
    "assets/wiki.css": (Path(__file__).parents[2] / "docs" / "assets" / "wiki.css").read_text(),
    "characters/a-newcomer.md": "---\ntype: character\nname: A Newcomer\nfirst_appearance: "
                                "S2E1\n---\nNew in season 2.\n",
    **{f"trivia/newcomer-{n}.md": f"---\ntype: trivia\ntitle: A newcomer note {n}\nepisodes: "
       f"[S2E1]\nsources: [{{source: Src, quote: q}}]\n---\nAbout [[A Newcomer]].\n"
       for n in (1, 2)},
    "sources/src.md": "---\ntype: source\ntitle: Src\noutlet: O\n---\nA source.\n",
}


def test_real_sites_backlink_strip_lays_out_a_shown_group_as_labels(
        browser, serve, real_site: Path, tmp_path: Path) -> None:
    """The site theme (docs/assets/wiki.css) turns backlinks into a strip of labels; a
    group's pages must join the strip once shown, not stack inside one label."""
    base = serve(real_site)
    (tmp_path / "site").mkdir()
    mini = serve(tmp_path / "site")
    built = build_site(tmp_path, UNGATED, config={"site_url": mini,
                                                   "extra_css": ["assets/wiki.css"]})
    assert built.ok, built.error
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    for url in (base, mini):
        page.goto(url)
        page.evaluate("localStorage.setItem('sv-progress', 'all')")
    strip = "section.wiki-backlinks"
    page.goto(base + "people/ben-stiller/")
    grouped = page.locator(f"{strip} li.wiki-group a")
    assert grouped.count() >= 1, "Ben Stiller's strip no longer has a group to look at"
    assert grouped.first.is_visible()
    assert _list_box(page, strip, grouped.first.inner_text()) == "SECTION"
    assert page.locator(f"{strip} > ul").evaluate("u => getComputedStyle(u).display") == "flex"
    assert not [n for n in page.locator(f"{strip} .sv-note").all() if n.is_visible()]
    ctx.close()
