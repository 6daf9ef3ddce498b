"""checks.py without MkDocs: each rule finds what it should, and only that."""

from __future__ import annotations

import textwrap

import pytest

from contrib_helpers import BASE_PAGES, GOOD_TRIVIA, SOURCE_PAGE
from severance_wiki.checks import check_wiki, format_problem, load_pages, url_of


def run(pages: dict[str, str | bytes], *, base: bool = True) -> list[str]:
    """Every problem of a wiki made of the mini base pages plus ``pages``."""
    everything: dict[str, str | bytes] = {
        **(BASE_PAGES if base else {}), "sources/test-interview.md": SOURCE_PAGE, **pages}
    wiki = load_pages((uri, text if isinstance(text, bytes) else text.encode(), f"docs/{uri}")
                      for uri, text in everything.items())
    return [format_problem(p) for p in check_wiki(wiki)]


def trivia(body: str, **fields: str) -> str:
    """GOOD_TRIVIA with ``fields`` replaced in place (or added before ``sources``)."""
    front, rest = GOOD_TRIVIA.split("---\n", 2)[1], []
    lines = front.splitlines()
    for key, value in fields.items():
        at = next((i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")), None)
        if at is None:
            lines.insert(lines.index("sources:"), f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
    return "---\n" + "\n".join([*lines, *rest]) + f"\n---\n{textwrap.dedent(body)}"


def rules(problems: list[str]) -> list[tuple[str, str]]:
    """``(line:col, rule)`` of each problem line."""
    out = []
    for p in problems:
        where, rule = p.split(": ")[0], p.split(": ")[1]
        out.append((":".join(where.split(":")[1:]), rule))
    return out


def test_the_base_wiki_and_a_good_trivia_page_are_clean() -> None:
    assert run({"trivia/good.md": GOOD_TRIVIA}) == []


def test_reveal_names_are_allowed_only_inside_late_enough_spoilers() -> None:
    body = """\
    Intro line.
    ||S1E2: Helena Eagan|| is fine, ||Helena Eagan|| takes the page's point and is not.
    `Helena Eagan` in code is still shown to readers.
    [[Helena Eagan|Helly]] shows only its label; [[Helena Eagan]] shows the name.
    ``` text
    Helena Eagan in a fenced block is shown too.
    ```

    ??? spoiler "S1E2"
        Helena Eagan inside the block.

        - a nested list mentioning helena   eagan

            !!! note
                Deeper, still covered: Helena Eagan.

    Helena Eagan after the block.
    !!! spoiler "S1E1"
        Too early a block for Helena Eagan.
    <!-- Helena Eagan in an HTML comment ships in the page source -->
    """
    out = rules(run({"trivia/t.md": trivia(body)}))
    # body starts on file line 12. Checked as rendered: [[Helena Eagan]] links through the
    # reveal name, so the link carries the name's own mark and is gated until S1E2; the
    # comment does not ship (the sanitizer drops comments).
    assert out == [
        ("13:35", "reveal-too-early"),
        ("14:2", "reveal-too-early"),
        ("17:1", "reveal-too-early"),
        ("28:1", "reveal-too-early"),
        ("30:27", "reveal-too-early"),
    ]


def test_a_page_safe_from_the_reveal_may_name_it_anywhere_but_its_title() -> None:
    body = "Helena Eagan is named in the clear, in the page and its summary.\n"
    page = trivia(body, spoilers="S1E2", title="On set", summary="Helena Eagan on set")
    assert run({"trivia/t.md": page}) == []
    # The title shows in navigation, search and other pages' lists before the page is
    # opened, so even a late page must not put a reveal name there (DESIGN: safe names).
    late_title = trivia(body, spoilers="S1E2", title="Helena Eagan on set")
    out = run({"trivia/t.md": late_title})
    assert len(out) == 1 and "3:1: reveal-too-early: the title uses 'Helena Eagan'" in out[0]


def test_reveal_names_in_titles_aliases_summaries_and_quotes() -> None:
    page = trivia("Body.\n", title="Helena Eagan on set", aliases="[Helena on set]",
                  summary="Where Helena Eagan was filmed")
    page = page.replace("quote: We shot the pilot twice.", "quote: Helena Eagan was shot twice.")
    out = run({"trivia/t.md": page})
    assert [o.split(": ")[0] for o in out] == ["docs/trivia/t.md:3:1", "docs/trivia/t.md:8:1",
                                               "docs/trivia/t.md:11:1"]
    assert "reveal-too-early: the title uses 'Helena Eagan', a spoiler until S1E2" in out[0]
    assert all("reveal-too-early: 'Helena Eagan' is a spoiler until S1E2" in o for o in out[1:])


def test_spoiler_markers_with_unknown_episodes() -> None:
    body = '!!! spoiler "S9E1"\n    x\n\nand ||S4E4: y|| and ||S1E2: fine||\n'
    out = run({"trivia/t.md": trivia(body)})
    assert [o.split(": ", 2)[:2] for o in out] == [
        ["docs/trivia/t.md:12:14", "spoiler-syntax"],
        ["docs/trivia/t.md:15:7", "spoiler-syntax"]]
    assert "has the key 'S9E1', which is not an episode" in out[0]
    assert "has the key 'S4E4'" in out[1]


@pytest.mark.parametrize(
    ("line", "col", "message"),
    [
        ("<script>alert(1)</script>", 1, "<script> is not allowed"),
        ("Look: <iframe src='https://example.org'></iframe>", 7, "<iframe> is not allowed"),
        ("<object data='x.swf'></object>", 1, "<object> is not allowed"),
        ("a <embed src='x.swf'> b", 3, "<embed> is not allowed"),
        ("<img src=x onerror=alert(1)>", 12, "event handler attribute 'onerror' on <img>"),
        ("<div onmouseover='x()'>hi</div>", 6, "event handler attribute 'onmouseover'"),
        ("<a href=\"jav&#x61;script:alert(1)\">x</a>", 4,
         "'href' on <a> is a script or data"),
        ("<a href=' javascript:alert(1)'>x</a>", 11, "'href' on <a> is a script or data URL"),
        ("[click](javascript:alert(1))", 9, "'href' on <a> is a script or data URL"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", 9, "'href' on <a> is a script or data"),
        ("[click][r]\n\n[r]: JAVASCRIPT:alert(1)", 6, "'href' on <a> is a script or data"),
        ("# Heading {: onclick=\"alert(1)\" }", 14, "event handler attribute 'onclick' on <h1>"),
    ],
)
def test_disallowed_html(line: str, col: int, message: str) -> None:
    out = run({"trivia/t.md": trivia(line + "\n")})
    assert len(out) == 1, out
    lineno = 12 + (2 if line.count("\n") else 0)
    assert out[0].startswith(f"docs/trivia/t.md:{lineno}:{col}: raw-html: {message}"), out[0]


@pytest.mark.parametrize(
    "line",
    [
        "Plain <b>bold</b>, <em>em</em> and <a href='https://example.org'>a link</a>.",
        "Code shows it safely: `<script>alert(1)</script>` and `[x](javascript:y)`.",
        "```html\n<iframe src=x onload=y></iframe>\n```",
        "![a still](data:image/png;base64,iVBORw0KGgo=) is an inline image.",
        "An <img src='x.png' alt='data: a caption'> with a harmless alt.",
        "Once upon a time, the onset of filming = 2019 {: .note }",
    ],
)
def test_allowed_html_and_code_are_not_flagged(line: str) -> None:
    assert run({"trivia/t.md": trivia(line + "\n")}) == []


def test_wikilinks_broken_ambiguous_and_unsafe() -> None:
    body = ("[[Helly Rigs]] and [[S1E2]] and [[Half Loop#Production]] and "
            "[[Helly Riggs|Helly]].\n"
            "[[Helly Riggs|x <b>y</b>]] and [[Helly Riggs||S1E2: z||]]\n"
            "`[[Not a link in code]]`\n")
    out = run({"trivia/t.md": trivia(body),
               "people/helly.md": "---\ntype: person\nname: Ann\naliases: [Twin]\n---\n",
               "people/helly2.md": "---\ntype: person\nname: Bob\naliases: [Twin]\n---\n"
                                   "[[Twin]]\n"})
    assert rules(out) == [("4:1", "duplicate-name"), ("4:1", "duplicate-name"),
                          ("6:1", "ambiguous-link"),
                          ("12:1", "broken-link"), ("12:33", "broken-heading"),
                          ("13:1", "unsafe-link-text"),
                          ("13:32", "unsafe-link-text")]
    assert "did you mean 'Helly Riggs'?" in out[3]
    assert "could mean 'Ann' (people/helly.md), 'Bob' (people/helly2.md)" in out[2]


def test_markdown_links_to_missing_pages() -> None:
    body = ("[ok](../episodes/s1e1.md) [ok too](../episodes/s1e2.md#credits) "
            "[gone](../episodes/s9e9.md) [web](https://example.org/a.md)\n")
    out = run({"trivia/t.md": trivia(body)})
    col = body.index("../episodes/s9e9.md") + 1
    assert out == [f"docs/trivia/t.md:12:{col}: broken-md-link: link to '../episodes/s9e9.md' "
                   "points to no page (fix the path, or link with [[Page title]])"]


def test_trivia_reveal_point_and_quotes() -> None:
    page = trivia("Body.\n", episodes="[S1E2, S2E1]", spoilers="S1E2")
    page = page.replace("    quote: We shot the pilot twice.\n", "")
    out = run({"trivia/t.md": page})
    assert rules(out) == [("6:1", "spoiler-too-early"), ("8:1", "missing-quote")]
    assert "spoilers: S1E2 is earlier than S2E1" in out[0]
    assert "set 'spoilers: S2E1' or later" in out[0]


def test_slugs_and_duplicate_urls() -> None:
    page = trivia("Body.\n")
    out = run({"trivia/My Page.md": page.replace("shot twice", "shot 2x"),
               "trivia/dup.md": page.replace("shot twice", "shot thrice"),
               "trivia/dup/index.md": page.replace("shot twice", "shot four times"),
               "trivia/Dup2.md": page.replace("shot twice", "shot five times"),
               "trivia/dup2.md": page})
    assert [(o.split(":")[0], o.split(": ")[1]) for o in out] == [
        ("docs/trivia/Dup2.md", "duplicate-slug"), ("docs/trivia/Dup2.md", "slug"),
        ("docs/trivia/My Page.md", "slug"),
        ("docs/trivia/dup.md", "duplicate-slug"), ("docs/trivia/dup/index.md", "duplicate-slug"),
        ("docs/trivia/dup2.md", "duplicate-slug")]
    assert "rename it to 'my-page.md'" in out[2]
    assert "published at '/trivia/dup/', like docs/trivia/dup/index.md" in out[3]
    assert url_of("trivia/dup/index.md") == url_of("trivia/dup.md") == "trivia/dup/"
    assert url_of("index.md") == ""


def test_duplicate_names_are_reported_on_every_page_involved() -> None:
    out = run({"trivia/a.md": trivia("x\n", title="Half Loop")})
    assert [o.split(": ")[0] for o in out] == ["docs/episodes/s1e2.md:3:1",
                                               "docs/trivia/a.md:3:1"]


def test_unreadable_pages_become_problems_not_tracebacks() -> None:
    out = run({"trivia/a.md": b"\xff\xfe", "trivia/b.md": b"---\ntype: [\n---\n"})
    assert [o.split(": ", 2)[1] for o in out] == ["front-matter", "front-matter"]


def test_a_file_name_that_spells_a_spoiler_name() -> None:
    out = run({"trivia/helena-eagan-on-set.md": trivia("Body.\n"),
               "trivia/later/helena-eagan.md": trivia("Body.\n", spoilers="S2E1",
                                                      title="A later page")})
    # An address shows in links and the sitemap before the page is opened: even a page
    # that is itself late must not spell a reveal name in its file name.
    expected = ("reveal-too-early: the file name spells 'Helena Eagan', a spoiler until S1E2; "
                "the address shows in links and the sitemap before the page is opened "
                "(rename the file after a name known earlier)")
    assert out == [f"docs/trivia/helena-eagan-on-set.md:1:1: {expected}",
                   f"docs/trivia/later/helena-eagan.md:1:1: {expected}"]


def test_mangled_pages_never_crash_the_checks() -> None:
    """Random edits of a good page (seeded): problems with a file and line, never a crash."""
    import random

    rng = random.Random(20260)
    pieces = [b"\t", b"\r\n", b"\xff", b"\xef\xbb\xbf", b"---\n", b": ", b"- ", b"[", b"]",
              b"{", b"}", b"||", b"[[", b"]]", b"<", b">", b"`", b"```", b"!!! spoiler ",
              b'"', b"'", b"#", b"&", b"*", b"\n", b"    ", b"S1E", b"Helena Eagan", b"\x00"]
    good = GOOD_TRIVIA.encode()
    for _ in range(300):
        raw = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(raw) + 1)
            if rng.random() < 0.4 and raw:
                del raw[at:at + rng.randint(1, 8)]
            else:
                raw[at:at] = rng.choice(pieces)
        wiki = load_pages([("trivia/x.md", bytes(raw), "docs/trivia/x.md"),
                           *((u, t.encode(), f"docs/{u}") for u, t in BASE_PAGES.items()),
                           ("sources/test-interview.md", SOURCE_PAGE.encode(),
                            "docs/sources/test-interview.md")])
        for p in check_wiki(wiki):
            assert p.path.startswith("docs/") and (p.line or 0) >= 1 and p.message, p


@pytest.mark.parametrize("body", ["{" + "onx=" * 40000, "||S1E1: " + "a|" * 60000,
                                  "[[a#" + "b|" * 60000, "<a " + "b=" * 60000,
                                  "`" * 100000, "](" * 60000, "<" * 100000])
def test_pathological_lines_are_checked_in_linear_time(body: str) -> None:
    """One long line made to make naive regular expressions backtrack (a quadratic pattern
    takes minutes on these; the checks take milliseconds)."""
    import time

    started = time.perf_counter()
    run({"trivia/t.md": trivia(body + "\n")})
    assert time.perf_counter() - started < 5


def test_heading_links_are_checked_like_the_build_checks_them(mini) -> None:
    """[[Page#Heading]]: the validator reads the target's Markdown headings and reports a
    missing one in the build's own words, so neither is stricter than the other."""
    good = trivia("See [[Test interview#notes]] and [[Test interview#Notes]].\n")
    assert run({"trivia/t.md": good}) == []
    bad = trivia("See [[Test interview#Credits]] and [[S1E2#Credits]].\n")
    out = run({"trivia/t.md": bad})
    assert out == [
        "docs/trivia/t.md:12:5: broken-heading: wikilink '[[Test interview#Credits]]': "
        "'Test interview' has no heading 'Credits' (its headings are 'Notes')",
        "docs/trivia/t.md:12:36: broken-heading: wikilink '[[S1E2#Credits]]': 'Half Loop' has "
        "no heading 'Credits' (it has no headings, so link to the page without '#Credits')",
    ]
    built = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/t.md": bad})
    assert not built.ok
    assert sorted(w.removeprefix("severance_wiki: ") for w in built.warnings) == [
        "docs/trivia/t.md:12: wikilink '[[S1E2#Credits]]': 'Half Loop' has no heading "
        "'Credits'; it has no headings, so link to the page without '#Credits'",
        "docs/trivia/t.md:12: wikilink '[[Test interview#Credits]]': 'Test interview' has no "
        "heading 'Credits'; its headings are 'Notes'",
    ]


def test_validator_and_build_read_the_same_text_for_links(mini) -> None:
    """Links in HTML comments and fenced code are not links, for the build and the
    validator alike; a fence is closed only by a line of its own characters."""
    from severance_wiki.wikilinks import find_all

    body = textwrap.dedent("""\
        Before <!-- an aside about [[Nowhere]] --> after.
        <!--
        [[Nowhere either]]
        -->
        ```js
        [[Not a link in code]]
        ```not-a-closing-fence
        [[Still code]]
        ```
        [[Helly Riggs]] and `[[in a span]]`.
        """)
    page = trivia(body)
    assert run({"trivia/t.md": page}) == []
    assert [link.target for _, link in find_all(body)] == ["Helly Riggs"]
    result = mini({"trivia/t.md": page, "sources/test-interview.md": SOURCE_PAGE})
    assert result.ok, result.error
    assert result.warnings == []


@pytest.mark.parametrize("text, found", [
    ("Helly is Helena Eagan.", True),
    ("Helly is H\u00e9l\u00e8na \u00c9agan.", True),  # accents
    ("\u029c\u1d07\u029f\u1d07\u0274\u1d00 \u1d07\u1d00\u0262\u1d00\u0274", True),  # small caps
    ("\u202enagaE aneleH\u202c", True),  # shown reversed: as the name
    ("HeIena Eagan, He1ena Eagan", True),
    ("Helena-Eagan", True),
    ("HelenaEagan", True),
    ("H e l e n a  E a g a n", True),
    ("Eagan, Helena", True),
    ("Helena Eagan\u2122", True),
    ("Magdalena Eagan", False),  # another name that ends like it
    ("Helena Eagans", False),
    ("Helena and Eaganville", False),
    ("Helen is eager again", False),
])
def test_a_reveal_name_is_found_as_a_reader_reads_it(text: str, found: bool) -> None:
    from severance_wiki.rendered import name_pattern, reader_text

    assert bool(name_pattern("Helena Eagan").search(reader_text(text))) is found
