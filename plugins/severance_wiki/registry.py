"""The registry: every page's titles and aliases, built once per build.

Wikilinks, front-matter references, backlinks and index pages resolve against it with a
dictionary lookup, never a scan of all pages.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Character, Episode, Page, Source, Trivia
from .timeline import Timeline


def normalise(name: str) -> str:
    """Case- and whitespace-insensitive form of a link target."""
    return " ".join(name.split()).casefold()


@dataclass
class Entry:
    """One page of the wiki as the registry knows it."""

    src_uri: str  # path relative to docs/, with forward slashes
    page: Page
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    body_line: int = 1  # line of the file where the Markdown body starts

    @property
    def type(self) -> str:
        return self.page.type

    @property
    def title(self) -> str:
        return self.page.display_title

    @property
    def key(self) -> str | None:
        return self.page.key if isinstance(self.page, Episode) else None

    def line(self, *path: str | int) -> int:
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return 1


@dataclass(frozen=True)
class Target:
    """A name that leads to a page. ``reveal`` is set when the name itself is a spoiler."""

    entry: Entry
    name: str
    kind: str  # "title", "alias", "key" or "reveal"
    reveal: str | None = None


@dataclass
class Resolution:
    target: Target | None
    candidates: list[Target] = field(default_factory=list)  # all matches when ambiguous
    suggestions: list[str] = field(default_factory=list)  # closest names when unknown

    @property
    def ambiguous(self) -> bool:
        return self.target is None and len(self.candidates) > 1


class Registry:
    """Titles, aliases and episode keys of every page, and the timeline they imply."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        self.names: dict[str, list[Target]] = defaultdict(list)
        self._episodes: list[Entry] | None = None
        self._points: dict[str, str] = {}  # src_uri -> reveal point (reveal_point)
        for entry in entries:
            self.entries[entry.src_uri] = entry
        self.timeline = Timeline.from_episodes(
            (e.page.season, e.page.episode)
            for e in self.entries.values()
            if isinstance(e.page, Episode)
        )
        for entry in self.entries.values():
            self._index(entry)

    # -- building ---------------------------------------------------------------------------

    def _add(self, name: str, target: Target) -> None:
        bucket = self.names[normalise(name)]
        if any(t.entry is target.entry for t in bucket):
            return  # the same page under the same name twice (title == alias) is harmless
        bucket.append(target)

    def _index(self, entry: Entry) -> None:
        page = entry.page
        self._add(entry.title, Target(entry, entry.title, "title"))
        for alias in page.aliases:
            self._add(alias, Target(entry, alias, "alias"))
        if isinstance(page, Episode):
            self._add(page.key, Target(entry, page.key, "key"))
        if isinstance(page, Character):
            for reveal in page.reveals:
                self._add(reveal.name, Target(entry, reveal.name, "reveal", reveal.episode))

    # -- queries ----------------------------------------------------------------------------

    def resolve(self, name: str) -> Resolution:
        targets = self.names.get(normalise(name), [])
        if len(targets) == 1:
            return Resolution(targets[0])
        if len(targets) > 1:
            return Resolution(None, candidates=list(targets))
        close = difflib.get_close_matches(normalise(name), list(self.names), n=6, cutoff=0.6)
        suggestions: list[str] = []
        seen: set[str] = set()
        for c in close:
            target = self.names[c][0]
            if target.kind == "reveal" or target.entry.src_uri in seen:
                continue  # never suggest a spoiler name; one suggestion per page
            seen.add(target.entry.src_uri)
            suggestions.append(target.name)
        suggestions = suggestions[:3]
        return Resolution(None, suggestions=suggestions)

    def by_type(self, ptype: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.type == ptype]

    def episodes(self) -> list[Entry]:
        """Every episode page in timeline order (computed once; the registry never changes)."""
        if self._episodes is None:
            eps = self.by_type("episode")
            self._episodes = sorted(
                eps, key=lambda e: (e.page.season, e.page.episode))  # type: ignore[attr-defined]
        return list(self._episodes)

    def episode(self, key: str) -> Entry | None:
        res = self.names.get(normalise(key), [])
        for t in res:
            if t.kind == "key":
                return t.entry
        return None

    def reveal_point(self, entry: Entry) -> str:
        """The episode a reader must have watched for the page as a whole to be safe
        (computed once per page of the registry, which never changes)."""
        known = self.entries.get(entry.src_uri) is entry
        if known and entry.src_uri in self._points:
            return self._points[entry.src_uri]
        point = self._reveal_point(entry)
        if known:
            self._points[entry.src_uri] = point
        return point

    def _reveal_point(self, entry: Entry) -> str:
        return self.latest(self.reveal_refs(entry))

    def reveal_refs(self, entry: Entry) -> list[str]:
        """The episode keys a page's reveal point is the latest of: its ``spoilers``, or by
        default an episode's previous episode, a character's first appearance, a trivia
        item's episodes, the episode a source was written after."""
        page = entry.page
        points: list[str] = []
        if page.spoilers:
            points.append(page.spoilers)
        if isinstance(page, Episode):
            points.append(self.timeline.previous(page.key))
        if isinstance(page, Character) and page.first_appearance:
            points.append(page.first_appearance)
        if isinstance(page, Trivia) and not page.spoilers:
            points.extend(page.episodes)
        if isinstance(page, Source) and not page.spoilers and page.published_after:
            # Written after that episode, the article may talk about it.
            points.append(page.published_after)
        return points

    def link_title(self, entry: Entry) -> str:
        """What a link to the page says where the link itself is gated by the page's
        reveal point (lists, backlinks): its title; an episode's key, with its title when
        that is safe for everyone (the title of a later episode is a quiet gate of its own)."""
        page = entry.page
        if isinstance(page, Episode):
            if self.reveal_point(entry) == "S0":
                return f"{page.key}: {page.title}"
            return page.key
        return entry.title

    def page_title(self, entry: Entry) -> str:
        """The title a reader meets before opening the page (``<title>``, the h1, the
        header, navigation, meta tags, the search index at S0): never a spoiler. A page
        whose reveal point is past S0 gets a neutral title naming only that point, an
        episode its key; its real title shows once the reader's progress reaches the point
        or they reveal the page."""
        point = self.reveal_point(entry)
        if point == "S0" or isinstance(entry.page, Episode):
            return self.link_title(entry)
        pos = self.timeline.position(point)
        shown = self.timeline.key_at(pos) if pos else point
        kind = {"trivia": "Trivia", "source": "Source", "character": "Character",
                "person": "Person"}.get(entry.type, "Page")
        return f"{kind} \u00b7 spoilers through {shown}"

    def latest(self, keys: Iterable[str | None]) -> str:
        best, best_pos = "S0", 0
        for key in keys:
            pos = self.timeline.position(key)
            if pos is not None and pos > best_pos:
                best, best_pos = (key or "S0"), pos
        return best
