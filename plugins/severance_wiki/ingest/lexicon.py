"""What to look for in an article, built from the wiki's own pages.

Everything comes from the registry (titles, aliases, episode keys, reveal names) and the
person and character pages (``roles``, ``plays``, ``known_for``, ``played_by``), so a
person added to the wiki is found in the next article without touching this code.
Derived forms: surnames (the last word of a person's name, when no other page claims it)
and first names (only for people the article has already named in full).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Character, Episode, Person
from ..registry import Registry

# Role words articles use, mapped to the ``roles`` values of person pages.
ROLE_WORDS: dict[str, str] = {
    "director": "director", "filmmaker": "director", "helmer": "director",
    "executive producer": "executive producer", "exec producer": "executive producer",
    "EP": "executive producer", "producer": "executive producer",
    "creator": "creator", "showrunner": "creator", "show creator": "creator",
    "writer": "writer", "screenwriter": "writer",
    "cinematographer": "cinematographer", "director of photography": "cinematographer",
    "DP": "cinematographer",
    "actor": "actor", "actress": "actor", "star": "actor", "co-star": "actor",
    "lead": "actor", "leading man": "actor", "leading lady": "actor",
}
# Nouns that follow a credit or a character in an epithet ("the Party Down actor").
EPITHET_NOUNS = ("star", "actor", "actress", "alum", "alumnus", "alumna", "veteran", "icon",
                 "lead", "co-star", "comedian", "performer", "director", "filmmaker",
                 "helmer", "creator", "writer", "producer", "legend", "guy", "showrunner")
_DET = r"(?:[Tt]he|[Tt]his|[Tt]hat|[Oo]ur|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)"
_MODS = (r"(?:(?:show['’]s|series['’]|Severance['’]s|Severance|former|veteran|beloved|acclaimed|"
         r"legendary|famed|famous|prolific|[A-Z][\w-]*-winning|[A-Z][\w-]*-nominated)\s+)*")
# An appositive opening with a company's possessive: "Delia Marchetti, Apple TV+’s head of
# scripted programming, said".
POSSESSIVE_ASIDE = r"[A-Z][\w+&.’'-]*(?:\s+[A-Z][\w+&.’'-]*){0,3}[’']s\s"
SPEECH_VERBS = (
    "said|says|say|saying|told|tells|tell|telling|explained|explains|explaining|added|adds|"
    "noted|notes|noting|joked|jokes|joking|recalled|recalls|recalling|continued|continues|"
    "shared|shares|admitted|admits|revealed|reveals|described|describes|remarked|remarks|"
    "replied|replies|answered|answers|insisted|insists|laughed|laughs|corrected|corrects|"
    "spoke|speaks|went on|goes on|put it|puts it|stated|states|teased|teases|confirmed|"
    "confirms|mentioned|mentions|pointed out|points out|acknowledged|acknowledges|offered|"
    "quipped|quips|wrote|writes|recounted|recounts|elaborated|elaborates|described|"
    "remembered|remembers|observed|observes|declared|declares|argued|argues|asked|asks|"
    "called|calls|snapped|snaps|shouted|shouts|yelled|yells|whispered|whispers|"
    "posted|posts|tweeted|tweets|captioned|muttered|mutters|pleaded|pleads|estimated|"
    "estimates|reflected|reflects|reflecting|recalled|emphasized|emphasised|stressed|"
    "stresses|agreed|agrees|concluded|suggested|suggests|claimed|claims|raved|gushed|"
    "marveled|marvelled|boasted|hinted|cautioned|warned|promised|conceded|reasoned|"
    "adding|explaining|joking|noting|laughing|writing|quipping|describing|"
    "according to|in (?:his|her|their) words|told reporters|said in a statement"
)


def title_key(text: str) -> str:
    """How a title is looked up: casefolded, typographic apostrophes and quotes made plain
    ("Woe’s Hollow" is "Woe's Hollow")."""
    return text.translate(_PLAIN).casefold()


_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass
class Form:
    """A way of naming an entity. ``people`` are candidate titles when it is an epithet."""

    kind: str  # "person", "character"
    titles: tuple[str, ...]
    via: str  # "name", "alias", "surname", "reveal", "credit", "played", "role"
    reveal: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # "person", "character", "episode"
    candidates: tuple[str, ...]
    via: str
    reveal: str | None = None
    who: str | None = None  # the one candidate meant, once the document resolved it

    @property
    def title(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@dataclass
class Lexicon:
    forms: dict[str, Form] = field(default_factory=dict)
    credits: dict[str, tuple[str, ...]] = field(default_factory=dict)  # credit -> people
    played: dict[str, tuple[str, ...]] = field(default_factory=dict)  # character form -> people
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> people
    episodes: dict[str, str] = field(default_factory=dict)  # key -> title
    episode_titles: dict[str, str] = field(default_factory=dict)  # casefolded title -> key
    season_ends: dict[int, str] = field(default_factory=dict)  # season -> last key
    reveal_names: dict[str, str] = field(default_factory=dict)  # reveal name -> episode
    person_titles: set[str] = field(default_factory=set)
    character_titles: set[str] = field(default_factory=set)
    _name_re: re.Pattern[str] | None = None
    _epithet_re: re.Pattern[str] | None = None
    _role_re: re.Pattern[str] | None = None
    _bare: dict[str, str] = field(default_factory=dict)  # "Deer Hunter" -> "The Deer Hunter"

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def from_registry(cls, registry: Registry) -> Lexicon:
        lex = cls()
        claimed: dict[str, set[tuple[str, str]]] = defaultdict(set)
        credits: dict[str, set[str]] = defaultdict(set)
        played: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, set[str]] = defaultdict(set)
        for entry in registry.entries.values():
            page = entry.page
            if isinstance(page, Person):
                lex.person_titles.add(page.name)
                for form in (page.name, *page.aliases):
                    claimed[form].add(("person", page.name))
                for credit in page.known_for:
                    credits[credit].add(page.name)
                for role in page.roles:
                    roles[role.casefold()].add(page.name)
                for ch in page.plays:
                    played[ch].add(page.name)
            elif isinstance(page, Character):
                lex.character_titles.add(page.name)
                for form in (page.name, *page.aliases):
                    claimed[form].add(("character", page.name))
                for person in page.played_by:
                    played[page.name].add(person)
                for rev in page.reveals:
                    lex.reveal_names[rev.name] = rev.episode
            elif isinstance(page, Episode):
                lex.episodes[page.key] = page.title
                lex.episode_titles[title_key(page.title)] = page.key
                lex.season_ends[page.season] = max(
                    lex.season_ends.get(page.season, page.key), page.key,
                    key=lambda k: int(k.split("E")[1]))
        for form, owners in claimed.items():
            if len(owners) == 1:
                kind, title = next(iter(owners))
                lex.forms[form] = Form(kind, (title,), "name" if form == title else "alias")
        # Reveal names find their character, flagged so pages can keep them hidden.
        for entry in registry.entries.values():
            if isinstance(entry.page, Character):
                for rev in entry.page.reveals:
                    lex.forms.setdefault(rev.name, Form("character", (entry.page.name,),
                                                        "reveal", rev.episode))
        # A reveal name's first name alone ("Gemma") when nothing else claims it.
        firsts: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for entry in registry.entries.values():
            if isinstance(entry.page, Character):
                for rev in entry.page.reveals:
                    words = rev.name.split()
                    if len(words) >= 2 and len(words[0]) >= 4:
                        firsts[words[0]].add((entry.page.name, rev.episode))
        taken_firsts = {t.split()[0] for t in (*lex.person_titles, *lex.character_titles)}
        for first, owners in firsts.items():
            if len(owners) == 1 and first not in lex.forms and first not in taken_firsts:
                title, episode = next(iter(owners))
                lex.forms[first] = Form("character", (title,), "reveal", episode)
        # Surnames: the last word of a person's or character's name, when unclaimed.
        surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for kind, titles in (("person", lex.person_titles), ("character", lex.character_titles)):
            for title in titles:
                words = title.split()
                if len(words) >= 2 and len(words[-1]) > 2 and words[-1][0].isupper():
                    surnames[words[-1]].add((kind, title))
        for surname, owners in surnames.items():
            if len(owners) == 1 and surname not in lex.forms:
                kind, title = next(iter(owners))
                lex.forms[surname] = Form(kind, (title,), "surname")
        # Characters' forms lead to the people who play them ("the Mark actor").
        for entry in registry.entries.values():
            if isinstance(entry.page, Character):
                people = played.get(entry.page.name, set())
                for form in (entry.page.name, *entry.page.aliases):
                    if people:
                        lex.played[form] = tuple(sorted(people))
        lex.credits = {c: tuple(sorted(p)) for c, p in credits.items()}
        lex.roles = {r: tuple(sorted(p)) for r, p in roles.items()}
        lex._compile()
        return lex

    def _compile(self) -> None:
        def alt(items: list[str]) -> str:
            return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

        names = alt(list(self.forms))
        self._name_re = re.compile(rf"(?<![\w’'-])(?:{names})(?![\w-])") if names else None
        # "The Deer Hunter legend": a credit that opens with "The" follows the determiner
        # without its own "The" ("the Big Lebowski star").
        self._bare = {c[4:]: c for c in self.credits if c.startswith("The ") and len(c) > 8}
        subjects = alt([*self.credits, *self.played, *self._bare])
        nouns = alt(list(EPITHET_NOUNS))
        self._epithet_re = re.compile(
            rf"\b{_DET}\s+{_MODS}(?P<what>{subjects})\s+(?P<noun>{nouns})s?\b"
        ) if subjects else None
        role_words = alt(list(ROLE_WORDS))
        self._role_re = re.compile(
            rf"\b{_DET}\s+{_MODS}(?P<role>{role_words})(?![\w-])"
            rf"(?:\s+(?:of|on|behind)\s+(?:the\s+)?(?:show|series|Severance))?"
        )

    # -- finding ----------------------------------------------------------------------------

    def find(self, text: str, known_people: set[str] | None = None,
             lower_words: set[str] | None = None) -> list[Mention]:
        """People and characters named in ``text`` (longest match wins; no overlaps)."""
        found: list[Mention] = []
        if self._epithet_re:
            for m in self._epithet_re.finditer(text):
                what = self._bare.get(m.group("what"), m.group("what"))
                people = self.credits.get(what) or self.played.get(what) or ()
                if people:
                    via = "credit" if what in self.credits else "played"
                    found.append(Mention(m.start(), m.end(), m.group(0), "person",
                                         tuple(people), via))
        if self._role_re:
            for m in self._role_re.finditer(text):
                role = ROLE_WORDS[m.group("role")] if m.group("role") in ROLE_WORDS else \
                    ROLE_WORDS.get(m.group("role").lower(), "")
                people = self.roles.get(role, ())
                if people:
                    found.append(Mention(m.start(), m.end(), m.group(0), "person",
                                         tuple(people), "role"))
        if self._name_re:
            for m in self._name_re.finditer(text):
                form = self.forms[m.group(0)]
                if form.via == "surname" and lower_words and m.group(0).lower() in lower_words \
                        and _at_sentence_start(text, m.start()):
                    continue  # "Lower" opening a sentence, while "lower" is used as a word
                found.append(Mention(m.start(), m.end(), m.group(0), form.kind, form.titles,
                                     form.via, form.reveal))
        if known_people:
            found += self.first_names(text, known_people)
        return _longest(found)

    def first_names(self, text: str, known_people: set[str]) -> list[Mention]:
        """First names of people the article names in full ("Ben" once "Ben Stiller" is
        named), when no other of them shares it and no page claims it."""
        found: list[Mention] = []
        firsts: dict[str, set[str]] = defaultdict(set)
        for person in known_people:
            firsts[person.split()[0]].add(person)
        for first, owners in firsts.items():
            if len(owners) != 1 or first in self.forms:
                continue
            for m in re.finditer(rf"(?<![\w’'-]){re.escape(first)}(?![\w-])", text):
                found.append(Mention(m.start(), m.end(), first, "person",
                                     (next(iter(owners)),), "first"))
        return found

    @staticmethod
    def longest(found: list[Mention]) -> list[Mention]:
        return _longest(found)


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" “\"‘(")
    return not before or before[-1] in ".!?:"


def _longest(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
