"""Quotes and who said them, read from the annotated :class:`~.document.Document`.

Four forms: Q&A answers (the document's speaker turns), block quotes (a paragraph after a
lead-in ending in a colon, or a Markdown ``>`` quote), inline quotations and short quoted
fragments in running text. A speaker is always a *person* page: found by name, surname,
first name, epithet (credit, character played, role) or a pronoun, as the subject of a
speech verb next to the quote ("said Stiller", "Lower, who plays Helly, told X", "Scott
estimated", "..., adding"), or carried over: the second half of a split quote, a
quotation continued in the next sentence, a paragraph that opens with a quotation after
one naming who speaks. When the speaker is unclear the quote is kept with
``speaker=None``: a wrong speaker is worse than none.

Quotation marks that are not a person speaking become :class:`NonQuote` items, never
quotes: episode and other titles, lines of the show's dialogue (a character is the one
speaking, or the sentence only names characters) and scare quotes around words
("innies", a two-word term nobody is said to have said).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import JOB_WORDS, Document, QuotedSpan
from .lexicon import POSSESSIVE_ASIDE, SPEECH_VERBS, Lexicon, Mention, title_key

# A quotation right after a verb of naming is a name, not words spoken: "what the crew
# called “the treadmill”", "a practice she calls “the long blink”".
_NAMED = re.compile(
    r"\b(?:call(?:s|ed|ing)?|nicknam\w+|dubb\w+|known as|christened|titled|"
    r"refer\w*\s+to\s+(?:\w+\s+){0,2}?as)\s+(?:[\w’'-]+\s+){0,8}?(?:simply\s+|only\s+|"
    r"just\s+)?$", re.IGNORECASE)
# ... or after the name it was given: "the table had a name on the call sheet, “the ...”".
_NAME_GIVEN = re.compile(r"\b(?:a|the|its|their|his|her)\s+(?:new\s+|nick)?name\b"
                         r"[^.;:“”\"]{0,40}?,?\s*$", re.IGNORECASE)
# A line of the show's dialogue, set off by the word "line" or by a character's possessive:
# "whispered Helly’s line “Is there a way to quit?”", "delivered the line “...”".
_LINE = re.compile(r"\b(?:line|lines|catchphrase|refrain|sign-off)\s*[,:]?\s*$", re.IGNORECASE)
# Someone the article does not name: "a woman in the front row", "one fan", "a producer".
_ANONYMOUS = re.compile(
    r"\b(?:a|an|one|another)\s+(?:[\w-]+\s+){0,2}?(?:woman|man|fan|person|audience member|"
    r"member of the audience|attendee|viewer|reporter|journalist|producer|girl|boy|kid|child|"
    r"teenager|student|teacher|stranger)\b|\b(?:someone|somebody)\s+(?:in|from|at)\s+the\b",
    re.IGNORECASE)
# Mentions that can be a speaker: people with a wiki page, and people the article names in
# full whom the wiki has no page for (kind "named").
PEOPLE = ("person", "named")
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_PRONOUN_VERB = re.compile(
    rf"\b(?P<p>he|she|they)\b(?:\s+\w+){{0,2}}?\s+(?:{SPEECH_VERBS})\b|\b(?:{SPEECH_VERBS})"
    r"\s+(?P<q>he|she)\b", re.IGNORECASE)
# Verbs whose subject may follow them ("said Stiller", "according to Lower"); after the
# others ("called Devon", "told Scott") the next name is an object, never the speaker.
_AFTER_VERBS = frozenset([
    "said", "says", "added", "adds", "explained", "explains", "continued", "continues",
    "recalled", "recalls", "noted", "notes", "joked", "jokes", "laughed", "laughs",
    "insisted", "insists", "asked", "asks", "wrote", "writes", "quipped", "quips", "replied",
    "replies", "answered", "answers", "admitted", "admits", "remembered", "remembers",
    "confirmed", "confirms", "teased", "teases", "offered", "offers", "estimated",
    "estimates", "reflected", "reflects", "according to"
])
# Between "said" and a name: nothing, or a job ("said stunt coordinator Nils Arvid",
# "according to prop master Ilse Varnum", "said the show's creator").
_ROLE_GAP = re.compile(rf"\s{{0,2}}|\s+(?:the\s+)?(?:(?!(?:that|when|while|and|but|to|on|in|"
                       rf"of|at|he|she|they|it|"
                       rf"who|as)\b)[\w’'-]+\s+){{0,3}}?(?:(?:{JOB_WORDS})s?|"
                       r"co-star|series creator)\s+", re.IGNORECASE)
# An appositive between a name and its verb: "Lower, who plays Helly in the series, told".
_APPOSITIVE = re.compile(r"^\s*,\s*(?:(?:who|the|a|an|one of|whose|now|also)\b|"
                         rf"{POSSESSIVE_ASIDE})[^.;:“”\"]{{0,90}},\s*$")
# The show's own vocabulary: in quotation marks it is a term, not someone speaking.
SHOW_TERMS = frozenset([
    "innie", "innies", "outie", "outies", "sever", "severed", "severance", "severing",
    "refiner", "refiners", "refinement", "macrodata", "mdr", "o&d", "optics", "and", "design",
    "break", "room", "wellness", "waffle", "party", "finger", "trap", "finger", "traps",
    "perpetuity", "wing", "the", "numbers", "scary", "numbers", "kier", "lumon", "overtime",
    "contingency", "testing", "floor", "goats", "mammalians", "nurturable", "music", "dance",
    "experience", "melon", "bar", "egg", "bar", "mammalians", "nurturable", "export"
])


@dataclass
class Quote:
    text: str  # verbatim (whitespace collapsed), without the quotation marks
    start: int  # offsets into the article body
    end: int
    speaker: str | None  # a person page's title, or None when unclear
    kind: str  # "block", "qa", "inline", "fragment"
    line: int
    block: int
    via: str = ""  # how the speaker was found, for review
    label: str | None = None  # the NAME of a Q&A answer
    # The speaker's full name as the article gives it: the person page's title, or the
    # name of a person the wiki has no page for ("Marisol Keane"; then ``speaker`` is None).
    speaker_name: str | None = None


@dataclass
class NonQuote:
    """Quotation marks that are not a person speaking."""

    text: str
    start: int
    end: int
    reason: str  # "title", "dialogue", "term"


@dataclass
class Found:
    quotes: list[Quote]
    non_quotes: list[NonQuote]
    question_turns: set[int]
    lead_ins: set[int]  # blocks that only introduce the block quote after them


def clean_quote(text: str) -> str:
    """Quotation marks and a trailing comma left out; a full stop kept when the quote is a
    sentence of its own ("Nobody was coasting, not for a single day."), dropped after a
    fragment ("the mime pass.")."""
    text = " ".join(text.split()).strip().strip("“”\"").strip()
    text = text.rstrip(",;:")
    words = text.split()
    if len(words) <= 8 and not (len(words) >= 4 and text[:1].isupper()):
        text = text.rstrip(".")
    return text.strip()


def _trim(doc: Document, a: int, b: int) -> tuple[int, int]:
    """A span without surrounding spaces, quotation marks and trailing commas."""
    while a < b and (doc.text[a].isspace() or doc.text[a] in "“”\""):
        a += 1
    while b > a and (doc.text[b - 1].isspace() or doc.text[b - 1] in "“”\",;:"):
        b -= 1
    return a, b


class Attributor:
    def __init__(self, doc: Document, lex: Lexicon):
        self.doc = doc
        self.lex = lex
        self.genders = genders(doc)

    def blanked(self, a: int, b: int) -> str:
        """The text of a span with its quotations blanked (offsets kept)."""
        chars = list(self.doc.text[a:b])
        for q in self.doc.quoted_in(a, b):
            for i in range(max(q.start, a), min(q.end, b)):
                chars[i - a] = " "
        return "".join(chars)

    def mentions_outside_quotes(self, a: int, b: int) -> list[Mention]:
        inside = self.doc.quoted_in(a, b)
        return [m for m in self.doc.mentions_in(a, b)
                if not any(q.start <= m.start < q.end for q in inside)]

    def speaker(self, a: int, b: int, quote_at: int | None = None
                ) -> tuple[str | None, str, str | None]:
        """Who a sentence (``a``..``b``) says is speaking: (person, via, character).

        ``character`` is set when a character is the one speaking (show dialogue)."""
        blank = self.blanked(a, b)
        every = self.mentions_outside_quotes(a, b)
        pairs: list[tuple[int, Mention | None, str]] = []  # distance, subject, verb
        for v in _VERB.finditer(blank):
            vs, ve = a + v.start(), a + v.end()
            verb = v.group(0).lower()
            before = []
            for m in every:
                if m.end > vs:
                    continue
                gap = blank[m.end - a:v.start()]
                if (len(gap) <= 45 and not re.search(r"[.;:]|\band\b|\bbut\b", gap)) or \
                        _APPOSITIVE.match(gap):
                    before.append(m)
            after = [m for m in every if m.start >= ve and verb in _AFTER_VERBS
                     and _ROLE_GAP.fullmatch(blank[v.end():m.start - a])]
            people_before = [m for m in before if m.kind in PEOPLE]
            pick = after[0] if verb == "according to" and after else (
                (people_before[-1] if people_before else before[-1]) if before else (
                    after[0] if after else None))
            if pick is None:
                pron = _pronoun_subject(blank, v.start())
                if pron:
                    pairs.append((abs(vs - quote_at) if quote_at is not None else 0, None,
                                  f"{vs}:{pron}"))
                continue
            pairs.append((abs(vs - quote_at) if quote_at is not None else 0, pick, verb))
        if not pairs:
            verbs = [v for v in _VERB.finditer(blank) if v.group(0).lower() not in (
                "called", "calls", "asked", "asks")]
            return None, ("someone the wiki has no page for speaks" if verbs else ""), None
        pairs.sort(key=lambda p: p[0])
        _dist, best, verb = pairs[0]
        if best is None:  # "he said": the person the previous sentences were about
            at, pron = verb.split(":")
            who, character = self.pronoun(int(at), pron)
            if character and _TO_WRITER.search(blank):
                # "he described the character to me as": said to the writer, so a person
                # (the nearest one named before), never the show's dialogue
                who, character = self.pronoun(int(at), pron, people_only=True)
            if character:
                return None, "pronoun (a character)", "character"
            if who and self.genders.get(who, pron) != pron:
                return None, f"pronoun unclear ('{pron}', but the article says "\
                             f"'{self.genders[who]}' of {who})", None
            return (who, "pronoun", None) if who else (None, "pronoun unclear", None)
        if best.kind == "character":
            return None, f"{best.text} (character)", best.who
        if best.who is None:
            return None, f"ambiguous: {best.text}", None
        if not self.identified(best):
            return None, f"{best.text}: the article never names them", None
        return best.who, f"{best.text} ({best.via})", None

    def identified(self, m: Mention) -> bool:
        """An epithet ("the Deer Hunter legend") is a speaker only when the article also
        names that person; otherwise the reader cannot tell who it is either."""
        return m.via not in ("credit", "played") or m.who in self.doc.article_people

    def subject(self, a: int, b: int) -> Mention | None:
        """The one person a stretch of narration is about, named at its start ("The Big
        Lebowski star then paused"), when it names no one else and no character."""
        names = [m for m in self.mentions_outside_quotes(a, b)
                 if m.kind in (*PEOPLE, "character")]
        people = {m.who for m in names if m.kind in PEOPLE}
        if not names or names[0].kind not in PEOPLE or len(people) != 1 or None in people \
                or len(names) != sum(m.kind in PEOPLE for m in names):
            return None
        lead = self.doc.text[a:names[0].start]
        if len(lead) > 12 or not self.identified(names[0]):
            return None
        return names[0]

    def pronoun(self, pos: int, pron: str = "", people_only: bool = False
                ) -> tuple[str | None, bool]:
        """Who a pronoun at ``pos`` refers to: (person, is a character).

        The nearest names before it in its own sentence, else the latest earlier sentence
        that names someone outside quotations and is not itself about a pronoun's referent
        ("She met Stiller" names Stiller as an object). A sentence whose subject is a
        character means the show's dialogue; several people named means unclear. In the
        pronoun's own paragraph, someone the article calls otherwise ("he" for "she") is
        passed over for the next person back. ``people_only``: characters are passed
        over (someone speaks to the writer)."""
        kinds = PEOPLE if people_only else (*PEOPLE, "character")
        si = self.doc.sentence_at(pos)
        start = si if si is not None else len(self.doc.sentences)
        if si is not None:
            own = self.doc.sentences[si]
            early = [m for m in self.mentions_outside_quotes(own.start, pos)
                     if m.kind in kinds]
            if early:
                return self._referent(early, own.start)
        for i in range(start - 1, max(-1, start - 9), -1):
            s = self.doc.sentences[i]
            blank = self.blanked(s.start, s.end)
            names = [m for m in self.mentions_outside_quotes(s.start, s.end)
                     if m.kind in kinds]
            if re.match(r"\s*(?:[A-Z]\w*,?\s+){0,2}?(?:he|she|they)\b", blank,
                        re.IGNORECASE) and not (names and names[0].start - s.start <= 2):
                continue  # a pronoun's sentence: its names are objects; look further back
            if not names and _ANONYMOUS.search(blank):
                return None, False  # "The question came from a woman in the front row."
            if names:
                who, character = self._referent(names, s.start)
                if who and pron and self.genders.get(who, pron) != pron and si is not None \
                        and s.block == self.doc.sentences[si].block:
                    continue
                return who, character
        return None, False

    @staticmethod
    def _referent(names: list[Mention], start: int) -> tuple[str | None, bool]:
        first = names[0]
        if first.kind == "character" and first.start - start <= 12:
            return None, True  # the sentence is about a character
        people = {m.who for m in names if m.kind in PEOPLE and m.who}
        if len(people) == 1 and None not in people:
            return people.pop(), False
        if first.kind in PEOPLE and first.who and first.start - start <= 12:
            return first.who, False  # the sentence's subject
        return None, False


# Words said to the writer ("told me", "described it to us as"): a person speaks.
_TO_WRITER = re.compile(r"\b(?:told|tells|said to|says to|explained to|described \w+(?: \w+)?"
                        r" to|wrote to|admitted to)\s+(?:me|us)\b|\bto (?:me|us),? as\b",
                        re.IGNORECASE)


def _pronoun_subject(blank: str, verb_at: int) -> str | None:
    """The pronoun ("he" or "she") that is the subject of the verb at ``verb_at``."""
    before = blank[max(0, verb_at - 30):verb_at]
    after = blank[verb_at:verb_at + 30]
    m = re.search(r"\b(he|she)\s+(?:\w+\s+){0,2}$", before, re.IGNORECASE) or re.match(
        rf"(?:{SPEECH_VERBS})\s+(he|she)\b", after, re.IGNORECASE)
    return m.group(1).lower() if m else None


_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)


