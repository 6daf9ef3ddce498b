"""Spoiler syntax: Markdown extensions and the build-time spoiler lint.

Syntax (see README, "Spoilers"):

- block: ``!!! spoiler "S1E9"`` or the collapsible ``??? spoiler "S1E9"`` followed by an
  indented body (the admonition/details shape); without a key the page's reveal point;
- inline: ``||hidden text||`` (the page's reveal point) and ``||S1E9: hidden text||``.

The extensions only *mark*: they emit ``<div class="sv-block" data-reveal="S1E9">`` and
``<span class="sv-inline" data-reveal="S1E9">``, the same contract the cross-reference code
uses. :mod:`spoilers_html` turns every mark into gated, hidden-until-revealed markup once
the page's own reveal point is known. Keys are checked by :func:`lint_markdown`, which
knows file and line; the extension maps an unknown key to :data:`UNKNOWN` so the content
stays hidden whatever the reader has watched (fail safe).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .errors import Problem
from .timeline import Timeline
from .wikilinks import find_all as find_wikilinks

UNKNOWN = "?"
"""The reveal key given to markup whose key is not on the timeline: never revealed by progress."""

BLOCK_RE = re.compile(
    r'^(?P<indent> {0,3})(?P<marker>!!!|\?\?\?\+?)[ \t]+spoiler\b(?:[ \t]+"(?P<key>[^"\n]*)")?'
    r"[ \t]*(?P<rest>[^\n]*)$"
)
# ``||text||`` or ``||S1E9: text||``; the text may not start or end with a space or '|', so
# table cells (``| a || b |``) and stray double bars are not spoilers.
INLINE_PATTERN = (
    r"\|\|(?:(?P<key>[A-Za-z][A-Za-z0-9]{0,9})[ \t]*:[ \t]+)?"
    r"(?P<text>[^\s|](?:[^\n|]|\|(?!\|))*?)\|\|"
)
INLINE_RE = re.compile(INLINE_PATTERN)
KEYLIKE_RE = re.compile(r"^S\d+(?:E\d+)?$", re.IGNORECASE)
HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*)$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


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


class _SpoilerBlockProcessor(BlockProcessor):
    """``!!! spoiler "S1E9"`` / ``??? spoiler "S1E9"`` and the indented body under it."""

    def __init__(self, parser: BlockParser, check: Callable[[str | None], str]):
        super().__init__(parser)
        self.check = check
        self.current: etree.Element | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        first = block.split("\n", 1)[0]
        if BLOCK_RE.match(first):
            return True
        # An indented continuation of the spoiler block just before it.
        sibling = self.lastChild(parent)
        return (
            block.startswith(" " * self.tab_length)
            and sibling is not None
            and sibling is self.current
        )

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        first, _, rest = block.partition("\n")
        m = BLOCK_RE.match(first)
        if m:
            key = self.check(block_key(m))
            div = etree.SubElement(parent, "div", {"class": "sv-block", "data-reveal": key})
            if m.group("marker").startswith("???"):
                div.set("data-sv-collapsible", "")
            self.current = div
            body = rest
        else:
            div = self.current  # type: ignore[assignment]
            body = block
        assert div is not None
        lines, tail = [], []
        for i, line in enumerate(body.split("\n")):
            if line.startswith(" " * self.tab_length) or not line.strip():
                lines.append(line[self.tab_length:])
            else:
                tail = body.split("\n")[i:]
                break
        if lines:
            self.parser.parseChunk(div, "\n".join(lines))
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
    ) -> tuple[etree.Element, int, int]:
        raw_key = m.group("key")
        key = inline_key(raw_key)
        text = m.group("text")
        if raw_key and key is None:
            text = f"{raw_key}: {text}"  # "||Note: x||" is text, not a key
        el = etree.Element("span", {"class": "sv-inline", "data-reveal": self.check(key)})
        el.text = text
        return el, m.start(0), m.end(0)


class SpoilerExtension(Extension):
    """Register with ``timeline_of()`` returning the current timeline (or None before files).

    A missing key (``||text||``, ``!!! spoiler``) becomes ``data-reveal="page"``, meaning
    "the page's own reveal point", resolved when the page is gated.
    """

    def __init__(self, timeline_of: Callable[[], Timeline | None], **kwargs: object):
        self.timeline_of = timeline_of
        super().__init__(**kwargs)

    def _check(self, key: str | None) -> str:
        if key is None or not key.strip():
            return "page"
        tl = self.timeline_of()
        key = key.strip().upper()
        if tl is None or tl.position(key) is None:
            return UNKNOWN
        return key

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Above admonition and details (105) so they never see "spoiler" blocks.
        md.parser.blockprocessors.register(
            _SpoilerBlockProcessor(md.parser, self._check), "sv_spoiler_block", 110
        )
        # Below code spans (190) so `||x||` in code stays code; above wikilinks (175) and
        # emphasis so they apply inside the hidden text.
        md.inlinePatterns.register(
            _SpoilerInlineProcessor(INLINE_PATTERN, md, self._check), "sv_spoiler_inline", 180
        )


# -- lint -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevealName:
    """A name that is itself a spoiler until ``episode`` (e.g. a character's reveal)."""

    name: str
    episode: str
    owner: str  # the page it belongs to, for the message


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _word(name: str) -> str:
    """The pattern of a normalised name as a whole word (or words)."""
    return r"(?<!\w)" + re.escape(name) + r"(?!\w)"


@functools.lru_cache(maxsize=32)
def _any_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of the normalised ``names``: compiled once per set of names (once
    per build), so text with no reveal name in it costs one search, not one per name."""
    if not names:
        return None
    return re.compile("|".join(_word(n) for n in sorted(set(names), key=len, reverse=True)))


class RevealWords:
    """Reveal names found in text: one alternation of all of them (compiled once per set
    of names, so once per build) finds whether any is there; only then is it told which."""

    def __init__(self, names: Iterable[RevealName]):
        self.names = list(names)
        self.normed = [_norm(n.name) for n in self.names]
        self.regex = _any_of(tuple(self.normed))

    def first(self, text: str, pending: Callable[[int], bool] = lambda i: True
              ) -> RevealName | None:
        """The first name (``pending(index)`` true) that ``text`` uses as a word."""
        if self.regex is None:
            return None
        low = _norm(text)
        if self.regex.search(low) is None:
            return None
        return next((n for i, n in enumerate(self.names)
                     if pending(i) and re.search(_word(self.normed[i]), low)), None)


def lint_markdown(
    text: str,
    path: str,
    timeline: Timeline,
    page_point: str,
    reveal_names: Iterable[RevealName] = (),
    first_line: int = 1,
    default_point: str | None = None,
) -> list[Problem]:
    """Spoiler problems in a page body, each with file:line.

    - spoiler markup with a key that is not on the timeline;
    - keyless spoiler markup on a page where it would mean S0 (it is hidden from everyone);
    - a heading that contains spoiler markup (headings feed the table of contents, the
      search index and permalinks, which no gate covers);
    - a heading, or a wikilink's label, that uses a reveal name before its reveal point.
    """
    problems: list[Problem] = []
    valid = timeline.valid_range()
    page_pos = timeline.position(page_point) or 0
    default_pos = timeline.position(default_point or page_point) or 0
    names = RevealWords(reveal_names)
    name_pos = [timeline.position(n.episode) or 0 for n in names.names]

    def where(lineno: int) -> int:
        return lineno + first_line - 1

    def bad_key(lineno: int, key: str, what: str) -> None:
        problems.append(Problem(
            path, where(lineno),
            f"{what} has the key '{key}', which is not an episode of the timeline "
            "(the content stays hidden for every reader)",
            valid, rule="spoiler-key",
        ))

    def keyless(lineno: int, what: str) -> None:
        problems.append(Problem(
            path, where(lineno),
            f"{what} has no episode key, and this page's reveal point is S0, so it would "
            "hide nothing (it is hidden from every reader instead)",
            "name the episode that makes it safe, e.g. '||S1E9: text||' or "
            "'!!! spoiler \"S1E9\"'",
            rule="spoiler-no-key",
        ))

    def reveal_in(fragment: str, pos: int) -> RevealName | None:
        return names.first(fragment, lambda i: name_pos[i] > pos)

    in_fence: str | None = None
    block_indent: int | None = None  # indentation of the open spoiler block's marker
    block_pos = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        fence = FENCE_RE.match(line)
        if fence:
            marker = fence.group(1)
            if in_fence is None:
                in_fence = marker[0] * len(marker)
                continue
            if stripped.startswith(in_fence):
                in_fence = None
                continue
        if in_fence is not None:
            continue
        indent = len(line) - len(stripped)
        if block_indent is not None and stripped and indent <= block_indent:
            block_indent = None
        if not names.names and "||" not in line and not stripped.startswith(("!!!", "???")):
            continue  # no markup here, and no reveal names to look for
        here = max(page_pos, block_pos if block_indent is not None else 0)
        code_free = re.sub(r"(`+).+?\1", lambda m: " " * len(m.group(0)), line)

        m = BLOCK_RE.match(code_free.strip("\n")) if indent <= 3 else None
        if m is None and stripped.startswith(("!!!", "???")):
            m = BLOCK_RE.match(stripped)
        if m:
            key = block_key(m)
            if key is not None and timeline.position(key) is None:
                bad_key(lineno, key, f"the spoiler block '{stripped.strip()}'")
            elif not key and default_pos == 0:
                keyless(lineno, f"the spoiler block '{stripped.strip()}'")
            block_indent = indent
            block_pos = (timeline.position(key) if key else default_pos) or len(timeline)
            continue

        heading = HEADING_RE.match(code_free)
        if heading and INLINE_RE.search(heading.group("text")):
            problems.append(Problem(
                path, where(lineno),
                f"the heading '{heading.group('text').strip()}' contains spoiler markup; "
                "headings show in the table of contents, search and links, which no gate "
                "covers",
                "move the spoiler into the text under the heading, or put the whole section "
                "in a '!!! spoiler \"S1E9\"' block",
                rule="spoiler-heading",
            ))
        elif heading:
            name = reveal_in(heading.group("text"), here)
            if name:
                problems.append(Problem(
                    path, where(lineno),
                    f"the heading '{heading.group('text').strip()}' uses '{name.name}', a "
                    f"reveal of '{name.owner}' that is a spoiler until {name.episode}",
                    f"use the safe name in the heading, or mark the page 'spoilers: "
                    f"{name.episode}'",
                    rule="spoiler-reveal-heading",
                ))

        spans: list[tuple[int, int, int]] = []  # (start, end, pos) of inline spoilers
        for im in INLINE_RE.finditer(code_free):
            raw_key = im.group("key")
            key = inline_key(raw_key)
            if key is not None and timeline.position(key) is None:
                bad_key(lineno, key, f"the inline spoiler '{im.group(0)}'")
            elif key is None and default_pos == 0 and here == page_pos:
                keyless(lineno, f"the inline spoiler '{im.group(0)}'")
            # keyless inside a spoiler block: the block's point
            inherited = here if here > page_pos else default_pos
            pos = (timeline.position(key) if key else inherited) or len(timeline)
            spans.append((im.start(), im.end(), max(pos, here)))

        for link_line, link in find_wikilinks(code_free) if "[[" in code_free else ():
            del link_line
            start = code_free.find(link.raw)
            pos = max([here, *(p for s, e, p in spans if s <= start < e)])
            shown = link.label or link.target
            name = reveal_in(shown, pos)
            if name:
                problems.append(Problem(
                    path, where(lineno),
                    f"the wikilink '{link.raw}' shows '{name.name}', a reveal of "
                    f"'{name.owner}' that is a spoiler until {name.episode}",
                    f"link with the safe name ([[{name.owner}]]), or wrap it as "
                    f"'||{name.episode}: {link.raw}||'",
                    rule="spoiler-reveal-link",
                ))
    return problems
