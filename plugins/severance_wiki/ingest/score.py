"""Score the extraction against labelled articles: precision and recall per field.

A labels file ``NAME.labels.yaml`` sits next to its article ``NAME.md`` (or names it with
``article:``) and lists what a careful reader finds: ``people`` and ``characters`` (page
titles), ``episodes`` (keys), ``quotes`` (each a distinctive ``contains`` substring and the
``speaker``'s full name, null when the article leaves it unclear) and ``unknown_names``.

Quote speakers are scored as (quote, speaker) pairs: a predicted quote that matches no
labelled quote, or matches one with another speaker, is a false positive; a labelled
quote not found with its speaker is a false negative. "Unattributed" is a speaker value,
so keeping an unclear quote unattributed counts as right and guessing counts as wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIELDS = ("people", "characters", "episodes", "speakers", "unknown_names")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses

    @property
    def precision(self) -> float:
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
    wanted = list(labels.get("quotes", []))
    matched: set[int] = set()
    for q in data["quotes"]:
        text = q["text"].casefold()
        hit = next((i for i, w in enumerate(wanted)
                    if i not in matched and w["contains"].casefold() in text), None)
        if hit is None:
            t.fp += 1
            t.misses.append(f"+quote {q['text'][:40]!r} ({q['speaker']})")
            continue
        matched.add(hit)
        if q["speaker"] == wanted[hit].get("speaker"):
            t.tp += 1
        else:
            t.fp += 1
            t.fn += 1
            t.misses.append(f"~quote {wanted[hit]['contains']!r}: got {q['speaker']}, "
                            f"want {wanted[hit].get('speaker')}")
    for i, w in enumerate(wanted):
        if i not in matched:
            t.fn += 1
            t.misses.append(f"-quote {w['contains']!r} ({w.get('speaker')})")
    out["speakers"] = t
    return out


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
