"""Wikilinks in throwaway mini sites built with real MkDocs: syntax, warnings, code, depth."""

from __future__ import annotations

import re
import textwrap

import pytest

from xref_html import anchors, article

P = "severance_wiki: "


def page(body: str, title: str = "Notes") -> str:
    return f"---\ntype: page\ntitle: {title}\n---\n{textwrap.dedent(body)}"


@pytest.fixture
def links(mini):
    """One build with every syntax form on one page (and a page with headings)."""
    result = mini({
        "episodes/s1e2.md": textwrap.dedent("""\
            ---
            type: episode
            title: Half Loop
            season: 1
            episode: 2
            released: 2022-02-18
            ---
            Intro.

            ## Production notes

            Text.
            """),
        "notes.md": page("""\
            Title: [[Helly Riggs]].
            Alias: [[Helly R.]].
            Loose: [[  helly   RIGGS ]].
            Label: [[Helly Riggs|our Helly]].
            Heading: [[Half Loop#Production notes]].
            Key: [[S1E1]] and [[S2E1]].
            Key with label: [[S2E1|the premiere]].
            Reveal: ||S1E2: [[Helena Eagan]]||.
            """),
    })
    assert result.ok, result.error
    return result


def test_every_syntax_form_becomes_a_link(links) -> None:
    found = anchors(article(links.html("notes/index.html")))
    helly = "../characters/helly-riggs/"
    assert found == [
        (helly, None, "Helly Riggs"),
        (helly, None, "Helly R."),
        (helly, None, "helly RIGGS"),
        (helly, None, "our Helly"),
        ("../episodes/s1e2/#production-notes", "S1E1", "Half Loop § Production notes"),
        # An episode key shows the safe title: S1E1's title is always safe, S2E1's is not.
        ("../episodes/s1e1/", None, "S1E1: Good News About Hell"),
        ("../episodes/s2e1/", "S1E2", "S2E1"),
        ("../episodes/s2e1/", "S1E2", "the premiere"),
        # A reveal alias is itself a spoiler: marked with its reveal point.
        (helly, "S1E2", "Helena Eagan"),
    ]
    assert links.warnings == []


def test_links_work_across_folders_at_any_depth(mini) -> None:
    result = mini({
        "a/b/c/deep.md": page("See [[Ben Stiller]] and [[S1E1]].\n", "Deep"),
        "a/shallow.md": page("See [[Deep]].\n", "Shallow"),
        "people/extra.md": "---\ntype: person\nname: Extra\n---\nSee [[Britt Lower]].\n",
    })
    assert result.ok, result.error
    deep = result.html("a/b/c/deep/index.html")
    assert 'href="../../../../people/ben-stiller/"' in deep
    assert 'href="../../../../episodes/s1e1/"' in deep
    assert 'href="../b/c/deep/">Deep</a>' in result.html("a/shallow/index.html")
    assert 'href="../britt-lower/">Britt Lower</a>' in result.html("people/extra/index.html")
    assert 'href="people/ben-stiller/"' not in deep


def test_code_spans_and_fenced_code_are_left_alone(mini) -> None:
    result = mini({"notes.md": page("""\
        Inline `[[Helly Riggs]]` and ``[[No Such Page]]``.

        ```
        [[Helly Riggs]] and [[Nowhere]]
        ```

        ~~~markdown
        [[Also Nowhere]]
        ~~~

        Comments <!-- [[Hidden Nowhere]] --> are not links either.
        <!-- a comment block
        with [[Commented Out]] -->

        After the code: [[Nowhere Else]].
        """)})
    html = article(result.html("notes/index.html"))
    assert "<code>[[Helly Riggs]]</code>" in html
    assert "<code>[[No Such Page]]</code>" in html
    assert "[[Helly Riggs]] and [[Nowhere]]" in html
    assert "[[Also Nowhere]]" in html
    # Only the link outside code is looked up, and its line is exact.
    assert result.warnings == [
        P + "docs/notes.md:19: wikilink '[[Nowhere Else]]' points to no page; "
        "create the page or fix the spelling"
    ]


