"""Checks of what ships: a page's rendered HTML, read as a browser reads it.

The build (``on_page_content``) and the validator (after rendering the page the same way,
:mod:`render`) call :func:`check` on each page's content, so they agree case by case. It

1. parses the HTML once with an HTML5 parser (lexbor) and reports what the allowlist of
   :mod:`sanitize` does not allow;
2. reports spoiler syntax that did not become a mark (``||``, ``!!! spoiler`` left as text,
   a spoiler-like admonition, a spoiler block with nothing under it), marks with a key that
   is not an episode, keyless marks on a page where they would mean S0, and marks inside
   headings;
3. looks for reveal names (``Helena Eagan``) in the text and attribute values a reader
   sees before their reveal point: entities decoded, tags removed, invisible characters and
   look-alike letters folded, whitespace and line breaks collapsed;
4. fails closed: whatever leaks (2, 3) is marked ``data-reveal`` so the gates hide it even
   in a build that does not stop on warnings, and the HTML is cleaned by the sanitizer.

Every problem names the line of the page's Markdown where the offending text is
(:class:`Locator`), since HTML keeps no line numbers.
"""

from __future__ import annotations

import bisect
import functools
import html as htmlmod
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import sanitize
from .errors import Problem
from .spoilers import CLOSE as CELL_CLOSE
from .spoilers import OPEN as CELL_OPEN
from .spoilers import SEP as CELL_SEP
from .timeline import Timeline
from .wikilinks import WIKILINK_RE, code_free_lines
from .wikilinks import parse as parse_link

UNKNOWN = "?"

# --- text as a reader sees it ------------------------------------------------------------------

# Characters that show nothing (soft hyphen, zero-width and bidirectional controls).
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                           "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
# Letters of other scripts that look like Latin ones (a common subset of Unicode's
# confusables): a name spelled with a Cyrillic 'а' still reads as the name.
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "ӏ": "l", "ա": "w", "α": "a", "ε": "e", "ι": "i", "κ": "k",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ν": "v", "ɑ": "a", "ℓ": "l",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
    "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s", "Α": "a",
    "Β": "b", "Ε": "e", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Χ": "x", "Υ": "y", "Ζ": "z",
})


# Latin small capitals and Cherokee capitals read as Latin letters (NFKC keeps them).
_LOOKALIKE.update(str.maketrans({
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h",
    "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p",
    "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    "\u13aa": "a", "\u13f4": "b", "\u13df": "c", "\u13a0": "d", "\u13ac": "e",
    "\u13c0": "g", "\u13bb": "h", "\u13ab": "j", "\u13e6": "k", "\u13de": "l",
    "\u13b7": "m", "\u13e2": "p", "\u13da": "s", "\u13a2": "t", "\u13d9": "v",
    "\u13b3": "w", "\u13c3": "z",
}))


