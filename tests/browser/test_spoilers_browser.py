"""Spoilers in a real browser: hidden from find-in-page, revealed by progress or a click."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))

from addresses import page_url
from spoiler_site import CANARIES, build

TOC_LINK = ".md-sidebar--secondary .md-nav--secondary a"
TOC_TITLE = ".md-sidebar--secondary .md-nav--secondary > .md-nav__title"
ORDER = ["S0", "S1E1", "S1E2", "S2E1"]
NOTES_CANARIES = ["canary-inline-s1e2", "canary-block-s2e1", "canary-details-s1e2",
                  "canary-mark-s2e1", "canary-li-s2e1", "canary-cell-s1e2"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, Path]:
    # Served first, so the site can be built for its real address: Material's instant
    # navigation only takes over links that its sitemap lists under that address.
    root = tmp_path_factory.mktemp("canary-browser")
    (root / "site").mkdir()
    url = serve(root / "site")
    r = build(root, site_url=url)
    assert r.ok, (r.error, r.warnings)
    return url, root / "site"


@pytest.fixture(scope="module")
def base(built: tuple[str, Path]) -> str:
    return built[0]


@pytest.fixture(scope="module")
def item(built: tuple[str, Path]) -> str:
    """Where trivia/item.md (a page about S2E1) was built: its neutral address."""
    return page_url(built[1], "trivia/item.md")


@pytest.fixture
def context(browser) -> Iterator[object]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def found(page, text: str) -> bool:
    """The browser's own find-in-page (window.find), from the top of the document."""
    return bool(page.evaluate(
        "t => { getSelection().removeAllRanges(); return window.find(t, false, false, true); }",
        text))


def visible(page, text: str) -> bool:
    loc = page.get_by_text(text, exact=False)
    return any(loc.nth(i).is_visible() for i in range(loc.count()))


def expect_progress(page, key: str, canaries: list[str]) -> None:
    for canary in canaries:
        safe = ORDER.index(CANARIES[canary]) <= ORDER.index(key)
        assert found(page, canary) is safe, (key, canary)
        assert visible(page, canary) is safe, (key, canary)


def test_default_hides_every_canary_and_asks(context, base: str, item: str) -> None:
    page = context.new_page()
    for path in ("notes/", item, "episodes/s1e2/", "episodes/s2e1/"):
        page.goto(base + path)
        for canary in CANARIES:
            assert not found(page, canary), (path, canary)
            assert not visible(page, canary), (path, canary)
        assert not found(page, "Half Loop") and not found(page, "Hello, Ms. Cobel")
        # what assistive technology gets: the accessibility tree has no hidden text
        tree = page.locator("body").aria_snapshot().lower()
        assert "canary" not in tree and "half loop" not in tree, path
        assert re.search(r"button \"show (what is safe after|this page)", tree)  # reveal buttons
        # select-all and copy gets no hidden text either
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("Control+A")
        selected = page.evaluate("getSelection().toString()").lower()
        assert "canary" not in selected, path
        if path == "notes/":
            assert "safe notes text" in selected  # the selection did cover the page
        assert page.locator(".sv-prompt").is_visible()
    assert page.locator("#sv-progress-select").input_value() == "S0"


def test_progress_reveals_exactly_what_it_covers_and_survives(context, base: str,
                                                              item: str) -> None:
    page = context.new_page()
    page.goto(base + "notes/")
    page.select_option("#sv-progress-select", "S1E2")
    expect_progress(page, "S1E2", NOTES_CANARIES)
    assert not page.locator(".sv-prompt").is_visible()
    # titles: S2E1's title is safe once S1E2 is watched, so the control now shows it
    assert "Hello, Ms. Cobel" in page.locator("#sv-progress-select").inner_text()
    assert page.locator(".md-nav__link", has_text="S2E1: Hello, Ms. Cobel").count()
    page.reload()
    assert page.locator("#sv-progress-select").input_value() == "S1E2"
    expect_progress(page, "S1E2", NOTES_CANARIES)
    # instant navigation: the page is swapped in without a reload
    page.evaluate("window.__same_document = true")
    page.click("a.wikilink[href*='s1e2']")
    page.wait_for_url("**/episodes/s1e2/")
    page.wait_for_function("document.title.startsWith('S1E2')")
    page.get_by_text("Episode text").wait_for()
    instant = page.evaluate("window.__same_document === true")
    expect_progress(page, "S1E2", ["canary-episode-s1e2", "canary-own-s1e2"])
    assert page.locator("#sv-progress-select").input_value() == "S1E2"
    # the page's own keyless spoiler is about S1E2 itself: hidden from an S1E1 reader
    page.select_option("#sv-progress-select", "S1E1")
    expect_progress(page, "S1E1", ["canary-episode-s1e2", "canary-own-s1e2"])
    page.select_option("#sv-progress-select", "S1E2")
    page.go_back()
    page.wait_for_url("**/notes/")
    page.get_by_text("Safe notes text").wait_for()
    expect_progress(page, "S1E2", NOTES_CANARIES)
    # one click: everything
    page.select_option("#sv-progress-select", "S0")
    expect_progress(page, "S0", NOTES_CANARIES)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.get_by_role("button", name="I have seen everything").click()
    expect_progress(page, "S2E1", NOTES_CANARIES)
    page.goto(base + item)
    assert page.locator(TOC_LINK, has_text="canary-heading-s2e1").is_visible()
    assert page.locator(TOC_TITLE).is_visible()
    page.select_option("#sv-progress-select", "S1E2")  # the page is S2E1's: gated again
    assert not page.locator(TOC_TITLE).is_visible()
    assert instant, "navigation.instant did not swap the page in place"


