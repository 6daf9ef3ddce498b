"""The pages an article becomes: a source page, trivia pages and (on request) stubs.

Everything is written through :mod:`severance_wiki.managed`: machine-owned front matter
and one machine block per page, fingerprinted, so a re-run changes nothing and a page a
person edited is left alone. All pages are planned before any is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import managed
from ..errors import Problem, WikiError
from ..frontmatter import parse as parse_frontmatter
from ..generate import join, slug
from ..load import load_dir
from ..model import Episode, Source, Trivia, validate_page
from ..registry import Entry, Registry
from .facts import Fact
from .lexicon import Lexicon
from .pipeline import Extraction, extract, to_json
from .seed import read_article

BY = "scripts/ingest.py"
KIND_WORDS = {"interview": "interview", "news": "news story", "recap": "recap",
              "review": "review", "feature": "feature", "qa": "Q&A", "other": "article"}
_UNSAFE = re.compile(r"\[\[|\]\]|\|\||[<>]")


@dataclass
class Spec:
    path: str  # relative to docs/
    meta: dict[str, Any]
    block: str


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if v not in (None, [], "")}


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def excerpt(text: str, words: int = 28) -> str:
    parts = text.split()
    if len(parts) <= words:
        return text
    return " ".join(parts[:words]).rstrip(",;:.") + " …"


def episode_phrase(registry: Registry, key: str) -> str:
    entry = registry.episode(key)
    if entry is None or not isinstance(entry.page, Episode):
        return key
    ep = entry.page
    last = max((e.page.episode for e in registry.episodes()
                if isinstance(e.page, Episode) and e.page.season == ep.season), default=0)
    if ep.episode == 1:
        return "the pilot" if ep.season == 1 else f"the season {ep.season} premiere"
    if ep.episode == last:
        return f"the season {ep.season} finale"
    return f"season {ep.season}, episode {ep.episode}"


def short_slug(title: str, limit: int = 64) -> str:
    """A file name from a title, cut at a word boundary."""
    full = slug(title)
    if len(full) <= limit:
        return full or "trivia"
    words = full[:limit].rsplit("-", 1)[0].split("-")
    while len(words) > 1 and len(words[-1]) <= 2 and not words[-1].isdigit():
        words.pop()  # no dangling "a" or "of" at the end of a file name
    return "-".join(words) or "trivia"


def _cap(text: str) -> str:
    """Capitalise the first letter a reader sees, also when it is a link's label."""
    m = re.match(r"\[\[([^\]|]*)\|", text)
    if m:
        at = m.end()
        return text[:at] + text[at:at + 1].upper() + text[at + 1:]
    return text[:1].upper() + text[1:]