def test_unknown_target_warns_with_closest_names_and_renders_text(mini) -> None:
    result = mini({"trivia/deep/x.md": page("""\
        First line.

        Then [[Hely Rigs|her]] and [[Ben Stiler]].
        Again [[Ben Stiler]].
        """)})
    assert not result.ok  # strict
    assert result.warnings == [
        P + "docs/trivia/deep/x.md:7: wikilink '[[Hely Rigs|her]]' points to no page; "
        "did you mean 'Helly Riggs'?",  # one suggestion per page, not each of its names
        P + "docs/trivia/deep/x.md:7: wikilink '[[Ben Stiler]]' points to no page; "
        "did you mean 'Ben Stiller'?",
        P + "docs/trivia/deep/x.md:8: wikilink '[[Ben Stiler]]' points to no page; "
        "did you mean 'Ben Stiller'?",
    ]


def test_broken_link_is_readable_text_not_a_dead_link(mini) -> None:
    result = mini({"notes.md": page("Then [[Hely Rigs|her]] and [[Nobody at all]].\n")},
                  strict=False)
    html = article(result.html("notes/index.html"))
    assert '<span class="wikilink wikilink--missing">her</span>' in html
    assert '<span class="wikilink wikilink--missing">Nobody at all</span>' in html
    assert "[[" not in html
    assert not re.search(r"<a [^>]*>(her|Nobody at all)</a>", html)


def test_never_suggests_a_spoiler_name(mini) -> None:
    result = mini({"notes.md": page("[[Helena Egan]]\n")})
    assert result.warnings == [
        P + "docs/notes.md:5: wikilink '[[Helena Egan]]' points to no page; "
        "create the page or fix the spelling"
    ]


def test_ambiguous_target_names_every_candidate(mini) -> None:
    result = mini({
        "characters/mark-scout.md": "---\ntype: character\nname: Mark Scout\n"
                                    "aliases: [Mark]\n---\n",
        "characters/mark-w.md": "---\ntype: character\nname: Mark W.\naliases: [Mark]\n---\n",
        "notes.md": page("Which [[Mark]]?\n"),
    })
    assert (P + "docs/notes.md:5: wikilink '[[Mark]]' is ambiguous: it could mean "
            "'Mark Scout' (characters/mark-scout.md) or 'Mark W.' (characters/mark-w.md); "
            "link with the full page title, e.g. [[Mark Scout]]") in result.warnings
    html = article(result.html("notes/index.html"))
    assert '<span class="wikilink wikilink--missing">Mark</span>' in html


def test_two_pages_with_one_title_cannot_be_told_apart_by_title(mini) -> None:
    result = mini({
        "people/a.md": "---\ntype: person\nname: Sam Smith\n---\n",
        "people/b.md": "---\ntype: person\nname: Sam  smith\n---\n",
        "notes.md": page("[[Sam Smith]]\n"),
    })
    assert (P + "docs/notes.md:5: wikilink '[[Sam Smith]]' is ambiguous: it could mean "
            "'Sam Smith' (people/a.md) or 'Sam smith' (people/b.md); two pages share that "
            "title; rename one of them") in result.warnings


def test_duplicate_alias_across_pages_is_a_warning(mini) -> None:
    result = mini({
        "characters/mark-scout.md": "---\ntype: character\nname: Mark Scout\n"
                                    "aliases: [Mark]\n---\n",
        "characters/mark-w.md": "---\ntype: character\nname: Mark W.\naliases: [Mark]\n---\n",
    })
    assert not result.ok
    # Both pages are told, with the same words as scripts/validate.py uses.
    hint = "rename or drop the alias; links can use the page title instead"
    assert result.warnings == [
        P + "docs/characters/mark-scout.md:4: alias 'Mark' is already used by 'Mark W.' "
        f"(docs/characters/mark-w.md); {hint}",
        P + "docs/characters/mark-w.md:4: alias 'Mark' is already used by 'Mark Scout' "
        f"(docs/characters/mark-scout.md); {hint}",
    ]


