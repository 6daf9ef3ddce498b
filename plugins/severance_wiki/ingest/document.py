"""The annotated document: an article cleaned once, split once, its mentions found once.

Every later step (quotes, speakers, facts, pages) reads these annotations instead of
splitting or scanning the text again, the way NLP toolkits hand one parsed document from
stage to stage.

Offsets. ``Document.text`` has exactly the length of the article body (the text after the
front matter), character for character, except that what is not content is blanked with
spaces: site furniture, Markdown markers (``#``, ``>``, ``**``), tool-added prefixes, and
line breaks inside a paragraph. So every span (a block, a sentence, a quote, a mention) is
an offset pair valid in both the body and the cleaned text, and ``body[start:end]`` is
what the article says there, verbatim.

Structure:

- **blocks**: headings, paragraphs, ``>`` block quotes and spoiler warnings. Paragraphs are
  separated by blank lines, or by single line breaks in text copied from a web page (long
  lines), which is told apart from hard-wrapped Markdown by line length;
- **turns**: the speaker turns of a Q&A (``BEN STILLER: ...``, ``**Lower:** ...``, ``Q:``),
  also two answers in one paragraph separated only by their capitalised labels;
- **sentences**: never split inside a quotation, never across a turn;
- **quoted spans**: double-quoted passages, a quotation continued in the next paragraph
  (press convention) joined to its start;
- **mentions**: people and characters (by name, alias, surname, first name, epithet),
  episodes, and capitalised names the wiki does not know.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import sentencex

from .lexicon import POSSESSIVE_ASIDE, SPEECH_VERBS, Lexicon, Mention
from .mentions import NOT_NAMES, NOT_PERSON, find_episodes, unknown_names

# --- furniture ---------------------------------------------------------------------------

# A paragraph matching any of these is furniture and is blanked whole.
# The label of a "read more" teaser line: another article of the site, not this one's text.
_TEASER = (r"read more|related(?: stories| articles| reading| content)?|see also|more from|"
           r"recommended(?: for you| reading)?|you may also like|also read|keep reading|"
           r"watch now|trending(?: now)?|more on|don['’]t miss|up next|further reading")
# The label of an image credit: "Photo:", "Image credit:", "Photograph by", "Credit:".
_CREDIT = (r"(?:photograph|photo|image|picture)s?(?:\s+(?:credit|by|via|courtesy(?:\s+of)?))?"
           r"|credits?")
DROP_PARAGRAPH: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"^\W*(?:{_TEASER})\b",
        r"\b(sign up|subscribe)( now)? (for|to) (our|the|a)\b",
        r"\breceive email from us\b|\bcontact me with news and offers\b",
        r"\byour daily (blend|dose|digest)\b",
        r"^\W*(share|tweet|pin|email) (this|on|via)\b",
        r"^\W*(share|tweet|email|copy link|facebook|twitter|reddit|whatsapp)(\W+(share|tweet|"
        r"email|copy link|facebook|twitter|reddit|whatsapp|x|bluesky|threads))*\W*$",
        r"^\W*follow us( on)?\b",
        r"^\W*(click|tap) here\b",
        r"^\W*(advertisement|sponsored( content)?|ad|story continues below)\W*$",
        r"^\W*(image|photo|picture|video|header image|top image|featured image) "
        r"(credit|via|courtesy|by)\b",
        r"^\W*(photo|image|credit|photograph)s?\s*:",
        r"^\W*source\s*:\s*\S.{0,150}$",
        r"\byou can (stream|watch) .{0,120}\b(subscription|apple tv)",
        r"^\W*(severance (is|seasons?\b.{0,40}\bare) (now )?(streaming|available)|"
        r"(stream|watch) severance (now )?on)\b",
        r"^\W*editor['’]?s note\b",
        r"^\W*(this (interview|conversation) has been (edited|condensed|lightly edited))",
        r"^\W*(update|correction)\s*(\([^)]*\))?:",
        r"^\W*(by|words by|written by)\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*"
        r"([|,·•-].{0,60})?$",
        r"^\W*(published|updated|posted|last updated)\b.{0,60}\d{4}.{0,20}$",
        r"^\W*(tags?|filed under|topics?)\s*:",
        r"^\W*(comments?|\d+ comments?|leave a comment|join the conversation)\W*$",
        r"^\W*all rights reserved\b|©",
    )
]
DROP_PARAGRAPH.append(re.compile(r"\b(NEWSLETTER|SUBSCRIBE|ADVERTISEMENT)\b"))
# Spoiler warnings are not content, but say which episodes the article spoils: they are
# kept as "warning" blocks, read for episode mentions and nothing else.
SPOILER_WARNING: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*((slight|major|mild|minor|some|heavy|full|big|light)\s+)?spoilers?\b.{0,120}?\b"
        r"(ahead|below|follow|inside)\b",
        r"^\W*(warning:\s*)?this (article|story|post|piece|recap|interview) (contains|"
        r"includes|discusses)( major| minor| some)? spoilers\b",
        r"^\W*spoiler (warning|alert)\b",
    )
]
# Inline furniture blanked inside a paragraph.
STRIP_INLINE: list[re.Pattern[str]] = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\s*[\(\[](image|photo|picture) (credit|via|courtesy)[^\)\]]*[\)\]]",
        r"\s*[\(\[]editor['’]?s note:[^\)\]]*[\)\]]",
        r"\s*[\(\[](opens in a new tab|via [a-z ]+)[\)\]]",
    )
]
# A tool-added prefix glued to the first words ("date 2025-02-07 When Severance ...").
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PREFIX = re.compile(
    r"^\s*(?:date|published|posted|updated|last updated|source|url)(?:\s+on)?\s*:?\s*"
    r"(?:\d{4}-\d{2}-\d{2}(?:T[\d:+Z.-]+)?|https?://\S+"
    rf"|(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}"
    r"(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)?)"
    r"\s*[|·•,–—-]?\s*", re.IGNORECASE)

# A byline, a reading time, an outlet's name and a time stamp, in any order, glued to the
# first words by a copy from a web page: "By Jo Reyes | 4 min readSeverance ...",
# "By Jo Reyes, The Daily ReelSeverance ...", "Jo Reyes · 4 min read ...",
# "Updated 2 hours ago ...". Each piece is one of these, separated by | · • , or a dash.
_SEP = r"\s*[|·•,–—-]?\s*"
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:(?:de|van|von|da|del|la|le)\s+)?[A-Z][\w.'’-]*){1,3}"
_READ_TIME = (r"(?:\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?|m)\.?(?:\s+|-)read(?:ing)?(?:\s+time)?|"
              r"reading time:?\s*\d{1,3}\s*min(?:ute)?s?\.?)")
_AGO = (r"(?:(?:updated|published|posted)\s*:?\s*)?\d{1,3}\s+(?:min(?:ute)?s?|hours?|hrs?|"
        r"days?)\s+ago")
_BYLINE_PIECES = [
    re.compile(rf"(?:by|words by|written by|story by)\s+(?-i:{_NAME})(?:\s+and\s+(?-i:{_NAME}))?"
               r"(?=\s*[|·•,–—-]|\s+\d)", re.IGNORECASE),
    re.compile(_READ_TIME, re.IGNORECASE),
    re.compile(_AGO, re.IGNORECASE),
]


def _lead_furniture(raw: str, outlet: str, author: str | None) -> int:
    """Where the content starts after the furniture glued to the top of an article: date
    stamps (:data:`_PREFIX`), a byline, a reading time, "2 hours ago", and the outlet's or
    the author's name next to one of those, in any order. 0 when the first words are
    content: a name alone may be the first sentence's subject."""
    names = [n for n in dict.fromkeys((author or "", outlet or "", re.sub(
        r"^(?:the|a)\s+", "", outlet or "", flags=re.IGNORECASE))) if n]
    pos, count = len(raw) - len(raw.lstrip()), 0
    while pos < len(raw):
        at = pos
        if count:
            sep = re.match(_SEP, raw[at:])
            at += sep.end() if sep else 0
        rest = raw[at:]
        m = _PREFIX.match(rest)
        hit = m.end() if m and m.end() else 0
        if not hit:
            hit = next((x.end() for x in (p.match(rest) for p in _BYLINE_PIECES) if x), 0)
        if not hit and count:  # "By Jo Reyes, The Daily Reel": the outlet after a byline
            hit = next((len(n) for n in names if rest[:len(n)].casefold() == n.casefold()
                        and not rest[len(n):len(n) + 1].islower()), 0)
        if not hit and not count:  # "Jo Reyes · 4 min read": a name before a reading time
            name = re.match(rf"{_NAME}(?={_SEP})", rest)
            after = name and re.match(_SEP, rest[name.end():])
            if name and after and after.group(0).strip() and any(
                    p.match(rest[name.end() + after.end():]) for p in _BYLINE_PIECES[1:]):
                hit = name.end()
        if not hit:
            break
        pos, count = at + hit, count + 1
    if not count:
        return 0
    return pos + len(raw[pos:]) - len(raw[pos:].lstrip())


