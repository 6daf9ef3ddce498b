"""What pages gain at build time: infobox, previous/next, related lists, backlinks, index
pages, the latest-trivia list; and rebuilds as ``mkdocs serve`` does them."""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path

import pytest

from xref_html import (
    anchors,
    article,
    build_site,
    cells,
    gated_anchors,
    gated_text,
    reader_text,
    soup,
)

SOURCE = textwrap.dedent("""\
    ---
    type: source
    title: Opening run interview
    outlet: CinemaBlend
    published_after: S2E1
    ---
    An interview about [[S2E1]].
    """)
DATED_SOURCE = textwrap.dedent("""\
    ---
    type: source
    title: Later feature
    outlet: Example Outlet
    url: https://example.org/severance/feature
    published: 2025-02-01
    author: A. Writer
    ---
    """)
TRIVIA_FM = textwrap.dedent("""\
    ---
    type: trivia
    title: The hallway run took months
    episodes: [S2E1]
    people: [Ben Stiller]
    characters: [Helly Riggs]
    tags: [filming]
    sources:
      - source: Opening run interview
        quote: It took months
        speaker: Ben Stiller
    ---
    Shot in pieces over months.
    """)
TRIVIA_LINKS = textwrap.dedent("""\
    ---
    type: trivia
    title: A casting note
    tags: [casting, filming]
    sources:
      - source: Later feature
        quote: A casting story
    ---
    Told by [[Britt Lower]] about [[Half Loop]], citing [[Opening run interview]].
    """)
HOME = "---\ntype: page\ntitle: Home\n---\nWelcome.\n\n<!-- wiki:latest-trivia -->\n"

SITE = {
    "index.md": HOME,
    "sources/opening-run.md": SOURCE,
    "sources/later-feature.md": DATED_SOURCE,
    "trivia/hallway.md": TRIVIA_FM,
    "trivia/casting.md": TRIVIA_LINKS,
    "guides/deep/notes.md": "---\ntype: page\ntitle: Notes\n---\nAbout [[Helly R.]].\n",
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, cls: str, heading: str) -> str:
    """The inner HTML of ``<section class=cls>`` whose ``<h2>`` is ``heading``."""
    m = re.search(rf'<section class="{cls}"[^>]*><h2>{re.escape(heading)}</h2>(.*?)</section>',
                  html, re.S)
    assert m, f"no {cls} section '{heading}'"
    return m.group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    result = build_site(tmp_path_factory.mktemp("xref-pages"), SITE)
    assert result.ok, result.error
    assert result.warnings == []
    return result


def test_person_page_lists_characters_episodes_and_trivia(site) -> None:
    ben = article(site.html("people/ben-stiller/index.html"))
    directed = anchors(section(ben, "wiki-related", "Episodes directed"))
    assert [a[2] for a in directed] == ["S1E1", "S1E2", "S2E1"]
    # Episode titles after S1E1 are spoilers: listed, but gated at the episode's point
    # (an episode's title is safe once the one before it is watched).
    directed_html = section(ben, "wiki-related", "Episodes directed")
    assert [t.get_text() for t in soup(directed_html).select(".wiki-episode-title")] == [
        "Good News About Hell", "Half Loop", "Hello, Ms. Cobel"]
    assert set(gated_text(directed_html, "Good News About Hell")) == {None}
    assert gated_text(directed_html, "Half Loop") == ["S1E1"]
    assert gated_text(directed_html, "Hello, Ms. Cobel") == ["S1E2"]
    # The key is always safe, so a later title simply appears with progress: no gate.
    assert reader_text(directed_html, "S1E1") == (
        "S1E1 Good News About Hell S1E2 Half Loop S2E1")
    assert not soup(directed_html).select(".sv-show")
    # Trivia from front matter (people: [Ben Stiller]): listed, linked, gated at its point.
    trivia = section(ben, "wiki-related", "Trivia")
    assert gated_anchors(trivia) == [
        (f"../../{site.url('trivia/hallway.md')}", "S2E1", "The hallway run took months")]
    assert reader_text(trivia, "S1E2") == "Safe after S2E1 · 1 more Show"
    assert reader_text(trivia, "S2E1") == "The hallway run took months"
    britt = article(site.html("people/britt-lower/index.html"))
    # The characters someone plays are in the infobox, not listed a second time.
    box = re.search(r'<aside class="wiki-infobox".*?</aside>', britt, re.S)
    assert box and ("../../characters/helly-riggs/", None, "Helly Riggs") in anchors(
        box.group(0))
    assert "Characters played" not in britt
    # Trivia from a wikilink in the trivia's text.
    assert "A casting note" in section(britt, "wiki-related", "Trivia")
    assert "Episodes directed" not in britt  # empty lists render nothing


