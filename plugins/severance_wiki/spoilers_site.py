"""The spoiler system for one build: reveal points, gates, search text, meta tags, sitemap.

The plugin calls into one :class:`SpoilerSite` per build; the decisions live in the pure
modules :mod:`spoilers` (syntax, lint) and :mod:`spoilers_html` (gates over HTML).
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from collections.abc import Callable
from typing import Any

from .errors import Problem
from .model import Character, Episode
from .registry import Entry, Registry
from .spoilers import RevealName, lint_markdown
from .spoilers_html import (
    Gating,
    gate_chrome,
    gate_page,
    prune_toc,
    quiet_markup,
    rename_toc,
    sanitize_headings,
    strip_gated,
)

STORAGE_KEY = "sv-progress"
TITLES_URI = "_wiki/titles/"  # + "<progress>.json"


class SpoilerSite:
    def __init__(self, registry: Registry, safe_title: Callable[[Entry], str],
                 shown: dict[str, str]):
        self.registry = registry
        self.timeline = registry.timeline
        self.safe_title = safe_title
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
        self._search: dict[int, tuple[str, str | None]] = {}  # page -> (content, its search text)
        self._notes: dict[str, str] = {}  # key -> describe(key), the same on every page
        self.unlisted: set[str] = set()  # page URLs left out of the sitemap
        self.problems: list[Problem] = []  # found while gating, logged by the plugin
        self.page_pos: dict[str, int] = {}  # page URL -> position of its reveal point

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

    # -- lint -------------------------------------------------------------------------------

    def lint(self, entry: Entry, markdown: str,
             reveal_names: list[RevealName] | None = None) -> list[Problem]:
        """:func:`lint_markdown` for a page; ``reveal_names``: the names to look for (all
        of the wiki's when None; none skips the reveal-name lints)."""
        point = self.point(entry)
        if point == "?":
            point = self.timeline.key_at(len(self.timeline))
        names = self.reveal_names if reveal_names is None else reveal_names
        return lint_markdown(markdown, self.shown.get(entry.src_uri, entry.src_uri),
                             self.timeline, point, names, entry.body_line,
                             default_point=self.default_key(entry))

    # -- gates ------------------------------------------------------------------------------

    def gate(self, page: Any, entry: Entry | None) -> None:
        point = self.point(entry)
        g = Gating(self.timeline, page_key=point, default_key=self.default_key(entry),
                   describe=self.describe)
        page.content = gate_page(page.content or "", g, self.banner(point))
        page.content, renamed = sanitize_headings(page.content)
        # The search text came with the gates, unless headings were renamed since.
        self._search[id(page)] = (page.content, None if renamed else g.search_text)
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

    def timeline_json(self) -> dict[str, Any]:
        """For the head script (every page): the episode keys and the titles that are safe
        for everyone (safe at S0); the others are in the files of :meth:`title_files`."""
        return {"keys": list(self.timeline.keys), "storage": STORAGE_KEY,
                "titles": TITLES_URI, "safe": self._titles(0)}

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
        title = page.meta.get("title") or page.title or site_name
        if entry is not None and point == "S0" and entry.page.summary:
            return entry.page.summary
        if entry is None or point == "S0":
            return f"{title}, on the {site_name}: a fan wiki that never spoils past your episode."
        shown = "a later episode" if point == "?" else point
        return (f"{title}, on the {site_name}. This page has spoilers through {shown}; the "
                "wiki hides them until you say you have watched it.")

    def before_index(self, page: Any, entry: Entry | None, config: Any) -> None:
        """Give the search plugin a page without gated text; set safe meta tags."""
        self._stash[id(page)] = (page.content, page.meta.get("tags"))
        gated, search = self._search.pop(id(page), (None, None))
        if search is None or gated is not page.content:
            search = strip_gated(page.content or "")
        stripped = search
        if not re.sub(r"<[^>]*>|\s", "", stripped):
            stripped = f"<p>{html.escape(self.description(page, entry, config.site_name))}</p>"
        page.content = stripped
        if self.point(entry) != "S0":
            page.meta.pop("tags", None)  # a later page's tags are spoilers too
        desc = self.description(page, entry, config.site_name)
        # Material inserts page.meta.description unescaped; our own text, escaped here.
        page.meta["description"] = html.escape(desc, quote=True)
        page.meta["sv"] = {
            "title": str(page.meta.get("title") or page.title or config.site_name),
            "description": desc,
        }

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
