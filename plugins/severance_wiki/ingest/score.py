"""Score the extraction against labelled articles: precision and recall per field.

A labels file ``NAME.labels.yaml`` sits next to its article ``NAME.md`` (or names it with
``article:``) and lists what a careful reader finds: ``people`` and ``characters`` (page
titles), ``episodes`` (keys), ``quotes`` (each a distinctive ``contains`` substring and the
``speaker``'s full name, null when the article leaves it unclear), ``unknown_names``,
``non_quotes`` (quoted spans that are not a person speaking: titles, the show's dialogue,
scare quotes) and ``facts`` (each ``contains``: 2-8 verbatim words, the essential core of
the fact, and ``about``: a description).

Facts: a trivia item (draft) matches a labelled fact when its evidence text, normalised
(casefold, whitespace collapsed, typographic quotes, apostrophes and dashes made ASCII),
contains the normalised ``contains`` snippet. Recall is the share of labelled facts matched
by at least one item; precision the share of items that match some labelled fact.

Quote speakers are scored as (quote, speaker) pairs: a predicted quote that matches no
labelled quote, or matches one with another speaker, is a false positive; a labelled
quote not found with its speaker is a false negative. A predicted quote holding several
labelled snippets (two labels in one long Q&A answer) is scored once for each of them.
"Unattributed" is a speaker value, so keeping an unclear quote unattributed counts as
right and guessing counts as wrong.
A ``non_quotes`` span the tool gives a speaker counts as a wrong speaker (a false
positive); left unattributed, or left out of the quotes, it counts for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIELDS = ("people", "characters", "episodes", "speakers", "facts", "unknown_names")

_ASCII = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
                        "—": "-", "–": "-", "‐": "-", "‑": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Casefolded, whitespace collapsed, typographic quotes and dashes made ASCII."""
    return " ".join(text.translate(_ASCII).casefold().split())


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    items: int = 0  # facts: the number of items proposed (tp counts labelled facts)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.items += other.items
        self.misses += other.misses

    @property
    def precision(self) -> float:
        if self.items:  # facts: the share of items that match a labelled fact
            return (self.items - self.fp) / self.items
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _sets(predicted: set[str], expected: set[str]) -> Tally:
    t = Tally(len(predicted & expected), len(predicted - expected), len(expected - predicted))
    t.misses = [f"+{x}" for x in sorted(predicted - expected)] + [
        f"-{x}" for x in sorted(expected - predicted)]
    return t


def score(data: dict[str, Any], labels: dict[str, Any]) -> dict[str, Tally]:
    """Compare one article's ``--dry-run --json`` output with its labels."""
    out = {
        "people": _sets({p["name"] for p in data["people"]}, set(labels.get("people", []))),
        "characters": _sets({c["name"] for c in data["characters"]},
                            set(labels.get("characters", []))),
        "episodes": _sets({e["key"] for e in data["episodes"]}, set(labels.get("episodes", []))),
        "unknown_names": _sets(set(data["unknown_names"]), set(labels.get("unknown_names", []))),
    }
    t = Tally()
    wanted = list(labels.get("quotes", []) or [])
    non_quotes = [normalise(n) for n in labels.get("non_quotes", []) or []]
    matched: set[int] = set()
    for q in data["quotes"]:
        text = normalise(q["text"])
        hit = next((i for i, w in enumerate(wanted)
                    if i not in matched and normalise(w["contains"]) in text), None)
        if hit is None and any(n in text or text in n for n in non_quotes):
            if q["speaker"] is not None:
                t.fp += 1
                t.misses.append(f"+non-quote {q['text'][:40]!r} given to {q['speaker']}")
            continue
        if hit is None:
            t.fp += 1
            t.misses.append(f"+quote {q['text'][:40]!r} ({q['speaker']})")
            continue
        # A long answer holds every labelled snippet of it: each is found (or missed) with it.
        hits = [hit] + [i for i, w in enumerate(wanted) if i != hit and i not in matched
                        and len(w["contains"].split()) >= 4
                        and normalise(w["contains"]) in text]
        for i in hits:
            matched.add(i)
            if q["speaker"] == wanted[i].get("speaker"):
                t.tp += 1
            else:
                t.fp += 1
                t.fn += 1
                t.misses.append(f"~quote {wanted[i]['contains']!r}: got {q['speaker']}, "
                                f"want {wanted[i].get('speaker')}")
    for i, w in enumerate(wanted):
        if i not in matched:
            t.fn += 1
            t.misses.append(f"-quote {w['contains']!r} ({w.get('speaker')})")
    out["speakers"] = t
    out["facts"] = score_facts(data.get("trivia", []), labels.get("facts", []) or [])
    return out


def score_facts(trivia: list[dict[str, Any]], facts: list[dict[str, Any]]) -> Tally:
    """tp: labelled facts matched; fn: labelled facts no item matches; fp: items that
    match no labelled fact (so precision counts items, recall counts facts)."""
    t = Tally()
    wanted = [normalise(f["contains"]) for f in facts]
    texts = [normalise(" ".join([str(x.get("evidence") or "")] + [
        str(q.get("text") or "") for q in x.get("quotes", [])])) for x in trivia]
    for i, w in enumerate(wanted):
        if any(w in text for text in texts):
            t.tp += 1
        else:
            t.fn += 1
            t.misses.append(f"-fact {facts[i]['contains']!r}")
    for x, text in zip(trivia, texts, strict=True):
        if not any(w in text for w in wanted):
            t.fp += 1
            t.misses.append(f"+fact {x.get('title')!r}")
    t.items = len(trivia)
    return t


def labelled_articles(folder: Path) -> list[tuple[Path, Path]]:
    """(article, labels) pairs found in ``folder``."""
    pairs = []
    for labels in sorted(folder.glob("*.labels.yaml")):
        data = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
        article = (labels.parent / data["article"]) if data.get("article") else (
            labels.with_name(labels.name.removesuffix(".labels.yaml") + ".md"))
        pairs.append((article.resolve(), labels))
    return pairs


def load_labels(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}
