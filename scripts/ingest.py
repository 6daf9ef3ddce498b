#!/usr/bin/env python3
"""Turn a source article in seeds/ into cited source, trivia and (on request) stub pages.

    .venv/bin/python scripts/ingest.py seeds/articles/x.md  # write what changed, report pages
    .venv/bin/python scripts/ingest.py seeds/articles/x.md --dry-run --json  # only print it
    .venv/bin/python scripts/ingest.py --check  # every seed article: exit 1 if a page is stale (CI)
    .venv/bin/python scripts/ingest.py ARTICLE --stubs     # also write stub pages for unknown names
    .venv/bin/python scripts/ingest.py ARTICLE --force     # overwrite machine blocks edited by hand

Re-running changes nothing; a page a person edited is kept and reported. Bad input exits 2
with one line saying what is wrong and how to fix it; nothing is written then.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages, venv_command  # noqa: E402

require_packages("ingest.py")

from severance_wiki.errors import WikiError  # noqa: E402
from severance_wiki.ingest.pages import load_registry, run  # noqa: E402

ARTICLES = ROOT / "seeds" / "articles"


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="*", type=Path,
                        help="article files (default: every file in seeds/articles/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--dry-run", action="store_true", help="write nothing")
    parser.add_argument("--json", action="store_true", help="print the extraction as JSON")
    parser.add_argument("--force", action="store_true", help="overwrite hand-edited blocks")
    parser.add_argument("--stubs", action="store_true",
                        help="write stub pages for names the wiki does not know")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    articles = args.articles or sorted(p for p in ARTICLES.iterdir()
                                       if p.suffix in (".md", ".txt") and p.is_file())
    if not articles:
        print(f"error: {_shown(ARTICLES)}: no articles to ingest; pass a file", file=sys.stderr)
        return 2
    stale_any = False
    reports = []
    try:
        registry = load_registry(args.docs)
        for n, path in enumerate(articles):
            if n and not (args.check or args.dry_run or args.json):
                registry = load_registry(args.docs)  # sees the pages just written
            shown = _shown(path)
            result = run(path, args.docs, shown=shown, seed=shown, check=args.check,
                         dry_run=args.dry_run or args.json, force=args.force, stubs=args.stubs,
                         registry=registry)
            stale_any = stale_any or result.stale
            reports.append(result)
    except WikiError as exc:
        print(f"error: {exc.problems[0]}", file=sys.stderr)
        return 2
    if args.json:
        out = reports[0].data if len(reports) == 1 else [r.data for r in reports]
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return 0
    for result in reports:
        counts = Counter(o.status for o in result.outcomes)
        for o in result.outcomes:
            if o.status == "kept" or (not args.quiet and o.status != "unchanged"):
                rel = o.path.relative_to(args.docs.parent) if o.path.is_relative_to(
                    args.docs.parent) else o.path
                would = args.check or args.dry_run
                verb = ("would be " + o.status) if would and o.status != "kept" else o.status
                print(f"{verb:>12}  {rel}" + (f"  ({o.reason})" if o.reason else ""))
        unknown = result.data["unknown_names"]
        if unknown:
            print(f"{result.data['article']}: names the wiki does not know (review; "
                  f"--stubs writes stub pages): {', '.join(unknown)}")
        unattributed = [q["text"][:50] for q in result.data["quotes"] if not q["speaker"]]
        if unattributed:
            print(f"{result.data['article']}: {len(unattributed)} quote(s) kept unattributed")
        print(f"{result.data['article']}: "
              + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if args.check and stale_any:
        print(f"ingested pages are stale: run `{venv_command('ingest.py')}`",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(0)