def genders(doc: Document) -> dict[str, str]:
    """What the article itself says of its people's pronouns: a sentence naming one
    person (outside quotations) and then using only "she/her" or only "he/his" of them.
    ``{name: "he" | "she"}``; a person the article gives both, or neither, is left out."""
    seen: dict[str, set[str]] = {}
    for s in doc.sentences:
        inside = doc.quoted_in(s.start, s.end)
        names = [m for m in doc.mentions_in(s.start, s.end)
                 if m.kind in (*PEOPLE, "character") and m.who
                 and not any(q.start <= m.start < q.end for q in inside)]
        people = {m.who for m in names if m.kind in PEOPLE and m.who}
        if len(people) != 1 or any(m.kind == "character" for m in names):
            continue
        chars = list(doc.text[names[-1].end:s.end])
        for q in inside:
            for i in range(max(q.start, names[-1].end), min(q.end, s.end)):
                chars[i - names[-1].end] = " "
        rest = "".join(chars)
        he, she = bool(_HE.search(rest)), bool(_SHE.search(rest))
        if he != she:
            seen.setdefault(people.pop(), set()).add("he" if he else "she")
    return {who: g.pop() for who, g in seen.items() if len(g) == 1}


def _is_title(text: str, lex: Lexicon) -> bool:
    t = title_key(text.strip(" ,.!?"))
    return t in lex.episode_titles or any(t == c.casefold() for c in lex.credits)


