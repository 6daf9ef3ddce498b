"""Hostile contributions: refused by the validator and the build alike, or built harmless.

The corpus is ``tests/hostile/cases.yaml`` (its header says what each field means). What
ships is judged by reading the built site with html5lib, scripting on (tests/
hostile_corpus.py), not by looking at the Markdown; a sample of the script cases also runs
in Chromium (tests/browser/test_hostile_browser.py).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from contrib_helpers import BASE_PAGES, MINI_CONFIG, SOURCE_PAGE, script
from hostile_corpus import Case, leaked, load_cases, parse, run, script_problems, visible_text

CASES = load_cases()
# The mini wiki's config with the real site's Markdown extensions (mkdocs.yml: tables,
# definition lists, permalinks, smart symbols): what the real site's pages may use.
CONFIG = {**MINI_CONFIG,
          "markdown_extensions": ["admonition", "attr_list", "def_list", "md_in_html",
                                  "tables", {"toc": {"permalink": True}}, "pymdownx.details",
                                  "pymdownx.superfences", "pymdownx.smartsymbols"]}


def test_the_corpus_covers_every_class() -> None:
    by_class = collections.Counter(c.klass for c in CASES)
    assert len(CASES) >= 60
    assert sorted(by_class) == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(n >= 5 for n in by_class.values()), by_class
    assert {c.expect for c in CASES} == {"refused", "harmless"}
    assert all(c.rules for c in CASES if c.expect == "refused")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    out = run(tmp_path, case, BASE_PAGES, CONFIG, script("validate").main)
    shown = f"docs/{case.at}"
    mine = [line for line in out.validator_lines if line.startswith(shown + ":")]
    others = [line for line in out.validator_lines if not line.startswith(shown + ":")]
    assert "Traceback" not in out.build_text

    if case.expect == "refused":
        assert out.validator_code == 1 and mine, out.validator_lines
        assert not others, others
        for rule in case.rules:
            with_rule = [line for line in mine if f": {rule}: " in line]
            assert with_rule, (rule, mine)
            where = with_rule[0].split(": ", 1)[0]  # docs/x.md:LINE:COL
            path, line = where.split(":")[:2]
            if case.line is not None:
                assert int(line) == case.line, (with_rule[0], case.line)
            # the build refuses it too, naming the same file and line
            assert not out.build_ok, f"the strict build accepted {case.name}"
            located = f"{path}:{line}:" if case.line is not None else path
            assert located in out.build_text, (located, out.build_text[:2000])
    else:
        assert (out.validator_code, out.validator_lines) == (0, []), out.validator_lines
        assert out.build_ok, out.build_text[:2000]

    if not out.built:
        return  # stopped before anything was written: nothing ships
    pages = sorted(out.site.rglob("*.html"))
    assert pages
    for page in pages:
        assert script_problems(parse(page)) == [], page.relative_to(out.site)
    if case.canary:
        # hidden until S1E2 (position 2): not even a reader of S1E1, who sees the page
        assert leaked(out.site, progress=1) == [], "the canary reaches a reader at S1E1"
        assert leaked(out.site, progress=0) == [], "the canary reaches a reader at S0"
    own = out.site / _url_of(case.at) / "index.html"
    if own.exists():
        assert "helena eagan" not in visible_text(parse(own), 1).lower()


def test_a_name_in_front_matter_stops_even_a_build_that_goes_on_after_warnings(mini) -> None:
    """A spoiler name in front matter reaches lists, search and <meta> of other pages,
    where no gate can hide it: even `mkdocs serve` (which does not stop on warnings)
    publishes nothing, and says where the name is."""
    page = ("---\ntype: source\ntitle: An article by someone\noutlet: Test Weekly\n"
            "author: Helena Eagan\n---\nBody.\n")
    built = mini({"sources/test-interview.md": SOURCE_PAGE, "sources/by-her.md": page},
                 strict=False)
    assert not built.ok
    assert "docs/sources/by-her.md:5: 'Helena Eagan' is a spoiler until S1E2" in built.error
    assert not (built.site / "sources" / "by-her" / "index.html").exists()


def _url_of(src_uri: str) -> str:
    stem = src_uri.rsplit(".", 1)[0]
    return "" if stem == "index" else stem.removesuffix("/index")
