"""Index pages built from the registry at build time (never committed).

Each index page is Markdown (so its headings reach the table of contents and search)
around HTML tables and lists whose links are already relative URLs. ``INDEX_PAGES`` lists
them; :func:`render` returns the Markdown of one, where each table or list is a one-line
placeholder, and the HTML that :func:`fill` puts in its place once Markdown has rendered
the page: Python-Markdown would otherwise parse megabytes of raw HTML on a large wiki.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .entity import View, attrs, long_date
from .model import Character, Episode, Person, Source
from .registry import Entry


class Html(str):
    """A part of an index page that is HTML, not Markdown."""


Builder = Callable[[View], list[str]]


@dataclass(frozen=True)
class IndexPage:
    src_uri: str
    title: str
    build: Builder


Cell = tuple[Markup | str, str | None]  # a cell's content and its data-reveal key


def _c(value: Markup | str, reveal: str | None = None) -> Cell:
    return (value, reveal)


def _table(head: list[str], rows: list[list[Cell]]) -> Html:
    """A ``table.wiki-table``; a column empty in every row is left out."""
    keep = [i for i in range(len(head)) if any(str(row[i][0]).strip() for row in rows)]
    header = Markup("").join(Markup("<th>{}</th>").format(head[i]) for i in keep)
    body = Markup("\n").join(
        Markup("<tr>{}</tr>").format(Markup("").join(_cell(*row[i]) for i in keep))
        for row in rows)
    return Html(Markup('<table class="wiki-table"><thead><tr>{}</tr></thead><tbody>{}</tbody>'
                       '</table>').format(header, body))


def _cell(value: Markup | str, reveal: str | None = None) -> Markup:
    """One ``<td>``; an empty cell is never marked (its gate would reveal nothing)."""
    if not str(value).strip():
        reveal = None
    return Markup("<td{}>{}</td>").format(attrs(data_reveal=reveal), value)


def _list(view: View, entries: list[Entry]) -> Html:
    return Html(Markup('<ul class="wiki-list">{}</ul>').format(
        Markup("").join(view.items(view.sort(entries)))))


def _heading(text: str, reveal: str | None = None) -> str:
    if reveal is None:
        return f"## {text}"
    return Html(Markup("<h2{}>{}</h2>").format(attrs(data_reveal=reveal), text))


NO_TRIVIA = "No trivia yet. See the contributing guide to add the first."


def episode_guide(view: View) -> list[str]:
    by_season: dict[int, list[Entry]] = defaultdict(list)
    for entry in view.registry.episodes():
        assert isinstance(entry.page, Episode)
        by_season[entry.page.season].append(entry)
    if not by_season:
        return ["No episodes yet."]
    out = ["Every episode, season by season. Titles, credits and dates of an episode show "
           "once you have watched the one before it."]
    for season, episodes in sorted(by_season.items()):
        rows: list[list[Cell]] = []
        for entry in episodes:
            ep = entry.page
            assert isinstance(ep, Episode)
            reveal = view.reveal(entry)
            rows.append([
                _c(view.link(entry, ep.key, mark=False)),
                _c(ep.title, reveal),
                _c(Markup(", ").join(view.name(n, "person") for n in ep.directed_by), reveal),
                _c(Markup(", ").join(view.name(n, "person") for n in ep.written_by), reveal),
                _c(long_date(ep.released), reveal),
            ])
        out += [f"## Season {season}",
                _table(["No.", "Title", "Directed by", "Written by", "Released"], rows)]
    return out


def cast_and_crew(view: View) -> list[str]:
    people = view.sort(view.registry.by_type("person"))
    if not people:
        return ["No people yet."]
    cast: list[list[Cell]] = []
    crew: list[list[Cell]] = []
    for entry in people:
        page = entry.page
        assert isinstance(page, Person)
        reveal = view.reveal(entry)
        chars = view.entries(view.relations.plays.get(entry.src_uri, []))
        cells = [_c(view.link(entry, mark=False), reveal),
                 _c(", ".join(page.roles), reveal)]
        if chars or any(r in ("actor", "actress") for r in page.roles):
            cells.append(_c(Markup(", ").join(view.link(c) for c in chars), reveal))
            cast.append(cells)
        else:
            crew.append(cells)
    out = ["The people who make *Severance*, on screen and behind it."]
    if cast:
        out += ["## Cast", _table(["Name", "Roles", "Plays"], cast)]
    if crew:
        out += ["## Crew", _table(["Name", "Roles"], crew)]
    return out


def characters(view: View) -> list[str]:
    chars = view.sort(view.registry.by_type("character"))
    if not chars:
        return ["No characters yet."]
    rows: list[list[Cell]] = []
    for entry in chars:
        page = entry.page
        assert isinstance(page, Character)
        reveal = view.reveal(entry)
        actors = view.entries(view.relations.played_by.get(entry.src_uri, []))
        first = view.episode_key(page.first_appearance) if page.first_appearance else ""
        rows.append([
            _c(view.link(entry, mark=False), reveal),
            _c(Markup(", ").join(view.link(a) for a in actors), reveal),
            _c(first, reveal),
        ])
    return ["Characters of *Severance*, under the names the show first gives them.",
            _table(["Character", "Played by", "First appearance"], rows)]


def _trivia(view: View) -> list[Entry]:
    return view.registry.by_type("trivia")


def trivia_by_episode(view: View) -> list[str]:
    trivia = _trivia(view)
    if not trivia:
        return [NO_TRIVIA]
    about = view.relations.trivia_about  # front matter `episodes` and text links alike
    out = ["Production trivia, grouped by the episode it is about."]
    placed: set[str] = set()
    for ep in view.registry.episodes():
        assert isinstance(ep.page, Episode)
        items = view.entries(about.get(ep.src_uri, []))
        if items:
            placed.update(e.src_uri for e in items)
            out += [f"## {ep.page.key}", _list(view, items)]
    loose = [e for e in trivia if e.src_uri not in placed]
    if loose:
        out += ["## About the whole series", _list(view, loose)]
    return out


def trivia_by_person(view: View) -> list[str]:
    about = view.relations.trivia_about
    people = [p for p in view.sort(view.registry.by_type("person")) if about.get(p.src_uri)]
    if not people:
        return [NO_TRIVIA]
    listed = sum(len(about[p.src_uri]) for p in people)
    if view.list_limit and listed > view.list_limit:
        # Each trivia item is listed under every person it names, so this page grows
        # fastest of all; past the limit it points to the person pages, which list them.
        rows = [[_c(view.link(p, mark=False), view.reveal(p)),
                 _c(str(len(about[p.src_uri])))] for p in people]
        return [f"Production trivia about {len(people)} people: {listed} entries, too many "
                "for one page. Each person's page lists the trivia about them.",
                _table(["Person", "Trivia"], rows)]
    out = ["Production trivia, grouped by the people it is about."]
    for person in people:
        out += [_heading(view.safe_title(person), view.reveal(person)),
                _list(view, view.entries(about[person.src_uri]))]
    return out


def trivia_by_tag(view: View) -> list[str]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in _trivia(view):
        for tag in entry.page.tags:
            groups[tag].append(entry)
    if not groups:
        return [NO_TRIVIA if not _trivia(view) else "No trivia is tagged yet."]
    out = ["Production trivia, grouped by tag."]
    timeline = view.registry.timeline
    for tag in sorted(groups):
        # A tag used only by later trivia is itself a spoiler: its heading is marked with the
        # earliest point at which one of its pages is safe.
        points = [view.reveal(e) for e in groups[tag]]
        reveal = None if None in points else min(
            (p for p in points if p), key=lambda p: timeline.position(p) or 0)
        out += [_heading(tag, reveal), _list(view, groups[tag])]
    return out


def sources(view: View) -> list[str]:
    entries = view.sort(view.registry.by_type("source"))
    if not entries:
        return ["No sources yet."]
    rows: list[list[Cell]] = []
    for entry in entries:
        page = entry.page
        assert isinstance(page, Source)
        reveal = view.reveal(entry)
        when: Markup | str = ""
        if page.published:
            when = long_date(page.published)
        elif page.published_after:
            when = Markup("after {}").format(view.episode_key(page.published_after))
        cited = len(view.relations.cited_by.get(entry.src_uri, []))
        rows.append([
            _c(view.link(entry, mark=False), reveal),
            _c(page.outlet, reveal),
            _c(when, reveal),
            _c(str(cited)),
        ])
    return ["The articles and interviews the wiki's trivia cites.",
            _table(["Source", "Outlet", "Published", "Trivia"], rows)]


INDEX_PAGES: tuple[IndexPage, ...] = (
    IndexPage("episodes/index.md", "Episode guide", episode_guide),
    IndexPage("people/index.md", "Cast and crew", cast_and_crew),
    IndexPage("characters/index.md", "Characters", characters),
    IndexPage("trivia/index.md", "Trivia by episode", trivia_by_episode),
    IndexPage("trivia/by-person.md", "Trivia by person", trivia_by_person),
    IndexPage("trivia/by-tag.md", "Trivia by tag", trivia_by_tag),
    IndexPage("sources/index.md", "Sources", sources),
)


def render(index: IndexPage, view: View) -> tuple[str, list[str]]:
    """The whole Markdown page (front matter title, generated note, content) with a
    placeholder for each HTML part, and those parts in order (see :func:`fill`)."""
    parts = index.build(view)
    html: list[str] = [p for p in parts if isinstance(p, Html)]
    body = []
    n = 0
    for p in parts:
        if isinstance(p, Html):
            body.append(_placeholder(n))
            n += 1
        else:
            body.append(p)
    md = "\n\n".join(body)
    return (f"---\ntitle: {index.title}\n---\n\n# {index.title}\n\n"
            "<!-- generated at build time by the severance plugin; not a file in docs/ -->\n\n"
            f"{md}\n"), html


def _placeholder(n: int) -> str:
    return f"<!-- sv-index-part {n} -->"


_PLACEHOLDER_RE = re.compile(r"<!-- sv-index-part (\d+) -->")


def fill(content: str, parts: list[str]) -> str:
    """``content`` (the rendered page) with each placeholder replaced by its HTML."""
    return _PLACEHOLDER_RE.sub(lambda m: parts[int(m.group(1))], content)
