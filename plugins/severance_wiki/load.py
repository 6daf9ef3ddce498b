"""Read every page of a docs folder into registry entries (used by plugin and scripts)."""

from __future__ import annotations

from pathlib import Path

from . import frontmatter
from .errors import FrontMatterError, Problem
from .model import Character, Episode, Person, Trivia, validate_page
from .registry import Entry, Registry


def load_entry(raw: bytes, src_uri: str, shown_path: str | None = None) -> Entry:
    """Parse and validate one page. Raises FrontMatterError naming ``shown_path``."""
    shown = shown_path or src_uri
    fm = frontmatter.read(raw, shown)
    page = validate_page(fm, shown)
    return Entry(src_uri, page, fm.lines, fm.body_line)


def load_dir(docs_dir: Path, prefix: str = "") -> tuple[list[Entry], list[Problem]]:
    """Every ``*.md`` under ``docs_dir``; problems are collected, not raised."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        try:
            entries.append(load_entry(path.read_bytes(), src_uri, f"{prefix}{src_uri}"))
        except FrontMatterError as exc:
            problems.extend(exc.problems)
    return entries, problems


def check_references(registry: Registry, shown: dict[str, str] | None = None) -> list[Problem]:
    """Front-matter references that name no page, and episode keys off the timeline."""
    shown = shown or {}
    problems: list[Problem] = []
    tl = registry.timeline

    def where(entry: Entry) -> str:
        return shown.get(entry.src_uri, entry.src_uri)

    def need(entry: Entry, field: str, names: list[str], want: tuple[str, ...],
             path: tuple[str | int, ...] | None = None) -> None:
        for i, name in enumerate(names):
            line = entry.line(*path) if path else entry.line(field, i)
            res = registry.resolve(name)
            if res.target is None:
                if res.ambiguous:
                    pages = ", ".join(f"'{t.entry.title}'" for t in res.candidates)
                    msg, hint = (f"{field}: '{name}' could mean {pages}",
                                 "use the full page title")
                else:
                    msg = f"{field}: no page is called '{name}'"
                    hint = (f"did you mean {' or '.join(repr(s) for s in res.suggestions)}?"
                            if res.suggestions else
                            "check the spelling, or create the page first")
                problems.append(Problem(where(entry), line, msg, hint,
                                        rule="unknown-reference"))
            elif res.target.entry.type not in want:
                problems.append(Problem(
                    where(entry), line,
                    f"{field}: '{name}' is a {res.target.entry.type} page, not a "
                    f"{' or '.join(want)}", "name a page of the right type",
                    rule="unknown-reference"))

    def key_ok(entry: Entry, field: str, key: str | None, index: int | None = None) -> None:
        if key is None:
            return
        if tl.position(key) is None:
            path: tuple[str | int, ...] = (field,) if index is None else (field, index)
            problems.append(Problem(where(entry), entry.line(*path),
                                    f"{field}: unknown episode '{key}'", tl.valid_range(),
                                    rule="unknown-episode"))

    for entry in registry.entries.values():
        page = entry.page
        key_ok(entry, "spoilers", page.spoilers)
        if isinstance(page, Episode):
            need(entry, "directed_by", page.directed_by, ("person",))
            need(entry, "written_by", page.written_by, ("person",))
            need(entry, "cast", page.cast, ("person",))
        elif isinstance(page, Person):
            need(entry, "plays", page.plays, ("character",))
        elif isinstance(page, Character):
            need(entry, "played_by", page.played_by, ("person",))
            key_ok(entry, "first_appearance", page.first_appearance)
            for i, rev in enumerate(page.reveals):
                if tl.position(rev.episode) is None:
                    problems.append(Problem(where(entry), entry.line("reveals", i),
                                            f"reveals: unknown episode '{rev.episode}'",
                                            tl.valid_range(), rule="unknown-episode"))
        elif isinstance(page, Trivia):
            for i, key in enumerate(page.episodes):
                key_ok(entry, "episodes", key, i)
            need(entry, "people", page.people, ("person",))
            need(entry, "characters", page.characters, ("character",))
            for i, cite in enumerate(page.sources):
                need(entry, "sources", [cite.source], ("source",), ("sources", i, "source"))
                if cite.speaker:
                    need(entry, "speaker", [cite.speaker], ("person", "character"),
                         ("sources", i, "speaker"))
    return problems
