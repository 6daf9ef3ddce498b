"""The content model: good front matter passes, bad front matter names file:line and a fix."""

from __future__ import annotations

import pytest

from severance_wiki import frontmatter
from severance_wiki.errors import FrontMatterError
from severance_wiki.model import Character, Episode, Trivia, json_schema, validate_page


def load(text: str, path: str = "docs/trivia/x.md"):
    fm = frontmatter.read(text.encode("utf-8"), path)
    return validate_page(fm, path)


def problems(text: str | bytes, path: str = "docs/trivia/x.md") -> list[str]:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(FrontMatterError) as info:
        validate_page(frontmatter.read(raw, path), path)
    return [str(p) for p in info.value.problems]


GOOD_TRIVIA = """---
type: trivia
title: The opening run took months
episodes: [S2E1]
people: [Ben Stiller]
spoilers: S2E1
sources:
  - source: CinemaBlend interview
    quote: It was actually filmed in a bunch of different parts.
    speaker: Ben Stiller
tags: [filming]
---
Body.
"""


def test_good_pages_of_every_type_validate() -> None:
    trivia = load(GOOD_TRIVIA)
    assert isinstance(trivia, Trivia)
    assert trivia.episodes == ["S2E1"] and trivia.sources[0].speaker == "Ben Stiller"
    ep = load("---\ntype: episode\ntitle: Half Loop\nseason: 1\nepisode: 2\n"
              "released: 2022-02-18\n---\n")
    assert isinstance(ep, Episode) and ep.key == "S1E2"
    ch = load("---\ntype: character\nname: Helly Riggs\n"
              "reveals: [{name: Helena Eagan, episode: s1e9}]\n---\n")
    assert isinstance(ch, Character) and ch.reveals[0].episode == "S1E9"


def test_missing_required_field_names_the_field() -> None:
    out = problems("---\ntype: episode\ntitle: Half Loop\nseason: 1\nreleased: 2022-02-18\n---\n")
    assert out == ["docs/trivia/x.md:1: required field 'episode' is missing; add 'episode: ...'"]


def test_wrong_type_points_at_its_line() -> None:
    out = problems("---\ntype: episode\ntitle: Half Loop\nseason: one\nepisode: 2\n"
                   "released: 2022-02-18\n---\n")
    assert len(out) == 1 and out[0].startswith("docs/trivia/x.md:4: field 'season'")


def test_bad_episode_key_in_a_list_points_at_the_item() -> None:
    text = GOOD_TRIVIA.replace("episodes: [S2E1]", "episodes:\n  - S2E1\n  - season two")
    out = problems(text)
    assert out[0].startswith("docs/trivia/x.md:6: field 'episodes.1': 'season two' is not an "
                             "episode key; write S<season>E<episode>")


def test_unknown_field_suggests_the_closest_one() -> None:
    out = problems(GOOD_TRIVIA.replace("tags:", "tgas:"))
    assert out == ["docs/trivia/x.md:11: unknown field 'tgas'; did you mean 'tags'?"]


def test_unknown_type_and_missing_type() -> None:
    assert problems("---\ntype: triva\ntitle: x\n---\n") == [
        "docs/trivia/x.md:2: unknown page type 'triva'; did you mean 'trivia'?"]
    assert "has no 'type'" in problems("---\ntitle: x\n---\n")[0]


def test_trivia_needs_a_source() -> None:
    out = problems("---\ntype: trivia\ntitle: x\nsources: []\n---\n")
    assert out[0].startswith("docs/trivia/x.md:4: field 'sources'")


def test_markup_is_refused_in_titles() -> None:
    out = problems(GOOD_TRIVIA.replace("title: The opening run took months",
                                       'title: "Run <img src=x onerror=alert(1)>"'))
    assert out == ["docs/trivia/x.md:3: field 'title': markup is not allowed here (no '<', '>', "
                   "'[[', ']]', '||' or HTML entities such as '&amp;'); write plain text"]
    # an entity would be read as the character it names: "Helena &#69;agan"
    out = problems(GOOD_TRIVIA.replace("title: The opening run took months",
                                       "title: Helena &#69;agan on set"))
    assert len(out) == 1 and "HTML entities" in out[0]
    page = load(GOOD_TRIVIA.replace("title: The opening run took months",
                                    "title: Q&A on set with AT&T"))
    assert page.title == "Q&A on set with AT&T"  # a bare ampersand is plain text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "docs/trivia/x.md:1: page has no front matter; start the file with '---'"),
        (b"just text\n", "docs/trivia/x.md:1: page has no front matter"),
        (b"---\ntype: page\ntitle: x\n", "docs/trivia/x.md:1: front matter opened with '---' "
                                         "is never closed"),
        (b"---\ntype: page\ntitle: a: b\n---\n", "docs/trivia/x.md:3: invalid YAML front matter: "
                                                 "the value of 'title' contains ': '; put "
                                                 "the value in quotes"),
        (b"---\ntype: page\ntitle: x\nsources:\n\t- a\n---\n", "docs/trivia/x.md:5: invalid YAML "
                                                               "front matter: a tab character"),
        (b"---\ntype: page\ntitle: x\ntitle: y\n---\n", "docs/trivia/x.md:4: field 'title' "
                                                        "appears twice (first on line 3)"),
        (b"\xef\xbb\xbf---\ntype: page\n---\n", "docs/trivia/x.md:1: file starts with a UTF-8 "
                                               "byte-order mark"),
        (b"---\r\ntype: page\r\n---\r\n", "docs/trivia/x.md:1: Windows (CRLF)"),
        (b"---\ntype: page\ntitle: caf\xe9\n---\n", "docs/trivia/x.md:3: bytes are not valid "
                                                    "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "docs/trivia/x.md:1: file contains NUL bytes"),
        (b"---\n- a\n- b\n---\n", "docs/trivia/x.md:2: front matter must be a set of "
                                  "'field: value' lines"),
    ],
)
def test_broken_files_get_one_clear_line(raw: bytes, expected: str) -> None:
    out = problems(raw)
    assert len(out) == 1
    assert out[0].startswith(expected), out[0]
    assert "Traceback" not in out[0]


def test_json_schema_covers_every_type() -> None:
    schema = json_schema()
    names = set(schema["$defs"])
    assert {"Episode", "Person", "Character", "Trivia", "Source", "GenericPage"} <= names
    assert schema["$defs"]["Trivia"]["properties"]["sources"]["minItems"] == 1


def test_yes_or_a_number_as_a_spoiler_point_says_what_a_key_is() -> None:
    out = problems(GOOD_TRIVIA.replace("spoilers: S2E1", "spoilers: yes"))
    assert out == ["docs/trivia/x.md:6: field 'spoilers': a yes/no value is not an episode key; "
                   "write S<season>E<episode> such as S1E9, or S1 for the end of season 1"]
    out = problems(GOOD_TRIVIA.replace("episodes: [S2E1]", "episodes: [9]"))
    assert out[0].startswith("docs/trivia/x.md:4: field 'episodes.0': the number 9 is not an "
                             "episode key")
