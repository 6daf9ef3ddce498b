"""Incremental rebuilds for ``mkdocs serve --dirty`` (what ``make serve`` runs).

MkDocs rebuilds the whole site on every save, and ``--dirty`` alone re-renders only the
saved page and leaves every other page as it was: stale backlinks, related lists and index
pages. With :class:`Incremental` (kept by the plugin from ``on_startup`` for the life of one
``mkdocs serve --dirty`` process) a rebuild re-renders exactly the pages whose output
changes and leaves the others' files in place, and the site it leaves equals a full build
(``tests/test_incremental.py`` compares them file by file).

Between rebuilds it keeps, per source file, its bytes by ``os.stat`` and what was parsed
from them by content (front matter, registry entry, check results, the links its text
scans), and per page what its last written output was made of and what it contributed to
the site-wide files. A page is re-rendered when

1. its own file changed (or it is new);
2. something every page shows changed: the timeline, an episode's title, the reveal names,
   a title in the navigation (then every page is);
3. one of its wikilinks resolves differently (a title, alias or reveal point of its target
   changed; a page came or went): its resolved names, recorded when it rendered, are
   looked up again whenever any front matter changed;
4. what the plugin adds to it from other pages changed: its related lists and backlinks
   are compared on every rebuild; when any page's front matter changed (or pages came or
   went) the additions of every page (infobox, previous/next, citations, related lists,
   backlinks) are computed again and compared by digest;
5. it is a generated index page and its content changed, or it shows the latest trivia and
   they changed;
6. a file its text names (``[x](other.md)``, an image) was added or removed.

The search index, its per-progress parts and the sitemap are written whole on every
rebuild, from what each page contributed when it was last rendered. Output files of
deleted pages are removed, and the old output of a page whose address changed (its reveal
point did: :meth:`SpoilerSite.neutral_addresses`); the pages whose text links to it render
again (its file name or wikilinks), those showing it in lists or backlinks by 4 (their
additions hold its address), every page when it is in the navigation. The first build, a change to
``mkdocs.yml`` (and what it inherits), the theme's or the plugin's files, and a build that
failed after it started writing are full rebuilds into an emptied site folder.

A body-only edit cannot change another page's additions other than through its links
(checked by 4 on every rebuild): the additions are functions of the registry, the
relations, the backlinks and the stored articles (``seeds/``), and only front matter
feeds the registry. A new kind of addition that reads another page's *body* must be
added here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import posixpath
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs import utils as mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import checks
from .errors import Problem
from .model import Character, Episode, Source
from .registry import Registry
from .spoilers_site import search_plugin
from .xref import Relations, newest_trivia

log = get_plugin_logger(__name__)

PLUGIN_DIR = Path(__file__).resolve().parent
# File times are trusted only this long after a write (coarse file system clocks).
RACY_NS = 2_000_000_000
# What MkDocs says on every dirty build; this module makes the dirty build exact.
MKDOCS_DIRTY_WARNING = "A 'dirty' build is being performed"


def _digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()


# --- what every page was made of ------------------------------------------------------------


@dataclass
class PageMemo:
    """One page as it was last written: what its output was made of, what it showed, and
    what it gave the site-wide files (search index, search parts, sitemap, warnings)."""

    url: str
    dest: str  # the output file
    source: str  # digest of its file, or of a generated page's content
    names: tuple[str, ...] = ()  # the link targets its wikilinks looked up
    links: str = ""  # digest of how those names resolved
    outgoing: tuple[str, ...] = ()  # pages its wikilinks lead to, in order
    decoration: str = ""  # digest of what the plugin added from other pages
    latest: bool = False  # it shows the latest trivia
    anchors: tuple[tuple[str, str], ...] = ()  # (id, title) of its headings
    heading_links: tuple[tuple[str, int, str, str, str], ...] = ()  # [[Page#Heading]] links
    title: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    records: list[logging.LogRecord] = field(default_factory=list)  # warnings it caused
    gate_problems: list[Problem] = field(default_factory=list)
    search: list[dict[str, Any]] = field(default_factory=list)
    parts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    unlisted: bool = False


@dataclass
class Snapshot:
    """The last build whose output is on disk."""

    env: str
    faces: list[tuple[str, str]]  # registry pages in order, with their front matter digest
    seeds: str
    others: dict[str, str]  # every other file written: src_uri -> output file
    globals: str
    nav: list[tuple[str, str]]
    relations: Relations
    incoming: dict[str, list[str]]
    indexes: dict[str, tuple[str, list[str]]]
    index_reads: dict[str, frozenset[tuple[str, str]]]
    latest: str
    pages: dict[str, PageMemo]


@dataclass
class _Source:
    stat: tuple[int, int, int, int]
    data: bytes
    digest: str
    read_at: int  # time.time_ns() when it was read

    def still(self, stat: tuple[int, int, int, int]) -> bool:
        """Whether a file with this ``os.stat`` still holds ``data``: the same stat, and
        read well after it was last written (a file written again within the clock tick of
        a write just read can keep its time and size; such a file is read again)."""
        return stat == self.stat and self.read_at - stat[0] > RACY_NS


@dataclass
class _Loaded:
    doc: checks.Doc | None
    problems: list[Problem]
    face: str


@dataclass
class _Build:
    """This rebuild, until it is written."""

    config: MkDocsConfig
    env: str
    full: str | None  # why every page is rendered (None: only those that changed)
    clean: bool = False  # the site folder is emptied first
    sources: dict[str, str] = field(default_factory=dict)  # page -> digest of its file
    faces: list[tuple[str, str]] = field(default_factory=list)
    seeds: str = ""
    structural: bool = False  # front matter or the set of pages changed
    relations: Relations | None = None
    changed_relations: set[tuple[str, str]] = field(default_factory=set)  # (list, page)
    reuse_indexes: bool = False
    indexes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    index_reads: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    registry: Registry | None = None
    globals: str = ""
    latest: str = ""
    order: list[str] = field(default_factory=list)  # every page MkDocs builds, in order
    files: dict[str, File] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)  # page -> why it is rendered
    memos: dict[str, PageMemo] = field(default_factory=dict)  # pages rendered
    records: dict[str, list[logging.LogRecord]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # page -> wikilink targets
    check_context: str = ""
    nav: list[str] = field(default_factory=list)
    incoming: dict[str, list[str]] = field(default_factory=dict)
    search_mark: int = 0
    touched: bool = False  # the site folder was changed
    committed: bool = False


class _Templates(jinja2.BytecodeCache):
    """The theme's templates compiled once per serve process, not once per rebuild (MkDocs
    makes a new Jinja environment for every build). Jinja checks each template's source
    against the checksum kept with its code."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _Capture(logging.Handler):
    """Keeps the warnings MkDocs and the plugin log while a page is read, rendered or
    built, so a rebuild that does not render the page says them again."""

    def __init__(self, owner: Incremental):
        super().__init__(logging.WARNING)
        self.owner = owner

    def emit(self, record: logging.LogRecord) -> None:
        self.owner._captured(record)


