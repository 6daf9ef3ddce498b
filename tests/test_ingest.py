"""Ingestion: a source article becomes cited source and trivia pages, safely."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from severance_wiki import managed
from severance_wiki.checks import duplicate_names
from severance_wiki.frontmatter import read as read_fm
from severance_wiki.ingest.document import build as build_doc
from severance_wiki.ingest.lexicon import Lexicon
from severance_wiki.ingest.pages import BY, run
from severance_wiki.load import check_references, load_dir
from severance_wiki.model import validate_page
from severance_wiki.registry import Entry, Registry

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "articles" / "cinemablend-season-2-opening-run.md"
ARTICLES = ROOT / "tests" / "ingest_articles"
SCRIPT = ROOT / "scripts" / "ingest.py"


@pytest.fixture(scope="module")
def seed(registry: Registry) -> dict[str, Any]:
    return run(SEED, ROOT / "docs", dry_run=True, registry=registry).data


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A throwaway copy of the wiki without the ingested pages."""
    out = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", out)
    shutil.rmtree(out / "trivia", ignore_errors=True)
    shutil.rmtree(out / "sources", ignore_errors=True)
    return out


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md"))}


# --- the seed ------------------------------------------------------------------------------


def test_seed_long_quotes_three_stiller_one_scott(seed: dict[str, Any]) -> None:
    block = [q for q in seed["quotes"] if q["kind"] == "block"]
    assert len(block) == 4
    assert [q["speaker"] for q in block] == ["Ben Stiller"] * 3 + ["Adam Scott"]
    assert block[0]["text"].startswith("It was actually filmed in a bunch of different parts")
    assert "wrap party for the shot" in block[2]["text"]


def test_seed_fragments_go_to_the_right_speaker(seed: dict[str, Any]) -> None:
    speakers = {q["text"]: q["speaker"] for q in seed["quotes"] if q["kind"] == "fragment"}
    assert speakers == {
        "bolt arm": "Ben Stiller", "very dangerous": "Ben Stiller",
        "a little bit scary": "Ben Stiller", "exhausted": "Adam Scott",
        "super fun": "Adam Scott", "Gatorade and bananas": "Adam Scott",
    }


def test_seed_mentions(seed: dict[str, Any]) -> None:
    assert {e["key"] for e in seed["episodes"]} == {"S2E1", "S1E9"}
    assert {p["name"] for p in seed["people"]} == {"Ben Stiller", "Adam Scott"}
    assert [c["name"] for c in seed["characters"]] == ["Mark Scout"]
    assert seed["sections"] == [
        "Ben Stiller Breaks Down How They Filmed The Opening Sequence",
        "Adam Scott Told Me What It Was Like Starring In Severance’s Opening Scene",
    ]


def test_seed_trivia_cover_the_five_facts(seed: dict[str, Any]) -> None:
    trivia = seed["trivia"]
    evidence = " | ".join(q["text"] for t in trivia for q in t["quotes"])
    for fact in ("two minutes long", "10 different parts", "five or six months",
                 "bolt arm", "wrap party"):
        assert fact in evidence
    templated = [t for t in trivia if t["kind"] != "general"]
    assert len(templated) >= 5
    for t in templated:
        assert t["episodes"] == ["S2E1"]
        assert "Mark Scout" in t["characters"]
        assert t["quotes"], t["title"]
    months = next(t for t in trivia if "months" in t["title"] and t["kind"] == "duration")
    assert {q["speaker"] for q in months["quotes"]} == {"Ben Stiller", "Adam Scott"}
    people = {p for t in trivia for p in t["people"]}
    assert {"Ben Stiller", "Adam Scott"} <= people
    # The committed wiki has them as reviewed pages: nothing of the seed is a draft.
    assert {t["status"] for t in trivia} <= {"accepted", "rejected"}


def _kept(doc: Any) -> str:
    return " ".join(b.text for b in doc.blocks if b.kind != "warning")


def test_cleaning_drops_furniture_by_pattern(registry: Registry) -> None:
    lex = Lexicon.from_registry(registry)
    text = SEED.read_text(encoding="utf-8").split("---", 2)[2]
    doc = build_doc(text, 1, lex)
    assert doc.blocks[0].kind == "warning"  # read for the episodes it spoils only
    kept = _kept(doc)
    for furniture in ("NEWSLETTER", "Read More", "Image credit", "subscription",
                      "Slight spoilers", "Microdat"):
        assert furniture not in kept
    assert len(doc.text) == len(text)  # offsets of the cleaned text are the body's
    invented = "\n\n".join([
        "Related Stories: Ten Things About Lumon",
        "Sign up for our newsletter to get the latest.",
        "(Photo credit: Somebody Else)",
        "Share this story with a friend",
        "Editor's note: this piece was updated.",
        "The real paragraph stays (Image credit: Apple TV+) here.",
    ])
    assert _kept(build_doc(invented, 1, lex)) == "The real paragraph stays here."