_MD_HEADING = re.compile(r"^(#{1,6})\s+.*?(\s*#*)\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)([^*_]+)(\*\*|__)\s*$")
_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
          "or", "the", "to", "with", "vs", "vs.", "is", "are", "was", "how", "why", "what"}
# Q&A labels: at the start of a paragraph (any capitalised name, or bold), or inside one
# after a sentence end (capitals only: "STILLER: ... SCOTT: ...").
_LABEL_START = re.compile(
    r"^(?P<pre>\s*(?:\*\*|__)?)(?P<label>[A-Z][\w.'’\- ]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+"
    r"(?=\S)")
_LABEL_MID = re.compile(
    r"(?<=[.!?”\")…\]])\s+(?P<label>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3})\s*:\s+(?=\S)")
NOT_LABELS = {"note", "update", "warning", "spoiler", "spoilers", "editor", "editor's note",
              "correction", "source", "photo", "credit", "image", "tags", "read more", "related",
              "watch", "listen", "plus", "also", "bonus", "p.s", "ps"}
QUESTION_LABELS = {"q", "question", "interviewer", "int", "me", "host", "moderator", "co-host"}
LONG_LINE = 110  # lines longer than this are paragraphs of their own (text from the web)


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


def is_furniture(text: str) -> bool:
    return any(p.search(text) for p in DROP_PARAGRAPH)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