def test_reveal_one_item_by_keyboard(context, base: str) -> None:
    page = context.new_page()
    page.goto(base + "notes/")
    button = page.locator(".sv-show").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("the reveal button is not reachable with Tab")
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline not in ("", "none")
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert found(page, "canary-inline-s1e2") and visible(page, "canary-inline-s1e2")
    # only that item: the others stay hidden
    assert not found(page, "canary-block-s2e1")
    page.keyboard.press("Enter")
    assert not found(page, "canary-inline-s1e2")


def test_without_javascript_spoilers_stay_hidden_and_revealable(browser, base: str,
                                                               item: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base + "notes/")
        for canary in NOTES_CANARIES:
            assert not visible(page, canary), canary
        # No "Watched up to" control and no first-visit question: choosing needs the script.
        assert not [c for c in page.locator(".sv-progress, .sv-prompt").all() if c.is_visible()]
        gate = page.locator(".sv-spoiler", has_text="Safe after S2E1").first
        gate.locator("label.sv-show-nojs").first.click()
        assert visible(page, "canary-block-s2e1")
        assert not visible(page, "canary-li-s2e1")
        # by keyboard: Tab reaches the checkbox of the next gate, Space reveals
        page.locator(".sv-toggle").nth(2).focus()
        page.keyboard.press("Space")
        assert visible(page, "canary-details-s1e2")
        page.goto(base + item)
        assert not visible(page, "canary-trivia-s2e1")
        toc = page.locator(TOC_LINK, has_text="canary-heading-s2e1")
        assert toc.count() == 1 and not toc.is_visible()
        assert not page.locator(TOC_TITLE).is_visible()  # no title over an empty TOC
        page.locator(".sv-page > .sv-gate label.sv-show-nojs").click()
        assert visible(page, "canary-trivia-s2e1")
        assert toc.is_visible()  # the page's table of contents opens with it
        assert page.locator(TOC_TITLE).is_visible()
    finally:
        ctx.close()


def test_a_late_page_shows_its_title_only_once_shown(context, base: str, item: str) -> None:
    """A trivia page about S2E1: neutral title in the tab, h1 and header at S0; its real
    title once the reader opens the page or their progress reaches it."""
    page = context.new_page()
    page.goto(base + item)
    h1 = page.locator("article h1")
    assert h1.count() == 1 and h1.inner_text() == "Trivia · spoilers through S2E1"
    assert page.title() == "Trivia · spoilers through S2E1 - Mini wiki"
    assert not found(page, "A trivia item")
    page.locator(".sv-page > .sv-gate .sv-show").click()
    assert h1.inner_text() == "A trivia item"
    assert page.title() == "A trivia item - Mini wiki"
    header = page.locator(".md-header__topic[data-md-component=header-topic] .md-ellipsis")
    assert header.inner_text() == "A trivia item"
    page.locator(".sv-page > .sv-gate .sv-show").click()  # hide it again
    assert h1.inner_text() == "Trivia · spoilers through S2E1"
    assert page.title() == "Trivia · spoilers through S2E1 - Mini wiki"
    # by progress: shown on arrival, hidden again when progress goes back
    page.select_option("#sv-progress-select", "S2E1")
    assert h1.inner_text() == "A trivia item" and page.title() == "A trivia item - Mini wiki"
    page.reload()
    assert h1.inner_text() == "A trivia item" and page.title() == "A trivia item - Mini wiki"
    page.select_option("#sv-progress-select", "S1E2")
    assert h1.inner_text() == "Trivia · spoilers through S2E1"
    assert not found(page, "A trivia item")


def test_the_browser_fetches_no_title_past_the_readers_progress(context, base: str,
                                                                item: str) -> None:
    """Episode titles for the controls and the navigation come in one file per progress:
    a first visit fetches none (the page has the titles safe for everyone), a reader at
    S1E1 fetches the one for S1E1, which holds no title that is safe only later."""
    bodies: dict[str, str] = {}

    def log(response) -> None:
        if "/_wiki/" in response.url or response.url.endswith(".json"):
            try:
                bodies[response.url] = response.text()
            except Exception:  # a redirect or an aborted request has no body
                bodies[response.url] = ""

    page = context.new_page()
    page.on("response", log)
    for path in ("notes/", "episodes/s1e2/", "episodes/s2e1/"):
        page.goto(base + path, wait_until="networkidle")
    assert not [u for u in bodies if "/titles/" in u], bodies.keys()
    assert not any("Half Loop" in b or "Hello, Ms. Cobel" in b for b in bodies.values())
    with page.expect_response(lambda r: "/titles/" in r.url) as info:
        page.select_option("#sv-progress-select", "S1E1")
    assert info.value.url.rsplit("/", 1)[1] == "1.json"
    body = info.value.text()
    assert "Half Loop" in body and "Hello, Ms. Cobel" not in body
    page.wait_for_function(
        "[...document.querySelectorAll('#sv-progress-select option')]"
        ".some(o => o.textContent.includes('Half Loop'))")
    assert [u.rsplit("/", 1)[1] for u in bodies if "/titles/" in u] == ["1.json"]
    assert "Hello, Ms. Cobel" not in "".join(bodies.values())
    # On the next page the reader's browser asks for the same file only.
    bodies.clear()
    page.goto(base + item, wait_until="networkidle")
    assert "Hello, Ms. Cobel" not in "".join(bodies.values())
    assert {u.rsplit("/", 1)[1] for u in bodies if "/titles/" in u} <= {"1.json"}
