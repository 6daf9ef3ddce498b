"""The bad-contribution corpus: one clear line from the validator, and the build refuses it.

Each file in ``tests/bad_contributions/`` is added to the mini wiki; ``expected.yaml`` next to
them holds the exact line the validator must print. The same file must make a real
``mkdocs build --strict`` of the mini wiki fail, naming the same file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contrib_helpers import GOOD_TRIVIA, SOURCE_PAGE, script

CORPUS = Path(__file__).parent / "bad_contributions"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _huge_page() -> bytes:
    """A 5 MB page (generated: too big to commit)."""
    filler = ("Lumon filler sentence for a runaway paste. " * 24 + "\n\n").encode()
    body = filler * (5 * 1024 * 1024 // len(filler) + 1)
    return GOOD_TRIVIA.encode() + body


CASES = {name: ((CORPUS / name).read_bytes(), spec.get("at", f"trivia/{name}"),
                spec["expect"], spec.get("build")) for name, spec in EXPECTED.items()}
CASES["huge.md (5 MB, generated)"] = (
    _huge_page(), "trivia/huge.md",
    "docs/trivia/huge.md:1:1: front-matter: file is 5120 KB, over the 1 MB limit for a page "
    "(split it, or remove what was pasted by mistake)", None)


def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *paths: str) -> tuple[int, list[str]]:
    monkeypatch.chdir(tmp_path)
    code = script("validate").main(["--docs", "docs", "-q", *paths])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


def test_every_corpus_file_has_an_expected_line() -> None:
    files = {p.name for p in CORPUS.glob("*.md")}
    assert files == set(EXPECTED), files ^ set(EXPECTED)
    assert len(CASES) >= 16


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_contribution_gets_one_line_and_the_build_refuses_it(
        name: str, mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    raw, at, expect, build_says = CASES[name]
    result = mini({"sources/test-interview.md": SOURCE_PAGE, at: raw})

    code, lines = validate(tmp_path, monkeypatch, capsys, f"docs/{at}")
    assert lines == [expect]
    assert code == 1
    assert "Traceback" not in result.error

    assert not result.ok, f"the build accepted {name}"
    where, _, rest = expect.partition(": ")  # "docs/x.md:12:3", "rule: message (hint)"
    path, line = where.split(":")[:2]
    message = rest.split(": ", 1)[1]
    build_text = "\n".join([result.error, *result.warnings])
    wanted = build_says or f"{path}:{line}: {message.split(' (')[0]}"
    assert wanted in build_text, build_text[:3000]


def test_the_same_page_fixed_passes_both(mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    result = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/good.md": GOOD_TRIVIA})
    assert result.ok, result.error or result.warnings
    assert result.warnings == []
    code, lines = validate(tmp_path, monkeypatch, capsys)
    assert (code, lines) == (0, [])


# Pages that look risky but are fine: the validator must accept them AND the strict build
# must too (the validator is not stricter than the build, and the build not than it).
GOOD_VARIANTS = {
    "spoiler-name-in-late-block": GOOD_TRIVIA + (
        '\n!!! spoiler "S1E2"\n    In [[S1E2]], Helly turns out to be Helena Eagan.\n'),
    "spoiler-name-inline": GOOD_TRIVIA + "\nLater: ||S1E2: Helena Eagan||.\n",
    "spoiler-name-behind-a-label": GOOD_TRIVIA + "\nSee [[Helena Eagan|Helly]].\n",
    "late-page": GOOD_TRIVIA.replace("spoilers: S1E1", "spoilers: S2E1")
                 + "\nHelena Eagan, in the clear.\n",
    "html-in-code": GOOD_TRIVIA + "\n`<script>alert(1)</script>` and\n\n```html\n"
                                  "<iframe onload=x></iframe>\n```\n",
    "harmless-html": GOOD_TRIVIA + "\nA <b>bold</b> word and <a href='https://example.org'>"
                                   "a link</a>.\n",
    "links-of-every-kind": GOOD_TRIVIA + "\n[[Helly R.]], [[Helly Riggs|her]], [[S1E2]], "
                                         "[[Test interview#Notes]], [home](../index.md).\n",
}


@pytest.mark.parametrize("name", sorted(GOOD_VARIANTS))
def test_what_the_validator_accepts_builds_strict(
        name: str, mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    result = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/t.md": GOOD_VARIANTS[name]})
    code, lines = validate(tmp_path, monkeypatch, capsys)
    assert (code, lines) == (0, [])
    assert result.ok and result.warnings == [], result.error or result.warnings


def test_the_build_reports_each_problem_once(mini) -> None:
    page = GOOD_TRIVIA.replace("people: [Ben Stiller]", "people: [Ben Stiler]") + (
        "\n[[Helly Rigs]] is Helena Eagan.\n<iframe src='https://example.org'></iframe>\n")
    result = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/t.md": page})
    assert not result.ok
    lines = [w.removeprefix("severance_wiki: ") for w in result.warnings]
    assert sorted(line.split(";")[0] for line in lines) == [
        "docs/trivia/t.md:14: 'Helena Eagan' is a spoiler until S1E2, but here it is safe "
        "from S1E1",
        "docs/trivia/t.md:14: wikilink '[[Helly Rigs]]' points to no page",
        "docs/trivia/t.md:15: <iframe> is not allowed in a page",
        "docs/trivia/t.md:5: people: no page is called 'Ben Stiler'",
    ]
