"""Every page-level check a contribution must pass, as pure functions returning Problems.

``scripts/validate.py`` runs all of them; the plugin runs the same functions during a build
(:func:`for_build`) and logs what the build does not already report itself, so the validator
and ``mkdocs build --strict`` agree on what is acceptable.

The rules are listed in :data:`RULES` (CONTRIBUTING.md documents each one).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown.extensions.toc import slugify as toc_slugify
from pydantic import TypeAdapter, ValidationError

from . import citations, frontmatter
from .errors import FrontMatterError, Problem
from .load import check_references
from .model import PlainText, Trivia, validate_page
from .registry import Entry, Registry, Target, normalise
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
    "broken-md-link": "a [text](page.md) link to a file that does not exist",
    "unsafe-link-text": "markup inside a [[wikilink]]'s target, heading or label",
    "reveal-too-early": "a spoiler name shown before its reveal point, outside a late "
                        "enough spoiler",
    "spoiler-too-early": "a trivia page whose reveal point is earlier than an episode it cites",
    "spoiler-syntax": "a spoiler marker naming an episode the wiki does not have",
    "missing-quote": "a trivia citation without the quote that supports it",
    "spoiler-no-key": "keyless spoiler markup on a page whose reveal point is S0",
    "spoiler-heading": "spoiler markup inside a heading (headings feed the table of contents "
                       "and search)",
    "raw-html": "<script>, <iframe>, <object>, <embed>, on*= event handlers, javascript: URLs",
    **citations.RULES,
}

# Rules the build reports through its own code paths (schema errors stop it in on_files,
# the registry's duplicate warnings, check_references, the wikilink renderer's warning,
# MkDocs' own check of Markdown links). The build hook skips them to avoid double warnings.
# The spoiler markup lints of spoilers.lint_markdown that no rule here covers already
# (its reveal-name and unknown-key lints repeat 'reveal-too-early' and 'spoiler-syntax').
SPOILER_MARKUP_RULES = frozenset({"spoiler-no-key", "spoiler-heading"})

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

    return load_pages(pages(), docs_dir.resolve().parent)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# --- all checks ------------------------------------------------------------------------------


def check_wiki(wiki: Wiki, skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem in the wiki, sorted by file and line; ``skip``: rules not to report."""
    reg = wiki.registry
    problems = list(wiki.load_problems)
    if "duplicate-name" not in skip:
        problems += duplicate_names(reg, wiki.shown)
    problems += slugs(wiki.shown)
    if not {"unknown-reference", "unknown-episode"} <= skip:
        problems += check_references(reg, wiki.shown)
    reveals = RevealIndex(reg)
    src_uris = set(wiki.shown)
    spoilers = SpoilerSite(reg, lambda e: e.title, wiki.shown)
    for doc in wiki.docs.values():
        problems += check_doc(doc, wiki, reveals, src_uris, spoilers, skip=skip)
    return sort_problems(p for p in problems if p.rule not in skip)


def check_doc(doc: Doc, wiki: Wiki, reveals: RevealIndex | None = None,
              src_uris: set[str] | None = None,
              spoilers: SpoilerSite | None = None,
              skip: frozenset[str] = frozenset()) -> list[Problem]:
    """The checks of one page's content (front matter already validated); ``skip``: rules
    not to report (checks that only report those are not run)."""
    reveals = reveals or RevealIndex(wiki.registry)
    out: list[Problem] = []
    out += wikilink_problems(doc, wiki.registry, wiki.docs,
                             resolve=not skip >= _LINK_TARGET_RULES)
    if "broken-md-link" not in skip:
        out += markdown_link_problems(doc, src_uris if src_uris is not None
                                      else set(wiki.shown))
    out += reveal_problems(doc, wiki.registry, reveals)
    out += trivia_problems(doc, wiki.registry)
    out += citation_problems(doc, wiki)
    out += raw_html_problems(doc)
    if spoilers is not None:
        # Only its markup lints: reveal names are checked above (reveal_problems).
        out += [p for p in spoilers.lint(doc.entry, doc.body, reveal_names=[])
                if p.rule in SPOILER_MARKUP_RULES]
    return out


def for_build(wiki: Wiki) -> list[Problem]:
    """What the build hook logs: :func:`check_wiki` minus what the build reports itself."""
    return check_wiki(wiki, REPORTED_BY_BUILD)


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


def markdown_link_problems(doc: Doc, src_uris: set[str]) -> list[Problem]:
    """``[text](other.md)`` links to pages that do not exist (MkDocs warns on these too)."""
    out = []
    base = posixpath.dirname(doc.entry.src_uri)
    for lineno, line in enumerate(doc.text_lines, start=1):
        for m in [*_MD_LINK_RE.finditer(line), *_REF_DEF_RE.finditer(line)]:
            url = m.group(1).split("#", 1)[0]
            if not url.endswith(".md") or re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I):
                continue
            target = posixpath.normpath(posixpath.join(base, url))
            if target not in src_uris:
                out.append(Problem(doc.shown, _where(doc, lineno),
                                   f"link to '{url}' points to no page",
                                   "fix the path, or link with [[Page title]]",
                                   rule="broken-md-link", col=m.start(1) + 1))
    return out