class _Fold(dict[int, str]):
    """What each character reads as, worked out once per character (``str.translate``
    calls ``__missing__`` for a character it has not met): compatibility forms (full-width,
    styled letters) as plain ones, accents and other combining marks dropped, look-alike
    letters as Latin ones, invisible characters gone; a symbol that stands for several
    letters (\u2122 -> "TM") is a gap, not letters glued to the word before it."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if _INVISIBLE_RE.match(ch) or unicodedata.combining(ch):
            out = ""
        else:
            out = "".join(c for c in unicodedata.normalize("NFKD", ch)
                          if not unicodedata.combining(c))
            if len(out) > 1 and not ch.isalpha():
                out = " "
            out = out.translate(_LOOKALIKE)
        self[code] = out
        return out


_FOLD = _Fold()
_OVERRIDE_RE = re.compile("\u202e([^\u202c\n]*)(?:\u202c|$)", re.M)


def reader_text(text: str) -> str:
    """``text`` folded to what it reads as: in the order it is displayed (a right-to-left
    override shows its letters reversed), compatibility forms as plain letters (full-width,
    styled letters), accents and other marks dropped, no invisible characters, look-alike
    letters as Latin ones, case folded."""
    if text.isascii():
        return text.casefold()
    if "\u202e" in text:
        text = _OVERRIDE_RE.sub(lambda m: m.group(1)[::-1], text)
    return text.translate(_FOLD).casefold()


# Letters a reader takes for one another in many fonts: capital I, small l, the digit one
# and a bar; the letter o and the digit zero.
_SAME_LETTER = {"l": "[l1i|]", "i": "[il1|]", "1": "[1li|]", "o": "[o0]", "0": "[0o]"}
_SKELETON = str.maketrans({"1": "l", "|": "l", "i": "l", "0": "o"})
_NOT_LETTERS_RE = re.compile(r"[^a-z0-9|]+")


def skeleton(text: str) -> str:
    """:func:`reader_text` output reduced to its letters, look-alike ones made equal: a
    quick test of whether a name can be in a text at all (``skeleton(name)`` in it)."""
    return _NOT_LETTERS_RE.sub("", text).translate(_SKELETON)


def _word(word: str) -> str:
    # Letters of a word may be spaced or dotted out ("H e l e n a", "H.e.l.e.n.a").
    return r"[\W_]{0,2}".join(_SAME_LETTER.get(c, re.escape(c)) for c in word)


@functools.lru_cache(maxsize=1024)
def name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as it reads in :func:`reader_text`: its words in order with anything but
    letters between them (spaces, line breaks, hyphens, dots, nothing), look-alike letters
    (I, l, 1) as one, and surname first ("Eagan, Helena") for a two-word name; not inside
    a longer word."""
    words = reader_text(name).split()
    gap = r"[\W_]*"
    forms = [gap.join(map(_word, words))]
    if len(words) == 2:
        forms.append(gap.join(map(_word, reversed(words))))
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(forms) + r")(?![^\W\d_])")


# --- where in the Markdown -------------------------------------------------------------------

_MARKUP_CHARS_RE = re.compile(r"[*_~`\\]")
_TAG_RE = re.compile(r"<[^<>\n]*>")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


class Locator:
    """Finds the line (and column) of the Markdown source that produced some HTML."""

    def __init__(self, body: str, first_line: int = 1):
        self.first_line = first_line
        self.lines = body.split("\n")
        self.text_lines = code_free_lines(body, comments=False)  # code blanked
        self._norm: str | None = None
        self._starts: list[int] = []

    def _normed(self) -> str:
        """The body as a reader would read it, line by line (for names): comments gone,
        links as their text, tags and emphasis removed, entities decoded."""
        if self._norm is None:
            parts, pos = [], 0
            body = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"),
                                   "\n".join(self.lines))
            for line in body.split("\n"):
                self._starts.append(pos)
                line = WIKILINK_RE.sub(lambda m: parse_link(m).text, line)
                line = _MD_LINK_RE.sub(r"\1", line)
                shown = reader_text(_MARKUP_CHARS_RE.sub(
                    "", htmlmod.unescape(_TAG_RE.sub("", line))))
                parts.append(shown)
                pos += len(shown) + 1
            self._norm = "\n".join(parts)
        return self._norm

    def find(self, needles: Iterable[str]) -> tuple[int, int]:
        """``(file line, column)`` of the first needle found: as written (any case), then
        with entities decoded and emphasis removed (across line breaks); the body's first
        line when none is found."""
        needles = [n for n in needles if n and n.strip()]
        for lines in (self.text_lines, self.lines):
            for needle in needles:
                low = needle.lower()
                for i, line in enumerate(lines):
                    col = line.lower().find(low)
                    if col >= 0:
                        return self.first_line + i, col + 1
        text = self._normed()
        for needle in needles:
            words = reader_text(needle).split()
            if not words:
                continue
            m = re.search(r"\s+".join(map(re.escape, words)), text)
            if m:
                return self._line_at(m.start()), 1
        return self.first_line, 1

    def _line_at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self._starts, offset) - 1

    def find_name(self, name: str, nth: int) -> tuple[int, int] | None:
        """``(file line, column)`` of the ``nth`` (0-based; the last if fewer) use of
        ``name`` in the source as read (entities decoded, emphasis removed, any line
        breaks between its words)."""
        matches = list(name_pattern(name).finditer(self._normed()))
        if not matches:
            return None
        m = matches[min(nth, len(matches) - 1)]
        index = bisect.bisect_right(self._starts, m.start()) - 1
        earlier = sum(1 for o in matches if self._starts[index] <= o.start() < m.start())
        raw, first = self.lines[index].lower(), name.split()[0].lower()
        col = -1
        for _ in range(earlier + 1):
            found = raw.find(first, col + 1)
            if found < 0:
                break
            col = found
        return self.first_line + index, col + 1 if col >= 0 else 1


