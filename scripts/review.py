#!/usr/bin/env python3
"""Review the trivia drafts the ingestion proposed: accept, reject or edit each one.

    python scripts/review.py                  # one draft at a time, one key per decision
    python scripts/review.py --list           # every draft with its evidence
    python scripts/review.py --list --json    # the same, as JSON
    python scripts/review.py --accept ID ...  # publish: remove the draft mark
    python scripts/review.py --reject ID ...  # delete, and remember in seeds/rejected.yaml
    python scripts/review.py --edit ID        # open it in $EDITOR (then review it again)

ID is a draft's file name without ``.md`` (as --list shows it). A rejected draft is
recorded with its article, title and evidence in seeds/rejected.yaml (commit that file),
so re-ingesting the article never proposes it again; an accepted page is never
overwritten by the ingestion. Exit status: 0 done, 2 bad input (unknown ID, a page that
is not a draft).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402

from severance_wiki.errors import WikiError  # noqa: E402
from severance_wiki.frontmatter import parse as parse_frontmatter  # noqa: E402
from severance_wiki.ingest.pages import load_registry  # noqa: E402
from severance_wiki.managed import write_atomic  # noqa: E402
from severance_wiki.model import Source, Trivia, validate_page  # noqa: E402

_DRAFT_LINE = re.compile(r"(?m)^draft:[ \t]*(?:true|yes|on)[ \t]*(?:#.*)?\n", re.IGNORECASE)


class ReviewError(Exception):
    pass


def drafts(docs: Path) -> list[dict[str, Any]]:
    """Every draft under ``docs/`` with its evidence, in file-name order."""
    registry = load_registry(docs)
    sources = {e.title: e.page for e in registry.entries.values() if isinstance(e.page, Source)}
    out = []
    for _uri, entry in sorted(registry.entries.items()):
        page = entry.page
        if not isinstance(page, Trivia) or not page.draft:
            continue
        evidence = []
        path = docs / entry.src_uri
        said = _said_in_body(path.read_text(encoding="utf-8"))
        for c in page.sources:
            src = sources.get(c.source)
            narrator = None
            # A person the wiki has no page for is named only in the page's evidence lines
            # ("> — Marisol Keane"), since a citation's speaker must be a person page.
            unpaged = None if c.speaker or not c.quote else said.get(_plain(c.quote))
            if src is not None and unpaged in (src.outlet, f"{src.outlet} ({src.author})"):
                unpaged = None
            if not c.speaker and not unpaged and src is not None:
                narrator = f"{src.outlet} ({src.author})" if src.author else src.outlet
            evidence.append({"source": c.source, "quote": c.quote, "speaker": c.speaker,
                             "speaker_without_page": unpaged, "narrator": narrator,
                             "seed": src.seed if src else None})
        out.append({"id": path.stem, "path": str(path), "title": page.title,
                    "episodes": page.episodes, "people": page.people,
                    "characters": page.characters, "spoilers": page.spoilers,
                    "tags": page.tags, "evidence": evidence})
    return out


_EVIDENCE = re.compile(r"(?m)^> “(?P<q>.*)”\n> — (?P<who>.+)$")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _said_in_body(text: str) -> dict[str, str]:
    """Quote -> who, from the evidence lines the ingestion writes in a draft's body."""
    return {_plain(m.group("q")): _plain(m.group("who")).strip("[]")
            for m in _EVIDENCE.finditer(text)}


def find(items: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    ident = Path(ident).name.removesuffix(".md")
    for d in items:
        if d["id"] == ident:
            return d
    raise ReviewError(f"{ident}: no draft with this ID; run scripts/review.py --list to see "
                      "the drafts (an accepted page is not a draft any more)")


def accept(d: dict[str, Any]) -> None:
    path = Path(d["path"])
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---\n")
    new = _DRAFT_LINE.sub("", head + "\n", count=1).rstrip("\n") + sep + rest
    validate_page(parse_frontmatter(new, str(path)), str(path))
    write_atomic(path, new)


def reject(d: dict[str, Any], rejected: Path) -> None:
    data: dict[str, Any] = {}
    if rejected.exists():
        data = yaml.safe_load(rejected.read_text(encoding="utf-8")) or {}
    items = data.setdefault("rejected", [])
    first = d["evidence"][0] if d["evidence"] else {}
    items.append({"seed": first.get("seed"), "title": d["title"],
                  "evidence": first.get("quote") or "", "date": dt.date.today().isoformat()})
    header = ("# Trivia drafts a maintainer rejected (scripts/review.py --reject). Re-ingesting\n"
              "# an article never proposes these again: matched by article and title or "
              "evidence.\n")
    write_atomic(rejected, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                                                   width=100))
    Path(d["path"]).unlink()