# --- annotations ---------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "heading", "para", "blockquote" or "warning"
    start: int
    end: int
    line: int  # line in the article file
    text: str  # the cleaned text, whitespace collapsed (offsets: use the document's spans)


@dataclass
class Turn:
    """One speaker's turn in a Q&A: ``label`` and the span of what they say."""

    block: int
    label: str
    label_start: int
    start: int
    end: int
    question: bool
    speaker: str | None  # person page title, when the label names one without doubt


@dataclass
class Sentence:
    start: int
    end: int
    block: int
    turn: int | None  # index into Document.turns


@dataclass
class QuotedSpan:
    """A double-quoted passage: ``start``/``end`` include the marks, ``inner`` excludes
    them. A quotation reopened in the next paragraph has its parts in ``parts``."""

    start: int
    end: int
    block: int
    parts: list[tuple[int, int]]  # inner spans, one per paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.parts[0][0], self.parts[-1][1]


@dataclass
class Document:
    body: str
    text: str  # same length as body; non-content blanked
    body_line: int
    blocks: list[Block] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quoted: list[QuotedSpan] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # people and characters
    episodes: list[Mention] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # People named in full whom the wiki has no page for ("production designer Marisol
    # Keane"): their mentions are of kind "named", so they can be speakers.
    named_people: list[str] = field(default_factory=list)
    teasers: list[tuple[int, int]] = field(default_factory=list)  # "Read more" lines
    photographers: list[str] = field(default_factory=list)  # named in credit lines
    # People and characters a "Read more" line names (unambiguously): listed, never speakers.
    teaser_mentions: list[Mention] = field(default_factory=list)
    # The headline or the first paragraph names the show: every paragraph is about it.
    about_show: bool = False
    article_people: set[str] = field(default_factory=set)
    _starts: list[int] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)

    # -- access -----------------------------------------------------------------------------

    def span(self, start: int, end: int) -> str:
        """Cleaned text of a span, whitespace collapsed."""
        return " ".join(self.text[start:end].split())

    def verbatim(self, start: int, end: int) -> str:
        """What the article says there, whitespace collapsed (line breaks of the file)."""
        return " ".join(self.body[start:end].split())

    def line_of(self, pos: int) -> int:
        return self.body_line + self.body.count("\n", 0, pos)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def sentence_at(self, pos: int) -> int | None:
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return i
        return None

    def sentences_of(self, block: int) -> list[int]:
        return [i for i, s in enumerate(self.sentences) if s.block == block]

    def quoted_in(self, start: int, end: int) -> list[QuotedSpan]:
        return [q for q in self.quoted if q.start < end and start < q.end]

    def people_in(self, start: int, end: int) -> list[str]:
        return list(dict.fromkeys(m.who for m in self.mentions_in(start, end)
                                  if m.kind == "person" and m.who))

    def characters_in(self, start: int, end: int) -> list[str]:
        return list(dict.fromkeys(m.who for m in self.mentions_in(start, end)
                                  if m.kind == "character" and m.who))

    def episodes_in(self, start: int, end: int) -> list[str]:
        return list(dict.fromkeys(m.candidates[0] for m in self.episodes
                                  if start <= m.start and m.end <= end))


# --- building --------------------------------------------------------------------------------


def _blank(chars: list[str], a: int, b: int) -> None:
    for i in range(a, b):
        if chars[i] != "\n":
            chars[i] = " "


