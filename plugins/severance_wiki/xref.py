"""Who points at whom: front-matter relations and wikilinks, inverted once per build.

Everything here is plain data keyed by ``src_uri`` (the page's path under ``docs/``).
:class:`Relations` is built once from front matter (a registry lookup per reference);
:class:`LinkGraph` records each page's outgoing wikilinks while pages render and is
inverted once, in a single pass, when every page is done.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Character, Episode, Person, Source, Trivia
from .registry import Entry, Registry, Resolution, normalise


class LinkGraph:
    """Outgoing wikilinks per page, in document order, without repeats."""

    def __init__(self) -> None:
        self.outgoing: dict[str, dict[str, None]] = {}

    def reset(self, src: str) -> None:
        """Forget a page's links (it is about to be rendered again)."""
        self.outgoing[src] = {}

    def add(self, src: str, dst: str) -> None:
        if src != dst:
            self.outgoing.setdefault(src, {})[dst] = None

    def inverted(self) -> dict[str, list[str]]:
        """``target -> [pages linking to it]``: one pass over every recorded link."""
        incoming: dict[str, list[str]] = defaultdict(list)
        for src, targets in self.outgoing.items():
            for dst in targets:
                incoming[dst].append(src)
        return dict(incoming)


def shown_links(pages: Iterable[str], outgoing: Mapping[str, Iterable[str]],
                refs: Mapping[str, Iterable[str]], episodes: Sequence[str]) -> dict[str, list[str]]:
    """``target -> [pages showing a link to it]``: each page's wikilinks (``outgoing``), the
    pages its front matter names (``refs``, its infobox) and, for an episode, the previous
    and next episode (``episodes`` in timeline order). Sources are listed in ``pages``
    order, each once; only pages in ``pages`` (those built) count as sources."""
    order = list(pages)
    built = set(order)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for before, after in itertools.pairwise(episodes):
        if before in built:
            neighbours[before].append(after)
        if after in built:
            neighbours[after].append(before)
    incoming: dict[str, list[str]] = defaultdict(list)
    for src in order:
        targets = dict.fromkeys(outgoing.get(src, ()))
        targets.update(dict.fromkeys(refs.get(src, ())))
        targets.update(dict.fromkeys(neighbours.get(src, ())))
        targets.pop(src, None)
        for dst in targets:
            incoming[dst].append(src)
    return dict(incoming)