def _is_term(doc: Document, text: str) -> bool:
    """Scare quotes: the show's vocabulary, or a short phrase the article also uses
    without quotation marks."""
    low = text.casefold().strip(" ,.!?")
    words = low.split()
    if not words or len(words) > 3:
        return False
    if low in SHOW_TERMS or all(w.strip("’'s") in SHOW_TERMS for w in words):
        return True
    plain = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", doc.text.casefold())
    return len(words) <= 2 and re.search(rf"(?<!\w){re.escape(low)}(?!\w)", plain) is not None


def find_quotes(doc: Document, lex: Lexicon) -> Found:
    att = Attributor(doc, lex)
    quotes: list[Quote] = []
    non: list[NonQuote] = []
    questions: set[int] = set()
    lead_ins: set[int] = set()
    in_turn: set[int] = set()
    for ti, t in enumerate(doc.turns):
        in_turn.add(t.block)
        if t.question:
            questions.add(ti)
            continue
        a, b = _trim(doc, t.start, t.end)
        if b <= a:
            continue
        text = clean_quote(doc.verbatim(a, b))
        via = f"label {t.label}" if t.speaker else f"label {t.label} (not a known person)"
        quotes.append(Quote(text, a, b, t.speaker, "qa", doc.line_of(a), t.block, via, t.label))
    last_speaker: str | None = None  # of the latest attributed quote
    for bi, bl in enumerate(doc.blocks):
        if bl.kind in ("heading", "warning"):
            last_speaker = None
            continue
        if bi in in_turn:
            last_speaker = None
            continue
        prev = _previous_para(doc, bi)
        lead = prev is not None and prev not in in_turn and doc.text[
            doc.blocks[prev].start:doc.blocks[prev].end].rstrip(" *").endswith(":")
        if bl.kind == "blockquote" or lead:
            who, via = (None, "no lead-in")
            if lead and prev is not None:
                lead_ins.add(prev)
                who, via = _lead_in(att, prev)
            elif prev is not None and bl.kind == "blockquote":
                who, via = _lead_in(att, prev)
                if who is None:
                    who, via = last_speaker, "continues the previous quote" if \
                        last_speaker else via
            a, b = _trim(doc, bl.start, bl.end)
            quotes.append(Quote(clean_quote(doc.verbatim(a, b)), a, b, who, "block",
                                doc.line_of(a), bi, via))
            last_speaker = who
            continue
        last_speaker = _inline(doc, att, lex, bi, prev, last_speaker, quotes, non)
    quotes.sort(key=lambda q: q.start)
    unpaged = [n for n in (*doc.named_people, *doc.unknown) if 2 <= len(n.split()) <= 3]
    named = {n.casefold(): n for n in unpaged}
    named_surnames = {n.split()[-1].casefold(): n for n in doc.named_people}
    for q in quotes:
        if q.kind == "qa" and q.speaker is None and q.label:
            # "MARISOL KEANE:" or "KEANE:" after the article named her in full
            q.speaker = named.get(q.label.casefold()) or named_surnames.get(q.label.casefold())
        q.speaker_name = q.speaker
        if q.speaker is not None and q.speaker not in lex.person_titles:
            q.speaker = None  # a person page's title, or None (see speaker_name)
            q.via += " (no wiki page)"
    return Found(quotes, non, questions, lead_ins)