# --- spoilers ----------------------------------------------------------------------------------

_SPOILER_BLOCK_RE = re.compile(r"^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+spoiler\b\s*(?P<rest>.*)$")
_INLINE_SPOILER_RE = re.compile(r"\|\|(?:(?P<key>S\d+(?:E\d+)?)\s*:\s*)?(?P<text>.+?)\|\|")


class RevealIndex:
    """Every reveal name in the wiki, found in text with one regular expression."""

    def __init__(self, registry: Registry):
        self.by_name: dict[str, tuple[str, str]] = {}  # normalised name -> (name, episode)
        for targets in registry.names.values():
            for t in targets:
                if t.kind == "reveal" and t.reveal:
                    self.by_name[normalise(t.name)] = (t.name, t.reveal)
        names = sorted((re.escape(n) for n, _ in self.by_name.values()), key=len, reverse=True)
        pattern = "|".join(n.replace(r"\ ", r"\s+") for n in names)
        self.regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I) if names else None
        # Every match contains its name's first word: a cheap test before the regex.
        self.first_words = sorted({n.split()[0].lower() for n, _ in self.by_name.values()
                                   if n.split()})

    def may_occur(self, text: str) -> bool:
        """False when no reveal name can be in ``text`` (most pages): a few substring
        tests instead of the case-insensitive alternation over the whole text."""
        low = text.lower()
        return any(w in low for w in self.first_words)

    def find(self, text: str) -> Iterable[tuple[int, str, str]]:
        """``(offset, name, reveal episode)`` of every reveal name in ``text``."""
        if self.regex is None:
            return
        for m in self.regex.finditer(text):
            name, episode = self.by_name[normalise(m.group(0))]
            yield m.start(), name, episode


def _shown_text(line: str) -> str:
    """The line as readers see it: a wikilink with a label shows only the label."""
    def blank(m: re.Match[str]) -> str:
        link = parse_link(m)
        if not link.label:
            return m.group(0)
        raw = m.group(0)
        keep = raw.rfind(link.label)
        return " " * keep + link.label + " " * (len(raw) - keep - len(link.label))
    return WIKILINK_RE.sub(blank, line)


def _spoiler_point(rest: str, page_point: str) -> str:
    """The key a spoiler block names: ``"S1E9"`` -> S1E9; none -> the page's point;
    anything else (``"yes"``) is returned as is, so it is reported as unknown."""
    rest = rest.strip()
    if not rest:
        return page_point
    m = re.match(r'"?\s*(S\d+(?:E\d+)?)\b', rest, re.I)
    if m:
        return m.group(1).upper()
    quoted = re.match(r'"([^"]*)"', rest)
    return quoted.group(1) if quoted else rest.split()[0]


def reveal_problems(doc: Doc, registry: Registry, reveals: RevealIndex) -> list[Problem]:
    """Reveal names shown before their reveal point and outside a late enough spoiler."""
    if reveals.regex is None:
        return []
    tl = registry.timeline
    entry = doc.entry
    page_point = registry.reveal_point(entry)
    page_pos = tl.position(page_point) or 0
    out: list[Problem] = []

    def too_early(pos: int, name: str, episode: str) -> bool:
        return pos < (tl.position(episode) or 0)

    # Front matter shown to readers: title, aliases, summary, quotes.
    page = entry.page
    fields: list[tuple[tuple[str | int, ...], str]] = [((page.title_field,), entry.title)]
    fields += [(("aliases", i), a) for i, a in enumerate(page.aliases)]
    if page.summary:
        fields.append((("summary",), page.summary))
    if isinstance(page, Trivia):
        fields += [(("sources", i, "quote"), c.quote) for i, c in enumerate(page.sources)
                   if c.quote]
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
    # The body, line by line, with spoiler blocks and inline spoilers. A body that names no
    # reveal (as written, or as shown with link labels only) is only checked for markup.
    names = reveals.may_occur(doc.body) and (
        reveals.regex.search(doc.body) is not None
        or reveals.regex.search(_shown_text(doc.body)) is not None)
    stack: list[tuple[int, int]] = []  # (indent of the marker, position it protects to)
    fence: str | None = None
    for lineno, raw in enumerate(doc.body.split("\n"), start=1):
        line = raw.expandtabs(4)
        stripped = line.strip()
        m_fence = _FENCE_RE.match(line)
        if stripped:
            indent = len(line) - len(line.lstrip())
            if fence is None:
                while stack and indent <= stack[-1][0]:
                    stack.pop()
        block_pos = max([page_pos, *(p for _, p in stack)])
        in_code = fence is not None or bool(m_fence)
        if fence is None and m_fence:
            fence = m_fence.group(1)[0] * len(m_fence.group(1))
        elif fence is not None and stripped.startswith(fence) and set(stripped) <= {fence[0]}:
            fence = None
        marker = None if in_code else _SPOILER_BLOCK_RE.match(line)
        text = line if in_code or not names else _shown_text(line)
        spans = [] if in_code or not names else [
            (s.start(), s.end(), tl.position(s.group("key")) if s.group("key") else page_pos)
            for s in _INLINE_SPOILER_RE.finditer(line)]
        for off, name, episode in reveals.find(text) if names else ():
            pos = max([block_pos, *((p or 0) for a, b, p in spans if a <= off < b)])
            if too_early(pos, name, episode):
                out.append(Problem(
                    doc.shown, _where(doc, lineno),
                    f"'{name}' is a spoiler until {episode}, but here it is safe from "
                    f"{tl.key_at(pos)}",
                    f"wrap it in ||{episode}: ...|| or a '!!! spoiler \"{episode}\"' block, "
                    "or use a name known earlier", rule="reveal-too-early", col=off + 1))
        if marker:
            point = _spoiler_point(marker.group("rest"), page_point)
            known = tl.position(point)
            if known is None:
                out.append(Problem(doc.shown, _where(doc, lineno),
                                   f"spoiler block names unknown episode '{point}'",
                                   tl.valid_range(), rule="spoiler-syntax",
                                   col=len(marker.group("indent")) + 1))
            stack.append((len(marker.group("indent")), max(known or page_pos, block_pos)))
        for s in [] if in_code else _INLINE_SPOILER_RE.finditer(line):
            key = s.group("key")
            if key and tl.position(key) is None:
                out.append(Problem(doc.shown, _where(doc, lineno),
                                   f"inline spoiler names unknown episode '{key}'",
                                   tl.valid_range(), rule="spoiler-syntax", col=s.start() + 1))
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


