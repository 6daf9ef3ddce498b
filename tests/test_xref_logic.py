"""Cross-reference logic without MkDocs: link graph, relations, wikilink scanning."""

from __future__ import annotations

import datetime as dt

from severance_wiki.model import Character, Episode, Person, Source, Trivia
from severance_wiki.registry import Entry, Registry
from severance_wiki.wikilinks import find_all
from severance_wiki.xref import LinkGraph, Relations, newest_trivia


def test_link_graph_inverts_in_one_pass_without_self_links_or_repeats() -> None:
    graph = LinkGraph()
    graph.add("a.md", "b.md")
    graph.add("a.md", "b.md")
    graph.add("a.md", "a.md")
    graph.add("c.md", "b.md")
    graph.add("c.md", "a.md")
    assert graph.inverted() == {"b.md": ["a.md", "c.md"], "a.md": ["c.md"]}
    graph.reset("a.md")  # re-rendered page: its old links are gone
    assert graph.inverted() == {"b.md": ["c.md"], "a.md": ["c.md"]}


def _registry() -> Registry:
    def ep(n: int, **kw: object) -> Entry:
        return Entry(f"episodes/s1e{n}.md", Episode(
            type="episode", title=f"Ep {n}", season=1, episode=n,
            released=dt.date(2022, 2, n), **kw))  # type: ignore[arg-type]

    return Registry([
        ep(1, directed_by=["Ann Director"], written_by=["Ann Director"]),
        ep(2, cast=["Bo Actor"]),
        Entry("people/ann.md", Person(type="person", name="Ann Director")),
        Entry("people/bo.md", Person(type="person", name="Bo Actor", plays=["Cee"])),
        Entry("characters/cee.md", Character(type="character", name="Cee",
                                             first_appearance="S1E2")),
        Entry("characters/dee.md", Character(type="character", name="Dee",
                                             played_by=["Bo Actor"])),
        Entry("sources/old.md", Source(type="source", title="Old", outlet="O",
                                       published=dt.date(2020, 1, 1))),
        Entry("sources/new.md", Source(type="source", title="New", outlet="N",
                                       published=dt.date(2025, 1, 1))),
        Entry("trivia/t1.md", Trivia(type="trivia", title="T one", episodes=["S1E1"],
                                     people=["Ann Director"], sources=[{"source": "Old"}])),
        Entry("trivia/t2.md", Trivia(type="trivia", title="T two",
                                     sources=[{"source": "New"}, {"source": "Nowhere"}])),
    ])


def test_relations_from_front_matter_both_directions() -> None:
    reg = _registry()
    rel = Relations.from_registry(reg)
    assert rel.directed["people/ann.md"] == ["episodes/s1e1.md"]
    assert rel.wrote["people/ann.md"] == ["episodes/s1e1.md"]
    assert rel.appears_in["people/bo.md"] == ["episodes/s1e2.md"]
    # plays (person side) and played_by (character side) meet in the middle.
    assert rel.plays["people/bo.md"] == ["characters/cee.md", "characters/dee.md"]
    assert rel.played_by["characters/dee.md"] == ["people/bo.md"]
    assert rel.first_appearances["episodes/s1e2.md"] == ["characters/cee.md"]
    assert rel.trivia_about["people/ann.md"] == ["trivia/t1.md"]
    assert rel.trivia_about["episodes/s1e1.md"] == ["trivia/t1.md"]
    assert rel.sources_of["episodes/s1e1.md"] == ["sources/old.md"]
    assert rel.cited_by["sources/new.md"] == ["trivia/t2.md"]
    # Unknown names ("Nowhere") are reported elsewhere and simply not related here.
    assert rel.refs["trivia/t2.md"] == ["sources/new.md"]


def test_relations_count_links_from_trivia_and_sources() -> None:
    reg = _registry()
    rel = Relations.from_registry(reg)
    rel.add_links(reg, {"people/bo.md": ["trivia/t2.md", "people/ann.md"],
                        "sources/old.md": ["trivia/t2.md"],
                        "episodes/s1e2.md": ["sources/new.md"]})
    assert rel.trivia_about["people/bo.md"] == ["trivia/t2.md"]  # not Ann: she is no trivia
    assert rel.cited_by["sources/old.md"] == ["trivia/t1.md", "trivia/t2.md"]
    assert rel.sources_of["episodes/s1e2.md"] == ["sources/new.md"]


def test_newest_trivia_by_cited_source_date() -> None:
    assert [e.title for e in newest_trivia(_registry())] == ["T two", "T one"]
    assert [e.title for e in newest_trivia(_registry(), count=1)] == ["T two"]


def test_find_all_skips_code_and_reports_lines() -> None:
    text = "a [[One]]\n`[[Code]]` [[Two|label]]\n```\n[[Fenced]]\n```\n[[Three#Head]]\n"
    found = [(line, link.target, link.heading, link.label) for line, link in find_all(text)]
    assert found == [(1, "One", None, None), (2, "Two", None, "label"),
                     (6, "Three", "Head", None)]


def test_find_all_skips_html_comments_even_across_lines() -> None:
    text = "<!-- [[A]] --> [[B]]\n<!-- start\n[[C]]\nend --> [[D]] <!-- [[E]]\n-->[[F]]\n"
    assert [(line, link.target) for line, link in find_all(text)] == [
        (1, "B"), (4, "D"), (5, "F")]
