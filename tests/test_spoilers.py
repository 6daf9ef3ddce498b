"""The spoiler system: syntax, lint, gates, and a leak scan of every output file."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import markdown

import hostile_corpus
from addresses import page_path, page_url
from severance_wiki import rendered
from severance_wiki.checks import sort_problems
from severance_wiki.render import DEFAULT_EXTENSIONS
from severance_wiki.rendered import PageContext, RevealName
from severance_wiki.spoilers import INLINE_RE, SpoilerExtension
from severance_wiki.spoilers_html import (
    Gating,
    block_ends_apart,
    gate_chrome,
    gate_html,
    gate_page,
    resolve,
    search_marked,
    strip_gated,
    visible_text,
)
from severance_wiki.timeline import Timeline
from spoiler_site import CANARIES, build

TL = Timeline(("S1E1", "S1E2", "S1E9", "S2E1"))
HELENA = [RevealName("Helena Eagan", "S1E9", "Helly Riggs")]


# -- syntax and lint (pure) -----------------------------------------------------------------


def test_inline_pattern_reads_keys_and_leaves_table_bars_alone() -> None:
    m = INLINE_RE.search("a ||S1E9: the reveal|| b")
    assert m and m.group("key") == "S1E9" and m.group("text") == "the reveal"
    m = INLINE_RE.search("a ||plain hidden|| b")
    assert m and m.group("key") is None and m.group("text") == "plain hidden"
    assert INLINE_RE.search("| a || b |") is None


def lint_markdown(text: str, path: str, tl: Timeline, page_point: str,
                  names: list[RevealName] | tuple[RevealName, ...] = (),
                  first_line: int = 1, default_point: str | None = None) -> list:
    """The spoiler problems of a page body as the build reports them: rendered with the
    spoiler syntax, then checked as rendered (rendered.check)."""
    md = markdown.Markdown(extensions=[*DEFAULT_EXTENSIONS, SpoilerExtension()])
    html = md.convert(text)
    ctx = PageContext(path, text, first_line, tl, page_key=page_point,
                      default_key=default_point or page_point, reveal_names=names)
    return sort_problems(rendered.check(html, ctx)[1])


def test_lint_reports_unknown_keys_with_line_and_valid_range() -> None:
    text = "ok\n\n!!! spoiler \"S3E1\"\n    x\n\nand ||S1E12: y|| here\n"
    problems = lint_markdown(text, "docs/p.md", TL, "S0", first_line=5)
    assert [(p.line, p.rule) for p in problems] == [(7, "spoiler-syntax"), (10, "spoiler-syntax")]
    assert "S3E1" in problems[0].message and "S1E1..S1E9" in str(problems[0])
    assert "S1E12" in problems[1].message


def test_block_keys_may_be_bare_and_junk_is_reported() -> None:
    problems = lint_markdown("!!! spoiler S1E9\n    x\n\n!!! spoiler yes\n    y\n", "p.md",
                             TL, "S0")
    assert [(p.line, p.rule) for p in problems] == [(4, "spoiler-syntax")]


def test_lint_heading_with_markup_keyless_on_s0_and_code_is_ignored() -> None:
    text = "## A ||S1E9: b|| heading\n\n`||S3E1: code||`\n\n```\n||S9E9: fenced||\n```\n||c||\n"
    problems = lint_markdown(text, "p.md", TL, "S0")
    assert [(p.line, p.rule) for p in problems] == [(1, "spoiler-heading"), (8, "spoiler-no-key")]


def test_lint_reveal_names_in_links_and_headings_before_their_point() -> None:
    text = ("Helena *Eagan* early\n\n||S1E9: Helena Eagan ok||\n\n"
            "## Helena Eagan\n")
    problems = lint_markdown(text, "p.md", TL, "S1E2", HELENA)
    assert [(p.line, p.rule) for p in problems] == [
        (1, "reveal-too-early"), (5, "reveal-too-early")]
    assert lint_markdown(text, "p.md", TL, "S1E9", HELENA) == []
    block = '!!! spoiler "S1E9"\n    Helena Eagan inside\n\nHelena Eagan outside\n'
    assert [p.line for p in lint_markdown(block, "p.md", TL, "S0", HELENA)] == [4]


# -- gates (pure) ---------------------------------------------------------------------------


def test_marks_become_hidden_gates_and_implied_ones_are_dropped() -> None:
    src = ('<p>a <span data-reveal="S1E9">late <b data-reveal="S1E2">inner</b>'
           ' <i data-reveal="S2E1">later</i></span></p>')
    out = gate_html(src, Gating(TL, page_key="S0"))
    shown = visible_text(out)
    assert "S1E9" in shown and not re.search(r"late|inner", shown)
    assert out.count('class="sv-spoiler') == 2  # S1E2 inside S1E9 is implied
    assert 'data-sv-pos="3"' in out and 'data-sv-pos="4"' in out
    assert "late" in out and 'aria-expanded="false"' in out
    # on a page whose own reveal point is S1E9, only the S2E1 gate remains
    out = gate_html(src, Gating(TL, page_key="S1E9"))
    assert out.count('class="sv-spoiler') == 1 and "later" not in visible_text(out)


def test_list_and_table_marks_gate_inside_their_items() -> None:
    src = ('<ul><li data-reveal="S2E1">x</li></ul>'
           '<table><tr data-reveal="S1E2"><td>a</td><td>b</td></tr></table>')
    out = gate_html(src, Gating(TL))
    assert re.search(r"<li[^>]*><span class=\"sv-spoiler", out)  # short items: inline gates
    # A row is one gate: one cell spans the row's hidden cells.
    assert out.count('<tr class="sv-spoiler sv-row" data-sv-pos="2"') == 1
    assert out.count('<td class="sv-gate" colspan="2"') == 1
    assert out.count('<td class="sv-content"') == 2 and out.count('class="sv-content"') == 3
    assert out.count('class="sv-note"') == 2 and "x" not in visible_text(out).split()
    assert not {"a", "b"} & set(visible_text(out).split())
    # A row's key (<th>) stays in the clear.
    out = gate_html('<table><tr data-reveal="S1E2"><th>K</th><td>a</td></tr></table>',
                    Gating(TL))
    assert visible_text(out).split()[:1] == ["K"] and "a" not in visible_text(out).split()
    out = gate_html('<ul><li data-reveal="S2E1"><p>para</p></li></ul>', Gating(TL))
    assert re.search(r"<li[^>]*><div class=\"sv-spoiler", out)  # block content: block gate


def test_keyless_markup_inside_a_gate_takes_its_point() -> None:
    src = ('<div class="sv-block" data-reveal="S1E9"><p>a <span class="sv-inline" '
           'data-reveal="page">b</span></p></div>')
    out = gate_html(src, Gating(TL))
    assert out.count('class="sv-spoiler') == 1
    assert lint_markdown('!!! spoiler "S1E9"\n    a ||b|| c\n', "p.md", TL, "S0") == []


def test_unknown_keys_stay_hidden_for_everyone() -> None:
    out = gate_html('<p><span data-reveal="S7E1">x</span></p>', Gating(TL, page_key="S2E1"))
    assert f'data-sv-pos="{len(TL) + 1}"' in out


def test_whole_page_gate_and_search_text() -> None:
    g = Gating(TL, page_key="S1E2")
    out = gate_page('<h2 id="secret-h">Secret h</h2><p>body</p>', g, "Banner S1E2")
    assert "Banner S1E2" in visible_text(out) and "body" not in visible_text(out)
    assert "Secret" not in visible_text(out)
    assert g.gated_ids == set()  # the page's TOC is gated with the page (gate_chrome)
    assert strip_gated(out) == ""
    assert gate_page("<p>x</p>", Gating(TL), "b") == "<p>x</p>"


TRICKY = [
    '<p>a <span data-reveal="S1E9">late <b data-reveal="S1E2">in</b> <i data-reveal="S2E1">'
    'later</i></span> b</p>',
    '<ul data-reveal="S2E1"><li>x</li><li data-reveal="S1E2">y</li><li><p>z</p></li></ul>',
    '<table data-reveal="S1E9"><thead><tr><th>h</th></tr></thead><tbody><tr><td>a</td>'
    '<td></td></tr><tr data-reveal="S2E1"><td>b</td></tr></tbody></table>',
    '<section class="wiki-backlinks" data-search-exclude><h2 id="b">Links</h2><ul><li>'
    '<a href="t/" data-reveal="S2E1">Later</a></li></ul></section><p>after</p>',
    '<h2 id="h">Title <span data-reveal="S2E1">secret</span></h2><p>x</p>',
    '<div class="sv-spoiler sv-quiet" data-sv-pos="2"><span class="sv-content">'
    '<a data-reveal="S2E1" href="x/">q</a></span></div><p>kept</p>',
    '<!-- <span data-reveal="S2E1">c</span> --><script>var s = \'<b data-reveal="S2E1">\';'
    '</script><p><span data-reveal="S2E1">x</span></p>',
    '<div class="sv-block" data-reveal="S1E9"><p>a <span class="sv-inline" '
    'data-reveal="page">b</span></p></div><p data-reveal="S1E1">early</p>',
]


@pytest.mark.parametrize("page_key", ["S0", "S1E2", "S1E9", "S2E1", "S7E1"])
def test_search_text_is_the_gated_page_without_anything_hidden(page_key: str) -> None:
    """gate_page builds the search text in the same pass as the gates (each gated part
    marked with the position it shows from): at every progress it must be exactly what
    search_marked (which reads the finished page) gives, and at S0 hold nothing hidden."""
    for src in TRICKY:
        g = Gating(TL, page_key=page_key)
        out = gate_page(src, g, "banner")
        marked = search_marked(out)
        for k in range(len(TL) + 2):
            assert resolve(block_ends_apart(g.search_text), k) == resolve(marked, k), (src, k)
        if "data-reveal" not in src and page_key == "S0":
            assert resolve(marked, 0) == block_ends_apart(strip_gated(out))
        for hidden in ("secret", "later", "Later", "var s"):
            if hidden in src and page_key in ("S0", "S1E2"):
                assert hidden not in visible_text(resolve(marked, 0)), (src, hidden)


def test_marks_inside_scripts_and_comments_are_left_alone() -> None:
    out = gate_html(TRICKY[6], Gating(TL))
    assert out.count('class="sv-spoiler') == 1
    assert "var s = '<b data-reveal=\"S2E1\">';</script>" in out


# -- mini sites -----------------------------------------------------------------------------


def test_spoiler_markup_warns_with_file_line_and_range(mini) -> None:
    r = mini({"notes.md": "---\ntype: page\ntitle: Notes\n---\nText ||S3E1: x||.\n\n"
                          "!!! spoiler \"S1E12\"\n    y\n\n!!! spoiler \"yes\"\n    z\n"})
    assert not r.ok
    assert any("docs/notes.md:5:" in w and "S3E1" in w and "S1E1..S1E2" in w
               for w in r.warnings), r.warnings
    assert any("docs/notes.md:7:" in w and "S1E12" in w for w in r.warnings), r.warnings
    assert any("docs/notes.md:10:" in w and "'yes'" in w for w in r.warnings), r.warnings
    assert "/notes/" in (r.site / "sitemap.xml").read_text()


def test_a_reveal_name_in_a_title_or_file_name_stops_the_build(mini) -> None:
    """No gate can hide a title or an address (lists, search, the sitemap): the build
    stops, even when it does not stop on warnings, naming the line and the file."""
    r = mini({"trivia/helena-eagan.md": "---\ntype: trivia\ntitle: Helena Eagan on set\n"
                                        "sources:\n  - {source: Helly Riggs}\n---\nx\n"},
             strict=False)
    assert not r.ok
    assert "docs/trivia/helena-eagan.md:3: the title uses 'Helena Eagan'" in r.error
    assert "docs/trivia/helena-eagan.md:1: the file name spells 'Helena Eagan'" in r.error
    assert not (r.site / "sitemap.xml").exists()


def test_heading_with_spoiler_markup_leaks_nothing_even_when_not_strict(mini) -> None:
    r = mini({"notes.md": "---\ntype: page\ntitle: Notes\n---\n## The ||S1E2: heading-secret|| "
                          "part\n\nText.\n"}, strict=False)
    assert any("docs/notes.md:5:" in w and "heading" in w for w in r.warnings), r.warnings
    page = r.html("notes/index.html")
    assert "heading-secret" in page  # inside the gate ...
    assert "heading-secret" not in visible_text(page)  # ... and nowhere else: TOC, ids, links
    assert 'id="the-part"' in page and 'href="#the-part"' in page
    index = (r.site / "search/search_index.json").read_text()
    assert "heading-secret" not in index and "the-part" in index


def test_pages_citing_unknown_episodes_stay_hidden(mini) -> None:
    r = mini({"trivia/x.md": "---\ntype: trivia\ntitle: X\nepisodes: [S3E1]\nsources:\n"
                             "  - {source: Helly Riggs}\n---\nsecret-x\n"}, strict=False)
    page = r.page("trivia/x.md")
    assert "secret-x" in page and "secret-x" not in visible_text(page)
    assert any("S3E1" in w for w in r.warnings)


def test_generated_character_reveal_is_gated(mini) -> None:
    helly = (Path(__file__).parent.parent / "docs/characters/helly-riggs.md").read_text()
    r = mini({"characters/helly-riggs.md": helly.replace("S1E9", "S1E2")}, strict=False)
    page = r.html("characters/helly-riggs/index.html")
    assert "Helena Eagan" in page and "Helena Eagan" not in visible_text(page)
    assert 'data-sv-key="S1E2"' in page


def _scan_site(site: Path, progress: int = 0) -> list[str]:
    """Every canary a reader at ``progress`` could meet unasked: pages read with an HTML5
    parser (html5lib, scripting on; text and attribute values, a gate's hidden part only
    when its position is at most ``progress``), the search parts up to ``progress``, and any
    other file (search index, sitemap, scripts' data), which every reader downloads."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".png", ".gz", ".woff2", ".svg"):
            continue
        rel = path.relative_to(site).as_posix()
        part = re.fullmatch(r"search/parts/(\d+)\.json", rel)
        if part and int(part.group(1)) > progress:
            continue  # a search part is fetched only once the reader's progress reaches it
        if path.suffix == ".html":
            shown = hostile_corpus.visible_text(hostile_corpus.parse(path), progress)
        else:
            shown = path.read_text(encoding="utf-8", errors="replace")
        for canary, key in CANARIES.items():
            safe_at = ORDER.index(key)
            if canary in shown.lower() and (
                    safe_at > progress or (path.suffix != ".html" and not part)):
                found.append(f"{rel}: {canary}")
    return found


ORDER = ["S0", "S1E1", "S1E2", "S2E1"]


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    r = build(tmp_path_factory.mktemp("canary"))
    assert r.ok, (r.error, r.warnings)
    return r.site


def test_leak_scan_finds_no_canary_anywhere(canary_site: Path) -> None:
    # The canaries are in the output (inside gates), so the scan can see them ...
    notes = (canary_site / "notes/index.html").read_text()
    for canary in ("canary-inline-s1e2", "canary-block-s2e1", "canary-li-s2e1",
                   "canary-alt-s2e1"):
        assert canary in notes
    # ... and a reader meets none of them before its episode, on any surface: every page
    # read as a browser reads it, at every progress
    for progress in range(len(ORDER)):
        assert _scan_site(canary_site, progress) == [], ORDER[progress]
    # the scan does see a canary once it is safe: at "everything", each one is on a page
    everywhere = " ".join(
        hostile_corpus.visible_text(hostile_corpus.parse(p), 3).lower()
        for p in canary_site.rglob("*.html"))
    assert [c for c in CANARIES if c not in everywhere] == []


def test_search_index_sitemap_and_meta_are_safe(canary_site: Path) -> None:
    index = json.loads((canary_site / "search/search_index.json").read_text())
    blob = json.dumps(index).lower()
    assert "canary" not in blob and "half loop" not in blob and "hello, ms. cobel" not in blob
    notes = [d for d in index["docs"] if d["location"].startswith("notes/")]
    assert any("Safe notes text" in d["text"] for d in notes)  # safe text stays searchable
    assert not any("#the-canary" in d["location"] for d in index["docs"])
    sitemap = (canary_site / "sitemap.xml").read_text()
    # addresses are safe names, so the sitemap lists every page (instant navigation needs it)
    item = page_url(canary_site, "trivia/item.md")
    assert "/notes/" in sitemap and f"/{item}<" in sitemap and "s1e2" in sitemap
    trivia = page_path(canary_site, "trivia/item.md").read_text()
    desc = re.search(r'<meta name="description" content="([^"]*)"', trivia)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', trivia)
    assert desc and "spoilers through S2E1" in desc.group(1)
    assert og and "spoilers through S2E1" in og.group(1)
    # a page past S0 has a neutral title wherever a reader meets it unopened
    assert "<title>Trivia · spoilers through S2E1 - Mini wiki</title>" in trivia
    assert "A trivia item" not in visible_text(trivia)


def test_episode_title_shows_only_when_safe(canary_site: Path) -> None:
    page = (canary_site / "episodes/s2e1/index.html").read_text()
    assert "<title>S2E1 - Mini wiki</title>" in page
    assert "Hello, Ms. Cobel" not in visible_text(page)
    banner = re.search(r'class="sv-note">(.*?)</div> <button', page, re.S)
    # The S2E1 page is safe once S1E2 is watched; S1E2's title is safe once S1E1 is.
    assert banner and "<strong>S1E2</strong>" in banner.group(1)
    # A note names a title only when it is safe for everyone: S1E2's is not.
    assert "Half Loop" not in banner.group(1)
    assert "Half Loop" not in visible_text(page)
    first = (canary_site / "episodes/s1e1/index.html").read_text()
    assert "Good News About Hell" in visible_text(first)
    # Outside gates, not even in the page source: the header control and the navigation
    # load later titles from one file; the prev/next bar ships the next title gated.
    outside = strip_gated(first)
    assert "Hello, Ms. Cobel" not in outside and "Half Loop" not in outside
    assert "Hello, Ms. Cobel" not in first  # two episodes ahead: not on the page at all
    # One file per progress, holding the titles safe at it and none later; at S0 the page
    # itself has all a reader may see, so there is no file for it.
    titles = canary_site / "_wiki" / "titles"
    timeline = re.search(r'<script id="sv-timeline"[^>]*>(.*?)</script>', first, re.S)
    assert timeline
    data = json.loads(timeline.group(1))
    assert data["safe"] == {"S1E1": "Good News About Hell"}
    keys = data["keys"]
    assert not (titles / "0.json").exists()
    for n, key in enumerate(keys, start=1):
        shown = json.loads((titles / f"{n}.json").read_text())["titles"]
        assert set(shown) == set(keys[: n + 1]), (n, shown)
        assert key in shown


def test_cross_reference_marks_on_links_cells_and_previews() -> None:
    """The xref contract: producers mark with data-reveal; every kind becomes a gate."""
    src = ('<section class="wiki-backlinks"><h2 id="b">Backlinks</h2><ul>'
           '<li><a href="t/" data-reveal="S2E1" title="later trivia">Later trivia</a></li>'
           '<li><a href="u/">Safe page</a></li></ul></section>'
           '<table class="wiki-table"><tr><td>S1E9</td>'
           '<td data-reveal="S1E2">Episode title</td></tr></table>'
           '<div class="wiki-preview" data-reveal="S1E9"><p>Preview text</p></div>')
    out = gate_html(src, Gating(TL))
    shown = visible_text(out)
    for hidden in ("Later trivia", "later trivia", "Episode title", "Preview text", "t/"):
        assert hidden not in shown, hidden
    assert "Safe page" in shown and "Backlinks" in shown and "S1E9" in shown
    assert '<td data-reveal="S1E2"><span class="sv-spoiler' in out  # cells stay cells
    assert out.count('class="sv-spoiler') == 3


def test_tokenizer_copies_untouched_html_and_skips_scripts_and_comments() -> None:
    src = ('<!-- <span data-reveal="S2E1">comment</span> --><script>if (a<b) "<div>";</script>'
           '<p>a</b> stray end tag <span data-reveal="S2E1">x</span> &amp; <br/> done</p>')
    out = gate_html(src, Gating(TL))
    assert out.startswith(src[:src.index("<p>")])  # comment and script byte for byte
    assert out.count('class="sv-spoiler') == 1 and out.endswith("&amp; <br/> done</p>")
    assert strip_gated(out) == src.replace('<span data-reveal="S2E1">x</span>', "")
    assert gate_html("<p>no marks</p>", Gating(TL)) == "<p>no marks</p>"


def test_gated_page_toc_and_skip_link_are_gated_with_the_page() -> None:
    page = ('<a href="#secret-h" class="md-skip">Skip</a><div class="md-sidebar">'
            '<nav class="md-nav md-nav--secondary" aria-label="On this page">'
            '<label class="md-nav__title">On this page</label>'
            '<ul class="md-nav__list" data-md-component="toc"><li><a href="#secret-h">'
            'Secret h</a></li></ul></nav></div>')
    out = gate_chrome(page, 2)
    shown = visible_text(out)
    assert "Secret" not in shown and "secret-h" not in shown and "On this page" in shown
    assert 'class="md-nav md-nav--secondary sv-spoiler sv-quiet sv-toc" data-sv-pos="2"' in out
    assert '<ul class="md-nav__list sv-content" data-md-component="toc">' in out
    assert gate_chrome(page, 0) == page


def test_search_parts_hold_each_canary_only_from_its_episode_on(canary_site: Path) -> None:
    """search/parts/K.json is fetched once a reader's progress reaches K: a canary may be
    in part K only when it is safe at K, and each one is findable once safe."""
    found_in: dict[str, list[int]] = {}
    for k in range(1, len(ORDER)):
        part = json.loads((canary_site / "search" / "parts" / f"{k}.json").read_text())
        blob = json.dumps(part).lower()
        assert set(part) == {"pages", "docs"}
        for canary, key in CANARIES.items():
            if canary in blob:
                assert ORDER.index(key) <= k, (canary, k)
                found_in.setdefault(canary, []).append(k)
    # text canaries of the pages' bodies are searchable once safe (attributes are not text)
    searchable = {c for c in CANARIES if c not in ("canary-alt-s2e1", "canary-tooltip-s1e2")}
    assert searchable <= set(found_in), searchable - set(found_in)
    assert all(ORDER.index(CANARIES[c]) == min(ks) for c, ks in found_in.items()
               if c != "canary-episode-s1e2")


def test_a_late_page_address_says_nothing_at_s0(mini) -> None:
    """A contributor names a page's file after its title (scripts/new_trivia.py): the address
    of a page about S2E1 must not carry that title to readers at S0, who meet it in links
    (the status bar on hover), the sitemap and the search index."""
    late = "trivia/the-zebracanary-sighting.md"
    r = mini({
        "sources/a-source.md": "---\ntype: source\ntitle: A source\noutlet: Nowhere\n---\nA.\n",
        late: "---\ntype: trivia\ntitle: The zebracanary sighting\nepisodes: [S2E1]\n"
              "sources:\n  - {source: A source, quote: A short supporting line.}\n---\n"
              "A later fact.\n",
        "notes.md": "---\ntype: page\ntitle: Notes\n---\nSee [[The zebracanary sighting]] "
                    "and [the same](trivia/the-zebracanary-sighting.md).\n",
    })
    assert r.ok, r.error
    url = r.url(late)
    assert re.fullmatch(r"trivia/s2e1-[0-9a-f]{8}/", url), url  # its reveal point, a hash
    assert "A later fact." in r.page(late)
    # Earlier pages link to it by that address, and no address anywhere names it.
    notes = hostile_corpus.parse(r.site / "notes/index.html")
    hrefs = [a.get("href", "") for a in notes.iter("a")]
    assert sum(h.endswith(url.removeprefix("trivia/")) for h in hrefs) >= 2, hrefs
    for path in r.site.rglob("*.html"):
        doc = hostile_corpus.parse(path)
        addresses = [el.get(attr, "") for el in doc.iter() for attr in ("href", "src")]
        assert not [a for a in addresses if "zebracanary" in a.lower()], path
    sitemap = ElementTree.parse(r.site / "sitemap.xml").getroot()
    locs = [el.text or "" for el in sitemap.iter() if el.tag.endswith("loc")]
    assert any(loc.endswith("/" + url) for loc in locs), locs
    assert not [loc for loc in locs if "zebracanary" in loc]
    index = json.loads((r.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in index["docs"] if "zebracanary" in d["location"]] == []
    assert "zebracanary" not in json.dumps(index).lower()
