"""Quotes and who said them.

Four forms: block quotes (a paragraph introduced by a lead-in ending in a colon, or a
Markdown ``>`` quote), Q&A answers (``NAME: answer``), inline quotations and short quoted
fragments ("bolt arm") in the running text. Speakers are found by name, surname, first
name, epithet (credit, character played, role) or a pronoun next to a speech verb. A
quote whose speaker is unclear is kept with ``speaker = None``; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Block, sentence_spans
from .lexicon import SPEECH_VERBS, Lexicon, Mention

_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_PRONOUN_VERB = re.compile(
    rf"\b(?:he|she|they)\b(?:\s+\w+){{0,3}}?\s+(?:{SPEECH_VERBS})\b|\b(?:{SPEECH_VERBS})\s+"
    r"(?:he|she|they)\b", re.IGNORECASE)
_INLINE = re.compile(r"“(?P<a>[^“”]+)”|\"(?P<b>[^\"]+)\"")
QUESTION_LABELS = {"q", "question", "interviewer", "int", "me", "host", "moderator", "co-host"}
_ROLE_GAP = re.compile(r"\s{0,2}|\s+(?:(?:the\s+)?(?:executive producer|producer|director|"
                       r"creator|star|actor|actress|co-star|showrunner|writer|"
                       r"cinematographer|series creator)\s+)")


@dataclass
class Quote:
    text: str
    speaker: str | None
    kind: str  # "block", "qa", "inline", "fragment"
    line: int
    block: int  # index of the paragraph it is in
    via: str = ""  # how the speaker was found, for review
    label: str | None = None  # the NAME of a Q&A answer


@dataclass
class Found:
    quotes: list[Quote] = field(default_factory=list)
    unknown_labels: list[str] = field(default_factory=list)
    block_speakers: dict[int, str | None] = field(default_factory=dict)  # quote paragraphs
    question_blocks: set[int] = field(default_factory=set)


def quote_spans(text: str) -> list[tuple[int, int, str]]:
    """Double-quoted passages as (start, end, inner text)."""
    return [(m.start(), m.end(), m.group("a") or m.group("b") or "")
            for m in _INLINE.finditer(text)]


def clean_quote(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(",;:")
    if len(text.split()) <= 8:
        text = text.rstrip(".")
    return text.strip()


# Verbs whose subject may follow them ("said Stiller"); after the others ("called Devon",
# "told Scott") the next name is an object, never the speaker.
_AFTER_VERBS_TEXT = (
    "said says added adds explained explains continued continues recalled recalls noted notes "
    "joked jokes laughed laughs insisted insists asked asks wrote writes quipped quips replied "
    "replies answered answers admitted admits remembered remembers confirmed confirms teased "
    "teases offered offers")
_AFTER_VERBS = frozenset(_AFTER_VERBS_TEXT.split())


class Attributor:
    """Resolves who a mention or a pronoun means, with the article as context."""

    def __init__(self, lex: Lexicon, article_people: set[str]):
        self.lex = lex
        self.article_people = article_people
        self.history: list[list[str]] = []  # who each sentence so far names, in order

    def resolve(self, m: Mention) -> str | None:
        if len(m.candidates) == 1:
            return m.candidates[0]
        narrowed = [c for c in m.candidates if c in self.article_people]
        if len(narrowed) == 1:
            return narrowed[0]
        # "the actor said": the one of them the text was just talking about, if only one.
        return self.recent(narrowed or list(m.candidates))

    def recent(self, candidates: list[str]) -> str | None:
        for names in reversed(self.history):
            hit = {n for n in names if n in candidates}
            if hit:
                return hit.pop() if len(hit) == 1 else None
        return None

    def all_mentions(self, text: str) -> list[tuple[Mention, str | None]]:
        return [(m, self.resolve(m)) for m in self.lex.find(text, self.article_people)]

    def mentions(self, text: str) -> list[tuple[Mention, str]]:
        return [(m, who) for m, who in self.all_mentions(text) if who is not None]

    def remember(self, names: list[str]) -> None:
        if names:
            self.history.append(names)

    def last_person(self) -> str | None:
        """The subject of the latest sentence that names someone (its first name)."""
        return self.history[-1][0] if self.history else None

    def speaker_in_sentence(self, sentence: str, quote_at: int | None = None) -> tuple[
            str | None, str]:
        """The speaker named in one sentence (quoted parts blanked), and how it was found."""
        blank = _blank_quotes(sentence)
        every = self.all_mentions(blank)
        found = [(m, who) for m, who in every if who is not None]
        people = [(m, who) for m, who in found if m.kind == "person"]
        verbs = list(_VERB.finditer(blank))
        if verbs:
            # Each speech verb's subject: a name just before it, or just after ("said Stiller").
            pairs: list[tuple[int, str | None, Mention]] = []
            for v in verbs:
                before = [(m, w) for m, w in every if m.end <= v.start()
                          and v.start() - m.end <= 45
                          and not re.search(r"[.;]|\band\b", blank[m.end:v.start()])]
                after = [(m, w) for m, w in every if m.start >= v.end()
                         and v.group(0).lower() in _AFTER_VERBS
                         and _ROLE_GAP.fullmatch(blank[v.end():m.start])]
                # A person wins over a character named in between ("X, who plays Y, said").
                before_people = [p for p in before if p[0].kind == "person"]
                pick = (before_people[-1] if before_people else before[-1]) if before else (
                    after[0] if after else None)
                if pick:
                    dist = abs(v.start() - quote_at) if quote_at is not None else 0
                    pairs.append((dist, pick[1], pick[0]))
            if pairs:
                pairs.sort(key=lambda p: p[0])
                people_pairs = [p for p in pairs if p[2].kind == "person"]
                best = people_pairs[0] if people_pairs else pairs[0]
                if best[1] is None:
                    return None, f"ambiguous: {best[2].text}"
                return best[1], f"{best[2].text} ({best[2].via})"
        distinct = {who for _, who in people}
        if len(distinct) == 1 and (verbs or quote_at is None):
            m, who = people[0]
            return who, f"{m.text} ({m.via})"
        if len(distinct) > 1:
            return None, "ambiguous: " + ", ".join(sorted(distinct))
        pron = _PRONOUN_VERB.search(blank)
        if pron:
            earlier = [who for m, who in found if m.end <= pron.start()]
            if earlier:
                return earlier[0], "pronoun (same sentence)"
            if self.last_person():
                return self.last_person(), "pronoun"
        return None, ""


def _blank_quotes(text: str) -> str:
    """Replace quoted passages by spaces (positions kept) so names inside do not count."""
    out = text
    for a, b, _ in quote_spans(text):
        out = out[:a] + " " * (b - a) + out[b:]
    return out


def _is_question_label(label: str, outlet: str, author: str | None) -> bool:
    low = label.casefold().rstrip(".")
    return low in QUESTION_LABELS or low == outlet.casefold() or (
        author is not None and low in {author.casefold(), author.split()[-1].casefold()})


def _label_ok(label: str) -> bool:
    words = label.replace(".", ". ").split()
    return bool(words) and all(w[:1].isupper() for w in words)


def find_quotes(blocks: list[Block], lex: Lexicon, article_people: set[str], outlet: str,
                author: str | None) -> Found:
    att = Attributor(lex, article_people)
    found = Found()
    prev_para: int | None = None
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "warning"):
            prev_para = None
            continue
        # Q&A ---------------------------------------------------------------------------
        if block.qa_label and _label_ok(block.qa_label) and block.qa_text:
            label = block.qa_label
            if _is_question_label(label, outlet, author):
                found.question_blocks.add(i)
                prev_para = i
                continue
            hits = [m for form in dict.fromkeys((label, label.title()))
                    for m in lex.find(form, article_people)
                    if m.start == 0 and m.end == len(label)]
            who = att.resolve(hits[0]) if hits and hits[0].kind == "person" else None
            if who or len(label.split()) >= 2 or label in lex.forms:
                if who is None and label not in found.unknown_labels:
                    found.unknown_labels.append(label)
                found.quotes.append(Quote(clean_quote(block.qa_text), who, "qa", block.line, i,
                                          f"label {label}", label))
                found.block_speakers[i] = who
                if who:
                    att.remember([who])
                prev_para = i
                continue
        # Block quote -------------------------------------------------------------------
        lead = blocks[prev_para] if prev_para is not None else None
        is_block = block.kind == "blockquote" or (
            lead is not None and prev_para not in found.block_speakers
            and lead.text.rstrip().rstrip("*").endswith(":") and block.qa_label is None)
        if is_block:
            who, via = (None, "no lead-in")
            if lead is not None and prev_para not in found.block_speakers:
                who, via = lead_in_speaker(lead.text, att)
            found.quotes.append(Quote(clean_quote(block.text.strip("“”\"")), who, "block",
                                      block.line, i, via))
            found.block_speakers[i] = who
            prev_para = i
            continue
        # Running text: inline quotes and fragments --------------------------------------
        _inline(block, i, att, lex, found)
        prev_para = i
    return found


def lead_in_speaker(text: str, att: Attributor) -> tuple[str | None, str]:
    """Who a colon lead-in introduces: from its last sentence backwards."""
    spans = sentence_spans(text)
    for a, b in reversed(spans):
        who, via = att.speaker_in_sentence(text[a:b])
        if who or via.startswith("ambiguous"):
            return who, "lead-in: " + via
    return None, "lead-in names no speaker"


def _inline(block: Block, index: int, att: Attributor, lex: Lexicon, found: Found) -> None:
    text = block.text
    previous_speaker: str | None = None
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        quotes = quote_spans(sentence)
        for qa, _qb, inner in quotes:
            inner_clean = clean_quote(inner)
            if not inner_clean or _is_title(inner_clean, lex):
                continue
            who, via = att.speaker_in_sentence(sentence, qa)
            rest = _blank_quotes(sentence).strip(" ,.;:!?—-")
            if who is None and previous_speaker and len(rest) < 3:
                who, via = previous_speaker, "continues the previous quote"
            kind = "fragment" if len(inner_clean.split()) <= 8 else "inline"
            found.quotes.append(Quote(inner_clean, who, kind, block.line, index, via))
            previous_speaker = who or previous_speaker
        blank = _blank_quotes(sentence)
        att.remember([who for _m, who in att.mentions(blank)])  # for "he said" later


def _is_title(text: str, lex: Lexicon) -> bool:
    t = text.strip(" ,.").casefold()
    return t in lex.episode_titles or any(t == c.casefold() for c in lex.credits)
