"""What entity pages gain at build time: infobox, previous/next, related lists, backlinks.

Plain functions returning escaped HTML (``markupsafe.Markup``); no MkDocs here. Every
list item, link or cell whose text is only safe from episode K on carries
``data-reveal="K"`` for the spoiler system (producers mark, the spoiler system gates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from . import citations
from .citations import Citations
from .model import Character, Episode, Person, Source, Trivia
from .registry import Entry, Registry
from .xref import Relations

# Navigational blocks (related lists, backlinks, previous/next) only repeat other pages'
# titles: the search index leaves them out, so a search finds the pages themselves.
SEARCH_EXCLUDE = "data-search-exclude"


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def relative_url(url: str, here: str) -> str:
    """``url`` (site-relative, as MkDocs' ``File.url``) as seen from the page at ``here``."""
    return get_relative_url(url, here)


def attrs(**values: str | None) -> Markup:
    """`` name="value"`` for each value that is not None (``data_reveal`` is written
    ``data-reveal``, ``class_`` ``class``); runs for every link and list item."""
    out = ""
    for name, v in values.items():
        if v is not None:
            out += f' {_ATTR_NAMES.get(name) or _attr_name(name)}="{escape(v)}"'
    return Markup(out)


_ATTR_NAMES: dict[str, str] = {}


def _attr_name(name: str) -> str:
    _ATTR_NAMES[name] = name.rstrip("_").replace("_", "-")
    return _ATTR_NAMES[name]


@dataclass
class View:
    """Renders links to wiki pages as seen from one page (``here``: that page's URL)."""

    registry: Registry
    relations: Relations
    urls: dict[str, str]  # src_uri -> site URL of the page
    safe_title: Callable[[Entry], str]
    here: str = ""
    # Index pages that would list more pages than this list counts instead (0: no limit).
    list_limit: int = 0
    # Quotes checked against their sources' stored articles (None: shown without checks).
    citations: Citations | None = None

    def at(self, here: str) -> View:
        return View(self.registry, self.relations, self.urls, self.safe_title, here,
                    self.list_limit, self.citations)

    def reveal(self, entry: Entry) -> str | None:
        """``data-reveal`` value for text taken from ``entry``; ``None`` when always safe."""
        point = self.registry.reveal_point(entry)
        return None if point == "S0" else point

    def href(self, entry: Entry) -> str | None:
        url = self.urls.get(entry.src_uri)
        return None if url is None else relative_url(url, self.here)

    def link(self, entry: Entry, text: str | None = None, *, mark: bool = True) -> Markup:
        """A link to ``entry`` with its safe title; marked when the target is a spoiler."""
        label = self.safe_title(entry) if text is None else text
        href = self.href(entry)
        reveal = self.reveal(entry) if mark else None
        # f-strings over escaped parts: Markup.format is slow, and this runs for every
        # item of every list.
        if href is None:
            return Markup(f"<span{attrs(data_reveal=reveal)}>{escape(label)}</span>")
        return Markup(f'<a class="wikilink"{attrs(href=href, data_reveal=reveal)}>'
                      f"{escape(label)}</a>")

    def episode_link(self, entry: Entry) -> Markup:
        """``S1E3`` (always safe) linked, then the title, which simply appears once the
        reader's progress makes it safe (a quiet mark: no gate of its own)."""
        assert isinstance(entry.page, Episode)
        key = self.link(entry, entry.page.key, mark=False)
        reveal = self.reveal(entry)
        title_attrs = attrs(class_="wiki-episode-title", data_reveal=reveal,
                            data_reveal_quiet="" if reveal else None)
        return Markup(f"{key} <span{title_attrs}>{escape(entry.page.title)}</span>")

    def item(self, entry: Entry, *, mark: bool = True) -> Markup:
        """One list item for a page: episodes show key + title, others their safe title
        (``mark=False``: without the item's own mark, for a group that carries it)."""
        if isinstance(entry.page, Episode):
            return Markup(f"<li>{self.episode_link(entry)}</li>")
        reveal = self.reveal(entry) if mark else None
        return Markup(f"<li{attrs(data_reveal=reveal)}>{self.link(entry, mark=False)}</li>")

    def latest(self, points: Iterable[str]) -> str:
        """The latest of some reveal points."""
        return max(points, key=lambda p: self.registry.timeline.position(p) or 0)

    def items(self, entries: list[Entry]) -> list[Markup]:
        """List items for ``entries`` (in list order). The pages that are not safe for
        everyone share one group with one gate ("Safe after S1E4 – S2E1 · 5 more"); each
        still appears by itself once the reader's progress reaches it. Episodes show their
        always-safe key, their title quietly, and need no gate."""
        out: list[Markup] = []
        later: list[Entry] = []
        for entry in entries:
            if isinstance(entry.page, Episode) or self.reveal(entry) is None:
                out.append(self.item(entry))
            else:
                later.append(entry)
        if later:
            points = [p for p in (self.reveal(e) for e in later) if p]
            inner = "".join(self.item(e) for e in later)
            out.append(Markup(
                f'<li class="wiki-group"{attrs(data_reveal=self.latest(points))} '
                f'data-reveal-each{attrs(data_reveal_what=f"{len(later)} more")}>'
                f"<ul>{inner}</ul></li>"))
        return out

    def name(self, name: str, *types: str) -> Markup:
        """A front-matter reference: a link when it names a page, plain text otherwise."""
        target = self.registry.resolve(name).target
        if target is None or (types and target.entry.type not in types):
            return escape(name)
        if isinstance(target.entry.page, Episode):
            return self.link(target.entry, target.entry.page.key, mark=False)
        # Always the page's safe title, even when front matter used an alias or a reveal.
        return self.link(target.entry)

    def episode_key(self, key: str) -> Markup:
        entry = self.registry.episode(key)
        if entry is None:
            return escape(key)
        return self.link(entry, key.upper(), mark=False)

    def entries(self, uris: Iterable[str]) -> list[Entry]:
        found = [self.registry.entries[u] for u in uris if u in self.registry.entries]
        return self.sort(found)

    def sort(self, entries: list[Entry]) -> list[Entry]:
        """Timeline order (episodes, reveal points), then title."""
        tl = self.registry.timeline

        def key(e: Entry) -> tuple[int, int, str]:
            if isinstance(e.page, Episode):
                return (0, tl.position(e.page.key) or 0, "")
            return (1, tl.position(self.registry.reveal_point(e)) or 0,
                    self.safe_title(e).casefold())

        return sorted(entries, key=key)


def _join(items: Iterable[Markup]) -> Markup:
    return Markup(", ").join(items)


def _field(label: str, value: Markup | str | None) -> Markup:
    if value is None or value == "":
        return Markup("")
    return Markup(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")


# --- infobox -------------------------------------------------------------------------------


def _linked(view: View, text: str, entries: list[Entry]) -> bool:
    """Whether the page's text (its rendered HTML) already links to every one of
    ``entries``: the infobox then leaves that row out (each fact once per page)."""
    return bool(entries and text) and all(f'href="{view.href(e)}"' in text for e in entries)


def _named(view: View, names: list[str], *types: str) -> list[Entry]:
    found = []
    for name in names:
        target = view.registry.resolve(name).target
        if target is not None and (not types or target.entry.type in types):
            found.append(target.entry)
    return found


def infobox(view: View, entry: Entry, text: str = "") -> Markup:
    """``aside.wiki-infobox`` from the page's front matter; empty when nothing to show.
    A credit the page's own ``text`` already links to (a generated lead names the
    director) is left out, so each fact is said once."""
    page = entry.page
    rows: list[Markup] = []
    label = "Facts"
    if isinstance(page, Episode):
        label = "Episode facts"
        rows.append(_field("Episode", f"Season {page.season}, episode {page.episode} "
                                      f"({page.key})"))
        dates = [long_date(page.released)]
        if page.released_alt:
            dates.append(long_date(page.released_alt))
        rows.append(_field("Released" if len(dates) == 1 else "Release dates",
                           " / ".join(dates)))
        if not _linked(view, text, _named(view, page.directed_by, "person")):
            rows.append(_field("Directed by", _join(view.name(n, "person")
                                                     for n in page.directed_by)))
        if not _linked(view, text, _named(view, page.written_by, "person")):
            rows.append(_field("Written by", _join(view.name(n, "person")
                                                    for n in page.written_by)))
        if page.runtime_min:
            rows.append(_field("Runtime", f"{page.runtime_min} minutes"))
    elif isinstance(page, Person):
        label = "Person facts"
        rows.append(_field("Roles", ", ".join(page.roles)))
        plays = [view.registry.entries[u] for u in view.relations.plays.get(entry.src_uri, [])]
        if not _linked(view, text, plays):
            rows.append(_field("Plays", _join(view.link(e) for e in view.sort(plays))))
        rows.append(_field("Known for", ", ".join(page.known_for)))
    elif isinstance(page, Character):
        label = "Character facts"
        actors = [view.registry.entries[u]
                  for u in view.relations.played_by.get(entry.src_uri, [])]
        if not _linked(view, text, actors):
            rows.append(_field("Played by", _join(view.link(e) for e in view.sort(actors))))
        if page.first_appearance:
            rows.append(_field("First appearance", view.episode_key(page.first_appearance)))
        rows.append(_field("Also called", ", ".join(page.aliases)))
    elif isinstance(page, Trivia):
        label = "Trivia facts"
        rows.append(_field("Episodes", _join(view.episode_key(k) for k in page.episodes)))
        rows.append(_field("People", _join(view.name(n, "person") for n in page.people)))
        rows.append(_field("Characters", _join(view.name(n, "character")
                                                for n in page.characters)))
        rows.append(_field("Sources", _join(_uniq_markup(view.name(c.source, "source")
                                                         for c in page.sources))))
    body = Markup("").join(rows)
    if not body:
        return Markup("")
    return Markup(f'<aside class="wiki-infobox" aria-label="{escape(label)}"><dl>{body}</dl>'
                  "</aside>")


def _uniq_markup(items: Iterable[Markup]) -> list[Markup]:
    return list(dict.fromkeys(items))


# --- previous / next -----------------------------------------------------------------------


def neighbours(view: View, entry: Entry) -> list[Entry]:
    """The previous and next episode of an episode page (either may be missing)."""
    if not isinstance(entry.page, Episode):
        return []
    episodes = view.registry.episodes()
    index = view.registry.timeline.position(entry.page.key)
    if not index or index > len(episodes) or episodes[index - 1] is not entry:
        return []
    return [e for e in (episodes[index - 2] if index > 1 else None,
                        episodes[index] if index < len(episodes) else None) if e is not None]


def prevnext(view: View, entry: Entry) -> Markup:
    """A slim bar under the title: previous episode on the left, next on the right."""
    if not isinstance(entry.page, Episode):
        return Markup("")
    parts: list[Markup] = []
    for other in neighbours(view, entry):
        assert isinstance(other.page, Episode)
        before = (other.page.season, other.page.episode) < (entry.page.season,
                                                            entry.page.episode)
        cls, word = ("wiki-prev", "Previous") if before else ("wiki-next", "Next")
        parts.append(Markup(f'<span class="{cls}">{word}: {{}}</span>').format(
            view.episode_link(other)))
    if not parts:
        return Markup("")
    return Markup('<nav class="wiki-prevnext" aria-label="Previous and next episode"'
                  f" {SEARCH_EXCLUDE}>{{}}</nav>").format(Markup(" ").join(parts))


# --- related lists -------------------------------------------------------------------------


def _section(cls: str, heading: str, items: list[Markup]) -> Markup:
    if not items:
        return Markup("")
    return Markup(f'<section class="{escape(cls)}" {SEARCH_EXCLUDE}><h2>{escape(heading)}</h2>'
                  f'<ul>{Markup("").join(items)}</ul></section>')


def related(view: View, entry: Entry) -> tuple[Markup, set[str]]:
    """One ``section.wiki-related`` per non-empty list, from front matter and links, and
    the pages they list. What the infobox shows (an episode's director and writer, a
    person's characters, a character's actors) is not listed again."""
    rel, uri, page = view.relations, entry.src_uri, entry.page
    lists: list[tuple[str, list[Entry]]] = []

    def pages(uris: Iterable[str]) -> list[Entry]:
        return view.entries(uris)

    if isinstance(page, Person):
        lists += [("Episodes directed", pages(rel.directed.get(uri, []))),
                  ("Episodes written", pages(rel.wrote.get(uri, []))),
                  ("Appears in", pages(rel.appears_in.get(uri, []))),
                  ("Trivia", pages(rel.trivia_about.get(uri, [])))]
    elif isinstance(page, Character):
        lists += [("Trivia", pages(rel.trivia_about.get(uri, [])))]
    elif isinstance(page, Episode):
        lists += [("Cast", _named(view, page.cast, "person")),
                  ("First appearances", pages(rel.first_appearances.get(uri, []))),
                  ("Trivia", pages(rel.trivia_about.get(uri, []))),
                  ("Sources", pages(rel.sources_of.get(uri, [])))]
    shown = {e.src_uri for _, entries in lists for e in entries}
    html = Markup("").join(_section("wiki-related", h, view.items(entries))
                           for h, entries in lists)
    return html, shown


def backlinks(view: View, sources: Iterable[str], shown: set[str] | None = None) -> Markup:
    """``section.wiki-backlinks``: the pages that link here and that no other part of the
    page (infobox, previous/next, related lists) already shows: where else this page is
    mentioned."""
    rest = [u for u in sources if u not in (shown or set())]
    return _section("wiki-backlinks", "Linked from", view.items(view.entries(rest)))


def latest_trivia(view: View, entries: list[Entry]) -> Markup:
    """The newest trivia, newest first; those not safe for everyone share one gate."""
    if not entries:
        return Markup('<p class="wiki-latest-trivia">No trivia yet.</p>')
    return Markup('<ul class="wiki-latest-trivia">{}</ul>').format(
        Markup("").join(view.items(entries)))


EPISODE_GRID = "<!-- wiki:episode-grid -->"


def episode_grid(view: View) -> Markup:
    """Every episode, one card per season: its number, and its title once that is safe
    for the reader (a quiet mark: the title simply appears, no gate)."""
    seasons: dict[int, list[Entry]] = {}
    for e in view.registry.episodes():
        assert isinstance(e.page, Episode)
        seasons.setdefault(e.page.season, []).append(e)
    cards = []
    for season, episodes in sorted(seasons.items()):
        first = episodes[0].page
        assert isinstance(first, Episode)
        items = []
        for e in episodes:
            ep = e.page
            assert isinstance(ep, Episode)
            reveal = view.reveal(e)
            title = Markup(f'<span class="wiki-ep-title"'
                           f'{attrs(data_reveal=reveal, data_reveal_quiet="" if reveal else None)}'
                           f">{escape(ep.title)}</span>")
            items.append(Markup(f'<li><a class="wikilink"{attrs(href=view.href(e))}>'
                                f'<span class="wiki-ep-no">{ep.episode}</span> {title}</a></li>'))
        count = f"{len(episodes)} episode{'s' if len(episodes) != 1 else ''}"
        cards.append(Markup(f'<div class="wiki-season"><h3>Season {season}</h3>'
                            f"<p>{first.released.year} · {count}</p>"
                            f'<ol>{Markup("").join(items)}</ol></div>'))
    return Markup(f'<div class="wiki-seasons">{Markup("").join(cards)}</div>')


def summary(text: str) -> Markup:
    """The page's one-line summary, for hover previews elsewhere (not shown on the page)."""
    return Markup('<p class="wiki-summary" hidden>{}</p>').format(text)


def _split_h1(html: str) -> tuple[str, str]:
    """Split after a leading ``<h1>`` so additions go below the page's own title."""
    stripped = html.lstrip()
    if stripped.startswith("<h1"):
        end = stripped.find("</h1>")
        if end >= 0:
            return stripped[: end + 5], stripped[end + 5 :]
    return "", html


def decorate(view: View, entry: Entry | None, html: str, linked_from: Iterable[str]) -> str:
    """A rendered page with everything it gains: previous/next and infobox below its title,
    its summary for previews, related lists and backlinks at the end."""
    if EPISODE_GRID in html:
        html = html.replace(EPISODE_GRID, str(episode_grid(view)))
    shown: set[str] = set()
    if entry is not None:
        head, body = _split_h1(html)
        # The bar first, full width: beside the floated infobox it would squeeze the lead.
        # A source page says what and where the article is in a byline, not an infobox.
        top = prevnext(view, entry) + (
            citations.source_header(view, entry) if isinstance(entry.page, Source)
            else infobox(view, entry, body))
        if entry.page.summary:
            top += summary(entry.page.summary)
        point = view.reveal(entry)
        if point:
            # For hover previews elsewhere: this page as a whole is safe only from `point`.
            top += Markup('<span class="wiki-page-reveal" data-wiki-page-reveal="{}" hidden>'
                          '</span>').format(point)
        lists, shown = related(view, entry)
        shown |= {e.src_uri for e in neighbours(view, entry)}
        shown |= set(view.relations.refs.get(entry.src_uri, []))
        shown |= set(view.relations.plays.get(entry.src_uri, []))
        shown |= set(view.relations.played_by.get(entry.src_uri, []))
        # page.content is a plain str: join as str (Markup + str would escape it).
        html = (head + str(top) + body + str(citations.trivia_citations(view, entry))
                + str(citations.source_passages(view, entry)) + str(lists))
    linked_from = citations.listed_elsewhere(view, entry, linked_from)
    return html + str(backlinks(view, linked_from, shown))
