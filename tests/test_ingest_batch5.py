"""What held-out batch 5 (``tests/ingest_articles/heldout2-*``) exposed, fixed as classes
and tested here on short snippets written for these tests (every quote, person and
outlet below is invented), never on the batch's own text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest_helpers import dry_run
from severance_wiki.ingest import article_quotes
from severance_wiki.ingest.document import _lead_furniture
from severance_wiki.ingest.score import score
from severance_wiki.registry import Registry

ROOT = Path(__file__).resolve().parent.parent


def _ingest(registry: Registry, tmp_path: Path, body: str, **meta: str) -> dict[str, Any]:
    """``--dry-run --json`` of an invented article (front matter, then ``body``)."""
    return dry_run(registry, tmp_path, {
        "title": "Invented test article", "outlet": "The Test Reel", "published": "2025-03-01",
        "author": "Ana Kessler", "kind": "feature", **meta}, body)


def _evidence(data: dict[str, Any]) -> list[str]:
    return [t["evidence"] for t in data["trivia"]]


def _speakers(registry: Registry, text: str) -> list[str | None]:
    return [q.speaker_name for q in article_quotes(text, registry, {"outlet": "The Test Reel"})]


# --- furniture glued to the first words ------------------------------------------------


@pytest.mark.parametrize("furniture", [
    "By Ana Kessler | 4 min read",  # byline and reading time, glued
    "By Ana Kessler, The Test Reel",  # byline and outlet
    "Ana Kessler · 6 min read",  # a name, then a reading time
    "By Ana Kessler | Updated March 3, 2025 | 6-minute read",
    "Updated Mar 4, 2025",
    "Updated 3 hours ago",
    "Reading time: 5 minutes.",
])
def test_bylines_and_reading_times_glued_to_the_first_sentence_are_cut(
        furniture: str) -> None:
    content = "Severance returned with a premiere shot in two winters."
    for glue in ("", " "):
        raw = furniture + glue + content
        cut = _lead_furniture(raw, "The Test Reel", "Ana Kessler")
        assert cut >= len(furniture) and raw[cut:] == content, raw


@pytest.mark.parametrize("content", [
    "By the time the finale aired, the crew had built four new hallways.",
    "Ben Stiller directed six episodes of the season.",
    "Ana Kessler, the show's dialect coach, spent a week on set.",
])
def test_a_first_sentence_that_only_looks_like_a_byline_is_kept(content: str) -> None:
    assert _lead_furniture(content, "The Test Reel", "Ana Kessler") == 0


def test_a_glued_byline_is_neither_a_fact_nor_a_name(registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "By Ana Kessler | 4 min readSeverance shot its second season over 11 months in "
        "New Jersey, the longest shoot Apple TV+ has run.\n"
        "Ana Kessler · 2 min read\n"
        "The production built 14 new corridors for the season, all on one soundstage.\n"))
    evidence = " | ".join(_evidence(data))
    assert "min read" not in evidence and "Kessler" not in evidence
    assert any(e.startswith("Severance shot its second season over 11 months")
               for e in _evidence(data))
    assert "Ana Kessler" not in data["unknown_names"]


# --- speakers ------------------------------------------------------------------------------


def test_crew_named_with_their_job_speak_without_a_wiki_page(registry: Registry) -> None:
    assert _speakers(registry, "“We rebuilt the stairs twice for the finale,” said stunt "
                               "coordinator Nils Arvid.") == ["Nils Arvid"]
    assert _speakers(registry, "“The lamps all came from one flea market,” according to prop "
                               "master Ilse Varnum.") == ["Ilse Varnum"]
    assert _speakers(registry, "On the stage we met first AD Rhea Lindqvist. “Quiet on the "
                               "severed floor is a real rule,” Lindqvist said.") == [
        "Rhea Lindqvist"]
    assert _speakers(registry, "Publicist Dana Oyelaran laughed. “Nobody gets a set tour "
                               "without a badge,” Oyelaran said.") == ["Dana Oyelaran"]
    # "said" then a clause about someone else is not a job before a name
    assert _speakers(registry, "“It was cold,” she said on Tuesday that director Ben Stiller "
                               "had asked for snow.") != ["Ben Stiller"]


def test_words_said_to_the_writer_are_a_person_s_not_the_show_s_dialogue(
        registry: Registry) -> None:
    text = ("Britt Lower has now played Helly for two seasons. Every time Helly runs, the "
            "hallway seems to stretch. Between takes, she described the role to me as “a "
            "sprint with no finish line and far too much carpet.”")
    assert _speakers(registry, text) == ["Britt Lower"]
    # without "to me" a character's sentence before it still makes it the show's dialogue
    assert _speakers(registry, "Every time Helly runs, the hallway seems to stretch. Then "
                               "she says “I am not done with this floor yet.”") == []


def test_a_long_answer_holding_two_labelled_snippets_finds_both() -> None:
    data = {"people": [], "characters": [], "episodes": [], "unknown_names": [],
            "trivia": [], "quotes": [{"text": "We built the desks in a week. Then we built "
                                      "them again because the carpet was wrong.",
                                      "speaker": "Ben Stiller"}]}
    labels = {"quotes": [{"contains": "We built the desks in a week", "speaker": "Ben Stiller"},
                         {"contains": "because the carpet was wrong", "speaker": "Ben Stiller"}]}
    t = score(data, labels)["speakers"]
    assert (t.tp, t.fp, t.fn) == (2, 0, 0)
    labels["quotes"][1]["speaker"] = "Adam Scott"  # a wrong speaker is still wrong
    t = score(data, labels)["speakers"]
    assert (t.tp, t.fp, t.fn) == (1, 1, 1)


# --- facts ---------------------------------------------------------------------------------


def test_loose_but_concrete_details_are_facts(registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "“Laid end to end, the corridors on that stage are probably close to a mile,” said "
        "set decorator Pell Amundsen.\n"
        "Britt Lower did almost all of her own stunts in the stairwell sequence.\n"
        "The main title music was first heard in the pilot, three years before the "
        "soundtrack album.\n"
        "Costume designer Sarah Edwards said her team sewed hand warmers into the lining of "
        "every coat for the outdoor shoot.\n"))
    evidence = " | ".join(_evidence(data))
    for detail in ("close to a mile", "her own stunts", "first heard in the pilot",
                   "sewed hand warmers into the lining"):
        assert detail in evidence, detail


def test_a_critic_s_verdicts_and_portraits_are_not_facts(
        registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "Severance is back, and it is colder than ever. Ben Stiller directed five of the ten "
        "episodes, and he has an eye for empty rooms.\n"
        "Her scene opposite Patricia Arquette is the best twelve minutes the show has made.\n"
        "Its last ten minutes are some of the most daring television of the year.\n"
        "Adam Scott describes Ben Stiller as the kind of director who watches a take "
        "twenty times before he speaks.\n"
        "The finale was the most-watched episode of any Apple TV+ series, with 3.1 million "
        "households in its first week.\n"), kind="review")
    evidence = " | ".join(_evidence(data))
    assert "directed five of the ten episodes" in evidence
    assert "3.1 million" in evidence  # a measure in the superlative is still a fact
    for verdict in ("best twelve minutes", "most daring television", "the kind of director"):
        assert verdict not in evidence, verdict


def test_an_answer_that_needs_its_question_is_not_a_fact(
        registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "Q: Did the stairwell sequence really take two weeks?\n"
        "ADAM SCOTT: For a couple of weeks, yes. We shot the last flight of stairs 40 "
        "times.\n"), kind="qa")
    evidence = _evidence(data)
    assert not any("yes" in e for e in evidence)
    assert any("40 times" in e for e in evidence)


def test_a_quoted_sentence_is_read_once_as_its_speaker_s_words(
        registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "“We cut every desk from laminated birch so it would age on camera,” production "
        "designer Mara Quill said, walking us past the stage doors.\n"))
    desks = [t for t in data["trivia"] if "laminated birch" in t["evidence"]]
    assert len(desks) == 1 and desks[0]["speaker"] == "Mara Quill"


# --- names ---------------------------------------------------------------------------------


def test_an_award_s_name_is_not_a_person_and_a_teaser_names_characters(
        registry: Registry, tmp_path: Path) -> None:
    data = _ingest(registry, tmp_path, (
        "Patricia Arquette won at the Halvard Lens Awards in March for her work on the "
        "second season of Severance.\n"
        "READ MORE: Why Helly R. never stops running\n"
        "Arquette spent four weeks preparing for the role.\n"))
    assert data["unknown_names"] == []
    assert "Helly Riggs" in {c["name"] for c in data["characters"]}
    assert not any("Helly" in e for e in _evidence(data))
    assert not any("Helly" in q["text"] for q in data["quotes"])
