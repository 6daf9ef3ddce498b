"""Every page-level check a contribution must pass, as pure functions returning Problems.

``scripts/validate.py`` runs all of them; the plugin runs the same functions during a build
(:func:`for_build`) and logs what the build does not already report itself, so the validator
and ``mkdocs build --strict`` agree on what is acceptable.

The rules are listed in :data:`RULES` (CONTRIBUTING.md documents each one).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify as toc_slugify
from pydantic import TypeAdapter, ValidationError

from . import citations, frontmatter, limits, rendered, sanitize
from .errors import FrontMatterError, Problem
from .load import check_references
from .model import PlainText, Trivia, validate_page
from .registry import Entry, Registry, Target, normalise
from .render import Renderer
from .spoilers_site import SpoilerSite
from .wikilinks import WIKILINK_RE, WikiLink, code_free_lines
from .wikilinks import parse as parse_link
from .xref import has_heading, unknown_heading_message

RULES: dict[str, str] = {
    "front-matter": "the file cannot be read as a page: encoding, byte-order mark, line "
                    "endings, size, YAML syntax",
    "schema": "the front matter breaks the content model: a missing field, a wrong type, "
              "markup in a title",
    "unknown-reference": "front matter names a person, character or source no page is",
    "unknown-episode": "an episode key the wiki does not have",
    "duplicate-name": "two pages share a title or an alias",
    "duplicate-slug": "two files would be published at the same address",
    "slug": "a file name that is not lowercase letters, digits and hyphens",
    "broken-link": "a [[wikilink]] that leads to no page",
    "ambiguous-link": "a [[wikilink]] that could mean two pages",
    "broken-heading": "a [[Page#Heading]] wikilink to a heading the page does not have",
    "broken-md-link": "a [text](page.md) link, or a link or image to any other file "
                      "(pic.png), that does not exist",
    "unsafe-link-text": "markup inside a [[wikilink]]'s target, heading or label",
    "reveal-too-early": "a spoiler name a reader would see before its reveal point: in the "
                        "page as rendered (text, code, link titles, image alt text, table-of-"
                        "contents labels; split by emphasis, written with entities, accents, "
                        "look-alike letters, hyphens or no space, spaced out, surname first "
                        "or over a line break), or in any front-matter value (title, aliases,"
                        " summary, tags, quotes, speakers' notes, a source's outlet, author "
                        "and address, a person's roles; in front matter it stops the build)",
    "spoiler-too-early": "a trivia page whose reveal point is earlier than an episode it cites",
    "spoiler-syntax": "spoiler markup that did not become a spoiler (double bars or !!! "
                      "spoiler left as text, a block with nothing indented under it), or that "
                      "names an episode the wiki does not have",
    "missing-quote": "a trivia citation without the quote that supports it",
    "spoiler-no-key": "keyless spoiler markup on a page whose reveal point is S0",
    "spoiler-heading": "spoiler markup inside a heading (headings feed the table of contents "
                       "and search)",
    "raw-html": "HTML outside the allowlist: <script>, <iframe>, event handlers, javascript: "
                "URLs, style=, images from other sites, unknown classes",
    "page-limits": "a page nested more than 20 levels deep, with more than 2,000 wikilinks, "
                   "or a paragraph with more than 2,000 pieces of markup (it would take "
                   "minutes to build)",
    "file-type": "a symbolic link in docs/, or a file outside docs/assets/ that is not a "
                 "page, an image (PNG, JPEG, GIF, WebP, AVIF), a font, a PDF or text",
    **citations.RULES,
}

# Rules the build reports through its own code paths (schema errors stop it in on_files,
# the registry's duplicate warnings, check_references, the wikilink renderer's warning,
# MkDocs' own check of Markdown links). The build hook skips them to avoid double warnings.
# The checks of the rendered page (rendered.py) run in the build when MkDocs has rendered
# it (on_page_content), and in the validator on the page rendered the same way (render.py).
REPORTED_BY_BUILD = frozenset({
    "front-matter", "schema", "unknown-reference", "unknown-episode",
    "broken-link", "ambiguous-link", "broken-md-link", "broken-heading",
})


@dataclass
class Doc:
    """One readable page: its registry entry, Markdown body and the path shown in messages."""

    entry: Entry
    body: str
    shown: str

    @property
    def body_line(self) -> int:
        return self.entry.body_line

    @functools.cached_property
    def text_lines(self) -> list[str]:
        """The body's lines as Markdown reads text: code and HTML comments blanked
        (:func:`wikilinks.code_free_lines`), split once for every check that reads them."""
        return code_free_lines(self.body)

    @functools.cached_property
    def code_free_lines(self) -> list[str]:
        """The body's lines with code blanked but comments kept: what raw HTML checks read
        (a browser may end a comment where the scanner would not)."""
        return code_free_lines(self.body, comments=False)


@dataclass
class Wiki:
    """Everything the checks need: the registry and every page that could be loaded."""

    registry: Registry
    docs: dict[str, Doc]  # src_uri -> Doc
    load_problems: list[Problem]
    shown: dict[str, str]  # src_uri -> shown path (also for pages that failed to load)
    root: Path | None = None  # where `seed:` paths start (mkdocs.yml's folder); None: cwd
    # every file of the docs folder (pages, images ...) when known (the validator): links to
    # any of them are checked as MkDocs checks them; None: links to pages only
    files: set[str] | None = None

    @functools.cached_property
    def citations(self) -> citations.Citations:
        """Quotes against their sources' stored articles, loaded once per wiki."""
        return citations.Citations(self.registry, self.root)


