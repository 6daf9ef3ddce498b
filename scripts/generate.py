#!/usr/bin/env python3
"""Generate episode, person and character pages in docs/ from seeds/severance.yaml.

    .venv/bin/python scripts/generate.py            # write what changed, report every page
    .venv/bin/python scripts/generate.py --check    # exit 1 if any generated part is stale (CI)
    .venv/bin/python scripts/generate.py --force    # also overwrite machine blocks edited by hand

Re-running changes nothing. Text outside a page's machine block, and front matter fields
the script does not own, are never touched; a machine block edited by hand is left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages, venv_command  # noqa: E402

require_packages("generate.py", "pages")

from severance_wiki.errors import WikiError  # noqa: E402
from severance_wiki.generate import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "seeds" / "severance.yaml")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--force", action="store_true", help="overwrite hand-edited blocks")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    try:
        outcomes, stale = generate(args.facts, args.docs, check=args.check, force=args.force)
    except WikiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = Counter(o.status for o in outcomes)
    for o in outcomes:
        if o.status == "kept" or (not args.quiet and o.status != "unchanged"):
            rel = o.path.relative_to(args.docs.parent) if o.path.is_relative_to(
                args.docs.parent) else o.path
            verb = ("would be " + o.status) if args.check and o.status != "kept" else o.status
            print(f"{verb:>12}  {rel}" + (f"  ({o.reason})" if o.reason else ""))
    print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if args.check and stale:
        print(f"generated pages are stale: run `{venv_command('generate.py')}`",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
