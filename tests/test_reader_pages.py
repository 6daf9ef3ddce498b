"""Pages with only their required front matter render cleanly: no empty boxes, no "None".

A mini site holds one page of every type with nothing but the required fields, next to the
base pages (which carry most optional data). Every built page is then read the way a reader
sees it: no "None"/"null" where a value was missing, no infobox row without a value, no
list, table, related section or prev/next bar without content. The checker is tested on
broken samples first, so a pass means something.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

# Each page has one line of text: the front matter is what is minimal here. (A page with no
# text at all behind a whole-page spoiler gate would be a gate that reveals nothing.)
MINIMAL_PAGES = {
    "episodes/s1e3.md": (
        "---\ntype: episode\ntitle: In Perpetuity\nseason: 1\nepisode: 3\n"
        "released: 2022-02-25\n---\nA stub.\n"
    ),
    "people/nobody-known.md": "---\ntype: person\nname: Nobody Known\n---\nA stub.\n",
    "characters/someone.md": "---\ntype: character\nname: Someone\n---\nA stub.\n",
    "sources/bare-source.md": (
        "---\ntype: source\ntitle: A Bare Source\noutlet: Nowhere\n---\nA stub.\n"
    ),
    "trivia/bare-fact.md": (
        "---\ntype: trivia\ntitle: A bare fact\nsources:\n  - source: A Bare Source\n"
        "    quote: A fact with nothing else attached.\n---\n"
        "A fact with nothing else attached.\n"
    ),
    "guide.md": "---\ntype: page\ntitle: A Guide\n---\n",
}

# Words a template prints when it renders a missing value instead of leaving it out.
LEAKS = re.compile(r"\b(None|null|undefined|NaN)\b|\[\]|\{\}|\bTBD\b")
# Boxes that must never be shown empty.
BOXES = "dl, dt, dd, ul, ol, li, table, tbody, tr, aside, section, nav.wiki-prevnext, h2, h3"


def _has_content(el: Tag) -> bool:
    return bool(el.get_text(strip=True)) or el.find(["img", "svg", "input"]) is not None


def page_problems(html: str) -> list[str]:
    """What a reader would see as broken on this page (empty boxes, leaked None)."""
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    title = soup.title.get_text() if soup.title else ""
    if LEAKS.search(title):
        problems.append(f"<title> shows a missing value: {title!r}")
    for meta in soup.select("meta[name=description], meta[property^='og:']"):
        content = str(meta.get("content", ""))
        if LEAKS.search(content) or not content.strip():
            problems.append(f"{meta} is empty or shows a missing value")
    article = soup.select_one("article") or soup
    for tag in article.select("script, style, .headerlink"):
        tag.decompose()
    # Read spoilers as revealed: drop the gate furniture (the spoiler system's sv- markup),
    # keep what it hides. A gate that hides nothing is an empty box behind a button.
    for tag in article.select(".sv-gate, .sv-toggle"):
        tag.decompose()
    # A gate's hidden parts: its .sv-content children (a row gate has one per cell), and
    # for a group the items it holds (.sv-later).
    for gate in article.select(".sv-spoiler:not(.sv-quiet)"):
        hidden = gate.select(":scope > .sv-content, .sv-later")
        if hidden and not any(_has_content(h) for h in hidden):
            outer = gate.find_parent(lambda t: not any(
                c.startswith("sv-") for c in t.get("class") or []))
            problems.append(f"a spoiler gate reveals nothing (in <{outer.name if outer else '?'}>)")
    text = article.get_text(" ", strip=True)
    for m in LEAKS.finditer(text):
        around = text[max(0, m.start() - 40): m.end() + 40]
        problems.append(f"shows a missing value {m.group(0)!r}: ...{around}...")
    for el in article.select(BOXES):
        if not _has_content(el):
            classes = ".".join(el.get("class") or [])
            problems.append(f"empty <{el.name}{'.' + classes if classes else ''}>")
    for dt in article.select("dt"):
        dd = dt.find_next_sibling(["dd", "dt"])
        if dd is None or dd.name != "dd" or not _has_content(dd):
            problems.append(f"infobox field {dt.get_text(strip=True)!r} has no value")
    for table in article.select("table"):
        head = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        rows = [r.find_all(["td", "th"]) for r in table.select("tbody tr")]
        for i, name in enumerate(head):
            cells = [r[i] for r in rows if len(r) > i]
            if cells and not any(_has_content(c) for c in cells):
                problems.append(f"table column {name!r} is empty in every row")
    for section in article.select("section"):
        heading = section.find(["h2", "h3"])
        rest = [c for c in section.children if isinstance(c, Tag) and c is not heading]
        if heading is not None and not any(_has_content(c) for c in rest):
            problems.append(f"section {heading.get_text(strip=True)!r} has a heading only")
    return problems


@pytest.mark.parametrize("html, expected", [
    ("<article><dl><dt>Runtime</dt><dd></dd></dl></article>", "has no value"),
    ("<article><dl><dt>Runtime</dt><dd>None</dd></dl></article>", "'None'"),
    ("<article><aside class='wiki-infobox'><dl></dl></aside></article>", "empty <dl>"),
    ("<article><section class='wiki-related'><h2>Trivia</h2><ul></ul></section></article>",
     "heading only"),
    ("<article><nav class='wiki-prevnext'> </nav></article>", "empty <nav.wiki-prevnext>"),
    ("<article><p>Written by []</p></article>", "'[]'"),
    ("<article><table><thead><tr><th>Name</th><th>First</th></tr></thead><tbody>"
     "<tr><td>Helly</td><td></td></tr><tr><td>Mark</td><td> </td></tr></tbody></table>"
     "</article>", "column 'First' is empty"),
    ("<article><table><thead><tr><th>Name</th><th>First</th></tr></thead><tbody><tr>"
     "<td>Helly</td><td><span class='sv-spoiler'><span class='sv-gate'>Spoiler: S1 "
     "<button>Show</button></span><span class='sv-content'></span></span></td></tr>"
     "</tbody></table></article>", "gate reveals nothing"),
    ("<article><table><thead><tr><th>Name</th><th>First</th></tr></thead><tbody><tr>"
     "<td>Helly</td><td><span class='sv-spoiler'><span class='sv-gate'>Spoiler: S1 "
     "<button>Show</button></span><span class='sv-content'></span></span></td></tr>"
     "</tbody></table></article>", "column 'First' is empty"),
    ("<title>None - Wiki</title><article><p>x</p></article>", "<title>"),
    ("<meta name='description' content=''><article><p>x</p></article>", "description"),
])
def test_checker_catches_broken_pages(html: str, expected: str) -> None:
    problems = page_problems(html)
    assert any(expected in p for p in problems), problems


def test_checker_passes_a_clean_page() -> None:
    html = ("<title>Half Loop - Wiki</title><article><h1>Half Loop</h1>"
            "<aside class='wiki-infobox'><dl><dt>Runtime</dt><dd>53 minutes</dd></dl></aside>"
            "<section class='wiki-related'><h2>Cast</h2><ul><li>Adam Scott</li></ul></section>"
            "</article>")
    assert page_problems(html) == []


def test_pages_with_missing_optional_data_render_cleanly(mini) -> None:
    r = mini(MINIMAL_PAGES)
    assert r.ok, r.error
    assert r.warnings == []
    pages = sorted(Path(r.site).rglob("index.html"))
    built = {p.relative_to(r.site).as_posix() for p in pages}
    for src in MINIMAL_PAGES:
        expected = "index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html"
        assert expected in built, f"{src} was not built"
    report = {
        p.relative_to(r.site).as_posix(): page_problems(p.read_text(encoding="utf-8"))
        for p in pages
    }
    broken = {page: probs for page, probs in report.items() if probs}
    assert broken == {}, "\n".join(f"{k}: {v}" for k, v in broken.items())


@pytest.mark.slow
def test_every_real_page_renders_cleanly(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 40
    broken = {}
    for page in pages:
        problems = page_problems(page.read_text(encoding="utf-8"))
        if problems:
            broken[page.relative_to(real_site).as_posix()] = problems
    assert broken == {}, "\n".join(f"{k}: {v}" for k, v in broken.items())


@pytest.mark.slow
def test_home_page_invites_reading(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    headings = [h.get_text(" ", strip=True).rstrip(" ¶") for h in article.select("h2")]
    for wanted in ("Episode guide", "Latest trivia", "Set your progress", "Join in"):
        assert wanted in headings
    # The episode guide links every episode of both seasons by its number, and shows each
    # title once it is safe for the reader: quietly (it appears with progress, no gate).
    guide = article.select(".wiki-season li a")
    hrefs = [a["href"] for a in guide]
    assert hrefs == [f"episodes/s1e{n}/" for n in range(1, 10)] + [
        f"episodes/s2e{n}/" for n in range(1, 11)]
    assert all(a.select_one(".wiki-ep-no").get_text(strip=True).isdigit() for a in guide)
    assert not any(a.find_parent(class_=re.compile(r"^sv-")) for a in guide)
    titles = [a.select_one(".wiki-ep-title") for a in guide]
    assert titles[0].get_text() == "Good News About Hell"
    assert not titles[0].find_parent(class_="sv-spoiler")  # safe for everyone
    assert all(t.find_parent(class_="sv-quiet") for t in titles[1:])
    assert not article.select(".wiki-seasons .sv-show")
    # The progress button opens the control (spoilers.js); without JavaScript it jumps to
    # the explanation on the same page.
    jump = article.select_one("a[href='#set-your-progress']")
    assert jump is not None and article.select_one("#set-your-progress") is not None
    assert jump.has_attr("data-sv-progress-open")


@pytest.mark.slow
def test_404_page_offers_the_way_home(real_site: Path) -> None:
    html = (real_site / "404.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    assert article is not None and "not on file" in article.get_text()
    # Served at any depth, it finds the fonts from the site's root (not "//assets/...").
    assert 'url("/assets/fonts/' in html and 'url("//' not in html
    home = article.select_one("a.md-button")
    assert home is not None and home["href"] == "/"  # site_url's path


def test_any_site_with_the_plugin_names_search_dialog_and_progress_bar(mini) -> None:
    # Vanilla Material leaves both nameless (axe: aria-dialog-name, aria-progressbar-name).
    theme = {"name": "material", "features": ["navigation.instant",
                                              "navigation.instant.progress"]}
    r = mini({}, config={"theme": theme})
    assert r.ok, r.error
    soup = BeautifulSoup(r.html("episodes/s1e1/index.html"), "html.parser")
    dialog = soup.select_one(".md-search[role=dialog]")
    assert dialog is not None and dialog.get("aria-label") == "Search"
    assert dialog.select_one("input.md-search__input[data-md-component=search-query]")
    progress = soup.select_one(".md-progress[role=progressbar]")
    assert progress is not None and progress.get("aria-label")
