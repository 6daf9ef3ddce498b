"""Spoiler syntax: Markdown extensions and the build-time spoiler lint.

Syntax (see README, "Spoilers"):

- block: ``!!! spoiler "S1E9"`` or the collapsible ``??? spoiler "S1E9"`` followed by an
  indented body (the admonition/details shape); without a key the page's reveal point;
- inline: ``||hidden text||`` (the page's reveal point) and ``||S1E9: hidden text||``.

The extensions only *mark*: they emit ``<div class="sv-block" data-reveal="S1E9">`` and
``<span class="sv-inline" data-reveal="S1E9">``, the same contract the cross-reference code
uses. :mod:`spoilers_html` turns every mark into gated, hidden-until-revealed markup once
the page's own reveal point is known. Keys are written as given (upper-cased): the check of
the rendered page (:mod:`rendered`) reports a key that is not an episode, with its line,
and the gate keeps such content hidden whatever the reader has watched (fail safe). Syntax
that does not become a mark (``||`` left in the text ...) is reported there too.

The syntax is read the way its writers expect it, where Markdown alone would not:

- a block opener may follow a paragraph without a blank line, and its body is whatever is
  indented more than the opener (not only four spaces);
- ``!!! Spoiler``, ``!!!spoiler`` and ``||S1E9:text||`` (no space) mean what they look like;
- an inline spoiler may run over a line break, and works inside a table cell (its bars
  would otherwise split the cell: a preprocessor swaps them for private-use delimiters in
  table rows before the table is read).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from .timeline import Timeline

UNKNOWN = "?"
"""The reveal key given to markup whose key is not on the timeline: never revealed by progress."""

BLOCK_RE = re.compile(
    r'^(?P<indent> {0,3})(?P<marker>!!!|\?\?\?\+?)[ \t]*spoiler\b(?:[ \t]+"(?P<key>[^"\n]*)")?'
    r"[ \t]*(?P<rest>[^\n]*)$", re.IGNORECASE,
)
# ``||text||`` or ``||S1E9: text||``; the text may not start with a space or '|', so table
# cells (``| a || b |``) and stray double bars are not spoilers. It may run over a line
# break (not a blank line: that ends the paragraph anyway).
INLINE_PATTERN = (
    r"\|\|(?:(?P<key>[A-Za-z][A-Za-z0-9]{0,9})[ \t]*:[ \t]*)?"
    r"(?P<text>[^\s|](?:[^\n|]|\n(?![ \t]*\n)|\|(?!\|))*?)\|\|"
)
INLINE_RE = re.compile(INLINE_PATTERN)
# The same inside table rows, after the preprocessor swapped the bars (see module doc).
OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"
CELL_PATTERN = f"{OPEN}(?P<key>[^{SEP}{CLOSE}]*){SEP}(?P<text>[^{CLOSE}]*){CLOSE}"
KEYLIKE_RE = re.compile(r"^S\d+(?:E\d+)?$", re.IGNORECASE)
# Hidden text that starts with an episode key written another way (``||S1E9 text||``,
# ``||S1 E9: text||``, ``||S1E9 - text||``): the writer meant the key, so it is hidden
# until that episode (the text stays whole).
LOOSE_KEY_RE = re.compile(r"^S[ \t]*(\d{1,3})(?:[ \t]*E[ \t]*(\d{1,3}))?(?![A-Za-z0-9])",
                          re.IGNORECASE)


def block_key(m: re.Match[str]) -> str | None:
    """The key of a block opener: ``"S1E9"`` quoted as in the docs, or bare ``S1E9``."""
    key = m.group("key")
    if key is None and m.group("rest").strip():
        key = m.group("rest").strip().strip("'")
    return key


def inline_key(raw_key: str | None) -> str | None:
    """The key part of ``||KEY: text||`` when it looks like a key; else the text has none.

    ``||Note: text||`` is plain text with the page's reveal point; ``||S3E1: x||`` names a
    key (possibly unknown, which the lint reports).
    """
    if raw_key and KEYLIKE_RE.match(raw_key):
        return raw_key.upper()
    return None


# -- Markdown extension ---------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _SpoilerBlockProcessor(BlockProcessor):
    """``!!! spoiler "S1E9"`` / ``??? spoiler "S1E9"`` and the indented body under it.

    The opener may end a paragraph (no blank line before it: the lines before it are
    parsed as what they are); the body is every following line indented more than the
    opener, dedented by the first one's indentation, and the blocks after a blank line
    indented as much (as admonitions continue)."""

    def __init__(self, parser: BlockParser, check: Callable[[str | None], str]):
        super().__init__(parser)
        self.check = check
        self.current: etree.Element | None = None
        self.marker_indent = 0
        self.body_indent: int | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        if any(BLOCK_RE.match(line) for line in block.split("\n")):
            return True
        # An indented continuation of the spoiler block just before it.
        sibling = self.lastChild(parent)
        if sibling is None or sibling is not self.current:
            return False
        need = self.body_indent if self.body_indent is not None else self.marker_indent + 1
        return _indent(block) >= need and bool(block.strip())

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        lines = block.split("\n")
        opener = next((i for i, line in enumerate(lines) if BLOCK_RE.match(line)), None)
        sibling = self.lastChild(parent)
        if opener is None or (opener > 0 and sibling is self.current
                              and _indent(lines[0]) > self.marker_indent):
            if opener is not None:  # a continuation with a new opener inside it
                blocks.insert(0, "\n".join(lines[opener:]))
                lines = lines[:opener]
            div = self.current
            assert div is not None
            body = lines
        else:
            if opener > 0:  # the paragraph the opener ends
                self.parser.parseBlocks(parent, ["\n".join(lines[:opener])])
            m = BLOCK_RE.match(lines[opener])
            assert m is not None
            div = etree.SubElement(parent, "div", {"class": "sv-block",
                                                   "data-reveal": self.check(block_key(m))})
            if m.group("marker").startswith("???"):
                div.set("data-sv-collapsible", "")
            self.current = div
            self.marker_indent = len(m.group("indent"))
            self.body_indent = None
            body = lines[opener + 1:]
        inner, tail = [], []
        for i, line in enumerate(body):
            if not line.strip():
                inner.append("")
                continue
            if _indent(line) <= self.marker_indent or BLOCK_RE.match(line):
                tail = body[i:]
                break
            if self.body_indent is None:
                self.body_indent = _indent(line)
            inner.append(line[min(self.body_indent, _indent(line)):])
        if any(inner):
            self.parser.parseChunk(div, "\n".join(inner))
        if tail:
            blocks.insert(0, "\n".join(tail))
            self.current = None
        return True


class _SpoilerInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, check: Callable[[str | None], str]):
        super().__init__(pattern, md)
        self.check = check

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        image = data.rfind("![", 0, m.start())
        if image >= 0 and "]" not in data[image:m.start()]:
            # Inside an image's description, which becomes its alt text: an attribute
            # cannot hold a gate, so the bars stay as they are (and are reported).
            return None, None, None
        raw_key = m.group("key") or None
        key = inline_key(raw_key)
        text = m.group("text")
        if raw_key and key is None:  # "||Note: x||" is text, not a key
            whole = m.group(0)
            text = whole[2:-2] if whole.startswith("||") else f"{raw_key}: {text}"
        if key is None:
            loose = LOOSE_KEY_RE.match(text)
            if loose:
                key = f"S{loose.group(1)}" + (f"E{loose.group(2)}" if loose.group(2) else "")
        el = etree.Element("span", {"class": "sv-inline", "data-reveal": self.check(key)})
        el.text = text
        return el, m.start(0), m.end(0)


_SEPARATOR_ROW_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")


class _TableCellPreprocessor(Preprocessor):
    """In table rows, ``||S1E9: text||`` -> ``OPEN S1E9 SEP text CLOSE`` (outside code
    spans), so the table does not read its bars as cell borders."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("||" in line for line in lines):
            return lines
        out = list(lines)
        for i, line in enumerate(lines):
            if "|" not in line or not _SEPARATOR_ROW_RE.match(line) or "-" not in line:
                continue
            if i == 0 or not lines[i - 1].strip():
                continue
            j = i - 1  # the header row, then every row until a blank line
            while j < len(lines) and lines[j].strip():
                if j != i:
                    out[j] = _swap_bars(lines[j])
                j += 1
        return out