def test_character_page_lists_actor_trivia_and_backlinks(site) -> None:
    helly = article(site.html("characters/helly-riggs/index.html"))
    assert "The hallway run took months" in section(helly, "wiki-related", "Trivia")
    # Linked from: only what no other part of the page shows. Britt Lower (who plays her)
    # is in the infobox and the trivia in its list; the notes page mentions her in text.
    linked = gated_anchors(section(helly, "wiki-backlinks", "Linked from"))
    assert linked == [("../../guides/deep/notes/", None, "Notes")]
    assert 'class="wiki-related"><h2>Played by' not in helly
    assert gated_text(section(helly, "wiki-related", "Trivia"),
                      "The hallway run took months") == ["S2E1"]
    infobox = re.search(r'<aside class="wiki-infobox".*?</aside>', helly, re.S)
    assert infobox
    assert "Played by" in infobox.group(0) and "Helly R." in infobox.group(0)
    # The reveal name never appears in the infobox.
    assert "Helena" not in infobox.group(0)


def test_episode_page_has_infobox_prevnext_credits_trivia_sources(site) -> None:
    s1e2 = article(site.html("episodes/s1e2/index.html"))
    box = re.search(r'<aside class="wiki-infobox".*?</aside>', s1e2, re.S)
    assert box
    assert text_of(box.group(0)) == (
        "Episode Season 1, episode 2 (S1E2) Released 18 February 2022 "
        "Directed by Ben Stiller Written by Dan Erickson")
    assert "None" not in box.group(0) and "Runtime" not in box.group(0)
    nav = re.search(r'<nav class="wiki-prevnext".*?</nav>', s1e2, re.S)
    assert nav
    assert [a[:1] + a[2:] for a in anchors(nav.group(0))] == [
        ("../s1e1/", "S1E1"), ("../s2e1/", "S2E1")]
    assert reader_text(nav.group(0), "all") == (
        "Previous: S1E1 Good News About Hell Next: S2E1 Hello, Ms. Cobel")
    # The next title is gated at S1E2; its gate's label names the key only, with one Show.
    assert gated_text(nav.group(0), "Hello, Ms. Cobel") == ["S1E2"]
    # Its title simply appears once it is safe: the key stands alone until then.
    assert reader_text(nav.group(0), "S1E1") == (
        "Previous: S1E1 Good News About Hell Next: S2E1")
    # The bar comes first, full width; the infobox floats beside the text below it.
    assert s1e2.index('class="wiki-prevnext"') < s1e2.index('class="wiki-infobox"')
    # Director and writer are said once, in the infobox: no "Credits" list repeats them.
    assert "Credits" not in s1e2 and text_of(s1e2).count("Ben Stiller") == 1
    # Trivia linking to the episode by title counts as trivia about it.
    assert "A casting note" in section(s1e2, "wiki-related", "Trivia")
    s2e1 = article(site.html("episodes/s2e1/index.html"))
    assert "The hallway run took months" in section(s2e1, "wiki-related", "Trivia")
    sources = anchors(section(s2e1, "wiki-related", "Sources"))
    assert (f"../../{site.url('sources/opening-run.md')}", None, "Opening run interview") in sources
    first = article(site.html("episodes/s1e1/index.html"))
    assert "Previous:" not in first and "Next: " in first


def test_source_page_lists_trivia_citing_it_once(site) -> None:
    src = article(site.page("sources/opening-run.md"))
    # The trivia citing it, with the quote they cite (no stored article: said to be
    # unverified); each trivia once: not again under "Linked from".
    cited = section(src, "wiki-passages", "Quotes cited on this wiki")
    assert "“It took months”" in cited and "The hallway run took months" in text_of(cited)
    assert "Not verified against a stored copy" in text_of(cited)
    linked = text_of(section(src, "wiki-backlinks", "Linked from"))
    assert "A casting note" in linked  # it links to the source in its text, without citing it
    assert "The hallway run took months" not in linked
    # What and where the article is, first thing under the title (no infobox repeating it).
    assert "wiki-infobox" not in src
    byline = soup(src).select_one(".wiki-byline")
    assert byline is not None and byline.get_text(" ", strip=True) == (
        "Article · CinemaBlend · written after S2E1")
    later = soup(article(site.html("sources/later-feature/index.html"))).select_one(
        ".wiki-byline")
    assert later is not None and later.get_text(" ", strip=True) == (
        "Article · Example Outlet · 1 February 2025 · by A. Writer · example.org")
    assert later.select_one("a.external")["href"] == "https://example.org/severance/feature"


