#!/usr/bin/env python3
"""Time hostile pages of about 0.9 MB (a page may have 1 MB): each is added to the mini
wiki and built with ``mkdocs build`` (in a subprocess); the seconds are printed with what
the build said.

    .venv/bin/python benchmarks/hostile_pages.py            # every kind
    .venv/bin/python benchmarks/hostile_pages.py --kind deep-list --kind unclosed-brackets

The limits of plugins/severance_wiki/limits.py refuse what would take minutes (nesting,
wikilinks per page, inline markup per paragraph) in well under a second, and escape what
can be made harmless (unclosed brackets); what is left builds in seconds. Compare the rows
with the plain page of the same size (``plain``), run in the same invocation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from contrib_helpers import BASE_PAGES, MINI_CONFIG, SOURCE_PAGE  # noqa: E402
from hostile_corpus import TRIVIA_HEAD  # noqa: E402

MB = 900_000  # under the 1 MB a page may have (frontmatter.py)


def _repeat(unit: str) -> str:
    return unit * (MB // len(unit))


KINDS = {
    "plain": lambda: ("A harmless paragraph about the making of the show. " * 30 + "\n\n")
    * (MB // 1550),
    "one-long-paragraph": lambda: _repeat("words without markup ") + "\n",
    "deep-list": lambda: "\n".join("    " * (i % 400) + "- level" for i in range(MB // 900)),
    "deep-html": lambda: "<div>" * (MB // 11) + "x" + "</div>" * (MB // 11),
    "wikilinks": lambda: _repeat("[[S1E1]] "),
    "unclosed-wikilinks": lambda: _repeat("[[a "),
    "unclosed-brackets": lambda: ("[a " * 5000) + _repeat("plain words "),
    "emphasis": lambda: _repeat("*a* "),
    "unclosed-backticks": lambda: _repeat("`a "),
    "inline-spoilers": lambda: _repeat("||S1E2: x|| "),
    "entities": lambda: _repeat("&#69;&amp; "),
    "html-attributes": lambda: _repeat('<span title="x">y</span> '),
}


def run(kind: str, work: Path) -> tuple[float, int, str]:
    docs = work / "docs"
    for rel, text in {**BASE_PAGES, "sources/test-interview.md": SOURCE_PAGE,
                      "trivia/hostile.md": TRIVIA_HEAD.format(title="A big page")
                      + KINDS[kind]()}.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (work / "mkdocs.yml").write_text(yaml.safe_dump({**MINI_CONFIG, "strict": False}))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=work,
                          capture_output=True, text=True, env=env, timeout=900)
    took = time.perf_counter() - start
    said = next((line.strip() for line in proc.stderr.splitlines()
                 if "hostile.md" in line), "")
    return took, proc.returncode, said


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", action="append", choices=sorted(KINDS),
                    help="only these kinds (default: all)")
    args = ap.parse_args(argv)
    print("| page (~0.9 MB) | build (s) | exit | what the build said about it |")
    print("|---|---|---|---|")
    for kind in args.kind or list(KINDS):
        with tempfile.TemporaryDirectory(prefix="wiki-hostile-") as tmp:
            took, code, said = run(kind, Path(tmp))
        print(f"| {kind} | {took:.1f} | {code} | {said[:110]} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
