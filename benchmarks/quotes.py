"""What checking quotes against their stored articles costs (plugins/severance_wiki/citations.py).

    .venv/bin/python benchmarks/quotes.py                 # the real wiki and a 1 MB article
    .venv/bin/python benchmarks/quotes.py --size 1000     # + a synthetic wiki, with a build

Prints, for the real wiki (and a synthetic one with ``--size``): the time of every contributor
check with and without the citation checks (the validator's whole run), and for a build the
time spent in citations.py (checks and rendering, from cProfile). Then, on a 1 MB article
(one paragraph repeated), the time to find quotes of several shapes, including ones made to
defeat a backtracking matcher, and to find the closest passage for a quote that is not there.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from severance_wiki import checks  # noqa: E402
from severance_wiki.citations import (  # noqa: E402
    Normalised,
    closest_passage,
    match_parts,
    parse_quote,
)


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def check_times(docs: Path, root: Path) -> tuple[float, float]:
    """Every check of the wiki, with and without the citation checks (seconds, best of 5)."""
    def everything() -> None:
        checks.check_wiki(checks.load_pages(_pages(docs), root))

    def without() -> None:
        original = checks.citation_problems
        checks.citation_problems = lambda doc, wiki: []  # type: ignore[assignment]
        try:
            checks.check_wiki(checks.load_pages(_pages(docs), root))
        finally:
            checks.citation_problems = original

    return best_of(everything), best_of(without)


def _pages(docs: Path) -> list[tuple[str, bytes, str]]:
    return [(p.relative_to(docs).as_posix(), p.read_bytes(), str(p))
            for p in sorted(docs.rglob("*.md"))]


def build_share(config: Path) -> tuple[float, float]:
    """A whole ``mkdocs build`` in process: its time, and the time inside citations.py."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as site:
        cfg = load_config(str(config), site_dir=site, strict=False)
        started = time.perf_counter()
        profile.enable()
        build(cfg)
        profile.disable()
        total = time.perf_counter() - started
    stats = pstats.Stats(profile)
    inside = 0.0
    # Top-level entries of citations.py: checks (Citations.problems) and the three renderers.
    for (filename, _, name), (_, _, _, cumulative, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not filename.endswith("citations.py"):
            continue
        entry_points = ("problems", "trivia_citations", "source_passages", "source_header",
                        "listed_elsewhere")
        if name in entry_points and any(not c[0].endswith("citations.py") for c in callers):
            inside += cumulative
    return total, inside


def article_times() -> list[tuple[str, float]]:
    paragraph = ("The lumon team said that the work was mysterious and important, and that "
                 "nobody on the floor should ask what it was for. ")
    body = paragraph * (1_000_000 // len(paragraph)) + "The very last sentence is here."
    out = [("normalise 1 MB", best_of(lambda: Normalised(body), 3))]
    text = Normalised(body).text
    quotes = {
        "a sentence at the end": "The very last sentence is here.",
        "a 400-word quote, not there": " ".join(["the work was mysterious"] * 100),
        "12 parts joined by insertions": " [x] ".join(["the work was"] * 12),
        "40 omissions, found": " ... ".join(["the work was"] * 40),
        "40 omissions, last part missing": " ... ".join(["the work was"] * 40) + " ... zebra",
    }
    for name, quote in quotes.items():
        parts = parse_quote(quote)
        out.append((f"match: {name}", best_of(lambda p=parts: match_parts(text, p), 3)))
    out.append(("closest passage of a missing quote",
                best_of(lambda: closest_passage(text, "the work was mysterious and urgent, "
                                                      "and that everybody should ask"), 3)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=0,
                        help="also a synthetic wiki of this many pages (benchmarks/wikigen.py)")
    args = parser.parse_args(argv)
    with_c, without_c = check_times(ROOT / "docs", ROOT)
    print(f"real wiki: every check {with_c * 1000:.0f} ms, without the citation checks "
          f"{without_c * 1000:.0f} ms (+{(with_c - without_c) * 1000:.0f} ms)")
    total, inside = build_share(ROOT / "mkdocs.yml")
    print(f"real wiki: mkdocs build {total:.2f} s, of which citations.py {inside * 1000:.0f} ms "
          "(under cProfile)")
    if args.size:
        from benchmarks.wikigen import write_wiki

        with tempfile.TemporaryDirectory() as work:
            config = write_wiki(Path(work), args.size)
            docs = config.parent / "docs"
            with_c, without_c = check_times(docs, config.parent)
            print(f"{args.size} pages: every check {with_c * 1000:.0f} ms, without the citation "
                  f"checks {without_c * 1000:.0f} ms (+{(with_c - without_c) * 1000:.0f} ms)")
            total, inside = build_share(config)
            print(f"{args.size} pages: mkdocs build {total:.2f} s, of which citations.py "
                  f"{inside * 1000:.0f} ms (under cProfile)")
    for name, seconds in article_times():
        print(f"1 MB article: {name}: {seconds * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
