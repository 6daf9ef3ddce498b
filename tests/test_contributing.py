"""CONTRIBUTING.md stays true: its examples pass the checks, its tables match the code."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from contrib_helpers import ROOT, script
from severance_wiki.checks import RULES, check_wiki, format_problem, load_pages
from severance_wiki.model import Trivia

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# The real wiki has no source page for the seed article until ingestion writes one; the
# examples cite it by this title.
CINEMABLEND = ("---\ntype: source\ntitle: CinemaBlend interview\noutlet: CinemaBlend\n"
               "published_after: S2E1\nkind: interview\n---\nThe seed interview.\n")


def page_examples() -> list[str]:
    blocks = re.findall(r"```markdown\n(---\n.*?)```", GUIDE, re.S)
    return [b for b in blocks if "\ntype: " in b]


def real_pages() -> list[tuple[str, bytes, str]]:
    docs = ROOT / "docs"
    return [(p.relative_to(docs).as_posix(), p.read_bytes(),
             "docs/" + p.relative_to(docs).as_posix()) for p in sorted(docs.rglob("*.md"))]


def test_the_page_examples_pass_every_check_against_the_real_wiki() -> None:
    examples = page_examples()
    assert [re.search(r"\ntype: (\w+)", e).group(1) for e in examples] == ["trivia", "source"]
    pages = [p for p in real_pages() if p[0] != "sources/cinemablend-interview.md"]
    pages.append(("sources/cinemablend-interview.md", CINEMABLEND.encode(), "cinemablend"))
    pages.append(("trivia/example.md", examples[0].encode(), "trivia example"))
    pages.append(("sources/example.md", examples[1].encode(), "source example"))
    assert [format_problem(p) for p in check_wiki(load_pages(pages))] == []


def test_the_scaffolding_example_command_works(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "docs" / "sources").mkdir(exist_ok=True)
    (tmp_path / "docs" / "sources" / "cinemablend-interview.md").write_text(CINEMABLEND)
    command = re.search(r"```sh\n(\.venv/bin/python scripts/new_trivia\.py --no-input.*?)```",
                        GUIDE, re.S)
    assert command
    argv = shlex.split(command.group(1).replace("\\\n", " "))[2:]
    monkeypatch.chdir(tmp_path)
    assert script("new_trivia").main(argv) == 0
    written = tmp_path / "docs" / "trivia" / "the-season-2-opening-run-was-filmed-over-months.md"
    assert "people: [Ben Stiller, Adam Scott]" in written.read_text()


def test_the_field_table_lists_every_trivia_field() -> None:
    table = GUIDE.split("The fields of a trivia page")[1].split("\n\n")[1]
    documented = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert sorted(documented) == sorted(Trivia.model_fields)


def test_the_rule_table_matches_the_checks() -> None:
    table = GUIDE.split("| rule | what it means |")[1].split("\n\n")[0]
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", table, re.M))
    assert sorted(documented) == sorted(RULES)
    for rule, text in documented.items():
        plain = text.replace("`", "")
        assert plain == RULES[rule], rule
