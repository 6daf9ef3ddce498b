"""The benchmark's synthetic wikis follow the content model, and the runner runs end to end.

No timing assertions here: the numbers belong in the README, not in tests.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from severance_wiki.checks import duplicate_names
from severance_wiki.load import check_references, load_entry
from severance_wiki.registry import Registry
from severance_wiki.wikilinks import find_all

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.wikigen import counts, make_wiki, site_config  # noqa: E402

MD_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


@pytest.fixture(scope="module")
def wiki() -> dict[str, str]:
    return make_wiki(120)


def test_generator_is_deterministic_and_sized(wiki: dict[str, str]) -> None:
    assert make_wiki(120) == wiki
    assert make_wiki(120, seed=7) != wiki
    assert len(wiki) == 120 == sum(counts(120).values())
    kinds = {path.split("/")[0] for path in wiki if "/" in path}
    assert kinds == {"episodes", "people", "characters", "sources", "trivia"}
    trivia = [p for p in wiki if p.startswith("trivia/")]
    assert len(trivia) > len(wiki) / 2  # a grown wiki is mostly trivia
    # Hubs, as in a real wiki: the most linked page is named far more than the typical one.
    named = Counter(m for t in wiki.values() for m in re.findall(r"\[\[([^\]|]+)", t))
    counts_sorted = sorted(named.values())
    assert counts_sorted[-1] > 5 * counts_sorted[len(counts_sorted) // 2]
    with pytest.raises(ValueError, match="at least 40"):
        make_wiki(10)


def test_synthetic_pages_pass_the_content_model_and_every_link_resolves(
        wiki: dict[str, str]) -> None:
    entries = [load_entry(text.encode(), path) for path, text in wiki.items()]
    registry = Registry(entries)
    assert duplicate_names(registry, {}) == []
    assert check_references(registry) == []
    assert len(registry.timeline) == 19
    links = 0
    for path, text in wiki.items():
        for line, link in find_all(text):
            res = registry.resolve(link.target)
            assert res.target is not None, (path, line, link.raw)
            assert res.target.kind != "reveal", (path, link.raw)  # no spoiler names in clear
            links += 1
    assert links > 3 * len(wiki)


def test_trivia_carries_spoiler_markup_of_every_kind(wiki: dict[str, str]) -> None:
    text = "\n".join(wiki.values())
    assert re.search(r"\|\|S\dE\d+: [^|]+\|\|", text)  # inline, own reveal point
    assert re.search(r"\|\|[a-z][^|:]+\|\|", text)  # inline, the page's reveal point
    assert re.search(r'^!!! spoiler "S\dE\d+"$', text, re.M)  # block
    assert re.search(r'^\?\?\? spoiler "S\dE\d+"$', text, re.M)  # collapsible block
    assert re.search(r"^spoilers: S\dE\d+$", text, re.M)  # page level


def test_baseline_has_the_same_pages_with_plain_markdown_links(wiki: dict[str, str]) -> None:
    plain = make_wiki(120, style="markdown")
    assert plain.keys() == wiki.keys()
    for path, text in plain.items():
        assert "[[" not in text, path
        for target in MD_LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in plain, (path, target)
    # Same words apart from the links.
    strip = re.compile(r"\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]*\)")
    some = next(p for p in wiki if p.startswith("trivia/"))
    assert strip.sub("", wiki[some]) == strip.sub("", plain[some])


def test_site_config_inherits_the_real_one_and_switches_only_what_it_must(
        wiki: dict[str, str]) -> None:
    full = site_config(wiki)
    assert Path(full["INHERIT"]) == ROOT / "mkdocs.yml"
    assert "severance" in full["plugins"] and "search" in full["plugins"]
    base = site_config(wiki, plugin=False)
    assert "severance" not in base["plugins"] and "search" in base["plugins"]
    nav_pages = re.findall(r"[\w/-]+\.md", json.dumps(full["nav"]))
    assert "episodes/s1e1.md" in nav_pages and "episodes/s2e10.md" in nav_pages
    assert all(p in wiki or not (ROOT / "docs" / p).exists() for p in nav_pages)
    # Trivia pages stay out of the nav; only the generated trivia index pages are in it.
    from severance_wiki.indexes import INDEX_PAGES
    index_pages = {i.src_uri for i in INDEX_PAGES}
    assert not any(p.startswith("trivia/") and p not in index_pages for p in nav_pages)
    assert site_config(wiki, nav="auto")["nav"] is None
    nocache = site_config(wiki, plugin_options={"theme_cache": False})
    assert {"severance": {"theme_cache": False}} in nocache["plugins"]
    assert "search" in nocache["plugins"] and "severance" not in nocache["plugins"]


def test_runner_builds_both_variants_and_measures_serve(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "40", "--runs", "1",
         "--serve", "--serve-sizes", "40", "--serve-edits", "1",
         "--workdir", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| 40 | full | 1 |" in proc.stdout, proc.stdout
    assert "| 40 | baseline | 1 |" in proc.stdout
    # make serve's incremental rebuild served the edit and the linked page's new backlink
    assert "mkdocs serve --dirty (make serve), 40 pages: save -> edited page and new " \
        "backlink served in" in proc.stdout, proc.stdout
    data = json.loads(out.read_text())
    rows = {r["variant"]: r for r in data["results"]}
    assert rows.keys() == {"full", "baseline"}
    for row in rows.values():
        assert row["html_pages"] >= 40  # every page (and the 404 page) was written
        assert row["search_index_mb"] > 0 and row["peak_mb"] > 0
    assert len(data["serve"]) == 1 and len(data["serve"][0]["edits"]) == 1
    assert data["serve"][0]["full_build_s"] > 0 and data["serve"][0]["ratio"] > 0
    site = tmp_path / "work" / "40-full" / "site"
    pages = [p.read_text(encoding="utf-8") for p in (site / "trivia").glob("*/index.html")]
    # The plugin really ran in the full variant: wikilinks became links to pages.
    assert pages and not any("[[" in page for page in pages)
    assert any('href="../../people/' in page for page in pages)


def test_page_size_does_not_grow_with_the_wiki(tmp_path: Path) -> None:
    """Issue 7: a page's HTML must not grow with the page count (no whole-wiki sidebar).

    The synthetic wiki keeps the density of links per page constant as it grows, so with a
    navigation that scales, the typical page is as big in a wiki four times the size. With
    Material's default navigation (every page in every sidebar) it would grow ~4x.
    """
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "80,320",
         "--runs", "1", "--variants", "full", "--workdir", str(tmp_path / "work"),
         "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {(r["size"], r["variant"]): r for r in json.loads(out.read_text())["results"]}
    small, big = rows[80, "full"], rows[320, "full"]
    assert big["html_pages"] >= 320
    assert big["html_kb_median"] <= 1.15 * small["html_kb_median"], (small, big)
    assert big["html_kb_per_page"] <= 1.25 * small["html_kb_per_page"], (small, big)
    # The search index grows with the content, not faster.
    assert big["search_index_mb"] <= 4 * 1.25 * small["search_index_mb"]
