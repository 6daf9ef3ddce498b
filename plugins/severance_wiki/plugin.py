"""The MkDocs plugin: a thin layer wiring the pure modules to build events.

Build order (MkDocs 1.6): on_config -> on_files -> on_nav -> per page (on_page_markdown,
render, on_page_content) -> on_env -> per page (on_page_context, template, on_post_page)
-> on_post_build. ``mkdocs serve --dirty`` (``make serve``) keeps an :class:`Incremental`
from on_startup and renders only the pages a save changes (incremental.py).
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import xml.etree.ElementTree as etree
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import jinja2
from markdown.extensions.toc import slugify as default_slugify
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from . import assets, checks, drafts, entity, files_check, indexes, rendered, sanitize
from .config import WikiConfig
from .incremental import Incremental, populate
from .load import check_references
from .registry import Entry, Registry
from .render import harden, link_element, our_extensions
from .spoilers_site import SpoilerSite, search_plugin
from .themecache import ThemeCache
from .wikilinks import WIKILINK_RE, WikiLink, find_all
from .wikilinks import parse as parse_link
from .xref import (
    LinkGraph,
    Relations,
    has_heading,
    newest_trivia,
    shown_links,
    unknown_heading_message,
    unresolved_message,
)

log = get_plugin_logger(__name__)

LATEST_TRIVIA = "<!-- wiki:latest-trivia -->"
DECORATION_PROBE = "<!-- sv-page-body -->"  # stands for a page's body in its decoration
TEXT_RELATIONS = ("trivia", "source")  # page types whose text links count as relations


class SeveranceWikiPlugin(BasePlugin[WikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirty = False
        self.incremental: Incremental | None = None
        self.theme_cache = ThemeCache()
        self._reset()

    def _reset(self) -> None:
        """Forget everything from a previous build (``mkdocs serve`` keeps the instance)."""
        self.registry: Registry | None = None
        self.relations = Relations()
        self.graph = LinkGraph()
        self.view: entity.View | None = None
        self.current: MkPage | None = None
        self.shown: dict[str, str] = {}
        self.spoilers: SpoilerSite | None = None
        self.pages: dict[str, MkPage] = {}
        self.sources: dict[str, bytes] = {}  # src_uri -> the file's bytes, until MkDocs reads it
        self.bodies: dict[str, str] = {}  # src_uri -> its Markdown body, as the checks read it
        self.index_parts: dict[str, list[str]] = {}  # generated index page -> its HTML parts
        self.lines: dict[str, list[int]] | None = None  # raw wikilink -> its lines
        self.seen: dict[str, int] = defaultdict(int)  # raw wikilink -> occurrences so far
        self.headings: list[tuple[str, int, str, str, str]] = []
        self.nav_pages: list[str] = []
        self.slugify: Any = default_slugify
        self.separator = "-"

    # -- config / files ---------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        self.dirty = dirty
        # `mkdocs serve --dirty`: every rebuild renders exactly the pages that change.
        if self.incremental is not None:
            self.incremental.close()
        self.incremental = Incremental() if command == "serve" and dirty else None

    def on_shutdown(self) -> None:
        if self.incremental is not None:
            self.incremental.close()
            self.incremental = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        config.markdown_extensions.extend(our_extensions(self._render_link))
        config.mdx_configs = harden(dict(config.mdx_configs))
        toc = config.mdx_configs.get("toc", {})
        self.slugify = toc.get("slugify", default_slugify)
        self.separator = toc.get("separator", "-")
        assets.register(config)
        self.theme_cache.enabled = self.config.theme_cache and "toc.integrate" not in (
            config.theme.get("features") or [])
        self.docs_prefix = _display_prefix(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Files that must never be published (a symlink out of docs/, an HTML or script
        # file a page could not carry) stop the build before anything is read.
        refused = files_check.problems(config.docs_dir,
                                       [f.src_uri for f in files if f.abs_src_path],
                                       self.docs_prefix)
        if refused:
            raise PluginError("the wiki cannot be built; these files are not allowed in "
                              "docs/:\n" + "\n".join(f"  {p}" for p in refused))
        pages = files.documentation_pages()
        for f in pages:
            self.shown[f.src_uri] = self.docs_prefix + f.src_uri
        inc = self.incremental
        if inc is not None:
            inc.start(config)
        # Every page's front matter is parsed and its body split once: the registry, the
        # contributor checks and the text links below share this one load.
        every = inc.read(pages) if inc else {f.src_uri: _read(f) for f in pages}
        raw = drafts.set_aside(files, every)
        if inc is not None:
            wiki = inc.load(raw, self.shown, _config_dir(config))
        else:
            wiki = checks.load_pages(((uri, data, self.shown[uri]) for uri, data in raw.items()),
                                     root=_config_dir(config))
        self.sources = raw  # handed back to MkDocs by on_page_read_source: one read per file
        if wiki.load_problems:
            raise PluginError(
                "the wiki cannot be built; front matter breaks the content model:\n"
                + "\n".join(f"  {p}" for p in wiki.load_problems)
            )
        self.registry = wiki.registry
        self.bodies = {uri: doc.body for uri, doc in wiki.docs.items()}
        if self.config.validate_references:
            registry, shown = self.registry, self.shown
            refs = (inc.references(lambda: check_references(registry, shown)) if inc
                    else check_references(registry, shown))
            for p in refs:
                log.warning(str(p))
        # The contributor checks scripts/validate.py runs (checks.py, which includes the
        # spoiler lints), minus what is reported above or by MkDocs itself, so the validator
        # and the build agree.
        found = checks.for_build(wiki, inc.doc_check(wiki) if inc else None)
        limits = [p for p in found if p.rule == "page-limits"]
        if limits:  # rendering such a page would take minutes or crash: stop here
            raise PluginError("the wiki cannot be built; pages break the size limits:\n"
                              + "\n".join(f"  {p}" for p in limits))
        # A spoiler name in front matter or a file name reaches other pages' lists, search,
        # <meta> tags and the sitemap, where no gate can hide it: nothing is published
        # (also by a build that does not stop on warnings).
        names = [p for p in found if p.rule == "reveal-too-early"]
        if names:
            raise PluginError("the wiki cannot be built; front matter or file names show "
                              "a spoiler name before its episode:\n"
                              + "\n".join(f"  {p}" for p in names))
        for p in found:
            log.warning(str(p))
        self.spoilers = SpoilerSite(self.registry, self.shown)
        self.spoilers.neutral_addresses(pages)
        self.spoilers.search = search_plugin(config)
        for uri, content in self.spoilers.title_files().items():
            files.append(File.generated(config, uri, content=content))
        if self.dirty and inc is None:
            log.warning("this is a --dirty build: backlinks, related lists and index pages "
                        "are recomputed only on changed pages and may be stale; run a full "
                        "build (without --dirty) to refresh them")
        self.relations = Relations.from_registry(self.registry)
        # Trivia and sources relate to what their text links to. Scan those bodies now (not
        # when they render) so the index pages, generated next, count text links too.
        self.relations.add_links(self.registry, self._text_links(
            {uri: doc for uri, doc in wiki.docs.items() if doc.entry.type in TEXT_RELATIONS}))
        urls = {f.src_uri: f.url for f in pages}
        self.view = entity.View(self.registry, self.relations, urls, self.registry.link_title,
                                list_limit=self.config.index_list_limit,
                                citations=wiki.citations)
        if inc is not None:
            inc.relations(self.relations)
        self._add_index_pages(files, config)
        assets.add_files(files, config)
        if inc is not None:
            inc.plan(files, self.registry, every)
        return files

    def _text_links(self, docs: dict[str, checks.Doc]) -> dict[str, list[str]]:
        """``target -> [pages whose text links to it]`` for the given pages (their text as
        the checks already scanned it: ``Doc.text_lines``)."""
        assert self.registry is not None
        inc = self.incremental
        incoming: dict[str, list[str]] = defaultdict(list)
        for src, doc in docs.items():
            for name in inc.link_targets(doc, _link_targets) if inc else _link_targets(doc):
                target = self.registry.resolve(name).target
                if target is not None:
                    incoming[target.entry.src_uri].append(src)
        return incoming

    def _add_index_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The generated index pages (a serve rebuild keeps those whose content it knows
        cannot have changed)."""
        assert self.view is not None
        for index in indexes.INDEX_PAGES:
            if files.get_file_from_path(index.src_uri) is not None:
                log.info(f"{self.docs_prefix}{index.src_uri} exists, so the generated "
                         f"'{index.title}' page is not added")
                continue
            # The URL first (relative links depend on it), then the content.
            probe = File.generated(config, index.src_uri, content="")
            self.view.urls[index.src_uri] = probe.url
            view = self.view.at(probe.url)
            if self.incremental is not None:
                content, parts = self.incremental.index_page(
                    index.src_uri, view, functools.partial(indexes.render, index))
            else:
                content, parts = indexes.render(index, view)
            self.index_parts[index.src_uri] = parts
            files.append(File.generated(config, index.src_uri, content=content))

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.theme_cache.reset(nav, config)
        self.nav_pages = [p.file.src_uri for p in getattr(nav, "pages", [])]
        return nav

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.incremental is not None:
            # A change to the plugin's templates or assets rebuilds the site in full.
            for folder in (assets.OVERRIDES, assets.ASSETS):
                if folder.is_dir():
                    server.watch(str(folder))
        return server

    # -- pages ------------------------------------------------------------------------------

    def on_page_read_source(self, /, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """The page's text from the bytes on_files read: what ``File.content_string`` would
        return (UTF-8 with or without BOM, universal newlines), without reading it again."""
        raw = self.sources.pop(page.file.src_uri, None)
        if raw is None:
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None  # MkDocs reads it and reports the error itself
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def on_page_markdown(self, markdown: str, page: MkPage, config: MkDocsConfig,
                         files: Files) -> str:
        self.current = page
        self.graph.reset(page.file.src_uri)
        if self.incremental is not None:
            self.incremental.rendering(page)
        markdown = drafts.banner(markdown, page.meta)  # drafts: only mkdocs serve shows them
        # Where each wikilink is: the inline pattern gets no line numbers, so the page is
        # scanned for them (find_all) the first time a message needs one (_line).
        entry = self._entry(page)
        self.lines = None
        self.seen = defaultdict(int)
        if entry is not None:
            assert self.registry is not None
            page.meta["title"] = self.registry.page_title(entry)
        # The theme writes some front-matter values into the page unescaped (<title>, the
        # header, <meta name="author">): every value reaches it as escaped plain text.
        page.meta = _plain_text(page.meta)
        return markdown

    # -- once every page is rendered: cross-references, then spoiler gates ----------------

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        # Cross-reference content first (backlinks, related lists, infoboxes); gating comes
        # last so every data-reveal mark in page.content is turned into a gate before
        # Material's search plugin indexes the page (on_page_context).
        self.theme_cache.install(env, config.theme.dirs, str(assets.OVERRIDES))
        assets.install(env, config)
        if self.incremental is not None:
            env.bytecode_cache = self.incremental.templates
        self._inject_cross_references(config, files)
        if self.spoilers is not None:
            problems = self.spoilers.problems
            for file in files.documentation_pages():
                page = file.page
                if page is not None and page.content is not None:
                    before = len(problems)
                    self.spoilers.gate(page, self._entry(page))
                    if self.incremental is not None:
                        self.incremental.gated(file.src_uri, problems[before:])
            if self.incremental is not None:
                problems += self.incremental.skipped_gate_problems()
            for p in problems:
                log.warning(str(p))
            env.globals["sv_timeline"] = self.spoilers.timeline_json()
        return env

    @event_priority(100)  # before search indexes page.content
    def _spoiler_context_first(self, context: dict[str, Any], /, *, page: MkPage,
                               config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.spoilers is not None:
            self.spoilers.before_index(page, self._entry(page), config)
        if self.incremental is not None:
            self.incremental.before_search()
        return context

    @event_priority(-100)  # after search: the template renders the full gated HTML
    def _spoiler_context_last(self, context: dict[str, Any], /, *, page: MkPage,
                              config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.spoilers is not None:
            self.spoilers.after_index(page)
            if self.incremental is not None:
                self.incremental.after_search(page, self.spoilers.parts)
        return context

    on_page_context = CombinedEvent(_spoiler_context_first, _spoiler_context_last)

    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.incremental is not None:
            unlisted = self.spoilers is not None and page.url in self.spoilers.unlisted
            self.incremental.written(page, unlisted)
        if self.spoilers is not None:
            return self.spoilers.post_page(output, page)
        return output

    @event_priority(50)  # before Material's search plugin writes its index
    def _search_index_first(self, *, config: MkDocsConfig) -> None:
        if self.incremental is not None:
            self.incremental.search_index()

    @event_priority(-100)  # after MkDocs wrote the sitemap
    def _site_files_last(self, *, config: MkDocsConfig) -> None:
        if self.spoilers is not None:
            if self.incremental is not None:
                self.incremental.site_files(self.spoilers.unlisted, self.spoilers.parts)
            self.spoilers.prune_sitemap(config.site_dir)
            self.spoilers.write_search_parts(config.site_dir)
        if self.incremental is not None:
            self.incremental.commit(self.relations)

    on_post_build = CombinedEvent(_search_index_first, _site_files_last)

    def on_build_error(self, *, error: Exception) -> None:
        if self.incremental is not None:
            self.incremental.failed()

    def _entry(self, page: MkPage) -> Entry | None:
        if self.registry is None:
            return None
        return self.registry.entries.get(page.file.src_uri)

    def _line(self, link: WikiLink, nth: int) -> int:
        """The file line of the ``nth`` (0-based) occurrence of ``link`` on this page."""
        assert self.current is not None
        entry = self._entry(self.current)
        offset = entry.body_line - 1 if entry else 0
        if self.lines is None:
            self.lines = defaultdict(list)
            for lineno, found in find_all(self.current.markdown or ""):
                self.lines[found.raw].append(lineno + offset)
        lines = self.lines.get(link.raw)
        if lines:
            return lines[min(nth, len(lines) - 1)]
        return _line_of(self.current.markdown or "", f"[[{link.target}") + offset

    def _render_link(self, link: WikiLink) -> etree.Element:
        assert self.registry is not None and self.current is not None
        here = self.current.file.src_uri
        src = self.shown.get(here, here)
        nth = self.seen[link.raw]
        self.seen[link.raw] += 1
        el, res = link_element(self.registry, link, here, self.slugify, self.separator)
        if self.incremental is not None:
            self.incremental.link(here, link.target)
        if res.target is None:
            log.warning(f"{src}:{self._line(link, nth)}: {unresolved_message(link.raw, res)}")
            return el
        self.graph.add(here, res.target.entry.src_uri)
        if link.heading:
            self.headings.append((src, self._line(link, nth), link.raw,
                                  res.target.entry.src_uri, link.heading))
        return el

    def on_page_content(self, html: str, page: MkPage, config: MkDocsConfig,
                        files: Files) -> str:
        """Check what the page's Markdown became, as a browser reads it, and ship only
        what the allowlist allows (rendered.py); then fill a generated page's parts."""
        self.pages[page.file.src_uri] = page
        entry = self._entry(page)
        if entry is not None and self.spoilers is not None:
            ctx = self.spoilers.context(entry, self._body(page))
            ctx.toc = rendered.toc_titles(page.toc or [])
            html, problems = rendered.check(html, ctx)
            for p in problems:
                log.warning(str(p))
        else:  # a draft (served only) or a generated page: what ships is sanitized too
            html = sanitize.clean(html)
        parts = self.index_parts.get(page.file.src_uri)
        return indexes.fill(html, parts) if parts else html

    def _body(self, page: MkPage) -> str:
        """The page's Markdown body as the checks read it (after its front matter)."""
        return self.bodies.get(page.file.src_uri, page.markdown or "")

    # -- cross-references -------------------------------------------------------------------

    def _inject_cross_references(self, config: MkDocsConfig, files: Files) -> None:
        """Headings, backlinks, related lists, infoboxes: one pass once pages are rendered."""
        if self.registry is None or self.view is None:
            return
        registry, view, inc = self.registry, self.view, self.incremental
        # A page shows links besides its text: front-matter references (its infobox) and,
        # for an episode, the previous and next episode.
        episodes = [e.src_uri for e in registry.episodes()]

        def incoming_of(outgoing: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
            """Backlinks from the pages of ``outgoing`` (in build order)."""
            return shown_links(list(outgoing), outgoing, self.relations.refs, episodes)

        def decoration(uri: str, linked_from: list[str]) -> str:
            """What the page gains from other pages (compared between serve rebuilds)."""
            entry = registry.entries.get(uri)
            at = view.at(view.urls.get(uri, ""))
            return _digest(entity.decorate(at, entry, DECORATION_PROBE, linked_from))

        if inc is not None:
            incoming = inc.settle(self.pages, self.graph.outgoing, incoming_of,
                                  decoration, self.nav_pages,
                                  lambda file: populate(file, config, files))
        else:
            incoming = incoming_of(self.graph.outgoing)
        anchors = {uri: [(a.id, a.title) for a in _anchors(page.toc)]
                   for uri, page in self.pages.items()}
        self._check_headings(anchors)
        heading_links: dict[str, list[tuple[str, int, str, str, str]]] = defaultdict(list)
        for h in self.headings:
            heading_links[h[0]].append(h)
        latest: Any = None
        for uri, page in self.pages.items():
            html = page.content or ""
            at = view.at(page.url)
            shows_latest = LATEST_TRIVIA in html
            if shows_latest:
                if latest is None:
                    latest = newest_trivia(registry)
                html = html.replace(LATEST_TRIVIA, str(entity.latest_trivia(at, latest)))
            entry = registry.entries.get(uri)
            linked_from = incoming.get(uri, [])
            page.content = entity.decorate(at, entry, html, linked_from)
            if inc is not None:
                shown = self.shown.get(uri, uri)
                inc.decorated(uri, decoration=decoration(uri, linked_from),
                              latest=shows_latest, anchors=anchors[uri],
                              heading_links=heading_links.get(shown, []),
                              outgoing=self.graph.outgoing.get(uri, {}))

    def _check_headings(self, anchors: Mapping[str, list[tuple[str, str]]]) -> None:
        """``[[Page#Heading]]`` links to headings their page does not have (``anchors``:
        the headings of the pages rendered in this build; a serve rebuild remembers the
        others')."""
        assert self.registry is not None
        inc = self.incremental
        links = self.headings + (inc.heading_links() if inc else [])
        for src, line, raw, target, heading in links:
            found = anchors.get(target)
            if found is None and inc is not None:
                found = inc.anchors(target)
            if found is None:
                continue  # not rendered in this build (--dirty)
            if has_heading(found, heading, self.slugify(heading, self.separator)):
                continue
            title = self.registry.entries[target].title
            message = unknown_heading_message(raw, heading, title, [t for _, t in found])
            log.warning(f"{src}:{line}: {message}")


def _plain_text(value: Any) -> Any:
    """``value`` with every string escaped as HTML (``Markup``, so a template's ``| e`` does
    not escape it twice), in lists and mappings too."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return Markup(html.escape(value, quote=True))
    if isinstance(value, list | tuple):
        return [_plain_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_text(v) for k, v in value.items()}
    return value


def _anchors(toc: Any) -> Any:
    for item in toc:
        yield item
        yield from _anchors(item.children)


def _link_targets(doc: checks.Doc) -> list[str]:
    """The targets of a page's wikilinks, in its text as the checks read it."""
    return [parse_link(m).target for line in doc.text_lines for m in WIKILINK_RE.finditer(line)]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).hexdigest()


def _read(file: File) -> bytes:
    if file.abs_src_path:
        with open(file.abs_src_path, "rb") as fh:
            return fh.read()
    content = file.content_bytes
    return content if isinstance(content, bytes) else str(content).encode()


def _line_of(markdown: str, raw: str) -> int:
    idx = markdown.find(raw)
    return markdown[:idx].count("\n") + 1 if idx >= 0 else 1


def _config_dir(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: source pages' ``seed:`` paths start there."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def _display_prefix(config: MkDocsConfig) -> str:
    docs = config.docs_dir
    base = os.path.dirname(config.config_file_path or "") or os.getcwd()
    rel = os.path.relpath(docs, base)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


__all__ = ["SeveranceWikiPlugin"]
