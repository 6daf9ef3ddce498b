"""Search that follows progress, in Chromium on the real wiki.

search/search_index.json holds what is safe at S0; search/parts/K.json what a reader may
find once their progress reaches K. The head script fetches the parts up to the reader's
progress (and none beyond) and hands the merged index to Material's search worker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from addresses import page_url

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def site_url(serve, real_site: Path) -> str:
    return serve(real_site)


@pytest.fixture
def context(browser) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def _at(context: Any, base: str, progress: str | None, path: str = "") -> tuple[Any, list[str]]:
    """A page at ``progress`` (None: a first visit), and the URLs it requests."""
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + path)
    if progress is not None:
        page.evaluate("p => localStorage.setItem('sv-progress', p)", progress)
        page.reload()
    return page, requests


def search(page: Any, query: str) -> list[dict[str, str]]:
    """Type ``query`` into Material's search; the results' links and texts."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=10)
    meta = page.locator(".md-search-result__meta")
    meta.wait_for()
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Type to start/.test(m.textContent) &&"
        " document.querySelector('input.md-search__input').value === q; }", arg=query)
    page.wait_for_timeout(300)  # results are rendered after the count
    items = page.locator(".md-search-result__item a.md-search-result__link")
    for _ in range(10):  # Material renders ten results, then more as the list scrolls
        count = items.count()
        page.evaluate("""() => {
            let el = document.querySelector('.md-search-result__list');
            while (el && el.scrollHeight <= el.clientHeight) el = el.parentElement;
            if (el) el.scrollTop = el.scrollHeight;
            const last = document.querySelector('.md-search-result__item:last-child');
            if (last) last.scrollIntoView();
        }""")
        page.wait_for_timeout(150)
        if items.count() == count:
            break
    return [{"href": items.nth(i).get_attribute("href") or "",
             "text": items.nth(i).inner_text()} for i in range(items.count())]


def hrefs(results: list[dict[str, str]]) -> set[str]:
    return {re.sub(r"[?#].*$", "", r["href"]).rstrip("/").rsplit("/", 1)[-1] for r in results}


def _later_words(upto: int) -> list[str]:
    """Titles of episodes a reader at position ``upto`` must not meet (an episode's title is
    safe once the episode before it is watched), and the wiki's reveal names."""
    from severance_wiki.checks import load_docs_dir

    registry = load_docs_dir(ROOT / "docs").registry
    late = [e.title for i, e in enumerate(registry.episodes(), start=1) if i - 1 > upto]
    reveals = [t.name for ts in registry.names.values() for t in ts if t.kind == "reveal"]
    return [*late, *reveals]


def test_everything_is_found_once_it_is_safe(context, site_url: str, real_site: Path) -> None:
    page, _ = _at(context, site_url, "all")
    assert "s2e10" in hrefs(search(page, "Cold Harbor"))  # a late episode's title
    assert "s2e4" in hrefs(search(page, "Woe's Hollow"))
    # pages past S0 are at neutral addresses (characters/s1e1-1a2b3c4d/): where they were built
    helly = page_url(real_site, "characters/helly-riggs.md").rstrip("/").rsplit("/", 1)[-1]
    assert helly in hrefs(search(page, "Helena Eagan"))  # a revealed identity
    bolt = search(page, "bolt arm")  # a trivia phrase, in the trivia page's text
    bolt_url = page_url(real_site, "trivia/the-season-2-premieres-opening-sequence-used-a-bolt"
                                   "-arm.md")
    assert any(bolt_url in r["href"] for r in bolt)
    # a person's episodes: the episodes Ben Stiller directed are found by his name
    stiller = hrefs(search(page, "Ben Stiller"))
    assert {"ben-stiller", "s1e1"} <= stiller
    assert len({h for h in stiller if re.fullmatch(r"s\de\d+", h)}) >= 3
    # snippets are readable: labels and values do not run together
    person = [r for r in search(page, "executive producer") if "ben-stiller" in r["href"]]
    assert person and not re.search(r"[a-z](Known for|Roles|Plays)", person[0]["text"])


def test_a_reader_at_s1e3_finds_nothing_later(context, site_url: str) -> None:
    page, requests = _at(context, site_url, "S1E3")
    assert not search(page, "Cold Harbor")
    assert not search(page, "Helena Eagan")
    seen = " ".join(r["text"] for q in ("Ben Stiller", "Mark", "Lumon", "season")
                    for r in search(page, q))
    assert seen  # the searches found something ...
    for word in _later_words(3):  # ... and nothing past S1E3
        assert word.lower() not in seen.lower(), word
    parts = sorted({int(m.group(1)) for m in
                    (re.search(r"/search/parts/(\d+)\.json", u) for u in requests) if m})
    assert parts == [1, 2, 3]  # the parts up to S1E3, none later


def test_moving_progress_changes_results_without_a_reload(context, site_url: str) -> None:
    page, _ = _at(context, site_url, "S1E3")
    assert not search(page, "Cold Harbor")
    page.evaluate("window.__navigated = false")
    page.keyboard.press("Escape")
    page.select_option("#sv-progress-select", "all")
    page.wait_for_function("document.documentElement.getAttribute('data-sv-progress') > 3")
    page.wait_for_timeout(500)  # the worker rebuilds its index
    assert "s2e10" in hrefs(search(page, "Cold Harbor"))
    assert page.evaluate("window.__navigated") is False  # the same document: no reload
    page.select_option("#sv-progress-select", "S1E1")
    page.wait_for_timeout(500)
    assert not search(page, "Cold Harbor")


def test_a_first_visit_downloads_no_part(context, site_url: str) -> None:
    page, requests = _at(context, site_url, None)
    search(page, "Ben Stiller")
    assert not [u for u in requests if "/search/parts/" in u]
    assert any(u.endswith("search/search_index.json") for u in requests)
