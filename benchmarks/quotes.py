"""What checking quotes against their stored articles costs (plugins/severance_wiki/citations.py).

    .venv/bin/python benchmarks/quotes.py                 # the real wiki and a 1 MB article
    .venv/bin/python benchmarks/quotes.py --size 1000     # + a synthetic wiki, with a build

Prints, for the real wiki (and a synthetic one with ``--size``): the time of every contributor
check (the validator's whole run) and of the citation checks in it, and for a build the time
spent in citations.py (checks and rendering, timed around each call). Then, on a 1 MB article
(one paragraph repeated), the time to find quotes of several shapes, including ones made to
defeat a backtracking matcher, and to find the closest passage for a quote that is not there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from severance_wiki import checks, citations  # noqa: E402
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
    """Every contributor check of the wiki, and the citation checks alone (a fresh index
    each time: seeds read, quotes matched, speakers looked up), in seconds, best of 5."""
    pages = _pages(docs)

    def everything() -> None:
        checks.check_wiki(checks.load_pages(pages, root))

    wiki = checks.load_pages(pages, root)
    for doc in wiki.docs.values():
        _ = doc.text_lines  # shared with the other checks: not the citations' cost

    def citations_only() -> None:
        wiki.__dict__.pop("citations", None)
        for doc in wiki.docs.values():
            checks.citation_problems(doc, wiki)

    return best_of(everything), best_of(citations_only)


def _pages(docs: Path) -> list[tuple[str, bytes, str]]:
    return [(p.relative_to(docs).as_posix(), p.read_bytes(), str(p))
            for p in sorted(docs.rglob("*.md"))]


def build_share(config: Path) -> tuple[float, float]:
    """A whole ``mkdocs build`` in process: its time, and the time inside citations.py's
    entry points (the checks and the three renderers), timed around each call."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent = [0.0]

    def timed(fn: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kw: object) -> object:
            started = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                spent[0] += time.perf_counter() - started
        return wrapper

    names = ("trivia_citations", "source_passages", "source_header", "listed_elsewhere")
    saved = {n: getattr(citations, n) for n in names}
    saved_problems = citations.Citations.problems
    for n in names:
        setattr(citations, n, timed(saved[n]))
    citations.Citations.problems = timed(saved_problems)  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as site:
            cfg = load_config(str(config), site_dir=site, strict=False)
            started = time.perf_counter()
            build(cfg)
            total = time.perf_counter() - started
    finally:
        for n in names:
            setattr(citations, n, saved[n])
        citations.Citations.problems = saved_problems  # type: ignore[method-assign]
    return total, spent[0]


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
    every, cites = check_times(ROOT / "docs", ROOT)
    print(f"real wiki: every check {every * 1000:.0f} ms, of which the citation checks "
          f"{cites * 1000:.1f} ms")
    total, inside = build_share(ROOT / "mkdocs.yml")
    print(f"real wiki: mkdocs build {total:.2f} s, of which citations.py (checks and "
          f"rendering) {inside * 1000:.0f} ms")
    if args.size:
        from benchmarks.wikigen import write_wiki

        with tempfile.TemporaryDirectory() as work:
            config = write_wiki(Path(work), args.size)
            docs = config.parent / "docs"
            every, cites = check_times(docs, config.parent)
            print(f"{args.size} pages: every check {every * 1000:.0f} ms, of which the citation "
                  f"checks {cites * 1000:.1f} ms")
            total, inside = build_share(config)
            print(f"{args.size} pages: mkdocs build {total:.2f} s, of which citations.py "
                  f"(checks and rendering) {inside * 1000:.0f} ms")
    for name, seconds in article_times():
        print(f"1 MB article: {name}: {seconds * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