def test_trivia_page_infobox_links_everything_it_names(site) -> None:
    hallway = article(site.page("trivia/hallway.md"))
    box = re.search(r'<aside class="wiki-infobox".*?</aside>', hallway, re.S)
    assert box
    assert anchors(box.group(0)) == [
        ("../../episodes/s2e1/", None, "S2E1"),
        ("../../people/ben-stiller/", None, "Ben Stiller"),
        ("../../characters/helly-riggs/", None, "Helly Riggs"),
        # Written after S2E1, the interview is marked S2E1 (no gate here: so is this page).
        (f"../../{site.url('sources/opening-run.md')}", "S2E1", "Opening run interview"),
    ]


def test_a_source_is_safe_from_the_episode_it_was_written_after(mini) -> None:
    opt_out = DATED_SOURCE.replace("published: 2025-02-01", "published_after: S2E1\n"
                                   "spoilers: S0")
    result = mini({"sources/opening-run.md": SOURCE, "sources/later-feature.md": opt_out})
    assert result.ok, result.error
    interview = article(result.page("sources/opening-run.md"))
    assert soup(interview).select_one(".sv-page")["data-sv-key"] == "S2E1"
    assert "An interview about" not in reader_text(interview, "S1E2")
    assert "An interview about" in reader_text(interview, "S2E1")
    # `spoilers: S0` says the article discusses nothing later: no page gate.
    assert not soup(article(result.html("sources/later-feature/index.html"))).select(".sv-page")


def test_backlinks_list_only_what_the_page_does_not_show_already(site) -> None:
    # Britt Lower is linked from a trivia page (listed under Trivia) and from Helly Riggs
    # (in her infobox, as the character she plays): nothing is left for the strip.
    britt = article(site.html("people/britt-lower/index.html"))
    assert "A casting note" in section(britt, "wiki-related", "Trivia")
    assert "wiki-backlinks" not in britt
    # S2E1 is linked from its neighbour (the previous/next bar), a source (Sources) and a
    # trivia page (Trivia): all shown already.
    s2e1 = article(site.html("episodes/s2e1/index.html"))
    assert "wiki-backlinks" not in s2e1
    # A page that mentions one in its text and is listed nowhere else: in the strip.
    helly = article(site.html("characters/helly-riggs/index.html"))
    assert anchors(section(helly, "wiki-backlinks", "Linked from")) == [
        ("../../guides/deep/notes/", None, "Notes")]


