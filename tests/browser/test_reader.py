"""Reader experience in a real browser: axe-core accessibility checks and screenshots.

Every page type (home, episode, person, character, trivia, index) is opened in Debian's
chromium at phone (390 px) and desktop (1280 px) width, in the light and the dark colour
scheme. On each, axe-core (pinned in package.json, installed by ``make test``) must report
no serious or critical violation, the page must not scroll sideways, and nothing may be
fetched from another host. A full-page screenshot of each lands in
``tests/artifacts/screenshots/`` (git-ignored; the README links the folder).

Spoiler states: ``SPOILER_STATES`` lists how far the reader has watched before the checks
run: "hidden" (a first visit, nothing set), "S1E3" and "revealed" (progress "all"), stored
the way the spoiler system's ``#sv-timeline`` data says. Each state is a function that
prepares the page; the others than "hidden" skip in a build without the spoiler system.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from addresses import page_url

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}


# --- which page stands for each page type ---------------------------------------------------


def _built(site: Path, src: Path) -> str | None:
    """URL path of the page built from ``docs/<src>`` (directory URLs; a page past S0 at its
    neutral address), if it was built."""
    try:
        return page_url(site, src.as_posix())
    except AssertionError:
        return None


def _of_type(site: Path, kind: str, prefer: str) -> str | None:
    """The preferred page of a type if it was built, else the first one in docs/."""
    docs = ROOT / "docs"
    found = [p.relative_to(docs) for p in sorted(docs.rglob("*.md"))
             if re.search(rf"\A---\n(?:.*\n)*?type:\s*{kind}\s*\n",
                          p.read_text(encoding="utf-8"))]
    found.sort(key=lambda p: p.as_posix() != prefer)
    return next((url for url in (_built(site, p) for p in found) if url is not None), None)


def _index_page(site: Path) -> str | None:
    """An index page: a built page with a table.wiki-table, the episode guide if it has one."""
    pages = sorted(site.rglob("*/index.html"),  # the home page is its own kind
                   key=lambda p: (p.parent.name != "episodes", len(p.parts), p.as_posix()))
    for path in pages:
        if re.search(r'<table[^>]*class="[^"]*\bwiki-table\b', path.read_text(encoding="utf-8")):
            return path.relative_to(site).parent.as_posix() + "/"
    return None


PAGE_FINDERS: dict[str, Callable[[Path], str | None]] = {
    "home": lambda s: "" if (s / "index.html").exists() else None,
    "episode": lambda s: _of_type(s, "episode", "episodes/s1e1.md"),
    "person": lambda s: _of_type(s, "person", "people/adam-scott.md"),
    "character": lambda s: _of_type(s, "character", "characters/helly-riggs.md"),
    "trivia": lambda s: _of_type(s, "trivia", ""),
    "index": _index_page,
}


def _url_for(site: Path, kind: str) -> str:
    rel = PAGE_FINDERS[kind](site)
    if rel is None:
        pytest.skip(f"this build has no {kind} page yet (it arrives with another branch)")
    return rel


# --- spoiler states -------------------------------------------------------------------------


def _spoilers_as_shipped(page: Any) -> None:
    """A first visit: no progress set, so every spoiler stays hidden."""


def _watched(value: str) -> Callable[[Any], None]:
    """The reader has watched up to ``value`` (a key, or "all"), saved where the wiki keeps
    it; the page is then loaded again, as on a later visit."""

    def prepare(page: Any) -> None:
        want = page.evaluate(
            """value => {
                const data = JSON.parse(document.getElementById('sv-timeline').textContent);
                localStorage.setItem(data.storage, value);
                return value === 'all' ? data.keys.length : data.keys.indexOf(value) + 1;
            }""", value)
        page.reload(wait_until="load")
        _fonts_loaded(page)
        progress = page.evaluate("document.documentElement.getAttribute('data-sv-progress')")
        assert progress == str(want), f"progress {value!r} not applied ({progress})"

    return prepare


SPOILER_STATES: dict[str, Callable[[Any], None]] = {
    "hidden": _spoilers_as_shipped,
    "S1E3": _watched("S1E3"),  # part way through the first season
    "revealed": _watched("all"),
}


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does) to add "
                    "node_modules/axe-core")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_url(serve, real_site: Path) -> str:
    return serve(real_site)


def _open(browser: Any, base: str, rel: str, width: str, scheme: str) -> tuple[Any, Any, list]:
    w, h = WIDTHS[width]
    media, _ = SCHEMES[scheme]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=media,
                                  reduced_motion="reduce")
    foreign: list[str] = []
    host = urlparse(base).netloc

    def _route(route: Any) -> None:
        url = route.request.url
        if urlparse(url).netloc != host and not url.startswith("data:"):
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", _route)
    page = context.new_page()
    page.goto(base + rel, wait_until="load")
    _fonts_loaded(page)
    return context, page, foreign


# Elements of the page that reach past the right edge of the window, other than those inside
# a box that scrolls or clips on purpose (code blocks, Material's table wrapper). Catches a
# page that scrolls sideways on a phone as well as content cut off by an overflow:hidden.
_STICKING_OUT = """() => {
    const edge = document.documentElement.clientWidth + 1;
    const contained = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') {
                return p.getBoundingClientRect().right <= edge;
            }
        }
        return false;
    };
    const out = [];
    if (document.documentElement.scrollWidth > edge) out.push('the page scrolls sideways');
    for (const el of document.querySelectorAll('article *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > edge && !contained(el)) {
            const name = `${el.tagName.toLowerCase()}.${el.className}`;
            out.push(`${name} ends at ${Math.round(r.right)}px`);
        }
    }
    return out.slice(0, 5);
}"""


def _fonts_loaded(page: Any) -> bool:
    """Wait until the page's web fonts are in (screenshots in the fallback font mislead)."""
    return bool(page.evaluate(
        """async () => {
            const faces = [...document.fonts].map(f => `${f.style} ${f.weight} 16px "${f.family}"`);
            await Promise.all(faces.map(f => document.fonts.load(f)));
            await document.fonts.ready;
            return [...document.fonts].every(f => f.status === 'loaded');
        }"""
    ))


