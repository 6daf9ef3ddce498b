"""Cleaning: drop site furniture, split an article into headings and paragraphs, sentences.

Furniture is recognised by the patterns in :data:`DROP_PARAGRAPH` and :data:`STRIP_INLINE`
(newsletter sign-ups, "Read more" teasers, image credits, share prompts, streaming
plugs, spoiler warnings, editor's notes), never by one article's exact strings. Add a
pattern there when a new outlet brings new furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph matching any of these is furniture and is dropped whole.
DROP_PARAGRAPH: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*(read more|related( stories| articles| reading)?|see also|more from|recommended"
        r"( for you| reading)?|you may also like|also read|keep reading|watch now|trending)\b",
        r"\b(sign up|subscribe)( now)? (for|to) (our|the|a)\b",
        r"\breceive email from us\b|\bcontact me with news and offers\b",
        r"\byour daily (blend|dose|digest)\b",
        r"^\W*(share|tweet|pin|email) (this|on|via)\b",
        r"^\W*follow us( on)?\b",
        r"^\W*(click|tap) here\b",
        r"^\W*(advertisement|sponsored( content)?|ad)\W*$",
        r"^\W*(image|photo|picture|video) (credit|via|courtesy)\b",
        r"\byou can (stream|watch) .{0,120}\b(subscription|apple tv)",
        r"^\W*editor['’]?s note\b",
        r"^\W*(this (interview|conversation) has been (edited|condensed|lightly edited))",
        r"^\W*(update|correction)\s*(\([^)]*\))?:",
    )
]
# Spoiler warnings are not content either, but they say which episodes the article
# spoils, so they are kept as "warning" blocks: read for episode mentions, nothing else.
SPOILER_WARNING: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*((slight|major|mild|minor|some|heavy|full|big)\s+)?spoilers?\b.{0,120}\b(ahead|"
        r"below|follow)\b",
        r"^\W*(warning:\s*)?this (article|story|post|piece|recap) contains( major| minor)? "
        r"spoilers\b",
    )
]
# Uppercase site banners ("CINEMABLEND NEWSLETTER") are matched case-sensitively.
DROP_PARAGRAPH.append(re.compile(r"\b(NEWSLETTER|SUBSCRIBE|ADVERTISEMENT)\b"))

# Inline furniture removed from inside a paragraph.
STRIP_INLINE: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\s*[\(\[](image|photo|picture) (credit|via|courtesy)[^\)\]]*[\)\]]",
        r"\s*[\(\[]editor['’]?s note:[^\)\]]*[\)\]]",
        r"\s*[\(\[](opens in a new tab|via [a-z ]+)[\)\]]",
    )
]


@dataclass
class Block:
    kind: str  # "heading", "para", "blockquote" or "warning" (a spoiler warning)
    text: str
    line: int  # line in the article file
    qa_label: str | None = None  # "NAME" of a "NAME: answer" paragraph
    qa_text: str | None = None


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
_QA = re.compile(
    r"^(?:\*\*|__)?(?P<label>[A-Z][\w.'’\- ]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?P<text>\S.*)$",
    re.DOTALL,
)
_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
          "or", "the", "to", "with", "vs", "vs."}


def is_heading_line(line: str) -> bool:
    """A plain-text section heading: one short line in title case, no final punctuation."""
    text = line.strip()
    words = text.split()
    if not 2 <= len(words) <= 16 or len(text) > 120:
        return False
    if text[-1] in ".!?:;,\"”’)" or text[0] in "\"“‘'(-*>":
        return False
    big = [w for w in words if w.lower().strip("’'s") not in _SMALL]
    if not big:
        return False
    capped = sum(1 for w in big if w[:1].isupper() or w[:1].isdigit())
    return capped / len(big) >= 0.75


def _strip_inline(text: str) -> str:
    for pat in STRIP_INLINE:
        text = pat.sub("", text)
    text = re.sub(r"[ \t]+([.,!?;:])(?=\s|$)", r"\1", text)  # "subscription ." -> "."
    return " ".join(text.split())


def is_furniture(text: str) -> bool:
    return any(p.search(text) for p in DROP_PARAGRAPH)


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """Paragraphs of the article with furniture removed, headings and Q&A labels marked."""
    out: list[Block] = []
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line
    for i, line in enumerate(body.split("\n")):
        if line.strip():
            if not current:
                start = first_line + i
            current.append(line.rstrip())
        elif current:
            chunks.append((start, current))
            current = []
    if current:
        chunks.append((start, current))
    for line_no, lines in chunks:
        if all(ln.lstrip().startswith(">") for ln in lines):
            text = " ".join(ln.lstrip()[1:].strip() for ln in lines)
            kind = "blockquote"
        else:
            m = _MD_HEADING.match(lines[0])
            if m and len(lines) == 1:
                out.append(Block("heading", _strip_inline(m.group(1)), line_no))
                continue
            text = " ".join(ln.strip() for ln in lines)
            kind = "para"
        bold = _BOLD_LINE.match(text)
        if kind == "para" and bold and len(text) < 120 and not text.rstrip("*").endswith(":"):
            out.append(Block("heading", bold.group(1).strip(), line_no))
            continue
        if any(p.search(text) for p in SPOILER_WARNING):
            out.append(Block("warning", _strip_inline(text), line_no))
            continue
        if is_furniture(text):
            continue
        text = _strip_inline(text)
        if not text:
            continue
        if kind == "para" and len(lines) == 1 and is_heading_line(text):
            out.append(Block("heading", text, line_no))
            continue
        block = Block(kind, text, line_no)
        qa = _QA.match(text)
        if qa and kind == "para" and len(qa.group("label").split()) <= 4:
            block.qa_label = qa.group("label").strip()
            block.qa_text = qa.group("text").strip()
        out.append(block)
    return out


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or (
        "“" not in text and text.count('"') % 2 == 1)


def merge_continued_quotes(items: list[Block]) -> list[Block]:
    """Join a quote that runs over paragraphs, in the press convention: the paragraph ends
    with the quotation still open, and the next paragraph reopens it."""
    out: list[Block] = []
    for block in items:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "para" and block.kind == "para"
                and prev.qa_label is None and _open_quote(prev.text)
                and block.text[:1] in "“\""):
            prev.text = f"{prev.text} {block.text[1:]}"
            continue
        out.append(block)
    return out


# --- sentences -----------------------------------------------------------------------------

_ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|Jr|Sr|vs|etc|No|Vol|Ep)|\b[A-Z])\.$")
OPEN_Q = "“\""
CLOSE_Q = "”\""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries, never inside a double-quoted passage."""
    spans: list[tuple[int, int]] = []
    start = 0
    in_quote = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "“":
            in_quote = True
        elif ch == "”":
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif ch in ".!?" and not in_quote:
            j = i + 1
            while j < n and text[j] in ".!?”\"’)":
                j += 1
            ends = j >= n or (text[j] == " " and j + 1 < n and
                              (text[j + 1].isupper() or text[j + 1] in "“\"‘("))
            if ends and not (ch == "." and _ABBREV.search(text[: i + 1])):
                spans.append((start, j))
                start = j + 1
                i = j
        i += 1
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]