def _raw_blocks(body: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each paragraph-like chunk: blank-line separated, and split
    further into lines when the lines are too long to be hard wrapping, or when a line
    starts a Q&A turn, a heading or a block quote."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in body.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    chunks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for a, b in lines:
        if body[a:b].strip():
            current.append((a, b))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    out: list[tuple[int, int, str]] = []
    for chunk in chunks:
        if all(body[a:b].lstrip().startswith(">") for a, b in chunk):
            out.append((chunk[0][0], chunk[-1][1], "blockquote"))
            continue
        if len(chunk) > 1 and max(b - a for a, b in chunk) > LONG_LINE:
            out.extend((a, b, "para") for a, b in chunk)
            continue
        group: list[tuple[int, int]] = []
        for a, b in chunk:
            line = body[a:b]
            if _LABELLED_LINE.match(line):  # "Read more: ..." among short lines: its own
                if group:                   # block (so it is furniture), never joined
                    out.append((group[0][0], group[-1][1], "para"))
                    group = []
                out.append((a, b, "para"))
                continue
            starts_new = bool(group) and (
                _MD_HEADING.match(line) or _BOLD_LINE.match(line)
                or (_LABEL_START.match(line) and _label_ok(_LABEL_START.match(line)))  # type: ignore[arg-type]
                or _MD_HEADING.match(body[group[-1][0]:group[-1][1]]))
            if starts_new:
                out.append((group[0][0], group[-1][1], "para"))
                group = []
            group.append((a, b))
        if group:
            out.append((group[0][0], group[-1][1], "para"))
    return out


# A line of page furniture with its label and a colon ("Read more: ...", "Image: ...",
# "Source: ..."): a block of its own even among short lines joined as one paragraph.
_LABELLED_LINE = re.compile(rf"^\W*(?:{_TEASER}|{_CREDIT}|sources?)\s*:\s*\S", re.IGNORECASE)


def _label_ok(m: re.Match[str]) -> bool:
    label = m.group("label").strip()
    words = label.replace(".", ". ").split()
    if not words or len(words) > 4 or label.casefold().rstrip(".") in NOT_LABELS:
        return False
    return all(w[:1].isupper() for w in words)


def build(body: str, body_line: int, lex: Lexicon, *, outlet: str = "",
          author: str | None = None, title: str | None = None,
          interviewees: list[str] | None = None) -> Document:
    """Clean, split and annotate an article body (see the module docstring)."""
    chars = list(body)
    blocks: list[Block] = []
    teasers: list[tuple[int, int]] = []
    photographers: list[str] = []
    for a, b, kind in _raw_blocks(body):
        raw = body[a:b]
        if kind == "blockquote":
            for m in re.finditer(r"(?m)^\s*>+", raw):
                _blank(chars, a + m.start(), a + m.end())
        h = _MD_HEADING.match(raw) if kind == "para" else None
        if h and "\n" not in raw.strip():
            _blank(chars, a, a + h.end(1))
            _blank(chars, a + h.start(2), b)
            kind = "heading"
        bold = _BOLD_LINE.match(raw) if kind == "para" else None
        if bold and len(raw) < 120 and not bold.group(2).rstrip().endswith(":"):
            _blank(chars, a + bold.start(1), a + bold.end(1))
            _blank(chars, a + bold.start(3), a + bold.end(3))
            kind = "heading"
        if not blocks:  # the first block: a tool-added prefix, a repeated title
            cut = _lead_furniture(raw, outlet, author)
            if cut:
                _blank(chars, a, a + cut)
        for i in range(a, b):  # line breaks inside a paragraph are spaces
            if chars[i] == "\n":
                chars[i] = " "
        text = "".join(chars[a:b])
        flat = " ".join(text.split())
        if not flat:
            continue
        if kind == "para" and not blocks and title and _norm(flat) == _norm(title):
            _blank(chars, a, b)  # the headline repeated as the first line
            continue
        if any(p.search(flat) for p in SPOILER_WARNING):
            split = _warning_end(text)
            if split is None or len(" ".join(text[split:].split())) < 40:
                blocks.append(Block("warning", a, b, 0, flat))
                continue
            blocks.append(Block("warning", a, a + split, 0, " ".join(text[:split].split())))
            a = a + split
            text = "".join(chars[a:b])
            flat = " ".join(text.split())
        if kind == "para" and _lead_furniture(flat, outlet, author) >= len(flat.rstrip(" .")):
            _blank(chars, a, b)  # a line that is only a byline, a reading time, a stamp
            continue
        if kind != "heading" and is_furniture(flat):
            if DROP_PARAGRAPH[0].search(flat):
                teasers.append((a, b))  # "Read more: ... “Cold Harbor” ...": its episodes
            photographers += credit_names(flat)
            _blank(chars, a, b)
            continue
        for pat in STRIP_INLINE:
            for m in pat.finditer(text):
                photographers += credit_names(m.group(0).strip(" ([])"))
                _blank(chars, a + m.start(), a + m.end())
        text = "".join(chars[a:b])
        # "subscription ." -> the space before a stranded full stop stays a space: harmless
        flat = " ".join(text.split())
        if not flat:
            continue
        if kind == "para" and "\n" not in body[a:b].strip() and is_heading_line(flat):
            kind = "heading"
        lead = len(text) - len(text.lstrip())
        tail = len(text.rstrip())
        blocks.append(Block(kind, a + lead, a + tail, 0, flat))
    doc = Document(body, "".join(chars), body_line)
    for bl in blocks:
        bl.line = doc.line_of(bl.start)
    doc.blocks = blocks
    doc.teasers = teasers
    doc.photographers = photographers
    lede = " ".join([title or "", *(b.text for b in blocks[:2])])
    doc.about_show = re.search(r"\b(?:Severance|Lumon)\b", lede) is not None
    _turns(doc, lex, outlet, author, interviewees or [])
    _sentences(doc)
    _quoted(doc)
    _mentions(doc, lex, outlet, author, interviewees or [])
    return doc


_CREDIT_LINE = re.compile(rf"^\W*(?:{_CREDIT})\s*:?", re.IGNORECASE)


def credit_names(line: str) -> list[str]:
    """Photographers a credit line names ("Photo: a caption. (Geekline/Arlo Penhallow)",
    "Image credit: Ines Dalmau for Threadcount"): each part of it between slashes,
    brackets, commas, "for" or "via" that is a name of two or three capitalised words."""
    head = _CREDIT_LINE.match(line)
    if head is None:
        return []
    out = []
    for part in re.split(r"\s*(?:[/|,;()\[\]]|\b(?:for|via|courtesy of|by)\b)\s*",
                         line[head.end():]):
        words = part.strip(" .:").split()
        if 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][^\W\d_]*(?:[’'-][^\W\d_]+)*", w)
                                         for w in words) \
                and not set(words) & (NOT_NAMES | NOT_PERSON):
            out.append(" ".join(words))
    return out


def _warning_end(text: str) -> int | None:
    """End of the first sentence (or line) of a block that opens with a spoiler warning."""
    m = re.search(r"[.!?](?=\s+[A-Z“\"])", text)
    return m.end() if m else None


def _is_question_label(label: str, outlet: str, author: str | None) -> bool:
    low = label.casefold().rstrip(".")
    names = {outlet.casefold()} if outlet else set()
    if outlet:
        names.add(outlet.casefold().removeprefix("the "))
        names.add(re.sub(r"\W", "", outlet.casefold()))
    if author:
        names |= {author.casefold(), author.split()[-1].casefold(), author.split()[0].casefold()}
    return low in QUESTION_LABELS or low in names or re.sub(r"\W", "", low) in names


def _turns(doc: Document, lex: Lexicon, outlet: str, author: str | None,
           interviewees: list[str]) -> None:
    text = doc.text
    for bi, bl in enumerate(doc.blocks):
        if bl.kind not in ("para", "blockquote"):
            continue
        seg = text[bl.start:bl.end]
        m = _LABEL_START.match(seg)
        if not (m and _label_ok(m)):
            continue
        found: list[tuple[int, int, str]] = [(m.start("label"), m.end(),
                                              m.group("label").strip())]
        for mm in _LABEL_MID.finditer(seg, m.end()):
            label = mm.group("label").strip()
            if label.casefold() not in NOT_LABELS and len(label) > 1:
                found.append((mm.start("label"), mm.end(), label))
        for n, (ls, a, label) in enumerate(found):
            end = found[n + 1][0] if n + 1 < len(found) else len(seg)
            question = _is_question_label(label, outlet, author)
            speaker = None if question else _label_speaker(label, lex, interviewees)
            if label.casefold() in ("a", "answer") and len(interviewees) == 1:
                res = lex.forms.get(interviewees[0])
                speaker = res.titles[0] if res and res.kind == "person" else None
            stripped = seg[a:end].rstrip()
            if question is False and speaker is None and stripped.endswith("?") \
                    and len(found) > 1:
                question = True  # an interviewer named by a name the wiki does not know
            doc.turns.append(Turn(bi, label, bl.start + ls, bl.start + a,
                                  bl.start + a + len(stripped), question, speaker))
    _interviewer_labels(doc)
    _continued_turns(doc)


def _interviewer_labels(doc: Document) -> None:
    """A label the wiki does not know whose turns are mostly questions is the interviewer's
    ("MARGO ETTINGER: ... ?"): all its turns are questions, never quotes."""
    asks: dict[str, list[bool]] = {}
    for t in doc.turns:
        if t.speaker is None:
            asks.setdefault(t.label.casefold(), []).append(
                t.question or doc.text[t.start:t.end].rstrip().endswith("?"))
    for t in doc.turns:
        said = asks.get(t.label.casefold(), [])
        if t.speaker is None and not t.question and 2 * sum(said) >= len(said) > 1:
            t.question = True


# Someone speaking of themselves or to the listener: "I", "we", "my", "you" ... (a continued
# answer, not the article's narration).
_FIRST_PERSON = re.compile(r"\bI\b|\bI['’]|\b(?i:we|my|our|me|us|myself|ourselves|you|your)\b")
# A paragraph that opens by carrying on: "And the crew kept ...".
_CARRIES_ON = re.compile(r"\s*(?:And|But|So|Because|Or|Plus|Also|Then)\b")
# A quoted passage of six words or more: the narration quoting someone.
_LONG_QUOTE = re.compile(r"[\"“][^\"“”]*?(?:\s+[^\s\"“”]+){5,}[^\"“”]*[\"”]")


def _continued_turns(doc: Document) -> None:
    """In a Q&A (two labels or more), a paragraph without a label after a turn goes on with
    that turn, until the next label: an answer over several paragraphs is its speaker's.
    Only a paragraph in the speaker's own voice does: a first or second person, or opening
    with "And", "But" ...; no quoted passage of six words or more; the speaker not named
    in it. "Achebe closed by asking ..." after an answer is the article's narration, and a
    wrong speaker is worse than none."""
    if len({t.label.casefold() for t in doc.turns}) < 2:
        return
    last: dict[int, Turn] = {}
    for t in doc.turns:
        last[t.block] = t
    added: list[Turn] = []
    for bi, bl in enumerate(doc.blocks):
        prev = last.get(bi - 1)
        if bi in last or prev is None or bl.kind != "para":
            continue
        text = doc.text[bl.start:bl.end]
        names = [w for w in (prev.speaker or prev.label).split() if len(w) > 2]
        voice = _FIRST_PERSON.search(text) or _CARRIES_ON.match(text)
        if not voice or _LONG_QUOTE.search(text) or any(
                re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in names[-1:]):
            continue
        last[bi] = Turn(bi, prev.label, bl.start, bl.start, bl.end, prev.question, prev.speaker)
        added.append(last[bi])
    if added:
        doc.turns = sorted([*doc.turns, *added], key=lambda t: t.start)


def _label_speaker(label: str, lex: Lexicon, interviewees: list[str]) -> str | None:
    for form in dict.fromkeys((label, label.title(), " ".join(
            w.capitalize() for w in label.split()))):
        hits = [m for m in lex.find(form) if m.start == 0 and m.end == len(form)]
        if hits and hits[0].kind == "person" and hits[0].title:
            return hits[0].title
        if hits and hits[0].kind == "person":
            narrowed = [c for c in hits[0].candidates if c in interviewees]
            if len(narrowed) == 1:
                return narrowed[0]
    return None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in ``text``, never inside a double-quoted passage."""
    spans: list[tuple[int, int]] = []
    start = 0
    in_quote = False
    n = len(text)
    i = 0
    ends_at: set[int] | None = None  # the segmenter's sentence ends, asked for when needed
    while i < n:
        ch = text[i]
        if ch in "”\"" and (ch == "”" or in_quote) and i > 0 and text[i - 1] in ".!?…" \
                and _quote_ends_sentence(text, i + 1):
            # "... on “Woe's Hollow.” Ben Stiller and ...": the full stop inside the closing
            # mark ends the sentence (never before an attribution: ".” he said")
            in_quote = False
            k = i + 1
            while k < n and text[k] == " ":
                k += 1
            spans.append((start, i + 1))
            start = k
            i = k
            continue
        if ch == "“":
            in_quote = True
        elif ch == "”":
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif ch in ".!?…" and not in_quote:
            j = i + 1
            while j < n and text[j] in ".!?”\"’)…":
                j += 1
            k = j
            while k < n and text[k] == " ":
                k += 1
            ends = j >= n or (k > j and k < n and (text[k].isupper() or text[k] in "“\"‘("
                                                   or text[k].isdigit()))
            if ends and ch == "." and _SHORT_WORD.search(text, max(0, i - 12), i + 1):
                if ends_at is None:
                    ends_at = _segmenter_ends(text)
                ends = not _ABBREV.search(text[: i + 1]) and any(
                    e in ends_at for e in range(i + 1, k + 1))
            if ends:
                spans.append((start, j))
                start = k
                i = k
                continue
        i += 1
    if start < n and text[start:].strip():
        spans.append((start, n))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _quote_ends_sentence(text: str, j: int) -> bool:
    """After a quotation closing on a full stop: a capitalised word opens a new sentence
    (an attribution after a quote follows a comma: "...,” Stiller said")."""
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    return k > j and k < len(text) and (text[k].isupper() or text[k] in "“\"")


_ABBREV = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|St|Jr|Sr|vs|etc|No|Vol|Ep|Mt|Ft|approx)\.$")
# A full stop after a short word, or a word with dots ("Jan.", "Dr.", "U.S.", "J."), may end
# an abbreviation: sentencex (a maintained segmenter with per-language abbreviation lists)
# decides. After a longer word a full stop before a capital always ends the sentence.
_SHORT_WORD = re.compile(r"(?<![\w.])(?:[A-Za-z]{1,6}|(?:[A-Za-z]\.)+[A-Za-z])\.$")


def _segmenter_ends(text: str) -> set[int]:
    """Where sentencex ends the sentences of ``text`` (offsets after trailing spaces)."""
    return {b["end_index"] for b in sentencex.get_sentence_boundaries("en", text)}


def _sentences(doc: Document) -> None:
    turns_by_block: dict[int, list[int]] = {}
    for ti, t in enumerate(doc.turns):
        turns_by_block.setdefault(t.block, []).append(ti)
    for bi, bl in enumerate(doc.blocks):
        if bl.kind == "warning":
            continue
        regions: list[tuple[int, int, int | None]] = []
        tis: list[int] = turns_by_block.get(bi, [])
        if tis:
            first = doc.turns[tis[0]].label_start
            if first > bl.start:
                regions.append((bl.start, first, None))
            regions += [(doc.turns[i].start, doc.turns[i].end, i) for i in tis]
        else:
            regions.append((bl.start, bl.end, None))
        for a, b, tn in regions:
            for sa, sb in sentence_spans(doc.text[a:b]):
                seg = doc.text[a + sa:a + sb]
                lead = len(seg) - len(seg.lstrip())
                doc.sentences.append(Sentence(a + sa + lead, a + sa + len(seg.rstrip()), bi, tn))
    doc._sent_starts = [s.start for s in doc.sentences]


_OPEN = "“\""


def _quoted(doc: Document) -> None:
    """Double-quoted passages of every paragraph; a quotation left open at the end of a
    paragraph and reopened at the start of the next is one passage."""
    text = doc.text
    pending: QuotedSpan | None = None
    for bi, bl in enumerate(doc.blocks):
        if bl.kind in ("heading", "warning"):
            pending = None
            continue
        i = bl.start
        if pending is not None and text[bl.start] in _OPEN:
            close = _find_close(text, bl.start + 1, bl.end, text[bl.start])
            if close is None:
                pending.parts.append((bl.start + 1, bl.end))
                pending.end = bl.end
                continue
            pending.parts.append((bl.start + 1, close))
            pending.end = close + 1
            i = close + 1
        pending = None
        while i < bl.end:
            ch = text[i]
            if ch in _OPEN and (ch == "“" or _opens(text, i, bl.start)):
                close = _find_close(text, i + 1, bl.end, ch)
                if close is None:
                    span = QuotedSpan(i, bl.end, bi, [(i + 1, bl.end)])
                    doc.quoted.append(span)
                    pending = span
                    break
                if text[i + 1:close].strip():
                    doc.quoted.append(QuotedSpan(i, close + 1, bi, [(i + 1, close)]))
                i = close + 1
                continue
            i += 1


def _opens(text: str, i: int, start: int) -> bool:
    """A straight double quote opens when it follows a space, a bracket or a dash."""
    return i == start or text[i - 1] in " (—–-\n[:"


def _find_close(text: str, i: int, end: int, opener: str) -> int | None:
    closer = "”" if opener == "“" else '"'
    j = text.find(closer, i, end)
    if opener == "“":
        nxt = text.find("“", i, end)
        if nxt != -1 and (j == -1 or nxt < j):
            return None if j == -1 else j  # an unclosed quote before a new one
    return None if j == -1 else j


def _mentions(doc: Document, lex: Lexicon, outlet: str, author: str | None,
              interviewees: list[str]) -> None:
    text = doc.text
    lower_words = set(re.findall(r"\b[a-z][a-z’'-]+\b", text))
    found = lex.find(text, None, lower_words)
    people: set[str] = set()
    for name in interviewees:
        form = lex.forms.get(name)
        if form and form.kind == "person":
            people.add(form.titles[0])
    for m in found:
        if m.kind == "person" and m.title and m.via in ("name", "alias", "surname"):
            people.add(m.title)
    found += lex.first_names(text, people)
    mentions = lex.longest(found)
    # Resolve each mention once, in reading order: a unique candidate; else the one the
    # article names in full; else the one the previous sentences named (if only one).
    history: list[set[str]] = []
    by_sentence: dict[int, set[str]] = {}
    doc._sent_starts = [s.start for s in doc.sentences]
    for m in mentions:
        si = doc.sentence_at(m.start)
        if m.title:
            m.who = m.title
        else:
            narrowed = [c for c in m.candidates if c in people]
            if len(narrowed) == 1:
                m.who = narrowed[0]
            else:
                pool = set(narrowed or m.candidates)
                for names in reversed(history):
                    hit = names & pool
                    if hit:
                        m.who = next(iter(hit)) if len(hit) == 1 else None
                        break
        if m.who and si is not None:
            if si not in by_sentence:
                by_sentence[si] = set()
                history.append(by_sentence[si])
            by_sentence[si].add(m.who)
    doc.mentions = mentions
    doc._starts = [m.start for m in mentions]
    doc.article_people = people
    # Q&A labels by first name ("Ben:") name the one person of the article so called.
    for t in doc.turns:
        if t.speaker is None and not t.question:
            owners = [p for p in people if p.split()[0].casefold() == t.label.casefold()]
            if len(owners) == 1:
                t.speaker = owners[0]
    # Episodes, block by block (a season named earlier gives "the finale" its season).
    context: list[int] = []
    ignore = {outlet, *(b.text for b in doc.blocks if b.kind == "heading")}
    if outlet:
        ignore |= {re.sub(r"^(?:the|a)\s+", "", outlet, flags=re.IGNORECASE)}
    if author:
        ignore.add(author)
    found_unknown: list[tuple[str, int, int]] = []
    for bi, bl in enumerate(doc.blocks):
        seg = text[bl.start:bl.end]
        eps = find_episodes(seg, lex, context)
        for e in eps:
            e.start += bl.start
            e.end += bl.start
        doc.episodes.extend(eps)
        if bl.kind in ("heading", "warning"):
            continue
        spans = [(m.start - bl.start, m.end - bl.start)
                 for m in (*doc.mentions_in(bl.start, bl.end), *eps)]
        spans += [(t.label_start - bl.start, t.start - bl.start) for t in doc.turns
                  if t.block == bi]
        spans += _title_spans(seg)
        found_unknown += [(n, a + bl.start, b + bl.start)
                          for n, a, b in unknown_names(seg, spans, lex, ignore)]
    for a, b in doc.teasers:  # related-article lines: read for the episodes, people and
        for e in find_episodes(doc.body[a:b], lex):  # characters they name (a reader sees
            e.start += a                             # them), never for quotes or facts
            e.end += a
            doc.episodes.append(e)
        for m in lex.longest(lex.find(doc.body[a:b])):
            if m.title and m.kind in ("person", "character"):
                m.who = m.title
                m.start, m.end = m.start + a, m.end + a
                doc.teaser_mentions.append(m)
    doc.episodes.sort(key=lambda e: e.start)
    doc.unknown.extend(n for n, _, _ in found_unknown)
    for t in doc.turns:
        if not t.question and t.speaker is None and len(t.label.split()) >= 2:
            doc.unknown.append(t.label.title() if t.label.isupper() else t.label)
    doc.unknown = list(dict.fromkeys(u for u in doc.unknown if u not in ignore))
    doc.unknown += [n for n in dict.fromkeys(doc.photographers)
                    if n not in doc.unknown and n not in lex.forms and _norm(n) != _norm(outlet)]
    for t in doc.turns:  # an interviewer named in the text ("MARGO ETTINGER:"), even the author
        name = t.label.title() if t.label.isupper() else t.label
        if t.question and 2 <= len(name.split()) <= 3 and name not in doc.unknown and \
                name not in lex.forms and not set(name.split()) & (NOT_NAMES | NOT_PERSON) \
                and _norm(name) != _norm(outlet) and all(w.isalpha() for w in name.split()):
            doc.unknown.append(name)
    _named_people(doc, lex, [(n, a, b) for n, a, b in found_unknown if n in doc.unknown])


def _title_spans(seg: str) -> list[tuple[int, int]]:
    """Quoted passages in title case ('Things Nobody Tells You', “The Long Hallway”): titles
    of books, lists and songs, not people."""
    out = []
    for m in re.finditer(r"(?<!\w)[‘'“\"](?P<t>[^‘'“”\"]{3,80}?)[,.]?[’'”\"](?!\w)", seg):
        words = [w for w in m.group("t").split() if w.lower() not in _SMALL]
        if len(m.group("t").split()) <= 10 and words and \
                sum(w[:1].isupper() for w in words) == len(words):
            out.append((m.start(), m.end()))
    return out


# What tells a capitalised name is a person's: a job before it ("production designer
# Marisol Keane", "the critic Hal Brennan"), an aside after it ("Calla Birnbaum, the show's
# location manager,"), or a verb of speaking next to it or to the surname ("Vosk says").
JOB_WORDS = (
    r"designer|coordinator|manager|producer|director|decorator|master|supervisor|"
    r"composer|editor|analyst|moderator|critic|host|actor|actress|newcomer|writer|artist|"
    r"mixer|gaffer|grip|operator|head|chief|executive|spokes(?:person|man|woman)|founder|"
    r"president|author|star|reporter|journalist|consultant|choreographer|cinematographer|"
    r"photographer|assistant|coach|creator|showrunner|scout|technician|dresser|builder|"
    r"painter|engineer|musician|singer|player|performer|comedian|novelist|colou?rist|"
    r"animator|stylist|artisan|publicist|historian|researcher|illustrator|sculptor|"
    r"carpenter|electrician|tailor|seamstress|costumer|puppeteer|trainer|wrangler|"
    r"dramaturge?|advis[eo]r|professor|teacher|(?-i:AD|DP|DoP|VFX)")
_JOB = re.compile(rf"\b(?:{JOB_WORDS})s?\s+(?:[A-Z]\w+\s+)?$", re.IGNORECASE)
_SPEECH = re.compile(rf"^\s*(?:,\s+(?:(?:who|the|a|an)\b|{POSSESSIVE_ASIDE})[^.;:]{{0,80}},\s*)?"
                     rf"(?:{SPEECH_VERBS})\b"
                     r"|^,\s+(?:who|the|a|an|one of)\b", re.IGNORECASE)
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH_VERBS})\s+$", re.IGNORECASE)


def _person_cue(text: str, name: str) -> bool:
    for form in (name, name.split()[-1]):
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(form)}(?![\w-])", text):
            before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 120]
            if (form == name and _JOB.search(before)) or _SPEECH.match(after) or \
                    _SPEECH_BEFORE.search(before):
                return True
    return False


def _named_people(doc: Document, lex: Lexicon, found: list[tuple[str, int, int]]) -> None:
    """Mentions of people the wiki has no page for: the full name where it is written
    (two or three capitalised words), and later the surname alone ("Keane said")."""
    text = doc.text
    people = [n for n in dict.fromkeys(n for n, _, _ in found)
              if 2 <= len(n.split()) <= 3 and all(re.fullmatch(r"[A-Z][\w’'.-]*", w)
                                                  for w in n.split())
              and not set(n.split()) & NOT_PERSON]
    people = [n for n in people if _person_cue(text, n)]
    if not people:
        return
    taken = [(m.start, m.end) for m in doc.mentions] + [(e.start, e.end) for e in doc.episodes]
    extra: list[Mention] = []
    for name, a, b in found:
        if name in people:
            at = text.find(name, a, b + 1)
            if at >= 0:
                extra.append(Mention(at, at + len(name), name, "named", (name,), "unpaged",
                                     who=name))
    surnames: dict[str, list[str]] = {}
    for name in people:
        surnames.setdefault(name.split()[-1], []).append(name)
    for surname, owners in surnames.items():
        if len(owners) != 1 or surname in lex.forms or len(surname) < 3 or re.search(
                rf"(?<![\w’'-]){re.escape(surname.lower())}(?![\w-])", text):
            continue  # shared, claimed, or also a word ("Young", "young")
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(surname)}(?![\w-])", text):
            extra.append(Mention(m.start(), m.end(), surname, "named", (owners[0],),
                                 "unpaged surname", who=owners[0]))
    extra = [m for m in extra if not any(a < m.end and m.start < b for a, b in taken)]
    doc.mentions = lex.longest(doc.mentions + extra)
    doc._starts = [m.start for m in doc.mentions]
    doc.named_people = people
