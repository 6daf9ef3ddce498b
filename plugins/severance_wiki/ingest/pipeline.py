"""Run the steps on one article: what it says, who said it, what it mentions, its trivia."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..registry import Registry
from .clean import Block, merge_continued_quotes
from .clean import blocks as split_blocks
from .facts import Fact, Passage, find_facts
from .lexicon import Lexicon, Mention
from .mentions import find_episodes, unknown_names
from .quotes import Quote, find_quotes
from .seed import Article

_SUBJECT = re.compile(
    r"\b(?P<p>(?:(?:opening|closing|final|cold|first|last|running|chase|title|credits|"
    r"elevator|hallway|dance|musical)\s+)+(?:sequence|scene|shot|run|oner|montage|sprint|open|"
    r"number))\b", re.IGNORECASE)


@dataclass
class Extraction:
    article: Article
    blocks: list[Block]
    people: dict[str, int]  # title -> number of mentions
    characters: dict[str, int]
    episodes: dict[str, int]  # key -> mentions
    quotes: list[Quote]
    facts: list[Fact]
    unknown: list[str]
    headings: list[str]
    subject: str  # "opening sequence", or "" when none stands out
    main_episode: str | None
    lede_characters: list[str] = field(default_factory=list)
    reveals_used: dict[str, str] = field(default_factory=dict)  # reveal name -> episode


def _count(mentions: list[Mention], kind: str, att_people: set[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind != kind:
            continue
        title = m.title
        if title is None:
            narrowed = [c for c in m.candidates if c in att_people]
            title = narrowed[0] if len(narrowed) == 1 else None
        if title:
            counts[title] += 1
    return counts


def extract(article: Article, registry: Registry, lex: Lexicon | None = None) -> Extraction:
    lex = lex or Lexicon.from_registry(registry)
    every = merge_continued_quotes(split_blocks(article.body, article.body_line))
    warnings = [b for b in every if b.kind == "warning"]
    blocks = [b for b in every if b.kind != "warning"]
    all_text = "\n".join(b.text for b in blocks)
    lower_words = set(re.findall(r"\b[a-z][a-z’'-]+\b", all_text))
    # People named without doubt anywhere (and the interviewees the front matter names)
    # narrow epithets such as "the director" that fit several people of the wiki.
    article_people: set[str] = set()
    for name in article.meta.interviewees:
        res = registry.resolve(name)
        if res.target and res.target.entry.type == "person":
            article_people.add(res.target.entry.title)
    for b in blocks:
        for m in lex.find(b.text, None, lower_words):
            if m.kind == "person" and m.title and m.via in ("name", "alias", "surname"):
                article_people.add(m.title)
    found = find_quotes(blocks, lex, article_people, article.meta.outlet, article.meta.author)
    # Mentions in every paragraph and heading (quotes included).
    mentions: list[Mention] = []
    episode_mentions: list[Mention] = []
    unknown: list[str] = []
    ignore = {article.meta.outlet, *(h.text for h in blocks if h.kind == "heading")}
    if article.meta.author:
        ignore.add(article.meta.author)
    reveals_used: dict[str, str] = {}
    season_context: list[int] = []
    for w in warnings:  # what a spoiler warning names is spoiled: count it
        episode_mentions.extend(find_episodes(w.text, lex, season_context))
    for b in blocks:
        ms = lex.find(b.text, article_people, lower_words)
        eps = find_episodes(b.text, lex, season_context)
        mentions.extend(ms)
        episode_mentions.extend(eps)
        for m in ms:
            if m.reveal:
                reveals_used[m.text] = m.reveal
        if b.kind != "heading":
            spans = [(m.start, m.end) for m in (*ms, *eps)]
            unknown.extend(unknown_names(b.text, spans, lex, ignore))
    for label in found.unknown_labels:
        if label not in unknown:
            unknown.append(label)
    unknown = list(dict.fromkeys(u for u in unknown if u not in ignore))
    people = _count(mentions, "person", article_people)
    for q in found.quotes:
        if q.speaker and q.speaker in lex.person_titles and q.speaker not in people:
            people[q.speaker] += 1
    characters = _count(mentions, "character", article_people)
    episodes: Counter[str] = Counter(m.candidates[0] for m in episode_mentions)
    main_episode = None
    if episodes:
        top = max(episodes.values())
        main_episode = next(m.candidates[0] for m in episode_mentions
                            if episodes[m.candidates[0]] == top)
    # The article's subject: the scene or sequence its headings and text keep returning to.
    subj: Counter[str] = Counter()
    for b in blocks:
        weight = 3 if b.kind == "heading" else 1
        for sm in _SUBJECT.finditer(b.text):
            subj[sm.group("p").lower()] += weight
    subject = subj.most_common(1)[0][0] if subj else ""
    # Characters named in the lede (the first two paragraphs, before any heading) are what
    # every fact of the article is about.
    lede: list[str] = []
    for b in [b for b in blocks if b.kind != "heading"][:2]:
        if b.line > next((h.line for h in blocks if h.kind == "heading"), b.line + 1):
            break
        for m in lex.find(b.text, article_people, lower_words):
            if m.kind == "character" and m.title and m.title not in lede:
                lede.append(m.title)
    facts = find_facts(_passages(blocks, found.quotes, found.block_speakers,
                                 found.question_blocks))
    for fact in facts:
        _link_fact(fact, lex, article_people, main_episode, lede)
    return Extraction(article, blocks, dict(people), dict(characters), dict(episodes),
                      found.quotes, facts, unknown, [b.text for b in blocks
                                                     if b.kind == "heading"],
                      subject, main_episode, lede, reveals_used)


def _passages(blocks: list[Block], quotes: list[Quote],
              block_speakers: dict[int, str | None], questions: set[int]) -> list[Passage]:
    out: list[Passage] = []
    for i, b in enumerate(blocks):
        if b.kind == "heading" or i in questions:
            continue
        if i in block_speakers:
            text = b.qa_text if b.qa_text and any(q.block == i and q.kind == "qa"
                                                  for q in quotes) else b.text
            out.append(Passage(text or b.text, block_speakers[i], b.line, True))
        else:
            frags = [(q.text, q.speaker) for q in quotes if q.block == i]
            out.append(Passage(b.text, None, b.line, False, frags))
    return out


def _link_fact(fact: Fact, lex: Lexicon, article_people: set[str],
               main_episode: str | None, lede: list[str]) -> None:
    episodes: list[str] = [main_episode] if main_episode else []
    people: list[str] = []
    characters: list[str] = list(lede)
    for c in fact.citations:
        if c.speaker and c.speaker in lex.person_titles and c.speaker not in people:
            people.append(c.speaker)
        if c.speaker and c.speaker in lex.character_titles and c.speaker not in characters:
            characters.append(c.speaker)
        for pm in lex.find(c.quote, article_people):
            who = pm.title
            if pm.kind == "person" and who and who not in people:
                people.append(who)
        for m in find_episodes(c.quote, lex):
            if m.candidates[0] not in episodes:
                episodes.append(m.candidates[0])
    if fact.kind.name == "renewal":
        episodes, characters = [], []
    fact.episodes = episodes
    fact.people = people
    fact.characters = characters


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
        "quotes": [{"text": q.text, "speaker": q.speaker, "kind": q.kind, "line": q.line,
                    "via": q.via} for q in ex.quotes],
        "trivia": trivia,
        "unknown_names": ex.unknown,
    }
