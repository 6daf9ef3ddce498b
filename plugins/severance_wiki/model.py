"""The content model: one schema per page type, defined here and only here.

The plugin, the validator, the generator, the ingestion script, the JSON Schema for
editors and the contributor docs all read these classes. A page's front matter is checked
with :func:`validate_page`, which turns every schema error into ``file:line: ...; hint``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PositiveInt,
    TypeAdapter,
    ValidationError,
)

from .errors import FrontMatterError, Problem
from .frontmatter import FrontMatter
from .timeline import KEY_RE

# --- field types ---------------------------------------------------------------------------

_MARKUP_RE = re.compile(r"<\s*[A-Za-z/!?]|[<>]|\[\[|\]\]|\|\||javascript:"
                        r"|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


def _plain_text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    if _MARKUP_RE.search(value):
        raise ValueError(
            "markup is not allowed here (no '<', '>', '[[', ']]', '||' or HTML entities "
            "such as '&amp;'); write plain text"
        )
    return value


def _episode_ref_input(value: object) -> object:
    """Catch what YAML makes of ``spoilers: yes`` or ``spoilers: 9`` before the type check."""
    if isinstance(value, bool | int | float):
        shown = "a yes/no value" if isinstance(value, bool) else f"the number {value}"
        raise ValueError(
            f"{shown} is not an episode key; write S<season>E<episode> such as S1E9, "
            "or S1 for the end of season 1"
        )
    return value


def _episode_ref(value: str) -> str:
    value = value.strip()
    if not KEY_RE.match(value):
        raise ValueError(
            f"'{value}' is not an episode key; write S<season>E<episode> such as S1E9, "
            "or S1 for the end of season 1"
        )
    return value.upper()


def _tag(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9 -]{0,39}", value):
        raise ValueError("a tag is 1-40 lowercase letters, digits, spaces or hyphens")
    return value


# What editors see in the JSON Schema (json_schema_extra only; validation is the functions).
_MARKUP_JSON = {
    "not": {"pattern": r"[<>]|\[\[|\]\]|\|\||[Jj][Aa][Vv][Aa][Ss][Cc][Rr][Ii][Pp][Tt]:"},
    "minLength": 1,
}
_KEY_JSON = {"pattern": r"^\s*[Ss]\d{1,2}([Ee]\d{1,3})?\s*$"}

PlainText = Annotated[str, AfterValidator(_plain_text), Field(json_schema_extra=_MARKUP_JSON)]
"""One line of text, no markup: titles, names, aliases, labels."""
Name = PlainText
"""The title or an alias of another wiki page (checked against the wiki by the registry)."""
EpisodeRef = Annotated[
    str, BeforeValidator(_episode_ref_input), AfterValidator(_episode_ref),
    Field(json_schema_extra=_KEY_JSON),
]
"""An episode key (``S1E9``) or a season end (``S1``)."""
Tag = Annotated[str, AfterValidator(_tag)]
Quote = Annotated[str, AfterValidator(lambda v: _plain_text(v) if v else v)]

# --- page types ----------------------------------------------------------------------------


class Page(BaseModel):
    """Fields every page may have."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    type: str
    aliases: list[PlainText] = Field(default=[], description="Other names links may use.")
    spoilers: EpisodeRef | None = Field(
        default=None,
        description="Reveal point of the whole page: the episode a reader must have watched.",
    )
    summary: PlainText | None = Field(
        default=None, description="One safe sentence for previews, search and meta tags."
    )
    tags: list[Tag] = []
    # Keys of MkDocs and Material a page may set: only ``hide`` with these values. Other
    # theme-level keys (``template``, ``search``, ``status``, ``icon`` ...) change how the
    # theme renders a page, so a page cannot set them (unknown field).
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] = []

    title_field: ClassVar[str] = "title"

    @property
    def display_title(self) -> str:
        return str(getattr(self, self.title_field))


class GenericPage(Page):
    """A hand-written page that is not an entity (home, guides)."""

    type: Literal["page"]
    title: PlainText


class Episode(Page):
    """One episode. Its key (``S1E2``) is derived and always works as a link target."""

    type: Literal["episode"]
    title: PlainText
    season: PositiveInt
    episode: PositiveInt
    released: dt.date
    released_alt: dt.date | None = Field(
        default=None, description="The other release date seen (US evening vs. elsewhere)."
    )
    directed_by: list[Name] = []
    written_by: list[Name] = []
    runtime_min: PositiveInt | None = None
    cast: list[Name] = Field(default=[], description="People who appear, where known.")

    @property
    def key(self) -> str:
        return f"S{self.season}E{self.episode}"


