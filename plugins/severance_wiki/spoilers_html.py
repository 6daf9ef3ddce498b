"""Turning reveal marks into gates, and the other surfaces: search text, TOC, sitemap.

Pure functions over HTML strings (no MkDocs). Producers (our Markdown extensions, the
cross-reference code) mark any element whose text is safe only from episode K on with
``data-reveal="K"``. :func:`gate_page` rewrites each mark into gated markup:

.. code-block:: html

    <div class="sv-spoiler sv-block" data-sv-pos="9" data-sv-key="S1E9">
      <input type="checkbox" class="sv-toggle" id="sv-t1" ...>   (no-JS reveal)
      <div class="sv-gate"> note, <button class="sv-show" aria-expanded="false">, <label> </div>
      <div class="sv-content" id="sv-c1" data-search-exclude> ... hidden text ... </div>
    </div>

``.sv-content`` is ``display: none`` until the reader's progress reaches ``data-sv-pos``
(a rule the head script writes before first paint) or the reader reveals it: hidden text is
not rendered, so find-in-page, screen readers and selection never reach it. A mark already
implied by an enclosing gate or by the page's own reveal point is dropped. A producer may
say what a gate hides with ``data-reveal-what="3 pages"``; the note then ends with it.

Besides the gate above, a mark can ask for one of three quieter forms:

- ``<tr data-reveal="K">``: a *row gate*: the row's ``<th>`` cells (its key) stay, the other
  cells hide behind one gate cell ("Safe after K · Show") that spans them;
- ``data-reveal-each`` on a list item or a ``<tbody>`` marked with the latest point of what
  it holds: a *group*: one gate for the marked items inside, each of which still appears by
  itself once the reader's progress reaches its own point (``class="sv-later"``);
- ``data-reveal-quiet``: text that simply appears once progress reaches it, with no gate
  (an episode's title next to its always-safe key).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .spoilers import UNKNOWN
from .timeline import Timeline

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "del", "em", "i",
          "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
          "sup", "time", "u", "var"}
# Containers whose mark moves to their children (a <div> may not sit in a <ul> or <tr>).
# A marked row (<tr>) is gated as a whole: one gate cell (see _gate.row).
FORWARD = {"ul": {"li"}, "ol": {"li"}, "dl": {"dt", "dd"}, "table": {"thead", "tbody", "tfoot",
           "tr"}, "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"}}
# Elements that may hold a <div>; others get an inline (<span>) gate inside them.
FLOW = {"div", "section", "aside", "article", "li", "td", "th", "dd", "blockquote", "figure",
        "nav", "details", "main", "header", "footer", "body"}


# Tags and comments; attribute values never contain '>' in the HTML Markdown writes.
_TOKEN_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>|<!--.*?-->|<![^>]*>", re.S)
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
RAW_TEXT = {"script", "style", "textarea", "title"}


class _El:
    """An element with source offsets, so unchanged HTML is copied byte for byte."""

    __slots__ = ("_attrs", "children", "close_start", "end", "open_end", "raw", "start", "tag")

    def __init__(self, tag: str, raw: str, start: int, open_end: int):
        self.tag = tag
        self.raw = raw  # the start tag's attribute text, parsed on demand
        self.start = start  # offset of '<'
        self.open_end = open_end  # offset after the start tag's '>'
        self.close_start = -1  # offset of '</'
        self.end = -1  # offset after the end tag's '>'
        self.children: list[_El] = []
        self._attrs: dict[str, str | None] | None = None

    @property
    def attrs(self) -> dict[str, str | None]:
        if self._attrs is None:
            self._attrs = {}
            for m in _ATTR_RE.finditer(self.raw):
                value = m.group(2)
                if value is not None and value[:1] in "\"'":
                    value = value[1:-1]
                self._attrs[m.group(1).lower()] = (
                    html.unescape(value) if value is not None else None)
        return self._attrs

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split() if "class" in self.raw else []


class _Spans:
    """The element tree of an HTML fragment, from a regular-expression tokenizer.

    Much faster than :mod:`html.parser` on the large pages index builds make; our input is
    HTML that Python-Markdown and MkDocs wrote, so tags are well formed.
    """

    def __init__(self, text: str, start: int = 0, *, one: bool = False):
        """The tree of ``text[start:]``; ``one``: only the element that starts at ``start``
        (parsing stops where it ends, so a part of a large page costs only its own size)."""
        self.text = text
        self.root = _El("#root", "", start, start)
        self.root.close_start = self.root.end = len(text)
        stack = [self.root]
        opened: dict[str, int] = {}  # open elements per tag, to skip stray end tags fast
        skip_to = 0
        for m in _TOKEN_RE.finditer(text, start):
            if one and self.root.children and len(stack) == 1:
                break  # the one element is complete
            at = m.start()
            if at < skip_to:
                continue  # inside <script>, <style> ...
            close, tag, raw = m.groups()
            if tag is None:
                continue  # comment, doctype, CDATA
            tag = tag.lower()
            if close:
                if not opened.get(tag):
                    continue  # a stray end tag
                while stack[-1].tag != tag:
                    el = stack.pop()
                    opened[el.tag] -= 1
                    el.close_start = el.end = at
                el = stack.pop()
                opened[tag] -= 1
                el.close_start, el.end = at, m.end()
                continue
            el = _El(tag, raw, at, m.end())
            stack[-1].children.append(el)
            if tag in VOID or raw.endswith("/"):
                el.close_start = el.end = el.open_end
            elif tag in RAW_TEXT:
                found = re.compile(rf"</{tag}\s*>", re.I).search(text, el.open_end)
                el.close_start = found.start() if found else len(text)
                el.end = skip_to = found.end() if found else len(text)
            else:
                stack.append(el)
                opened[tag] = opened.get(tag, 0) + 1
        for el in stack[1:]:  # unclosed elements end with the text
            el.close_start = el.end = len(text)


# Parts of a page that hold no elements: comments and raw-text elements.
_OPAQUE = r"<!--.*?-->|<(?P<raw_tag>script|style|textarea|title)\b[^>]*>.*?</(?P=raw_tag)\s*>"


@functools.cache
def _same_tag_re(tag: str) -> re.Pattern[str]:
    return re.compile(rf"{_OPAQUE}|<(?P<close>/?){tag}(?=[\s/>])(?P<attrs>[^>]*)>", re.S | re.I)


def _end_of(text: str, start: int, tag: str, hi: int | None = None) -> tuple[int, int]:
    """Where the ``tag`` element whose start tag is at ``start`` ends: the offsets of its
    end tag (``close_start, end``), counting only ``tag``'s own start and end tags (as
    :class:`_Spans` nests them in the HTML Markdown and MkDocs write): the extent of an
    element without parsing what is inside it. Unclosed, it ends at ``hi``."""
    hi = len(text) if hi is None else hi
    depth = 0
    for m in _same_tag_re(tag).finditer(text, start, hi):
        close = m.group("close")
        if close is None:
            continue  # a comment, <script> ...
        if close:
            depth -= 1
        elif not m.group("attrs").endswith("/"):
            depth += 1
        if depth <= 0:
            return (m.start() if close else m.end()), m.end()
    return hi, hi


_START_TAG_RE = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>[^>]*)>")


def _elements(text: str, marker: re.Pattern[str], keep: Callable[[_El], bool],
              lo: int = 0, hi: int | None = None, *, opaque: bool = True) -> Iterator[_El]:
    """The elements of ``text[lo:hi]`` whose start tag contains ``marker`` (a word of their
    classes or attributes) and that ``keep`` accepts (from the start tag alone), outermost
    only (one inside a found one is part of it). Each comes with its extent but no
    children: the cheap way to touch a few parts of a large page. ``opaque=False``: the
    marker cannot occur in comments and scripts, so they are not looked for."""
    hi = len(text) if hi is None else hi
    cursor = lo
    opaque_spans: list[tuple[int, int]] | None = None
    for m in marker.finditer(text, lo, hi):
        if m.start() < cursor:
            continue
        tag = _START_TAG_RE.match(text, max(text.rfind("<", lo, m.start()), lo))
        if tag is None or tag.end() <= m.start() or tag.end() > hi:
            continue  # the word is text, not part of a start tag
        if opaque:
            if opaque_spans is None:
                opaque_spans = [c.span() for c in _OPAQUE_RE.finditer(text, lo, hi)]
            if opaque_spans and _inside(opaque_spans, m.start()):
                continue  # in a comment, a <script> ...
        name = tag.group("tag").lower()
        el = _El(name, tag.group("attrs"), tag.start(), tag.end())
        if not keep(el):
            continue
        if name in VOID or el.raw.endswith("/"):
            el.close_start = el.end = el.open_end
        else:
            el.close_start, el.end = _end_of(text, tag.start(), name, hi)
        yield el
        cursor = el.end


_OPAQUE_RE = re.compile(_OPAQUE, re.S | re.I)


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(spans, (at, at)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


_BLOCK_CONTENT_RE = re.compile(
    r"<(?:p|div|ul|ol|dl|table|h[1-6]|blockquote|pre|section|figure|aside|details|hr)[\s>/]")


@dataclass
class Gating:
    """What :func:`gate_page` needs to know about the site and the page."""

    timeline: Timeline
    page_key: str = "S0"
    # What keyless markup (``||text||``, ``!!! spoiler``) means on this page.
    default_key: str | None = None
    # Episode key -> the note text shown on a gate ("S1E9"); titles are added by the caller.
    describe: Callable[[str], str] | None = None
    gated_ids: set[str] = field(default_factory=set)  # ids inside gates (TOC pruning)
    count: int = 0
    search_text: str = ""  # set by gate_page: the page's search text (see search_marked)

    def pos(self, key: str) -> int:
        if key == UNKNOWN:
            return len(self.timeline) + 1
        p = self.timeline.position(key)
        return len(self.timeline) + 1 if p is None else p

    def key_of(self, raw: str | None) -> str:
        raw = (raw or "").strip()
        if raw in ("", "page"):
            key = self.default_key or self.page_key
            return UNKNOWN if key == "S0" else key
        pos = self.timeline.position(raw)
        # The key as the progress picker lists it: "S1" (the end of season 1) is S1E9.
        return UNKNOWN if pos is None else (self.timeline.key_at(pos) if pos else "S0")


# Content that can show or say something without text: media, form controls, and
# attributes that are rendered, read aloud or followed.
_SILENT_CONTENT_RE = re.compile(
    r"<(?:img|svg|video|audio|iframe|object|embed|picture|canvas|math|input|select|textarea|"
    r"meter|progress)\b|\s(?:alt|title|aria-label|aria-description|placeholder|value|src|"
    r"srcset|href|content)\s*=", re.I)


def is_empty(fragment: str) -> bool:
    """True when ``fragment`` (an element, or a page body) shows nothing: no text, no
    media, no attribute a reader could see or follow (an empty link's address counts).
    Gating it would give a "Show" that reveals nothing."""
    if _SILENT_CONTENT_RE.search(fragment):
        return False
    return not html.unescape(re.sub(r"<!--.*?-->|<[^>]*>", "", fragment, flags=re.S)).strip()


def _attr_escape(value: str) -> str:
    return html.escape(value, quote=True)


def _label(key: str, kind: str) -> str:
    shown_key = "a later episode" if key == UNKNOWN else key
    if kind == "sv-page":
        return f"Show this page (spoilers through {shown_key})"
    return f"Show what is safe after {shown_key}"


def _toggle(key: str, n: int, kind: str = "") -> str:
    """The no-JS reveal: a visually hidden checkbox (its label is the gate's "Show")."""
    return (f'<input type="checkbox" class="sv-toggle" id="sv-t{n}" '
            f'aria-label="{_attr_escape(_label(key, kind))}">')


def _gate_inner(key: str, n: int, note: str, tag: str, kind: str = "") -> str:
    """A gate's note and its two "Show" controls (button with JS, label without)."""
    label = _attr_escape(_label(key, kind))
    return (f'<{tag} class="sv-note">{note}</{tag}> '
            f'<button type="button" class="sv-show" aria-expanded="false" aria-controls="sv-c{n}"'
            f' aria-label="{label}">Show</button>'
            f'<label class="sv-show-nojs" for="sv-t{n}">Show</label>')


def gate_markup(inner: str, key: str, pos: int, n: int, *, block: bool,
                note: str, kind: str = "") -> str:
    """The gated form of ``inner``: hidden until progress reaches ``pos`` or revealed.
    A group (``kind="sv-each"``) puts its gate after what it holds: items that progress
    has revealed come first, and the gate sums up the rest."""
    box, tag = ("div", "div") if block else ("span", "span")
    cls = "sv-spoiler " + ("sv-block" if block else "sv-inline") + (f" {kind}" if kind else "")
    gate = f'<{tag} class="sv-gate">{_gate_inner(key, n, note, tag, kind)}</{tag}>'
    content = f'<{tag} class="sv-content" id="sv-c{n}" data-search-exclude>{inner}</{tag}>'
    body = content + gate if kind == "sv-each" else gate + content
    return (f'<{box} class="{cls}" data-sv-pos="{pos}" data-sv-key="{_attr_escape(key)}">'
            f"{_toggle(key, n, kind)}{body}</{box}>")


def quiet_markup(inner: str, pos: int, *, block: bool = False) -> str:
    """Text that simply appears once progress reaches ``pos`` (no button): e.g. a title."""
    tag = "div" if block else "span"
    return (f'<{tag} class="sv-spoiler sv-quiet" data-sv-pos="{pos}">'
            f'<{tag} class="sv-content" data-search-exclude>{inner}</{tag}></{tag}>')


_REVEAL_RE = re.compile("data-reveal")


def _has_reveal(el: _El) -> bool:
    return "data-reveal" in el.attrs


def _forwarded(el: _El, key: str, marks: dict[int, str]) -> None:
    """Mark the children a ``<ul>``/``<table>``... mark moves to (a gate may not sit
    between a list and its items), except those with a mark of their own."""
    for child in el.children:
        if child.tag in FORWARD.get(el.tag, set()):
            if "data-reveal" in child.raw and _has_reveal(child):
                continue
            if child.tag in FORWARD:
                _forwarded(child, key, marks)
            else:
                marks[id(child)] = key


def gate_html(text: str, g: Gating, enclosing: int | None = None) -> str:
    """Rewrite every ``data-reveal`` mark in ``text`` into gated markup."""
    return _gate(text, g, enclosing)[0]


def _gate(text: str, g: Gating, enclosing: int | None = None) -> tuple[str, str]:
    """``text`` with its marks gated, and its search text with the gated parts marked by
    the position they show from (what :func:`search_marked` makes of the first, without
    the space after block ends), built in the same pass.

    Driven by the marks: only the marked and the hidden elements (and what they hold) are
    looked at, the rest of the page is copied as is, so a page costs what its marks cost."""
    if "data-reveal" not in text and "sv-spoiler" not in text \
            and "data-search-exclude" not in text:
        return text, text
    base = g.pos(g.page_key) if enclosing is None else enclosing

    def region(lo: int, hi: int, outer: int, search: bool = True) -> tuple[str, str]:
        """``text[lo:hi]`` with its outermost marked elements gated, and its search text
        (``search=False``: not needed, as the region is hidden from search as a whole)."""
        marker = _MARK_OR_HIDDEN_RE if search else _REVEAL_RE
        if marker.search(text, lo, hi) is None:
            return (part := text[lo:hi]), part
        out: list[str] = []
        found: list[str] = []
        cursor = lo
        for el in _elements(text, marker, _marked_or_hidden if search else _has_reveal, lo, hi):
            between = text[cursor:el.start]
            out.append(between)
            found.append(between)
            if not _has_reveal(el):  # hidden from search only: a block of links, a gate
                out.append(text[el.start:el.open_end]
                           + region(el.open_end, el.close_start, outer, False)[0]
                           + text[el.close_start:el.end])
                found.append(built(el, outer))
                cursor = el.end
                continue
            raw = (el.attrs.get("data-reveal") or "").strip()
            key = "page" if raw in ("", "page") else g.key_of(raw)
            if el.tag in FORWARD and "data-reveal-each" not in el.attrs:
                tree = _Spans(text, el.start, one=True).root.children[0]
                marks: dict[int, str] = {}
                _forwarded(tree, key, marks)
                shown, searched = forward(tree, marks, outer)
            else:
                shown, searched = gate(el, key, outer)
            out.append(shown)
            found.append(searched)
            cursor = el.end
        rest = text[cursor:hi]
        out.append(rest)
        if not search:
            return "".join(out), ""
        found.append(rest)
        return "".join(out), "".join(found)

    def built(el: _El, outer: int) -> str:
        """The search text of a gate a producer built already (a quiet title): its hidden
        part, marked with its position; "" for anything else hidden from search."""
        at = el.attrs.get("data-sv-pos") if "sv-spoiler" in el.classes() else None
        if at is None or not at.isdigit():
            return ""
        tree = _Spans(text, el.start, one=True).root.children[0]
        content = next((c for c in tree.children if "sv-content" in c.classes()), None)
        if content is None:
            return ""
        inner = region(content.open_end, content.close_start, max(outer, int(at)))[1]
        return _marked(int(at), inner, el.tag == "span" and "sv-quiet" not in el.classes())

    def kept(el: _El, inner: tuple[str, str]) -> tuple[str, str]:
        """``el`` not gated itself, around its (gated) content."""
        open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
        return (open_tag + inner[0] + end_tag,
                "" if _hidden(el) else open_tag + inner[1] + end_tag)

    def forward(el: _El, marks: dict[int, str], outer: int) -> tuple[str, str]:
        """A list or table whose mark moved to its items or cells."""
        out: list[str] = []
        found: list[str] = []
        cursor = el.open_end
        for child in el.children:
            between = text[cursor:child.start]
            out.append(between)
            found.append(between)
            key = marks.get(id(child))
            if key is not None:
                shown, searched = gate(child, key, outer)
            elif child.tag in FORWARD and any(id(c) in marks for c in child.children):
                shown, searched = forward(child, marks, outer)
            else:
                shown, searched = region(child.start, child.end, outer)
            out.append(shown)
            found.append(searched)
            cursor = child.end
        rest = text[cursor:el.close_start]
        out.append(rest)
        found.append(rest)
        return kept(el, ("".join(out), "".join(found)))

    def gate(el: _El, key: str, outer: int) -> tuple[str, str]:
        if key == "page":
            # Keyless markup inside a gate takes that gate's point; elsewhere the page's.
            key = g.key_of("page") if outer <= base else ""
        pos = g.pos(key) if key else outer
        # Implied by the page or an enclosing gate, or nothing to hide (an empty cell).
        if pos <= outer or (el.tag not in VOID and is_empty(text[el.start:el.end])):
            return kept(el, region(el.open_end, el.close_start, outer, not _hidden(el)))
        for m in re.finditer(r'\sid="([^"]+)"', text[el.start:el.end]):
            g.gated_ids.add(html.unescape(m.group(1)))
        if "data-reveal-quiet" in el.attrs:
            searchable = not _hidden(el)
            inner, inner_search = region(el.open_end, el.close_start, pos, searchable)
            open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
            return (quiet_markup(open_tag + inner + end_tag, pos, block=el.tag not in INLINE),
                    _marked(pos, open_tag + inner_search + end_tag, False)
                    if searchable else "")
        g.count += 1
        n = g.count
        each = "data-reveal-each" in el.attrs
        if each:
            inner, each_search, first = later(el, outer)
            if not first:  # every item is implied by the page or an enclosing gate
                return (text[el.start:el.open_end] + inner + text[el.close_start:el.end],
                        text[el.start:el.open_end] + each_search + text[el.close_start:el.end])
            note = _note(g, first, key)
        else:
            note = _note(g, key)
        what = el.attrs.get("data-reveal-what")
        if what:  # what the gate hides, when a producer says ("3 pages")
            note += f' <span class="sv-what">· {html.escape(what)}</span>'
        if el.tag == "tr":
            return row(el, key, pos, n, note, outer)
        if each:
            open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
            if el.tag in ("tbody", "thead", "tfoot"):
                return (_add_class(_drop_reveal(open_tag), "sv-spoiler sv-each", pos)[:-1]
                        + f' data-sv-key="{_attr_escape(key)}">'
                        + inner + _gate_row(el, key, n, note) + end_tag,
                        f"<{el.tag}>{each_search}</{el.tag}>")
            return (open_tag + gate_markup(inner, key, pos, n, block=True, note=note,
                                           kind="sv-each") + end_tag,
                    open_tag + each_search + end_tag)
        # The gated part is hidden from search until its position: marked with it.
        searchable = not _hidden(el)
        inner, inner_search = region(el.open_end, el.close_start, pos, searchable)
        if el.tag in INLINE or el.tag in VOID:
            open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
            whole = open_tag + inner + end_tag
            return (gate_markup(whole, key, pos, n, block=False, note=note),
                    _marked(pos, open_tag + inner_search + end_tag, True) if searchable else "")
        if el.tag == "div" and "sv-block" in el.classes():
            # Our own block mark: the gate replaces the marker div entirely.
            return (gate_markup(inner, key, pos, n, block=True, note=note),
                    _marked(pos, inner_search, False))
        if el.tag == "span" and "sv-inline" in el.classes():
            return (gate_markup(inner, key, pos, n, block=False, note=note),
                    _marked(pos, inner_search, True))
        # A <div> gate only where it is allowed and needed (block content inside).
        block = el.tag in FLOW and _BLOCK_CONTENT_RE.search(inner) is not None
        open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
        open_tag, moved = _split_attrs(el, open_tag)
        if moved:  # what the element says (a tooltip, a label) is hidden with its content
            box = "div" if block else "span"
            inner = f"<{box}{moved}>{inner}</{box}>"
        return (open_tag + gate_markup(inner, key, pos, n, block=block, note=note) + end_tag,
                open_tag + _marked(pos, inner_search, not block) + end_tag
                if searchable else "")

    def row(el: _El, key: str, pos: int, n: int, note: str,
            outer: int) -> tuple[str, str]:
        """A table row behind one gate: its ``<th>`` cells stay, one gate cell spans the
        others, which are hidden (``td.sv-content``) until progress or the gate shows them."""
        tree = _Spans(text, el.start, one=True).root.children[0]
        cells = [c for c in tree.children if c.tag in ("td", "th")]
        kept_cells = [c for c in cells if c.tag == "th"]
        hidden = [c for c in cells if c.tag != "th"]
        if all(is_empty(text[c.open_end:c.close_start]) for c in hidden):
            return kept(el, region(el.open_end, el.close_start, outer))  # nothing to hide
        start = _drop_reveal(text[el.start:el.open_end])
        start = _add_class(start, "sv-spoiler sv-row", pos)[:-1] \
            + f' data-sv-key="{_attr_escape(key)}">'
        shown = "".join(region(c.start, c.end, outer)[0] for c in kept_cells)
        searched = "".join(region(c.start, c.end, outer)[1] for c in kept_cells)
        gate_cell = (f'<td class="sv-gate" colspan="{max(len(hidden), 1)}" '
                     f'data-search-exclude>{_toggle(key, n)}'
                     f"{_gate_inner(key, n, note, 'span')}</td>")
        cells_html = "".join(
            _add_class(text[c.start:c.open_end], "sv-content")[:-1]
            + (f' id="sv-c{n}"' if i == 0 else "") + " data-search-exclude>"
            + region(c.open_end, c.close_start, pos, False)[0] + text[c.close_start:c.end]
            for i, c in enumerate(hidden))
        end = text[el.close_start:el.end]
        hidden_search = "".join(
            "<td>" + _marked(pos, region(c.open_end, c.close_start, pos)[1], False) + "</td>"
            for c in hidden)
        return (start + shown + gate_cell + cells_html + end,
                "<tr>" + searched + hidden_search + "</tr>")

    def later(el: _El, outer: int) -> tuple[str, str, str]:
        """The inside of a group: each marked item keeps its place and its own point
        (``class="sv-later" data-sv-pos``), or loses its mark when ``outer`` implies it.
        Returns the HTML, its search text (each later item marked with its point) and the
        earliest key still hidden."""
        out: list[str] = []
        found: list[str] = []
        cursor = el.open_end
        first: tuple[int, str] | None = None
        for item in _elements(text, _REVEAL_RE, _has_reveal, el.open_end, el.close_start):
            between = text[cursor:item.start]
            out.append(between)
            found.append(between)
            cursor = item.end
            item_key = g.key_of(item.attrs.get("data-reveal"))
            item_pos = g.pos(item_key)
            start = _drop_reveal(text[item.start:item.open_end])
            end = text[item.close_start:item.end]
            if item_pos <= outer:
                shown, searched = region(item.open_end, item.close_start, outer)
                out.append(start + shown + end)
                found.append(start + searched + end)
                continue
            if first is None or item_pos < first[0]:
                first = (item_pos, item_key)
            shown, searched = region(item.open_end, item.close_start, item_pos)
            out.append(_add_class(start, "sv-later", item_pos) + shown + end)
            found.append(f"<{item.tag}>" + _marked(item_pos, searched, False) + f"</{item.tag}>")
        rest = text[cursor:el.close_start]
        out.append(rest)
        found.append(rest)
        return "".join(out), "".join(found), (first[1] if first else "")

    def _gate_row(el: _El, key: str, n: int, note: str) -> str:
        """The gate of a group of table rows: one row whose one cell spans the table."""
        tree = _Spans(text, el.start, one=True).root.children[0]
        rows = [c for c in tree.children if c.tag == "tr"]
        width = max((sum(int(c.attrs.get("colspan") or 1) for c in r.children
                         if c.tag in ("td", "th")) for r in rows), default=1)
        return (f'<tr class="sv-gate" data-search-exclude><td colspan="{width}">'
                f"{_toggle(key, n, 'sv-each')}{_gate_inner(key, n, note, 'span', 'sv-each')}"
                "</td></tr>")

    return region(0, len(text), base)


def _marked(pos: int, inner: str, inline: bool) -> str:
    """Search text shown from ``pos`` on (see :func:`search_marked`)."""
    return f"{INLINE_FROM if inline else FROM}{pos}{AT}{inner}{END}" if inner else ""


def _note(g: Gating, key: str, last: str | None = None) -> str:
    """A gate's note: when its content becomes safe; a group whose items become safe at
    different points says from when to when ("Safe after S1E4 – S2E1")."""
    first = g.describe(key) if g.describe else html.escape(key)
    if last and last != key:
        shown = "a later episode" if last == UNKNOWN else last
        first += f' <span class="sv-until">– {html.escape(shown)}</span>'
    return first


def _drop_reveal(start_tag: str) -> str:
    """A start tag without its reveal marks (the gate took them over)."""
    return re.sub(r'\sdata-reveal(?:-each|-what|-quiet)?(?:="[^"]*")?', "", start_tag)


_MARK_OR_HIDDEN_RE = re.compile(r"data-reveal|data-search-exclude|sv-spoiler")

# Attributes that stay on a gated element (its place and shape on the page); any other
# (title, aria-label ...) says something and moves inside the gate with the content.
_STRUCTURAL = frozenset({"id", "class", "colspan", "rowspan", "scope", "start", "reversed",
                         "type", "value", "open", "align", "style", "lang", "dir",
                         "data-reveal", "data-reveal-what", "data-sv-collapsible",
                         "data-search-exclude", "hidden"})


def _split_attrs(el: _El, open_tag: str) -> tuple[str, str]:
    """``el``'s start tag with only its structural attributes, and the others as an
    attribute string for an element inside the gate ("" when there are none)."""
    if not any(name not in _STRUCTURAL for name in el.attrs):
        return open_tag, ""

    def render(items: list[tuple[str, str | None]]) -> str:
        return "".join(f" {k}" if v is None else f' {k}="{_attr_escape(v)}"' for k, v in items)

    kept = [(k, v) for k, v in el.attrs.items() if k in _STRUCTURAL]
    moved = [(k, v) for k, v in el.attrs.items() if k not in _STRUCTURAL]
    return f"<{el.tag}{render(kept)}>", render(moved)


def _marked_or_hidden(el: _El) -> bool:
    return _has_reveal(el) or _hidden(el)


def gate_page(content: str, g: Gating, banner: str) -> str:
    """Gate a page: its marks, and (when its reveal point is past S0) the body as a whole.
    ``g.search_text`` is set to what the search index may see of the result."""
    page_pos = g.pos(g.page_key)
    body, g.search_text = _gate(content, g, enclosing=page_pos)
    if page_pos <= 0 or is_empty(body):
        return body
    g.count += 1
    g.search_text = _marked(page_pos, g.search_text, False)
    return gate_markup(body, g.page_key, page_pos, g.count, block=True, note=banner,
                       kind="sv-page")


def gate_chrome(text: str, pos: int) -> str:
    """Gate the theme's copies of a gated page's headings: the table of contents and the
    "skip to content" link, which the template renders outside the page body.

    The TOC list becomes the hidden part of a quiet gate at the page's position (shown by
    progress, or with the page when the reader opens the page gate; see spoilers.css).
    """
    if pos <= 0:
        return text
    edits: list[tuple[int, int, str]] = []

    def chrome(el: _El) -> bool:
        return ((el.tag == "nav" and "md-nav--secondary" in el.classes())
                or (el.tag == "a" and "md-skip" in el.classes()))

    for el in _elements(text, _CHROME_RE, chrome, opaque=False):
        if el.tag == "a":
            edits.append((el.start, el.end, quiet_markup(text[el.start:el.end], pos)))
            continue
        nav = _Spans(text, el.start, one=True).root.children[0]
        lists = [c for c in nav.children if c.tag == "ul" and "md-nav__list" in c.classes()]
        if lists:
            edits.append((el.start, el.open_end,
                          _add_class(text[el.start:el.open_end], "sv-spoiler sv-quiet sv-toc",
                                     pos)))
            ul = lists[0]
            edits.append((ul.start, ul.open_end,
                          _add_class(text[ul.start:ul.open_end], "sv-content")))
    out, cursor = [], 0
    for start, end, new in edits:
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


# Classes of the theme's parts gate_chrome edits (candidates; the tags are checked).
_CHROME_RE = re.compile(r"md-(?:nav--secondary|skip)")


def _add_class(start_tag: str, classes: str, pos: int | None = None) -> str:
    extra = f' data-sv-pos="{pos}"' if pos is not None else ""
    m = re.search(r'\sclass="([^"]*)"', start_tag)
    if m:
        return (start_tag[:m.start()] + f' class="{m.group(1)} {classes}"{extra}'
                + start_tag[m.end():])
    return start_tag[:-1].rstrip("/") + f' class="{classes}"{extra}>'




def strip_gated(text: str) -> str:
    """``text`` as the search index may see it: without anything gated (hidden text and its
    gates) or marked ``data-search-exclude`` (navigational blocks, which the search plugin
    would skip anyway; dropping them here spares it parsing them)."""
    if "sv-spoiler" not in text and "data-search-exclude" not in text:
        return text
    out, cursor = [], 0
    for el in _elements(text, _HIDDEN_RE, _hidden):
        out.append(text[cursor:el.start])
        cursor = el.end
    out.append(text[cursor:])
    return "".join(out)


# Words of the start tags strip_gated may drop (candidates; _hidden decides).
_HIDDEN_RE = re.compile(r"data-search-exclude|sv-spoiler")


def _hidden(el: _El) -> bool:
    return ("data-search-exclude" in el.attrs
            or (el.tag in ("div", "span") and "sv-spoiler" in el.classes()))


# Words of the start tags search_html looks at (candidates; the tags are checked).
_SEARCH_RE = re.compile(r"data-search-exclude|sv-spoiler|sv-title|sv-later")
# Ends of elements whose text must not run into the next one's in a search snippet.
_BLOCK_END_RE = re.compile(r"(</(?:dt|dd|li|td|th|p|h[1-6]|div|tr|caption|figcaption)>)")


def _search_part(el: _El) -> bool:
    classes = el.classes()
    return (_hidden(el) or (el.tag == "h1" and "sv-title" in classes) or "sv-later" in classes
            or (el.tag in ("tr", "tbody", "thead", "tfoot") and "sv-spoiler" in classes))


# Marks of search_marked(): a part shown from position N (FROM, or INLINE FROM, which leaves
# "…" while hidden), or until N (UNTIL: a late page's neutral title), "N" its digits.
FROM, INLINE_FROM, UNTIL, AT, END = "\ue100", "\ue103", "\ue104", "\ue101", "\ue102"
_MARK_TOKEN_RE = re.compile(f"[{FROM}{INLINE_FROM}{UNTIL}](\\d+){AT}|{END}")


def search_marked(text: str) -> str:
    """``text`` (a gated page) as search may index it, once for every progress: the hidden
    part of each gate (not its note and buttons) between marks that say from which position
    it shows; a late page's h1 as its neutral title until the page's position and its real
    title from then on; parts hidden from search as a whole (``data-search-exclude``: link
    lists) left out; block ends followed by a space, so labels and values do not run
    together in a snippet. :func:`resolve` turns it into the text for one progress."""
    return block_ends_apart(_search_marked(text))


def _search_marked(text: str) -> str:
    out, cursor = [], 0
    for el in _elements(text, _SEARCH_RE, _search_part):
        out.append(text[cursor:el.start])
        cursor = el.end
        at = el.attrs.get("data-sv-pos")
        pos = int(at) if at is not None and at.isdigit() else None
        classes = el.classes()
        if el.tag == "h1":
            tree = _Spans(text, el.start, one=True).root.children[0]
            parts = {c.classes()[0] if c.classes() else "": text[c.open_end:c.close_start]
                     for c in tree.children}
            safe, real = parts.get("sv-title-safe", ""), parts.get("sv-content", "")
            out.append(f"<h1>{UNTIL}{pos}{AT}{safe}{END}{FROM}{pos}{AT}{real}{END}</h1>")
            continue
        if pos is not None and "sv-later" in classes:  # an item of a group: its own point
            inner = _search_marked(text[el.open_end:el.close_start])
            out.append(f"<{el.tag}>" + _marked(pos, inner, False) + f"</{el.tag}>")
            continue
        if pos is not None and el.tag in ("tr", "tbody", "thead", "tfoot") \
                and "sv-spoiler" in classes:
            out.append(_search_rows(text, el, pos))
            continue
        if pos is None or not (el.tag in ("div", "span") and "sv-spoiler" in classes):
            continue  # hidden from search as a whole
        tree = _Spans(text, el.start, one=True).root.children[0]
        content = next((c for c in tree.children if "sv-content" in c.classes()), None)
        inner = "" if content is None else _search_marked(
            text[content.open_end:content.close_start])
        if "sv-each" in classes:  # a group: each item is marked with its own point
            out.append(inner)
            continue
        inline = el.tag == "span" and "sv-quiet" not in classes
        out.append(_marked(pos, inner, inline))
    out.append(text[cursor:])
    return "".join(out)


def _search_rows(text: str, el: _El, pos: int) -> str:
    """A gated table row (its header cells, then its hidden cells marked with ``pos``), or
    a group of rows (each row, its later ones marked with their own point)."""
    tree = _Spans(text, el.start, one=True).root.children[0]
    out = []
    for c in tree.children:
        classes = c.classes()
        if "sv-gate" in classes:
            continue
        if el.tag == "tr" and "sv-content" in classes:
            inner = _search_marked(text[c.open_end:c.close_start])
            out.append("<td>" + _marked(pos, inner, False) + "</td>")
        else:
            out.append(_search_marked(text[c.start:c.end]))
    return f"<{el.tag}>{''.join(out)}</{el.tag}>"


def block_ends_apart(text: str) -> str:
    """A space after each block end, so labels and values do not run together in a
    search snippet ("Roles director", not "Rolesdirector")."""
    return _BLOCK_END_RE.sub(r"\1 ", text)


#: A stretch of marked search text and the progress interval ``[lo, hi)`` in which a
#: reader sees it (``hi`` None: from ``lo`` on).
Segment = tuple[str, int, "int | None"]


def plan(marked: str, opened: list[str] | None = None) -> list[Segment]:
    """``marked`` (:func:`search_marked` text) cut at its marks, each stretch with the
    progress interval in which a reader sees it: after ``FROM k`` from ``k`` on, inside
    ``UNTIL k`` before ``k``, nested marks narrowing the interval. An ``INLINE_FROM`` part
    leaves " … " in its place while its surroundings are shown and it is not.
    ``opened``: the marks still open where ``marked`` starts (a search entry cut out of a
    longer marked text). Read once; :func:`at_position` gives the text at any progress."""
    if AT not in marked and END not in marked and not opened:
        return [(marked, 0, None)]
    out: list[Segment] = []
    stack: list[tuple[int, int | None]] = [(0, None)]

    def narrow(lo: int, hi: int | None, kind: str, at: int) -> tuple[int, int | None]:
        if kind == UNTIL:
            return lo, at if hi is None else min(hi, at)
        return max(lo, at), hi

    for mark in opened or ():
        stack.append(narrow(*stack[-1], mark[0], int(mark[1:-1])))
    cursor = 0
    for m in _MARK_TOKEN_RE.finditer(marked):
        if m.start() > cursor:
            out.append((marked[cursor:m.start()], *stack[-1]))
        cursor = m.end()
        if m.group(1) is None:  # END
            if len(stack) > 1:
                stack.pop()
            continue
        at, kind = int(m.group(1)), marked[m.start()]
        lo, hi = stack[-1]
        if kind == INLINE_FROM and at > lo:  # before ``at``: an ellipsis in its place
            out.append((" … ", lo, at if hi is None else min(hi, at)))
        stack.append(narrow(lo, hi, kind, at))
    if cursor < len(marked):
        out.append((marked[cursor:], *stack[-1]))
    return out


def at_position(segments: list[Segment], pos: int) -> str:
    """The text of a :func:`plan` for a reader at progress ``pos``."""
    return "".join(t for t, lo, hi in segments if lo <= pos and (hi is None or pos < hi))


def resolve(marked: str, pos: int, opened: list[str] | None = None) -> str:
    """The text of :func:`search_marked` for a reader at progress ``pos``: parts shown from
    a later position are left out ("…" for one inside a sentence). ``opened``: the marks
    still open where ``marked`` starts (a search entry cut out of a longer marked text)."""
    return at_position(plan(marked, opened), pos)


def still_open(marked: str, opened: list[str] | None = None) -> list[str]:
    """The marks open at the end of ``marked`` (given those open at its start)."""
    stack = list(opened or ())
    for m in _MARK_TOKEN_RE.finditer(marked):
        if m.group(1) is None:
            if stack:
                stack.pop()
        else:
            stack.append(m.group(0))
    return stack


def search_html(text: str, pos: int) -> str:
    """``text`` (a gated page) as search may index it for a reader at progress ``pos``
    (:func:`search_marked`, then :func:`resolve`). At ``pos`` 0: what every reader may find."""
    return resolve(search_marked(text), pos)


def visible_text(text: str) -> str:
    """Text a reader at S0 with no clicks can see: outside every ``.sv-content``.

    Used by tests and by the leak checks; tags and attributes other than ``alt``/``title``
    and ``content`` are dropped.
    """
    tree = _Spans(text)
    out: list[str] = []

    def walk(el: _El, lo: int, hi: int) -> None:
        cursor = lo
        for child in el.children:
            out.append(_strip_tags(text[cursor:child.start]))
            if "sv-content" in child.classes() or child.tag in ("script", "style"):
                cursor = child.end
                continue
            for attr in ("alt", "title", "content", "aria-label", "href", "id"):
                if child.attrs.get(attr):
                    out.append(" " + (child.attrs[attr] or "") + " ")
            walk(child, child.open_end, child.close_start)
            cursor = child.end
        out.append(_strip_tags(text[cursor:hi]))

    walk(tree.root, 0, len(text))
    return " ".join("".join(out).split())


def _strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", " ", fragment))


_HEADING_RE = re.compile(
    r'<(?P<tag>h[1-6])(?P<pre>[^>]*?)\sid="(?P<id>[^"]+)"(?P<post>[^>]*)>(?P<inner>.*?)</(?P=tag)>',
    re.S,
)


def sanitize_headings(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """Headings that contain a gate (the lint reports them) get an id and a TOC title
    built from their visible text only, so the TOC, permalinks and URLs never carry the
    hidden words. Returns the new HTML and ``{old id: (new id, safe title)}``."""
    if "sv-spoiler" not in text:
        return text, {}
    if not any("sv-spoiler" in m.group("inner") for m in _HEADING_RE.finditer(text)):
        return text, {}  # the common case: gates, but none in a heading
    taken = set(re.findall(r'\sid="([^"]+)"', text))
    renamed: dict[str, tuple[str, str]] = {}

    def fix(m: re.Match[str]) -> str:
        inner = m.group("inner")
        if "sv-spoiler" not in inner:
            return m.group(0)
        shown = strip_gated(re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S))
        title = " ".join(_strip_tags(shown).split()) or "Section"
        base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
        new, n = base, 1
        while new in taken:
            n += 1
            new = f"{base}-{n}"
        taken.add(new)
        old = m.group("id")
        renamed[old] = (new, title)
        inner = inner.replace(f'href="#{old}"', f'href="#{new}"')
        return (f'<{m.group("tag")}{m.group("pre")} id="{new}"{m.group("post")}>{inner}'
                f'</{m.group("tag")}>')

    return _HEADING_RE.sub(fix, text), renamed


def rename_toc(items: list[Any], renamed: dict[str, tuple[str, str]]) -> None:
    """Apply :func:`sanitize_headings` to MkDocs ``AnchorLink`` items, in place."""
    for item in items:
        if item.id in renamed:
            item.id, item.title = renamed[item.id]
        rename_toc(item.children, renamed)


def prune_toc(items: list[Any], gated: set[str]) -> None:
    """Drop TOC entries (MkDocs ``AnchorLink``) of headings inside gates, in place."""
    keep = []
    for item in items:
        if item.id in gated:
            continue
        prune_toc(item.children, gated)
        keep.append(item)
    items[:] = keep