class _DropDirtyWarning(logging.Filter):
    def __init__(self, owner: Incremental):
        super().__init__()
        self.owner = owner

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(MKDOCS_DIRTY_WARNING)


class Incremental:
    """The state one ``mkdocs serve --dirty`` process keeps between its rebuilds."""

    def __init__(self) -> None:
        self.last: Snapshot | None = None
        self.build: _Build | None = None
        self._sources: dict[str, _Source] = {}  # absolute path -> its bytes, by stat
        self._loaded: dict[tuple[str, str, str], _Loaded] = {}
        self._checked: dict[tuple[str, str, str, str], list[Problem]] = {}
        self._references: tuple[str, list[Problem]] | None = None
        self._targets: dict[tuple[str, str], list[str]] = {}
        self._replaying = False
        self._capture = _Capture(self)
        self._filter = _DropDirtyWarning(self)
        self._search: Any = None  # Material's search plugin, when the site uses it
        self.templates = _Templates()
        self.rendered: list[str] = []  # pages rendered by the last build, for tests
        # MkDocs warns on every dirty build that links may be stale (it stops a strict
        # build): here they are not, so the warning is left out while this object lives.
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)

    def close(self) -> None:
        """The serve process ends (or the plugin is started again)."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self._filter)
        logging.getLogger("mkdocs").removeHandler(self._capture)
        self.build = None

    # -- a build starts ------------------------------------------------------------------

    def start(self, config: MkDocsConfig) -> None:
        """A rebuild begins (on_files, before anything is read): full or incremental?"""
        env = _env_key(config)
        full = None
        if self.last is None:
            full = "first build"
        elif self.last.env != env:
            full = "mkdocs.yml, the theme or the plugin changed"
        self.build = _Build(config, env, full, clean=full is not None)
        if full is not None:
            self.templates = _Templates()
        self._search = search_plugin(config)
        logging.getLogger("mkdocs").addHandler(self._capture)

    def read(self, pages: Iterable[File]) -> dict[str, bytes]:
        """Every page's bytes: read again only when its ``os.stat`` changed."""
        b = self._b()
        out: dict[str, bytes] = {}
        for f in pages:
            path = f.abs_src_path
            if not path:
                content = f.content_bytes
                data = content if isinstance(content, bytes) else str(content).encode()
                b.sources[f.src_uri] = _digest(data)
                out[f.src_uri] = data
                continue
            st = os.stat(path)
            key = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            memo = self._sources.get(path)
            if memo is None or not memo.still(key):
                now = time.time_ns()
                with open(path, "rb") as fh:
                    data = fh.read()
                memo = self._sources[path] = _Source(key, data, _digest(data), now)
            b.sources[f.src_uri] = memo.digest
            out[f.src_uri] = memo.data
        return out

    def load(self, raw: Mapping[str, bytes], shown: Mapping[str, str],
             root: Path) -> checks.Wiki:
        """:func:`checks.load_pages` of ``raw``, parsing only pages whose bytes changed."""
        b = self._b()
        entries = []
        docs: dict[str, checks.Doc] = {}
        problems: list[Problem] = []
        for uri, data in raw.items():
            key = (uri, b.sources.get(uri) or _digest(data), shown[uri])
            got = self._loaded.get(key)
            if got is None:
                one = checks.load_pages([(uri, data, shown[uri])], root)
                doc = one.docs.get(uri)
                face = _digest(uri, doc.entry.page.model_dump_json()) if doc else ""
                got = self._loaded[key] = _Loaded(doc, one.load_problems, face)
            problems += got.problems
            if got.doc is not None:
                entries.append(got.doc.entry)
                docs[uri] = got.doc
                b.faces.append((uri, got.face))
        registry = Registry(entries)
        b.registry = registry
        b.seeds = _seeds_key(registry, root)
        last = self.last
        b.structural = b.full is None and last is not None and (
            last.faces != b.faces or last.seeds != b.seeds)
        return checks.Wiki(registry, docs, problems, {u: shown[u] for u in raw}, root)

    def references(self, compute: Callable[[], list[Problem]]) -> list[Problem]:
        """``check_references``, again only when some front matter changed."""
        key = _digest(self._b().faces)
        if self._references is None or self._references[0] != key:
            self._references = (key, compute())
        return self._references[1]

    def doc_check(self, wiki: checks.Wiki) -> checks.DocCheck:
        """Each page's checks, run again only when the page or what they read of other
        pages changed: names (titles, aliases, reveals), which pages exist, the front
        matter of every page but trivia (people, characters, sources, episodes: speakers,
        seeds, the timeline) and the stored articles. Trivia front matter other than
        titles is read by no other page's checks."""
        b = self._b()
        reg = wiki.registry
        names = [(n, [(t.entry.src_uri, t.kind, t.reveal, t.name) for t in ts])
                 for n, ts in reg.names.items()]
        others = [(u, f) for u, f in b.faces if reg.entries[u].type != "trivia"]
        context = b.check_context = _digest(names, sorted(wiki.shown), others, b.seeds)

        def check(doc: checks.Doc, run: Callable[[], list[Problem]]) -> list[Problem]:
            uri = doc.entry.src_uri
            key = (uri, b.sources.get(uri, ""), doc.shown, context)
            found = self._checked.get(key)
            if found is None:
                found = self._checked[key] = run()
            return found

        return check

    def link_targets(self, doc: checks.Doc,
                     scan: Callable[[checks.Doc], list[str]]) -> list[str]:
        """What ``scan`` finds in a page's text (its wikilinks' targets), once per content."""
        key = (doc.entry.src_uri, self._b().sources.get(doc.entry.src_uri, ""))
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = scan(doc)
        return found

    def relations(self, relations: Relations) -> None:
        """This build's relations (related lists), compared with the last build's."""
        b = self._b()
        b.relations = relations
        last = self.last
        if b.full is None and last is not None:
            b.changed_relations = _relations_changed(last.relations, relations)
            b.reuse_indexes = not b.structural

    def index_page(self, uri: str, view: Any,
                   render: Callable[[Any], tuple[str, list[str]]]) -> tuple[str, list[str]]:
        """A generated index page's content and HTML parts (``render(view)``): the last
        build's when the registry did not change and none of the related lists it read
        did (recorded when it was rendered)."""
        b = self._b()
        last = self.last
        if b.reuse_indexes and last is not None and uri in last.indexes \
                and not _touches(last.index_reads[uri], b.changed_relations):
            content, parts = last.indexes[uri]
            reads = last.index_reads[uri]
        else:
            seen: set[tuple[str, str]] = set()
            content, parts = render(dataclasses.replace(
                view, relations=_recording(view.relations, seen)))
            reads = frozenset(seen)
        b.indexes[uri] = (content, parts)
        b.index_reads[uri] = reads
        b.sources[uri] = _digest(content, parts)
        return content, parts

    # -- which pages to render ---------------------------------------------------------------

    def plan(self, files: Files, registry: Registry, raw: Mapping[str, bytes]) -> None:
        """Decide which pages MkDocs renders (their ``is_modified()``), remove the output of
        pages and files that are gone, empty the site folder for a full rebuild."""
        b = self._b()
        b.registry = registry
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        b.order = [f.src_uri for f in pages]
        b.files = {f.src_uri: f for f in pages}
        b.others = {f.src_uri: f.abs_dest_path for f in files
                    if not f.is_documentation_page() and InclusionLevel.is_in_serve(f.inclusion)}
        b.globals = _globals(registry)
        last = self.last
        if b.clean or last is None:
            mkdocs_utils.clean_directory(b.config.site_dir)
            b.touched = True
        else:
            moved = [u for u, f in b.files.items()
                     if u in last.pages and last.pages[u].dest != f.abs_dest_path]
            self._remove_gone(last, b, moved)
            if last.globals != b.globals:
                b.full = "the timeline, an episode title or a reveal name changed"
            elif set(moved) & {u for u, _ in last.nav}:  # every page's sidebar links to it
                b.full = f"the address of {moved[0]}, a page in the navigation, changed"
        why: dict[str, str] = {}
        if b.full is not None or last is None:
            why = dict.fromkeys(b.order, "full rebuild")
            b.latest = _latest(registry, dict(b.faces))
        else:
            for uri in b.order:
                memo = last.pages.get(uri)
                if memo is None:
                    why[uri] = "new"
                elif memo.source != b.sources.get(uri):
                    why[uri] = "edited"
                elif not os.path.isfile(memo.dest):
                    why[uri] = "its output is missing"
            came = set(b.order) ^ set(last.pages)
            came |= set(b.others) ^ set(last.others)
            if came:
                names = {posixpath.basename(u).encode() for u in came}
                for uri in b.order:
                    data = raw.get(uri)
                    if uri not in why and data and any(n in data for n in names):
                        why[uri] = "names a file that came or went"
            if moved:  # pages linking to it by wikilink or file name; lists: settle()
                names = {posixpath.basename(u).encode() for u in moved}
                for uri in b.order:
                    memo = last.pages.get(uri)
                    data = raw.get(uri)
                    if uri in why or memo is None:
                        continue
                    if set(memo.outgoing) & set(moved) or \
                            (data and any(n in data for n in names)):
                        why[uri] = "links to a page whose address changed"
            for _, uri in b.changed_relations:
                if uri in b.files and uri not in why:
                    why[uri] = "related lists"
            b.latest = last.latest
            if b.structural:
                b.latest = _latest(registry, dict(b.faces))
                faces = dict(b.faces)
                for uri in b.order:
                    memo = last.pages.get(uri)
                    if memo is None or uri in why:
                        continue
                    if memo.latest and b.latest != last.latest:
                        why[uri] = "latest trivia"
                    elif memo.names and _links_key(registry, memo.names, faces) != memo.links:
                        why[uri] = "links resolve differently"
        b.why = why
        for uri, f in b.files.items():
            _set_modified(f, uri in why)

    def _remove_gone(self, last: Snapshot, b: _Build, moved: Iterable[str] = ()) -> None:
        """Remove the output of pages and files that are gone, and the old output of pages
        whose address changed (``moved``: a new reveal point gives a new neutral address)."""
        site = b.config.site_dir
        kept = {f.abs_dest_path for f in b.files.values()} | set(b.others.values())
        gone = [m.dest for u, m in last.pages.items() if u not in b.files]
        gone += [last.pages[u].dest for u in moved]
        gone += [d for u, d in last.others.items() if b.others.get(u) != d]
        for dest in gone:
            if dest in kept:
                continue
            b.touched = True
            try:
                os.remove(dest)
            except OSError:
                continue
            folder = os.path.dirname(dest)
            while os.path.abspath(folder) != os.path.abspath(site):
                try:
                    os.rmdir(folder)  # only when empty
                except OSError:
                    break
                folder = os.path.dirname(folder)

    # -- pages being rendered ------------------------------------------------------------

    def rendering(self, page: Page) -> None:
        """on_page_markdown: the page is rendered in this build."""
        b = self._b()
        uri = page.file.src_uri
        b.memos[uri] = PageMemo(page.url, page.file.abs_dest_path, b.sources.get(uri, ""))
        b.names[uri] = []

    def link(self, here: str, target: str) -> None:
        """A wikilink on page ``here`` looked up ``target``."""
        names = self._b().names.get(here)
        if names is not None:
            names.append(target)

    def _captured(self, record: logging.LogRecord) -> None:
        b = self.build
        if b is None or self._replaying:
            return
        page = getattr(b.config, "_current_page", None)
        if page is not None and page.file is not None:
            b.records.setdefault(page.file.src_uri, []).append(record)

    # -- once every page that had to be rendered is --------------------------------------

    def settle(self, rendered: Mapping[str, Page], outgoing: Mapping[str, Iterable[str]],
               incoming_of: Callable[[Mapping[str, Iterable[str]]], dict[str, list[str]]],
               decoration: Callable[[str, list[str]], str], nav: Sequence[str],
               populate: Callable[[File], None]) -> dict[str, list[str]]:
        """on_env: find the pages whose additions from other pages changed, render them
        now (MkDocs' own page population), and give the others back what the theme and the
        site-wide files need of them. Returns every page's backlinks (``incoming_of``)."""
        b = self._b()
        last = self.last
        if b.full is not None or last is None:
            b.incoming = incoming_of({u: outgoing.get(u, ()) for u in b.order})
            self._finish_settle(rendered, nav)
            return b.incoming
        checked = nav_checked = False
        while True:
            late: dict[str, str] = {}
            links = {u: outgoing.get(u, ()) if u in rendered else last.pages[u].outgoing
                     for u in b.order}
            b.incoming = incoming_of(links)
            for uri in b.order:
                if uri in rendered or uri in late:
                    continue
                memo = last.pages[uri]
                incoming = b.incoming.get(uri, [])
                if incoming != last.incoming.get(uri, []):
                    late[uri] = "backlinks"
                elif b.structural and not checked and \
                        decoration(uri, incoming) != memo.decoration:
                    late[uri] = "what it shows of other pages"
            checked = True
            if not late and not nav_checked:
                nav_checked = True
                if self._nav_titles(rendered, nav) != last.nav:
                    late = {u: "a title in the navigation" for u in b.order
                            if u not in rendered}
            if not late:
                break
            for uri in b.order:
                if uri in late:
                    b.why[uri] = late[uri]
                    _set_modified(b.files[uri], True)
                    populate(b.files[uri])
        self._finish_settle(rendered, nav)
        return b.incoming

    def _nav_titles(self, rendered: Mapping[str, Page],
                    nav: Sequence[str]) -> list[tuple[str, str]]:
        last = self.last
        out = []
        for uri in nav:
            page = rendered.get(uri)
            if page is not None:
                out.append((uri, str(page.title)))
            elif last is not None and uri in last.pages:
                out.append((uri, str(last.pages[uri].title)))
        return out

    def _finish_settle(self, rendered: Mapping[str, Page], nav: Sequence[str]) -> None:
        """Skipped pages get their title and meta back (the navigation shows them) and say
        their warnings again; the build now writes into the site folder."""
        b = self._b()
        b.nav = list(nav)
        b.touched = True
        last = self.last
        if last is None:
            return
        self._replaying = True
        try:
            for uri in b.order:
                if uri in rendered:
                    continue
                memo = last.pages[uri]
                page = b.files[uri].page
                if page is not None:
                    page.title = memo.title
                    page.meta = dict(memo.meta)
                for record in memo.records:
                    logging.getLogger(record.name).handle(record)
        finally:
            self._replaying = False

    def skipped_gate_problems(self) -> list[Problem]:
        b = self._b()
        last = self.last
        if last is None:
            return []
        return [p for u in b.order if u not in b.memos for p in last.pages[u].gate_problems]

    def heading_links(self) -> list[tuple[str, int, str, str, str]]:
        """The ``[[Page#Heading]]`` links of pages not rendered in this build."""
        b = self._b()
        last = self.last
        if last is None:
            return []
        return [h for u in b.order if u not in b.memos for h in last.pages[u].heading_links]

    def anchors(self, uri: str) -> list[tuple[str, str]] | None:
        """(id, title) of the headings of a page not rendered in this build."""
        last = self.last
        if last is None or uri not in last.pages:
            return None
        return list(last.pages[uri].anchors)

    def decorated(self, uri: str, *, decoration: str, latest: bool,
                  anchors: list[tuple[str, str]],
                  heading_links: list[tuple[str, int, str, str, str]],
                  outgoing: Iterable[str]) -> None:
        """What a rendered page is made of, from on_env."""
        memo = self._b().memos.get(uri)
        if memo is not None:
            memo.decoration = decoration
            memo.latest = latest
            memo.anchors = tuple(anchors)
            memo.heading_links = tuple(heading_links)
            memo.outgoing = tuple(outgoing)

    def gated(self, uri: str, problems: list[Problem]) -> None:
        memo = self._b().memos.get(uri)
        if memo is not None:
            memo.gate_problems = problems

    # -- search, page output, the site-wide files ----------------------------------------

    def before_search(self) -> None:
        if self._search is not None:
            self._b().search_mark = len(self._search.search_index.entries)

    def after_search(self, page: Page, parts: Mapping[int, Mapping[str, Any]]) -> None:
        """The search entries and parts the page just gave (Material's indexer, ours)."""
        b = self._b()
        memo = b.memos.get(page.file.src_uri)
        if memo is None:
            return
        if self._search is not None:
            memo.search = list(self._search.search_index.entries[b.search_mark:])
        memo.parts = {k: pages[page.url] for k, pages in parts.items() if page.url in pages}

    def written(self, page: Page, unlisted: bool) -> None:
        memo = self._b().memos.get(page.file.src_uri)
        if memo is not None:
            memo.title = page.title
            memo.meta = dict(page.meta)
            memo.unlisted = unlisted

    def search_index(self) -> None:
        """Before Material's search plugin writes its index: every page's entries, in the
        order a full build adds them (its own dirty mode appends the changed pages')."""
        b = self._b()
        if self._search is None:
            return
        entries: list[dict[str, Any]] = []
        for uri in b.order:
            memo = b.memos.get(uri) or (self.last.pages[uri] if self.last else None)
            if memo is not None:
                entries += memo.search
        self._search.search_index.entries = entries
        self._search.search_index_prev = None

    def site_files(self, unlisted: set[str], parts: dict[int, dict[str, Any]]) -> None:
        """The sitemap's unlisted pages and the search parts of pages not rendered now."""
        b = self._b()
        last = self.last
        if last is None:
            return
        for uri in b.order:
            if uri in b.memos:
                continue
            memo = last.pages[uri]
            if memo.unlisted:
                unlisted.add(memo.url)
            for k, entries in memo.parts.items():
                parts.setdefault(k, {})[memo.url] = entries

    def commit(self, relations: Relations) -> None:
        """on_post_build: the site folder now holds this build."""
        b = self._b()
        last = self.last
        reg = b.registry
        assert reg is not None
        faces = dict(b.faces)
        pages: dict[str, PageMemo] = {}
        for uri in b.order:
            memo = b.memos.get(uri)
            if memo is None:
                assert last is not None
                memo = last.pages[uri]
            else:
                memo.names = tuple(b.names.get(uri, []))
                memo.links = _links_key(reg, memo.names, faces) if memo.names else ""
                memo.records = b.records.get(uri, [])
            pages[uri] = memo
        self.last = Snapshot(
            env=b.env, faces=b.faces, seeds=b.seeds, others=b.others, globals=b.globals,
            nav=[(u, str(pages[u].title)) for u in b.nav if u in pages], relations=relations,
            incoming=b.incoming, indexes=b.indexes, index_reads=b.index_reads,
            latest=b.latest, pages=pages)
        b.committed = True
        self.rendered = [u for u in b.order if u in b.memos]
        self._forget_old(pages)
        why = b.why
        if b.full is not None:
            log.info(f"full rebuild ({b.full}): {len(self.rendered)} pages")
        else:
            shown = ", ".join(f"{u} ({why.get(u, '?')})" for u in self.rendered[:8])
            more = f" and {len(self.rendered) - 8} more" if len(self.rendered) > 8 else ""
            log.info(f"incremental rebuild: {len(self.rendered)} of {len(b.order)} pages "
                     f"rendered again{': ' + shown if shown else ''}{more}")
        self._end()

    def failed(self) -> None:
        """on_build_error: a build that changed the site folder and did not finish leaves
        it unknown; the next build is a full one."""
        b = self.build
        if b is not None and b.touched and not b.committed:
            self.last = None
        self._end()

    def _end(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._capture)
        self.build = None

    def _forget_old(self, pages: Mapping[str, PageMemo]) -> None:
        """Drop what was parsed from versions of files that are gone."""
        b = self._b()
        current = set(b.sources.items())
        self._loaded = {k: v for k, v in self._loaded.items() if (k[0], k[1]) in current}
        self._targets = {k: v for k, v in self._targets.items() if k in current}
        self._checked = {k: v for k, v in self._checked.items()
                         if (k[0], k[1]) in current and k[3] == b.check_context}
        paths = {f.abs_src_path for f in b.files.values() if f.abs_src_path}
        self._sources = {p: s for p, s in self._sources.items() if p in paths}

    def _b(self) -> _Build:
        assert self.build is not None, "no build in progress"
        return self.build


