"""The MkDocs plugin: a thin layer wiring the pure modules to build events.

Build order (MkDocs 1.6): on_config -> on_files -> on_nav -> per page (on_page_markdown,
render, on_page_content) -> on_env -> per page (on_page_context, template, on_post_page)
-> on_post_build.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from . import assets, checks, spoilers
from .config import WikiConfig
from .errors import FrontMatterError, Problem
from .load import check_references, load_entry
from .model import Episode
from .registry import Entry, Registry
from .spoilers_site import TITLES_URI, SpoilerSite
from .wikilinks import WikiLink, WikiLinkExtension

log = get_plugin_logger(__name__)


class SeveranceWikiPlugin(BasePlugin[WikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.files: Files | None = None
        self.current: MkPage | None = None
        self.shown: dict[str, str] = {}
        self.spoilers: SpoilerSite | None = None

    # -- config / files ---------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.registry = None
        self.files = None
        self.current = None
        config.markdown_extensions.append(WikiLinkExtension(self._render_link))
        config.markdown_extensions.append(spoilers.SpoilerExtension(
            lambda: self.registry.timeline if self.registry else None))
        assets.register(config)
        self.docs_prefix = _display_prefix(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        entries: list[Entry] = []
        problems: list[Problem] = []
        raw = {f.src_uri: _read(f) for f in files.documentation_pages()}
        for src_uri, data in raw.items():
            shown = self.docs_prefix + src_uri
            self.shown[src_uri] = shown
            try:
                entries.append(load_entry(data, src_uri, shown))
            except FrontMatterError as exc:
                problems.extend(exc.problems)
        if problems:
            raise PluginError(
                "the wiki cannot be built; front matter breaks the content model:\n"
                + "\n".join(f"  {p}" for p in problems)
            )
        self.registry = Registry(entries)
        for p in self.registry.problems:
            p.path = self.shown.get(p.path, p.path)
            log.warning(str(p))
        if self.config.validate_references:
            for p in check_references(self.registry, self.shown):
                log.warning(str(p))
        # The contributor checks scripts/validate.py runs (checks.py, which includes the
        # spoiler lints), minus what is reported above or by MkDocs itself, so the validator
        # and the build agree.
        for p in checks.for_build(checks.from_registry(self.registry, raw, self.shown)):
            log.warning(str(p))
        self.files = files
        self.spoilers = SpoilerSite(self.registry, self.safe_title, self.shown)
        files.append(File.generated(config, TITLES_URI, content=self.spoilers.titles_json()))
        assets.add_files(files, config)
        return files

    # -- pages ------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: MkPage, config: MkDocsConfig,
                         files: Files) -> str:
        self.current = page
        entry = self._entry(page)
        if entry is not None:
            page.meta["title"] = self.safe_title(entry)
        return markdown

    # -- spoilers: gates, search text, meta tags, sitemap --------------------------------------

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        # Cross-reference content (backlinks, related lists, previews) is injected above this
        # line; gating comes last so every data-reveal mark in page.content is turned into a
        # gate before Material's search plugin indexes the page (on_page_context).
        if self.spoilers is not None:
            for file in files.documentation_pages():
                page = file.page
                if page is not None and page.content is not None:
                    self.spoilers.gate(page, self._entry(page))
            for p in self.spoilers.problems:
                log.warning(str(p))
            env.globals["sv_timeline"] = self.spoilers.timeline_json()
        return env

    @event_priority(100)  # before search indexes page.content
    def _spoiler_context_first(self, context: dict[str, Any], /, *, page: MkPage,
                               config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.spoilers is not None:
            self.spoilers.before_index(page, self._entry(page), config)
        return context

    @event_priority(-100)  # after search: the template renders the full gated HTML
    def _spoiler_context_last(self, context: dict[str, Any], /, *, page: MkPage,
                              config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.spoilers is not None:
            self.spoilers.after_index(page)
        return context

    on_page_context = CombinedEvent(_spoiler_context_first, _spoiler_context_last)

    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.spoilers is not None:
            return self.spoilers.post_page(output, page)
        return output

    @event_priority(-100)  # after MkDocs wrote the sitemap
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.spoilers is not None:
            self.spoilers.prune_sitemap(config.site_dir)

    def safe_title(self, entry: Entry) -> str:
        """The title readers see in <title>, navigation and search: never a spoiler."""
        page = entry.page
        assert self.registry is not None
        if isinstance(page, Episode):
            if self.registry.reveal_point(entry) == "S0":
                return f"{page.key}: {page.title}"
            return page.key
        return entry.title

    def _entry(self, page: MkPage) -> Entry | None:
        if self.registry is None:
            return None
        return self.registry.entries.get(page.file.src_uri)

    def _render_link(self, link: WikiLink) -> etree.Element:
        assert self.registry is not None and self.files is not None and self.current is not None
        res = self.registry.resolve(link.target)
        src = self.shown.get(self.current.file.src_uri, self.current.file.src_uri)
        entry = self._entry(self.current)
        line = _line_of(self.current.markdown or "", link.raw)
        line += entry.body_line - 1 if entry else 0
        if res.target is None:
            if res.ambiguous:
                options = ", ".join(f"'{t.entry.title}' ({t.entry.src_uri})"
                                    for t in res.candidates)
                log.warning(f"{src}:{line}: wikilink '{link.raw}' is ambiguous: it could mean "
                            f"{options}; link with the full page title")
            else:
                hint = (f"did you mean {' or '.join(repr(s) for s in res.suggestions)}?"
                        if res.suggestions else "create the page or fix the spelling")
                log.warning(f"{src}:{line}: wikilink '{link.raw}' points to no page; {hint}")
            el = etree.Element("span", {"class": "wikilink wikilink--missing"})
            el.text = link.text
            return el
        el = etree.Element("a", {"class": "wikilink"})
        # A relative .md path: MkDocs turns it into the right URL at any depth and checks it.
        href = posixpath.relpath(res.target.entry.src_uri,
                                 posixpath.dirname(self.current.file.src_uri) or ".")
        if link.heading:
            from markdown.extensions.toc import slugify
            href += "#" + slugify(link.heading, "-")
        el.set("href", href)
        el.text = link.label or (link.text if res.target.kind != "key" else
                                 self.safe_title(res.target.entry))
        return el


def _read(file: File) -> bytes:
    if file.abs_src_path:
        with open(file.abs_src_path, "rb") as fh:
            return fh.read()
    content = file.content_bytes
    return content if isinstance(content, bytes) else str(content).encode()


def _line_of(markdown: str, raw: str) -> int:
    idx = markdown.find(raw)
    return markdown[:idx].count("\n") + 1 if idx >= 0 else 1


def _display_prefix(config: MkDocsConfig) -> str:
    import os

    docs = config.docs_dir
    base = os.path.dirname(config.config_file_path or "") or os.getcwd()
    rel = os.path.relpath(docs, base)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


__all__ = ["SeveranceWikiPlugin"]
