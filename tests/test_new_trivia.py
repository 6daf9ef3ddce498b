"""scripts/new_trivia.py: flags or prompts in, a page that passes every check out."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contrib_helpers import BASE_PAGES, ROOT, script

SOURCE = ("---\ntype: source\ntitle: Test interview\noutlet: Test Weekly\n"
          "url: https://example.org/test-interview\nkind: interview\n---\nAn interview.\n")
FLAGS = ["--title", "The pilot was shot twice", "-e", "s1e1", "-p", "ben stiller",
         "-c", "Helly R.", "--source", "Test interview", "--speaker", "Ben Stiller",
         "--quote", "We shot the pilot: twice.", "--tag", "Filming",
         "--text", "The pilot, [[S1E1]], was filmed twice."]


@pytest.fixture
def wiki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for rel, text in {**BASE_PAGES, "sources/test-interview.md": SOURCE}.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path / "docs"


def new_trivia(*args: str, answers: list[str] | None = None) -> int:
    replies = iter(answers or [])

    def read(prompt: str) -> str:
        try:
            reply = next(replies)
        except StopIteration:
            raise EOFError from None
        print(f"{prompt}{reply}")
        return reply

    return script("new_trivia").main(list(args), read=read)


def trivia_files(docs: Path) -> list[str]:
    return sorted(p.name for p in (docs / "trivia").glob("*.md")) if (docs / "trivia").exists() \
        else []


def test_flags_write_a_page_that_validates_and_builds(
        wiki: Path, mini, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_trivia("--no-input", *FLAGS) == 0
    out = capsys.readouterr().out
    assert "wrote docs/trivia/the-pilot-was-shot-twice.md" in out
    page = (wiki / "trivia" / "the-pilot-was-shot-twice.md").read_text(encoding="utf-8")
    assert page == (
        "---\n"
        "type: trivia\n"
        "title: The pilot was shot twice\n"
        "episodes: [S1E1]\n"
        "people: [Ben Stiller]\n"
        "characters: [Helly Riggs]\n"  # the alias typed becomes the page title
        "spoilers: S1E1\n"
        "sources:\n"
        "- source: Test interview\n"
        "  quote: 'We shot the pilot: twice.'\n"
        "  speaker: Ben Stiller\n"
        "tags: [filming]\n"
        "---\n"
        "The pilot, [[S1E1]], was filmed twice.\n\n"
        "> We shot the pilot: twice.\n>\n> — [[Ben Stiller]], [[Test interview]]\n")

    assert script("validate").main(["-q"]) == 0
    result = mini({"sources/test-interview.md": SOURCE, "trivia/new.md": page})
    assert result.ok and result.warnings == [], result.error or result.warnings
    assert "We shot the pilot: twice." in result.page("trivia/new.md")


def test_the_same_title_twice_gets_a_new_slug(wiki: Path) -> None:
    assert new_trivia("--no-input", *FLAGS) == 0
    second = [f if f != "The pilot was shot twice" else "The pilot was shot twice!"
              for f in FLAGS]
    assert new_trivia("--no-input", *second) == 0
    assert trivia_files(wiki) == ["the-pilot-was-shot-twice-2.md", "the-pilot-was-shot-twice.md"]


def test_unknown_names_are_refused_with_suggestions(
        wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS]
    flags[flags.index("ben stiller")] = "Ben Stiler"
    flags[flags.index("Test interview")] = "Test intervew"
    flags[flags.index("s1e1")] = "S4E2"
    flags[flags.index("Ben Stiller")] = "Half Loop"  # the speaker
    assert new_trivia("--no-input", *flags) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "new_trivia.py: episode: 'S4E2' is not an episode of the wiki; use S0, S1E1..S1E2, "
        "S2E1..S2E1 (or S1, S2 for the end of a season)",
        "new_trivia.py: person: no person page is called 'Ben Stiler'; did you mean "
        "'Ben Stiller'?",
        "new_trivia.py: source: no source page is called 'Test intervew'; did you mean "
        "'Test interview'?",
        "new_trivia.py: speaker: 'Half Loop' is an episode page, not a person or character page",
    ]
    assert trivia_files(wiki) == []


def test_missing_fields_without_a_terminal(wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_trivia("--no-input", "--title", "Only a title") == 1
    err = capsys.readouterr().err
    for what in ("source", "quote", "text"):
        assert f"new_trivia.py: {what}: missing; pass --{what}" in err
    assert trivia_files(wiki) == []


def test_a_page_the_checks_refuse_is_not_written(
        wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS]
    flags[flags.index("The pilot, [[S1E1]], was filmed twice.")] = "Helly is Helena Eagan."
    assert new_trivia("--no-input", *flags) == 1
    err = capsys.readouterr().err
    assert "nothing written" in err
    assert ("docs/trivia/the-pilot-was-shot-twice.md:14:10: reveal-too-early: 'Helena Eagan' "
            "is a spoiler until S1E2") in err
    assert trivia_files(wiki) == []
    # Saying how late the page is makes it acceptable.
    assert new_trivia("--no-input", *flags, "--spoilers", "S1E2") == 0


def test_a_source_can_be_given_by_its_url(wiki: Path) -> None:
    flags = [*FLAGS]
    flags[flags.index("Test interview")] = "https://example.org/test-interview/"
    assert new_trivia("--no-input", "--dry-run", *flags) == 0
    flags[flags.index("https://example.org/test-interview/")] = "https://example.org/other"
    assert new_trivia("--no-input", *flags) == 1


def test_prompts_check_each_name_as_it_is_typed(
        wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = [
        "The second season opener ran long",  # title
        "S2E9", "hello, ms. cobel", "",        # episodes: a typo, then a title, then done
        "Dan Ericson", "Dan Erickson", "",     # people: a typo, then right
        "",                                    # characters: none
        "Test", "Test interview",              # source
        "It took a while.",                    # quote
        "Dan Erickson",                        # speaker
        "",                                    # spoilers: take the default
        "The opener of [[S2E1]] took a while.",  # text
        "production, writing",                 # tags
    ]
    assert new_trivia("--interactive", answers=answers) == 0
    out = capsys.readouterr().out
    assert "episode: 'S2E9' is not an episode of the wiki" in out
    assert "person: no person page is called 'Dan Ericson'; did you mean 'Dan Erickson'?" in out
    assert "Spoiler point [S2E1]: " in out
    page = (wiki / "trivia" / "the-second-season-opener-ran-long.md").read_text()
    assert "episodes: [S2E1]\npeople: [Dan Erickson]\nspoilers: S2E1\n" in page
    assert "tags: [production, writing]\n" in page


def test_real_terminal_input_and_stopping_early(wiki: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "new_trivia.py"), "--interactive"],
        input="A title\nS1E1\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "stopped; nothing written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert trivia_files(wiki) == []


def test_usage_errors_exit_2(wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_trivia("--no-input", *FLAGS, "--slug", "Not A Slug") == 2
    assert new_trivia("--no-input", *FLAGS, "--docs", "missing") == 2
    assert "does not exist" in capsys.readouterr().err
