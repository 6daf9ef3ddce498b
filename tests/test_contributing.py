"""CONTRIBUTING.md stays true: its examples pass the checks, its tables match the code."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from contrib_helpers import ROOT, repo_copy
from severance_wiki.checks import RULES, check_wiki, format_problem, load_pages
from severance_wiki.model import Trivia

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def page_examples() -> list[str]:
    blocks = re.findall(r"```markdown\n(---\n.*?)```", GUIDE, re.S)
    return [b for b in blocks if "\ntype: " in b]


def sh_commands() -> list[str]:
    """Every command of the guide's ``sh`` blocks, continuation lines joined."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", GUIDE, re.S):
        for line in block.replace("\\\n", " ").split("\n"):
            command = line.split("  #")[0].strip()
            if command:
                out.append(command)
    return out


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repo_copy(tmp_path_factory.mktemp("repo"))


def test_the_page_examples_pass_every_check_against_the_real_wiki() -> None:
    examples = page_examples()
    assert [re.search(r"\ntype: (\w+)", e).group(1) for e in examples] == ["trivia", "source"]
    docs = ROOT / "docs"
    pages = [(p.relative_to(docs).as_posix(), p.read_bytes(), f"docs/{p.relative_to(docs)}")
             for p in sorted(docs.rglob("*.md"))]
    pages.append(("trivia/example.md", examples[0].encode(), "trivia example"))
    pages.append(("sources/example.md", examples[1].encode(), "source example"))
    wiki = load_pages(pages, ROOT)
    assert [format_problem(p) for p in check_wiki(wiki)] == []
    # The trivia example cites the real source, its quote is in the real article, and it
    # leaves words out across two sentences of it.
    cite = wiki.registry.entries["trivia/example.md"].page.sources[0]  # type: ignore[attr-defined]
    source = wiki.citations.source_of(cite)
    assert source is not None and source.page.seed  # type: ignore[attr-defined]
    assert wiki.citations.where(source, cite.quote) is not None and "..." in cite.quote


def test_the_example_command_and_page_work_as_written(copy: Path) -> None:
    scaffold = next(c for c in sh_commands() if "new_trivia.py --no-input" in c)
    proc = run(scaffold, copy)
    assert proc.returncode == 0, proc.stderr
    written = copy / "docs" / "trivia" / "the-season-2-opening-run-was-filmed-over-months.md"
    assert "people: [Ben Stiller, Adam Scott]" in written.read_text()
    # The hint it prints works too.
    hint = re.search(r"check it with `([^`]+)`", proc.stdout)
    assert hint, proc.stdout
    checked = run(hint.group(1), copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    written.unlink()
    # The complete example, saved where the guide says, passes the guide's check command.
    name = re.search(r"`(docs/trivia/[\w-]+\.md)`:\n", GUIDE)
    assert name
    (copy / name.group(1)).write_text(page_examples()[0], encoding="utf-8")
    check = next(c for c in sh_commands() if c.startswith(".venv/bin/python scripts/validate.py"
                                                           " docs/trivia/"))
    proc = run(check.replace("docs/trivia/my-page.md", name.group(1)), copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (copy / name.group(1)).unlink()


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
