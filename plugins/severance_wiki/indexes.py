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


@dataclass
class Row:
    """One row of an index table: its cells, and the point from which the row is safe
    (``None``: always). ``key``: the first cell is the row's always-safe key (``<th>``)."""

    cells: list[Markup | str]
    reveal: str | None = None


def _table(view: View, head: list[str], rows: list[Row], *, keyed: bool = False) -> Html:
    """A ``table.wiki-table``; a column empty in every row is left out.

    ``keyed``: the first cell of each row is its key, always safe, and a later row is one
    quiet line: its key, and one gate for the rest. Otherwise the rows not safe for
    everyone (a table sorted by reveal point ends with them) share one gate below the
    others, and each shows by itself once the reader's progress reaches it."""
    keep = [i for i in range(len(head)) if any(str(row.cells[i]).strip() for row in rows)]
    header = Markup("").join(Markup('<th scope="col">{}</th>').format(head[i]) for i in keep)

    def tr(row: Row) -> Markup:
        cells = []
        for n, i in enumerate(keep):
            if keyed and n == 0:
                cells.append(Markup('<th scope="row">{}</th>').format(row.cells[i]))
            else:  # the column's name, for the phone layout (a card per row)
                cells.append(Markup("<td{}>{}</td>").format(attrs(data_label=head[i]),
                                                            row.cells[i]))
        return Markup("<tr{}>{}</tr>").format(attrs(data_reveal=row.reveal),
                                               Markup("").join(cells))

    shown = [r for r in rows if keyed or r.reveal is None]
    later = [] if keyed else [r for r in rows if r.reveal is not None]
    body = Markup("<tbody>{}</tbody>").format(Markup("\n").join(tr(r) for r in shown)) \
        if shown else Markup("")
    if later:
        body += Markup("<tbody{} data-reveal-each{}>{}</tbody>").format(
            attrs(data_reveal=view.latest(r.reveal for r in later if r.reveal)),
            attrs(data_reveal_what=f"{len(later)} more"),
            Markup("\n").join(tr(r) for r in later))
    return Html(Markup('<table class="wiki-table"><thead><tr>{}</tr></thead>{}</table>')
                .format(header, body))


def _list(view: View, entries: list[Entry]) -> Html:
    return Html(Markup('<ul class="wiki-list">{}</ul>').format(
        Markup("").join(view.items(view.sort(entries)))))


def _part(view: View, heading: str, reveal: str | None, entries: list[Entry]) -> list[str]:
    """A heading and its list; a section whose heading is itself a spoiler (a later
    person, a tag only later trivia use) is one gate for heading and list alike."""
    if reveal is None:
        return [f"## {heading}", _list(view, entries)]
    return [Html(Markup("<section{}><h2>{}</h2>{}</section>").format(
        attrs(data_reveal=reveal), heading, Markup(_list(view, entries))))]


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
        rows: list[Row] = []
        for entry in episodes:
            ep = entry.page
            assert isinstance(ep, Episode)
            rows.append(Row([
                view.link(entry, ep.key, mark=False),
                ep.title,
                Markup(", ").join(view.name(n, "person") for n in ep.directed_by),
                Markup(", ").join(view.name(n, "person") for n in ep.written_by),
                long_date(ep.released),
            ], view.reveal(entry)))
        out += [f"## Season {season}",
                _table(view, ["No.", "Title", "Directed by", "Written by", "Released"], rows,
                       keyed=True)]
    return out


def cast_and_crew(view: View) -> list[str]:
    people = view.sort(view.registry.by_type("person"))
    if not people:
        return ["No people yet."]
    cast: list[Row] = []
    crew: list[Row] = []
    for entry in people:
        page = entry.page
        assert isinstance(page, Person)
        chars = view.entries(view.relations.plays.get(entry.src_uri, []))
        cells: list[Markup | str] = [view.link(entry, mark=False), ", ".join(page.roles)]
        if chars or any(r in ("actor", "actress") for r in page.roles):
            cells.append(Markup(", ").join(view.link(c) for c in chars))
            cast.append(Row(cells, view.reveal(entry)))
        else:
            crew.append(Row(cells, view.reveal(entry)))
    out = ["The people who make *Severance*, on screen and behind it."]
    if cast:
        out += ["## Cast", _table(view, ["Name", "Roles", "Plays"], cast)]
    if crew:
        out += ["## Crew", _table(view, ["Name", "Roles"], crew)]
    return out


def characters(view: View) -> list[str]:
    chars = view.sort(view.registry.by_type("character"))
    if not chars:
        return ["No characters yet."]
    rows: list[Row] = []
    for entry in chars:
        page = entry.page
        assert isinstance(page, Character)
        actors = view.entries(view.relations.played_by.get(entry.src_uri, []))
        first = view.episode_key(page.first_appearance) if page.first_appearance else ""
        rows.append(Row([view.link(entry, mark=False),
                         Markup(", ").join(view.link(a) for a in actors), first],
                        view.reveal(entry)))
    return ["Characters of *Severance*, under the names the show first gives them.",
            _table(view, ["Character", "Played by", "First appearance"], rows)]


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
        rows = [Row([view.link(p, mark=False), str(len(about[p.src_uri]))], view.reveal(p))
                for p in people]
        return [f"Production trivia about {len(people)} people: {listed} entries, too many "
                "for one page. Each person's page lists the trivia about them.",
                _table(view, ["Person", "Trivia"], rows)]
    out = ["Production trivia, grouped by the people it is about."]
    for person in people:
        out += _part(view, view.safe_title(person), view.reveal(person),
                     view.entries(about[person.src_uri]))
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
        out += _part(view, tag, reveal, groups[tag])
    return out


def sources(view: View) -> list[str]:
    entries = view.sort(view.registry.by_type("source"))
    if not entries:
        return ["No sources yet."]
    rows: list[Row] = []
    for entry in entries:
        page = entry.page
        assert isinstance(page, Source)
        when: Markup | str = ""
        if page.published:
            when = long_date(page.published)
        elif page.published_after:
            when = Markup("after {}").format(view.episode_key(page.published_after))
        cited = len(view.relations.cited_by.get(entry.src_uri, []))
        rows.append(Row([view.link(entry, mark=False), page.outlet, when, str(cited)],
                        view.reveal(entry)))
    return ["The articles and interviews the wiki's trivia cites.",
            _table(view, ["Source", "Outlet", "Published", "Trivia"], rows)]


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