def _uniq(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass
class Relations:
    """Related pages of every entity, from front matter (and, after :meth:`add_links`, links).

    Every mapping is ``src_uri -> [src_uri, ...]`` in a stable order.
    """

    plays: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    played_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    directed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    wrote: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    appears_in: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    first_appearances: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    trivia_about: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sources_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    refs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Pages each page's front matter names (they render as links in its infobox)."""

    @classmethod
    def from_registry(cls, registry: Registry) -> Relations:
        rel = cls()

        def find(name: str, *types: str) -> Entry | None:
            target = registry.resolve(name).target
            if target is None or target.entry.type not in types:
                return None  # reported by load.check_references
            rel.refs[uri].append(target.entry.src_uri)
            return target.entry

        uri = ""
        for entry in registry.entries.values():
            page, uri = entry.page, entry.src_uri
            if isinstance(page, Episode):
                for field_name, bucket in (("directed_by", rel.directed),
                                           ("written_by", rel.wrote),
                                           ("cast", rel.appears_in)):
                    for name in getattr(page, field_name):
                        person = find(name, "person")
                        if person:
                            bucket[person.src_uri].append(uri)
            elif isinstance(page, Person):
                for name in page.plays:
                    char = find(name, "character")
                    if char:
                        rel.plays[uri].append(char.src_uri)
                        rel.played_by[char.src_uri].append(uri)
            elif isinstance(page, Character):
                for name in page.played_by:
                    person = find(name, "person")
                    if person:
                        rel.played_by[uri].append(person.src_uri)
                        rel.plays[person.src_uri].append(uri)
                if page.first_appearance:
                    ep = registry.episode(page.first_appearance)
                    if ep:
                        rel.first_appearances[ep.src_uri].append(uri)
                        rel.refs[uri].append(ep.src_uri)
            elif isinstance(page, Trivia):
                for key in page.episodes:
                    ep = registry.episode(key)
                    if ep:
                        rel.trivia_about[ep.src_uri].append(uri)
                        rel.refs[uri].append(ep.src_uri)
                for name in page.people:
                    person = find(name, "person")
                    if person:
                        rel.trivia_about[person.src_uri].append(uri)
                for name in page.characters:
                    char = find(name, "character")
                    if char:
                        rel.trivia_about[char.src_uri].append(uri)
                for cite in page.sources:
                    src = find(cite.source, "source")
                    if src:
                        rel.cited_by[src.src_uri].append(uri)
                        for key in page.episodes:
                            ep = registry.episode(key)
                            if ep:
                                rel.sources_of[ep.src_uri].append(src.src_uri)
        rel._dedupe()
        return rel

    def add_links(self, registry: Registry, incoming: dict[str, list[str]]) -> None:
        """Count wikilinks too: a trivia page linking to a person is trivia about them."""
        for dst, sources in incoming.items():
            target = registry.entries.get(dst)
            if target is None:
                continue
            for src in sources:
                origin = registry.entries.get(src)
                if origin is None:
                    continue
                if origin.type == "trivia" and target.type in ("person", "character",
                                                                "episode"):
                    self.trivia_about[dst].append(src)
                elif origin.type == "trivia" and target.type == "source":
                    self.cited_by[dst].append(src)
                elif origin.type == "source" and target.type == "episode":
                    self.sources_of[dst].append(src)
        self._dedupe()

    def _dedupe(self) -> None:
        for mapping in (self.plays, self.played_by, self.directed, self.wrote, self.appears_in,
                        self.first_appearances, self.trivia_about, self.sources_of,
                        self.cited_by, self.refs):
            for key, values in mapping.items():
                mapping[key] = _uniq(values)


def newest_trivia(registry: Registry, count: int = 5) -> list[Entry]:
    """The newest trivia pages: latest cited source date first, then title.

    Trivia carries no date of its own; the date of the article it cites is the best
    stable measure of "new" (file times change with every checkout).
    """

    def when(entry: Entry) -> dt.date:
        assert isinstance(entry.page, Trivia)
        dates = []
        for cite in entry.page.sources:
            target = registry.resolve(cite.source).target
            if target and isinstance(target.entry.page, Source) and target.entry.page.published:
                dates.append(target.entry.page.published)
        return max(dates, default=dt.date.min)

    trivia = sorted(registry.by_type("trivia"), key=lambda e: e.title.casefold())
    trivia.sort(key=when, reverse=True)
    return trivia[:count]


# --- warning texts -------------------------------------------------------------------------


def unresolved_message(raw: str, res: Resolution) -> str:
    """What is wrong with a wikilink that leads nowhere (unknown or ambiguous), and the fix."""
    if res.candidates:
        options = " or ".join(f"'{t.entry.title}' ({t.entry.src_uri})" for t in res.candidates)
        titles = {normalise(t.entry.title) for t in res.candidates}
        if len(titles) == len(res.candidates):
            hint = f"link with the full page title, e.g. [[{res.candidates[0].entry.title}]]"
        else:
            hint = "two pages share that title; rename one of them"
        return f"wikilink '{raw}' is ambiguous: it could mean {options}; {hint}"
    hint = (f"did you mean {' or '.join(repr(s) for s in res.suggestions)}?"
            if res.suggestions else "create the page or fix the spelling")
    return f"wikilink '{raw}' points to no page; {hint}"


def has_heading(anchors: list[tuple[str, str]], heading: str, slug: str) -> bool:
    """Whether ``(id, title)`` anchors of a page contain ``heading`` (by id or by text)."""
    wanted = normalise(heading)
    return any(anchor_id == slug or normalise(title) == wanted for anchor_id, title in anchors)


def unknown_heading_message(raw: str, heading: str, title: str, headings: list[str]) -> str:
    what = f"wikilink '{raw}': '{title}' has no heading '{heading}'"
    if not headings:
        return f"{what}; it has no headings, so link to the page without '#{heading}'"
    close = difflib.get_close_matches(heading, headings, n=1, cutoff=0.5)
    if close:
        return f"{what}; did you mean '{close[0]}'?"
    return f"{what}; its headings are {', '.join(repr(t) for t in headings[:8])}"
