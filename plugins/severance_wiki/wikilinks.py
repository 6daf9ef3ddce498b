"""``[[Target#Heading|label]]`` wikilinks as a Python-Markdown inline pattern.

Being an inline pattern, it never touches code spans or fenced code. Rendering is
delegated to a callback so this module stays free of MkDocs: the plugin resolves the
target against the registry and returns the element to insert.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

WIKILINK_PATTERN = (
    r"\[\["
    r"(?P<target>[^\]\[|#\n]+?)"  # target: a title, an alias or an episode key
    r"(?:#(?P<heading>[^\]\[|\n]+?))?"  # optional #heading on the target page
    r"(?:\|(?P<label>[^\]\[\n]+?))?"  # optional |label shown instead of the target
    r"\]\]"
)
WIKILINK_RE = re.compile(WIKILINK_PATTERN)


@dataclass(frozen=True)
class WikiLink:
    target: str
    heading: str | None
    label: str | None
    raw: str

    @property
    def text(self) -> str:
        """What the reader sees by default."""
        return self.label or (f"{self.target} § {self.heading}" if self.heading else self.target)


def parse(match: re.Match[str]) -> WikiLink:
    heading = match.group("heading")
    label = match.group("label")
    return WikiLink(
        target=" ".join(match.group("target").split()),
        heading=heading.strip() if heading else None,
        label=label.strip() if label else None,
        raw=match.group(0),
    )


_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def code_free_lines(text: str, *, comments: bool = True) -> list[str]:
    """The lines of a Markdown body with what Markdown does not read as text blanked out:
    fenced code, code spans and (``comments=True``) HTML comments, which pass through
    untouched. Blanks are spaces, so lines and columns still point into the file.

    The one scanner for everything that looks for links or markup in a page's text (the
    build's line numbers, the contributor checks, the spoiler lint), so they agree."""
    out: list[str] = []
    fence: str | None = None
    in_comment = False
    for line in text.split("\n"):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) <= {fence[0]}:
                fence = None  # a closing fence: the opening's characters only
            out.append(" " * len(line))
            continue
        if comments:
            line, in_comment = _blank_comments(line, in_comment)
        m = _FENCE_RE.match(line)
        if m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append(" " * len(line))
            continue
        out.append(_CODE_SPAN_RE.sub(lambda c: " " * len(c.group(0)), line))
    return out


def find_all(text: str) -> list[tuple[int, WikiLink]]:
    """Every wikilink in ``text`` outside code and comments, with its 1-based line."""
    return [(lineno, parse(m))
            for lineno, line in enumerate(code_free_lines(text), start=1)
            for m in WIKILINK_RE.finditer(line)]


def _blank_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Blank out ``<!-- ... -->`` parts of ``line``; the flag carries over line ends."""
    out, pos = [], 0
    while pos < len(line):
        if in_comment:
            end = line.find("-->", pos)
            if end < 0:
                out.append(" " * (len(line) - pos))
                return "".join(out), True
            out.append(" " * (end + 3 - pos))
            pos, in_comment = end + 3, False
        else:
            start = line.find("<!--", pos)
            if start < 0:
                out.append(line[pos:])
                break
            out.append(line[pos:start])
            pos, in_comment = start, True
    return "".join(out), in_comment


Renderer = Callable[[WikiLink], etree.Element]


class _WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, renderer: Renderer):
        super().__init__(pattern, md)
        self.renderer = renderer

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        before = data[: m.start(0)]
        opened = before.rfind("<!--")
        if opened >= 0 and before.find("-->", opened) < 0:
            return None, None, None  # inside an HTML comment: not a link, as in find_all()
        # Backslash escapes inside the link were stashed by an earlier pattern; put the
        # characters back so the raw text matches what find_all() saw in the Markdown.
        text = self.unescape(m.group(0))
        link = WIKILINK_RE.fullmatch(text)
        return self.renderer(parse(link or m)), m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    """Register with a ``renderer(link) -> Element`` callback."""

    def __init__(self, renderer: Renderer, **kwargs: object):
        self.renderer = renderer
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Above 'link' (160) so '[[x]]' is not read as a reference link.
        md.inlinePatterns.register(
            _WikiLinkProcessor(WIKILINK_PATTERN, md, self.renderer), "wikilink", 175
        )