class Writer:
    """Turns an extraction into page specs, in the wiki's words."""

    def __init__(self, ex: Extraction, registry: Registry, lex: Lexicon, seed: str):
        self.ex = ex
        self.registry = registry
        self.lex = lex
        self.seed = seed
        meta = ex.article.meta
        self.kind_word = KIND_WORDS[meta.kind]
        if meta.title:
            self.source_title = meta.title
        elif meta.interviewees:
            self.source_title = f"{meta.outlet} {self.kind_word} with {join(meta.interviewees)}"
        else:
            about = self._subject()[0]
            self.source_title = f"{meta.outlet} {self.kind_word} about {about}"
        self.source_title = self._safe(self.source_title)
        n = 2
        base = self.source_title
        while n < 100 and self._taken(self.source_title, f"sources/{slug(self.source_title)}.md"):
            self.source_title, n = f"{base} ({n})", n + 1

    def owns(self, entry: Entry) -> bool:
        """The page is this article's: its source page, or trivia citing it."""
        page = entry.page
        if isinstance(page, Source):
            return page.seed == self.seed
        if isinstance(page, Trivia):
            return any(c.source == self.source_title for c in page.sources)
        return False

    def _taken(self, title: str, path: str) -> bool:
        """Another article's page (or any other page) already has this title or file."""
        res = self.registry.resolve(title)
        if res.target is not None and not self.owns(res.target.entry):
            return True
        if res.ambiguous:
            return True
        return self._path_taken(path)

    def _path_taken(self, path: str) -> bool:
        entry = self.registry.entries.get(path)
        return entry is not None and not self.owns(entry)

    def _safe(self, text: str) -> str:
        """Titles never carry a reveal name: the character's safe name stands in."""
        for name in sorted(self.lex.reveal_names, key=len, reverse=True):
            if name in text:
                form = self.lex.forms.get(name)
                text = text.replace(name, form.titles[0] if form else "a character")
        return " ".join(_UNSAFE.sub("", text).split())

    def _subject(self) -> tuple[str, str]:
        """The fact's subject in plain words and with a link."""
        ex = self.ex
        if ex.main_episode:
            words = episode_phrase(self.registry, ex.main_episode)
            linked = f"[[{ex.main_episode}|{words}]]"
            if ex.subject:
                return f"{words}'s {ex.subject}", f"{linked}'s {ex.subject}"
            return words, linked
        if ex.subject:
            return f"the {ex.subject}", f"the {ex.subject}"
        return "the production", "the production"

    def spoiler_point(self, episodes: Sequence[str | None], texts: list[str]) -> str:
        points: list[str | None] = list(episodes)
        for text in texts:
            for name, ep in self.lex.reveal_names.items():
                if name in text:
                    points.append(ep)
        return self.registry.latest(points)

    # -- trivia -----------------------------------------------------------------------------

    def trivia(self) -> list[tuple[Spec, dict[str, Any]]]:
        out: list[tuple[Spec, dict[str, Any]]] = []
        used: set[str] = set()
        subject, linked = self._subject()
        for fact in self.ex.facts:
            title, sentence = self._words(fact, subject, linked)
            title = self._safe(title)
            if self._taken(title, f"trivia/{short_slug(title)}.md"):
                title = f"{title} ({self.ex.article.meta.outlet})"
            name = short_slug(title)
            base, n = name, 2
            while name in used or self._path_taken(f"trivia/{name}.md"):
                name, n = f"{base}-{n}", n + 1
            used.add(name)
            sources = []
            for c in fact.citations:
                cite: dict[str, Any] = {"source": self.source_title}
                if c.quote and not _UNSAFE.search(c.quote):
                    cite["quote"] = c.quote
                if c.speaker:
                    cite["speaker"] = c.speaker
                if cite not in sources:
                    sources.append(cite)
            point = self.spoiler_point(fact.episodes, [c.quote for c in fact.citations])
            summary = _cap(re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]|\[\[([^\]]*)\]\]",
                                  lambda m: m.group(1) or m.group(2), sentence).replace("*", ""))
            meta = _clean({
                "type": "trivia",
                "title": title,
                "summary": self._safe(summary),
                "episodes": fact.episodes,
                "people": fact.people,
                "characters": fact.characters,
                "spoilers": point if point != "S0" else None,
                "sources": sources or [{"source": self.source_title}],
                "tags": list(fact.kind.tags),
            })
            block = self._trivia_body(fact, sentence)
            spec = Spec(f"trivia/{name}.md", meta, block)
            out.append((spec, {"title": title, "page": spec.path, "kind": fact.kind.name,
                               "episodes": fact.episodes, "people": fact.people,
                               "characters": fact.characters, "spoilers": meta.get("spoilers"),
                               "quotes": [{"text": c.quote, "speaker": c.speaker}
                                          for c in fact.citations]}))
        return out

    def _words(self, fact: Fact, subject: str, linked: str) -> tuple[str, str]:
        kind = fact.kind
        extra = extra_text = ""
        if kind.name == "length" and fact.one_take:
            extra, extra_text = " and looks like a single take", ", staged to look like one take"
        elif kind.name == "term" and fact.extra:
            extra, extra_text = f" ({fact.extra})", f", {fact.extra}"
        fields = {"S": subject, "S_cap": _cap(subject), "SL": linked, "SL_cap": _cap(linked),
                  "v": fact.value, "extra": extra, "extra_text": extra_text}
        return kind.title.format(**fields), kind.text.format(**fields)

    def _trivia_body(self, fact: Fact, sentence: str) -> str:
        meta = self.ex.article.meta
        speakers = list(dict.fromkeys(c.speaker for c in fact.citations if c.speaker))
        lines = [sentence, ""]
        if speakers:
            verb = "told" if meta.kind in ("interview", "qa") else "said so to"
            lines.append(f"{join([f'[[{s}]]' for s in speakers])} {verb} {meta.outlet} "
                         f"about it; see [[{self.source_title}]].")
        else:
            lines.append(f"{meta.outlet} reports it; see [[{self.source_title}]].")
        for c in fact.citations:
            if _UNSAFE.search(c.quote):
                continue
            who = f"[[{c.speaker}]]" if c.speaker else f"{meta.outlet}"
            lines += ["", f"> “{md_escape(c.quote)}”", f"> — {who}"]
        return "\n".join(lines)

    # -- source -----------------------------------------------------------------------------

    def source(self, trivia_titles: list[str]) -> Spec:
        ex = self.ex
        meta = ex.article.meta
        subject, linked = self._subject()
        episodes = list(ex.episodes)
        point = self.spoiler_point([meta.published_after, *episodes],
                                   [q.text for q in ex.quotes])
        people = [f"[[{p}]]" for p in ex.people]
        talk = [f"[[{p}]]" for p in meta.interviewees if p in self.lex.person_titles] or people
        article = "An" if self.kind_word[:1].lower() in "aeiou" else "A"
        intro = f"{article} {self.kind_word} by {meta.outlet}"
        if meta.published:
            intro += f", published on {meta.published.isoformat()}"
        elif meta.published_after:
            intro += f", written after [[{meta.published_after}]]"
        intro += "."
        if talk and meta.kind in ("interview", "qa"):
            intro += f" {join(talk)} talk about {linked}."
        elif ex.main_episode or ex.subject:
            intro += f" It is about {linked}."
        missing = [w for w, v in (("headline", meta.title), ("web address", meta.url),
                                  ("author", meta.author), ("date", meta.published)) if v is None]
        if missing:
            gaps = join(missing).replace(" and ", " or ")
            intro += f" The article does not give its {gaps}."
        lines = [intro]
        if ex.quotes:
            lines += ["", "## Quotes", ""]
            for q in ex.quotes:
                if _UNSAFE.search(q.text):
                    continue
                who = f"[[{q.speaker}]]" if q.speaker else "*speaker unclear*"
                lines.append(f"- “{md_escape(excerpt(q.text))}” — {who}")
        mentioned = [("People", [f"[[{p}]]" for p in ex.people]),
                     ("Characters", [f"[[{c}]]" for c in ex.characters]),
                     ("Episodes", [f"[[{e}]]" for e in ex.episodes])]
        if any(items for _, items in mentioned):
            lines += ["", "## Mentioned", ""]
            lines += [f"- {label}: {', '.join(items)}" for label, items in mentioned if items]
        # The trivia citing the article are listed by the plugin with the passages they
        # quote (citations.source_passages), so the page does not list them a second time.
        summary = (f"{meta.outlet} {self.kind_word}"
                   + (f" with {join(list(meta.interviewees))}" if meta.interviewees else "")
                   + (f" about {subject}." if (ex.main_episode or ex.subject) else "."))
        page_meta = _clean({
            "type": "source",
            "title": self.source_title,
            "summary": self._safe(summary),
            "outlet": meta.outlet,
            "url": str(meta.url) if meta.url else None,
            "published": meta.published,
            "published_after": meta.published_after,
            "author": meta.author,
            "kind": meta.kind,
            "seed": self.seed,
            "spoilers": point if point != "S0" else None,
            "tags": [meta.kind],
        })
        return Spec(f"sources/{slug(self.source_title)}.md", page_meta, "\n".join(lines))

    def stubs(self) -> list[Spec]:
        out = []
        for name in self.ex.unknown:
            if self.registry.resolve(name).target is not None:
                continue
            meta = {"type": "person", "name": name}
            block = (f"**{name}** is named in [[{self.source_title}]]. This is a stub: "
                     "say who they are and what they did on *Severance*, or delete the page "
                     "if the name is not a person.")
            out.append(Spec(f"people/{slug(name)}.md", meta, block))
        return out


