"""The facts seed becomes pages; re-running changes nothing and keeps human edits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from severance_wiki.generate import generate, load_facts

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "seeds" / "severance.yaml"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    out = tmp_path / "docs"
    generate(FACTS, out)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md"))}


def test_generates_every_episode_person_and_character(docs: Path) -> None:
    facts = load_facts(FACTS)
    n_eps = sum(len(s.episodes) for s in facts.seasons)
    assert n_eps == 19
    assert len(list((docs / "episodes").glob("*.md"))) == 19
    assert len(list((docs / "characters").glob("*.md"))) >= 10
    assert len(list((docs / "people").glob("*.md"))) >= 10
    s2e1 = (docs / "episodes" / "s2e1.md").read_text()
    assert "title: Hello, Ms. Cobel" in s2e1
    assert "released: 2025-01-16" in s2e1 and "released_alt: 2025-01-17" in s2e1
    assert "[[Ben Stiller]]" in s2e1 and "[[Dan Erickson]]" in s2e1
    mark = (docs / "characters" / "mark-scout.md").read_text()
    assert "played_by: [Adam Scott]" in mark and "[[Adam Scott]]" in mark
    adam = (docs / "people" / "adam-scott.md").read_text()
    assert "plays: [Mark Scout]" in adam and "[[Mark Scout]]" in adam


def test_reveals_stay_behind_spoiler_markup(docs: Path) -> None:
    helly = (docs / "characters" / "helly-riggs.md").read_text()
    body = helly.split("---", 2)[2]
    before_spoiler = body.split('??? spoiler "S1E9"')[0]
    assert "Helena Eagan" not in before_spoiler
    assert '??? spoiler "S1E9"' in body


def test_second_run_changes_nothing(docs: Path) -> None:
    before = snapshot(docs)
    outcomes, stale = generate(FACTS, docs)
    assert not stale
    assert {o.status for o in outcomes} == {"unchanged"}
    assert snapshot(docs) == before


def test_text_added_outside_the_block_survives(docs: Path, tmp_path: Path) -> None:
    page = docs / "episodes" / "s1e3.md"
    page.write_text(page.read_text() + "\n## Notes\n\nA reader's own paragraph.\n")
    text = page.read_text().replace("type: episode\n", "type: episode\ntags: [pilot-week]\n")
    page.write_text(text)
    # The facts change: the machine part must refresh, the human parts must stay.
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS.read_text().replace("runtime_min: 56}", "runtime_min: 57}"))
    outcomes, _ = generate(facts, docs)
    status = {o.path.name: o.status for o in outcomes if o.path.parent.name == "episodes"}
    assert status["s1e3.md"] == "updated"
    out = page.read_text()
    assert "A reader's own paragraph." in out
    assert "tags: [pilot-week]" in out
    assert "runtime_min: 57" in out and "running time of 57 minutes" in out


def test_hand_edited_machine_block_is_left_alone(docs: Path) -> None:
    page = docs / "people" / "ben-stiller.md"
    edited = page.read_text().replace("works on", "has long worked on")
    page.write_text(edited)
    outcomes, _ = generate(FACTS, docs)
    kept = [o for o in outcomes if o.path == page]
    assert kept[0].status == "kept" and "edited by hand" in kept[0].reason
    assert page.read_text() == edited
    outcomes, _ = generate(FACTS, docs, force=True)
    assert "has long worked on" not in page.read_text()


def test_check_mode_reports_stale_pages_and_writes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "episodes" / "s1e4.md").unlink()
    script = ROOT / "scripts" / "generate.py"
    proc = subprocess.run([sys.executable, str(script), "--docs", str(docs), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "would be created" in proc.stdout and "s1e4.md" in proc.stdout
    assert not (docs / "episodes" / "s1e4.md").exists()


def test_committed_pages_match_the_facts() -> None:
    """CI guard: docs/ is what scripts/generate.py makes of seeds/severance.yaml."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), "--check", "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_broken_facts_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text("seasons:\n  - number: 1\n    episodes: [\n")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), "--facts",
                           str(bad), "--docs", str(tmp_path / "d")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "facts.yaml:4: invalid YAML" in proc.stderr and "Traceback" not in proc.stderr