class Person(Page):
    """Cast and crew."""

    type: Literal["person"]
    name: PlainText
    roles: list[PlainText] = []
    plays: list[Name] = Field(default=[], description="Titles of character pages.")
    known_for: list[PlainText] = Field(default=[], description="Other credits.")

    title_field: ClassVar[str] = "name"


class Reveal(BaseModel):
    """A later identity of a character, itself a spoiler until ``episode``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: PlainText
    episode: EpisodeRef


class Character(Page):
    type: Literal["character"]
    name: PlainText
    played_by: list[Name] = []
    first_appearance: EpisodeRef | None = None
    reveals: list[Reveal] = []

    title_field: ClassVar[str] = "name"


class Citation(BaseModel):
    """Where a trivia fact comes from, with the quote that supports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: Name = Field(description="Title of the source page.")
    quote: Quote | None = Field(default=None, description="A short quote, verbatim.")
    speaker: Name | None = Field(default=None, description="Who said it; null when unclear.")
    speaker_note: PlainText | None = Field(
        default=None, description="Why the speaker differs from the one the stored article "
        "gives (a quote whose source has a seed is checked against it).")


class Trivia(Page):
    type: Literal["trivia"]
    title: PlainText
    draft: bool = Field(
        default=False,
        description="Proposed by the ingestion and not reviewed yet: shown by mkdocs serve "
        "with an 'unreviewed' banner, left out of mkdocs build (scripts/review.py).")
    episodes: list[EpisodeRef] = []
    people: list[Name] = []
    characters: list[Name] = []
    sources: list[Citation] = Field(min_length=1, description="At least one citation.")


class Source(Page):
    type: Literal["source"]
    title: PlainText
    outlet: PlainText
    url: HttpUrl | None = None
    published: dt.date | None = None
    published_after: EpisodeRef | None = Field(
        default=None, description="When no date is known: the episode it was written after."
    )
    author: PlainText | None = None
    kind: Literal["interview", "news", "recap", "review", "feature", "qa", "other"] = "other"
    seed: str | None = Field(default=None, description="The article's file in seeds/.")


PAGE_TYPES: dict[str, type[Page]] = {
    "page": GenericPage,
    "episode": Episode,
    "person": Person,
    "character": Character,
    "trivia": Trivia,
    "source": Source,
}

AnyPage = Annotated[
    GenericPage | Episode | Person | Character | Trivia | Source, Field(discriminator="type")
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyPage)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the front matter of every page type (for editors)."""
    schema = _ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Severance wiki page front matter"
    return schema


# --- validation with file:line -------------------------------------------------------------


def _hint_for(err: dict[str, Any], model: type[Page] | None) -> tuple[str, str]:
    kind = err["type"]
    loc = err["loc"]
    field = ".".join(str(p) for p in loc)
    if kind == "missing":
        return f"required field '{field}' is missing", f"add '{loc[-1]}: ...'"
    if kind == "extra_forbidden":
        known = list(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling"
        return f"unknown field '{field}'", hint
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        if "; " in msg:
            what, hint = msg.split("; ", 1)
            return f"field '{field}': {what}", hint
        return f"field '{field}': {msg}", ""
    if kind in ("list_type", "string_type", "int_parsing", "int_type", "date_from_datetime_parsing",
                "date_parsing", "date_type", "bool_type", "url_parsing", "url_scheme"):
        return f"field '{field}': {err['msg'].lower()} (got {err.get('input')!r})", (
            "see CONTRIBUTING.md for the field's format"
        )
    return f"field '{field}': {err['msg']}", ""


def validate_page(fm: FrontMatter, path: str) -> Page:
    """Check front matter against its type's schema; raise FrontMatterError with lines."""
    data = fm.data
    ptype = data.get("type")
    if ptype is None:
        raise FrontMatterError(
            Problem(path, fm.line_of(()) if fm.lines else 1, "front matter has no 'type'",
                    f"add 'type: ...', one of {', '.join(PAGE_TYPES)}")
        )
    model = PAGE_TYPES.get(str(ptype))
    if model is None:
        close = difflib.get_close_matches(str(ptype), list(PAGE_TYPES), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(PAGE_TYPES)}"
        raise FrontMatterError(
            Problem(path, fm.line_of(("type",)), f"unknown page type '{ptype}'", hint)
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            message, hint = _hint_for(dict(err), model)
            problems.append(Problem(path, fm.line_of(loc), message, hint, rule="schema"))
        raise FrontMatterError(problems) from None