def _previous_para(doc: Document, bi: int) -> int | None:
    j = bi - 1
    if j >= 0 and doc.blocks[j].kind in ("para", "blockquote"):
        return j
    return None


def _lead_in(att: Attributor, bi: int) -> tuple[str | None, str]:
    doc = att.doc
    for si in reversed(doc.sentences_of(bi)):
        s = doc.sentences[si]
        who, via, char = att.speaker(s.start, s.end)
        if who or via.startswith("ambiguous") or char:
            return who, "lead-in: " + via
        people = {m.who for m in att.mentions_outside_quotes(s.start, s.end)
                  if m.kind in PEOPLE}
        if len(people) == 1 and None not in people:
            return people.pop(), "lead-in names them"
        if people:
            return None, "lead-in names several people"
    return None, "lead-in names no speaker"


def _inline(doc: Document, att: Attributor, lex: Lexicon, bi: int, prev: int | None,
            carried: str | None, quotes: list[Quote], non: list[NonQuote]) -> str | None:
    bl = doc.blocks[bi]
    spans = [q for q in doc.quoted if q.block == bi]
    previous: str | None = None  # speaker of the previous quote in this paragraph
    names_since: set[str] = set()
    for si in doc.sentences_of(bi):
        s = doc.sentences[si]
        for q in [q for q in spans if s.start <= q.start < s.end]:
            _one(doc, att, lex, q, s.start, s.end, bi, prev, carried, previous, quotes, non)
            if quotes and quotes[-1].start == q.inner[0] and quotes[-1].speaker:
                previous = quotes[-1].speaker
                names_since = set()
        named = {m.who for m in att.mentions_outside_quotes(s.start, s.end)
                 if m.kind in PEOPLE and m.who}
        names_since |= named - ({previous} if previous else set())
        if names_since:
            previous = None if previous not in names_since else previous
    # A paragraph whose last quote had a speaker carries them to a next paragraph that
    # opens with a quotation, unless someone else was named after it.
    last = next((q for q in reversed(quotes) if q.block == bi), None)
    del bl
    if last is not None and last.speaker and not names_since:
        return last.speaker
    return None


