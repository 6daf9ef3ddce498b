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


# --- titles of facts -----------------------------------------------------------------------

TITLE_MAX = 90
_LEAD = re.compile(
    r"^(?:(?:but|and|so|however|meanwhile|still|also|now|plus|in fact|indeed|of course|"
    r"actually|basically|honestly|you know|like|well|yeah|oh|look|i mean|i think|i believe|"
    r"i guess|i'd say|i would say|i remember|i know|according to [^,]{1,40}|"
    r"(?:(?-i:[A-Z])[\w.'’-]+\s+){0,3}(?:said|says|explained|added|noted|recalled|revealed|"
    r"confirmed|told \w+)(?: that)?)[,:]?\s+)+", re.IGNORECASE)
_TAIL = re.compile(
    r"[,;]?\s+(?:(?:he|she|they|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s+(?:said|says|"
    r"told|tells|explained|added|noted|recalled|estimated|shared|revealed|confirmed)"
    r"(?:\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?|(?:said|says|told|explained|added)"
    r"\s+[A-Z][\w.'’ -]+|according to [A-Z][\w.'’ -]+)[.!]?$")
_SPLIT = re.compile(r",\s+(?:and|but|so|which|while|as|after|when|because|though|although|"
                    r"where)\s+|;\s+|\s+[—–]\s+|\s+-\s+|:\s+")
# Asides a title can do without: "Sarah Bock, who plays Miss Huang, ...", "(Seth Milchick)".
_ASIDE = re.compile(r",\s+(?:who|whose)\s+[^,;:]{3,80},(?=\s)|\s*\([^)]{1,60}\)"
                    r"|(?P<name>\b[A-Z][\w’'.-]*),\s+(?:a|an|the)\s+[^,;:]{3,80},(?=\s+[a-z])")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|d|ve|ll)|we|we['’](?:re|d|ve|ll)|us|our|my|me)\b",
                           re.IGNORECASE)
_TRAILING_SMALL = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with",
                   "by", "from", "as", "but", "so", "that", "which", "who", "his", "her",
                   "their", "its", "our", "my", "your", "was", "were", "is", "are", "be"}


def fit_title(title: str, limit: int = TITLE_MAX) -> str:
    """At most ``limit`` characters, cut at a clause or word boundary (never mid-word),
    without a dangling small word."""
    title = " ".join(title.split()).rstrip(" ,;:.")
    if len(title) <= limit:
        return title
    words = title[: limit - 1].split(" ")
    if title[limit - 1:limit] not in (" ", ""):
        words = words[:-1]  # the last word was cut
    while len(words) > 3 and (words[-1].casefold().strip(",;:") in _TRAILING_SMALL
                              or words[-1].endswith((",", ";", ":"))):
        words.pop()
    return " ".join(words).rstrip(" ,;:") + "…"


def general_title(evidence: str, speaker: str | None, focus: str = "") -> str:
    """A short statement from a fact's evidence: attributions, hedges and quotation marks
    dropped, the clause with the fact (``focus``, the detail as written) chosen, the
    speaker named when they speak in the first person."""
    text = evidence.replace("“", "").replace("”", "").replace('"', "")
    text = " ".join(text.split()).rstrip(" .!")
    for _ in range(2):
        text = _TAIL.sub("", text).rstrip(" ,.")
        text = _LEAD.sub("", text)
    room = TITLE_MAX - (len(speaker.split()[-1]) + 2 if speaker and _FIRST_PERSON.search(
        text) else 0)
    focus = focus.replace("“", "").replace("”", "").replace('"', "")
    if len(text) > room:  # "Sarah Bock, who plays Miss Huang, has been ...": the credit goes
        text = " ".join(_ASIDE.sub(lambda m: m.group(0) if focus and focus in m.group(0)
                                   else (m.group("name") or "") + " ", text).split()
                        ).replace(" ,", ",")
    if len(text) > room and focus and focus in text:
        # whole clauses from the start holding the detail; else a later run of whole
        # clauses; else (the detail early enough) fit_title cuts after it
        text = (_window(text, room, focus, from_start=True)
                or _window(text, room, focus, from_start=False) or text)
    elif len(text) > room:
        commas = [m.start() for m in re.finditer(r"[,;:]\s|\s[—–-]\s", text)
                  if 25 <= m.start() <= room]
        parts = [p for p in _SPLIT.split(text) if len(p.split()) >= 4 and len(p) <= room]
        if commas:
            text = text[:max(commas)]
        elif parts:
            text = max(parts, key=lambda p: (bool(re.search(r"\d", p)), len(p)))
    if speaker and _FIRST_PERSON.search(text):
        text = f"{speaker.split()[-1]}: {text}"
    else:
        text = text[:1].upper() + text[1:]
    return fit_title(text)