# --- raw HTML ----------------------------------------------------------------------------------

FORBIDDEN_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed",
                            "applet", "base", "form", "meta", "link", "style"})
_BAD_SCHEME_RE = re.compile(
    r"^(?:javascript|vbscript|data(?!:image/(?:png|jpe?g|gif|webp)[;,]))\s*:", re.I)
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcset",
                       "poster", "background", "codebase", "cite", "srcdoc"})
_SCRIPT_URL_RE = re.compile(r"(?<![\w-])(?:java|vb)script\s*:", re.I)
_ATTR_LIST_RE = re.compile(r"\{:?[^{}\n]*\}")  # {: #id .class key=value } (attr_list)
_HANDLER_RE = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)


def _bad_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(value))
    return bool(_BAD_SCHEME_RE.match(cleaned))


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str]] = []  # line, col, message, hint

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        if tag in FORBIDDEN_TAGS:
            self.found.append((line, col + 1, f"<{tag}> is not allowed in a page",
                               "remove it; pages are Markdown, not HTML"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col + 1, f"event handler attribute '{name}' on "
                                   f"<{tag}>", "remove it; pages run no scripts"))
            elif name in URL_ATTRS and value and _bad_url(value):
                self.found.append((line, col + 1, f"'{name}' on <{tag}> is a script or data URL",
                                   "link to an http(s) page instead"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)


def raw_html_problems(doc: Doc) -> list[Problem]:
    # Wikilinks are checked on their own (unsafe-link-text): blank them here.
    lines = [WIKILINK_RE.sub(lambda m: " " * len(m.group(0)), line)
             for line in doc.code_free_lines]
    found: list[tuple[int, int, str, str]] = []
    text = "\n".join(lines)
    if "<" in text:  # no tag without one: spare the (pure-Python) parser
        scanner = _TagScanner()
        try:
            scanner.feed(text)
            scanner.close()
        except Exception:  # HTMLParser is lenient; never let odd input become a traceback
            pass
        found += scanner.found
    url_lines = {f[0] for f in found if "script or data URL" in f[2]}
    for lineno, line in enumerate(lines, start=1):
        for m in [] if lineno in url_lines else _SCRIPT_URL_RE.finditer(line):
            found.append((lineno, m.start() + 1, "a javascript: URL",
                          "link to an http(s) page instead"))
        for m in [*_MD_LINK_RE.finditer(line), *_REF_DEF_RE.finditer(line)]:
            if _bad_url(m.group(1)) and not _SCRIPT_URL_RE.search(m.group(1)):
                found.append((lineno, m.start(1) + 1, f"link to a script or data URL "
                              f"'{m.group(1)[:40]}'", "link to an http(s) page instead"))
        for attrs in _ATTR_LIST_RE.finditer(line):
            for m in _HANDLER_RE.finditer(attrs.group(0)):
                found.append((lineno, attrs.start() + m.start(1) + 1, f"event handler "
                              f"'{m.group(1)}' in an attribute list",
                              "remove it; pages run no scripts"))
    out = []
    seen: set[tuple[int, int]] = set()
    for lineno, col, message, hint in sorted(found):
        if (lineno, col) in seen:
            continue
        seen.add((lineno, col))
        out.append(Problem(doc.shown, _where(doc, lineno), message, hint, rule="raw-html",
                           col=col))
    return out


__all__ = [
    "REPORTED_BY_BUILD", "RULES", "Doc", "RevealIndex", "Wiki", "check_doc", "check_wiki",
    "for_build", "format_problem", "load_docs_dir", "load_pages", "sort_problems",
]

