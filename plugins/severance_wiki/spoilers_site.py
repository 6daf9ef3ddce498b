"""The spoiler system for one build: reveal points, gates, search text, meta tags, sitemap.

The plugin calls into one :class:`SpoilerSite` per build; the decisions live in the pure
modules :mod:`spoilers` (syntax), :mod:`rendered` (the checks of a rendered page) and
:mod:`spoilers_html` (gates over HTML).
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from types import SimpleNamespace
from typing import Any

from .errors import Problem
from .model import Character, Episode
from .registry import Entry, Registry
from .rendered import PageContext, RevealName
from .spoilers_html import (
    Gating,
    gate_chrome,
    gate_page,
    gate_positions,
    prune_toc,
    quiet_markup,
    rename_toc,
    sanitize_headings,
    search_html,
)

STORAGE_KEY = "sv-progress"
TITLES_URI = "_wiki/episode-titles.json"


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
        # The search plugin's settings (None: no Material search, no parts), and the search
        # entries of pages by the position at which they change: K -> page URL -> entries.
        self.search_config: dict[str, Any] | None = None
        self.parts: dict[int, dict[str, list[dict[str, Any]]]] = {}

    # -- reveal points ----------------------------------------------------------------------

    def point(self, entry: Entry | None) -> str:
        """The page's reveal point; a key off the timeline hides the page from everyone."""
        if entry is None:
            return "S0"
        if any(self.timeline.position(r) is None for r in self.registry.reveal_refs(entry)):
            return "?"  # reported by check_references with the valid range
        return self.registry.reveal_point(entry)

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
        """The note of an inline or block gate. It never holds a gate of its own (gated
        notes nest gates in list items, cells and the previous/next bar, and read as
        "Spoiler: S1E2 “Half Loop” Show Show ..." as text): the title is named only when
        safe for everyone; the key sits in ``.sv-key`` so the page script can add the title
        once the reader's progress makes it safe."""
        if key == "?":
            return "Spoiler (unknown episode)"
        title = self.episode_title_html(key, quiet=False)
        if title or self.registry.episode(key) is None:
            return f"Spoiler: {html.escape(key)}{title}"
        return f'Spoiler: <span class="sv-key">{html.escape(key)}</span>'


    def banner(self, key: str) -> str:
        if key == "?":
            return ("This page is marked with an episode that is not on the timeline, so it "
                    "stays hidden. ")
        shown = html.escape(key)
        return (f"This page has spoilers through <strong>{shown}</strong>"
                f"{self.episode_title_html(key)}. It stays hidden until you mark {shown} as "
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
        if entry is not None and point not in ("S0", "?"):
            page.content = self.title_heading(entry, g.pos(point)) + page.content
        page.content, renamed = sanitize_headings(page.content)
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

    def title_heading(self, entry: Entry, pos: int) -> str:
        """The page's h1 (the theme's is then left out): its neutral title, and its real
        title in a quiet gate at the page's position, shown with the page (by progress, or
        when the reader opens the page; spoilers.js then also sets the tab title)."""
        safe = self.registry.page_title(entry)
        page = entry.page
        real = f"{page.key}: {page.title}" if isinstance(page, Episode) else entry.title
        if real == safe:
            return ""
        return (f'<h1 class="sv-title" data-sv-pos="{pos}">'
                f'<span class="sv-title-safe">{html.escape(safe)}</span>'
                f'<span class="sv-content" data-search-exclude>{html.escape(real)}</span></h1>')

    def timeline_json(self) -> dict[str, Any]:
        """For the head script (every page): the episode keys only, which are safe."""
        return {"keys": list(self.timeline.keys), "storage": STORAGE_KEY, "titles": TITLES_URI,
                "search": "search/parts/" if self.search_config is not None else None}

    def titles_json(self) -> str:
        """Episode titles for the header control, served as one file so no page's HTML
        carries later episodes' titles; the script shows each only once it is safe."""
        titles = {}
        for e in self.registry.episodes():
            assert isinstance(e.page, Episode)
            titles[e.page.key] = e.page.title
        return json.dumps({"titles": titles}, ensure_ascii=False, sort_keys=True)

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
        """Give the search plugin the page as a reader at S0 may find it (the parts for
        later progress are kept for :meth:`write_search_parts`); set safe meta tags."""
        full = page.content or ""
        self._stash[id(page)] = (full, page.meta.get("tags"))
        stripped = search_html(full, 0)
        if not re.sub(r"<[^>]*>|\s", "", stripped):
            stripped = f"<p>{html.escape(self.description(page, entry, config.site_name))}</p>"
        page.content = stripped
        self.index_parts(page, stripped)
        if self.point(entry) != "S0":
            page.meta.pop("tags", None)  # a later page's tags are spoilers too
        desc = self.description(page, entry, config.site_name)
        # Material inserts page.meta.description unescaped; our own text, escaped here.
        page.meta["description"] = html.escape(desc, quote=True)
        page.meta["sv"] = {
            "title": page.meta.get("title") or page.title or config.site_name,
            "description": desc,
        }

    # -- search that follows progress ------------------------------------------------------

    def index_parts(self, page: Any, stripped: str) -> None:
        """What search may find on ``page`` at each later progress: for every position at
        which something of the page is revealed, the search entries of the page as a reader
        at that position would find it (the search plugin's own indexer, so they have its
        shape), kept when they differ from the position before."""
        if self.search_config is None:
            return
        full = self._stash.get(id(page), (None, None))[0] or ""
        positions = [k for k in gate_positions(full) if 0 < k <= len(self.timeline)]
        if not positions:
            return
        previous = self._entries(page, stripped)
        for k in positions:
            entries = self._entries(page, search_html(full, k))
            if entries != previous:
                self.parts.setdefault(k, {})[page.url] = entries
            previous = entries

    def _entries(self, page: Any, content: str) -> list[dict[str, Any]]:
        from material.plugins.search.plugin import SearchIndex

        index = SearchIndex(**(self.search_config or {}))
        view = SimpleNamespace(meta=page.meta, content=content, toc=page.toc, url=page.url,
                               title=page.title)
        index.add_entry_from_context(view)
        return list(index.entries)

    def write_search_parts(self, site_dir: str) -> None:
        """``search/parts/K.json`` for every position K of the timeline: the search entries
        of the pages that change when a reader's progress reaches K (``pages``: their
        addresses, whose earlier entries these replace). The head script loads the parts up
        to the reader's progress, and no further, into the search worker."""
        if self.search_config is None:
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
