"""Synthetic wikis in our content model, at any size, from a fixed random seed.

A synthetic wiki has the real timeline's 19 episode keys (S1E1-S1E9, S2E1-S2E10) with
made-up titles, and made-up people, characters, source pages and trivia pages in the
proportions a grown fan wiki has (most pages are trivia). Every name, title and sentence is
invented from small word lists: the pages make no claims about the show. Trivia bodies carry
wikilinks, inline spoilers (``||S1E9: ...||`` and ``||...||``), block spoilers
(``!!! spoiler "S1E9"``), block quotes with their speaker and source, and front matter that
references people, characters, episodes and sources by name.

The same wiki can be written in several link styles, so a benchmark compares like with like:

- ``wiki``: ``[[Title]]`` / ``[[Title|label]]``, resolved by our plugin;
- ``markdown``: plain relative Markdown links (the baseline, our plugin off);
- ``ezlinks`` / ``roamlinks``: ``[[file-stem|label]]``, what those peer plugins resolve.

Nothing here imports MkDocs: :func:`make_wiki` returns ``{path: text}`` and
:func:`write_wiki` writes it with a ``mkdocs.yml`` that inherits the project's real one.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SEED = 1729
ROOT = Path(__file__).resolve().parent.parent
REAL_CONFIG = ROOT / "mkdocs.yml"
REAL_DOCS = ROOT / "docs"

# The real timeline: season 1 has 9 episodes, season 2 has 10.
SEASONS = {1: 9, 2: 10}
EPISODE_KEYS = [f"S{s}E{e}" for s, n in SEASONS.items() for e in range(1, n + 1)]

LINK_STYLES = ("wiki", "markdown", "ezlinks", "roamlinks")

_SYLLABLES = [
    "al", "ber", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lin", "mar",
    "nor", "os", "pel", "quin", "ros", "sel", "tor", "ul", "val", "wen", "yar", "zel", "bri",
    "cas", "dor", "emi", "fal", "gil", "har", "ivo", "jas", "kor", "lam", "mer", "nil",
]
_WORD_TEXT = (
    "the a of and in on with for from about during between after before under over "
    "scene shot take set crew camera lens light office hallway elevator floor desk file "
    "number screen map goat painting music score rehearsal script page draft line actor "
    "director writer editor producer designer costume prop model wall corridor door room "
    "season episode cut frame sequence lobby stair window carpet lamp clock badge card "
    "quietly carefully slowly early later again together apart inside outside nearly "
    "built painted filmed rewrote moved lit framed timed planned tested kept changed "
    "long short narrow bright dim green white cold warm empty crowded final first second"
)
_WORDS = _WORD_TEXT.split()
_TAGS = ["filming", "casting", "music", "sets", "costumes", "writing", "editing",
         "props", "locations", "effects", "release", "marketing", "lighting", "title design"]
_ROLES = ["actor", "director", "writer", "producer", "composer", "editor", "cinematographer"]
_OUTLETS = ["The Daily Frame", "Screen Ledger", "Panel Weekly", "Night Shift Review",
            "Long Take Magazine", "Studio Notes"]
_KINDS = ["interview", "news", "recap", "review", "feature", "qa"]


@dataclass
class Ent:
    """One synthetic page before it is written: its path, its title and its links."""

    path: str  # relative to docs/
    type: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)  # paragraphs with {link:i:label} holes

    @property
    def stem(self) -> str:
        return posixpath.splitext(posixpath.basename(self.path))[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def counts(n_pages: int) -> dict[str, int]:
    """How many pages of each type a wiki of ``n_pages`` pages has (home page included)."""
    if n_pages < 40:
        raise ValueError("a synthetic wiki needs at least 40 pages")
    rest = n_pages - 1 - len(EPISODE_KEYS)
    people = max(3, round(rest * 0.08))
    characters = max(3, round(rest * 0.06))
    sources = max(2, round(rest * 0.05))
    return {"page": 1, "episode": len(EPISODE_KEYS), "person": people,
            "character": characters, "source": sources,
            "trivia": rest - people - characters - sources}


class _Builder:
    def __init__(self, n_pages: int, seed: int):
        self.rng = random.Random(seed)
        self.n = counts(n_pages)
        self.names: set[str] = set()
        self.stems: set[str] = set()
        self.ents: list[Ent] = []
        self.links: list[tuple[int, str]] = []  # (target entity index, label)
        self._zipf: dict[int, list[float]] = {}

    # -- words ------------------------------------------------------------------------------

    def _word(self) -> str:
        return self.rng.choice(_WORDS)

    def _words(self, lo: int, hi: int) -> str:
        return " ".join(self._word() for _ in range(self.rng.randint(lo, hi)))

    def _sentence(self, lo: int = 8, hi: int = 16) -> str:
        text = self._words(lo, hi)
        return text[0].upper() + text[1:] + "."

    def _name_part(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3)))

    def _unique_name(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            if name.casefold() not in self.names and _slug(name) not in self.stems:
                self.names.add(name.casefold())
                return name

    def _person_name(self) -> str:
        return self._unique_name(
            lambda: f"{self._name_part().title()} {self._name_part().title()}")

    def _popular(self, pages: list[int], k: int) -> list[int]:
        """``k`` distinct pages, the first ones far more often (Zipf: weight 1/rank).

        Real wikis have hubs: the lead characters and their actors are named by a large
        share of all trivia, so their backlink and "trivia about" lists grow with the wiki.
        """
        k = min(k, len(pages))
        weights = self._zipf.get(len(pages))
        if weights is None:
            weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(pages))))
            self._zipf[len(pages)] = weights
        chosen: list[int] = []
        while len(chosen) < k:
            pick = self.rng.choices(pages, cum_weights=weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _source_title(self, outlet: str, number: int) -> str:
        return f"{outlet} {self.rng.choice(_KINDS)} {self._name_part()} {number}"

    def _trivia_title(self, number: int) -> str:
        return f"Trivia {number}: {self._words(3, 6)}"

    def _add(self, ent: Ent) -> int:
        self.stems.add(ent.stem)
        self.ents.append(ent)
        return len(self.ents) - 1

    def _link(self, target: int, label: str | None = None) -> str:
        """A hole in a paragraph, filled in by the link style when written."""
        self.links.append((target, label or ""))
        return f"{{link:{len(self.links) - 1}}}"

    # -- pages ------------------------------------------------------------------------------

    def build(self) -> list[Ent]:
        rng = self.rng
        home = self._add(Ent("index.md", "page", "Synthetic Wiki", {"hide": ["toc"]}))
        episodes = []
        for key in EPISODE_KEYS:
            title = self._unique_name(lambda: f"The {self._name_part().title()} "
                                              f"{rng.choice(_WORDS).title()}")
            season, ep = (int(x) for x in key[1:].split("E"))
            episodes.append(self._add(Ent(
                f"episodes/{key.lower()}.md", "episode", title,
                {"season": season, "episode": ep,
                 "released": f"202{season + 1}-0{1 + ep % 9}-1{ep % 9}",
                 "runtime_min": rng.randint(40, 60)})))
        people = []
        for _ in range(self.n["person"]):
            name = self._person_name()
            people.append(self._add(Ent(
                f"people/{_slug(name)}.md", "person", name,
                {"roles": rng.sample(_ROLES, rng.randint(1, 2)),
                 "known_for": [self._words(2, 3).title() for _ in range(rng.randint(0, 3))]})))
        characters = []
        for i in range(self.n["character"]):
            name = self._person_name()
            short = f"{name.split()[0]} {name.split()[1][0]}."
            aliases = [short] if short.casefold() not in self.names else []
            self.names.update(a.casefold() for a in aliases)
            first = rng.randrange(len(EPISODE_KEYS))
            meta: dict[str, Any] = {"aliases": aliases,
                                    "first_appearance": EPISODE_KEYS[first]}
            if i % 8 == 0 and first + 1 < len(EPISODE_KEYS):  # one character in eight
                meta["reveals"] = [{"name": self._person_name(),
                                    "episode": rng.choice(EPISODE_KEYS[first + 1:])}]
            characters.append(self._add(Ent(f"characters/{_slug(name)}.md", "character",
                                            name, meta)))
        sources = []
        for i in range(self.n["source"]):
            outlet = rng.choice(_OUTLETS)
            title = self._unique_name(functools.partial(self._source_title, outlet, i + 1))
            sources.append(self._add(Ent(
                f"sources/{_slug(title)}.md", "source", title,
                {"outlet": outlet, "url": f"https://example.org/{_slug(title)}",
                 "published": f"2025-0{1 + i % 9}-1{i % 9}", "author": self._person_name(),
                 "kind": rng.choice(_KINDS)})))
        trivia = []
        for i in range(self.n["trivia"]):
            title = self._unique_name(functools.partial(self._trivia_title, i + 1))
            trivia.append(self._add(Ent(f"trivia/{_slug(title)[:60]}.md", "trivia", title)))

        self._cast(episodes, people, characters)
        for t in trivia:
            self._trivia(t, episodes, people, characters, sources)
        for e in episodes:
            self._episode(e, episodes, people)
        for p in people:
            self._person(p, characters)
        for c in characters:
            self._character(c, episodes)
        for s in sources:
            self.ents[s].body.append(self._sentence() + " " + self._sentence())
        self._home(home, episodes, people)
        return self.ents

    def _cast(self, episodes: list[int], people: list[int], characters: list[int]) -> None:
        rng = self.rng
        for c in characters:
            actor = rng.choice(people)
            self.ents[c].meta["played_by"] = [self.ents[actor].title]
            self.ents[actor].meta.setdefault("plays", []).append(self.ents[c].title)
        for e in episodes:
            crew = rng.sample(people, min(3, len(people)))
            self.ents[e].meta.update(
                directed_by=[self.ents[crew[0]].title], written_by=[self.ents[crew[1]].title],
                cast=[self.ents[p].title for p in rng.sample(people, min(5, len(people)))])

    def _paragraph(self, targets: list[int]) -> str:
        parts = [self._sentence()]
        for t in targets:
            parts.append(f"{self._words(3, 8).capitalize()} {self._link(t)} "
                         f"{self._words(4, 10)}.")
        return " ".join(parts)

    def _trivia(self, t: int, episodes: list[int], people: list[int], characters: list[int],
                sources: list[int]) -> None:
        rng = self.rng
        ent = self.ents[t]
        eps = sorted(rng.sample(range(len(episodes)), rng.randint(1, 2)))
        who = self._popular(people, rng.randint(0, 2))
        chars = self._popular(characters, rng.randint(0, 2))
        cites = rng.sample(sources, rng.randint(1, 2))
        speaker = self._popular(people, 1)[0]
        quote = self._sentence(6, 12)
        ent.meta = {
            "episodes": [EPISODE_KEYS[i] for i in eps],
            "people": [self.ents[p].title for p in who],
            "characters": [self.ents[c].title for c in chars],
            "sources": [{"source": self.ents[s].title, "quote": quote,
                         "speaker": self.ents[speaker].title} for s in cites],
            "tags": rng.sample(_TAGS, rng.randint(1, 3)),
        }
        if rng.random() < 0.2:
            ent.meta["spoilers"] = EPISODE_KEYS[rng.randint(eps[-1], len(EPISODE_KEYS) - 1)]
        mentioned = [episodes[eps[0]], *who, *chars, *self._popular(people + characters, 1)]
        ent.body.append(self._paragraph(mentioned[:3]))
        if len(mentioned) > 3:
            ent.body.append(self._paragraph(mentioned[3:]))
        later = EPISODE_KEYS[rng.randint(eps[-1], len(EPISODE_KEYS) - 1)]
        roll = rng.random()
        if roll < 0.3:
            ent.body.append(f"{self._sentence()} ||{later}: {self._words(6, 12)}|| "
                            f"{self._sentence()}")
        elif roll < 0.4:
            ent.body.append(f"{self._sentence()} ||{self._words(5, 10)}||")
        if rng.random() < 0.15:
            kind = rng.choice(["!!!", "???"])  # an admonition, or a collapsible one
            ent.body.append(f'{kind} spoiler "{later}"\n    {self._sentence()} '
                            f"{self._link(self._popular(characters, 1)[0])} "
                            f"{self._words(4, 8)}.")
        ent.body.append(f"> {quote}\n>\n> — {self._link(speaker)}, in "
                        f"{self._link(cites[0])}")

    def _episode(self, e: int, episodes: list[int], people: list[int]) -> None:
        ent = self.ents[e]
        idx = episodes.index(e)
        by = {self.ents[p].title: p for p in people}
        ent.body.append(
            f"**{ent.title}** ({EPISODE_KEYS[idx]}) is a synthetic episode, directed by "
            f"{self._link(by[ent.meta['directed_by'][0]])} and written by "
            f"{self._link(by[ent.meta['written_by'][0]])}. {self._sentence()}")
        cast = ", ".join(self._link(by[name]) for name in ent.meta["cast"])
        ent.body.append(f"Appearing: {cast}.")
        nav = []
        if idx > 0:
            nav.append(f"Previous: {self._link(episodes[idx - 1], EPISODE_KEYS[idx - 1])}.")
        if idx + 1 < len(episodes):
            nav.append(f"Next: {self._link(episodes[idx + 1], EPISODE_KEYS[idx + 1])}.")
        ent.body.append(" ".join(nav))

    def _person(self, p: int, characters: list[int]) -> None:
        ent = self.ents[p]
        by = {self.ents[c].title: c for c in characters}
        plays = [self._link(by[name]) for name in ent.meta.get("plays", [])]
        text = f"**{ent.title}** works on the synthetic show as {', '.join(ent.meta['roles'])}."
        if plays:
            text += f" On screen: {', '.join(plays)}."
        ent.body.append(text + " " + self._sentence())

    def _character(self, c: int, episodes: list[int]) -> None:
        ent = self.ents[c]
        first = EPISODE_KEYS.index(ent.meta["first_appearance"])
        actor = next(i for i, x in enumerate(self.ents)
                     if x.type == "person" and x.title == ent.meta["played_by"][0])
        ent.body.append(f"**{ent.title}** is a synthetic character played by "
                        f"{self._link(actor)}, first seen in "
                        f"{self._link(episodes[first], EPISODE_KEYS[first])}. "
                        f"{self._sentence()}")
        for rev in ent.meta.get("reveals", []):
            at = EPISODE_KEYS.index(rev["episode"])
            ent.body.append(f'??? spoiler "{rev["episode"]}"\n    {ent.title} is revealed to '
                            f"be **{rev['name']}** in "
                            f"{self._link(episodes[at], rev['episode'])}.")

    def _home(self, home: int, episodes: list[int], people: list[int]) -> None:
        ent = self.ents[home]
        ent.body.append("# Synthetic Wiki")
        ent.body.append(f"A synthetic wiki for benchmarks. Start with "
                        f"{self._link(episodes[0], EPISODE_KEYS[0])}.")
        ent.body.append("Some of the people: "
                        + ", ".join(self._link(p) for p in people[:8]) + ".")


def _front_matter(ent: Ent) -> str:
    title_field = "name" if ent.type in ("person", "character") else "title"
    data: dict[str, Any] = {"type": ent.type, title_field: ent.title}
    data.update({k: v for k, v in ent.meta.items() if v != []})
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"


def _link_text(style: str, src: Ent, dst: Ent, label: str) -> str:
    if style == "wiki":
        if label and label != dst.title:
            return f"[[{dst.title}|{label}]]"
        return f"[[{dst.title}]]"
    shown = label or dst.title
    if style == "markdown":
        rel = posixpath.relpath(dst.path, posixpath.dirname(src.path) or ".")
        return f"[{shown}]({rel})"
    if style in ("ezlinks", "roamlinks"):
        return f"[[{dst.stem}|{shown}]]"
    raise ValueError(f"unknown link style {style!r}; use one of {', '.join(LINK_STYLES)}")


def make_wiki(n_pages: int, *, seed: int = DEFAULT_SEED, style: str = "wiki") -> dict[str, str]:
    """``{path relative to docs/: Markdown text}`` of a synthetic wiki of ``n_pages`` pages."""
    if style not in LINK_STYLES:
        raise ValueError(f"unknown link style {style!r}; use one of {', '.join(LINK_STYLES)}")
    builder = _Builder(n_pages, seed)
    ents = builder.build()
    out: dict[str, str] = {}
    for ent in ents:
        body = "\n\n".join(ent.body)

        def fill(m: re.Match[str], ent: Ent = ent) -> str:
            target, label = builder.links[int(m.group(1))]
            return _link_text(style, ent, ents[target], label)

        out[ent.path] = _front_matter(ent) + "\n" + re.sub(r"\{link:(\d+)\}", fill, body) + "\n"
    return out


# --- site configuration ----------------------------------------------------------------------


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it uses (``!ENV``, ``!relative``, ``!!python/name``)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("", _any_tag)
_AnyTagLoader.add_multi_constructor("!", _any_tag)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def real_config(path: Path = REAL_CONFIG) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_AnyTagLoader)  # a SafeLoader subclass
    return data if isinstance(data, dict) else {}


def _nav_paths(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [p for v in item.values() for p in _nav_paths(v)]
    if isinstance(item, list):
        return [p for v in item for p in _nav_paths(v)]
    return []


def _filter_nav(item: Any, keep: Callable[[str], bool]) -> Any:
    """The nav with entries whose page ``keep`` rejects removed (and emptied sections)."""
    if isinstance(item, str):
        return item if keep(item) else None
    if isinstance(item, list):
        kept = [x for x in (_filter_nav(v, keep) for v in item) if x is not None]
        return kept or None
    if isinstance(item, dict):
        out = {}
        for k, v in item.items():
            fv = _filter_nav(v, keep)
            if fv is not None:
                out[k] = fv
        return out or None
    return None


def _plugin_name(entry: Any) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) else str(entry)


def site_config(docs: dict[str, str], *, plugin: bool = True, nav: str = "real",
                extra_plugins: list[Any] | None = None,
                config_path: Path = REAL_CONFIG,
                plugin_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A mkdocs.yml for a synthetic wiki that INHERITs the project's real configuration.

    Theme, features, Markdown extensions, strictness and validation come from the real file.
    ``plugin=False`` drops our plugin (the baseline); ``plugin_options`` configures it;
    ``extra_plugins`` adds peers.
    ``nav="real"`` keeps the real nav's shape: entries for pages the synthetic wiki has
    (episodes, home) stay; entries for hand-written pages it lacks are dropped; entries for
    pages the real docs folder lacks too (generated by our plugin) stay only when the plugin
    is on. ``nav="auto"`` drops ``nav`` so every page is listed (Material's default).
    """
    real = real_config(config_path)
    real_dir = config_path.parent
    real_docs = real_dir / str(real.get("docs_dir", "docs"))
    cfg: dict[str, Any] = {
        "INHERIT": str(config_path),
        "site_name": "Synthetic Wiki",
        "docs_dir": "docs",
    }
    plugins = [p for p in real.get("plugins", ["search"])
               if plugin or _plugin_name(p) != "severance"]
    if plugin_options:
        plugins = [{"severance": plugin_options} if _plugin_name(p) == "severance" else p
                   for p in plugins]
    cfg["plugins"] = plugins + list(extra_plugins or [])
    theme = real.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        cfg["theme"] = {"custom_dir": str((real_dir / theme["custom_dir"]).resolve())}
    if real.get("hooks"):
        cfg["hooks"] = [str((real_dir / h).resolve()) for h in real["hooks"]]
    if nav == "auto":
        cfg["nav"] = None
    elif nav == "real" and "nav" in real:

        def keep(path: str) -> bool:
            if "://" in path or path in docs:
                return True
            return plugin and not (real_docs / path).exists()

        cfg["nav"] = _filter_nav(real["nav"], keep) or []
    elif nav != "real":
        raise ValueError("nav is 'real' or 'auto'")
    return cfg


def write_wiki(root: Path, n_pages: int, *, seed: int = DEFAULT_SEED, style: str = "wiki",
               plugin: bool = True, nav: str = "real", extra_plugins: list[Any] | None = None,
               config_path: Path = REAL_CONFIG,
               plugin_options: dict[str, Any] | None = None) -> Path:
    """Write ``root/docs`` and ``root/mkdocs.yml``; returns the config file's path.

    Non-Markdown files of the real docs folder (stylesheet, logo, images) are copied so the
    real configuration's references to them hold.
    """
    docs = make_wiki(n_pages, seed=seed, style=style)
    docs_dir = root / "docs"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    real_docs = config_path.parent / str(real_config(config_path).get("docs_dir", "docs"))
    for path in sorted(real_docs.rglob("*")):
        if path.is_file() and path.suffix != ".md":
            dest = docs_dir / path.relative_to(real_docs)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    for rel, text in docs.items():
        dest = docs_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    cfg = site_config(docs, plugin=plugin, nav=nav, extra_plugins=extra_plugins,
                      config_path=config_path, plugin_options=plugin_options)
    cfg_path = root / "mkdocs.yml"
    cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return cfg_path
