"""The spoiler system for one build: reveal points, gates, search text, meta tags, sitemap.

The plugin calls into one :class:`SpoilerSite` per build; the decisions live in the pure
modules :mod:`spoilers` (syntax), :mod:`rendered` (the checks of a rendered page) and
:mod:`spoilers_html` (gates over HTML).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from .errors import Problem
from .model import Character, Episode
from .registry import Entry, Registry
from .rendered import PageContext, RevealName
from .spoilers_html import (
    AT,
    END,
    FROM,
    UNTIL,
    Gating,
    at_position,
    block_ends_apart,
    gate_chrome,
    gate_page,
    plan,
    prune_toc,
    quiet_markup,
    rename_toc,
    resolve,
    sanitize_headings,
    search_marked,
    still_open,
)
from .timeline import parse_key

STORAGE_KEY = "sv-progress"
TITLES_URI = "_wiki/titles/"  # + "<progress>.json"


def address_digest(src_uri: str) -> str:
    """What a late page's neutral address ends with ("trivia/s2e5-<this>/"): stable while
    its file keeps its name, and says nothing about that name."""
    return hashlib.sha256(src_uri.encode("utf-8")).hexdigest()[:8]


class SpoilerSite:
    def __init__(self, registry: Registry, shown: dict[str, str]):
        self.registry = registry
        self.timeline = registry.timeline
        self.shown = shown
        self.reveal_names = [
            RevealName(r.name, r.episode, e.title)
            for e in registry.entries.values() if isinstance(e.page, Character)
            for r in e.page.reveals
        ]
        # Page addresses that spell a reveal name: one alternation for the whole build.
        slugs = sorted({s for s in (_slug(n.name) for n in self.reveal_names) if s},
                       key=len, reverse=True)
        self.reveal_slugs = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, slugs)) + r")(?![a-z0-9])"
        ) if slugs else None
        self._stash: dict[int, tuple[str | None, Any]] = {}
        self._notes: dict[str, str] = {}  # key -> describe(key), the same on every page
        self.unlisted: set[str] = set()  # page URLs left out of the sitemap
        self.problems: list[Problem] = []  # found while gating, logged by the plugin
        self.page_pos: dict[str, int] = {}  # page URL -> position of its reveal point
        self._search: dict[int, tuple[str, str | None]] = {}  # page -> (content, search text)
        # Material's search plugin (None: none, so no parts), where each page's entries
        # start in its index, and the entries of pages by the position at which they
        # change: K -> page URL -> entries.
        self.search: Any = None
        self._index_from: dict[int, int] = {}
        self.parts: dict[int, dict[str, list[dict[str, Any]]]] = {}

    # -- reveal points ----------------------------------------------------------------------

    def point(self, entry: Entry | None) -> str:
        """The page's reveal point; a key off the timeline hides the page from everyone."""
        if entry is None:
            return "S0"
        if any(self.timeline.position(r) is None for r in self.registry.reveal_refs(entry)):
            return "?"  # reported by check_references with the valid range
        return self.registry.reveal_point(entry)

    def neutral_addresses(self, pages: Iterable[Any]) -> dict[str, str]:
        """Give every page past S0 an address that says no more than its safe title: the
        folder, its reveal point and a hash of its file name ("trivia/s2e5-1a2b3c4d/"),
        not the file name, which a contributor makes from the page's title. The address
        shows in links on earlier pages, the sitemap, search and the browser's status bar
        at S0. Set before any address is read (``on_files``); returns the new addresses,
        by source path. An episode's file named after its key keeps its address."""
        moved: dict[str, str] = {}
        for file in pages:
            entry = self.registry.entries.get(file.src_uri)
            point = self.point(entry)
            if entry is None or point == "S0":
                continue
            folder, name = posixpath.split(file.src_uri)
            stem = posixpath.splitext(name)[0]
            named = parse_key(stem)  # an episode's file: "s2e5"
            if stem.lower() in ("index", "readme") or (named is not None and named[1] is not None):
                continue  # already says nothing more than the key
            pos = self.timeline.position(point)
            key = "later" if pos is None else self.timeline.key_at(pos).lower()
            slug = f"{key}-{address_digest(file.src_uri)}"
            file.dest_uri = posixpath.join(
                folder, slug, "index.html") if file.use_directory_urls else posixpath.join(
                folder, slug + ".html")
            for cached in ("url", "abs_dest_path"):  # derived from dest_uri, maybe read
                file.__dict__.pop(cached, None)
            moved[file.src_uri] = file.url
        return moved

    def default_key(self, entry: Entry | None) -> str:
        """What keyless markup means: the page's ``spoilers``, an episode's own key, or the
        page's reveal point. "S0" means keyless markup hides nothing on its own (lint)."""
        if entry is None:
            return "S0"
        if entry.page.spoilers:
            return self.point(entry)
        if isinstance(entry.page, Episode):
            return entry.page.key
        return self.point(entry)

    def episode_title_html(self, key: str, *, quiet: bool = True) -> str:
        """`` “Title”`` of the episode at ``key``: as is when safe for everyone (S0); else
        a quiet gate that shows it once it is safe (``quiet``), or nothing."""
        ep = self.registry.episode(key)
        if ep is None or not isinstance(ep.page, Episode):
            return ""
        text = f" \u201c{html.escape(ep.page.title)}\u201d"
        safe_from = self.timeline.position(self.timeline.previous(ep.page.key)) or 0
        if safe_from == 0:
            return text
        return quiet_markup(text, safe_from) if quiet else ""

    def describe(self, key: str) -> str:
        if key not in self._notes:
            self._notes[key] = self._describe(key)
        return self._notes[key]

    def _describe(self, key: str) -> str:
        """The note of a gate: when what it hides becomes safe ("Safe after S1E4"), by a key
        the progress picker offers ("S1" is said "S1E9"). It never holds a gate of its own
        (gated notes nest gates in list items, cells and the previous/next bar): an
        episode's title is named only when it is safe for everyone."""
        if key == "?":
            return "Safe after a later episode"
        key = self.picker_key(key)
        return f"Safe after {html.escape(key)}{self.episode_title_html(key, quiet=False)}"

    def picker_key(self, key: str) -> str:
        """``key`` as the progress picker lists it: an episode, never a season ("S1")."""
        pos = self.timeline.position(key)
        return key if not pos else self.timeline.key_at(pos)

    def banner(self, key: str) -> str:
        if key == "?":
            return ("This page is marked with an episode that is not on the timeline, so it "
                    "stays hidden. ")
        shown = html.escape(self.picker_key(key))
        return (f"This page is safe after <strong>{shown}</strong>"
                f"{self.episode_title_html(key, quiet=False)}. It stays hidden until you mark "
                f"{shown} as "
                "watched in \u201cWatched up to\u201d, or choose to show it now.")

    # -- checks of the rendered page ---------------------------------------------------------

    def context(self, entry: Entry, body: str) -> PageContext:
        """What :func:`rendered.check` needs to know about ``entry``'s page."""
        point = self.point(entry)
        if point == "?":
            point = self.timeline.key_at(len(self.timeline))
        return PageContext(self.shown.get(entry.src_uri, entry.src_uri), body,
                           entry.body_line, self.timeline, page_key=point,
                           default_key=self.default_key(entry),
                           reveal_names=self.reveal_names)

    # -- gates ------------------------------------------------------------------------------

    def gate(self, page: Any, entry: Entry | None) -> None:
        point = self.point(entry)
        g = Gating(self.timeline, page_key=point, default_key=self.default_key(entry),
                   describe=self.describe)
        page.content = gate_page(page.content or "", g, self.banner(point))
        search = g.search_text
        if entry is not None and point not in ("S0", "?"):
            heading, heading_search = self.title_heading(entry, g.pos(point))
            page.content = heading + page.content
            search = heading_search + search
        page.content, renamed = sanitize_headings(page.content)
        # The search text came with the gates, unless headings were renamed since.
        self._search[id(page)] = (page.content, None if renamed else search)
        # Headings inside inner gates leave the TOC; a gated page's TOC is gated with it.
        if page.toc is not None:
            items = getattr(page.toc, "items", page.toc)
            prune_toc(items, g.gated_ids)
            rename_toc(items, renamed)
        self.page_pos[page.url] = g.pos(point)
        if self.reveal_slugs is not None and self.reveal_slugs.search(page.url.lower()):
            # checks.py warns about the file name (rule reveal-too-early); here the
            # page is only kept out of the sitemap.
            self.unlisted.add(page.url)

    def title_heading(self, entry: Entry, pos: int) -> tuple[str, str]:
        """The page's h1 (the theme's is then left out): its neutral title, and its real
        title in a quiet gate at the page's position, shown with the page (by progress, or
        when the reader opens the page; spoilers.js then also sets the tab title); and its
        search text (the neutral title until the page's position, the real one from it)."""
        safe = self.registry.page_title(entry)
        page = entry.page
        real = f"{page.key}: {page.title}" if isinstance(page, Episode) else entry.title
        if real == safe:
            return "", ""
        safe, real = html.escape(safe), html.escape(real)
        return (f'<h1 class="sv-title" data-sv-pos="{pos}">'
                f'<span class="sv-title-safe">{safe}</span>'
                f'<span class="sv-content" data-search-exclude>{real}</span></h1>',
                f"<h1>{UNTIL}{pos}{AT}{safe}{END}{FROM}{pos}{AT}{real}{END}</h1>")

    def timeline_json(self) -> dict[str, Any]:
        """For the head script (every page): the episode keys, the titles that are safe
        for everyone (safe at S0; the others are in the files of :meth:`title_files`), and
        where the search parts are (None without Material's search)."""
        return {"keys": list(self.timeline.keys), "storage": STORAGE_KEY,
                "titles": TITLES_URI, "safe": self._titles(0),
                "search": "search/parts/" if self.search is not None else None}

    def _titles(self, pos: int) -> dict[str, str]:
        """The titles a reader at progress ``pos`` may see: an episode's title is safe once
        the episode before it is watched."""
        titles = {}
        for e in self.registry.episodes():
            assert isinstance(e.page, Episode)
            at = self.timeline.position(e.page.key) or 0
            if at - 1 <= pos:
                titles[e.page.key] = e.page.title
        return titles

    def title_files(self) -> dict[str, str]:
        """``_wiki/titles/<pos>.json`` for each progress past S0: the titles safe at that
        progress and none later, so a reader's browser fetches only what they may see
        (the page script loads the one file for the reader's progress)."""
        return {f"{TITLES_URI}{pos}.json":
                json.dumps({"titles": self._titles(pos)}, ensure_ascii=False, sort_keys=True)
                for pos in range(1, len(self.timeline) + 1)}

    # -- search and meta --------------------------------------------------------------------

    def description(self, page: Any, entry: Entry | None, site_name: str) -> str:
        point = self.point(entry)
        # page.meta holds escaped text (plugin._plain_text); the description is escaped once
        title = html.unescape(str(page.meta.get("title") or page.title or site_name))
        if entry is not None and point == "S0" and entry.page.summary:
            return entry.page.summary
        if entry is None or point == "S0":
            return f"{title}, on the {site_name}: a fan wiki that never spoils past your episode."
        shown = "a later episode" if point == "?" else point
        return (f"{title}, on the {site_name}. This page has spoilers through {shown}; the "
                "wiki hides them until you say you have watched it.")

    def before_index(self, page: Any, entry: Entry | None, config: Any) -> None:
        """Give the search plugin the page as search may index it at every progress (the
        marks of :func:`search_marked`; :meth:`after_index` resolves its entries at S0 and
        keeps the later ones as search parts); set safe meta tags."""
        full = page.content or ""
        self._stash[id(page)] = (full, page.meta.get("tags"))
        gated, marked = self._search.pop(id(page), (None, None))
        if marked is None or gated is not full:
            marked = search_marked(full)
        else:
            marked = block_ends_apart(marked)
        if self.search is None:  # another search plugin: it indexes what S0 may find
            marked = resolve(marked, 0)
        if not re.sub(r"<[^>]*>|\s", "", resolve(marked, 0)):
            marked = (f"<p>{html.escape(self.description(page, entry, config.site_name))}"
                      f"</p>{marked}")
        page.content = marked
        if self.search is not None:
            self._index_from[id(page)] = len(self.search.search_index.entries)
        if self.point(entry) != "S0":
            page.meta.pop("tags", None)  # a later page's tags are spoilers too
            # and so is the rest of its front matter the theme writes into the page
            # (<meta name="author">); the title and description are safe ones
            page.meta.pop("author", None)
        desc = self.description(page, entry, config.site_name)
        # Material inserts page.meta.description unescaped; our own text, escaped here.
        page.meta["description"] = html.escape(desc, quote=True)
        page.meta["sv"] = {
            "title": page.meta.get("title") or page.title or config.site_name,
            "description": desc,
        }

    # -- search that follows progress ------------------------------------------------------

    def index_parts(self, page: Any) -> None:
        """Resolve the entries the search plugin just made of ``page`` (from its marked
        text) to what a reader at S0 may find, and keep, for every later position at which
        something of the page is revealed, its entries as a reader there would find them,
        when they differ from the position before (an entry whose heading is not shown yet
        is left out). One reading of the page by the search plugin's own indexer serves
        every position."""
        start = self._index_from.pop(id(page), None)
        if self.search is None or start is None:
            return
        entries = self.search.search_index.entries
        every = entries[start:]

        # A gate may hold several sections (a heading inside a spoiler block): each entry
        # starts inside the marks its predecessors left open. Each title and text is cut
        # at its marks once; every position then only joins the stretches it shows.
        plans = []
        carried: list[str] = []
        for e in every:
            title = str(e["title"])
            after_title = still_open(title, carried)
            plans.append((e, plan(title, carried), plan(str(e["text"]), after_title),
                          bool(e["title"])))
            carried = still_open(str(e["text"]), after_title)

        def at(k: int) -> list[dict[str, Any]]:
            out = []
            for e, title_plan, text_plan, titled in plans:
                title = at_position(title_plan, k).strip()
                if titled and not title:
                    continue  # a section whose heading is not shown yet
                out.append({**e, "title": title, "text": at_position(text_plan, k).strip()})
            return out

        previous = at(0)
        entries[start:] = previous
        moments = {b for _, tp, xp, _ in plans for seg in (*tp, *xp) for b in seg[1:] if b}
        for k in sorted(k for k in moments if k <= len(self.timeline)):
            now = at(k)
            if now != previous:
                self.parts.setdefault(k, {})[page.url] = now
            previous = now

    def write_search_parts(self, site_dir: str) -> None:
        """``search/parts/K.json`` for every position K of the timeline: the search entries
        of the pages that change when a reader's progress reaches K (``pages``: their
        addresses, whose earlier entries these replace). The head script loads the parts up
        to the reader's progress, and no further, into the search worker."""
        if self.search is None:
            return
        folder = os.path.join(site_dir, "search", "parts")
        os.makedirs(folder, exist_ok=True)
        for k in range(1, len(self.timeline) + 1):
            pages = self.parts.get(k, {})
            data = {"pages": sorted(pages),
                    "docs": [e for url in sorted(pages) for e in pages[url]]}
            # dumps, not dump: one string from the C encoder (dump streams through the
            # pure-Python one, ~10 x slower on a large wiki); the same bytes.
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
            with open(os.path.join(folder, f"{k}.json"), "w", encoding="utf-8") as fh:
                fh.write(text)

    def after_index(self, page: Any) -> None:
        self.index_parts(page)
        content, tags = self._stash.pop(id(page), (page.content, None))
        page.content = content
        if tags is not None:
            page.meta["tags"] = tags

    def post_page(self, output: str, page: Any) -> str:
        return gate_chrome(output, self.page_pos.get(page.url, 0))

    # -- sitemap ----------------------------------------------------------------------------

    def prune_sitemap(self, site_dir: str) -> None:
        """Leave pages whose address names a reveal out of sitemap.xml (and its .gz).

        Every other address is a safe name (titles are linted, episode slugs are keys), so
        the sitemap keeps them: Material's instant navigation only handles listed pages."""
        path = os.path.join(site_dir, "sitemap.xml")
        if not self.unlisted or not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as fh:
            text = fh.read()

        def keep(m: re.Match[str]) -> str:
            loc = html.unescape(m.group("loc")).strip()
            return "" if any(loc.endswith("/" + u) for u in self.unlisted if u) else m.group(0)

        text = re.sub(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", keep, text, flags=re.S)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        gz = path + ".gz"
        if os.path.exists(gz):
            with gzip.GzipFile(gz, "wb", mtime=0) as fz:
                fz.write(text.encode("utf-8"))


def search_plugin(config: Any) -> Any:
    """Material's search plugin, when the site uses it (its index gets the search parts);
    None otherwise."""
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
