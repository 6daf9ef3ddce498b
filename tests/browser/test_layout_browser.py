"""The real site in Chromium at phone and desktop width: the "Watched up to" control is
reachable and labelled, "Set your progress" opens it, a first visit does not shift, the
home page's tab title is the site's name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Layout shifts a page makes while it loads (the value Lighthouse reports as CLS, summed
# over every shift without recent input).
_CLS = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(total), 1500);
})"""


@pytest.fixture(scope="module")
def base(serve, real_site: Path) -> str:
    return serve(real_site)


@pytest.fixture
def open_page(browser) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(url: str, device: dict[str, Any], progress: str | None = None) -> Any:
        ctx = browser.new_context(**device)
        contexts.append(ctx)
        page = ctx.new_page()
        if progress is not None:
            page.goto(url.split("#")[0])
            page.evaluate(f"localStorage.setItem('sv-progress', '{progress}')")
        page.goto(url, wait_until="load")
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("path", ["", "episodes/", "episodes/s1e1/", "people/ben-stiller/"])
def test_a_first_visit_does_not_shift(open_page, base: str, path: str) -> None:
    page = open_page(base + path, PHONE)
    # The first-visit question is in the page from the start, not inserted by the script.
    assert page.locator(".sv-prompt").is_visible()
    assert page.evaluate(_CLS) <= 0.02
    # The logo has its size before it loads.
    logo = page.locator(".md-header .md-logo img")
    assert logo.get_attribute("width") and logo.get_attribute("height")


def test_the_phone_reaches_the_control_in_the_menu(open_page, base: str) -> None:
    page = open_page(base + "episodes/", PHONE, progress="S1E3")
    drawer = page.locator("#sv-progress-drawer")
    box = drawer.bounding_box()
    assert box["x"] + box["width"] <= 0  # off screen until the menu opens
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("document.getElementById('sv-progress-drawer')"
                           ".getBoundingClientRect().x >= 0")
    # Labelled, inside the screen, wide enough to read.
    assert page.get_by_label("Watched up to").filter(has=page.locator("option")).first
    assert page.locator("label[for='sv-progress-drawer']").inner_text() == "Watched up to"
    box = drawer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert drawer.evaluate("s => s.scrollWidth <= s.clientWidth + 1")
    assert drawer.input_value() == "S1E3"
    drawer.select_option("S1E9")
    assert page.evaluate("localStorage.getItem('sv-progress')") == "S1E9"
    assert page.evaluate("document.documentElement.dataset.svProgress") == "9"


@pytest.mark.parametrize("device, expected", [(PHONE, "sv-progress-drawer"),
                                              (DESKTOP, "sv-progress-select")])
def test_set_your_progress_opens_the_control(open_page, base: str, device: dict[str, Any],
                                             expected: str) -> None:
    page = open_page(base, device)
    page.locator("a[data-sv-progress-open]").click()
    page.wait_for_function(f"document.activeElement && document.activeElement.id === "
                           f"'{expected}'")
    assert page.locator(f"#{expected}").is_visible()


@pytest.mark.parametrize("progress", ["S0", "S1E3", "S1E8", "all"])
def test_the_desktop_control_shows_its_label_whole(open_page, base: str,
                                                   progress: str) -> None:
    page = open_page(base + "episodes/", DESKTOP, progress=progress)
    label = page.locator("label[for='sv-progress-select']")
    select = page.locator("#sv-progress-select")
    assert label.is_visible() and label.inner_text() == "Watched up to"
    # The chosen option's text fits the control (it used to read "Everything (all episode").
    shown = select.evaluate("s => s.options[s.selectedIndex].textContent")
    assert shown in ("Nothing yet", "Everything") or shown == progress
    width = select.evaluate(
        """s => { const c = document.createElement('canvas').getContext('2d');
                  c.font = getComputedStyle(s).font;
                  return c.measureText(s.options[s.selectedIndex].textContent).width; }""")
    assert width < select.evaluate("s => s.clientWidth") - 16  # room for the arrow


def test_the_home_page_is_titled_by_the_site_name(open_page, base: str) -> None:
    page = open_page(base, DESKTOP)
    assert page.title() == "Severance Wiki"
    page = open_page(base + "episodes/", DESKTOP)
    assert page.title() == "Episode guide - Severance Wiki"


def test_at_1280_the_previous_next_bar_leaves_the_lead_its_width(open_page,
                                                                 base: str) -> None:
    page = open_page(base + "episodes/s1e2/", DESKTOP, progress="all")
    bar = page.locator("nav.wiki-prevnext").bounding_box()
    article = page.locator("article").bounding_box()
    # One row across the column, not squeezed beside the infobox ...
    assert bar["width"] > 0.9 * article["width"] - 40
    assert bar["height"] < 60
    # ... and the lead beside the infobox is wider than the 300 px it once had.
    lead = page.locator("article p", has_text="is episode 2").first.bounding_box()
    assert lead["width"] > 320
