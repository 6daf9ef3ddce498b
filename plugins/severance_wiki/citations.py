"""Quotes checked against the articles they cite, and citations a reader can follow.

A source page with ``seed: seeds/articles/x.md`` has a stored copy of its article. Every
quote that cites such a source (a trivia page's ``sources: [{source, quote, speaker}]``, and
every quotation a source page lists) must occur in the article's text, after normalising:

- whitespace, typographic quotes, apostrophes and dashes, Markdown emphasis and link syntax;
- the case of the first letter of the quote (and of each part after an omission);
- ``...``, ``…`` or ``[...]`` for words left out (a quote may end with ``…`` where it was cut);
- ``[words]`` for the quoter's own words (up to :data:`INSERTION_SPAN` characters of the
  article stand for them);
- punctuation at the ends of the quote and beside an omission.

The speaker must be the one the article gives: where the ingestion attributes the passage to
a person, another ``speaker`` is an error unless the citation says why (``speaker_note``);
where it leaves the passage unattributed, any person the article names near it is accepted.

Matching is a few substring searches per part of a quote (no backtracking regular
expression), so a long quote or a 1 MB article stays fast. Everything is computed once per
seed per build (:class:`Citations`); the rendering helpers at the end turn it into the
citations of a trivia page and the excerpts of a source page.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .errors import Problem, WikiError
from .model import Citation, Source, Trivia
from .registry import Entry, Registry

if TYPE_CHECKING:
    from .entity import View
    from .ingest.seed import Article

SEEDS_DIR = "seeds"
INSERTION_SPAN = 60  # article characters a [bracketed] insertion may stand for
EXCERPT_CHARS = 300  # an excerpt around a quoted passage: about a sentence or two
UNVERIFIED = "not verified against a stored copy"

RULES: dict[str, str] = {
    "quote-not-in-source": "a quote that does not occur in the stored article (seed:) of "
                           "the source it cites",
    "quote-speaker": "a quote whose speaker is not the one its stored article gives",
    "source-seed": "a source page whose seed: is not an article file in seeds/",
}

# --- normalised text with offsets --------------------------------------------------------------

_SINGLE = "‘’‚‛′`´"
_DOUBLE = "“”„‟″«»"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_LINK_RE = re.compile(r"\[([^\]\n]{1,300})\]\([^()\s]{0,500}\)")
_SPECIAL_RE = re.compile(
    rf"\n[ \t]*(?:>[ \t]*)+|\n#{{1,6}}[ \t]+"     # blockquote markers, heading marks
    rf"|\s*[{_DASHES}]+\s*"                        # a dash, with the spaces around it
    rf"|\s{{2,}}|[^\S ]"                            # whitespace but a single space
    rf"|[*_]+"                                     # Markdown emphasis
    rf"|[^\x00-\x7f]")                             # anything else outside ASCII


def _special(m: re.Match[str]) -> str:
    s = m.group(0)
    if s[0] == "\n" and s.strip()[:1] in (">", "#"):
        return " "  # a block-quote or heading mark at the start of a line
    if s.strip() and s.strip()[0] in _DASHES:
        return "-"
    if s.isspace():
        return " "
    if s[0] in "*_":
        return ""
    if s in _SINGLE:
        return "'"
    if s in _DOUBLE:
        return '"'
    return unicodedata.normalize("NFKC", s)


class Normalised:
    """``text`` normalised for matching, with a map back to offsets in the original."""

    def __init__(self, original: str, *, markdown: bool = True):
        self.original = original
        text = original
        # (position in the new text, position in the old) at each change of length, per pass.
        self._passes: list[tuple[list[int], list[int]]] = []
        if markdown and "](" in text:
            text = self._pass(text, _LINK_RE, lambda m: m.group(1))
        self.text = self._pass("\n" + text, _SPECIAL_RE, _special, shift=1)

    def _pass(self, text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str],
              shift: int = 0) -> str:
        # Offsets where the lengths of old and new text start to differ: at the start and
        # the end of every replacement; between them the texts run in step.
        new_at: list[int] = [0]
        old_at: list[int] = [-shift]
        parts: list[str] = []
        last = 0
        out_len = 0
        for m in pattern.finditer(text):
            parts.append(text[last:m.start()])
            out_len += m.start() - last
            value = repl(m)
            if value == m.group(0):
                out_len += len(value)
                parts.append(value)
                last = m.end()
                continue
            new_at.append(out_len)
            old_at.append(m.start() - shift)
            parts.append(value)
            out_len += len(value)
            last = m.end()
            new_at.append(out_len)
            old_at.append(m.end() - shift)
        parts.append(text[last:])
        self._passes.append((new_at, old_at))
        return "".join(parts)

    def to_original(self, pos: int) -> int:
        """An offset in :attr:`text` -> the offset in the original text."""
        for new_at, old_at in reversed(self._passes):
            i = bisect.bisect_right(new_at, pos) - 1
            pos = old_at[i] + (pos - new_at[i])
        return max(0, min(pos, len(self.original)))


def normalise_text(text: str) -> str:
    return Normalised(text, markdown=False).text.strip()


# --- a quote, split at its omissions and insertions --------------------------------------------

_QUOTE_TOKENS_RE = re.compile(r"\[\s*(?:\.\s*){3,}\]|\(\s*(?:\.\s*){3,}\)|(?:\.\s*){3,}"
                              r"|\[[^\]]{0,80}\]")
_END_PUNCT = ",;:.!? "


@dataclass
class QuoteParts:
    """A quote as chunks of literal parts: chunks are separated by omissions (any words
    left out, in order); the parts of one chunk by insertions (a few characters)."""

    chunks: list[list[str]]

    @property
    def words(self) -> str:
        return " ... ".join(" [...] ".join(c) for c in self.chunks)


def parse_quote(quote: str) -> QuoteParts:
    """Split a quote at its omissions (``...``, ``…``, ``[...]``) and insertions (``[it]``);
    punctuation at its ends and beside an omission is dropped (it may differ)."""
    text = normalise_text(quote).strip(" \"'")
    chunks: list[list[str]] = [[]]
    last = 0
    for m in _QUOTE_TOKENS_RE.finditer(text):
        token = m.group(0).replace(" ", "")
        omission = not token.startswith("[") or "..." in token
        piece = text[last:m.start()]
        if omission:
            chunks[-1].append(piece.rstrip(_END_PUNCT))
            chunks.append([])
        else:
            chunks[-1].append(piece)
        last = m.end()
    chunks[-1].append(text[last:].rstrip(_END_PUNCT))
    out = []
    for chunk in chunks:
        parts = [p.strip() for p in chunk]
        if parts:
            parts[0] = parts[0].lstrip(",;:. ")
        parts = [p for p in parts if p]
        if parts:
            out.append(parts)
    return QuoteParts(out)


# --- matching ------------------------------------------------------------------------------


def _variants(piece: str, first: bool) -> list[str]:
    """The part as written, and with its first letter's case swapped when it starts a chunk."""
    if first and piece[:1].isalpha():
        other = piece[0].swapcase() + piece[1:]
        if other != piece:
            return [piece, other]
    return [piece]