# --- the check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevealName:
    name: str
    episode: str
    owner: str


@dataclass
class PageContext:
    """What :func:`check` needs to know about the page and the wiki."""

    shown: str  # the path in messages
    body: str  # the page's Markdown body
    body_line: int  # file line of the body's first line
    timeline: Timeline
    page_key: str = "S0"  # the page's reveal point
    default_key: str = "S0"  # what keyless marks mean ("S0": they would hide nothing)
    reveal_names: Sequence[RevealName] = ()
    problems: list[Problem] = field(default_factory=list)
    # heading id -> its entry in the table of contents, which may be another text than the
    # heading's (``{ data-toc-label="..." }``): the sidebar shows it (:func:`toc_titles`)
    toc: dict[str, str] = field(default_factory=dict)

    def pos(self, key: str | None) -> int:
        """Position of a mark's key; unknown keys are never safe."""
        if key is None:
            return 0
        p = self.timeline.position(key.strip().upper())
        return len(self.timeline) + 1 if p is None else p


BLOCKS = frozenset({"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                    "blockquote", "pre", "dt", "dd", "tr", "table", "ul", "ol", "details",
                    "summary", "figure", "figcaption", "caption", "hr", "br", "thead",
                    "tbody", "tfoot", "dl"})
CODE = frozenset({"code", "pre", "kbd", "samp"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELL_MARKS_RE = re.compile(f"[{CELL_OPEN}{CELL_SEP}{CELL_CLOSE}]")
_LEFTOVER_BLOCK_RE = re.compile(r"(?:!!!|\?\?\?)\+?[ \t]*spoiler\b", re.I)


@dataclass
class _Seg:
    text: str  # reader_text of the segment
    pos: int  # from which position it is safe
    node: LexborNode  # the element to mark if it leaks
    attr: str | None = None  # the attribute it comes from, or None for text
    raw: str = ""  # as written, to find it in the source


def check(content: str, ctx: PageContext) -> tuple[str, list[Problem]]:
    """Problems in a page's rendered ``content``, and the content that may ship: marked
    where it leaked (fail closed) and cleaned by the sanitizer."""
    problems: list[Problem] = []
    if not content.strip():
        return content, problems
    locate = Locator(ctx.body, ctx.body_line)

    def report(rule: str, message: str, hint: str, needles: Iterable[str]) -> None:
        line, col = locate.find(needles)
        problems.append(Problem(ctx.shown, line, message, hint, rule=rule, col=col))

    body = sanitize.parse_content(content)
    if body is None:
        return sanitize.clean(content), problems
    page_pos = ctx.pos(ctx.page_key) if ctx.page_key != "S0" else 0
    default_pos = ctx.pos(ctx.default_key) if ctx.default_key != "S0" else 0
    segs: list[_Seg] = []
    leaks: list[tuple[LexborNode, str]] = []  # (element, key) to mark

    # An explicit stack (element, its effective position, inside code?, inside a heading?)
    stack: list[tuple[LexborNode, int, bool, bool]] = []
    child = body.child
    while child is not None:
        stack.append((child, page_pos, False, False))
        child = child.next
    stack.reverse()
    while stack:
        node, outer, in_code, in_heading = stack.pop()
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            if not text:
                continue
            holder = _block_of(node)
            if not in_code:
                if "||" in text:
                    report("spoiler-syntax",
                           f"'{_snippet(text, '||')}': spoiler markup '||' that did not "
                           "become a spoiler (the text would show to every reader)",
                           "write '||S1E9: text||' with both bars on the same line (or in "
                           "the same table cell), or write the bars as code", ("||",))
                    leaks.append((holder, UNKNOWN))
                if _CELL_MARKS_RE.search(text):
                    report("spoiler-syntax",
                           "an inline spoiler in a table row did not become a spoiler "
                           "(the text would show to every reader)",
                           "keep '||S1E9: text||' inside one cell, and write a bar in its "
                           "text as '\\|'", ("||",))
                    leaks.append((holder, UNKNOWN))
                if _LEFTOVER_BLOCK_RE.search(text):
                    report("spoiler-syntax",
                           f"'{_snippet(text, 'spoiler')}': a spoiler block that did not "
                           "become one (the text would show to every reader)",
                           "start '!!! spoiler \"S1E9\"' on its own line after a blank "
                           "line, and indent its text under it", ("spoiler",))
                    leaks.append((holder, UNKNOWN))
            segs.append(_Seg(reader_text(text), outer, holder, raw=text))
            continue
        if tag in ("-comment", "") or not node.is_element_node:
            continue
        tag = tag.lower()
        attrs = node.attributes
        pos = outer
        if "data-reveal" in attrs:
            raw = (attrs.get("data-reveal") or "").strip()
            if raw in ("", "page"):
                if outer > page_pos:
                    pos = outer  # keyless inside a gate: that gate's point
                elif default_pos == 0:
                    report("spoiler-no-key",
                           "spoiler markup has no episode key, and this page's reveal point "
                           "is S0, so it would hide nothing (it is hidden from every reader "
                           "instead)",
                           "name the episode that makes it safe, e.g. '||S1E9: text||' or "
                           "'!!! spoiler \"S1E9\"'",
                           _mark_needles(node, tag))
                    pos = len(ctx.timeline) + 1
                else:
                    pos = max(outer, default_pos)
            else:
                key = raw.upper()
                if ctx.timeline.position(key) is None:
                    report("spoiler-syntax",
                           f"spoiler markup has the key '{raw}', which is not an episode of "
                           "the timeline (the content stays hidden for every reader)",
                           ctx.timeline.valid_range(), (raw, "data-reveal", "spoiler"))
                pos = max(outer, ctx.pos(key))
            if in_heading or tag in HEADINGS:
                report("spoiler-heading",
                       "a heading contains spoiler markup; headings show in the table of "
                       "contents, search and links, which no gate covers",
                       "move the spoiler into the text under the heading, or put the whole "
                       "section in a '!!! spoiler \"S1E9\"' block",
                       _mark_needles(node, tag))
        if tag == "div" and "sv-block" in (attrs.get("class") or "").split() \
                and not _has_content(node):
            report("spoiler-syntax",
                   "a spoiler block has nothing under it, so the text meant to be hidden "
                   "shows after it",
                   "indent the hidden text under '!!! spoiler \"S1E9\"' (four spaces)",
                   ("spoiler",))
            # the text meant to be hidden is most likely what follows: hide it (fail closed)
            after = node.next
            while after is not None and not after.is_element_node:
                after = after.next
            if after is not None:
                raw = (attrs.get("data-reveal") or "").strip()
                leaks.append((after, raw if ctx.timeline.position(raw) else UNKNOWN))
        classes = (attrs.get("class") or "").split()
        if "spoiler" in classes and tag in ("div", "details"):
            report("spoiler-syntax",
                   "an admonition of kind 'spoiler' is not a spoiler block (its text shows "
                   "to every reader)",
                   "write '!!! spoiler \"S1E9\"' in lowercase, with the key in quotes",
                   ("spoiler",))
            leaks.append((node, UNKNOWN))
        # The element's attributes: seen at its own position (they move inside its gate),
        # except its id, which stays on the element (an anchor) at the outer one.
        for name, value in attrs.items():
            if not value:
                continue
            name = name.lower()
            if name in ("alt", "title") and "||" in value:
                report("spoiler-syntax",
                       f"'{_snippet(value, '||')}': spoiler markup in the {name} of an "
                       "element is not a spoiler (attributes are never hidden on their own)",
                       "keep spoilers out of image descriptions and link titles, or put the "
                       "whole element in a '!!! spoiler \"S1E9\"' block", ("||", value[:30]))
                leaks.append((node, UNKNOWN))
            for text in sanitize.attr_text([(name, value)]):
                segs.append(_Seg(reader_text(text), outer if name == "id" else pos, node,
                                 attr=name, raw=value))
        if tag in HEADINGS and ctx.toc:
            # The heading's entry in the table of contents, where the sidebar shows it.
            label = ctx.toc.get(attrs.get("id") or "")
            if label:
                if "||" in label:
                    report("spoiler-syntax",
                           f"'{_snippet(label, '||')}': spoiler markup in a heading's "
                           "table-of-contents label is not a spoiler",
                           "keep spoilers out of headings and their data-toc-label",
                           ("||", label[:30]))
                    leaks.append((node, UNKNOWN))
                segs.append(_Seg(reader_text(label), pos, node, attr="data-toc-label",
                                 raw=label))
        if tag in BLOCKS:
            segs.append(_Seg("\n", pos, node))
        kids: list[tuple[LexborNode, int, bool, bool]] = []
        kid = node.child
        while kid is not None:
            kids.append((kid, pos, in_code or tag in CODE, in_heading or tag in HEADINGS))
            kid = kid.next
        stack.extend(reversed(kids))

    found = list(_reveal_leaks(segs, ctx, locate))
    in_text = {node.mem_id for p, node, _, attr in found if attr is None}
    for name_problem, node, key, attr in found:
        if attr is not None and node.mem_id in in_text:
            continue  # an id made from the leaking text, a title repeating it: one report
        if name_problem is not None:
            problems.append(name_problem)
        leaks.append((node, key))
    for f in sanitize.audit_tree(body):
        report(f.rule, f.message, f.hint, f.needles)
    for node, key in leaks:
        _mark(node, key, ctx)
    shipped = (body.inner_html or "") if leaks else content
    return sanitize.clean(shipped), problems


def _reveal_leaks(segs: list[_Seg], ctx: PageContext,
                  locate: Locator
                  ) -> Iterable[tuple[Problem | None, LexborNode, str, str | None]]:
    """Reveal names in what a reader sees before their reveal point."""
    if not ctx.reveal_names or not segs:
        return
    # Most pages name no reveal at all: one search of all their text (hidden parts too)
    # for any of the names decides, before a flow is built per name.
    everything = skeleton("".join(seg.text for seg in segs))
    for rn in ctx.reveal_names:
        if not all(skeleton(word) in everything for word in reader_text(rn.name).split()):
            continue  # most pages: a word of the name is nowhere on them
        npos = ctx.pos(rn.episode)
        if npos <= 0 or all(seg.pos >= npos for seg in segs):
            continue
        pattern = name_pattern(rn.name)
        # Text flows: everything readable before npos, in order (hidden parts as a space,
        # so a name around a gate still counts); attribute values are searched alone.
        flow: list[str] = []
        every: list[str] = []  # the same with nothing hidden: to count occurrences
        owners: list[tuple[int, _Seg]] = []
        at = 0
        for seg in segs:
            if seg.attr is not None:
                if seg.pos < npos and pattern.search(seg.text):
                    line, col = locate.find([seg.raw, rn.name])
                    yield (Problem(
                        ctx.shown, line,
                        f"'{rn.name}' (in the {seg.attr} attribute) is a spoiler until "
                        f"{rn.episode}, but here it is safe from {_key_at(ctx, seg.pos)}",
                        f"use a name known before {rn.episode}, or put it inside "
                        f"||{rn.episode}: ...||", rule="reveal-too-early", col=col),
                        seg.node, rn.episode, seg.attr)
                continue
            owners.append((at, seg))
            flow.append(seg.text if seg.pos < npos else " " * len(seg.text))
            every.append(seg.text)
            at += len(seg.text)
        joined = "".join(flow)
        if not pattern.search(joined):
            continue
        starts = [o for o, _ in owners]
        every_text = "".join(every)
        for m in pattern.finditer(joined):
            i = bisect.bisect_right(starts, m.start()) - 1
            seg = owners[max(i, 0)][1]
            nth = sum(1 for e in pattern.finditer(every_text) if e.start() < m.start())
            found = locate.find_name(rn.name, nth)
            line, col = found if found else locate.find([rn.name, seg.raw])
            yield (Problem(
                ctx.shown, line,
                f"'{rn.name}' is a spoiler until {rn.episode}, but here it is safe from "
                f"{_key_at(ctx, seg.pos)}",
                f"wrap it in ||{rn.episode}: ...|| or a '!!! spoiler \"{rn.episode}\"' "
                "block, or use a name known earlier", rule="reveal-too-early", col=col),
                seg.node, rn.episode, None)
            # every segment the match spans is hidden until the name is safe
            j = max(i, 0)
            while j < len(owners) and owners[j][0] < m.end():
                if owners[j][1].pos < npos and owners[j][1].node is not seg.node:
                    yield (None, owners[j][1].node, rn.episode, None)
                j += 1


def toc_titles(items: Iterable[object]) -> dict[str, str]:
    """``heading id -> title`` of a table of contents: MkDocs' ``page.toc`` (``.id``,
    ``.title``, ``.children``) or Python-Markdown's ``toc_tokens`` (dicts), as plain text."""
    out: dict[str, str] = {}
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            hid, title, kids = item.get("id"), item.get("name"), item.get("children", [])
        else:
            hid, title = getattr(item, "id", None), getattr(item, "title", None)
            kids = getattr(item, "children", [])
        if hid and title:
            out[str(hid)] = htmlmod.unescape(str(title))
        stack.extend(kids or [])
    return out


def _key_at(ctx: PageContext, pos: int) -> str:
    return "S0" if pos <= 0 else ctx.timeline.key_at(min(pos, len(ctx.timeline)))


def _block_of(node: LexborNode) -> LexborNode:
    """The nearest block element holding ``node`` (what to hide if it leaks); a text
    directly in the body is its own holder."""
    el = node.parent
    while el is not None and (el.tag or "").lower() not in BLOCKS and el.tag != "body":
        el = el.parent
    return node if el is None or el.tag == "body" else el


def _has_content(node: LexborNode) -> bool:
    return bool((node.text(deep=True) or "").strip()) or node.css_first("img") is not None


def _snippet(text: str, around: str) -> str:
    i = text.lower().find(around.lower())
    start = max(0, i - 20)
    return " ".join(text[start:start + 60].split())


def _mark_needles(node: LexborNode, tag: str) -> tuple[str, ...]:
    """How a mark may be written: ``||text||`` or ``!!! spoiler``, or an attribute."""
    text = " ".join((node.text(deep=True) or "").split())[:40]
    if tag == "div":
        return ("spoiler", "data-reveal", text)
    return (f"{text}||", f"||{text}", "data-reveal", text, "||")


def _mark(node: LexborNode, key: str, ctx: PageContext) -> None:
    """Hide ``node`` until ``key`` (fail closed); a bare text gets a ``<span>`` to mark."""
    if node.tag == "-text":
        holder = LexborHTMLParser(
            f'<span data-reveal="{htmlmod.escape(key)}">'
            f"{htmlmod.escape(node.text_content or '')}</span>").body
        span = holder.child if holder is not None else None
        if span is not None:
            node.replace_with(span)
        return
    if node.tag == "body":
        return
    current = (node.attributes.get("data-reveal") or "").strip().upper()
    if current and current not in ("PAGE",) and ctx.pos(current) >= ctx.pos(key):
        return
    node.attrs["data-reveal"] = key


__all__ = ["Locator", "PageContext", "RevealName", "check", "name_pattern", "reader_text",
           "skeleton", "toc_titles"]
