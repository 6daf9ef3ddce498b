"""Facts: sentences of an article that become trivia drafts.

A fact is a sentence, in the narration or in a person's quote, about the show's making,
cast, release or reception (:data:`TOPIC`) that carries a concrete detail (:data:`DETAILS`:
a number, a duration, a date, a place, a named thing, an award, a first or a debut, a
casting) and mentions the show, an episode, a person or a character (a quote's speaker
counts). Opinions without a hard detail, plot summary, questions and the show's dialogue
are not facts.

Every fact keeps its evidence verbatim: the shortest clause around the detail, with the
quote's speaker (``None`` for the article's own narration). Known kinds of fact
(:data:`FACT_KINDS`: a length, a number of parts, a span of time, a named piece of kit, an
event such as a wrap party, a renewal) get titles from templates in the wiki's words;
every other fact gets a short title made from its own clause. The same fact told twice (by
the director and by the star) is one fact with two pieces of evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Document, sentence_spans
from .quotes import Found, Quote

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
       r"(?P<v>(?:[\w-]+\s+)?(?:party|celebration|ceremony))\b",
       False, "{S_cap} got its own {v}", "Finishing {SL} was marked with a {v} of its own.",
       ("production", "behind the scenes")),
]
# Template kinds apply to an article about one scene or sequence (its subject).
SUBJECT_KINDS = {"length", "parts", "duration", "term", "event"}

_NORMALISE_APPROX = re.compile(rf"^{_APPROX}", re.IGNORECASE)

# --- what makes a sentence a fact ----------------------------------------------------------

_NUMWORD = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
            r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
            r"hundred|hundreds|thousand|thousands|dozen|dozens|million|millions")
_MONTH = (r"January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.")
DETAILS: list[tuple[str, re.Pattern[str]]] = [
    ("duration", re.compile(rf"\b{_QTY}[\s-]+(?:seconds?|minutes?|hours?|days?|nights?|weeks?|"
                            r"months?|years?|takes?)\b", re.IGNORECASE)),
    ("date", re.compile(rf"\b(?:{_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?\b"
                        r"|\b(?:19|20)\d{2}\b")),
    ("award", re.compile(r"\b(?:Emmys?|Golden Globes?|SAG Awards?|Critics['’]? Choice|"
                         r"Peabody|BAFTAs?|Oscars?|award|awards|nominat\w+|nods?|won|wins|"
                         r"winning|winner|trophy|trophies|prize|honou?red|accolades?)\b",
                         re.IGNORECASE)),
    ("first", re.compile(r"\b(?:debut\w*|first[- ]ever|for the first time|first time|"
                         r"first-time|never before|only (?:time|episode|one))\b",
                         re.IGNORECASE)),
    ("casting", re.compile(r"\b(?:cast as|(?:has|have) been cast|joins?|joined|joining|"
                           r"will (?:play|star|portray|direct|return)|tapped|boards?|boarded|"
                           r"signed on|series regular|recurring role|promoted|set to "
                           r"(?:star|play|direct|return)|in talks|newcomer|cast(?:ing)? "
                           r"(?:news|addition)|replac\w+|renew\w*|greenlit|ordered)\b",
                           re.IGNORECASE)),
    ("place", re.compile(r"\b(?:filmed|shot|shooting|filming|built|location|locations|set|"
                         r"stood in|doubled for|headquarters)\b[^.;]{0,40}?\b(?:in|at|on|"
                         r"inside|outside|near)\s+(?:the\s+)?(?:[A-Z][\w'’-]+)"
                         r"(?:\s+(?:of\s+)?[A-Z][\w'’-]+)*")),
    ("number", re.compile(rf"\b\d[\d,.]*\b|\b(?:{_NUMWORD})\b(?!-)", re.IGNORECASE)),
    ("named", re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)+\b")),
]
HARD = {"duration", "date", "award", "first", "casting", "place", "number"}
TOPIC = re.compile(
    r"\b(?:film\w*|shoot\w*|shot|shots|set|sets|location\w*|built|build\w*|design\w*|"
    r"production|produc\w+|cast|casting|role|roles|audition\w*|play(?:s|ed|ing)?|"
    r"portray\w*|direct\w*|wrote|written|writ\w+|script\w*|score|composer|music|song|"
    r"costume\w*|props?|camera\w*|lens\w*|cinematograph\w*|edit\w*|premier\w*|releas\w*|"
    r"renew\w*|season|episodes?|emmys?|awards?|nominat\w+|won|win|wins|viewers|watched|"
    r"stream\w*|rehears\w*|stunt\w*|crew|studio|soundstage|stages?|scenes?|sequence|"
    r"takes?|finale|budget|series|show|showrunner|creator|created|debut\w*|joined|joins?|"
    r"star\w*|actor|actress|character|recast|crew|department|art department|sound|"
    r"effects|vfx|title sequence|credits|hallways?|office|floor|building|headquarters|"
    r"make-?up|wardrobe|table read|pilot|dailies|footage|cut|edit|running time|"
    r"minutes|hours|days|weeks|months|years)\b", re.IGNORECASE)
SHOW = re.compile(r"\b(?:Severance|the show|the series|season|episode|Lumon)\b", re.IGNORECASE)
OPINION = re.compile(
    r"\b(?:I think (?:it['’]s|that['’]s|this is)|I love|I loved|amazing|incredible|"
    r"brilliant|best (?:show|thing)|favou?rite|masterpiece|must-watch|stunning|gorgeous|"
    r"beautiful|perfect|wonderful|so good|so much fun|fun|great|hope|hopefully|feel like|"
    r"felt like|should|would love|wish)\b", re.IGNORECASE)
PLOT = re.compile(
    r"\b(?:discovers?|learns?|realizes?|realises?|finds? out|decides?|confronts?|escapes?|"
    r"kisses?|kills?|dies|wakes?|tells? (?:him|her|them)|tries to|begins to|goes to|"
    r"returns to (?:the|his|her)|sneaks?|reveals? (?:that|to))\b", re.IGNORECASE)
TAGS: list[tuple[str, re.Pattern[str]]] = [
    ("awards", re.compile(r"\b(?:emmy|golden globe|award|nominat|won\b|wins\b|trophy|"
                          r"prize)", re.IGNORECASE)),
    ("casting", re.compile(r"\b(?:cast|casting|joins?|joined|will play|series regular|"
                           r"recurring|audition)", re.IGNORECASE)),
    ("filming", re.compile(r"\b(?:film|shoot|shot|camera|location|take|takes)\b|\bfilm\w+",
                           re.IGNORECASE)),
    ("design", re.compile(r"\b(?:design|built|set|sets|props?|costume|wardrobe|art "
                          r"department)\b", re.IGNORECASE)),
    ("music", re.compile(r"\b(?:music|score|composer|song|soundtrack)\b", re.IGNORECASE)),
    ("release", re.compile(r"\b(?:premiere\w*|release\w*|renew\w*|stream\w*|viewers|"
                           r"most-watched)\b", re.IGNORECASE)),
    ("writing", re.compile(r"\b(?:wrote|written|writer|script|writers['’]? room)\b",
                           re.IGNORECASE)),
    ("directing", re.compile(r"\b(?:direct\w*)\b", re.IGNORECASE)),
]


@dataclass
class Evidence:
    quote: str  # verbatim
    start: int
    end: int
    speaker: str | None  # None: the article's own narration
    line: int


@dataclass
class Fact:
    kind: str  # a FACT_KINDS name, or "general"
    value: str  # the template's value, or the fact's own clause
    evidence: list[Evidence] = field(default_factory=list)
    extra: str = ""  # an appositive ("a robotic camera")
    one_take: bool = False
    episodes: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    details: frozenset[str] = frozenset()
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.value.casefold()

    @property
    def template(self) -> FactKind | None:
        return next((k for k in FACT_KINDS if k.name == self.kind), None)


@dataclass
class Unit:
    """A sentence a fact may come from, with who says it."""

    start: int
    end: int
    speaker: str | None
    quoted: bool  # words of a person (a quote), not the article's narration


def clause_of(text: str, start: int, end: int, limit: int = 200) -> tuple[int, int]:
    """The clause around ``start``..``end`` in ``text`` (offsets), kept short."""
    if len(text) <= limit:
        return 0, len(text)
    seps = list(re.finditer(r",\s+(?:and|but|so|when|which|while|as)\s+|;\s+|\s+[—–]\s+|"
                            r"\s+-\s+", text))
    a = max([0] + [m.end() for m in seps if m.end() <= start])
    b = min([len(text)] + [m.start() for m in seps if m.start() >= end])
    if b - a > limit:
        a = max(a, start - 80)
        b = min(b, end + 80)
        while a > 0 and not text[a - 1].isspace():
            a += 1
        while b < len(text) and not text[b].isspace():
            b -= 1
    return a, b


def units(doc: Document, found: Found) -> list[Unit]:
    """Every sentence that may state a fact, split into a person's words and narration."""
    out: list[Unit] = []
    by_block: dict[int, Quote] = {q.block: q for q in found.quotes if q.kind == "block"}
    turns_q = {ti: q for q in found.quotes if q.kind == "qa"
               for ti, t in enumerate(doc.turns) if t.start <= q.start < t.end}
    inline = [q for q in found.quotes if q.kind in ("inline", "fragment")]
    non = found.non_quotes
    for s in doc.sentences:
        if doc.blocks[s.block].kind in ("heading", "warning") or s.block in found.lead_ins:
            continue
        if s.turn is not None:
            if s.turn in found.question_turns:
                continue
            q = turns_q.get(s.turn)
            out.append(Unit(s.start, s.end, q.speaker if q else None, True))
            continue
        if s.block in by_block:
            out.append(Unit(s.start, s.end, by_block[s.block].speaker, True))
            continue
        chars = list(doc.text[s.start:s.end])
        inside = [q for q in inline if s.start <= q.start < s.end]
        for q in inside:
            text = doc.text[q.start:q.end]
            for a, b in sentence_spans(text):
                out.append(Unit(q.start + a, q.start + b, q.speaker, True))
        for span in doc.quoted_in(s.start, s.end):
            if any(span.start < q.start < span.end for q in inside) or any(
                    span.start < n.start < span.end and n.reason == "dialogue" for n in non):
                for i in range(max(span.start, s.start), min(span.end, s.end)):
                    chars[i - s.start] = " "
        rest = "".join(chars)
        if len(rest.split()) >= 5:
            out.append(Unit(s.start, s.end, None, False))
    return out