def _swap_bars(row: str) -> str:
    if "||" not in row:
        return row
    out, cursor = [], 0
    for code in _CODE_SPAN_RE.finditer(row):
        out.append(INLINE_RE.sub(_cell_spoiler, row[cursor:code.start()]))
        out.append(code.group(0))
        cursor = code.end()
    out.append(INLINE_RE.sub(_cell_spoiler, row[cursor:]))
    return "".join(out)


_BARE_PIPE_RE = re.compile(r"(?<!\\)\|")


def _cell_spoiler(m: re.Match[str]) -> str:
    # A single bar inside the hidden text would end the cell there (and leave half of
    # the text outside the spoiler): it is escaped, as a bar in a cell's text must be.
    key = m.group("key") or ""
    if key and inline_key(key) is None:
        key, text = "", m.group(0)[2:-2]
    else:
        text = m.group("text")
    text = _BARE_PIPE_RE.sub(lambda _: "\\|", text)
    return f"{OPEN}{key}{SEP}{text}{CLOSE}"


class SpoilerExtension(Extension):
    """Register with ``timeline_of()`` returning the current timeline (or None before files).

    A missing key (``||text||``, ``!!! spoiler``) becomes ``data-reveal="page"``, meaning
    "the page's own reveal point", resolved when the page is gated. Other keys are written
    upper-cased as given; one that is not on the timeline is reported by the check of the
    rendered page and never revealed by progress.
    """

    def __init__(self, timeline_of: Callable[[], Timeline | None] | None = None,
                 **kwargs: object):
        self.timeline_of = timeline_of
        super().__init__(**kwargs)

    @staticmethod
    def _check(key: str | None) -> str:
        if key is None or not key.strip():
            return "page"
        key = key.strip()
        return key.upper() if KEYLIKE_RE.match(key) else key

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After the raw-HTML and fenced-code stashes (20, 25+): only Markdown text is seen.
        md.preprocessors.register(_TableCellPreprocessor(md), "sv_spoiler_cells", 15)
        # Above admonition and details (105) so they never see "spoiler" blocks.
        md.parser.blockprocessors.register(
            _SpoilerBlockProcessor(md.parser, self._check), "sv_spoiler_block", 110
        )
        # Below code spans (190) so `||x||` in code stays code; above wikilinks (175) and
        # emphasis so they apply inside the hidden text.
        md.inlinePatterns.register(
            _SpoilerInlineProcessor(INLINE_PATTERN, md, self._check), "sv_spoiler_inline", 180
        )
        md.inlinePatterns.register(
            _SpoilerInlineProcessor(CELL_PATTERN, md, self._check), "sv_spoiler_cell", 179
        )