def test_index_pages_are_generated_and_linked(site) -> None:
    guide = article(site.html("episodes/index.html"))
    assert '<h2 id="season-1">Season 1' in guide and '<h2 id="season-2">Season 2' in guide
    assert '<table class="wiki-table">' in guide
    assert [th.get_text() for th in soup(guide).find("thead").find_all("th")] == [
        "No.", "Title", "Directed by", "Written by", "Released"]
    row = re.search(r'<tr[^>]*><th scope="row"><a [^>]*>S2E1</a></th>.*?</tr>', guide)
    assert row
    # A later episode's row: its key in the clear, the rest behind one gate at S1E2.
    assert cells(row.group(0)) == [
        ("Hello, Ms. Cobel", "S1E2"), ("Ben Stiller", "S1E2"),
        ("Dan Erickson", "S1E2"), ("18 February 2022", "S1E2")]
    assert len(soup(row.group(0)).select(".sv-show")) == 1
    assert reader_text(row.group(0), "S1E1") == "S2E1 Safe after S1E2 Show"
    first = re.search(r'<tr><th scope="row"><a [^>]*>S1E1</a></th>.*?</tr>', guide)
    assert first and cells(first.group(0))[0] == ("Good News About Hell", None)
    cast = article(site.html("people/index.html"))
    assert re.search(r'<h2 id="cast">Cast.*Britt Lower.*<h2 id="crew">Crew.*Ben Stiller', cast,
                     re.S)
    assert 'href="britt-lower/">Britt Lower</a>' in cast
    assert 'href="../characters/helly-riggs/">Helly Riggs</a>' in cast
    chars = article(site.html("characters/index.html"))
    assert 'href="helly-riggs/">Helly Riggs</a>' in chars
    by_episode = article(site.html("trivia/index.html"))
    assert re.search(r"<h2 id=\"s2e1\">S2E1.*?The hallway run took months", by_episode, re.S)
    assert "About the whole series" not in by_episode  # both are tied to an episode
    by_person = article(site.html("trivia/by-person/index.html"))
    assert re.search(r"<h2 id=\"ben-stiller\">Ben Stiller.*?hallway", by_person, re.S)
    # From a wikilink in the trivia's text, as on the person's own page.
    assert re.search(r"<h2 id=\"britt-lower\">Britt Lower.*?A casting note", by_person, re.S)
    by_episode_s1e2 = re.search(r'<h2 id="s1e2">S1E2.*?</ul>', article(
        site.html("trivia/index.html")), re.S)
    assert by_episode_s1e2 and "A casting note" in by_episode_s1e2.group(0)
    by_tag = article(site.html("trivia/by-tag/index.html"))
    assert re.search(r"casting.*?A casting note.*?filming.*?A casting note.*?hallway",
                     text_of(by_tag))
    sources = article(site.html("sources/index.html"))
    assert text_of(sources).count("CinemaBlend") == 1
    nav = site.html("index.html")
    for url in ("episodes/", "people/", "characters/", "trivia/", "sources/"):
        assert f'href="{url}"' in nav, url


def test_latest_trivia_marker_is_replaced_on_any_page(site) -> None:
    home = article(site.html("index.html"))
    assert "wiki:latest-trivia" not in home
    latest = soup(home).select_one("ul.wiki-latest-trivia")
    assert latest
    # Newest first: the casting note cites a source dated 2025; the other has no date.
    assert [a[2] for a in anchors(str(latest))] == [
        "A casting note", "The hallway run took months"]
    # The later one is behind the list's one gate.
    assert len(latest.select(".sv-show")) == 1
    assert gated_anchors(str(latest))[1][1] == "S2E1"


def test_missing_optional_data_renders_no_empty_box(mini) -> None:
    result = mini({"people/quiet.md": "---\ntype: person\nname: Quiet Person\n---\nHi.\n",
                   "sources/s.md": "---\ntype: source\ntitle: Src\noutlet: O\n---\n",
                   "trivia/loose.md": "---\ntype: trivia\ntitle: Loose fact\n"
                                      "sources: [{source: Src, quote: q}]\n---\nNo links.\n"})
    assert result.ok, result.error
    by_episode = text_of(article(result.html("trivia/index.html")))
    assert "About the whole series Loose fact" in by_episode
    assert "Loose fact" not in article(result.html("trivia/by-person/index.html"))
    html = article(result.html("people/quiet/index.html"))
    assert "wiki-infobox" not in html and "None" not in html
    assert "wiki-related" not in html and "wiki-backlinks" not in html


def test_serve_rebuild_carries_a_title_change_to_linking_pages(tmp_path: Path) -> None:
    """``mkdocs serve`` keeps the plugin object across rebuilds; nothing may go stale."""
    from mkdocs.config import load_config

    pages = {"notes.md": "---\ntype: page\ntitle: Notes\n---\nSee [[S1E1]] and [[Pilot]].\n"}
    first = build_site(tmp_path, pages, strict=False)
    assert "S1E1: Good News About Hell" in first.html("notes/index.html")
    assert '<span class="wikilink wikilink--missing">Pilot</span>' in first.html(
        "notes/index.html")
    plugin = load_config(str(tmp_path / "mkdocs.yml")).plugins["severance"]
    renamed = {**pages, "episodes/s1e1.md": textwrap.dedent("""\
        ---
        type: episode
        title: Renamed Pilot
        aliases: [Pilot]
        season: 1
        episode: 1
        released: 2022-02-18
        ---
        """)}
    second = build_site(tmp_path, renamed)
    assert load_config(str(tmp_path / "mkdocs.yml")).plugins["severance"] is plugin
    notes = second.html("notes/index.html")
    assert "S1E1: Renamed Pilot" in notes and "Good News About Hell" not in notes
    assert second.warnings == []  # the new alias resolves [[Pilot]]
    assert ("../episodes/s1e1/", None, "Pilot") in anchors(article(notes))
    assert "Renamed Pilot" in second.html("episodes/index.html")


