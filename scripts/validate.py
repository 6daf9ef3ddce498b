#!/usr/bin/env python3
"""Check wiki pages against the content model and the rest of the wiki.

    .venv/bin/python scripts/validate.py                       # every page under docs/
    .venv/bin/python scripts/validate.py docs/trivia/new.md  # only these files (checked in context)
    .venv/bin/python scripts/validate.py docs/trivia           # every page under a folder

One line per problem, grouped per file: ``path:line:col: rule: message (hint)``.
Exit status: 0 no problems, 1 problems found, 2 usage error (bad option or path).

Files given on the command line are always checked against the whole wiki (links, names,
duplicates), so a new page is judged exactly as the build will judge it. A file outside the
docs folder is checked as if it were added at ``--as`` (default ``trivia/<its name>``).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages  # noqa: E402

require_packages("validate.py", "validate")

from severance_wiki import files_check  # noqa: E402
from severance_wiki.checks import (  # noqa: E402
    check_wiki,
    format_problem,
    load_docs_dir,
    sort_problems,
)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not str(os.path.relpath(path)
                                                                 ).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check wiki pages: content model, references, links, spoilers, HTML.",
        epilog="Exit status: 0 clean, 1 problems found, 2 usage error.")
    parser.add_argument("paths", nargs="*", type=Path,
                        help="files or folders to report on (default: the whole docs folder)")
    parser.add_argument("--docs", type=Path,
                        default=Path("docs") if Path("docs").is_dir() else ROOT / "docs",
                        help="the wiki's docs folder (default: ./docs, else this repository's)")
    parser.add_argument("--as", dest="as_uri", metavar="DOCS_PATH",
                        help="for one file outside the docs folder: where it would be added, "
                             "e.g. trivia/my-page.md")
    parser.add_argument("--config", type=Path, default=None,
                        help="the site's mkdocs.yml, whose Markdown extensions pages are "
                             "rendered with (default: next to the docs folder)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    args = parser.parse_args(argv)

    docs = args.docs.resolve()
    if not docs.is_dir():
        parser.print_usage(sys.stderr)
        print(f"validate.py: error: docs folder '{args.docs}' does not exist", file=sys.stderr)
        return 2
    prefix = _shown(docs) + "/"
    wanted: set[str] = set()  # shown paths to report on; empty = everything
    extra: dict[str, tuple[Path, str]] = {}  # files outside the docs folder
    for given in args.paths:
        path = given.resolve()
        if not path.exists():
            parser.print_usage(sys.stderr)
            print(f"validate.py: error: '{given}' does not exist", file=sys.stderr)
            return 2
        for file in sorted(path.rglob("*.md")) if path.is_dir() else [path]:
            if file.is_relative_to(docs):
                wanted.add(prefix + file.relative_to(docs).as_posix())
                continue
            uri = args.as_uri or f"trivia/{file.name}"
            if uri in extra:
                parser.print_usage(sys.stderr)
                print(f"validate.py: error: two files outside the docs folder would both be "
                      f"'{uri}'; check them one at a time with --as", file=sys.stderr)
                return 2
            extra[uri] = (file, _shown(file))
            wanted.add(_shown(file))

    wiki = load_docs_dir(docs, prefix, extra)
    config = args.config or docs.parent / "mkdocs.yml"
    problems = sort_problems([
        *check_wiki(wiki, config_file=config),
        *files_check.problems(str(docs), files_check.walk(str(docs)), prefix),
    ])
    if args.paths:
        problems = [p for p in problems if p.path in wanted]

    current = None
    for p in problems:
        if p.path != current:
            if current is not None:
                print()
            current = p.path
        print(format_problem(p))
    if not args.quiet:
        files = len({p.path for p in problems})
        checked = len(wanted) if args.paths else len(wiki.shown)
        took = time.perf_counter() - STARTED
        status = (f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
                  f"file{'s' if files != 1 else ''}" if problems else "no problems")
        drafts = sum(1 for e in wiki.registry.entries.values()
                     if getattr(e.page, "draft", False))  # checked like any page
        review = (f"; {drafts} draft{'s' if drafts != 1 else ''} under review "
                  "(scripts/review.py)") if drafts else ""
        print(f"validate: {status} ({checked} page{'s' if checked != 1 else ''} checked "
              f"in {took:.2f}s{review})", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