def _occurrences(text: str, piece: str, start: int, stop: int | None = None,
                 first: bool = False) -> Iterable[int]:
    for variant in _variants(piece, first):
        end = len(text) if stop is None else min(len(text), stop + len(variant))
        pos = text.find(variant, start, end)
        while pos != -1:
            yield pos
            pos = text.find(variant, pos + 1, end)


def _match_chunk(text: str, chunk: list[str], start: int) -> tuple[int, int] | None:
    """The earliest-ending match of one chunk at or after ``start``: ``(begin, end)``."""
    first = chunk[0]
    if len(chunk) == 1:
        best = None
        for variant in _variants(first, True):
            pos = text.find(variant, start)
            if pos != -1 and (best is None or pos < best[0]):
                best = (pos, pos + len(variant))
        return best
    # Parts joined by insertions: every place the first part occurs, then each next part
    # within INSERTION_SPAN characters of the end of the previous one.
    ends: dict[int, int] = {}  # end -> latest begin (the tightest match ending there)
    for pos in _occurrences(text, first, start, first=True):
        ends[pos + len(first)] = max(ends.get(pos + len(first), -1), pos)
    for piece in chunk[1:]:
        nxt: dict[int, int] = {}
        frontier = -1
        for end in sorted(ends):
            lo = max(end, frontier)
            hi = end + INSERTION_SPAN
            for pos in _occurrences(text, piece, lo, hi):
                e = pos + len(piece)
                nxt[e] = max(nxt.get(e, -1), ends[end])
            frontier = hi + 1
        ends = nxt
        if not ends:
            return None
    if not ends:
        return None
    end = min(ends)
    return ends[end], end


def match_spans(text: str, parts: QuoteParts, start: int = 0) -> list[tuple[int, int]] | None:
    """Where each chunk of the quote occurs in normalised ``text``, in order, as close
    together as possible: the earliest end of the whole quote (chunks as early as possible),
    then each chunk as late as that end allows (back from the last one). ``None`` when the
    quote does not occur."""
    ends: list[tuple[int, int]] = []
    pos = start
    for chunk in parts.chunks:
        found = _match_chunk(text, chunk, pos)
        if found is None:
            return None
        ends.append(found)
        pos = found[1]
    if not ends:
        return None
    spans = list(ends)
    limit = ends[-1][1]
    for i in range(len(parts.chunks) - 1, -1, -1):
        late = _latest_chunk(text, parts.chunks[i], max(start, ends[i][0]), limit)
        if late is None:
            return ends  # (only when the search gave up: the forward match stands)
        spans[i] = late
        limit = late[0]
    return spans


def _latest_chunk(text: str, chunk: list[str], floor: int, limit: int) -> tuple[int, int] | None:
    """The match of one chunk ending by ``limit`` that starts latest (at least ``floor``)."""
    first = chunk[0]
    best: tuple[int, int] | None = None
    for variant in _variants(first, True):
        if len(chunk) == 1:
            pos = text.rfind(variant, floor, limit)
            if pos != -1 and (best is None or pos > best[0]):
                best = (pos, pos + len(variant))
            continue
        pos = text.rfind(variant, floor, limit)
        tries = 0
        while pos != -1 and tries < 200:
            found = _match_chunk(text, chunk, pos)
            if found is not None and found[1] <= limit:
                if best is None or found[0] > best[0]:
                    best = found
                break
            pos = text.rfind(variant, floor, pos + len(variant) - 1)
            tries += 1
    return best


def match_parts(text: str, parts: QuoteParts, start: int = 0) -> tuple[int, int] | None:
    """Where the whole quote occurs in normalised ``text``: ``(begin, end)``, or ``None``."""
    spans = match_spans(text, parts, start)
    return None if spans is None else (spans[0][0], spans[-1][1])


