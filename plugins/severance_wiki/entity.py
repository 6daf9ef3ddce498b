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
        """``S1E3`` (always safe) linked, then the title, marked with the episode's point."""
        assert isinstance(entry.page, Episode)
        key = self.link(entry, entry.page.key, mark=False)
        title_attrs = attrs(class_="wiki-episode-title", data_reveal=self.reveal(entry))
        return Markup(f"{key} <span{title_attrs}>{escape(entry.page.title)}</span>")

    def item(self, entry: Entry, *, mark: bool = True) -> Markup:
        """One list item for a page: episodes show key + title, others their safe title
        (``mark=False``: without the item's own mark, for a group that carries it)."""
        if isinstance(entry.page, Episode):
            return Markup(f"<li>{self.episode_link(entry)}</li>")
        reveal = self.reveal(entry) if mark else None
        return Markup(f"<li{attrs(data_reveal=reveal)}>{self.link(entry, mark=False)}</li>")

    def items(self, entries: list[Entry]) -> list[Markup]:
        """List items for ``entries`` (in list order). Neighbours that become safe at the
        same episode share one item holding their own list, so one gate covers them: a
        reader sees "Spoiler: S2E3" once rather than once per page."""
        out: list[Markup] = []
        i = 0
        while i < len(entries):
            entry = entries[i]
            key = None if isinstance(entry.page, Episode) else self.reveal(entry)
            j = i + 1
            if key is not None:
                while j < len(entries) and not isinstance(entries[j].page, Episode) \
                        and self.reveal(entries[j]) == key:
                    j += 1
            if j - i > 1:
                inner = "".join(self.item(e, mark=False) for e in entries[i:j])
                what = f"{j - i} pages"
                out.append(Markup(f'<li class="wiki-group"'
                                  f"{attrs(data_reveal=key, data_reveal_what=what)}>"
                                  f"<ul>{inner}</ul></li>"))
            else:
                out.append(self.item(entry))
            i = j
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


def infobox(view: View, entry: Entry) -> Markup:
    """``aside.wiki-infobox`` from the page's front matter alone; empty when nothing to show."""
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
        rows.append(_field("Directed by", _join(view.name(n, "person")
                                                 for n in page.directed_by)))
        rows.append(_field("Written by", _join(view.name(n, "person") for n in page.written_by)))
        if page.runtime_min:
            rows.append(_field("Runtime", f"{page.runtime_min} minutes"))
    elif isinstance(page, Person):
        label = "Person facts"
        rows.append(_field("Roles", ", ".join(page.roles)))
        rows.append(_field("Plays", _join(view.name(n, "character") for n in page.plays)))
        rows.append(_field("Known for", ", ".join(page.known_for)))
    elif isinstance(page, Character):
        label = "Character facts"
        rows.append(_field("Played by", _join(view.name(n, "person") for n in page.played_by)))
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


def prevnext(view: View, entry: Entry) -> Markup:
    if not isinstance(entry.page, Episode):
        return Markup("")
    episodes = view.registry.episodes()
    index = view.registry.timeline.position(entry.page.key)
    if not index or index > len(episodes) or episodes[index - 1] is not entry:
        return Markup("")
    index -= 1
    parts: list[Markup] = []
    if index > 0:
        parts.append(Markup('<span class="wiki-prev">Previous: {}</span>').format(
            view.episode_link(episodes[index - 1])))
    if index + 1 < len(episodes):
        parts.append(Markup('<span class="wiki-next">Next: {}</span>').format(
            view.episode_link(episodes[index + 1])))
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


def related(view: View, entry: Entry) -> Markup:
    """One ``section.wiki-related`` per non-empty list, from front matter and links."""
    rel, uri, page = view.relations, entry.src_uri, entry.page
    lists: list[tuple[str, list[Markup]]] = []

    def pages(uris: Iterable[str]) -> list[Markup]:
        return view.items(view.entries(uris))

    if isinstance(page, Person):
        lists += [("Characters played", pages(rel.plays.get(uri, []))),
                  ("Episodes directed", pages(rel.directed.get(uri, []))),
                  ("Episodes written", pages(rel.wrote.get(uri, []))),
                  ("Appears in", pages(rel.appears_in.get(uri, []))),
                  ("Trivia", pages(rel.trivia_about.get(uri, [])))]
    elif isinstance(page, Character):
        lists += [("Played by", pages(rel.played_by.get(uri, []))),
                  ("Trivia", pages(rel.trivia_about.get(uri, [])))]
    elif isinstance(page, Episode):
        credits: list[Markup] = []
        for role, names in (("Directed by", page.directed_by), ("Written by", page.written_by),
                            ("Cast", page.cast)):
            if names:
                credits.append(Markup("<li>{}: {}</li>").format(
                    role, _join(view.name(n, "person") for n in names)))
        lists += [("Credits", credits),
                  ("First appearances", pages(rel.first_appearances.get(uri, []))),
                  ("Trivia", pages(rel.trivia_about.get(uri, []))),
                  ("Sources", pages(rel.sources_of.get(uri, [])))]
    return Markup("").join(_section("wiki-related", h, items) for h, items in lists)


def backlinks(view: View, sources: Iterable[str]) -> Markup:
    """``section.wiki-backlinks``: every page whose text links here."""
    return _section("wiki-backlinks", "Linked from", view.items(view.entries(sources)))


def latest_trivia(view: View, entries: list[Entry]) -> Markup:
    if not entries:
        return Markup('<p class="wiki-latest-trivia">No trivia yet.</p>')
    return Markup('<ul class="wiki-latest-trivia">{}</ul>').format(
        Markup("").join(view.item(e) for e in entries))


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
    """A rendered page with everything it gains: infobox and previous/next below its title,
    its summary for previews, related lists and backlinks at the end."""
    if entry is not None:
        # A source page says what and where the article is in a byline, not an infobox.
        top = (citations.source_header(view, entry) if isinstance(entry.page, Source)
               else infobox(view, entry)) + prevnext(view, entry)
        if entry.page.summary:
            top += summary(entry.page.summary)
        point = view.reveal(entry)
        if point:
            # For hover previews elsewhere: this page as a whole is safe only from `point`.
            top += Markup('<span class="wiki-page-reveal" data-wiki-page-reveal="{}" hidden>'
                          '</span>').format(point)
        # page.content is a plain str: join as str (Markup + str would escape it).
        head, body = _split_h1(html)
        html = (head + str(top) + body + str(citations.trivia_citations(view, entry))
                + str(citations.source_passages(view, entry)) + str(related(view, entry)))
    linked_from = citations.listed_elsewhere(view, entry, linked_from)
    return html + str(backlinks(view, linked_from))