def _serious(violations: list[dict[str, Any]]) -> list[str]:
    out = []
    for v in violations:
        if v["impact"] in ("serious", "critical"):
            nodes = "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            out.append(f"{v['id']} ({v['impact']}): {v['help']} -- at {nodes}")
    return out


def _run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    raw = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return JSON.stringify(r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
            })));
        }"""
    )
    return json.loads(raw)


# --- the checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("spoilers", list(SPOILER_STATES))
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PAGE_FINDERS))
def test_page_is_accessible_and_screenshotted(
    browser: Any, real_site: Path, site_url: str, axe_source: str,
    kind: str, width: str, scheme: str, spoilers: str,
) -> None:
    rel = _url_for(real_site, kind)
    html = (real_site / rel / "index.html").read_text(encoding="utf-8")
    if spoilers != "hidden" and 'id="sv-timeline"' not in html:
        pytest.skip("this build has no spoiler system yet (it arrives with another branch)")
    context, page, foreign = _open(browser, site_url, rel, width, scheme)
    try:
        SPOILER_STATES[spoilers](page)
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == SCHEMES[scheme][1], f"{scheme} scheme not applied (body says {shown})"
        assert _fonts_loaded(page), "the vendored IBM Plex Sans did not load"

        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{kind}-{WIDTHS[width][0]}-{scheme}-{spoilers}.png"),
                        full_page=True)

        problems = _serious(_run_axe(page, axe_source))
        assert problems == [], f"axe on /{rel} ({width}, {scheme}):\n" + "\n".join(problems)

        sticking_out = page.evaluate(_STICKING_OUT)
        assert sticking_out == [], f"/{rel} is wider than the {width} screen: {sticking_out}"
        assert foreign == [], f"/{rel} fetched from other hosts: {foreign}"
    finally:
        context.close()


def test_404_page_leads_back(browser: Any, real_site: Path, site_url: str,
                             axe_source: str) -> None:
    # The static server answers unknown paths with its own page; hosts serve site/404.html.
    context, page, _ = _open(browser, site_url, "404.html", "phone", "light")
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "404-390-light.png"), full_page=True)
        article = page.locator("article")
        assert "not" in article.inner_text().lower()
        home = article.locator("a[href]").first
        assert home.is_visible()
        assert _serious(_run_axe(page, axe_source)) == []
        home.click()
        page.wait_for_load_state()
        assert page.title().startswith("Severance Wiki")
    finally:
        context.close()
