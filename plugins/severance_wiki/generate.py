"""Episode, person and character pages from the backbone facts seed.

The pages' words are written here from facts (credits, dates, who plays whom); nothing is
copied from anywhere. Output goes through :mod:`managed`, so a re-run changes nothing and
text a person added survives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify
from pydantic import BaseModel, ConfigDict, ValidationError

from . import managed
from .errors import Problem, WikiError

BY = "scripts/generate.py"
ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth", "eleventh", "twelfth"]


# --- the facts file's own schema -----------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactEpisode(_Strict):
    number: int
    title: str
    directed_by: list[str]
    written_by: list[str]
    released: dt.date
    released_alt: dt.date | None = None
    runtime_min: int | None = None


class FactSeason(_Strict):
    number: int
    year: int
    episodes: list[FactEpisode]


class FactReveal(_Strict):
    name: str
    episode: str


class FactCast(_Strict):
    actor: str
    character: str
    aliases: list[str] = []
    reveals: list[FactReveal] = []


class FactCrew(_Strict):
    name: str
    roles: list[str]


class Facts(_Strict):
    series: dict[str, Any]
    seasons: list[FactSeason]
    cast: list[FactCast]
    cast_season_2: list[FactCast] = []
    crew: list[FactCrew] = []
    known_for: dict[str, list[str]] = {}


def load_facts(path: Path) -> Facts:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise WikiError(Problem(str(path), line, f"invalid YAML: {exc.problem}",
                                "fix the YAML syntax")) from None
    except OSError as exc:
        raise WikiError(Problem(str(path), None, f"cannot read facts: {exc.strerror}",
                                "pass the path of seeds/severance.yaml")) from None
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise WikiError(Problem(str(path), None, f"{where}: {err['msg']}",
                                "see the comments at the top of the facts file")) from None


# --- wording helpers -------------------------------------------------------------------------


def slug(name: str) -> str:
    return slugify(name, "-")


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def link(name: str) -> str:
    return f"[[{name}]]"


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def ordinal(n: int) -> str:
    return ORDINALS[n] if n < len(ORDINALS) else f"{n}th"


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if v not in (None, [], "")}


# --- the pages -----------------------------------------------------------------------------


@dataclass
class PageSpec:
    path: str  # relative to docs/
    meta: dict[str, Any]
    block: str


@dataclass
class PersonInfo:
    name: str
    roles: list[str] = field(default_factory=list)
    plays: list[tuple[str, str]] = field(default_factory=list)  # (character, reveal point)
    season_2_only: bool = False


def _add_role(info: PersonInfo, role: str) -> None:
    if role not in info.roles:
        info.roles.append(role)


def build_specs(facts: Facts) -> list[PageSpec]:
    specs: list[PageSpec] = []
    series = facts.series.get("title", "Severance")
    network = facts.series.get("network", "")
    people: dict[str, PersonInfo] = {}

    def person(name: str) -> PersonInfo:
        return people.setdefault(name, PersonInfo(name))

    # Episodes ------------------------------------------------------------------------------
    for season in facts.seasons:
        count = len(season.episodes)
        for ep in season.episodes:
            key = f"S{season.number}E{ep.number}"
            for name in ep.directed_by:
                _add_role(person(name), "director")
            for name in ep.written_by:
                _add_role(person(name), "writer")
            meta = _clean({
                "type": "episode",
                "title": ep.title,
                "season": season.number,
                "episode": ep.number,
                "released": ep.released,
                "released_alt": ep.released_alt,
                "directed_by": ep.directed_by,
                "written_by": ep.written_by,
                "runtime_min": ep.runtime_min,
            })
            place = (f"episode {ep.number} of {count} in the {ordinal(season.number)} season "
                     f"of *{series}*")
            if ep.number == count:
                place += ", the season finale"
            lines = [
                f"**{ep.title}** ({key}) is {place}. It was directed by "
                f"{join([link(n) for n in ep.directed_by])} and written by "
                f"{join([link(n) for n in ep.written_by])}."
            ]
            release = f"{network} released it on {long_date(ep.released)}"
            if ep.released_alt:
                release += (f" (some listings give {long_date(ep.released_alt)}: the US "
                            "evening release falls a day before the rest of the world's)")
            if ep.runtime_min:
                release += f", with a running time of {ep.runtime_min} minutes"
            lines.append(release + ".")
            same_day = [e for e in season.episodes if e.released == ep.released and e is not ep]
            if same_day:
                others = join([link(f"S{season.number}E{e.number}") for e in same_day])
                lines.append(f"It premiered on the same day as {others}.")
            specs.append(PageSpec(f"episodes/{key.lower()}.md", meta, "\n".join(lines)))

    # Characters ----------------------------------------------------------------------------
    first_season_end = f"S{facts.seasons[0].number}" if facts.seasons else "S0"
    for group, cast in (("main", facts.cast), ("season_2", facts.cast_season_2)):
        for c in cast:
            later = group == "season_2"
            # The season 2 cast list says who is in season 2 but not from which episode:
            # everything about those characters waits for the end of season 1.
            point = first_season_end if later else "S0"
            info = person(c.actor)
            _add_role(info, "actor")
            info.plays.append((c.character, point))
            info.season_2_only = info.season_2_only or later
            meta = _clean({
                "type": "character",
                "name": c.character,
                "aliases": c.aliases,
                "played_by": [c.actor],
                "reveals": [{"name": r.name, "episode": r.episode} for r in c.reveals],
                "spoilers": point if later else None,
            })
            if later:
                text = (f"**{c.character}** is a character in the second season of *{series}*, "
                        f"played by {link(c.actor)} (credited in the season 2 cast list).")
            else:
                text = (f"**{c.character}** is one of the main characters of *{series}*, "
                        f"played by {link(c.actor)} in the first season's starring cast.")
            if c.aliases:
                text += f" Also called {join(c.aliases)}."
            lines = [text]
            for r in c.reveals:
                lines.append(
                    f'\n??? spoiler "{r.episode}"\n    {c.character} is revealed to be '
                    f"**{r.name}**; the reveal comes in {link(r.episode)}."
                )
            specs.append(PageSpec(f"characters/{slug(c.character)}.md", meta, "\n".join(lines)))

    # Crew and people -----------------------------------------------------------------------
    for crew in facts.crew:
        for role in crew.roles:
            _add_role(person(crew.name), role)
    creator = facts.series.get("created_by")
    if creator:
        _add_role(person(creator), "creator")

    for info in people.values():
        known = facts.known_for.get(info.name, [])
        meta = _clean({
            "type": "person",
            "name": info.name,
            "roles": info.roles,
            "plays": [c for c, _ in info.plays],
            "known_for": known,
        })
        roles = join(info.roles)
        lines = [f"**{info.name}** works on *{series}* as {_article(roles)}{roles}."]
        safe = [link(c) for c, p in info.plays if p == "S0"]
        if safe:
            lines.append(f"On screen: {join(safe)}.")
        for character, point in info.plays:
            if point == "S0":
                continue
            lines.append(f"In the second season: ||{point}: plays {link(character)}||.")
        if known:
            lines.append(f"Outside *{series}*, known for {join([f'*{k}*' for k in known])}.")
        specs.append(PageSpec(f"people/{slug(info.name)}.md", meta, " ".join(lines)))
    return specs


def _article(words: str) -> str:
    return "an " if words[:1].lower() in "aeiou" else "a "


def generate(facts_path: Path, docs_dir: Path, *, check: bool = False, force: bool = False,
             shown_root: str = "docs/") -> tuple[list[managed.Outcome], bool]:
    """Write (or, with ``check``, only compare) every page. Returns outcomes and staleness."""
    facts = load_facts(facts_path)
    outcomes: list[managed.Outcome] = []
    stale = False
    for spec in build_specs(facts):
        path = docs_dir / spec.path
        text, outcome = managed.plan(path, spec.meta, spec.block, BY,
                                     shown_root + spec.path, force=force)
        if text is not None:
            stale = True
            if not check:
                managed.write_atomic(path, text)
        outcomes.append(outcome)
    return outcomes, stale