# --- loading ---------------------------------------------------------------------------------


def load_pages(pages: Iterable[tuple[str, bytes, str]], root: Path | None = None) -> Wiki:
    """``(src_uri, raw bytes, shown path)`` for every page -> a :class:`Wiki`; ``root``: the
    folder ``seed:`` paths are relative to (default: the working directory).

    Never raises for bad input: unreadable or invalid pages become problems.
    """
    entries: list[Entry] = []
    bodies: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    shown_map: dict[str, str] = {}
    for src_uri, raw, shown in pages:
        shown_map[src_uri] = shown
        stage = "front-matter"  # reading the file and its YAML, then the content model
        try:
            fm = frontmatter.read(raw, shown)
            stage = "schema"
            page = validate_page(fm, shown)
        except FrontMatterError as exc:
            for p in exc.problems:
                if p.rule == "content":
                    p.rule = stage
                problems.append(p)
            continue
        entries.append(Entry(src_uri, page, fm.lines, fm.body_line))
        bodies[src_uri] = (fm.body, shown)
    registry = Registry(entries)
    docs = {uri: Doc(registry.entries[uri], body, shown)
            for uri, (body, shown) in bodies.items()}
    return Wiki(registry, docs, problems, shown_map, root)


def load_docs_dir(docs_dir: Path, shown_prefix: str = "",
                  extra: Mapping[str, tuple[Path, str]] | None = None) -> Wiki:
    """Every ``*.md`` under ``docs_dir``, plus ``extra`` files (``src_uri -> (path, shown)``)
    checked as if they were added at ``src_uri`` (replacing a page already there). Seeds are
    read relative to the docs folder's parent (the repository root)."""

    def pages() -> Iterable[tuple[str, bytes, str]]:
        for path in sorted(docs_dir.rglob("*.md")):
            src_uri = path.relative_to(docs_dir).as_posix()
            if extra and src_uri in extra:
                continue
            yield src_uri, _read_bytes(path), shown_prefix + src_uri
        for src_uri, (path, shown) in (extra or {}).items():
            yield src_uri, _read_bytes(path), shown

    wiki = load_pages(pages(), docs_dir.resolve().parent)
    from .files_check import walk

    wiki.files = set(walk(str(docs_dir))) | set(extra or {})
    return wiki


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# --- all checks ------------------------------------------------------------------------------


DocCheck = Callable[[Doc, Callable[[], list[Problem]]], list[Problem]]
"""``(doc, run) -> problems``: how :func:`check_wiki` gets one page's problems (``run()``
checks it); ``mkdocs serve`` remembers them between rebuilds (incremental.py)."""