# --- the closest passage, for a quote that is not there --------------------------------------

_WORD_RE = re.compile(r"[\w']+")


@dataclass
class Closest:
    start: int  # in the normalised text
    end: int
    difference: str  # "has 'shot' where the article has 'filmed'", or ""


def closest_passage(text: str, quote: str) -> Closest | None:
    """The passage of ``text`` most like ``quote``: candidate windows are scored by the
    quote's words they contain (one pass with prefix sums), the best few compared with
    difflib. Linear in the length of the text."""
    qwords = [w.lower() for w in _WORD_RE.findall(normalise_text(quote))]
    if not qwords:
        return None
    wanted = set(qwords)
    spans = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_RE.finditer(text)]
    if not spans:
        return None
    k = len(qwords)
    prefix = [0]
    for _, _, w in spans:
        prefix.append(prefix[-1] + (w in wanted))
    best: list[tuple[int, int]] = []  # (score, first word)
    for i in range(max(1, len(spans) - k + 1)):
        score = prefix[min(len(spans), i + k)] - prefix[i]
        if score:
            best.append((score, i))
    if not best:
        return None
    best.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[int] = []
    for _, i in best:
        if all(abs(i - j) >= k for j in chosen):
            chosen.append(i)
        if len(chosen) == 5:
            break
    scored = []
    step = max(1, k // 8)
    for c in chosen:
        # The best alignment near each candidate window, shifted by up to its length.
        for i in range(max(0, c - k), min(len(spans) - 1, c + k) + 1, step):
            words = [w for _, _, w in spans[i:i + k]]
            ratio = difflib.SequenceMatcher(None, qwords, words, autojunk=False).ratio()
            scored.append((ratio, i))
    ratio, i = max(scored, key=lambda s: (s[0], -s[1]))
    window = spans[i:i + k]
    words = [w for _, _, w in window]
    difference = ""
    matcher = difflib.SequenceMatcher(None, qwords, words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        ours = " ".join(qwords[a1:a2][:4])
        theirs = " ".join(words[b1:b2][:4])
        if op == "replace":
            difference = f"the quote has '{ours}' where the article has '{theirs}'"
        elif op == "delete":
            difference = f"the article does not have '{ours}' there"
        else:
            difference = f"the quote leaves out '{theirs}' (mark it with ...)"
        break
    end = window[-1][1]
    while end < len(text) and text[end] in ".,;:!?\"')":
        end += 1
    return Closest(window[0][0], end, difference)


# --- the seed article and the ingestion's attributions ---------------------------------------

Span = tuple[int, int, str | None]  # start, end (offsets in the article body), speaker


def _read_seed(path: Path, shown: str) -> Article:
    """The article of a seed file, as the ingestion reads it (front matter set aside)."""
    from .ingest.seed import read_article

    return read_article(path, shown)


def _attributed(article: Article, registry: Registry) -> list[Span]:
    """``(start, end, speaker or None)`` of every quotation the ingestion finds in the
    article, as offsets in ``article.body``: the one call into the ingestion package
    (:func:`~severance_wiki.ingest.article_quotes` reads the file the way
    :func:`_read_seed` does, so its offsets are into the same body)."""
    from .ingest import article_quotes

    return [(q.start, q.end, q.speaker) for q in article_quotes(article.path, registry)]


@dataclass
class Seed:
    """A source page's stored article, loaded once per build."""

    path: str  # as written in ``seed:``
    article: Article
    text: Normalised
    _spans: list[Span] | None = None

    def line_of(self, offset: int) -> int:
        return self.article.body_line + self.article.body.count("\n", 0, offset)


@dataclass
class Located:
    """A quote found in its seed: offsets in the article body, of the whole and of each
    part between omissions."""

    seed: Seed
    start: int
    end: int
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Passage:
    """What a source page shows around one or more quoted passages: excerpt windows (several
    when a quote leaves out more than an excerpt holds), the quoted words in them, and the
    trivia citing them."""

    anchor: str
    windows: list[tuple[int, int]]
    marks: list[tuple[int, int]]
    cited_by: list[tuple[Entry, Citation]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.windows[0][0]

    @property
    def end(self) -> int:
        return self.windows[-1][1]


# --- the index of one build --------------------------------------------------------------------


class Citations:
    """Every citation of the wiki against its seed: loaded and matched once per build."""

    def __init__(self, registry: Registry, root: Path | None):
        self.registry = registry
        self.root = (root or Path.cwd()).resolve()
        self._seeds: dict[str, Seed | Problem | None] = {}
        self._found: dict[tuple[str, str], Located | None] = {}
        self._passages: dict[str, list[Passage]] = {}

    # -- sources and seeds --------------------------------------------------------------------

    def source_of(self, cite: Citation) -> Entry | None:
        target = self.registry.resolve(cite.source).target
        if target is None or not isinstance(target.entry.page, Source):
            return None
        return target.entry

    @functools.cached_property
    def cited(self) -> dict[str, list[tuple[Entry, Citation]]]:
        """Source page -> every trivia citation of it, in the registry's order."""
        out: dict[str, list[tuple[Entry, Citation]]] = {}
        for entry in self.registry.entries.values():
            if isinstance(entry.page, Trivia):
                for cite in entry.page.sources:
                    source = self.source_of(cite)
                    if source is not None:
                        out.setdefault(source.src_uri, []).append((entry, cite))
        return out

    def seed(self, source: Entry, shown: str = "") -> Seed | Problem | None:
        """The source page's loaded seed, a problem with its ``seed:``, or ``None`` when it
        has none."""
        page = source.page
        assert isinstance(page, Source)
        if not page.seed:
            return None
        key = page.seed
        if key not in self._seeds:
            self._seeds[key] = self._load(page.seed, shown or source.src_uri,
                                          source.line("seed"))
        return self._seeds[key]

    def _load(self, seed: str, shown: str, line: int) -> Seed | Problem:
        seeds = (self.root / SEEDS_DIR).resolve()
        rel = Path(seed)
        path = (self.root / rel).resolve()
        if rel.is_absolute() or not path.is_relative_to(seeds):
            return Problem(shown, line, f"seed: '{seed}' is not a file in {SEEDS_DIR}/",
                           "give the article's path from the repository root, e.g. "
                           f"{SEEDS_DIR}/articles/x.md", rule="source-seed")
        if not path.is_file():
            return Problem(shown, line, f"seed: '{seed}' does not exist",
                           f"add the article to {SEEDS_DIR}/ or fix the path; without 'seed:' "
                           f"its quotes are shown as {UNVERIFIED}", rule="source-seed")
        try:
            article = _read_seed(path, seed)
        except WikiError as exc:
            return Problem(shown, line, f"seed: '{seed}' cannot be read: {exc.problems[0]}",
                           "fix the article file", rule="source-seed")
        return Seed(seed, article, Normalised(article.body))

    def attributions(self, seed: Seed) -> list[Span]:
        if seed._spans is None:
            try:
                seed._spans = _attributed(seed.article, self.registry)
            except Exception:  # an article the ingestion cannot read: no speaker is known,
                seed._spans = []  # so any person named near a passage is accepted
        return seed._spans

    # -- matching -----------------------------------------------------------------------------

    def locate(self, seed: Seed, quote: str) -> Located | None:
        key = (seed.path, quote)
        if key not in self._found:
            parts = parse_quote(quote)
            spans = match_spans(seed.text.text, parts) if parts.chunks else None
            located = None
            if spans is not None:
                # The quote's own final punctuation, when the article has it there too.
                last = normalise_text(quote).rstrip(" \"'")[-1:]
                text = seed.text.text
                a, b = spans[-1]
                if last and last in _END_PUNCT and text[b:b + 1] == last:
                    spans[-1] = (a, b + 1)
                orig = [(seed.text.to_original(a), seed.text.to_original(b)) for a, b in spans]
                located = Located(seed, orig[0][0], orig[-1][1], orig)
            self._found[key] = located
        return self._found[key]

    def where(self, source: Entry, quote: str | None) -> Located | None:
        """Where a cited quote is in the source's seed (``None``: no seed, or not found)."""
        if not quote or not isinstance(source.page, Source):
            return None
        seed = self.seed(source)
        return self.locate(seed, quote) if isinstance(seed, Seed) else None

    # -- checks -------------------------------------------------------------------------------

    def problems(self, entry: Entry, shown: str, body_lines: Sequence[str]) -> list[Problem]:
        """Every citation problem of one page (``body_lines``: its body, code blanked)."""
        page = entry.page
        out: list[Problem] = []
        if isinstance(page, Trivia):
            for i, cite in enumerate(page.sources):
                source = self.source_of(cite)
                if source is None or not cite.quote:
                    continue  # reported as unknown-reference / missing-quote
                seed = self.seed(source)
                if not isinstance(seed, Seed):
                    continue  # no seed: shown as unverified; a bad seed: on its own page
                out += self._check(seed, cite.quote, cite.speaker, cite.speaker_note, shown,
                                   entry.line("sources", i, "quote"),
                                   entry.line("sources", i, "speaker"))
        elif isinstance(page, Source) and page.seed:
            seed = self.seed(entry, shown)
            if isinstance(seed, Problem):
                return [Problem(shown, seed.line, seed.message, seed.hint, seed.rule)]
            if seed is None:
                return out
            for lineno, quote, speaker in listed_quotes(body_lines):
                line = entry.body_line + lineno - 1
                who = self._speaker_name(speaker)
                out += self._check(seed, quote, who, None, shown, line, line)
        return out

    def problems_with_quote(self, seed: Seed, quote: str) -> list[Problem]:
        """Whether ``quote`` is in the seed's article (speakers aside), for a tool asking
        for one: the problems, without a file or line."""
        return self._check(seed, quote, None, None, "", 0, 0)

    def _speaker_name(self, written: str | None) -> str | None:
        """The page a source page's ``— [[Name]]`` names (``None``: none, or no page)."""
        if not written:
            return None
        m = re.search(r"\[\[([^\]|#]+)", written)
        name = m.group(1) if m else written.strip(" *_")
        target = self.registry.resolve(name).target
        if target is None or target.entry.type not in ("person", "character"):
            return None
        return target.entry.title

    def _check(self, seed: Seed, quote: str, speaker: str | None, note: str | None,
               shown: str, line: int, speaker_line: int) -> list[Problem]:
        parts = parse_quote(quote)
        if not parts.chunks:
            return [Problem(shown, line, "the quote has no words to look up in "
                            f"{seed.path}", "quote the article's words",
                            rule="quote-not-in-source")]
        found = self.locate(seed, quote)
        if found is None:
            return [self._not_found(seed, quote, shown, line)]
        if speaker is None or note:
            return []
        return self._speaker_problems(found, speaker, shown, speaker_line)

    def _not_found(self, seed: Seed, quote: str, shown: str, line: int) -> Problem:
        closest = closest_passage(seed.text.text, quote)
        if closest is None:
            return Problem(shown, line, f"quote not found in {seed.path}: no passage of the "
                           "article shares its words", "copy the article's words exactly",
                           rule="quote-not-in-source")
        start = seed.text.to_original(closest.start)
        end = seed.text.to_original(closest.end)
        passage = _shorten(" ".join(seed.article.body[start:end].split()), 200)
        hint = "copy the article's words exactly; mark left-out words with ... and your own " \
               "words with [brackets]"
        if closest.difference:
            hint = f"{closest.difference}; {hint}"
        return Problem(shown, line, f"quote not found in {seed.path}; the closest passage "
                       f"(line {seed.line_of(start)}) reads “{passage}”", hint,
                       rule="quote-not-in-source")

    def _speaker_problems(self, found: Located, speaker: str, shown: str,
                          line: int) -> list[Problem]:
        res = self.registry.resolve(speaker).target
        if res is None:
            return []  # unknown-reference
        who = res.entry.title
        seed = found.seed
        overlapping = [s for s in self.attributions(seed)
                       if s[0] < found.end and found.start < s[1]]
        given = list(dict.fromkeys(s[2] for s in overlapping if s[2]))
        where = f"{seed.path}, line {seed.line_of(found.start)}"
        fix = "or add 'speaker_note:' to the citation saying why the article is wrong"
        if given:
            if who in given:
                return []
            names = " and ".join(f"'{g}'" for g in given)
            return [Problem(shown, line, f"speaker: the article gives this passage to {names} "
                            f"({where}), not '{who}'",
                            f"set 'speaker: {given[0]}', {fix}", rule="quote-speaker")]
        nearby = self.named_near(found)
        if who in nearby:
            return []
        named = (f"it names {', '.join(repr(n) for n in nearby)} there" if nearby
                 else "it names no one there")
        return [Problem(shown, line, f"speaker: the article does not say who says this "
                        f"passage ({where}), and '{who}' is not named near it; {named}",
                        f"name a speaker the article gives, leave 'speaker' out, {fix}",
                        rule="quote-speaker")]

    # -- names near a passage -----------------------------------------------------------------

    @functools.cached_property
    def _people_names(self) -> dict[str, str]:
        """Normalised name -> page title, for person and character pages: titles, aliases and
        (when no other page has it) a person's surname."""
        out: dict[str, str] = {}
        surnames: dict[str, set[str]] = {}
        for targets in self.registry.names.values():
            for t in targets:
                if t.entry.type in ("person", "character") and t.kind != "reveal":
                    out[_name_key(t.name)] = t.entry.title
        for entry in self.registry.by_type("person"):
            words = _NAME_WORD_RE.findall(entry.title)
            if len(words) >= 2 and len(words[-1]) > 2:
                surnames.setdefault(words[-1].lower(), set()).add(entry.title)
        for name, titles in surnames.items():
            if len(titles) == 1 and name not in out:
                out[name] = next(iter(titles))
        return out

    def named_near(self, found: Located) -> list[str]:
        """People and characters the article names in the passage's paragraph and the
        paragraphs just before and after it, and the speakers the ingestion found there."""
        body = found.seed.article.body
        a, b = _paragraphs_around(body, found.start, found.end)
        words = _NAME_WORD_RE.findall(normalise_text(body[a:b]))
        names = self._people_names
        out: dict[str, None] = {}
        for i in range(len(words)):
            for n in (4, 3, 2, 1):
                title = names.get(" ".join(words[i:i + n]).lower())
                # A surname alone counts when written as a name ("Lower", not "lower").
                if title and (n > 1 or words[i][:1].isupper()):
                    out[title] = None
                    break
        for s, e, who in self.attributions(found.seed):
            if who and s < b and a < e:
                out[who] = None
        return list(out)

    # -- what a source page shows -------------------------------------------------------------

    def passages(self, source: Entry) -> list[Passage]:
        """The passages of a seeded source page that trivia quote, each with excerpt windows
        around it; passages whose windows overlap are shown as one. Cached per source."""
        if source.src_uri in self._passages:
            return self._passages[source.src_uri]
        seed = self.seed(source)
        out: list[Passage] = []
        if isinstance(seed, Seed):
            found = [(loc, entry, cite) for entry, cite in self.cited.get(source.src_uri, [])
                     if (loc := self.where(source, cite.quote)) is not None]
            found.sort(key=lambda f: (f[0].start, f[0].end))
            body = seed.article.body
            windows = [_union(excerpt_window(body, a, b) for a, b in loc.parts)
                       for loc, _, _ in found]
            # Never most of the article: past half of it, only the quoted words are shown.
            if sum(b - a for a, b in _union(w for ws in windows for w in ws)) > len(body) // 2:
                windows = [_union(loc.parts) for loc, _, _ in found]
            for (loc, entry, cite), wins in zip(found, windows, strict=True):
                last = out[-1] if out else None
                if last is not None and wins[0][0] < last.end and \
                        max(wins[-1][1], last.end) - last.start <= EXCERPT_CHARS * 3 // 2:
                    last.windows = _union([*last.windows, *wins])
                    last.marks += loc.parts
                    last.cited_by.append((entry, cite))
                    continue
                out.append(Passage(f"passage-{wins[0][0]}", wins, list(loc.parts),
                                   [(entry, cite)]))
        self._passages[source.src_uri] = out
        return out

    def anchor(self, source: Entry, quote: str | None) -> str | None:
        loc = self.where(source, quote)
        if loc is None:
            return None
        for p in self.passages(source):
            if all(part in p.marks for part in loc.parts):
                return p.anchor
        return None


_NAME_WORD_RE = re.compile(r"\w+")


def _name_key(name: str) -> str:
    """A name as words compare: ``Dan Erickson's`` contains ``dan erickson``."""
    return " ".join(_NAME_WORD_RE.findall(normalise_text(name))).lower()


def _paragraphs_around(body: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the paragraph before ``body[start:end]`` to the end of the one
    after it (paragraphs: separated by blank lines, or by line breaks when it has none)."""
    breaks = [(m.start(), m.end()) for m in re.finditer(
        r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", body) else r"\n\s*", body)]
    i = bisect.bisect_right([e for _, e in breaks], start)  # breaks that end before start
    j = bisect.bisect_left([s for s, _ in breaks], end)  # breaks that start before end
    a = breaks[i - 2][1] if i >= 2 else 0
    b = breaks[j + 1][0] if j + 1 < len(breaks) else len(body)
    return a, b


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# A sentence ends at . ! ? or … (not after an initial or Mr/Ms/Mrs/Dr) and its closing
# quotes, before the next one starts; a line break ends one too.
_SENTENCE_END_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
    r"|\n\s*")


def _sentence_end(text: str, end: int, limit: int) -> int:
    """Where the sentence that ``text[:end]`` is in ends (at most ``limit`` further)."""
    stop = _SENTENCE_END_RE.search(text, max(end, 1) - 1, min(len(text), end + limit))
    return stop.start() + len(stop.group(0).rstrip()) if stop else min(len(text), end + limit)


def _sentence_start(text: str, pos: int, limit: int) -> int:
    """Where the sentence holding ``text[pos]`` starts (at most ``limit`` back, then at a
    word)."""
    lo = max(0, pos - limit)
    a = -1
    for m in _SENTENCE_END_RE.finditer(text, lo, pos):
        a = m.end()
    if a != -1:
        return a
    return 0 if lo == 0 else (text.find(" ", lo, pos) + 1 or pos)


def excerpt_window(text: str, start: int, end: int, limit: int = EXCERPT_CHARS) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (with the one before or after it when the
    passage is the whole sentence), trimmed at words to about ``limit`` characters; never
    less than the passage itself."""
    a = _sentence_start(text, start, limit)
    b = max(_sentence_end(text, max(end, start + 1), limit), end)
    if (start - a) + (b - end) < 40:
        # The passage is (nearly) its whole sentence: a neighbour in its paragraph is context.
        if a > 0 and "\n" not in text[max(0, a - 2):a]:
            a = _sentence_start(text, a - 1, limit)
        elif b < len(text) and "\n" not in text[b:b + 2]:
            b = _sentence_end(text, b + 1, limit)
    room = max(0, limit - (end - start))
    need_before, need_after = start - a, b - end
    if need_before + need_after > room:
        before = min(need_before, max(room // 2, room - need_after))
        after = room - before
        if need_before > before:
            cut = text.find(" ", start - before, start)
            a = start if cut == -1 else cut + 1
        if need_after > after:
            cut = text.rfind(" ", end, end + after + 1)
            b = end if cut == -1 else cut
    return a, b


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


# --- quotations a source page lists ------------------------------------------------------------

_LISTED_RE = re.compile(
    r"^\s*(?:(?:[-*+]|\d+[.)])\s+|>\s*)[“\"](?P<quote>.+?)[”\"]\s*(?:[—–-]+\s*(?P<who>.+?))?\s*$")
_ESCAPED_RE = re.compile(r"\\([\\`*_\[\]<>|{}()#+.!-])")


def listed_quotes(lines: Sequence[str]) -> list[tuple[int, str, str | None]]:
    """``(line, quote, speaker as written)`` of every list item or block-quote line that
    starts with a quotation (``- “...” — [[Speaker]]``), 1-based lines of ``lines``."""
    out = []
    for n, line in enumerate(lines, start=1):
        m = _LISTED_RE.match(line)
        if m:
            quote = _ESCAPED_RE.sub(r"\1", m.group("quote"))
            out.append((n, quote, m.group("who")))
    return out


# --- rendering -----------------------------------------------------------------------------


def _date(view: View, page: Source) -> Markup | None:
    if page.published:
        return Markup(escape(f"{page.published.day} {page.published.strftime('%B %Y')}"))
    if page.published_after:
        return Markup("written after ") + view.episode_key(page.published_after)
    return None


def _external(page: Source, text: str | None = None) -> Markup | None:
    if not page.url:
        return None
    url = str(page.url)
    host = urlsplit(url).hostname or url
    label = text.format(host=host) if text else host
    return Markup('<a class="external" href="{}" rel="noopener nofollow">{}</a>').format(
        url, label)


def _source_facts(view: View, page: Source) -> list[Markup]:
    """Outlet, date, author and link, each when known."""
    facts: list[Markup] = [Markup("<strong>{}</strong>").format(page.outlet)]
    date = _date(view, page)
    if date:
        facts.append(date)
    if page.author:
        facts.append(Markup("by {}").format(page.author))
    link = _external(page)
    if link:
        facts.append(link)
    return facts


_KIND_WORDS = {"interview": "Interview", "news": "News story", "recap": "Recap",
               "review": "Review", "feature": "Feature", "qa": "Q&A", "other": "Article"}


def source_header(view: View, entry: Entry) -> Markup:
    """Below a source page's title: what the article is, where and when it appeared, a link
    to it, and whether its quotes are checked against a stored copy."""
    page = entry.page
    if not isinstance(page, Source):
        return Markup("")
    facts = [Markup(escape(_KIND_WORDS.get(page.kind, "Article"))), *_source_facts(view, page)]
    byline = Markup('<p class="wiki-byline">{}</p>').format(Markup(" · ").join(facts))
    idx = view.citations
    seed = idx.seed(entry) if idx is not None else None
    if isinstance(seed, Seed):
        check = Markup('<p class="wiki-source-check">Quotes citing it are checked against a '
                       "stored copy of the article.</p>")
    elif page.seed:
        check = Markup("")  # a bad seed: the build stops with an error
    else:
        check = Markup('<p class="wiki-source-check wiki-unverified"><strong>Not verified '
                       "against a stored copy:</strong> the wiki has no copy of this article, "
                       "so the quotes citing it could not be checked.</p>")
    return byline + check


def _speaker(view: View, name: str | None, note: str | None = None) -> Markup:
    if not name:
        return Markup("")
    out = view.name(name, "person", "character")
    if note:
        out += Markup(' <span class="wiki-speaker-note">({})</span>').format(note)
    return out


def trivia_citations(view: View, entry: Entry) -> Markup:
    """A trivia page's citations: the quote, its speaker, the source page with the outlet,
    date, author and link of the article, and a link to the passage in context."""
    page = entry.page
    if not isinstance(page, Trivia):
        return Markup("")
    idx = view.citations
    items: list[Markup] = []
    for cite in page.sources:
        source = idx.source_of(cite) if idx is not None else None
        if source is None:
            target = view.registry.resolve(cite.source).target
            source = target.entry if target and isinstance(target.entry.page, Source) else None
        parts: list[Markup] = []
        if cite.quote:
            parts.append(Markup('<blockquote class="wiki-citation-quote"><p>“{}”</p>'
                                "</blockquote>").format(cite.quote))
        who = _speaker(view, cite.speaker, cite.speaker_note)
        if source is None:
            line = (who + Markup(", in ") if who else Markup("")) + escape(cite.source)
            parts.append(Markup('<p class="wiki-citation-source">{}</p>').format(line))
            items.append(Markup('<li class="wiki-citation">{}</li>').format(
                Markup("").join(parts)))
            continue
        spage = source.page
        assert isinstance(spage, Source)
        line = (who + Markup(", in ") if who else Markup("In ")) + view.link(source)
        facts = Markup(" · ").join(_source_facts(view, spage))
        later = view.reveal(source)
        if later:  # a later source's outlet, author and link are as late as its title
            facts = Markup('<span data-reveal="{}">{}</span>').format(later, facts)
        parts.append(Markup('<p class="wiki-citation-source">{} ({})</p>').format(
            line, facts))
        seed = idx.seed(source) if idx is not None else None
        href = view.href(source)
        if isinstance(seed, Seed) and idx is not None:
            anchor = idx.anchor(source, cite.quote)
            if anchor and href is not None:
                parts.append(Markup('<p class="wiki-citation-check"><a href="{}#{}">The '
                                    "passage in context</a>, checked against a stored copy "
                                    "of the article.</p>").format(href, anchor))
        elif idx is not None and not spage.seed:
            parts.append(Markup('<p class="wiki-citation-check wiki-unverified">Not verified '
                                "against a stored copy of the article.</p>"))
        items.append(Markup('<li class="wiki-citation">{}</li>').format(Markup("").join(parts)))
    if not items:
        return Markup("")
    return Markup('<section class="wiki-citations"><h2>Sources</h2><ol>{}</ol></section>'
                  ).format(Markup("").join(items))


def _clean_excerpt(text: str) -> str:
    """Article text as a reader sees it: Markdown link syntax and emphasis marks dropped,
    whitespace collapsed (not stripped: the parts of an excerpt are joined as they are)."""
    text = _LINK_RE.sub(lambda m: m.group(1), text)
    return re.sub(r"\s+", " ", re.sub(r"\*\*?|(?<!\w)__?|__?(?!\w)", "", text))


_ENDS_SENTENCE_RE = re.compile(r"(?:[.!?…][\"'”’)\]]*|\n)\s*$")


def _excerpt_html(body: str, p: Passage) -> Markup:
    """The passage's windows of the article, the quoted words marked, "…" where text is
    left out between or around them."""
    pieces: list[Markup] = []
    marks = _union(p.marks)
    for start, end in p.windows:
        out = Markup("")
        pos = start
        for a, b in marks:
            a, b = max(a, start), min(b, end)
            if a >= b:
                continue
            out += escape(_clean_excerpt(body[pos:a]))
            out += Markup("<mark>{}</mark>").format(_clean_excerpt(body[a:b]).strip())
            pos = b
        out += escape(_clean_excerpt(body[pos:end]))
        first, final = start == p.windows[0][0], end == p.windows[-1][1]
        lead = "… " if first and body[:start].strip() and \
            not _ENDS_SENTENCE_RE.search(body[:start]) else ""
        tail = " …" if final and body[end:].strip() and \
            not _ENDS_SENTENCE_RE.search(body[:end]) else ""
        pieces.append(Markup("{}{}{}").format(lead, Markup(out.strip()), tail))
    return Markup(" … ").join(pieces)


def _reveal_names(registry: Registry) -> list[tuple[str, str]]:
    return [(t.name, t.reveal) for ts in registry.names.values() for t in ts
            if t.kind == "reveal" and t.reveal]


def source_passages(view: View, entry: Entry) -> Markup:
    """A source page's cited passages: for a stored article, a short excerpt around each
    (the quoted words marked), its speaker and the trivia citing it; otherwise the quotes
    cited, said to be unverified."""
    page = entry.page
    idx = view.citations
    if not isinstance(page, Source) or idx is None:
        return Markup("")
    cited = idx.cited.get(entry.src_uri, [])
    if not cited:
        return Markup("")
    reg = view.registry
    page_point = reg.reveal_point(entry)
    seed = idx.seed(entry)
    items: list[Markup] = []
    if isinstance(seed, Seed):
        heading = "Passages quoted on this wiki"
        placed: set[int] = set()
        reveals = _reveal_names(reg)
        for p in idx.passages(entry):
            placed.update(id(c) for _, c in p.cited_by)
            items.append(_passage_item(view, entry, seed, p, page_point, reveals))
        missing = [(e, c) for e, c in cited if id(c) not in placed and c.quote]
        for e, c in missing:  # not found in the article: the build reports it
            items.append(_quote_item(view, e, c, page_point))
        note = Markup('<p class="wiki-passages-note">Short excerpts of the article around each '
                      "passage the wiki quotes; the quoted words are highlighted.</p>")
    else:
        heading = "Quotes cited on this wiki"
        items = [_quote_item(view, e, c, page_point) for e, c in cited if c.quote]
        note = Markup('<p class="wiki-passages-note wiki-unverified">Not verified against a '
                      "stored copy of the article.</p>") if not page.seed else Markup("")
    if not items:
        return Markup("")
    return Markup('<section class="wiki-passages"><h2>{}</h2>{}<ol>{}</ol></section>').format(
        heading, note, Markup("").join(items))


def _later(reg: Registry, point: str, keys: Iterable[str | None]) -> str | None:
    latest = reg.latest([point, *keys])
    pos, page_pos = reg.timeline.position(latest), reg.timeline.position(point)
    return latest if (pos or 0) > (page_pos or 0) else None


def _cited_by(view: View, entries: list[Entry]) -> Markup:
    unique = {e.src_uri: e for e in entries}
    links = [view.link(e) for e in unique.values()]
    return Markup("cited by {}").format(Markup(", ").join(links))


def _passage_item(view: View, entry: Entry, seed: Seed, p: Passage, page_point: str,
                  reveals: list[tuple[str, str]]) -> Markup:
    reg = view.registry
    body = seed.article.body
    excerpt = _excerpt_html(body, p)
    low = " ".join(body[a:b] for a, b in p.windows).lower()
    points = [reg.reveal_point(e) for e, _ in p.cited_by]
    points += [ep for name, ep in reveals if name.lower() in low]
    reveal = _later(reg, page_point, points)
    speakers = list(dict.fromkeys(c.speaker for _, c in p.cited_by if c.speaker))
    if not speakers and view.citations is not None:
        speakers = list(dict.fromkeys(
            who for a, b, who in view.citations.attributions(seed)
            if who and any(a < mb and ma < b for ma, mb in p.marks)))
    who = Markup(", ").join(_speaker(view, s) for s in speakers)
    line = Markup("— {} · ").format(who) if who else Markup("")
    attrs = Markup(' data-reveal="{}"').format(reveal) if reveal else Markup("")
    return Markup('<li class="wiki-passage" id="{}"{}><blockquote><p>{}</p></blockquote>'
                  '<p class="wiki-passage-by">{}{} · line {} of the stored article</p>'
                  "</li>").format(p.anchor, attrs, excerpt, line,
                                  _cited_by(view, [e for e, _ in p.cited_by]),
                                  seed.line_of(p.start))


def _quote_item(view: View, trivia: Entry, cite: Citation, page_point: str) -> Markup:
    reveal = _later(view.registry, page_point, [view.registry.reveal_point(trivia)])
    attrs = Markup(' data-reveal="{}"').format(reveal) if reveal else Markup("")
    who = _speaker(view, cite.speaker, cite.speaker_note)
    line = Markup("— {} · ").format(who) if who else Markup("")
    return Markup('<li class="wiki-passage"{}><blockquote><p>“{}”</p></blockquote>'
                  '<p class="wiki-passage-by">{}{}</p></li>').format(
        attrs, cite.quote, line, _cited_by(view, [trivia]))


def listed_elsewhere(view: View, entry: Entry | None, linked_from: Iterable[str]) -> list[str]:
    """``linked_from`` without the pages a source page already lists with its passages."""
    idx = view.citations
    if entry is None or idx is None or not isinstance(entry.page, Source):
        return list(linked_from)
    shown = {e.src_uri for e, c in idx.cited.get(entry.src_uri, []) if c.quote}
    return [uri for uri in linked_from if uri not in shown]


__all__ = [
    "RULES", "UNVERIFIED", "Citations", "Normalised", "closest_passage", "excerpt_window",
    "listed_elsewhere", "listed_quotes", "match_parts", "parse_quote", "source_header",
    "source_passages", "trivia_citations",
]
