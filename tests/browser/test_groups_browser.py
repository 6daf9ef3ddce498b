"""A group of pages behind one gate (lists of pages safe at the same episode), as a reader
sees it: hidden until progress reaches it, then its pages are plain items of the list."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))

from test_xrefs_pages import GROUPS
from xref_html import build_site

LATER = ("A later note", "Another later note")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    root = tmp_path_factory.mktemp("groups-browser")
    (root / "site").mkdir()
    url = serve(root / "site")
    result = build_site(root, GROUPS, config={"site_url": url})
    assert result.ok, result.error
    return url


@pytest.fixture
def page(browser) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx.new_page()
    ctx.close()


def _state(page, section: str) -> tuple[list[str], int]:
    """Visible page links and visible gate notes in one section of Ben Stiller's page."""
    part = page.locator(section)
    links = [a.inner_text() for a in part.locator("a").all() if a.is_visible()]
    notes = sum(1 for n in part.locator(".sv-note").all() if n.is_visible())
    return links, notes


@pytest.mark.parametrize("section", ["section.wiki-related:has(h2:text-is('Trivia'))",
                                     "section.wiki-backlinks"])
def test_a_group_opens_with_progress_and_leaves_no_gate(page, base: str, section: str) -> None:
    page.goto(base)
    page.evaluate("localStorage.setItem('sv-progress', 'S1E2')")
    page.goto(base + "people/ben-stiller/")
    links, notes = _state(page, section)
    assert "An early note" in links and not set(LATER) & set(links)
    assert notes >= 1  # the S2E1 group's gate
    page.select_option("select.sv-select", "S2E1")
    links, notes = _state(page, section)
    assert set(LATER) <= set(links)
    # Nothing in the section is gated any more: no note may linger next to the pages.
    assert notes == 0
    # Its pages line up with their neighbours (same left edge as the S1E2 page's item).
    x = {t: page.locator(section).get_by_role("link", name=t, exact=True).bounding_box()["x"]
         for t in ("An early note", *LATER)}
    assert x["A later note"] == x["Another later note"] == x["An early note"]
    # Items of the section's own list, not of a box inside one of its items.
    assert _list_box(page, section, "A later note") == "SECTION"


def _list_box(page, section: str, link: str) -> str:
    """The tag of the parent of the list box that lays out ``link``'s item."""
    return page.locator(section).get_by_role("link", name=link).evaluate(
        """a => { let box = a.closest('li').parentElement;
                  while (getComputedStyle(box).display === 'contents') box = box.parentElement;
                  return box.parentElement.tagName; }""")


def test_a_group_is_revealed_by_one_click(page, base: str) -> None:
    page.goto(base + "people/ben-stiller/")
    trivia = page.locator("section.wiki-related:has(h2:text-is('Trivia'))")
    trivia.get_by_role("button", name="Show what is safe after S2E1").click()
    links, _ = _state(page, "section.wiki-related:has(h2:text-is('Trivia'))")
    assert set(LATER) <= set(links)


def test_real_sites_backlink_strip_lays_out_a_shown_group_as_labels(
        browser, serve, real_site: Path) -> None:
    """The site theme (docs/assets/wiki.css) turns backlinks into a strip of labels; a
    group's pages must join the strip once shown, not stack inside one label."""
    base = serve(real_site)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base)
    page.evaluate("localStorage.setItem('sv-progress', 'all')")
    strip = "section.wiki-backlinks"
    # Ben Stiller's group has a gate; the interview's own page is safe from the same
    # episode as its trivia, so there the group has none (the page's point implies it).
    for rel, gated in (("people/ben-stiller/", True),
                       ("sources/cinemablend-interview-with-ben-stiller-and-adam-scott/",
                        False)):
        page.goto(base + rel)
        grouped = page.locator(f"{strip} li.wiki-group a")
        assert grouped.count() >= 2, f"{rel} no longer has a group to look at"
        assert (page.locator(f"{strip} li.wiki-group .sv-spoiler").count() > 0) is gated
        name = grouped.first.inner_text()
        assert _list_box(page, strip, name) == "SECTION", rel
        display = page.locator(f"{strip} > ul").evaluate("u => getComputedStyle(u).display")
        assert display == "flex"
        if not gated:  # here the group is the whole strip: it starts at its edge
            heading_x = page.locator(f"{strip} > h2").bounding_box()["x"]
            label_x = grouped.first.evaluate(
                "a => a.closest('li').getBoundingClientRect().x")
            assert abs(label_x - heading_x) < 1, (rel, label_x, heading_x)
    ctx.close()
