"""scripts/validate.py as a contributor runs it: output format, grouping, exit codes, speed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from contrib_helpers import BASE_PAGES, GOOD_TRIVIA, ROOT, SOURCE_PAGE
from severance_wiki.checks import check_wiki, load_docs_dir


def write_wiki(root: Path, pages: dict[str, str]) -> Path:
    docs = root / "docs"
    for rel, text in {**BASE_PAGES, "sources/test-interview.md": SOURCE_PAGE, **pages}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return docs


def validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_the_real_wiki_is_clean_and_checked_fast() -> None:
    started = time.perf_counter()
    proc = validate(ROOT)
    took = time.perf_counter() - started
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""
    assert "validate: no problems" in proc.stderr
    # The whole check, without interpreter start-up, is what "every save" pays for.
    wiki_started = time.perf_counter()
    problems = check_wiki(load_docs_dir(ROOT / "docs", "docs/"))
    check_time = time.perf_counter() - wiki_started
    assert problems == []
    assert check_time < 0.5, f"checking the wiki took {check_time:.2f}s"
    assert took < 3.0, f"validate.py took {took:.2f}s in all"


def test_problems_are_grouped_per_file_with_exit_1(tmp_path: Path) -> None:
    write_wiki(tmp_path, {
        "trivia/b.md": GOOD_TRIVIA.replace("[[Good News About Hell]]", "[[Good News]]")
                                  .replace("people: [Ben Stiller]", "people: [Ben Stiler]"),
        "trivia/a.md": GOOD_TRIVIA.replace("episodes: [S1E1]", "episodes: [S7E1]")
                                  .replace("title: The pilot", "title: A pilot"),
    })
    proc = validate(tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.split("\n") == [
        "docs/trivia/a.md:4:1: unknown-episode: episodes: unknown episode 'S7E1' "
        "(use S0, S1E1..S1E2, S2E1..S2E1 (or S1, S2 for the end of a season))",
        "",
        "docs/trivia/b.md:5:1: unknown-reference: people: no page is called 'Ben Stiler' "
        "(did you mean 'Ben Stiller'?)",
        "docs/trivia/b.md:12:14: broken-link: wikilink '[[Good News]]' points to no page "
        "(did you mean 'Good News About Hell'?)",
        "",
    ]
    assert "validate: 3 problems in 2 files" in proc.stderr

    only_a = validate(tmp_path, "docs/trivia/a.md", "-q")
    assert (only_a.returncode, only_a.stdout.count("\n"), only_a.stderr) == (1, 1, "")
    folder = validate(tmp_path, "docs/trivia")
    assert folder.stdout == proc.stdout


def test_a_file_outside_the_docs_folder_is_checked_where_it_would_go(tmp_path: Path) -> None:
    write_wiki(tmp_path, {})
    draft = tmp_path / "draft.md"
    draft.write_text(GOOD_TRIVIA, encoding="utf-8")
    assert validate(tmp_path, "draft.md").returncode == 0
    clash = validate(tmp_path, "draft.md", "--as", "characters/helly-riggs/index.md")
    assert clash.returncode == 1
    assert clash.stdout.startswith("draft.md:1:1: duplicate-slug: page would be published at "
                                   "'/characters/helly-riggs/'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["docs/nope.md"], "validate.py: error: 'docs/nope.md' does not exist"),
        (["--docs", "elsewhere"], "validate.py: error: docs folder 'elsewhere' does not exist"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    write_wiki(tmp_path, {})
    proc = validate(tmp_path, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_link_or_image_to_a_missing_file_is_reported_as_the_build_reports_it(
        tmp_path: Path, mini) -> None:
    """MkDocs warns about a relative link to any missing file (an image, a text file, an
    address it cannot read as a scheme), not only to a page: the validator says so too,
    and accepts the same links once the file is there."""
    body = ("![a photo](missing.png) and [notes](notes.txt) and "
            "[x](ｊａｖａｓｃｒｉｐｔ:alert.1)\n")
    page = GOOD_TRIVIA.replace("was shot twice.\n", "was shot twice.\n" + body)
    docs = write_wiki(tmp_path, {"trivia/pilot.md": page})
    proc = validate(tmp_path, "--docs", "docs", "-q")
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if "broken-md-link" in line]
    assert [line.split(": ")[0] for line in lines] == ["docs/trivia/pilot.md:13:12",
                                                       "docs/trivia/pilot.md:13:37",
                                                       "docs/trivia/pilot.md:13:56"]
    assert "points to no file in docs/" in lines[0]
    built = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/pilot.md": page})
    assert not built.ok and "missing.png" in built.error + " ".join(built.warnings)
    (docs / "trivia" / "missing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "trivia" / "notes.txt").write_text("notes\n", encoding="utf-8")
    lines = [line for line in validate(tmp_path, "--docs", "docs", "-q").stdout.splitlines()
             if "broken-md-link" in line]
    assert len(lines) == 1 and "alert.1" in lines[0]
