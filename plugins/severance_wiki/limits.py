"""Limits that keep a build's time linear in a page's size, with clear messages.

Python-Markdown nests a parser call per level of a list, quote or ``markdown`` HTML
block (a few hundred levels end in a RecursionError), rebuilds a paragraph's text once per
inline match (so 50,000 links in one paragraph take minutes), and scans to the end of a
paragraph for each ``[`` that has no ``]`` (quadratic: thousands of unclosed brackets take
minutes). Nothing a person writes needs any of that, so pages that would are refused
before they are rendered (:func:`check_source`, run by the build and the validator), and
the one case that is easy to make harmless instead (many unclosed brackets in a
paragraph) is (:class:`BracketGuardExtension`).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .errors import Problem
from .wikilinks import WIKILINK_RE

MAX_DEPTH = 20
"""Levels of lists and block quotes (a level of a list is four spaces of indentation)."""
MAX_HTML_DEPTH = 40
"""Levels of HTML elements open at once in a page's Markdown."""
MAX_WIKILINKS = 2000
"""Wikilinks in one page."""
MAX_INLINE_MARKUP = 2000
"""Pieces of inline markup (links, emphasis, code, HTML tags, entities) in one paragraph."""
UNCLOSED_BRACKETS = 10
"""A paragraph with more ``[`` that are never closed than this gets them escaped."""

_OPEN_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})
_INLINE_MARKUP_RE = re.compile(r"\[\[|\]\(|[*_`<&]|\|\||!\[")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def check_source(body: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Problems that would make rendering ``body`` slow or crash: nesting past the limits,
    too many wikilinks, too much inline markup in one paragraph. One problem per kind."""
    out: list[Problem] = []
    depth_html = 0
    wikilinks = 0
    block_start = first_line
    block_markup = 0
    fence: str | None = None
    seen: set[str] = set()

    def add(kind: str, line: int, message: str, hint: str) -> None:
        if kind not in seen:
            seen.add(kind)
            out.append(Problem(shown, line, message, hint, rule="page-limits"))

    for i, raw in enumerate(body.split("\n")):
        line_no = first_line + i
        line = raw.expandtabs(4)
        stripped = line.strip()
        m = _FENCE_RE.match(line)
        if fence is not None:
            if stripped.startswith(fence) and set(stripped) <= {fence[0]}:
                fence = None
            continue
        if m:
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if not stripped:
            block_markup = 0
            block_start = line_no + 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent // 4 > MAX_DEPTH:
            add("depth", line_no,
                f"this line is indented {indent} spaces, more than {MAX_DEPTH} levels of "
                "nested lists or blocks", "flatten the list; nobody reads that many levels")
        quotes = len(re.match(r"^[ >]*", line).group(0).replace(" ", ""))  # type: ignore[union-attr]
        if quotes > MAX_DEPTH:
            add("quotes", line_no,
                f"block quotes nested {quotes} deep (the limit is {MAX_DEPTH})",
                "remove the extra '>' markers")
        if "<" in line:
            for tag in _OPEN_TAG_RE.finditer(line):
                close, name, selfclose = tag.groups()
                if name.lower() in _VOID or selfclose:
                    continue
                depth_html += -1 if close else 1
                if depth_html > MAX_HTML_DEPTH:
                    add("html", line_no,
                        f"HTML elements nested more than {MAX_HTML_DEPTH} deep",
                        "close the elements you open; pages are Markdown with little HTML")
            depth_html = max(depth_html, 0)
        if "[[" in line:
            wikilinks += sum(1 for _ in WIKILINK_RE.finditer(line))
            if wikilinks > MAX_WIKILINKS:
                add("links", line_no,
                    f"more than {MAX_WIKILINKS} wikilinks in one page",
                    "split the page; a list that long belongs on an index page")
        block_markup += len(_INLINE_MARKUP_RE.findall(line))
        if block_markup > MAX_INLINE_MARKUP:
            add("markup", block_start,
                f"the paragraph starting here has more than {MAX_INLINE_MARKUP} pieces of "
                "inline markup (links, emphasis, code, tags)",
                "split it into paragraphs, or remove what was pasted by mistake")
    return out


class _BracketGuard(Preprocessor):
    """Escape ``[`` that no ``]`` closes in the same paragraph, in paragraphs with many of
    them (a hostile page): each would make Markdown scan the rest of the paragraph.
    A few are left as they are (they render as ``[`` either way)."""

    def run(self, lines: list[str]) -> list[str]:
        if sum(line.count("[") for line in lines) <= UNCLOSED_BRACKETS:
            return lines
        out: list[str] = []
        block: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
                continue
            out.extend(_escape_unclosed(block))
            block = []
            out.append(line)
        out.pop()  # the sentinel
        return out


def _escape_unclosed(block: list[str]) -> list[str]:
    if sum(line.count("[") for line in block) <= UNCLOSED_BRACKETS:
        return block
    text = "\n".join(block)
    opens: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\\":
            continue
        if ch == "[" and (i == 0 or text[i - 1] != "\\"):
            opens.append(i)
        elif ch == "]" and opens and (i == 0 or text[i - 1] != "\\"):
            opens.pop()
    if len(opens) <= UNCLOSED_BRACKETS:
        return block
    pieces, cursor = [], 0
    for i in opens:
        pieces.append(text[cursor:i])
        pieces.append("\\[")
        cursor = i + 1
    pieces.append(text[cursor:])
    return "".join(pieces).split("\n")


class BracketGuardExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_BracketGuard(md), "sv_bracket_guard", 14)


__all__ = ["MAX_DEPTH", "MAX_WIKILINKS", "BracketGuardExtension", "check_source"]