def edit(d: dict[str, Any]) -> int:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return subprocess.call([*shlex.split(editor), d["path"]])


def show(d: dict[str, Any], n: int | None = None, total: int | None = None) -> str:
    lines = [f"{'[' + str(n) + '/' + str(total) + '] ' if n else ''}{d['id']}",
             f"  title:    {d['title']}"]
    for e in d["evidence"]:
        who = e["speaker"] or (f"{e['speaker_without_page']} (no wiki page)"
                               if e.get("speaker_without_page") else
                               f"narration, {e['narrator'] or 'the article'}")
        lines.append(f"  evidence: “{e['quote'] or '(no quote)'}” — {who}")
    links = [*(d["episodes"] or []), *(d["people"] or []), *(d["characters"] or [])]
    if links:
        lines.append(f"  about:    {', '.join(links)}")
    extra = [f"reveal point {d['spoilers']}" if d["spoilers"] else "",
             f"tags {', '.join(d['tags'])}" if d["tags"] else ""]
    if any(extra):
        lines.append(f"  page:     {'; '.join(x for x in extra if x)}")
    return "\n".join(lines)


def _key(prompt: str) -> str:
    """One keypress from a terminal (no Enter needed); a line from anything else."""
    print(prompt, end="", flush=True)
    if sys.stdin.isatty():
        import termios
        import tty

        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            ch = sys.stdin.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
        print(ch)
        return ch.lower()
    line = sys.stdin.readline()
    if not line:
        return "q"
    return (line.strip()[:1] or "s").lower()


def interactive(docs: Path, rejected: Path) -> int:
    items = drafts(docs)
    if not items:
        print("no drafts to review")
        return 0
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    i = 0
    while i < len(items):
        d = items[i]
        print()
        print(show(d, i + 1, len(items)))
        key = _key("  [a]ccept  [r]eject  [e]dit  [s]kip  [q]uit > ")
        if key == "a":
            accept(d)
            counts["accepted"] += 1
        elif key == "r":
            reject(d, rejected)
            counts["rejected"] += 1
        elif key == "e":
            edit(d)
            fresh = [x for x in drafts(docs) if x["id"] == d["id"]]
            if fresh:
                items[i] = fresh[0]
                continue  # show it again, as edited
        elif key == "q":
            break
        else:
            counts["skipped"] += 1
        i += 1
    left = len(drafts(docs))
    print(f"review: {counts['accepted']} accepted, {counts['rejected']} rejected, "
          f"{counts['skipped']} skipped; {left} draft{'s' if left != 1 else ''} left")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--rejected", type=Path, default=None,
                        help="where rejections are kept (default: seeds/rejected.yaml "
                             "next to the docs folder)")
    parser.add_argument("--list", action="store_true", help="list the drafts and exit")
    parser.add_argument("--json", action="store_true", help="with --list: as JSON")
    parser.add_argument("--accept", nargs="+", metavar="ID", default=[])
    parser.add_argument("--reject", nargs="+", metavar="ID", default=[])
    parser.add_argument("--edit", metavar="ID")
    args = parser.parse_args(argv)
    rejected = args.rejected or args.docs.resolve().parent / "seeds" / "rejected.yaml"
    try:
        if args.list or args.json:
            items = drafts(args.docs)
            if args.json:
                print(json.dumps(items, indent=2, ensure_ascii=False))
            else:
                print("\n\n".join(show(d) for d in items) if items else "no drafts to review")
            return 0
        if args.accept or args.reject or args.edit:
            items = drafts(args.docs)
            chosen = [(find(items, i), "accept") for i in args.accept] + [
                (find(items, i), "reject") for i in args.reject]  # all IDs checked first
            for d, what in chosen:
                if what == "accept":
                    accept(d)
                    print(f"accepted  {d['id']}")
                else:
                    reject(d, rejected)
                    print(f"rejected  {d['id']}  (recorded in {rejected.name})")
            if args.edit:
                return edit(find(items, args.edit))
            return 0
        return interactive(args.docs, rejected)
    except (ReviewError, WikiError) as exc:
        msg = exc.problems[0] if isinstance(exc, WikiError) else exc
        print(f"error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BrokenPipeError, KeyboardInterrupt):
        sys.stderr.close()
        sys.exit(0)
