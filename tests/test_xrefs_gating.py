"""Cross-reference content once the spoiler system has gated it: no empty columns, no
gates over nothing, no gate inside a gate's label."""

from __future__ import annotations

import textwrap

from severance_wiki.spoilers_html import Gating, gate_html, gate_page
from severance_wiki.timeline import Timeline
from xref_html import article, cells, gate_labels, reader_text, soup

TIMELINE = Timeline(["S1E1", "S1E2", "S2E1"])


def headers(html: str) -> list[list[str]]:
    return [[th.get_text() for th in t.find_all("th")] for t in soup(html).find_all("table")]


def test_index_tables_leave_out_columns_empty_in_every_row(mini) -> None:
    result = mini({"sources/s.md": "---\ntype: source\ntitle: Src\noutlet: O\n---\n"})
    assert result.ok, result.error
    # No character has a first appearance, no source a date: those columns go.
    assert headers(article(result.html("characters/index.html"))) == [
        ["Character", "Played by"]]
    assert headers(article(result.html("sources/index.html"))) == [
        ["Source", "Outlet", "Trivia"]]


def test_empty_cells_of_a_spoiler_row_are_not_gated(mini) -> None:
    result = mini({
        "characters/mark.md": "---\ntype: character\nname: Mark S.\n"
                              "first_appearance: S1E1\n---\n",
        "characters/later.md": "---\ntype: character\nname: Later Person\n"
                               "spoilers: S1E2\n---\n",
    })
    assert result.ok, result.error
    index = article(result.html("characters/index.html"))
    assert headers(index) == [["Character", "Played by", "First appearance"]]
    rows = {cells(str(tr))[0][0]: cells(str(tr))
            for tr in soup(index).select("tbody tr:not(.sv-gate)")}
    # The later character's row is gated; its empty cells carry no mark and no gate.
    assert rows["Later Person"] == [("Later Person", "S1E2"), ("", None), ("", None)]
    assert rows["Mark S."] == [("Mark S.", "S1E1"), ("", None), ("S1E1", "S1E1")]
    for td in soup(index).find_all("td"):
        if not td.get_text(strip=True):
            assert not td.has_attr("data-reveal") and not td.select(".sv-spoiler"), td
    # At S1E1 one gate is left in the table: the later character's name (one "Show").
    assert reader_text(index, "S1E1").count("Show") == 1


def test_gating_skips_elements_with_nothing_to_show() -> None:
    g = Gating(TIMELINE)
    for empty in ('<td data-reveal="S1E2"></td>', '<li data-reveal="S2E1"> <span></span> </li>',
                  '<p data-reveal="S1E2"><!-- nothing --></p>', '<span data-reveal="S1E2">'
                  '&nbsp;</span>'):
        assert "sv-spoiler" not in gate_html(empty, g), empty
    # Text, an image's alt text or a link's address is something to hide.
    for full in ('<td data-reveal="S1E2">Half Loop</td>',
                 '<span data-reveal="S1E2"><img src="x.png" alt="Helena"></span>',
                 '<img data-reveal="S1E2" src="x.png" alt="Helena">',
                 '<li data-reveal="S1E2"><a href="../helena/"></a></li>',
                 '<a data-reveal="S1E2" href="../helena-eagan/"></a>'):
        assert "sv-spoiler" in gate_html(full, g), full


def test_a_page_gate_over_an_empty_body_has_no_button() -> None:
    g = Gating(TIMELINE, page_key="S1E2")
    assert gate_page("", g, "banner") == ""
    assert gate_page("\n<p> </p>\n", g, "banner") == "\n<p> </p>\n"
    assert "sv-page" in gate_page("<p>Text.</p>", g, "banner")


def test_page_with_a_reveal_point_and_no_body_shows_no_useless_gate(mini) -> None:
    result = mini({"later.md": "---\ntype: page\ntitle: Later notes\nspoilers: S1E2\n---\n"})
    assert result.ok, result.error
    html = article(result.page("later.md"))
    assert "sv-spoiler" not in html and "Show" not in reader_text(html)


def test_a_gate_label_never_holds_another_gate(mini) -> None:
    result = mini({"notes.md": textwrap.dedent("""\
        ---
        type: page
        title: Notes
        ---
        Next up: [[S2E1]], and a <span data-reveal="S2E1">late twist</span>.
        """)})
    assert result.ok, result.error
    s1e2 = article(result.html("episodes/s1e2/index.html"))
    notes = article(result.html("notes/index.html"))
    labels = gate_labels(s1e2) + gate_labels(notes)
    assert labels
    for label in labels:
        assert not label.select(".sv-spoiler"), label  # no gate inside a label
        assert len(label.select("button")) == 1, label  # one Show button per gate
    nav = str(soup(s1e2).select_one("nav.wiki-prevnext"))
    # A reader at S1E1 sees the next episode's key and one "Show"; no hidden title twice.
    assert reader_text(nav, "S1E1") == (
        "Previous: S1E1 Good News About Hell Next: S2E1")
    # Labels name a later episode's title only once it is safe for everyone.
    assert reader_text(notes, "S0").count("Hello, Ms. Cobel") == 0
    assert "Safe after S2E1 Show" in reader_text(notes, "S0")
