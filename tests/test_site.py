"""The real wiki builds under --strict; broken front matter stops a build with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from severance_wiki.generate import load_facts

ROOT = Path(__file__).resolve().parent.parent


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_real_site_has_every_episode_with_its_credits(real_site: Path) -> None:
    facts = load_facts(ROOT / "seeds" / "severance.yaml")
    count = 0
    for season in facts.seasons:
        for ep in season.episodes:
            key = f"s{season.number}e{ep.number}"
            page = real_site / "episodes" / key / "index.html"
            assert page.exists(), key
            body = text_of(page.read_text(encoding="utf-8"))
            assert ep.title in body
            assert f"{ep.released.day} {ep.released.strftime('%B %Y')}" in body
            for name in ep.directed_by + ep.written_by:
                assert name in body, (key, name)
            count += 1
    assert count == 19


@pytest.mark.slow
def test_real_site_links_actors_and_characters_both_ways(real_site: Path) -> None:
    people = list((real_site / "people").glob("*/index.html"))
    characters = list((real_site / "characters").glob("*/index.html"))
    assert len(people) >= 10 and len(characters) >= 10
    adam = (real_site / "people" / "adam-scott" / "index.html").read_text()
    mark = (real_site / "characters" / "mark-scout" / "index.html").read_text()
    assert 'href="../../characters/mark-scout/"' in adam
    assert 'href="../../people/adam-scott/"' in mark
    s1e3 = (real_site / "episodes" / "s1e3" / "index.html").read_text()
    assert 'href="../../people/andrew-colville/"' in s1e3
    assert 'href="../../people/ben-stiller/"' in s1e3


def test_broken_front_matter_fails_the_build_naming_file_and_line(mini) -> None:
    result = mini({"trivia/bad.md": "---\ntype: trivia\ntitle: [unclosed\n---\nText\n"})
    assert not result.ok
    assert "docs/trivia/bad.md:3: invalid YAML front matter" in result.error


def test_schema_errors_fail_the_build_with_every_problem(mini) -> None:
    result = mini({
        "trivia/a.md": "---\ntype: trivia\ntitle: A\n---\n",
        "people/x.md": "---\ntype: person\nname: X\nplays: Mark\n---\n",
    })
    assert not result.ok
    assert "docs/trivia/a.md:1: required field 'sources' is missing" in result.error
    assert "docs/people/x.md:4: field 'plays': input should be a valid list" in result.error


def test_unknown_reference_in_front_matter_is_a_strict_warning(mini) -> None:
    result = mini({"people/y.md": "---\ntype: person\nname: Y\nplays: [Hely Riggs]\n---\n"})
    assert not result.ok
    assert ("severance_wiki: docs/people/y.md:4: plays: no page is called 'Hely Riggs'; "
            "did you mean 'Helly Riggs'?") in result.warnings


def test_site_stylesheets_come_after_the_plugins_defaults(mini) -> None:
    """A site's own CSS must be able to override the plugin's (a phone layout once lost to
    the plugin's table defaults because they loaded last): both go into one minified
    stylesheet, the site's rules last, its relative url()s still pointing at its files."""
    result = mini({"assets/site.css": ".x { color: red; }\n"
                                      '.y { background: url("img/a.png"); }\n'},
                  config={"extra_css": ["assets/site.css"]})
    assert result.ok, result.error
    head = result.html("index.html").split("</head>")[0]
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)
    assert not [h for h in links if "_wiki/" in h or "site.css" in h], links
    # One minified stylesheet, inline in the page: the plugin's rules, then the site's.
    css = max(re.findall(r"<style>(.*?)</style>", head, re.S), key=len)
    assert css.index(".sv-content") < css.index(".x{color:red}")
    assert "\n" not in css.strip() and "/*" not in css
    # The site's relative url()s still point at its files, from any page's depth.
    assert 'url("./assets/img/a.png")' in css
    deep = result.html("episodes/s1e1/index.html").split("</head>")[0]
    assert 'url("../../assets/img/a.png")' in deep
    # Our script is one minified file named after its content, deferred, run before the
    # theme's script; the page itself does not carry it.
    page = result.html("index.html")
    scripts = re.findall(r'<script src="([^"]+)"( defer)?>', page)
    ours = [s for s, _ in scripts if "_wiki/spoilers." in s]
    assert len(ours) == 1, scripts
    assert re.fullmatch(r"(\./)?_wiki/spoilers\.[0-9a-f]{8}\.js", ours[0]), scripts
    assert all(d for _, d in scripts), "every script deferred"
    assert [s for s, _ in scripts].index(ours[0]) < next(
        i for i, (s, _) in enumerate(scripts) if "bundle." in s)
    shipped = (result.site / ours[0]).read_text(encoding="utf-8")
    assert "severanceSpoilers" in shipped and "severanceSpoilers" not in page
    assert "\n  " not in shipped
