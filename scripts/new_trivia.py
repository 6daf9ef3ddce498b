#!/usr/bin/env python3
"""Scaffold a new trivia page in docs/trivia/, checked against the wiki before it is written.

    .venv/bin/python scripts/new_trivia.py  # asks for each field, checking names
    .venv/bin/python scripts/new_trivia.py --title "The opening run took months" \\
        --episode S2E1 --person "Ben Stiller" --person "Adam Scott" --character "Mark Scout" \\
        --source "CinemaBlend interview with Ben Stiller and Adam Scott" \\
        --speaker "Ben Stiller" \\
        --quote "It was actually filmed in a bunch of different parts." \\
        --text "The opening run of [[S2E1]] looks like one take but was filmed in parts." \\
        --tag filming

Names (people, characters, speaker, source) must be pages of the wiki: a title or an alias.
An unknown name is refused with the closest names. ``--source`` may also be the url of a
source page. A quote whose source has a stored article (``seed:``) must be in it: a quote
that is not is refused with the closest passage. ``--spoilers`` defaults to the latest
episode cited. The page gets a unique slug from its title and is only written when it passes
every check scripts/validate.py runs.
Exit status: 0 written (or shown with --dry-run), 1 refused, 2 usage error.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages, venv_command  # noqa: E402

require_packages("new_trivia.py")

import yaml  # noqa: E402
from markdown.extensions.toc import slugify  # noqa: E402

from severance_wiki.checks import (  # noqa: E402
    Wiki,
    check_wiki,
    format_problem,
    load_docs_dir,
    load_pages,
    url_of,
)
from severance_wiki.citations import Seed  # noqa: E402
from severance_wiki.model import Source  # noqa: E402
from severance_wiki.registry import Entry, Registry, normalise  # noqa: E402
from severance_wiki.timeline import KEY_RE  # noqa: E402


@dataclass
class Draft:
    """What the contributor told us, before it is checked."""

    title: str = ""
    episodes: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    source: str = ""
    quote: str = ""
    speaker: str = ""
    spoilers: str = ""
    tags: list[str] = field(default_factory=list)
    text: str = ""


class Refused(Exception):
    """The draft cannot become a page; the message says why and how to fix it."""


# --- names against the wiki --------------------------------------------------------------------


def resolve_name(registry: Registry, name: str, kinds: tuple[str, ...], what: str) -> str:
    """The page title ``name`` refers to, or :class:`Refused` with the closest names."""
    res = registry.resolve(name)
    if res.target is not None:
        entry = res.target.entry
        if entry.type not in kinds:
            article = "an" if entry.type[0] in "aeiou" else "a"
            raise Refused(f"{what}: '{name}' is {article} {entry.type} page, not a "
                          f"{' or '.join(kinds)} page")
        return entry.title  # the canonical name; never a spoiler name or an alias
    if res.ambiguous:
        pages = ", ".join(f"'{t.entry.title}'" for t in res.candidates)
        raise Refused(f"{what}: '{name}' could mean {pages}; use the full page title")
    same_kind = [s for s in res.suggestions
                 if (r := registry.resolve(s).target) and r.entry.type in kinds]
    hint = (f"did you mean {' or '.join(repr(s) for s in same_kind)}?" if same_kind
            else f"check the spelling; names are titles or aliases of {kinds[0]} pages")
    raise Refused(f"{what}: no {' or '.join(kinds)} page is called '{name}'; {hint}")


def resolve_source(registry: Registry, source: str) -> str:
    """A source page title, from its title, an alias or its url."""
    if re.match(r"https?://", source.strip()):
        wanted = source.strip().rstrip("/")
        for entry in registry.by_type("source"):
            url = getattr(entry.page, "url", None)
            if url is not None and str(url).rstrip("/") == wanted:
                return entry.title
        raise Refused(f"source: no source page has the url {source}; add the source page "
                      "first (see CONTRIBUTING.md, 'Citing'), then cite it by its title")
    try:
        return resolve_name(registry, source, ("source",), "source")
    except Refused:
        close = closest_sources(registry, source)
        if not close:
            raise
        raise Refused(f"source: no source page is called '{source}'; did you mean "
                      f"{' or '.join(repr(t) for t in close)}?") from None


def closest_sources(registry: Registry, text: str, limit: int = 3) -> list[str]:
    """Source page titles most like ``text``: those containing all its words first (a short
    name for a long title: 'CinemaBlend interview'), then by similarity."""
    wanted = normalise(text)
    words = set(re.findall(r"\w+", wanted))
    scored: list[tuple[float, str]] = []
    for entry in registry.by_type("source"):
        names = [entry.title, *entry.page.aliases]
        if isinstance(entry.page, Source):
            names.append(entry.page.outlet)
        best = 0.0
        for name in names:
            have = normalise(name)
            if words and words <= set(re.findall(r"\w+", have)):
                best = max(best, 1.0 + len(words) / max(1, len(have.split())))
            best = max(best, difflib.SequenceMatcher(None, wanted, have).ratio())
        if best >= 0.5:
            scored.append((best, entry.title))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [title for _, title in scored[:limit]]


def resolve_episode(registry: Registry, key: str, what: str = "episode") -> str:
    tl = registry.timeline
    cleaned = key.strip().upper()
    if KEY_RE.match(cleaned) and tl.position(cleaned) is not None:
        return cleaned
    entry = registry.episode(cleaned) if KEY_RE.match(cleaned) else None
    if entry is None:
        res = registry.resolve(key)  # an episode title works too
        if res.target is not None and res.target.entry.key:
            return res.target.entry.key
        raise Refused(f"{what}: '{key}' is not an episode of the wiki; {tl.valid_range()}")
    return cleaned


def check_draft(draft: Draft, registry: Registry) -> tuple[Draft, list[str]]:
    """Resolve every name; return the cleaned draft and every refusal (all at once)."""
    errors: list[str] = []
    clean = Draft(title=" ".join(draft.title.split()), quote=" ".join(draft.quote.split()),
                  text=draft.text.strip(), tags=[t.strip().lower() for t in draft.tags])

    def attempt(fn: Callable[..., str], *args: Any) -> str:
        try:
            return fn(registry, *args)
        except Refused as exc:
            errors.append(str(exc))
            return ""

    for key in draft.episodes:
        ep = attempt(resolve_episode, key)
        if ep and ep not in clean.episodes:
            clean.episodes.append(ep)
    for name in draft.people:
        p = attempt(resolve_name, name, ("person",), "person")
        if p and p not in clean.people:
            clean.people.append(p)
    for name in draft.characters:
        c = attempt(resolve_name, name, ("character",), "character")
        if c and c not in clean.characters:
            clean.characters.append(c)
    if draft.source:
        clean.source = attempt(resolve_source, draft.source)
    if draft.speaker:
        clean.speaker = attempt(resolve_name, draft.speaker, ("person", "character"), "speaker")
    if draft.spoilers:
        clean.spoilers = attempt(resolve_episode, draft.spoilers, "spoilers")
    elif clean.episodes:
        clean.spoilers = registry.latest(clean.episodes)
    for what, value in (("title", clean.title), ("source", draft.source),
                        ("quote", clean.quote), ("text", clean.text)):
        if not value:
            errors.append(f"{what}: missing; pass --{what} (or run without flags to be asked)")
    return clean, errors


def check_quote(wiki: Wiki, source: Entry | None, quote: str) -> str:
    """``quote`` when its source's stored article has it (or there is none to check);
    otherwise :class:`Refused` with the closest passage of the article."""
    if source is None or not isinstance(source.page, Source):
        return quote
    seed = wiki.citations.seed(source)
    if not isinstance(seed, Seed):
        return quote
    for p in wiki.citations.problems_with_quote(seed, quote):
        raise Refused(f"quote: {p.message}; {p.hint}")
    return quote


# --- the page ---------------------------------------------------------------------------------


def render(draft: Draft) -> str:
    """Front matter in the documented order, then the text and the cited quote."""
    meta: dict[str, Any] = {"type": "trivia", "title": draft.title}
    for key in ("episodes", "people", "characters"):
        if getattr(draft, key):
            meta[key] = getattr(draft, key)
    if draft.spoilers:
        meta["spoilers"] = draft.spoilers
    cite: dict[str, Any] = {"source": draft.source, "quote": draft.quote}
    if draft.speaker:
        cite["speaker"] = draft.speaker
    meta["sources"] = [cite]
    if draft.tags:
        meta["tags"] = draft.tags
    # Lists of names in flow style (one line), the citation as a block: easy to review.
    front = ""
    for key, value in meta.items():
        if isinstance(value, list) and key != "sources":
            flow = yaml.safe_dump(value, allow_unicode=True, width=1000,
                                  default_flow_style=True).strip()
            front += f"{key}: {flow}\n"
        else:
            front += yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True,
                                    width=1000, default_flow_style=False)
    who = f"[[{draft.speaker}]], " if draft.speaker else ""
    return (f"---\n{front}---\n{draft.text}\n\n> {draft.quote}\n>\n"
            f"> — {who}[[{draft.source}]]\n")


def unique_slug(title: str, taken_urls: set[str], folder: str = "trivia") -> str:
    base = slugify(title, "-")[:60].strip("-") or "trivia"
    slug, n = base, 2
    while url_of(f"{folder}/{slug}.md").casefold() in taken_urls:
        slug, n = f"{base}-{n}", n + 1
    return slug


def problems_with(wiki_docs: Path, src_uri: str, text: str) -> list[str]:
    """Every check the validator runs, on the wiki plus the new page (nothing written)."""
    shown = f"{_rel(wiki_docs)}/{src_uri}"
    pages = [(p.relative_to(wiki_docs).as_posix(), p.read_bytes(),
              f"{_rel(wiki_docs)}/{p.relative_to(wiki_docs).as_posix()}")
             for p in sorted(wiki_docs.rglob("*.md"))]
    pages.append((src_uri, text.encode("utf-8"), shown))
    wiki = load_pages(pages, wiki_docs.resolve().parent)
    return [format_problem(p) for p in check_wiki(wiki) if p.path == shown]


def _rel(path: Path) -> str:
    rel = os.path.relpath(path)
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


# --- asking -----------------------------------------------------------------------------------


def _complete_with(names: list[str]) -> None:
    """Tab-completion of wiki names where readline exists (a terminal); harmless otherwise."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return

    def complete(text: str, state: int) -> str | None:
        hits = [n for n in names if n.casefold().startswith(text.casefold())]
        return hits[state] if state < len(hits) else None

    readline.set_completer_delims("")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")


