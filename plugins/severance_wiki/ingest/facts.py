"""Fact sentences become trivia: one fact each, with its supporting quote and speaker.

A fact is a sentence that matches one of :data:`FACT_KINDS` (a length, a number of parts,
a span of time, a named piece of kit, an event such as a wrap party, a renewal). The same
fact told twice (by the director and by the star) is one trivia item with two citations.
Titles and page text are written from templates in the wiki's own words; only the quotes
are the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import sentence_spans

_Q = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
      r"fifteen|twenty|thirty|forty|fifty|a hundred|a few|a couple of|several|a dozen|"
      r"dozens of|a half|half an?)")
_APPROX = (r"(?:(?:about|around|roughly|nearly|almost|over|under|more than|less than|close to|"
           r"some|just over|just under|probably,?|like,?|maybe|at least)\s+)*")
_QTY = rf"{_APPROX}{_Q}(?:\s+or\s+{_Q}|\s+to\s+{_Q}|-{_Q})?(?:\s+and\s+a\s+half)?"
_FILMING = re.compile(
    r"\b(took|take|takes|taking|film|filmed|filming|shoot|shot|shooting|over the course of|"
    r"get through|spent|spend|split|broken|made|built|done|it was|capture|captured)\b",
    re.IGNORECASE)
_ONE_TAKE = re.compile(r"\b(one[- ]take|single take|oner|one continuous (shot|take)|"
                       r"one shot)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FactKind:
    name: str
    pattern: re.Pattern[str]
    needs_filming_word: bool
    title: str  # template: {S} subject, {S_cap}, {v} value, {extra}
    text: str  # template for the page sentence: {SL} linked subject
    tags: tuple[str, ...]


def _k(name: str, pattern: str, filming: bool, title: str, text: str,
       tags: tuple[str, ...]) -> FactKind:
    return FactKind(name, re.compile(pattern, re.IGNORECASE), filming, title, text, tags)


FACT_KINDS: list[FactKind] = [
    _k("length", rf"\b(?P<v>{_QTY}[\s-]+(?:seconds?|minutes?|hours?))[\s-]+long\b"
       rf"|\b(?:runs|lasts|running time of)\s+(?:for\s+)?(?P<v2>{_QTY}\s+(?:seconds?|minutes?))",
       False, "{S_cap} is {v} long{extra}", "{SL_cap} runs {v}{extra_text}.",
       ("production", "filming")),
    _k("parts", rf"\b(?P<v>{_QTY}\s+(?:different\s+|separate\s+|individual\s+)?"
       r"(?:parts|pieces|sections|segments|setups|chunks|stages))\b",
       True, "{S_cap} was filmed in {v}",
       "{SL_cap} was not shot in one go: it was assembled from {v}.",
       ("production", "filming")),
    _k("duration", rf"\b(?P<v>{_QTY}\s+(?:days|weeks|months|years))\b",
       True, "{S_cap} took {v} to film", "Filming {SL} stretched over {v}.",
       ("production", "filming")),
    _k("term", r"\b(?:used|using|use|uses|built|rigged|called|nicknamed|dubbed|known as)\s+"
       r"(?:(?:a|an|the|what (?:they|we) call(?:ed)?(?: a| an| the)?)\s+)?[“\"](?P<v>[^”\"]{2,40}?)"
       r"[,.]?[”\"](?:\s*,?\s*(?:which is|which was|that is|a kind of)?\s*"
       r"(?P<app>(?:a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}?)(?=\s+(?:that|which|who|to|programmed|"
       r"designed|built|used|for|and)\b|[,.;]))?",
       False, "{S_cap} used a “{v}”{extra}",
       "To film {SL}, the crew used what they called a “{v}”{extra_text}.",
       ("production", "camera")),
    _k("event", r"\b(?:had|threw|held|got|hosted|throw|hold)\s+(?:a|an|its own|their own)\s+"
       r"(?P<v>(?:[\w-]+\s+)?(?:party|celebration|screening|toast|dinner|ceremony))\b",
       False, "{S_cap} got its own {v}", "Finishing {SL} was marked with a {v} of its own.",
       ("production", "behind the scenes")),
    _k("renewal", r"\brenewed\s+(?:Severance\s+|the\s+(?:show|series)\s+)?for\s+(?:a\s+)?"
       r"(?P<v>\w+)\s+season\b",
       False, "Severance renewed for a {v} season",
       "*Severance* was renewed for a {v} season.", ("news", "renewal")),
]

_NORMALISE_APPROX = re.compile(rf"^{_APPROX}", re.IGNORECASE)


@dataclass
class Citation:
    quote: str
    speaker: str | None
    line: int


@dataclass
class Fact:
    kind: FactKind
    value: str  # as the article words it, minus hedges ("five or six months")
    extra: str = ""  # an appositive ("a robotic camera") or a one-take note
    one_take: bool = False
    citations: list[Citation] = field(default_factory=list)
    episodes: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.kind.name, self.value.casefold()


@dataclass
class Passage:
    """Text a fact may come from: a paragraph of running text or one quote."""

    text: str
    speaker: str | None  # the quote's speaker; None for the article's own words
    line: int
    quoted: bool  # a whole quote (block, Q&A answer)
    fragments: list[tuple[str, str | None]] = field(default_factory=list)  # inline quotes


def clause_of(sentence: str, start: int, end: int, limit: int = 140) -> str:
    """The clause around a match, verbatim, kept short for the citation."""
    if len(sentence) <= limit:
        return sentence.strip()
    seps = list(re.finditer(r",\s+(?:and|but|so|when|which)\s+|;\s+|\s+—\s+", sentence))
    a = max([0] + [m.end() for m in seps if m.end() <= start])
    b = min([len(sentence)] + [m.start() for m in seps if m.start() >= end])
    clause = sentence[a:b].strip(" ,;—")
    if len(clause) > limit + 60:
        clause = sentence[max(a, start - 60):min(b, end + 60)].strip(" ,;—")
    return clause


def find_facts(passages: list[Passage]) -> list[Fact]:
    facts: dict[tuple[str, str], Fact] = {}
    for passage in passages:
        for a, b in sentence_spans(passage.text):
            sentence = passage.text[a:b].strip()
            for kind in FACT_KINDS:
                for m in kind.pattern.finditer(sentence):
                    if kind.needs_filming_word and not _FILMING.search(sentence):
                        continue
                    raw = next((m.group(g) for g in ("v", "v2") if g in kind.pattern.groupindex
                                and m.group(g)), "")
                    value = _NORMALISE_APPROX.sub("", raw).strip(" ,") if kind.name in (
                        "duration",) else raw.strip(" ,")
                    value = " ".join(value.split())
                    fact = Fact(kind, value, line=passage.line)
                    fact = facts.setdefault(fact.key, fact)
                    if "app" in kind.pattern.groupindex and m.group("app") and not fact.extra:
                        fact.extra = m.group("app")
                    if kind.name == "length" and _ONE_TAKE.search(sentence):
                        fact.one_take = True
                    quote, speaker = _support(passage, sentence, m, kind)
                    if quote and all(c.quote != quote for c in fact.citations):
                        fact.citations.append(Citation(quote, speaker, passage.line))
    out = []
    for fact in facts.values():
        attributed = [c for c in fact.citations if c.speaker]
        if attributed:
            fact.citations = attributed
        out.append(fact)
    return out


def _support(passage: Passage, sentence: str, m: re.Match[str], kind: FactKind
             ) -> tuple[str, str | None]:
    if passage.quoted:
        return clause_of(sentence, m.start(), m.end()), passage.speaker
    # Running text: the quoted fragment inside the match, if a speaker said it.
    for text, speaker in passage.fragments:
        if text and text in m.group(0):
            return text, speaker
    return clause_of(sentence, m.start(), m.end()), None