# --- the whole run -------------------------------------------------------------------------


@dataclass
class Result:
    outcomes: list[managed.Outcome]
    stale: bool
    data: dict[str, Any]


def load_registry(docs: Path) -> Registry:
    entries, problems = load_dir(docs, prefix=f"{docs.name}/")
    if problems:
        raise WikiError(Problem(problems[0].path, problems[0].line,
                                f"the wiki has a broken page: {problems[0].message}",
                                "fix it (or run scripts/generate.py) before ingesting"))
    return Registry(entries)


def run(article_path: Path, docs: Path, *, shown: str | None = None, seed: str | None = None,
        check: bool = False, dry_run: bool = False, force: bool = False,
        stubs: bool = False, registry: Registry | None = None) -> Result:
    """Extract an article and (unless ``check`` or ``dry_run``) write its pages."""
    article = read_article(article_path, shown)
    registry = registry or load_registry(docs)
    lex = Lexicon.from_registry(registry)
    ex = extract(article, registry, lex)
    writer = Writer(ex, registry, lex, seed or article.shown)
    trivia = writer.trivia()
    specs = [writer.source([t[0].meta["title"] for t in trivia]), *(t[0] for t in trivia)]
    if stubs:
        specs += writer.stubs()
    data = to_json(ex, [t[1] for t in trivia])
    data["source"]["page"] = specs[0].path
    data["source"]["title_on_wiki"] = writer.source_title
    plans: list[tuple[Path, str | None, managed.Outcome]] = []
    for spec in specs:
        _validate(spec)
        path = docs / spec.path
        text, outcome = managed.plan(path, spec.meta, spec.block, BY,
                                     f"{docs.name}/{spec.path}", force=force)
        plans.append((path, text, outcome))
    orphans = _orphans(writer, registry, docs, {spec.path for spec in specs})
    stale = any(text is not None for _, text, _ in plans) or any(
        o.status == "removed" for o in orphans)
    if not (check or dry_run):
        for path, text, _ in plans:
            if text is not None:
                managed.write_atomic(path, text)
        for o in orphans:
            if o.status == "removed":
                o.path.unlink()
    return Result([o for _, _, o in plans] + orphans, stale, data)


