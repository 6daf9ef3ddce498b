"""Run the steps on one article: what it says, who said it, what it mentions, its facts.

:func:`article_quotes` is the stable entry point for other modules (the citation check):
an article's quotes with their offsets and speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..registry import Registry
from . import document
from .document import Document
from .facts import Fact, find_facts
from .lexicon import Lexicon
from .quotes import Found, NonQuote, Quote, find_quotes
from .seed import Article, SeedMeta, read_article

_SUBJECT = re.compile(
    r"\b(?P<p>(?:(?:opening|closing|final|cold|first|last|running|chase|title|credits|"
    r"elevator|hallway|dance|musical)\s+)+(?:sequence|scene|shot|run|oner|montage|sprint|open|"
    r"number))\b", re.IGNORECASE)


@dataclass
class Extraction:
    article: Article
    doc: Document
    people: dict[str, int]  # title -> number of mentions
    characters: dict[str, int]
    episodes: dict[str, int]  # key -> mentions
    quotes: list[Quote]
    non_quotes: list[NonQuote]
    facts: list[Fact]
    unknown: list[str]
    headings: list[str]
    subject: str  # "opening sequence", or "" when none stands out
    main_episode: str | None
    lede_characters: list[str] = field(default_factory=list)
    reveals_used: dict[str, str] = field(default_factory=dict)  # reveal name -> episode


def annotate(article: Article, lex: Lexicon) -> Document:
    meta = article.meta
    return document.build(article.body, article.body_line, lex, outlet=meta.outlet,
                          author=meta.author, title=meta.title,
                          interviewees=list(meta.interviewees))


def extract(article: Article, registry: Registry, lex: Lexicon | None = None) -> Extraction:
    lex = lex or Lexicon.from_registry(registry)
    doc = annotate(article, lex)
    found: Found = find_quotes(doc, lex)
    people: Counter[str] = Counter()
    characters: Counter[str] = Counter()
    reveals_used: dict[str, str] = {}
    for m in doc.mentions:
        if m.who and m.kind == "person":
            people[m.who] += 1
        elif m.who and m.kind == "character":
            characters[m.who] += 1
        if m.reveal:
            reveals_used[m.text] = m.reveal
    for m in doc.teaser_mentions:  # named only in a "Read more" line: listed once
        seen = people if m.kind == "person" else characters
        if m.who and m.who not in seen:
            seen[m.who] = 1
    for q in found.quotes:
        if q.speaker and q.speaker not in people:
            people[q.speaker] += 1
    episodes: Counter[str] = Counter(m.candidates[0] for m in doc.episodes)
    main_episode = None
    if episodes:
        top = max(episodes.values())
        main_episode = next(m.candidates[0] for m in doc.episodes
                            if episodes[m.candidates[0]] == top)
    # The article's subject: the scene or sequence its headings and text keep returning to.
    subj: Counter[str] = Counter()
    for b in doc.blocks:
        if b.kind == "warning":
            continue
        weight = 3 if b.kind == "heading" else 1
        for sm in _SUBJECT.finditer(b.text):
            subj[sm.group("p").lower()] += weight
    subject = ""
    if subj:
        best, count = subj.most_common(1)[0]
        subject = best if count >= 2 else ""
    # Characters named in the lede (the paragraphs before the first heading, at most two).
    lede: list[str] = []
    for b in doc.blocks:
        if b.kind == "heading":
            break
        if b.kind == "para" and len(lede) < 5:
            lede += [c for c in doc.characters_in(b.start, b.end) if c not in lede]
    facts = find_facts(doc, found, subject)
    for fact in facts:
        _link_fact(fact, doc, main_episode, lede, lex.person_titles)
    unknown = [u for u in doc.unknown]
    return Extraction(article, doc, dict(people), dict(characters), dict(episodes),
                      found.quotes, found.non_quotes, facts, unknown,
                      [b.text for b in doc.blocks if b.kind == "heading"],
                      subject, main_episode, lede, reveals_used)


def _link_fact(fact: Fact, doc: Document, main_episode: str | None, lede: list[str],
               paged: set[str]) -> None:
    episodes: list[str] = []
    people: list[str] = []
    characters: list[str] = []
    templated = fact.kind != "general"
    if templated:
        episodes = [main_episode] if main_episode else []
        characters = list(lede)
    for e in fact.evidence:
        if e.speaker and e.speaker not in people and e.speaker in paged:
            people.append(e.speaker)  # a person page; a name without one stays in evidence
        si = doc.sentence_at(e.start)
        a, b = (doc.sentences[si].start, doc.sentences[si].end) if si is not None else (
            e.start, e.end)
        for p in doc.people_in(a, b):
            if p not in people:
                people.append(p)
        for c in doc.characters_in(a, b):
            if c not in characters:
                characters.append(c)
        for k in doc.episodes_in(a, b):
            if k not in episodes:
                episodes.append(k)
    fact.episodes = episodes
    fact.people = people
    fact.characters = characters


# --- the public entry point for other modules ----------------------------------------------


def article_quotes(article: Path | str, registry: Registry,
                   front_matter: dict[str, Any] | None = None) -> list[Quote]:
    """Who the article says says what: its quotes, each with its speaker.

    ``article`` is a path (a ``.md``/``.txt`` seed with front matter, or a saved ``.html``
    page) or the article's text itself (then ``front_matter`` gives at least ``outlet``;
    without it ``"unknown"`` is assumed). ``registry`` is the wiki's (people, characters,
    episodes and their names).

    Returns :class:`~.quotes.Quote` items in reading order. For each:

    - ``text``: the quoted words verbatim (whitespace collapsed, quotation marks and a
      trailing comma left out);
    - ``start``, ``end``: character offsets of those words in the article *body* (the text
      after the front matter's closing ``---`` line; for a web page, its extracted main
      text), so ``body[start:end]`` is the passage as written;
    - ``speaker``: the full title of the person page the article attributes it to, or
      ``None`` when the article leaves it unclear (never guessed);
    - ``kind`` (``qa``, ``block``, ``inline``, ``fragment``), ``line`` and ``via``.

    Quotation marks that are not a person speaking (titles, show dialogue, scare quotes)
    are not returned. Raises :class:`~severance_wiki.errors.WikiError` for unreadable input.
    """
    lex = Lexicon.from_registry(registry)
    if isinstance(article, Path):
        art = read_article(article, None, front_matter)
    else:
        meta = SeedMeta.model_validate({"outlet": "unknown", **(front_matter or {})})
        art = Article(Path("<text>"), "<text>", meta, article, 1)
    return find_quotes(annotate(art, lex), lex).quotes


# --- JSON ----------------------------------------------------------------------------------


def to_json(ex: Extraction, trivia: list[dict[str, Any]]) -> dict[str, Any]:
    meta = ex.article.meta
    return {
        "article": ex.article.shown,
        "source": {"outlet": meta.outlet, "title": meta.title,
                   "url": str(meta.url) if meta.url else None,
                   "published": meta.published.isoformat() if meta.published else None,
                   "published_after": meta.published_after, "author": meta.author,
                   "kind": meta.kind},
        "sections": ex.headings,
        "people": [{"name": n, "mentions": c} for n, c in ex.people.items()],
        "characters": [{"name": n, "mentions": c} for n, c in ex.characters.items()],
        "episodes": [{"key": k, "mentions": c} for k, c in ex.episodes.items()],
        "quotes": [{"text": q.text, "speaker": q.speaker_name, "speaker_page": q.speaker,
                    "kind": q.kind, "line": q.line, "via": q.via, "start": q.start,
                    "end": q.end} for q in ex.quotes],
        "non_quotes": [{"text": n.text, "reason": n.reason} for n in ex.non_quotes],
        "trivia": trivia,
        "unknown_names": ex.unknown,
    }
