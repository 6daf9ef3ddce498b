#!/usr/bin/env python3
"""Turn a source article in seeds/ into cited source, trivia and (on request) stub pages.

    .venv/bin/python scripts/ingest.py seeds/articles/x.md   # write what changed, report
    .venv/bin/python scripts/ingest.py seeds/articles/x.md --dry-run --json  # only print it
    .venv/bin/python scripts/ingest.py --check      # every seed: exit 1 if a page is stale
    .venv/bin/python scripts/ingest.py ARTICLE --stubs      # also stub pages for unknown names
    .venv/bin/python scripts/ingest.py ARTICLE --force      # overwrite edited machine blocks
    .venv/bin/python scripts/ingest.py page.html --kind interview   # a saved web page
    .venv/bin/python scripts/ingest.py plain.txt --outlet CinemaBlend --published-after S2E1

An article is Markdown or plain text with front matter, or a saved web page (.html: its
main text, title, author, date and site name are read by trafilatura). Flags such as
--outlet override the front matter and what a web page says; they also let a plain text
without front matter be ingested. Every fact becomes a trivia draft (draft: true) to
review with scripts/review.py.

Re-running changes nothing; a page a person edited is kept and reported. Bad input exits 2
with one line saying what is wrong and how to fix it; nothing is written then.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages, venv_command  # noqa: E402

require_packages("ingest.py")

import yaml  # noqa: E402

from severance_wiki.errors import Problem, WikiError  # noqa: E402
from severance_wiki.ingest.pages import load_registry, run  # noqa: E402
from severance_wiki.ingest.seed import read_article  # noqa: E402

ARTICLES = ROOT / "seeds" / "articles"


def store(path: Path, shown: str, overrides: dict[str, object], articles: Path,
          write: bool = True) -> Path:
    """The article as the wiki keeps it: a Markdown file with front matter in
    ``seeds/articles/``, which its source page's ``seed:`` names and quotes are checked
    against (citations.py). An article already stored that way is used as it is; a saved
    web page, a plain text, or one whose front matter the flags override is stored as its
    text with the resolved front matter (the original file is left where it is)."""
    given = {k: v for k, v in overrides.items() if v not in (None, [], "")}
    stored_already = (path.resolve().is_relative_to(articles.resolve())
                      and path.suffix.lower() in (".md", ".txt") and not given)
    if stored_already:
        return path
    article = read_article(path, shown, overrides)  # bad input: WikiError, one line
    meta = article.meta.model_dump(mode="json")
    meta["original_file"] = meta.get("original_file") or path.name
    text = ("---\n# Stored by scripts/ingest.py: the text the wiki's quotes are checked "
            "against.\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True,
                                          width=100) + "---\n" + article.body.strip() + "\n")
    target = articles / (re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") + ".md")
    if not write:  # --check, --dry-run: the stored copy if it is this article's
        same = target.exists() and target.read_text(encoding="utf-8") == text
        return target if same else path
    if target.exists() and target.read_text(encoding="utf-8") != text \
            and target.resolve() != path.resolve():
        raise WikiError(Problem(_shown(target), None, "another article is stored under this "
                                "name", f"rename {path.name}, or remove the stored copy"))
    articles.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


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
    meta = parser.add_argument_group(
        "what is known about the article (override its front matter or web page)")
    meta.add_argument("--outlet")
    meta.add_argument("--title")
    meta.add_argument("--url")
    meta.add_argument("--published", metavar="YYYY-MM-DD")
    meta.add_argument("--author")
    meta.add_argument("--published-after", metavar="EPISODE",
                      help="the last episode out when it was written, when it has no date")
    meta.add_argument("--kind", choices=["interview", "qa", "news", "recap", "review",
                                         "feature", "other"])
    meta.add_argument("--interviewee", action="append", default=[], metavar="NAME")
    args = parser.parse_args(argv)
    overrides = {"outlet": args.outlet, "title": args.title, "url": args.url,
                 "published": args.published, "author": args.author,
                 "published_after": args.published_after, "kind": args.kind,
                 "interviewees": args.interviewee}
    articles = args.articles or sorted(p for p in ARTICLES.iterdir()
                                       if p.suffix in (".md", ".txt", ".html", ".htm")
                                       and p.is_file())
    if not articles:
        print(f"error: {_shown(ARTICLES)}: no articles to ingest; pass a file", file=sys.stderr)
        return 2
    wiki_root = args.docs.resolve().parent
    writes = not (args.check or args.dry_run or args.json)
    stale_any = False
    reports = []
    try:
        registry = load_registry(args.docs)
        for n, path in enumerate(articles):
            if n and not (args.check or args.dry_run or args.json):
                registry = load_registry(args.docs)  # sees the pages just written
            shown = _shown(path)
            path = store(path, shown, overrides, wiki_root / "seeds" / "articles", writes)
            shown = _shown(path)
            resolved = path.resolve()
            seed = (resolved.relative_to(wiki_root).as_posix()
                    if resolved.is_relative_to(wiki_root) else shown)
            result = run(path, args.docs, shown=shown, seed=seed, check=args.check,
                         dry_run=args.dry_run or args.json, force=args.force, stubs=args.stubs,
                         registry=registry, overrides=overrides)
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
        drafts = [t for t in result.data["trivia"] if t["status"] == "draft"]
        if drafts and not (args.check or args.dry_run):
            print(f"{result.data['article']}: {len(drafts)} trivia draft(s) to review: "
                  f"{venv_command('review.py')}")
        unattributed = [q["text"][:50] for q in result.data["quotes"] if not q["speaker"]]
        if unattributed:
            print(f"{result.data['article']}: {len(unattributed)} quote(s) kept unattributed")
        unpaged = list(dict.fromkeys(q["speaker"] for q in result.data["quotes"]
                                     if q["speaker"] and not q["speaker_page"]))
        if unpaged and not args.stubs:
            print(f"{result.data['article']}: quoted, without a wiki page (named in the "
                  f"evidence; --stubs makes them citable speakers): {', '.join(unpaged)}")
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