# --- helpers ---------------------------------------------------------------------------------


def populate(file: File, config: MkDocsConfig, files: Files) -> None:
    """Render a page MkDocs' dirty build skipped, as MkDocs does (read, on_page_markdown,
    render, on_page_content), and let it be written."""
    from mkdocs.commands.build import _populate_page  # MkDocs 1.6 (pinned <2)

    assert file.page is not None
    _set_modified(file, True)
    _populate_page(file.page, config, files, dirty=False)


def _set_modified(file: File, modified: bool) -> None:
    """Whether MkDocs' dirty build renders the page (``File.is_modified``, per file)."""
    vars(file)["is_modified"] = (lambda: True) if modified else (lambda: False)


def _relations_changed(old: Relations, new: Relations) -> set[tuple[str, str]]:
    """``(list, page)`` of every related list that differs."""
    changed: set[tuple[str, str]] = set()
    for f in dataclasses.fields(Relations):
        a, b = getattr(old, f.name), getattr(new, f.name)
        for key in a.keys() | b.keys():
            if a.get(key, []) != b.get(key, []):
                changed.add((f.name, key))
    return changed


EVERY = "\x00every"  # a whole related list was read (iterated), not one page's entry


class _Reads(defaultdict[str, list[str]]):
    """One of :class:`Relations`' mappings, recording which pages' entries are read."""

    def __init__(self, name: str, data: Mapping[str, list[str]], seen: set[tuple[str, str]]):
        super().__init__(list, data)
        self.name, self.seen = name, seen

    def __getitem__(self, key: str) -> list[str]:
        self.seen.add((self.name, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add((self.name, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.seen.add((self.name, str(key)))
        return super().__contains__(key)

    def __iter__(self) -> Any:
        self.seen.add((self.name, EVERY))
        return super().__iter__()

    def keys(self) -> Any:
        self.seen.add((self.name, EVERY))
        return super().keys()

    def values(self) -> Any:
        self.seen.add((self.name, EVERY))
        return super().values()

    def items(self) -> Any:
        self.seen.add((self.name, EVERY))
        return super().items()

    def __len__(self) -> int:
        self.seen.add((self.name, EVERY))
        return super().__len__()


def _recording(relations: Relations, seen: set[tuple[str, str]]) -> Relations:
    """``relations`` recording into ``seen`` the ``(list, page)`` entries read."""
    return Relations(**{f.name: _Reads(f.name, getattr(relations, f.name), seen)
                        for f in dataclasses.fields(Relations)})


def _touches(reads: Iterable[tuple[str, str]], changed: set[tuple[str, str]]) -> bool:
    lists = {name for name, _ in changed}
    return any(pair in changed or (pair[1] == EVERY and pair[0] in lists) for pair in reads)


def _globals(registry: Registry) -> str:
    """What every page shows or is gated by: the timeline, each episode's title (spoiler
    notes, banners), the reveal names (the checks of every rendered page)."""
    episodes = [(e.src_uri, e.page.key, e.page.title) for e in registry.episodes()
                if isinstance(e.page, Episode)]
    reveals = [(e.src_uri, e.title, r.name, r.episode) for e in registry.entries.values()
               if isinstance(e.page, Character) for r in e.page.reveals]
    return _digest(list(registry.timeline.keys), episodes, reveals)


def _latest(registry: Registry, faces: Mapping[str, str]) -> str:
    return _digest([(e.src_uri, faces.get(e.src_uri)) for e in newest_trivia(registry)])


def _links_key(registry: Registry, names: Iterable[str], faces: Mapping[str, str]) -> str:
    """How a page's wikilink targets resolve: the page each leads to and that page's front
    matter (title, reveal point...), or the candidates / suggestions of a broken one."""
    out: list[object] = []
    for name in names:
        res = registry.resolve(name)
        if res.target is not None:
            uri = res.target.entry.src_uri
            out.append((name, uri, res.target.kind, res.target.reveal, faces.get(uri)))
        else:
            out.append((name, [t.entry.src_uri for t in res.candidates], res.suggestions))
    return _digest(out)


def _seeds_key(registry: Registry, root: Path) -> str:
    """The stored articles source pages name, by ``os.stat``."""
    out: list[tuple[str, int | None, int | None]] = []
    for entry in registry.entries.values():
        page = entry.page
        if isinstance(page, Source) and page.seed:
            try:
                st = os.stat(root / page.seed)
                out.append((page.seed, st.st_mtime_ns, st.st_size))
            except (OSError, ValueError):
                out.append((page.seed, None, None))
    return _digest(sorted(out, key=repr))


_INHERIT_RE = re.compile(r"^INHERIT:\s*['\"]?(?P<path>[^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)


def _config_files(path: str | None) -> list[str]:
    """``mkdocs.yml`` and the files it ``INHERIT``s."""
    out: list[str] = []
    while path and path not in out and os.path.isfile(path):
        out.append(path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            m = _INHERIT_RE.search(fh.read())
        path = os.path.join(os.path.dirname(path), m.group("path").strip()) if m else None
    return out


def _tree(folder: str) -> list[tuple[str, int, int]]:
    """Every file under ``folder`` by ``os.stat`` (hidden folders, such as Material's
    thousands of ``.icons``, and byte-code caches left out)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and d != "__pycache__")
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            out.append((os.path.join(dirpath, name), st.st_mtime_ns, st.st_size))
    return out


def _env_key(config: MkDocsConfig) -> str:
    """What every page depends on outside ``docs/``: the configuration (and the files it
    inherits), the theme's templates and the plugin's own code, assets and templates."""
    parts: list[object] = [config.config_file_path, config.docs_dir, config.site_dir,
                           config.site_url, config.use_directory_urls]
    for path in _config_files(config.config_file_path):
        with open(path, "rb") as fh:
            parts.append((path, fh.read()))
    for folder in [*config.theme.dirs, str(PLUGIN_DIR)]:
        parts.append((folder, _tree(folder)))
    return _digest(*parts)


__all__ = ["MKDOCS_DIRTY_WARNING", "Incremental", "PageMemo", "Snapshot", "populate"]