def _window(text: str, room: int, focus: str, from_start: bool) -> str | None:
    """The longest run of whole clauses (cut at commas, semicolons, colons and dashes) that
    fits in ``room`` and holds ``focus``: one that starts the sentence, or (not
    ``from_start``) one that starts a clause other than a relative one ("which ...")."""
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s+|\s[—–-]\s+", text)] + [len(text) + 1]
    at = text.find(focus)
    best: tuple[int, str] | None = None
    for i, a in enumerate(cuts[:-1]):
        if from_start and a > 0:
            break
        if a > 0 and not re.match(
                r"(?:[A-Z0-9]|(?:the|a|an|it|its|he|she|they|we|i|his|her|their|our|this|these|"
                r"those|for|in|on|at|with|by|after|before|during|and|but|so|while)\b)", text[a:]):
            continue  # a clause needs its subject: not "which ...", "signed off ..."
        for b in cuts[i + 1:]:
            piece = text[a:b].strip(" ,;:—–-")
            if len(piece) > room:
                break
            if a <= at and at + len(focus) <= b and len(piece.split()) >= 4 and (
                    best is None or len(piece) > best[0]):
                best = (len(piece), piece)
    if best is None:
        return None
    piece = re.sub(r"^(?:and|but|so|or|yet|then|while|whereas|although|though)\s+", "",
                   best[1], flags=re.IGNORECASE)
    piece = re.sub(r"(?:\s+(?:and|but|so|or|which|while|as|because))+$", "", piece)
    return piece[:1].upper() + piece[1:]


def _sentence(title: str) -> str:
    return md_escape(title.rstrip("…")) + ("…" if title.endswith("…") else ".")


# --- what a maintainer already decided ---------------------------------------------------


def _norm_quote(text: str) -> str:
    text = text.translate(str.maketrans("“”‘’—–", "\"\"''--")).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass
class Reviewed:
    """Accepted trivia (published pages citing the article) and rejected drafts
    (``seeds/rejected.yaml``): a fact matching either, by title or by evidence, is not
    drafted again."""

    accepted: list[tuple[str, str, list[str]]]  # (docs path, title, quotes)
    rejected: list[dict[str, Any]]

    @classmethod
    def load(cls, registry: Registry, source_title: str, rejected_file: Path | None
             ) -> Reviewed:
        accepted = []
        for uri, entry in sorted(registry.entries.items()):
            page = entry.page
            if isinstance(page, Trivia) and not page.draft and any(
                    c.source == source_title for c in page.sources):
                accepted.append((uri, page.title, [c.quote for c in page.sources if c.quote]))
        return cls(accepted, read_rejected(rejected_file) if rejected_file else [])

    def _match(self, title: str, quotes: list[str], other_title: str,
               other_quotes: list[str]) -> bool:
        if title.casefold() == other_title.casefold():
            return True
        mine = {_norm_quote(q) for q in quotes if q}
        return any(_norm_quote(q) in mine for q in other_quotes if q)

    def status(self, seed: str, title: str, quotes: list[str]) -> str:
        if any(self._match(title, quotes, t, qs) for _, t, qs in self.accepted):
            return "accepted"
        if any(_same_file(str(r.get("seed") or ""), seed) and self._match(
                title, quotes, str(r.get("title", "")), [str(r.get("evidence", ""))])
               for r in self.rejected):
            return "rejected"
        return "draft"

    def page_of(self, seed: str, title: str, quotes: list[str]) -> str | None:
        return next((uri for uri, t, qs in self.accepted
                     if self._match(title, quotes, t, qs)), None)


