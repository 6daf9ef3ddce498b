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
    search_text: str = ""  # set by gate_page: the gated page as search may index it

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
    """``text`` with its marks gated, and the same as the search index may see it (what
    :func:`strip_gated` would leave of the first), built in the same pass.

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
            whole = (text[el.start:el.open_end]
                     + region(el.open_end, el.close_start, pos, False)[0]
                     + text[el.close_start:el.end])
            return quiet_markup(whole, pos, block=el.tag not in INLINE), ""
        g.count += 1
        n = g.count
        each = "data-reveal-each" in el.attrs
        if each:
            inner, first = later(el, outer)
            if not first:  # every item is implied by the page or an enclosing gate
                return text[el.start:el.open_end] + inner + text[el.close_start:el.end], ""
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
                        + inner + _gate_row(el, key, n, note) + end_tag), ""
            return (open_tag + gate_markup(inner, key, pos, n, block=True, note=note,
                                           kind="sv-each") + end_tag), ""
        if el.tag in INLINE or el.tag in VOID:
            whole = (text[el.start:el.open_end]
                     + region(el.open_end, el.close_start, pos, False)[0]
                     + text[el.close_start:el.end])
            return gate_markup(whole, key, pos, n, block=False, note=note), ""
        inner = region(el.open_end, el.close_start, pos, False)[0]
        if el.tag == "div" and "sv-block" in el.classes():
            # Our own block mark: the gate replaces the marker div entirely.
            return gate_markup(inner, key, pos, n, block=True, note=note), ""
        if el.tag == "span" and "sv-inline" in el.classes():
            return gate_markup(inner, key, pos, n, block=False, note=note), ""
        # A <div> gate only where it is allowed and needed (block content inside).
        block = el.tag in FLOW and _BLOCK_CONTENT_RE.search(inner) is not None
        open_tag, end_tag = text[el.start:el.open_end], text[el.close_start:el.end]
        return (open_tag + gate_markup(inner, key, pos, n, block=block, note=note) + end_tag,
                "" if _hidden(el) else open_tag + end_tag)

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
        return start + shown + gate_cell + cells_html + end, start + searched + end

    def later(el: _El, outer: int) -> tuple[str, str]:
        """The inside of a group: each marked item keeps its place and its own point
        (``class="sv-later" data-sv-pos``), or loses its mark when ``outer`` implies it.
        Returns the HTML and the earliest key still hidden."""
        out: list[str] = []
        cursor = el.open_end
        first: tuple[int, str] | None = None
        for item in _elements(text, _REVEAL_RE, _has_reveal, el.open_end, el.close_start):
            out.append(text[cursor:item.start])
            cursor = item.end
            item_key = g.key_of(item.attrs.get("data-reveal"))
            item_pos = g.pos(item_key)
            start = _drop_reveal(text[item.start:item.open_end])
            if item_pos <= outer:
                out.append(start + region(item.open_end, item.close_start, outer)[0]
                           + text[item.close_start:item.end])
                continue
            if first is None or item_pos < first[0]:
                first = (item_pos, item_key)
            out.append(_add_class(start, "sv-later", item_pos)
                       + region(item.open_end, item.close_start, item_pos, False)[0]
                       + text[item.close_start:item.end])
        out.append(text[cursor:el.close_start])
        return "".join(out), (first[1] if first else "")

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
    g.search_text = ""
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