def _details(text: str) -> list[tuple[str, re.Match[str]]]:
    out = []
    for name, pat in DETAILS:
        for m in pat.finditer(text):
            if name == "number" and re.search(r"(?:season|episode|S\d?|E|part|No\.)\s*$",
                                              text[:m.start()], re.IGNORECASE):
                continue
            if name == "number" and re.match(r"(?:19|20)\d\d\b", m.group(0)):
                continue
            out.append((name, m))
    return out


def find_facts(doc: Document, found: Found, subject: str) -> list[Fact]:
    """Facts of the article, in reading order (see the module docstring)."""
    facts: dict[tuple[str, str], Fact] = {}
    by_details: dict[frozenset[str], Fact] = {}
    for unit in units(doc, found):
        text = doc.text[unit.start:unit.end]
        blank = _blank_non_speech(doc, found, unit)
        if len(text.split()) < 5 or text.rstrip().endswith("?"):
            continue
        templated = False
        for kind in FACT_KINDS:
            if kind.name in SUBJECT_KINDS and not subject:
                continue
            for m in kind.pattern.finditer(text):
                if kind.needs_filming_word and not _FILMING.search(text):
                    continue
                raw = next((m.group(g) for g in ("v", "v2") if g in kind.pattern.groupindex
                            and m.group(g)), "")
                value = _NORMALISE_APPROX.sub("", raw).strip(" ,") if kind.name == \
                    "duration" else raw.strip(" ,")
                value = " ".join(value.split())
                fact = facts.setdefault((kind.name, value.casefold()),
                                        Fact(kind.name, value, line=doc.line_of(unit.start)))
                if "app" in kind.pattern.groupindex and m.group("app") and not fact.extra:
                    fact.extra = m.group("app")
                if kind.name == "length" and _ONE_TAKE.search(text):
                    fact.one_take = True
                _cite(doc, fact, unit, text, m.start(), m.end())
                fact.tags = list(kind.tags)
                templated = True
        if templated:
            continue
        if not _is_fact(doc, unit, blank):
            continue
        dets = _details(blank)
        hard = [(n, m) for n, m in dets if n in HARD]
        first = (hard or dets)[0][1]
        key = frozenset(_norm(m.group(0)) for n, m in hard if n in ("duration", "number",
                                                                    "date", "award"))
        fact = by_details.get(key) if key else None
        if fact is None or not _overlap(doc, fact, text):
            fact = Fact("general", "", line=doc.line_of(unit.start))
            facts[("general", str(unit.start))] = fact
            if key:
                by_details[key] = fact
        _cite(doc, fact, unit, text, first.start(), first.end())
        if not fact.value:
            fact.value = fact.evidence[0].quote
        fact.details = key
        fact.tags = [t for t, pat in TAGS if pat.search(text)][:3] or ["production"]
    out = []
    for fact in facts.values():
        if not fact.evidence:
            continue
        said = [e for e in fact.evidence if e.speaker]
        if said and fact.kind != "general":
            fact.evidence = said
        out.append(fact)
    out.sort(key=lambda f: f.evidence[0].start)
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"^(?:about|around|roughly|nearly|almost|over|some)\s+", "",
                           text.casefold()).split())