def _orphans(writer: Writer, registry: Registry, docs: Path, current: set[str]
             ) -> list[managed.Outcome]:
    """Trivia this article's earlier runs wrote that it no longer extracts.

    Untouched ones are removed (they are machine-owned through and through); one a person
    edited is kept and reported.
    """
    out: list[managed.Outcome] = []
    for uri, entry in sorted(registry.entries.items()):
        if uri in current or not isinstance(entry.page, Trivia) or not writer.owns(entry):
            continue
        path = docs / uri
        try:
            fm = parse_frontmatter(path.read_text(encoding="utf-8"), uri)
        except (OSError, WikiError):
            continue
        m = managed.START_RE.search(fm.body)
        end = fm.body.find(managed.END, m.end()) if m else -1
        if not m or end < 0 or m.group("by").rstrip(";") != BY:
            continue  # written by hand: never removed
        meta = {k: v for k, v in fm.data.items() if k in TRIVIA_KEYS}
        if managed.fingerprint(meta, fm.body[m.end():end]) == m.group("sha") and \
                not fm.body[end + len(managed.END):].strip() and not fm.body[:m.start()].strip():
            out.append(managed.Outcome(path, "removed", "the article no longer yields it"))
        else:
            out.append(managed.Outcome(path, "kept", "the article no longer yields it, but a "
                                                     "person edited it; delete it by hand"))
    return out


TRIVIA_KEYS = ("type", "title", "summary", "episodes", "people", "characters", "spoilers",
               "sources", "tags")


def _validate(spec: Spec) -> None:
    """Every page must fit the content model before anything is written."""
    text = managed.render(spec.meta, spec.block, BY)
    validate_page(parse_frontmatter(text, spec.path), spec.path)
