#!/usr/bin/env python3
"""Score the ingestion's extraction against the labelled articles in tests/ingest_articles/.

    .venv/bin/python scripts/score_ingest.py  # a table of precision and recall per field
    .venv/bin/python scripts/score_ingest.py -v           # also every miss, article by article
    .venv/bin/python scripts/score_ingest.py --min 0.8  # exit 1 if any precision or recall is lower

It runs the same code as ``scripts/ingest.py ARTICLE --dry-run --json`` (nothing is
written) against the wiki's own pages in docs/.

``--match 'heldout1-*'`` scores only the articles whose file name matches the pattern.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages  # noqa: E402

require_packages("score_ingest.py")

from severance_wiki.errors import WikiError  # noqa: E402
from severance_wiki.ingest.pages import load_registry, run  # noqa: E402
from severance_wiki.ingest.score import (  # noqa: E402
    FIELDS,
    Tally,
    labelled_articles,
    load_labels,
    score,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "tests" / "ingest_articles")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--min", type=float, default=None, help="fail below this figure")
    parser.add_argument("--match", default="*",
                        help="score only articles whose file name matches (e.g. 'heldout1-*')")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    totals = {f: Tally() for f in FIELDS}
    try:
        registry = load_registry(args.docs)
        pairs = [(a, lab) for a, lab in labelled_articles(args.labels)
                 if fnmatch.fnmatch(a.name, args.match)]
        for article, labels in pairs:
            result = run(article, args.docs, dry_run=True, registry=registry)
            tallies = score(result.data, load_labels(labels))
            for f in FIELDS:
                totals[f].add(tallies[f])
            if args.verbose:
                misses = [m for f in FIELDS for m in tallies[f].misses]
                print(f"{article.name}: " + ("; ".join(misses) if misses else "all right"))
    except WikiError as exc:
        print(f"error: {exc.problems[0]}", file=sys.stderr)
        return 2
    print(f"{len(pairs)} labelled articles")
    print(f"{'field':<14} {'precision':>9} {'recall':>7}   tp  fp  fn")
    worst = 1.0
    for f in FIELDS:
        t = totals[f]
        worst = min(worst, t.precision, t.recall)
        print(f"{f:<14} {t.precision:>9.2f} {t.recall:>7.2f}  {t.tp:>3} {t.fp:>3} {t.fn:>3}")
    if args.min is not None and worst < args.min:
        print(f"a figure is below {args.min}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(0)