def test_unknown_heading_warns_with_the_real_headings(links, mini) -> None:
    s1e2 = textwrap.dedent("""\
        ---
        type: episode
        title: Half Loop
        season: 1
        episode: 2
        released: 2022-02-18
        ---
        ## Production notes

        ## Reception
        """)
    result = mini({
        "episodes/s1e2.md": s1e2,
        "notes.md": page("""\
            [[Half Loop#production notes]] is fine (case-insensitive).
            [[Half Loop#Production]] is close.
            [[S1E2#Zebra|z]] is not.
            [[Ben Stiller#Career]] has none.
            """),
    })
    assert result.warnings == [
        P + "docs/notes.md:6: wikilink '[[Half Loop#Production]]': 'Half Loop' has no heading "
        "'Production'; did you mean 'Production notes'?",
        P + "docs/notes.md:7: wikilink '[[S1E2#Zebra|z]]': 'Half Loop' has no heading 'Zebra'; "
        "its headings are 'Production notes', 'Reception'",
        P + "docs/notes.md:8: wikilink '[[Ben Stiller#Career]]': 'Ben Stiller' has no heading "
        "'Career'; it has no headings, so link to the page without '#Career'",
    ]


def test_labels_are_escaped_and_free_of_markup(mini) -> None:
    result = mini({"notes.md": page("[[Helly Riggs|<b>bold</b> & *star* `code`]]\n")})
    # The contributor checks refuse markup in a label (rule unsafe-link-text): a strict
    # build fails and names the line ...
    assert not result.ok
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(
        P + "docs/notes.md:5: wikilink '[[Helly Riggs|<b>bold</b> & *star* ")
    assert "markup is not allowed here" in result.warnings[0]
    # ... and the pages MkDocs wrote before refusing still never carry the markup.
    html = article(result.html("notes/index.html"))
    # Plain text: HTML escaped, no emphasis; a code span inside a label keeps its text only.
    assert ('>&lt;b&gt;bold&lt;/b&gt; &amp; *star* code</a>' in html)
    assert "<b>" not in html and "<em>" not in html and "<code>" not in html


def test_wikilinks_work_in_lists_tables_admonitions_and_headings(mini) -> None:
    result = mini({"notes.md": page("""\
        ## About [[Ben Stiller]]

        - item [[S1E1]]

        | who |
        |-----|
        | [[Dan Erickson]] |

        !!! note "Note"
            Inside [[Britt Lower]].
        """), }, config={"markdown_extensions": ["admonition", "tables", "toc"]})
    assert result.ok, result.error
    html = article(result.html("notes/index.html"))
    for who in ("people/ben-stiller/", "episodes/s1e1/", "people/dan-erickson/",
                "people/britt-lower/"):
        assert f'href="../{who}"' in html, who


def test_links_and_added_lists_work_without_directory_urls(mini) -> None:
    result = mini({"a/b/notes.md": page("See [[Britt Lower]] and [[S1E1]].\n")},
                  config={"use_directory_urls": False})
    assert result.ok, result.error
    found = anchors(article(result.html("a/b/notes.html")))
    assert found == [("../../people/britt-lower.html", None, "Britt Lower"),
                     ("../../episodes/s1e1.html", None, "S1E1: Good News About Hell")]
    britt = anchors(article(result.html("people/britt-lower.html")))
    assert ("../a/b/notes.html", None, "Notes") in britt
    assert ("../characters/helly-riggs.html", None, "Helly Riggs") in britt
    guide = anchors(article(result.html("episodes/index.html")))
    assert ("s1e1.html", None, "S1E1") in guide