def _one(doc: Document, att: Attributor, lex: Lexicon, q: QuotedSpan, sa: int, sb: int,
         bi: int, prev: int | None, carried: str | None, previous: str | None,
         quotes: list[Quote], non: list[NonQuote]) -> None:
    a, b = _trim(doc, *q.inner)
    if b <= a:
        return
    text = clean_quote(" ".join(doc.verbatim(pa, pb) for pa, pb in q.parts))
    if not text:
        return
    eps = [e for e in doc.episodes if q.start <= e.start and e.end <= q.end]
    if _is_title(text, lex) or any(len(e.text.strip(" “”\"*_,.")) >= len(text) - 2
                                   for e in eps):
        non.append(NonQuote(text, a, b, "title"))
        return
    before = doc.text[max(sa, q.start - 90):q.start]
    if len(text.split()) <= 4 and (_NAMED.search(before) or _NAME_GIVEN.search(before)) and (
            re.match(r"(?:the|a|an)\s", text) or re.search(r"\b(?:the|a|an)\s+$", before)) \
            and not re.search(r"\b(?:I|I['’]\w+|we|my|our|me)\b", text):
        non.append(NonQuote(text, a, b, "term"))  # "a stack of drawings she calls “the ...”"
        return
    lead = att.blanked(sa, q.start)
    if _LINE.search(lead) or any(
            m.kind == "character" and re.fullmatch(r"[’']s\s*", doc.text[m.end:q.start])
            for m in att.mentions_outside_quotes(sa, q.start)):
        non.append(NonQuote(text, a, b, "dialogue"))  # "Helly’s line “...”", "Milchick’s “...”"
        return
    who, via, character = att.speaker(sa, sb, q.start)
    if who is None and not character and len(q.parts) > 1:  # attributed where it ends
        last = doc.sentence_at(q.parts[-1][1] - 1)
        if last is not None:
            ls = doc.sentences[last]
            who, via, character = att.speaker(ls.start, ls.end, q.end)
    if character:
        non.append(NonQuote(text, a, b, "dialogue"))
        return
    words = len(text.split())
    if who is None and not via.startswith(("ambiguous", "pronoun")):
        rest = att.blanked(sa, sb).strip(" ,.;:!?—–-")
        opens_block = q.start == doc.blocks[bi].start
        if not rest and previous:
            who, via = previous, "continues the previous quote"
        elif opens_block and not rest and carried:
            who, via = carried, "continues the previous paragraph's quote"
        elif opens_block and prev is not None:
            who, via = _previous_paragraph_speaker(att, prev)
        elif not rest:
            who, via = _previous_sentence_speaker(att, sa, bi)
        elif doc.text[sa:q.start].rstrip().endswith(":") and not att.blanked(
                q.end, sb).strip(" ,.;:!?"):
            subject = att.subject(sa, q.start)  # "The X legend had one more thing: “...”"
            if subject is not None:
                who, via = subject.who, f"{subject.text}, before a colon"
    if words <= 3 and (who is not None or via.startswith("someone")) and _is_term(doc, text):
        non.append(NonQuote(text, a, b, "term"))
        return
    if who is None and not via.startswith(("ambiguous", "pronoun", "someone")):
        s_people = [m for m in att.mentions_outside_quotes(sa, sb) if m.kind in PEOPLE]
        s_chars = [m for m in att.mentions_outside_quotes(sa, sb) if m.kind == "character"]
        if words <= 4:
            non.append(NonQuote(text, a, b, "term"))
            return
        before_q = [m for m in (*s_people, *s_chars) if m.end <= q.start]
        nearest = max(before_q, key=lambda m: m.end) if before_q else None
        if s_chars and (not s_people or (nearest is not None and nearest.kind == "character")):
            non.append(NonQuote(text, a, b, "dialogue"))  # "When Milchick chirps “...”"
            return
    kind = "fragment" if words <= 8 else "inline"
    quotes.append(Quote(text, a, b, who, kind, doc.line_of(a), bi, via))