def _same_file(a: str, b: str) -> bool:
    """The same seed file, whether written relative to the repository or in full."""
    a, b = Path(a).as_posix(), Path(b).as_posix()
    return bool(a and b) and (a == b or a.endswith("/" + b) or b.endswith("/" + a))


def read_rejected(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WikiError(Problem(str(path), mark.line + 1 if mark else None,
                                "the list of rejected drafts is not valid YAML",
                                "fix it by hand (each item: seed, title, evidence)")) from None
    items = data.get("rejected", []) if isinstance(data, dict) else []
    return [i for i in items if isinstance(i, dict)]


class Writer:
    """Turns an extraction into page specs, in the wiki's words."""

    def __init__(self, ex: Extraction, registry: Registry, lex: Lexicon, seed: str,
                 with_stubs: bool = False):
        self.ex = ex
        self.with_stubs = with_stubs
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
            return _same_file(page.seed or "", self.seed)
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

    def trivia(self, reviewed: Reviewed) -> list[tuple[Spec | None, dict[str, Any]]]:
        """One draft per fact, except facts already accepted or rejected (``reviewed``);
        for those the spec is None and the JSON item says which."""
        out: list[tuple[Spec | None, dict[str, Any]]] = []
        used: set[str] = set()
        subject, linked = self._subject()
        meta = self.ex.article.meta
        for fact in self.ex.facts:
            title, sentence = self._words(fact, subject, linked)
            title = fit_title(self._safe(title))
            evidence = [e.quote for e in fact.evidence]
            status = reviewed.status(self.seed, title, evidence)
            first = fact.evidence[0]
            item: dict[str, Any] = {
                "title": title, "kind": fact.kind, "status": status,
                "evidence": first.quote, "speaker": first.speaker,
                "narrator": None if first.speaker else self.narrator,
                "episodes": fact.episodes, "people": fact.people,
                "characters": fact.characters, "tags": fact.tags,
                "quotes": [{"text": e.quote, "speaker": e.speaker} for e in fact.evidence]}
            if status != "draft":
                item["page"] = reviewed.page_of(self.seed, title, evidence)
                out.append((None, item))
                continue
            if self._taken(title, f"trivia/{short_slug(title)}.md"):
                title = fit_title(f"{title} ({meta.outlet})")
            name = short_slug(title)
            base, n = name, 2
            while name in used or self._path_taken(f"trivia/{name}.md"):
                name, n = f"{base}-{n}", n + 1
            used.add(name)
            sources = []
            for e in fact.evidence:
                cite: dict[str, Any] = {"source": self.source_title}
                if e.quote and not _UNSAFE.search(e.quote):
                    cite["quote"] = e.quote
                if self._paged(e.speaker):
                    cite["speaker"] = e.speaker
                if cite not in sources:
                    sources.append(cite)
            # Never earlier than the article itself: written after an episode, it may
            # take that episode for granted (the source page's default reveal point).
            point = self.spoiler_point([*fact.episodes, meta.published_after], evidence)
            summary = _cap(re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]|\[\[([^\]]*)\]\]",
                                  lambda m: m.group(1) or m.group(2), sentence).replace("*", ""))
            page_meta = _clean({
                "type": "trivia",
                "title": title,
                "draft": True,
                "summary": self._safe(summary),
                "episodes": fact.episodes,
                "people": fact.people,
                "characters": fact.characters,
                "spoilers": point if point != "S0" else None,
                "sources": sources or [{"source": self.source_title}],
                "tags": list(fact.tags),
            })
            spec = Spec(f"trivia/{name}.md", page_meta, self._trivia_body(fact, sentence))
            item.update({"title": title, "page": spec.path,
                         "spoilers": page_meta.get("spoilers")})
            out.append((spec, item))
        return out

    def _paged(self, name: str | None) -> bool:
        """A speaker a citation may name: a person page, or (with ``--stubs``) the stub
        written for a person the wiki has no page for. Otherwise the name stays in the
        evidence text only."""
        return bool(name) and (name in self.lex.person_titles or (
            self.with_stubs and name in self.ex.doc.named_people))

    def _who(self, name: str) -> str:
        return f"[[{name}]]" if self._paged(name) else md_escape(name)

    @property
    def narrator(self) -> str:
        meta = self.ex.article.meta
        return f"{meta.outlet} ({meta.author})" if meta.author else meta.outlet

    def _words(self, fact: Fact, subject: str, linked: str) -> tuple[str, str]:
        kind = fact.template
        if kind is None:
            title = general_title(fact.evidence[0].quote, fact.evidence[0].speaker, fact.focus)
            return title, _sentence(title)
        extra = extra_text = ""
        if kind.name == "length" and fact.one_take:
            extra, extra_text = " and looks like a single take", ", staged to look like one take"
        elif kind.name == "term" and fact.extra:
            extra, extra_text = f" ({fact.extra})", f", {fact.extra}"
        fields = {"S": subject, "S_cap": _cap(subject), "SL": linked, "SL_cap": _cap(linked),
                  "v": fact.value, "extra": extra, "extra_text": extra_text}
        return kind.title.format(**fields), kind.text.format(**fields)

    def _trivia_body(self, fact: Fact, sentence: str) -> str:
        """The fact in the wiki's words. Its quotes, speakers and source are shown by the
        plugin's citations under the text (from the front matter), so the body does not
        repeat them; only a quote whose speaker has no page of the wiki (the citation
        cannot name them) is given here with its speaker's name."""
        lines = [sentence]
        for e in fact.evidence:
            if _UNSAFE.search(e.quote) or not e.speaker or self._paged(e.speaker):
                continue
            lines += ["", f"> “{md_escape(e.quote)}”", f"> — {self._who(e.speaker)}"]
        return "\n".join(lines)

    # -- source -----------------------------------------------------------------------------

    def source(self) -> Spec:
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
                who = self._who(q.speaker_name) if q.speaker_name else "*speaker unclear*"
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
        stubs: bool = False, registry: Registry | None = None,
        overrides: dict[str, Any] | None = None, rejected: Path | None = None) -> Result:
    """Extract an article and (unless ``check`` or ``dry_run``) write its pages.

    Facts become trivia *drafts* (``draft: true``). A fact already accepted (a published
    trivia page citing the article) or rejected (listed in ``rejected``, by default
    ``seeds/rejected.yaml`` next to ``docs``) is not drafted again; an accepted page is
    never touched.
    """
    article = read_article(article_path, shown, overrides)
    registry = registry or load_registry(docs)
    lex = Lexicon.from_registry(registry)
    ex = extract(article, registry, lex)
    writer = Writer(ex, registry, lex, seed or article.shown, with_stubs=stubs)
    rejected = rejected if rejected is not None else docs.parent / "seeds" / "rejected.yaml"
    reviewed = Reviewed.load(registry, writer.source_title, rejected)
    trivia = writer.trivia(reviewed)
    specs = [writer.source(), *(spec for spec, _ in trivia if spec is not None)]
    if stubs:
        specs += writer.stubs()
    data = to_json(ex, [item for _, item in trivia])
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
    """Drafts this article's earlier runs wrote that it no longer extracts.

    Untouched ones are removed (they are machine-owned through and through); one a person
    edited is kept and reported. Accepted trivia (no draft mark) are never touched.
    """
    out: list[managed.Outcome] = []
    for uri, entry in sorted(registry.entries.items()):
        if uri in current or not isinstance(entry.page, Trivia) or not writer.owns(entry) \
                or not entry.page.draft:
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


TRIVIA_KEYS = ("type", "title", "draft", "summary", "episodes", "people", "characters", "spoilers",
               "sources", "tags")


def _validate(spec: Spec) -> None:
    """Every page must fit the content model before anything is written."""
    text = managed.render(spec.meta, spec.block, BY)
    validate_page(parse_frontmatter(text, spec.path), spec.path)
