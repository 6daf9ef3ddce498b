"""Issue 12: every fact becomes a reviewable trivia draft; web pages, flags, review."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from severance_wiki.ingest import article_quotes
from severance_wiki.ingest.pages import run
from severance_wiki.ingest.score import labelled_articles
from severance_wiki.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "ingest_articles"
SEED = ROOT / "seeds" / "articles" / "cinemablend-season-2-opening-run.md"
INGEST = ROOT / "scripts" / "ingest.py"
REVIEW = ROOT / "scripts" / "review.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A throwaway copy of the real wiki (docs/, mkdocs.yml, seeds/ without rejections),
    with the labelled test articles stored in its seeds/articles/ as a maintainer would."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "seeds" / "articles", tmp_path / "seeds" / "articles")
    for article in ARTICLES.glob("*.md"):
        shutil.copy(article, tmp_path / "seeds" / "articles" / article.name)
    return tmp_path


def cli(script: Path, *args: str | Path, stdin: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, input=stdin, env=ENV)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md"))}


def drafts_in(docs: Path) -> list[Path]:
    return sorted(p for p in (docs / "trivia").glob("*.md")
                  if re.search(r"(?m)^draft: true$", p.read_text()))


def _essence(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "people": sorted(p["name"] for p in data["people"]),
        "characters": sorted(c["name"] for c in data["characters"]),
        "episodes": sorted(e["key"] for e in data["episodes"]),
        "quotes": [(q["text"], q["speaker"]) for q in data["quotes"]],
        "trivia": [(t["title"], t["evidence"], t["speaker"]) for t in data["trivia"]],
        "unknown": data["unknown_names"],
    }


# --- input -----------------------------------------------------------------------------------


def test_saved_web_page_ingests_like_its_text(registry: Registry) -> None:
    page = run(ARTICLES / "tca-panel-page.html", ROOT / "docs", dry_run=True,
               registry=registry, overrides={"kind": "news"}).data
    text = run(ARTICLES / "tca-panel.md", ROOT / "docs", dry_run=True,
               registry=registry).data
    assert _essence(page) == _essence(text)
    assert page["trivia"] and page["quotes"]
    # Its metadata comes from the page itself: site name, headline, author, date, url.
    assert page["source"] == {**text["source"]}
    joined = " ".join(q["text"] for q in page["quotes"])
    for chrome in ("Share on", "Subscribe", "Related stories", "All rights reserved"):
        assert chrome not in joined


def test_plain_text_without_front_matter_needs_flags(site: Path, tmp_path: Path) -> None:
    # The seed as the project received it: plain text, nothing saying what it is.
    plain = tmp_path / "000_seed.txt"
    plain.write_text(SEED.read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
    before = snapshot(site / "docs")
    proc = cli(INGEST, plain, "--docs", site / "docs")
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and "no front matter" in line and "--outlet" in line
    assert snapshot(site / "docs") == before
    ok = cli(INGEST, plain, "--docs", site / "docs", "--dry-run", "--json",
             "--outlet", "CinemaBlend", "--published-after", "S2E1", "--kind", "interview")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["source"]["outlet"] == "CinemaBlend"
    assert {q["speaker"] for q in data["quotes"] if q["kind"] == "block"} == {
        "Ben Stiller", "Adam Scott"}


@pytest.mark.parametrize("value", ["7 Feb 2025", "2025-02-31", "last week"])
def test_unreadable_date_says_the_accepted_forms(site: Path, tmp_path: Path,
                                                 value: str) -> None:
    article = tmp_path / "dated.md"
    article.write_text(f"---\noutlet: Test Desk\npublished: {value}\n---\nText about "
                       "Severance and Adam Scott.\n", encoding="utf-8")
    before = snapshot(site / "docs")
    proc = cli(INGEST, article, "--docs", site / "docs")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "dated.md:3" in lines[0]
    assert "YYYY-MM-DD" in lines[0] and "published_after" in lines[0]
    assert snapshot(site / "docs") == before
    flag = cli(INGEST, SEED, "--docs", site / "docs", "--published", value)
    assert flag.returncode == 2 and "--published" in flag.stderr


# --- what comes out --------------------------------------------------------------------------


def test_every_labelled_article_yields_something_and_titles_are_short(
        registry: Registry) -> None:
    reveal_names: list[str] = []
    for path in (ROOT / "docs" / "characters").glob("*.md"):
        fm = yaml.safe_load(path.read_text().split("---")[1])
        reveal_names += [r["name"] for r in fm.get("reveals", [])]
    assert reveal_names
    for article, _labels in labelled_articles(ARTICLES):
        data = run(article, ROOT / "docs", dry_run=True, registry=registry).data
        assert data["people"] or data["quotes"] or data["trivia"], article.name
        for t in data["trivia"]:
            title = t["title"]
            assert len(title) <= 90, title
            assert not any(name in title for name in reveal_names), title
            assert {"title", "evidence", "speaker"} <= set(t)
            assert t["evidence"] and t["evidence"] in " ".join(
                article.read_text(encoding="utf-8").split()), (article.name, t["evidence"])
            if title.endswith("…") and t["kind"] == "general":  # cut between words
                # the last word of the title is a whole word of the evidence (asides such
                # as "(Harmony Cobel)" may be left out of a title, words never cut)
                last = title[:-1].split()[-1].strip(",;:")
                assert re.search(r"(?<!\w)" + re.escape(last) + r"(?!\w)", " ".join(
                    q["text"] for q in t["quotes"]).replace("“", "").replace("”", "")), title


def test_marks_that_are_not_speech_never_get_a_speaker(registry: Registry) -> None:
    for name in ("recap-dialogue.md", "jargon-interview.md", "qa-decider.md"):
        data = run(ARTICLES / name, ROOT / "docs", dry_run=True, registry=registry).data
        labels = yaml.safe_load((ARTICLES / name.replace(".md", ".labels.yaml")).read_text())
        for span in labels["non_quotes"]:
            for q in data["quotes"]:
                if span.casefold() == q["text"].casefold().strip(" ,.?!"):
                    assert q["speaker"] is None, (name, span, q)
        for t in data["trivia"]:
            assert not any(t["evidence"].strip("“”\"") == s for s in labels["non_quotes"])


def test_article_quotes_gives_verbatim_offsets_and_speakers(registry: Registry) -> None:
    quotes = article_quotes(ARTICLES / "tca-panel.md", registry)
    body = (ARTICLES / "tca-panel.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert quotes
    for q in quotes:
        assert " ".join(body[q.start:q.end].split()).startswith(q.text[:20])
    said = {q.text[:14]: q.speaker for q in quotes}
    assert said["Nobody told me"] == "Zach Cherry"  # ", NAME, who plays X, told ..."
    assert said["I listened to "] == "Patricia Arquette"  # named in the paragraph before
    assert said["People get los"] == "Ben Stiller"  # continued in the next sentence
    text_only = article_quotes("“We built it twice,” Ben Stiller said.", registry,
                               {"outlet": "Test Desk"})
    assert [(q.text, q.speaker, q.start) for q in text_only] == [
        ("We built it twice", "Ben Stiller", 1)]


# --- drafts and review ---------------------------------------------------------------------


def test_facts_become_drafts_that_build_leaves_out(site: Path) -> None:
    docs = site / "docs"
    for name in ("casting-announcement.md", "awards-story.md", "tca-panel.md"):
        proc = cli(INGEST, site / "seeds" / "articles" / name, "--docs", docs)
        assert proc.returncode == 0, proc.stderr
        assert "to review" in proc.stdout
    drafts = drafts_in(docs)
    assert len(drafts) >= 8
    validate = cli(ROOT / "scripts" / "validate.py", "--docs", docs)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert f"{len(drafts)} drafts under review" in validate.stderr
    build = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict",
                            "-q"], cwd=site, capture_output=True, text=True, env=ENV)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    for d in drafts:
        assert not (site / "site" / "trivia" / d.stem).exists()
    built = " ".join(p.read_text() for p in (site / "site").rglob("*.html"))
    for d in drafts:
        assert f"/trivia/{d.stem}/" not in built  # no published page links to a draft


def test_review_accepts_rejects_and_ingest_respects_it(site: Path) -> None:
    docs = site / "docs"
    article = site / "seeds" / "articles" / "awards-story.md"
    assert cli(INGEST, article, "--docs", docs).returncode == 0
    listed = json.loads(cli(REVIEW, "--docs", docs, "--list", "--json").stdout)
    assert len(listed) >= 3
    for d in listed:
        assert d["evidence"][0]["quote"] and (d["evidence"][0]["speaker"]
                                              or d["evidence"][0]["narrator"])
    keep, drop, edit = listed[0], listed[1], listed[2]
    proc = cli(REVIEW, "--docs", docs, "--accept", keep["id"], "--reject", drop["id"])
    assert proc.returncode == 0, proc.stderr
    accepted = docs / "trivia" / f"{keep['id']}.md"
    assert "draft:" not in accepted.read_text()
    assert not (docs / "trivia" / f"{drop['id']}.md").exists()
    rejected = yaml.safe_load((site / "seeds" / "rejected.yaml").read_text())["rejected"]
    assert [r["title"] for r in rejected] == [drop["title"]]
    edited = docs / "trivia" / f"{edit['id']}.md"
    edited.write_text(edited.read_text().replace("<!-- /wiki:generated -->",
                                                 "A maintainer's words.\n<!-- /wiki:generated -->"))
    accepted.write_text(accepted.read_text() + "\nA note on the accepted page.\n")
    before = snapshot(docs)
    again = cli(INGEST, article, "--docs", docs)
    assert again.returncode == 0, again.stderr
    assert snapshot(docs) == before  # nothing overwritten, nothing brought back
    assert "edited by hand" in again.stdout
    assert cli(INGEST, article, "--docs", docs, "--check").returncode == 0
    bad = cli(REVIEW, "--docs", docs, "--accept", "no-such-draft")
    assert bad.returncode == 2 and "no-such-draft" in bad.stderr and "Traceback" not in bad.stderr


def test_review_takes_one_key_per_draft(site: Path) -> None:
    docs = site / "docs"
    assert cli(INGEST, site / "seeds" / "articles" / "casting-announcement.md", "--docs",
               docs).returncode == 0
    n = len(drafts_in(docs))
    proc = cli(REVIEW, "--docs", docs, stdin="a\nr\ns\nq\n")
    assert proc.returncode == 0, proc.stderr
    assert "1 accepted, 1 rejected, 1 skipped" in proc.stdout
    assert len(drafts_in(docs)) == n - 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_shows_drafts_with_an_unreviewed_banner(site: Path) -> None:
    docs = site / "docs"
    assert cli(INGEST, site / "seeds" / "articles" / "awards-story.md", "--docs",
               docs).returncode == 0
    draft = drafts_in(docs)[0]
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "-a",
                             f"127.0.0.1:{port}", "--no-livereload"], cwd=site, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        html = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/trivia/{draft.stem}/", timeout=5) as r:
                    html = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Unreviewed draft" in html
        assert "no maintainer has checked it yet" in html
    finally:
        proc.terminate()
        proc.wait(timeout=20)