def test_dirty_build_says_cross_page_lists_may_be_stale(tmp_path: Path, caplog) -> None:
    """``mkdocs build --dirty`` (``mkdocs serve --dirty`` is exact: test_incremental.py)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build_site(tmp_path, {})
    config = load_config(str(tmp_path / "mkdocs.yml"), strict=False)
    config.plugins.on_startup(command="build", dirty=True)
    try:
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            build(config, dirty=True)
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    assert ("severance_wiki: this is a --dirty build: backlinks, related lists and index "
            "pages are recomputed only on changed pages and may be stale; run a full build "
            "(without --dirty) to refresh them") in caplog.messages


def test_front_matter_naming_a_reveal_shows_the_safe_title(mini) -> None:
    result = mini({
        "sources/s.md": "---\ntype: source\ntitle: Src\noutlet: O\n---\n",
        "trivia/t.md": "---\ntype: trivia\ntitle: T\ncharacters: [Helena Eagan]\n"
                       "sources: [{source: Src, quote: q}]\n---\nText.\n",
    })
    assert result.ok, result.error
    html = article(result.html("trivia/t/index.html"))
    assert "Helena" not in html
    assert ("../../characters/helly-riggs/", None, "Helly Riggs") in anchors(html)


def _about_ben(title: str, episode: str) -> str:
    return textwrap.dedent(f"""\
        ---
        type: trivia
        title: {title}
        episodes: [{episode}]
        people: [Ben Stiller]
        sources:
          - source: Opening run interview
            quote: It took months
        ---
        Told by [[Ben Stiller]].
        """)


GROUPS = {
    "sources/opening-run.md": SOURCE,
    "trivia/early.md": _about_ben("An early note", "S1E2"),
    "trivia/late-a.md": _about_ben("A later note", "S2E1"),
    "trivia/late-b.md": _about_ben("Another later note", "S2E1"),
}


def test_the_later_pages_of_a_list_share_one_gate(mini) -> None:
    result = mini(GROUPS)
    assert result.ok, result.error
    ben = article(result.html("people/ben-stiller/index.html"))
    part = section(ben, "wiki-related", "Trivia")
    links = {text: key for _, key, text in gated_anchors(part)}
    # Each page still has its own point: progress shows it by itself ...
    assert links["An early note"] == "S1E2"
    assert links["A later note"] == links["Another later note"] == "S2E1"
    # ... but the list has one gate, which says from when to when.
    gates = soup(part).select(".sv-spoiler")
    assert [g["data-sv-key"] for g in gates] == ["S2E1"]
    assert len(gates[0].select("a")) == 3
    assert reader_text(part, "S0") == "Safe after S1E2 – S2E1 · 3 more Show"
    assert reader_text(part, "S1E2").startswith("An early note Safe after")
    assert reader_text(part, "S2E1") == "An early note A later note Another later note"
    # The same in the index pages' lists.
    by_person = article(result.html("trivia/by-person/index.html"))
    assert [g["data-sv-key"] for g in soup(by_person).select(".sv-spoiler[data-sv-key]")
            if g.select("a")] == ["S2E1"]


def test_trivia_by_person_lists_counts_past_the_limit(mini) -> None:
    """Past ``index_list_limit`` entries the page points to the person pages instead of
    repeating every trivia item under every person it names."""
    result = mini(GROUPS, config={"plugins": ["search", {"severance": {"index_list_limit": 2}}]})
    assert result.ok, result.error
    page = article(result.html("trivia/by-person/index.html"))
    assert cells(page, ("S1E1", "S1E2", "S2E1"))[:2] == [("Ben Stiller", None), ("3", None)]
    assert ("../../people/ben-stiller/", None, "Ben Stiller") in anchors(page)
    assert "A later note" not in page and "3 entries" in text_of(page)
    # Under the limit (the default), every entry is listed.
    full = article(mini(GROUPS).html("trivia/by-person/index.html"))
    assert "A later note" in full and "<table" not in full
