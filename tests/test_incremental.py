"""``mkdocs serve --dirty`` (``make serve``) renders only the pages a save changes, and the
site it leaves is the site a full build writes, file for file.

A mini wiki with backlinks, related lists, index pages, gates, citations of a stored
article, a draft and the latest-trivia list is served by ``tests/serve_builds.py`` the way
``mkdocs serve --dirty`` builds it (MkDocs' own ``build``, a fresh config per rebuild, the
plugin and the search plugin kept across rebuilds), and changed one kind of edit at a time.
After each rebuild, a full build of the same files in a fresh process (what ``mkdocs
serve`` without ``--dirty`` writes on every save) must give the same files (every HTML
page, the search index and its parts, the sitemap apart from its dates, the 404 page,
assets) and the same warnings. No times are measured here (benchmarks/run.py --serve).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from addresses import page_path, page_url
from contrib_helpers import INVENTED_INTERVIEW

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "serve_builds.py"

CONFIG: dict[str, Any] = {
    "site_name": "Incremental mini wiki",
    "site_url": "http://127.0.0.1:8000/",
    "strict": False,  # some steps break a link on purpose; the warnings are compared too
    "theme": {"name": "material",
              "features": ["navigation.instant", "navigation.footer", "navigation.tabs",
                           "navigation.indexes"]},
    "plugins": ["search", "severance"],
    "markdown_extensions": ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}},
                            "pymdownx.details", "pymdownx.superfences"],
    "validation": {"nav": {"omitted_files": "ignore"}},
    "nav": [
        {"Home": "index.md"},
        {"Episodes": ["episodes/index.md", "episodes/s1e1.md", "episodes/s1e2.md",
                      "episodes/s1e3.md", "episodes/s2e1.md"]},
        "people/index.md",
        "characters/index.md",
        {"Trivia": ["trivia/index.md", "trivia/by-person.md", "trivia/by-tag.md"]},
        "sources/index.md",
    ],
}

ARTICLE = INVENTED_INTERVIEW


def episode(title: str, season: int, number: int, extra: str = "") -> str:
    return textwrap.dedent(f"""\
        ---
        type: episode
        title: {title}
        season: {season}
        episode: {number}
        released: 2022-02-18
        directed_by: [Ben Stiller]
        written_by: [Dan Erickson]
        cast: [Britt Lower, Adam Scott]
        {extra}---
        Episode text about the making of this episode.
        """)


def trivia(title: str, body: str, **fields: Any) -> str:
    fm: dict[str, Any] = {"type": "trivia", "title": title, **fields}
    fm.setdefault("sources", [{"source": "Later feature", "quote": "A made-up line."}])
    return "---\n" + yaml.safe_dump(fm, sort_keys=False, allow_unicode=True) + "---\n" + body


CITE_PILOT = {"source": "Test interview", "quote": "We shot the pilot twice.",
              "speaker": "Ben Stiller"}
CITE_COLD = {"source": "Test interview", "quote": "much colder"}
CITE_INDOORS = {"source": "Test interview",
                "quote": "the crew moved indoors for the rest of the shoot"}

PAGES: dict[str, str] = {
    "index.md": "---\ntype: page\ntitle: Home\n---\nWelcome; start with [[S1E1]].\n\n"
                "## Latest trivia\n\n<!-- wiki:latest-trivia -->\n",
    "notes.md": "---\ntype: page\ntitle: Notes\n---\nSee [[Mark Scout]] and "
                "[the new fact](trivia/new-fact.md).\n",
    "episodes/s1e1.md": episode("Good News About Hell", 1, 1),
    "episodes/s1e2.md": episode("Half Loop", 1, 2),
    "episodes/s1e3.md": episode("In Perpetuity", 1, 3),
    "episodes/s2e1.md": episode("Hello, Ms. Cobel", 2, 1),
    "people/ben-stiller.md": "---\ntype: person\nname: Ben Stiller\nroles: [director]\n---\n",
    "people/dan-erickson.md": "---\ntype: person\nname: Dan Erickson\nroles: [writer]\n---\n"
                              "## Career\n\nWrote the show.\n",
    "people/britt-lower.md": "---\ntype: person\nname: Britt Lower\nroles: [actor]\n"
                             "plays: [Helly Riggs]\n---\n",
    "people/adam-scott.md": "---\ntype: person\nname: Adam Scott\nroles: [actor]\n"
                            "plays: [Mark Scout]\n---\n",
    "people/zach-cherry.md": "---\ntype: person\nname: Zach Cherry\nroles: [actor]\n"
                             "plays: [Dylan George]\n---\n",
    "characters/helly-riggs.md": textwrap.dedent("""\
        ---
        type: character
        name: Helly Riggs
        aliases: [Helly R.]
        played_by: [Britt Lower]
        first_appearance: S1E1
        reveals:
          - {name: Helena Eagan, episode: S1E2}
        ---
        Helly text.
        """),
    "characters/mark-scout.md": "---\ntype: character\nname: Mark Scout\naliases: [Mark S.]\n"
                                "played_by: [Adam Scott]\nfirst_appearance: S1E1\n---\n",
    "characters/dylan-george.md": "---\ntype: character\nname: Dylan George\n"
                                  "played_by: [Zach Cherry]\n---\n",
    "sources/test-interview.md": textwrap.dedent("""\
        ---
        type: source
        title: Test interview
        outlet: Test Weekly
        author: Jane Roe
        published: 2024-03-01
        url: https://example.org/test-interview
        kind: interview
        seed: seeds/articles/test-interview.md
        ---
        An invented interview used by the tests, about [[S1E1]].
        """),
    "sources/later-feature.md": "---\ntype: source\ntitle: Later feature\noutlet: Example "
                                "Outlet\npublished: 2025-02-01\n---\nA feature.\n",
    "trivia/pilot-shot-twice.md": trivia(
        "The pilot was shot twice",
        "The pilot of [[S1E1]] was shot twice by [[Ben Stiller]]. ||S1E2: A hidden aside.||\n",
        episodes=["S1E1"], people=["Ben Stiller"], spoilers="S1E1", sources=[CITE_PILOT]),
    "trivia/cold-second-cut.md": trivia(
        "The second cut was colder",
        "[[Mark S.]] and [[Britt Lower]] in the colder cut.\n\n"
        '!!! spoiler "S2E1"\n    What the colder cut became.\n',
        episodes=["S1E2"], sources=[CITE_COLD], tags=["editing"]),
    "trivia/hallway-scene.md": trivia(
        "The long hallway scene", "[[Helly R.]] walks the hallway.\n",
        characters=["Helly Riggs"], spoilers="S2E1", tags=["sets"]),
    "trivia/music-notes.md": trivia(
        "Notes on the music", "See [[Dan Erickson#Career]] for more.\n",
        people=["Dan Erickson"], tags=["music"]),
    "trivia/casting-call.md": trivia(
        "The casting call", "How [[Zach Cherry]] was cast as [[Dylan George]].\n",
        people=["Zach Cherry"], characters=["Dylan George"], tags=["casting"]),
    "trivia/studio-move.md": trivia(
        "The studio move", "The crew moved for [[S1E3]]; see [the guide](../episodes/index.md).\n",
        episodes=["S1E3"], sources=[CITE_INDOORS]),
    "trivia/loose-fact.md": trivia("A loose fact", "Something about [[Pilot]].\n"),
    "trivia/episode-three.md": trivia(
        "About episode three", "A fact about [[S1E3]].\n", episodes=["S1E3"],
        spoilers="S1E3", tags=["writing"]),
    "trivia/draft-idea.md": "---\ntype: trivia\ntitle: An unreviewed idea\ndraft: true\n"
                            "sources:\n  - source: Later feature\n    quote: A draft line.\n"
                            "---\nSomething about [[Britt Lower]].\n",
}


def edited(path: str, old: str, new: str) -> list[str]:
    text = PAGES[path] if path not in CURRENT else CURRENT[path]
    assert old in text, (path, old)
    CURRENT[path] = text.replace(old, new)
    return ["write", f"docs/{path}", CURRENT[path]]


def added(path: str, text: str) -> list[str]:
    CURRENT[path] = text
    return ["write", f"docs/{path}", text]


CURRENT: dict[str, str] = {}

# Each step: a name, the file operations of one save, and the pages it must at least (and,
# for the first ones, at most) render again.
STEPS: list[dict[str, Any]] = [
    {"name": "edit body", "ops": [edited("trivia/pilot-shot-twice.md", "was shot twice by",
                                         "was filmed twice by")],
     "only": ["trivia/pilot-shot-twice.md"]},
    {"name": "add link", "ops": [edited("trivia/pilot-shot-twice.md", "[[Ben Stiller]].",
                                        "[[Ben Stiller]] and [[Adam Scott]].")],
     # the linked page (backlink, "Trivia" list) and the one index page listing it
     "only": ["trivia/pilot-shot-twice.md", "people/adam-scott.md", "trivia/by-person.md"]},
    {"name": "add link on a page that is not trivia",
     "ops": [edited("notes.md", "See [[Mark Scout]]", "See [[Mark Scout]] and [[Dylan George]]")],
     "only": ["notes.md", "characters/dylan-george.md"]},
    {"name": "remove link", "ops": [edited("trivia/cold-second-cut.md", " and [[Britt Lower]]",
                                           "")],
     "needs": ["trivia/cold-second-cut.md", "people/britt-lower.md"]},
    {"name": "change title", "ops": [edited("people/dan-erickson.md", "name: Dan Erickson",
                                            "name: Daniel Erickson\naliases: [Dan Erickson]")],
     "needs": ["people/dan-erickson.md", "trivia/music-notes.md", "episodes/s1e1.md",
               "people/index.md"]},
    {"name": "add alias", "ops": [edited("episodes/s1e1.md", "cast: [Britt Lower, Adam Scott]",
                                         "cast: [Britt Lower, Adam Scott]\naliases: [Pilot]")],
     "needs": ["trivia/loose-fact.md"]},
    {"name": "remove alias", "ops": [edited("characters/mark-scout.md", "aliases: [Mark S.]\n",
                                            "")],
     "needs": ["trivia/cold-second-cut.md"]},
    {"name": "change reveal point", "ops": [edited("trivia/episode-three.md", "spoilers: S1E3",
                                                   "spoilers: S2E1")],
     "needs": ["trivia/episode-three.md", "episodes/s1e3.md", "trivia/index.md"]},
    {"name": "add page", "ops": [added("trivia/new-fact.md", trivia(
        "A new fact", "Found with [[Zach Cherry]].\n", episodes=["S2E1"],
        people=["Zach Cherry"], tags=["casting"]))],
     "needs": ["trivia/new-fact.md", "people/zach-cherry.md", "episodes/s2e1.md",
               "notes.md"]},
    {"name": "delete page", "ops": [["delete", "docs/trivia/casting-call.md"]],
     "needs": ["people/zach-cherry.md", "characters/dylan-george.md"]},
    {"name": "rename page", "ops": [["rename", "docs/people/zach-cherry.md",
                                     "docs/people/zach-cherry-actor.md"]],
     "needs": ["people/zach-cherry-actor.md", "trivia/new-fact.md"]},
    {"name": "edit a draft", "ops": [edited("trivia/draft-idea.md", "[[Britt Lower]]",
                                            "[[Britt Lower]] and [[Adam Scott]]")],
     "needs": ["trivia/draft-idea.md"]},
    {"name": "edit a quote", "ops": [edited("trivia/cold-second-cut.md", "quote: much colder",
                                            "quote: We spent weeks on it.")],
     "needs": ["trivia/cold-second-cut.md", "sources/test-interview.md"]},
    {"name": "change an episode title", "ops": [edited("episodes/s1e2.md", "title: Half Loop",
                                                       "title: Half a Loop")],
     "all": True},
    {"name": "publish the draft", "ops": [edited("trivia/draft-idea.md", "draft: true\n", "")],
     "needs": ["trivia/draft-idea.md", "people/britt-lower.md"]},
    {"name": "break front matter", "ops": [edited("trivia/new-fact.md", "title: A new fact",
                                                  "title: [A new fact")],
     "fails": True},
    {"name": "fix front matter", "ops": [edited("trivia/new-fact.md", "title: [A new fact",
                                                "title: A newer fact")],
     "needs": ["trivia/new-fact.md"]},
    {"name": "change mkdocs.yml", "ops": [["write", "mkdocs.yml", yaml.safe_dump(
        {**CONFIG, "site_name": "Incremental mini wiki, renamed"})]],
     "all": True},
]


def write_project(root: Path, config: dict[str, Any],
                  pages: dict[str, str] | None = None,
                  others: dict[str, str] | None = None) -> Path:
    docs = root / "docs"
    for rel, text in (pages or PAGES).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    for rel, text in (others or {}).items():  # files outside docs/, such as a theme's
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    seed = root / "seeds" / "articles" / "test-interview.md"
    seed.parent.mkdir(parents=True, exist_ok=True)
    seed.write_text(ARTICLE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def run_driver(*args: str) -> None:
    proc = subprocess.run([sys.executable, str(DRIVER), *args], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]


def serve_steps(root: Path, config: dict[str, Any], steps: list[dict[str, Any]],
                pages: dict[str, str] | None = None,
                others: dict[str, str] | None = None) -> Path:
    """Serve the mini wiki with --dirty through every step; then build each step's files
    in full, two at a time."""
    project = write_project(root / "project", config, pages, others)
    (root / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    out = root / "out"
    run_driver("steps", str(project), str(root / "site"), str(root / "steps.json"), str(out))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda n: run_driver("full", str(out / str(n) / "project"),
                                           str(out / str(n) / "full")),
                      range(len(steps) + 1)))
    return out


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the sitemap without its dates (they are build dates)."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        name = path.relative_to(site).as_posix()
        if name == "sitemap.xml.gz":
            data, name = gzip.decompress(data), "sitemap.xml (gzip)"
        if name.startswith("sitemap.xml"):
            data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)
        out[name] = data
    return out


def same_site(served: Path, full: Path) -> list[str]:
    a, b = site_files(served), site_files(full)
    problems = [f"only served: {n}" for n in sorted(a.keys() - b.keys())]
    problems += [f"only in the full build: {n}" for n in sorted(b.keys() - a.keys())]
    problems += [f"differs: {n}" for n in sorted(a.keys() & b.keys()) if a[n] != b[n]]
    return problems


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return serve_steps(tmp_path_factory.mktemp("incremental"), CONFIG, STEPS)


def result(out: Path, n: int) -> dict[str, Any]:
    return json.loads((out / str(n) / "result.json").read_text(encoding="utf-8"))


def full_result(out: Path, n: int) -> dict[str, Any]:
    return json.loads((out / str(n) / "full.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("n", range(len(STEPS) + 1),
                         ids=["first build", *(s["name"] for s in STEPS)])
def test_served_site_equals_a_full_build(served: Path, n: int) -> None:
    step = ({"name": "first build"} if n == 0 else STEPS[n - 1])
    got, full = result(served, n), full_result(served, n)
    if step.get("fails"):
        # Both stop with the same one-line error; the served site stays as it was.
        assert any("new-fact.md:" in w for w in got["warnings"]), got["warnings"]
        assert sorted(got["warnings"]) == sorted(full["warnings"])
        return
    assert same_site(served / str(n) / "site", served / str(n) / "full") == []
    assert sorted(got["warnings"]) == sorted(full["warnings"])


@pytest.mark.parametrize("n", range(1, len(STEPS) + 1), ids=[s["name"] for s in STEPS])
def test_a_rebuild_renders_the_pages_the_change_shows_on(served: Path, n: int) -> None:
    step = STEPS[n - 1]
    rendered = set(result(served, n)["rendered"])
    if step.get("fails"):
        return
    pages = {p.relative_to(served / str(n) / "project" / "docs").as_posix()
             for p in (served / str(n) / "project" / "docs").rglob("*.md")}
    if step.get("all"):
        assert rendered >= pages
        return
    assert set(step.get("needs", step.get("only", []))) <= rendered
    assert len(rendered) < len(pages) / 2  # the rest of the site is left as it is
    if "only" in step:
        assert rendered == set(step["only"])


def test_serve_dirty_says_nothing_about_stale_pages(served: Path) -> None:
    """MkDocs' own warning that a dirty build may leave links stale (which stops a strict
    build) is not said: here the dirty build is exact."""
    for n in range(len(STEPS) + 1):
        for warning in result(served, n)["warnings"]:
            assert "dirty" not in warning, warning


AUTO_NAV_STEPS: list[dict[str, Any]] = [
    {"name": "edit body", "ops": [["write", "docs/trivia/loose-fact.md", trivia(
        "A loose fact", "Something else about [[Pilot]].\n")]]},
    {"name": "change a title every sidebar shows", "ops": [["write",
                                                            "docs/trivia/loose-fact.md", trivia(
        "A looser fact", "Something else about [[Pilot]].\n")]]},
]


def test_without_nav_a_title_change_reaches_every_sidebar(tmp_path: Path) -> None:
    """Without ``nav:`` every page's sidebar lists every page's title."""
    config = {k: v for k, v in CONFIG.items() if k != "nav"}
    out = serve_steps(tmp_path, config, AUTO_NAV_STEPS)
    for n in range(len(AUTO_NAV_STEPS) + 1):
        assert same_site(out / str(n) / "site", out / str(n) / "full") == [], n
    assert result(out, 1)["rendered"] == ["trivia/loose-fact.md"]
    assert len(result(out, 2)["rendered"]) == len(PAGES) + 7  # + the generated index pages


STRICT_STEPS: list[dict[str, Any]] = [
    {"name": "break a link", "ops": [["write", "docs/trivia/loose-fact.md", trivia(
        "A loose fact", "Something about [[S1E1]] and [[Nobody Here]].\n")]]},
    {"name": "edit another page", "ops": [["write", "docs/trivia/episode-three.md", trivia(
        "About episode three", "Another fact about [[S1E3]].\n", episodes=["S1E3"],
        spoilers="S1E3", tags=["writing"])]]},
    {"name": "fix the link", "ops": [["write", "docs/trivia/loose-fact.md", trivia(
        "A loose fact", "Something about [[S1E1]].\n")]]},
]


def test_strict_serve_stops_when_a_full_build_would(tmp_path: Path) -> None:
    """``strict: true``: a rebuild that does not render the page with the broken link still
    says its warning, so it stops as a full build does, and goes on once it is fixed."""
    # Without the mini wiki's broken links, so the first build passes.
    pages = {**PAGES, "notes.md": PAGES["notes.md"].replace(
        " and [the new fact](trivia/new-fact.md)", ""),
        "trivia/loose-fact.md": trivia("A loose fact", "Something about [[S1E1]].\n")}
    out = serve_steps(tmp_path, {**CONFIG, "strict": True}, STRICT_STEPS, pages)
    for n in range(len(STRICT_STEPS) + 1):
        got, full = result(out, n), full_result(out, n)
        assert sorted(got["warnings"]) == sorted(full["warnings"]), n
        assert same_site(out / str(n) / "site", out / str(n) / "full") == [], n
    assert result(out, 0)["warnings"] == []
    for n in (1, 2):
        assert any("Nobody Here" in w for w in result(out, n)["warnings"])
        assert any(w.startswith("ABORT") for w in result(out, n)["warnings"])
    assert result(out, 2)["rendered"] == ["trivia/episode-three.md"]
    assert result(out, 3)["warnings"] == []


OVERRIDE = '<div class="md-copyright">{note}</div>\n'  # the theme's footer partial


def test_a_theme_change_rebuilds_every_page(tmp_path: Path) -> None:
    """A site's template overrides (``custom_dir``) are part of every page."""
    config = {**CONFIG, "theme": {**CONFIG["theme"], "custom_dir": "overrides"}}
    steps = [
        {"name": "edit body", "ops": [["write", "docs/trivia/loose-fact.md", trivia(
            "A loose fact", "Something else about [[Pilot]].\n")]]},
        {"name": "edit the template", "ops": [["write", "overrides/partials/copyright.html",
                                               OVERRIDE.replace("{note}", "Second note")]]},
    ]
    out = serve_steps(tmp_path, config, steps,
                      others={"overrides/partials/copyright.html":
                              OVERRIDE.replace("{note}", "First note")})
    for n in range(len(steps) + 1):
        assert same_site(out / str(n) / "site", out / str(n) / "full") == [], n
    assert result(out, 1)["rendered"] == ["trivia/loose-fact.md"]
    assert len(result(out, 2)["rendered"]) == len(PAGES) + 7  # + the generated index pages
    page = page_path(out / "2" / "site", "trivia/hallway-scene.md").read_text()
    assert "Second note" in page and "First note" not in page