def ask(draft: Draft, wiki: Wiki, read: Callable[[str], str] = input,
        say: Callable[[str], None] = print) -> Draft:
    """Ask for every field not given, checking each name as soon as it is typed."""
    reg = wiki.registry

    def names_of(*kinds: str) -> list[str]:
        return sorted({t.name for ts in reg.names.values() for t in ts
                       if t.entry.type in kinds and t.kind != "reveal"})

    def one(prompt: str, check: Callable[[str], str] | None, required: bool,
            choices: list[str] | None = None) -> str:
        _complete_with(choices or [])
        while True:
            value = read(prompt).strip()
            if not value:
                if required:
                    say("  (required)")
                    continue
                return ""
            if check is None:
                return value
            try:
                return check(value)
            except Refused as exc:
                say(f"  {exc}")

    def many(prompt: str, check: Callable[[str], str], choices: list[str]) -> list[str]:
        out: list[str] = []
        while value := one(prompt + " (empty to finish): ", check, False, choices):
            out.append(value)
        return out

    say("New trivia page. Names are checked against the wiki as you type them "
        "(Tab completes).")
    if not draft.title:
        draft.title = one("Title (one plain sentence): ", None, True)
    if not draft.episodes:
        draft.episodes = many("Episode (S1E1 or its title)",
                              lambda v: resolve_episode(reg, v), names_of("episode"))
    if not draft.people:
        draft.people = many("Person", lambda v: resolve_name(reg, v, ("person",), "person"),
                            names_of("person"))
    if not draft.characters:
        draft.characters = many("Character", lambda v: resolve_name(
            reg, v, ("character",), "character"), names_of("character"))
    if not draft.source:
        draft.source = one("Source (title or url of a source page): ",
                           lambda v: resolve_source(reg, v), True, names_of("source"))
    if not draft.quote:
        source = reg.resolve(draft.source).target
        draft.quote = one("Quote (short, verbatim): ",
                          lambda v: check_quote(wiki, source.entry if source else None, v), True)
    if not draft.speaker:
        draft.speaker = one("Speaker (empty if unclear): ", lambda v: resolve_name(
            reg, v, ("person", "character"), "speaker"), False, names_of("person", "character"))
    if not draft.spoilers:
        default = reg.latest([e for e in draft.episodes if reg.timeline.position(e)])
        draft.spoilers = one(f"Spoiler point [{default}]: ",
                             lambda v: resolve_episode(reg, v, "spoilers"), False) or default
    if not draft.text:
        draft.text = one("Text (Markdown; [[Page]] links a page): ", None, True)
    if not draft.tags:
        draft.tags = [t.strip() for t in one("Tags (comma-separated, optional): ", None,
                                             False).split(",") if t.strip()]
    return draft


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None, read: Callable[[str], str] = input) -> int:
    parser = argparse.ArgumentParser(
        description="Scaffold a trivia page in docs/trivia/, checked before it is written.",
        epilog="Exit status: 0 written, 1 refused, 2 usage error.")
    parser.add_argument("--title")
    parser.add_argument("--episode", "-e", action="append", default=[], dest="episodes",
                        help="an episode key (S2E1) or title; repeat for more")
    parser.add_argument("--person", "-p", action="append", default=[], dest="people",
                        help="a person the trivia is about; repeat for more")
    parser.add_argument("--character", "-c", action="append", default=[], dest="characters")
    parser.add_argument("--source", help="title (or url) of the source page cited")
    parser.add_argument("--quote", help="the short passage of the source, verbatim")
    parser.add_argument("--speaker", help="who says the quote (a person or character page)")
    parser.add_argument("--spoilers", help="reveal point (default: latest episode cited)")
    parser.add_argument("--tag", action="append", default=[], dest="tags")
    parser.add_argument("--text", help="the trivia itself, in Markdown")
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    parser.add_argument("--docs", type=Path,
                        default=Path("docs") if Path("docs").is_dir() else ROOT / "docs")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--no-input", action="store_true",
                      help="never ask; fail on what is missing (the default without a terminal)")
    mode.add_argument("--interactive", action="store_true",
                      help="ask for missing fields even without a terminal")
    parser.add_argument("--dry-run", action="store_true", help="print the page, write nothing")
    args = parser.parse_args(argv)

    if not args.docs.is_dir():
        parser.print_usage(sys.stderr)
        print(f"new_trivia.py: error: docs folder '{args.docs}' does not exist", file=sys.stderr)
        return 2
    if args.slug is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args.slug):
        parser.print_usage(sys.stderr)
        print("new_trivia.py: error: --slug takes lowercase letters, digits and hyphens",
              file=sys.stderr)
        return 2
    draft = Draft(title=args.title or "", episodes=args.episodes, people=args.people,
                  characters=args.characters, source=args.source or "",
                  quote=args.quote or "", speaker=args.speaker or "",
                  spoilers=args.spoilers or "", tags=args.tags, text=args.text or "")
    wiki = load_docs_dir(args.docs)
    interactive = args.interactive or (not args.no_input and sys.stdin.isatty())
    if interactive:
        try:
            draft = ask(draft, wiki, read)
        except (EOFError, KeyboardInterrupt):
            print("\nnew_trivia.py: stopped; nothing written", file=sys.stderr)
            return 1
    clean, errors = check_draft(draft, wiki.registry)
    if errors:
        for e in errors:
            print(f"new_trivia.py: {e}", file=sys.stderr)
        return 1

    taken = {url_of(uri).casefold() for uri in wiki.shown}
    slug = args.slug or unique_slug(clean.title, taken)
    src_uri = f"trivia/{slug}.md"
    if url_of(src_uri).casefold() in taken:
        print(f"new_trivia.py: {src_uri} already exists; pick another --slug", file=sys.stderr)
        return 1
    text = render(clean)
    found = problems_with(args.docs, src_uri, text)
    if found:
        print("new_trivia.py: the page would not pass the checks; nothing written:",
              file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    target = args.docs / src_uri
    if args.dry_run:
        print(f"# would write {_rel(target)}")
        print(text, end="")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {_rel(target)}")
    print("next: preview it with `make serve`, check it with "
          f"`{venv_command('validate.py', _rel(target))}`, then open a pull request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