def _overlap(doc: Document, fact: Fact, text: str) -> bool:
    """Two sentences with the same numbers tell the same fact when they share a word
    of substance besides them."""
    stop = {"the", "a", "an", "and", "of", "to", "in", "it", "was", "that", "for", "on",
            "with", "we", "i", "he", "she", "they", "is", "this", "had", "have", "at", "as"}
    words = {w for w in re.findall(r"[a-z]{4,}", text.casefold()) if w not in stop}
    old = {w for e in fact.evidence for w in re.findall(r"[a-z]{4,}", e.quote.casefold())}
    return len(words & old) >= 2


def _blank_non_speech(doc: Document, found: Found, unit: Unit) -> str:
    chars = list(doc.text[unit.start:unit.end])
    for n in found.non_quotes:
        if n.reason == "dialogue" and unit.start <= n.start < unit.end:
            for i in range(n.start, min(n.end, unit.end)):
                chars[i - unit.start] = " "
    return "".join(chars)


def _is_fact(doc: Document, unit: Unit, text: str) -> bool:
    dets = _details(text)
    if not dets:
        return False
    hard = [n for n, _ in dets if n in HARD]
    if not TOPIC.search(text):
        return False
    people = doc.people_in(unit.start, unit.end)
    chars = doc.characters_in(unit.start, unit.end)
    episodes = doc.episodes_in(unit.start, unit.end)
    mentions = bool(people or chars or episodes or SHOW.search(text) or unit.speaker)
    if not mentions:
        return False
    if not hard:
        return False
    if set(hard) == {"number"} and not re.search(
            r"\b(?:film|shoot|shot|build|built|cast|episode|days|weeks|months|years|minutes|"
            r"hours|takes|sets?|locations?|people|extras|crew|members|versions|drafts|"
            r"cameras?|stages?|rooms?|viewers|million|percent|%)", text, re.IGNORECASE):
        return False
    if OPINION.search(text) and set(hard) <= {"number", "first"}:
        return False
    return not (chars and not people and not unit.quoted and PLOT.search(text)
                and not re.search(r"\b(?:film|shot|shoot|built|design|cast)", text,
                                  re.IGNORECASE))


def _cite(doc: Document, fact: Fact, unit: Unit, text: str, ms: int, me: int) -> None:
    a, b = clause_of(text, ms, me)
    a, b = unit.start + a, unit.start + b
    while a < b and (doc.text[a].isspace() or doc.text[a] in "“”\"—–-,"):
        a += 1
    while b > a and (doc.text[b - 1].isspace() or doc.text[b - 1] in "“”\",;:—–-"):
        b -= 1
    quote = doc.verbatim(a, b)
    if not quote or any(e.quote == quote for e in fact.evidence):
        return
    fact.evidence.append(Evidence(quote, a, b, unit.speaker, doc.line_of(a)))