def test_text_copied_from_a_web_page_is_split_into_paragraphs(registry: Registry) -> None:
    """Single line breaks, a spoiler warning glued after a tool's date prefix, the headline
    repeated: the article is read, not set aside as one spoiler warning (issue 12)."""
    data = _json(registry, "web-copy.md")
    assert {p["name"] for p in data["people"]} == {"Ben Stiller", "Britt Lower"}
    assert len(data["quotes"]) == 4 and data["trivia"]
    lex = Lexicon.from_registry(registry)
    body = (ARTICLES / "web-copy.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    doc = build_doc(body, 1, lex, title="Severance's elevator scenes took longer than anyone "
                    "planned")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == "warning" and kinds.count("para") >= 6
    assert "2025-02-07" not in _kept(doc) and "Image credit" not in _kept(doc)
    assert "Read more" not in _kept(doc) and "Source:" not in _kept(doc)


def test_spoiler_warnings_count_as_episode_mentions(registry: Registry) -> None:
    data = _json(registry, "explainer.md")
    assert {e["key"] for e in data["episodes"]} == {"S1E9", "S1E2", "S1E4"}
    assert not any("spoilers" in q["text"].lower() for q in data["quotes"])


# --- the command line ----------------------------------------------------------------------


def test_dry_run_json_writes_nothing(docs: Path) -> None:
    before = snapshot(docs)
    proc = cli(SEED, "--docs", docs, "--dry-run", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"people", "characters", "episodes", "quotes", "trivia", "unknown_names"} <= set(data)
    assert all("name" in p for p in data["people"])
    assert all({"text", "speaker"} <= set(q) for q in data["quotes"])
    assert snapshot(docs) == before