def _previous_sentence_speaker(att: Attributor, sa: int, bi: int) -> tuple[str | None, str]:
    """A sentence that is only a quotation, after one in the same paragraph saying who
    speaks ("Lower said the season asked more of her. “I spent three weeks ...”")."""
    doc = att.doc
    si = doc.sentence_at(sa)
    if si is None or si == 0 or doc.sentences[si - 1].block != bi:
        return None, ""
    s = doc.sentences[si - 1]
    if doc.quoted_in(s.start, s.end):
        return None, ""
    named = {m.who for m in att.mentions_outside_quotes(s.start, s.end) if m.kind in PEOPLE}
    if len(named) > 1:
        return None, "previous sentence names several people"  # "Stiller said Lower ..."
    who, via, _ = att.speaker(s.start, s.end)
    if who is None and not via:
        subject = att.subject(s.start, s.end)  # "The X star then paused. “...”"
        if subject is not None:
            return subject.who, f"previous sentence is about {subject.text}"
    return (who, "previous sentence: " + via) if who else (None, "")


def _previous_paragraph_speaker(att: Attributor, prev: int) -> tuple[str | None, str]:
    """A paragraph that opens with an unattributed quotation: the previous paragraph's
    last sentence, when it has someone speak ("Stiller remembered the first day.")."""
    doc = att.doc
    sents = doc.sentences_of(prev)
    if not sents:
        return None, ""
    s = doc.sentences[sents[-1]]
    if doc.quoted_in(s.start, s.end):
        return None, ""
    who, via, _ = att.speaker(s.start, s.end)
    if who:
        return who, "previous paragraph: " + via
    return None, ""