def check_wiki(wiki: Wiki, skip: frozenset[str] = frozenset(), *,
               config_file: Path | None = None, render: bool = True,
               doc_check: DocCheck | None = None) -> list[Problem]:
    """Every problem in the wiki, sorted by file and line; ``skip``: rules not to report.
    ``render``: also render each page as the build does (the Markdown extensions of
    ``config_file``, a site's mkdocs.yml) and check what it becomes (rendered.py); the
    build does that itself once MkDocs has rendered the page."""
    reg = wiki.registry
    problems = list(wiki.load_problems)
    if "duplicate-name" not in skip:
        problems += duplicate_names(reg, wiki.shown)
    problems += slugs(wiki.shown)
    if not {"unknown-reference", "unknown-episode"} <= skip:
        problems += check_references(reg, wiki.shown)
    reveals = RevealIndex(reg)
    src_uris = set(wiki.shown) | (wiki.files or set())
    spoilers = SpoilerSite(reg, wiki.shown)
    renderer = Renderer(reg, config_file) if render else None
    for doc in wiki.docs.values():

        def run(doc: Doc = doc) -> list[Problem]:
            return check_doc(doc, wiki, reveals, src_uris, spoilers, skip=skip,
                             renderer=renderer)

        problems += run() if doc_check is None else doc_check(doc, run)
    return sort_problems(p for p in problems if p.rule not in skip)


def check_doc(doc: Doc, wiki: Wiki, reveals: RevealIndex | None = None,
              src_uris: set[str] | None = None,
              spoilers: SpoilerSite | None = None,
              skip: frozenset[str] = frozenset(),
              renderer: Renderer | None = None) -> list[Problem]:
    """The checks of one page's content (front matter already validated); ``skip``: rules
    not to report (checks that only report those are not run); ``renderer``: render the
    page and check what it becomes (with ``spoilers``)."""
    reveals = reveals or RevealIndex(wiki.registry)
    out: list[Problem] = []
    out += wikilink_problems(doc, wiki.registry, wiki.docs,
                             resolve=not skip >= _LINK_TARGET_RULES)
    if "broken-md-link" not in skip:
        out += markdown_link_problems(doc, src_uris if src_uris is not None
                                      else set(wiki.shown), every_file=wiki.files is not None)
    out += reveal_problems(doc, wiki.registry, reveals)
    out += trivia_problems(doc, wiki.registry)
    out += citation_problems(doc, wiki)
    too_big = limits.check_source(doc.body, doc.shown, doc.body_line)
    out += too_big
    if renderer is not None and spoilers is not None and not too_big:
        html = renderer.render(doc.entry.src_uri, doc.body)
        ctx = spoilers.context(doc.entry, doc.body)
        ctx.toc = rendered.toc_titles(renderer.toc_tokens())
        out += rendered.check(html, ctx)[1]
    return out