def test_a_new_reveal_point_moves_the_page_and_the_links_to_it(tmp_path: Path) -> None:
    """A page past S0 is at a neutral address made of its reveal point: a save that changes
    the point leaves no page at the old address, and the pages linking to it (by file name
    or by wikilink) link to the new one, as in a full build."""
    linked = "See [episode three](trivia/episode-three.md) and [[About episode three]].\n"
    pages = {**PAGES, "notes.md": "---\ntype: page\ntitle: Notes\n---\n" + linked}
    moved = pages["trivia/episode-three.md"].replace("spoilers: S1E3", "spoilers: S2E1")
    assert moved != pages["trivia/episode-three.md"]
    steps = [{"name": "change reveal point",
              "ops": [["write", "docs/trivia/episode-three.md", moved]]}]
    out = serve_steps(tmp_path, CONFIG, steps, pages=pages)
    for n in range(len(steps) + 1):
        assert same_site(out / str(n) / "site", out / str(n) / "full") == [], n
    before = page_url(out / "0" / "site", "trivia/episode-three.md")
    after = page_url(out / "1" / "site", "trivia/episode-three.md")
    assert before.startswith("trivia/s1e3-") and after.startswith("trivia/s2e1-")
    assert not (out / "1" / "site" / before).exists()
    notes = (out / "1" / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert notes.count(f'href="../{after}"') == 2 and before not in notes
    rendered = set(result(out, 1)["rendered"])
    assert "notes.md" in rendered and len(rendered) < len(pages) / 2