@pytest.mark.parametrize("name, content, says", [
    ("missing.md", None, "no such article"),
    ("empty.md", b"", "empty"),
    ("binary.md", b"---\noutlet: X\n---\n\x00\x01\x02", "NUL bytes"),
    ("latin1.md", "---\noutlet: Café\n---\nText é.\n".encode("latin-1"), "not valid UTF-8"),
    ("bare.md", b"Just text, no front matter.\n", "no front matter"),
    ("typo.md", b"---\noutlet: X\ntitel: Y\n---\nText.\n", "unknown field 'titel'"),
    ("noout.md", b"---\ntitle: Y\n---\nText.\n", "'outlet' is missing"),
])
def test_bad_input_is_one_line_and_exit_2(docs: Path, tmp_path: Path, name: str,
                                          content: bytes | None, says: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = snapshot(docs)
    proc = cli(path, "--docs", docs)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and name in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(docs) == before


def test_windows_line_endings_and_bom_are_accepted(docs: Path, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    data = run(path, docs, dry_run=True).data
    assert [q["speaker"] for q in data["quotes"] if q["kind"] == "block"] == [
        "Ben Stiller"] * 3 + ["Adam Scott"]


def test_idempotent_and_keeps_hand_edits(docs: Path) -> None:
    first = cli(SEED, "--docs", docs)
    assert first.returncode == 0, first.stderr
    created = first.stdout.count("     created  ")
    assert created >= 6 and f"{created} created" in first.stdout
    after_first = snapshot(docs)
    second = cli(SEED, "--docs", docs)
    assert f"{created} unchanged" in second.stdout
    assert snapshot(docs) == after_first
    # A person rewrites a trivia page's text and adds a note outside the block.
    page = next((docs / "trivia").glob("*wrap-party*.md"))
    text = page.read_text().replace("was marked with", "was celebrated with")
    text += "\nA note a contributor added.\n"
    page.write_text(text)
    third = cli(SEED, "--docs", docs)
    assert third.returncode == 0
    assert "kept" in third.stdout and "edited by hand" in third.stdout
    assert page.read_text() == text
    # --check does not count a page kept for its hand edit as stale...
    assert cli(SEED, "--docs", docs, "--check").returncode == 0
    # ...but a missing page is stale.
    next((docs / "trivia").glob("*bolt-arm*.md")).unlink()
    check = cli(SEED, "--docs", docs, "--check")
    assert check.returncode == 1 and "would be created" in check.stdout


def test_committed_pages_are_up_to_date() -> None:
    proc = cli("--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pages_fit_the_content_model(docs: Path) -> None:
    cli(SEED, "--docs", docs)
    entries, problems = load_dir(docs)
    assert problems == []
    registry = Registry(entries)
    assert check_references(registry) == []
    trivia = [e for e in entries if e.type == "trivia"]
    source = [e for e in entries if e.type == "source"]
    assert len(trivia) >= 5 and len(source) == 1
    assert source[0].page.model_dump()["published_after"] == "S2E1"
    for e in trivia:
        assert e.page.spoilers == "S2E1"
        assert "Helena" not in e.title and "Gemma" not in e.title
        for cite in e.page.sources:  # type: ignore[attr-defined]
            assert cite.source == source[0].title


def test_stubs_only_on_request(docs: Path) -> None:
    article = ARTICLES / "news-renewal.md"
    proc = cli(article, "--docs", docs)
    assert "Jonah Pike" in proc.stdout  # reported for review
    assert not (docs / "people" / "jonah-pike.md").exists()
    cli(article, "--docs", docs, "--stubs")
    stub = docs / "people" / "jonah-pike.md"
    fm = read_fm(stub.read_bytes(), "stub")
    assert validate_page(fm, "stub").display_title == "Jonah Pike"


# --- genres the seed lacks -----------------------------------------------------------------


def _json(registry: Registry, name: str) -> dict[str, Any]:
    return run(ARTICLES / name, ROOT / "docs", dry_run=True, registry=registry).data


def test_qa_transcript(registry: Registry) -> None:
    data = _json(registry, "qa-transcript.md")
    speakers = [(q["text"][:20], q["speaker"]) for q in data["quotes"]]
    assert [s for _, s in speakers] == ["Britt Lower", "Dan Erickson", "Dan Erickson",
                                        "Britt Lower", "Marisol Vega"]
    # "Marisol Vega:" answers, named in full, but the wiki has no page for her
    assert [q["speaker_page"] for q in data["quotes"]][-1] is None
    assert not any("How did you approach" in q["text"] for q in data["quotes"])
    assert "Marisol Vega" in data["unknown_names"]
    assert {e["key"] for e in data["episodes"]} == {"S1E2", "S1E9"}


def test_said_attributions_and_a_renewal(registry: Registry) -> None:
    data = _json(registry, "news-renewal.md")
    got = {q["text"][:18]: q["speaker"] for q in data["quotes"]}
    assert got["We always planned "] == "Ben Stiller"  # "said Stiller"
    assert got["The next one is al"] == "Ben Stiller"  # continues the quote
    assert got["still in the hallw"] == "Dan Erickson"  # "he said"
    assert "Woe's Hollow" not in got  # an episode title, not a quote
    assert {e["key"] for e in data["episodes"]} == {"S2E10", "S2E4"}
    assert any("third season" in t["title"] for t in data["trivia"])


def test_unclear_speakers_are_kept_unattributed(registry: Registry) -> None:
    data = _json(registry, "interview-epithets.md")
    lumon = next(q for q in data["quotes"] if "Lumon is a character" in q["text"])
    assert lumon["speaker"] is None  # "the director" fits two people named here
    planet = next(q for q in data["quotes"] if q["text"] == "a different planet")
    assert planet["speaker"] == "Jessica Lee Gagné"  # "the cinematographer"
    visit = _json(registry, "set-visit.md")
    nested = next(q for q in visit["quotes"] if "Only when the lights hum" in q["text"])
    assert nested["speaker"] == "Zach Cherry"
    assert not any(q["text"].startswith("Is it scary") for q in visit["quotes"])


def test_article_without_quotes(registry: Registry) -> None:
    data = _json(registry, "feature-no-quotes.md")
    assert data["quotes"] == []
    assert {e["key"] for e in data["episodes"]} == {"S2E10", "S2E8", "S1E9", "S2E7"}
    evidence = [t["evidence"] for t in data["trivia"]]
    assert any("76 minutes" in e for e in evidence)
    assert all(t["speaker"] is None and t["narrator"] for t in data["trivia"])


def test_epithets_work_for_people_new_to_the_wiki(registry: Registry) -> None:
    from severance_wiki.load import load_entry

    newcomer = load_entry(
        b"---\ntype: person\nname: Nora Vance\nroles: [actor]\nknown_for: [Glass Harbor]\n---\n",
        "people/nora-vance.md")
    reg = Registry([*registry.entries.values(), newcomer])
    lex = Lexicon.from_registry(reg)
    found = lex.find("Later the Glass Harbor star and Vance both laughed.")
    assert [(m.text, m.title, m.via) for m in found] == [
        ("the Glass Harbor star", "Nora Vance", "credit"), ("Vance", "Nora Vance", "surname")]
    assert isinstance(newcomer, Entry)


def test_extraction_quality_stays_measured() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "score_ingest.py"),
                           "--min", "0.6"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "speakers" in proc.stdout and "precision" in proc.stdout


def test_a_second_article_never_overwrites_the_firsts_pages(docs: Path, tmp_path: Path) -> None:
    cli(SEED, "--docs", docs)
    first = snapshot(docs)
    # Another outlet's article with the same facts (a copy of the seed under a new name).
    other = tmp_path / "copy.md"
    other.write_text(SEED.read_text(encoding="utf-8").replace("outlet: CinemaBlend",
                                                              "outlet: Other Outlet"))
    proc = cli(other, "--docs", docs)
    assert proc.returncode == 0, proc.stderr
    after = snapshot(docs)
    assert {k: after[k] for k in first} == first  # every page of the first run untouched
    entries, problems = load_dir(docs)
    assert problems == [] and duplicate_names(Registry(entries), {}) == []  # no duplicate titles
    assert cli(other, "--docs", docs, "--check").returncode == 0
    assert cli(SEED, "--docs", docs, "--check").returncode == 0


def test_trivia_the_article_no_longer_yields_are_removed_unless_edited(docs: Path) -> None:
    cli(SEED, "--docs", docs)
    # Pages an older version of the script wrote for this article, under old titles.
    wrap = next((docs / "trivia").glob("*wrap-party*.md"))
    fm = read_fm(wrap.read_bytes(), "wrap")
    block = fm.body.split("-->\n", 1)[1].split("<!-- /wiki:generated -->")[0]
    old = docs / "trivia" / "old-title.md"
    old.write_text(managed.render({**fm.data, "title": "An old title"}, block, BY))
    edited = docs / "trivia" / "old-edited.md"
    edited.write_text(managed.render({**fm.data, "title": "Another old title"}, block, BY)
                      + "\nA person's note.\n")
    check = cli(SEED, "--docs", docs, "--check")
    assert check.returncode == 1  # old-title.md is stale: it would be removed
    proc = cli(SEED, "--docs", docs)
    assert "removed" in proc.stdout
    assert not old.exists() and edited.exists()
    assert cli(SEED, "--docs", docs, "--check").returncode == 0


def test_reveal_names_set_the_spoiler_point_and_stay_out_of_titles(docs: Path,
                                                                   tmp_path: Path) -> None:
    article = tmp_path / "reveal.md"
    article.write_text(
        "---\noutlet: Test Desk\nkind: interview\ninterviewees: [Britt Lower]\n---\n"
        "We talked to Britt Lower about the pilot and the opening scene of the pilot.\n\n"
        "Lower said the crew used a “Helena Eagan” rig on the opening scene. “Getting the "
        "Helena Eagan scenes right took about three months of work,” she said.\n",
        encoding="utf-8")
    proc = cli(article, "--docs", docs)
    assert proc.returncode == 0, proc.stderr
    entries, problems = load_dir(docs)
    assert problems == []
    trivia = [e for e in entries if e.type == "trivia"]
    assert trivia
    for e in trivia:
        assert e.page.episodes == ["S1E1"]  # type: ignore[attr-defined]
        assert e.page.spoilers == "S1E9"  # the quote names a reveal of S1E9
        assert "Helena" not in e.title and "Helena" not in (e.page.summary or "")
    source = next(e for e in entries if e.type == "source")
    assert source.page.spoilers == "S1E9" and "Helena" not in source.title


def test_a_quote_running_over_two_paragraphs_is_one_quote(docs: Path, tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    article.write_text(
        "---\noutlet: Test Desk\nkind: feature\n---\n"
        "Adam Scott remembers the first table read. “We all sat in a circle and nobody knew "
        "what a severed floor would look like.\n\n"
        "“By the end of the day we were finishing each other's lines,” Scott said.\n",
        encoding="utf-8")
    data = run(article, docs, dry_run=True).data
    assert [(q["text"][:18], q["speaker"]) for q in data["quotes"]] == [
        ("We all sat in a ci", "Adam Scott")]
    assert "finishing each other's lines" in data["quotes"][0]["text"]