def for_build(wiki: Wiki, doc_check: DocCheck | None = None) -> list[Problem]:
    """What the build hook logs: :func:`check_wiki` minus what the build reports itself
    (the rendered page is checked when MkDocs has rendered it)."""
    return check_wiki(wiki, REPORTED_BY_BUILD, render=False, doc_check=doc_check)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, int, int, str, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.path, p.line or 0, p.col or 0, p.rule)):
        key = (p.path, p.line or 0, p.col or 0, p.rule, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def format_problem(p: Problem) -> str:
    """``path:line:col: rule: message (hint)``: the validator's one line per problem."""
    text = f"{p.path}:{p.line or 1}:{p.col or 1}: {p.rule}: {p.message}"
    return f"{text} ({p.hint})" if p.hint else text


# --- duplicate names and slugs ----------------------------------------------------------------


def duplicate_names(registry: Registry, shown: Mapping[str, str]) -> list[Problem]:
    """A title, alias or reveal name used by two pages: reported on every page involved."""
    out = []
    for targets in registry.names.values():
        if len(targets) < 2:
            continue
        for t in targets:
            others = [o for o in targets if o is not t]
            what = "title" if t.kind == "title" else "alias"
            elsewhere = ", ".join(
                f"'{o.entry.title}' ({shown.get(o.entry.src_uri, o.entry.src_uri)})"
                for o in others)
            out.append(Problem(
                shown.get(t.entry.src_uri, t.entry.src_uri), _name_line(t),
                f"{what} '{t.name}' is already used by {elsewhere}",
                "rename one, or give the page a more specific title" if what == "title" else
                "rename or drop the alias; links can use the page title instead",
                rule="duplicate-name"))
    return out


def _name_line(t: Target) -> int:
    e = t.entry
    if t.kind == "title":
        return e.line(e.page.title_field)
    if t.kind == "alias":
        aliases = list(e.page.aliases)
        return e.line("aliases", aliases.index(t.name)) if t.name in aliases else e.line("aliases")
    if t.kind == "reveal":
        return e.line("reveals")
    return e.line("title")


SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def url_of(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``a/b.md`` and ``a/b/index.md`` -> ``a/b/``)."""
    stem, _ = posixpath.splitext(src_uri)
    head, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return f"{head}/" if head else ""
    return f"{stem}/"


def slugs(shown: Mapping[str, str]) -> list[Problem]:
    """File names are lowercase slugs; no two pages share a URL (even by case alone)."""
    out = []
    by_url: dict[str, list[str]] = {}
    for src_uri in sorted(shown):
        by_url.setdefault(url_of(src_uri).casefold(), []).append(src_uri)
        name = posixpath.splitext(posixpath.basename(src_uri))[0]
        if name not in ("index", "README") and not SLUG_RE.fullmatch(name):
            suggestion = "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "trivia-page"
            out.append(Problem(shown[src_uri], 1,
                               f"file name '{posixpath.basename(src_uri)}' is not a slug",
                               f"rename it to '{suggestion}.md' (lowercase letters, digits "
                               "and hyphens)", rule="slug"))
    for url, uris in by_url.items():
        if len(uris) < 2:
            continue
        for uri in uris:
            others = ", ".join(shown[o] for o in uris if o != uri)
            out.append(Problem(shown[uri], 1,
                               f"page would be published at '/{url}', like {others}",
                               "rename the file; pick a slug no other page uses",
                               rule="duplicate-slug"))
    return out


# --- body scanning helpers --------------------------------------------------------------------

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def _where(doc: Doc, lineno: int) -> int:
    """Body line (1-based) -> file line."""
    return doc.body_line + lineno - 1


_PLAIN = TypeAdapter(PlainText)


def _markup_error(text: str) -> str | None:
    try:
        _PLAIN.validate_python(text)
    except ValidationError as exc:
        return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
    return None


# --- wikilinks and Markdown links ------------------------------------------------------------


_LINK_TARGET_RULES = frozenset({"broken-link", "ambiguous-link", "broken-heading"})


def wikilink_problems(doc: Doc, registry: Registry,
                      docs: Mapping[str, Doc] | None = None, *,
                      resolve: bool = True) -> list[Problem]:
    """Wikilinks that lead nowhere, could mean two pages, carry markup, or name a heading
    the target page does not have (``docs``: the pages whose headings can be checked;
    ``resolve=False``: markup only, as the build resolves links itself)."""
    out = []
    for lineno, line in enumerate(doc.text_lines, start=1):
        for m in WIKILINK_RE.finditer(line):
            link = parse_link(m)
            where = (doc.shown, _where(doc, lineno))
            col = m.start() + 1
            unsafe = next((e for e in (_markup_error(t) for t in
                                       (link.target, link.heading, link.label) if t) if e), None)
            if unsafe:
                out.append(Problem(*where, f"wikilink '{link.raw}': "
                                   + unsafe.split("; ")[0], "write plain text in links",
                                   rule="unsafe-link-text", col=col))
                continue
            if not resolve:
                continue
            out += _resolve_problem(link, registry, where, col)
            if link.heading and docs is not None:
                out += _heading_problem(link, registry, docs, where, col)
    return out


_ATX_RE = re.compile(
    r"^\s{0,3}#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*"  # '## Heading text ##'
    r"(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*$"  # optional attr_list id: '{ #custom-id }'
)


def markdown_headings(body: str) -> list[tuple[str, str]]:
    """``(id, title)`` of a page's Markdown headings, as the table of contents will have them."""
    out = []
    for line in code_free_lines(body):
        m = _ATX_RE.match(line)
        if m and m.group("text"):
            text = m.group("text").strip()
            out.append((m.group("id") or toc_slugify(text, "-"), text))
    return out


def _heading_problem(link: WikiLink, registry: Registry, docs: Mapping[str, Doc],
                     where: tuple[str, int], col: int) -> list[Problem]:
    """The same check (and words) as the build's, from the target's Markdown headings."""
    res = registry.resolve(link.target)
    target = docs.get(res.target.entry.src_uri) if res.target else None
    if target is None or link.heading is None:
        return []
    anchors = markdown_headings(target.body)
    if has_heading(anchors, link.heading, toc_slugify(link.heading, "-")):
        return []
    message = unknown_heading_message(link.raw, link.heading, target.entry.title,
                                      [t for _, t in anchors])
    what, _, hint = message.partition("; ")
    return [Problem(*where, what, hint, rule="broken-heading", col=col)]


def _resolve_problem(link: WikiLink, registry: Registry, where: tuple[str, int],
                     col: int) -> list[Problem]:
    res = registry.resolve(link.target)
    if res.target is not None:
        return []
    if res.ambiguous:
        options = ", ".join(f"'{t.entry.title}' ({t.entry.src_uri})" for t in res.candidates)
        return [Problem(*where, f"wikilink '{link.raw}' is ambiguous: it could mean {options}",
                        "link with the full page title", rule="ambiguous-link", col=col)]
    hint = (f"did you mean {' or '.join(repr(s) for s in res.suggestions)}?"
            if res.suggestions else "create the page or fix the spelling")
    return [Problem(*where, f"wikilink '{link.raw}' points to no page", hint,
                    rule="broken-link", col=col)]


_MD_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")


def markdown_link_problems(doc: Doc, src_uris: set[str],
                           every_file: bool = False) -> list[Problem]:
    """``[text](other.md)`` links (and images) to files that do not exist, as MkDocs reads
    them (it warns on these too): a relative address whose last part has an extension;
    ``every_file``: ``src_uris`` holds every file, not only the pages (else only ``.md``
    links are checked)."""
    out = []
    base = posixpath.dirname(doc.entry.src_uri)
    for lineno, line in enumerate(doc.text_lines, start=1):
        for m in [*_MD_LINK_RE.finditer(line), *_REF_DEF_RE.finditer(line)]:
            try:
                parts = urlsplit(m.group(1))
            except ValueError:
                continue
            url = unquote(parts.path)
            if parts.scheme or parts.netloc or not url or url.startswith(("/", "\\")):
                continue
            if not (url.endswith(".md") if not every_file
                    else posixpath.splitext(url)[1]):
                continue
            target = posixpath.normpath(posixpath.join(base, url))
            if target not in src_uris:
                out.append(Problem(doc.shown, _where(doc, lineno),
                                   f"link to '{url}' points to no "
                                   + ("page" if url.endswith(".md") else "file in docs/"),
                                   "fix the path, or link with [[Page title]]",
                                   rule="broken-md-link", col=m.start(1) + 1))
    return out


# --- spoilers ----------------------------------------------------------------------------------


class RevealIndex:
    """Every reveal name in the wiki, as :mod:`rendered` reads text (look-alike letters,
    invisible characters and case folded; any whitespace between words)."""

    def __init__(self, registry: Registry):
        self.by_name: dict[str, tuple[str, str]] = {}  # normalised name -> (name, episode)
        for targets in registry.names.values():
            for t in targets:
                if t.kind == "reveal" and t.reveal:
                    self.by_name[normalise(t.name)] = (t.name, t.reveal)
        self.patterns = [(rendered.name_pattern(name), name, episode)
                         for name, episode in self.by_name.values()]

    def find(self, text: str) -> Iterable[tuple[int, str, str]]:
        """``(offset, name, reveal episode)`` of every reveal name in ``text``."""
        if not self.patterns:
            return
        shown = rendered.reader_text(text)
        for pattern, name, episode in self.patterns:
            for m in pattern.finditer(shown):
                yield m.start(), name, episode


# Front-matter fields never shown as text: the page type, a character's own reveals (the
# names themselves), a seed's path, theme switches; and references to other pages, which
# are shown by the safe title of the page they lead to (a reveal name may lead there).
_NOT_SHOWN = frozenset({"type", "reveals", "seed", "hide", "draft"})
_REFERENCES = frozenset({"people", "characters", "speaker", "source", "played_by", "plays",
                         "directed_by", "written_by", "cast"})


def _shown_values(data: object, path: tuple[str | int, ...] = ()
                  ) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """``(path, text)`` of every string in a page's front matter (as JSON data) that a
    reader may see, an address as its words."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not (not path and key in _NOT_SHOWN) and key not in _REFERENCES:
                yield from _shown_values(value, (*path, key))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from _shown_values(value, (*path, i))
    elif isinstance(data, str) and path:
        yield path, sanitize.url_words(data) if path[-1] == "url" else data


def reveal_problems(doc: Doc, registry: Registry, reveals: RevealIndex) -> list[Problem]:
    """Reveal names in what readers see of a page besides its body (the body is checked as
    rendered, rendered.py): its title, aliases, summary, tags, quotes and file name."""
    if not reveals.patterns:
        return []
    tl = registry.timeline
    entry = doc.entry
    page_point = registry.reveal_point(entry)
    page_pos = tl.position(page_point) or 0
    out: list[Problem] = []

    def too_early(pos: int, name: str, episode: str) -> bool:
        return pos < (tl.position(episode) or 0)

    # Front matter shown to readers: every value (title, aliases, summary, tags, quotes and
    # speakers' notes, a source's outlet, author and address, a person's roles ...), not
    # only the fields known to be shown today.
    page = entry.page
    fields: list[tuple[tuple[str | int, ...], str]] = [((page.title_field,), entry.title)]
    fields += [(path, text) for path, text in _shown_values(page.model_dump(mode="json"))
               if path[0] != page.title_field]
    for path, text in fields:
        is_title = path == (page.title_field,)
        for _, name, episode in reveals.find(text):
            if is_title and too_early(0, name, episode):
                # A title is shown on every surface (navigation, search, other pages' lists)
                # before anyone opens the page, so its own reveal point does not protect it.
                out.append(Problem(
                    doc.shown, entry.line(*path),
                    f"the title uses '{name}', a spoiler until {episode}; titles show in "
                    "navigation, search and lists before the page is opened",
                    "title the page with a name known earlier (the safe name)",
                    rule="reveal-too-early"))
            elif not is_title and too_early(page_pos, name, episode):
                out.append(Problem(
                    doc.shown, entry.line(*path),
                    f"'{name}' is a spoiler until {episode}, but this page is safe from "
                    f"{page_point}", f"use a name known before {episode}, or set "
                    f"'spoilers: {episode}' on the page", rule="reveal-too-early"))
    # The file name becomes the page's address, shown before the page is opened.
    words = posixpath.splitext(entry.src_uri)[0].replace("/", " ").replace("-", " ")
    for _, name, episode in reveals.find(words):
        if too_early(0, name, episode):
            out.append(Problem(
                doc.shown, 1, f"the file name spells '{name}', a spoiler until {episode}; "
                "the address shows in links and the sitemap before the page is opened",
                "rename the file after a name known earlier", rule="reveal-too-early"))
    return out


# --- trivia ------------------------------------------------------------------------------------


def trivia_problems(doc: Doc, registry: Registry) -> list[Problem]:
    page = doc.entry.page
    if not isinstance(page, Trivia):
        return []
    out = []
    tl = registry.timeline
    entry = doc.entry
    if page.spoilers and (spos := tl.position(page.spoilers)) is not None:
        for i, key in enumerate(page.episodes):
            pos = tl.position(key)
            if pos is not None and pos > spos:
                out.append(Problem(
                    doc.shown, entry.line("spoilers"),
                    f"spoilers: {page.spoilers} is earlier than {key}, an episode this "
                    f"trivia cites (episodes, line {entry.line('episodes', i)})",
                    f"set 'spoilers: {registry.latest(page.episodes)}' or later",
                    rule="spoiler-too-early"))
    for i, cite in enumerate(page.sources):
        if not cite.quote:
            out.append(Problem(doc.shown, entry.line("sources", i),
                               f"sources: the citation of '{cite.source}' has no quote",
                               "add 'quote: ...' with the short passage that supports the "
                               "trivia, verbatim", rule="missing-quote"))
    return out


def citation_problems(doc: Doc, wiki: Wiki) -> list[Problem]:
    """Quotes that are not in the stored article (``seed:``) of the source they cite, or
    whose speaker is not the article's; a source page's ``seed:`` that is not a seed file."""
    return wiki.citations.problems(doc.entry, doc.shown, doc.text_lines)


__all__ = [
    "REPORTED_BY_BUILD", "RULES", "Doc", "RevealIndex", "Wiki", "check_doc", "check_wiki",
    "for_build", "format_problem", "load_docs_dir", "load_pages", "sort_problems",
]

