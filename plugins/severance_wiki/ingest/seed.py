"""Read a seed article: front matter describing it, then its text.

Bad input (missing file, empty, binary, not UTF-8, no front matter, a field that breaks
the article schema) raises :class:`~severance_wiki.errors.WikiError` with one
``file:line: what is wrong; how to fix`` problem, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, HttpUrl, ValidationError

from .. import frontmatter
from ..errors import FrontMatterError, Problem, WikiError
from ..model import EpisodeRef, PlainText

Kind = Literal["interview", "news", "recap", "review", "feature", "qa", "other"]


class SeedMeta(BaseModel):
    """What an article's front matter may say about it. Unknown stays null, never guessed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: PlainText | None = None
    outlet: PlainText
    url: HttpUrl | None = None
    published: dt.date | None = None
    published_after: EpisodeRef | None = None
    author: PlainText | None = None
    kind: Kind = "other"
    interviewees: list[PlainText] = []
    original_file: str | None = None


@dataclass
class Article:
    path: Path
    shown: str  # the path as reported in messages and recorded as the page's ``seed``
    meta: SeedMeta
    body: str
    body_line: int


def read_article(path: Path, shown: str | None = None) -> Article:
    shown = shown or str(path)
    if not path.exists():
        raise WikiError(Problem(shown, None, "no such article",
                                "pass the path of a file in seeds/articles/"))
    if not path.is_file():
        raise WikiError(Problem(shown, None, "not a file",
                                "pass the path of one article file, not a folder"))
    raw = path.read_bytes()
    if not raw.strip():
        raise WikiError(Problem(shown, 1, "the article is empty",
                                "paste the article's text after its front matter"))
    # Pasted articles often come with Windows line endings or a byte-order mark: harmless.
    raw = raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    fm = frontmatter.read(raw, shown, required=False)
    if not fm.lines:
        raise FrontMatterError(Problem(
            shown, 1, "the article has no front matter",
            "start it with '---', 'outlet: ...' (and title, url, published, author where "
            "known, null where not), then '---'"))
    try:
        meta = SeedMeta.model_validate(fm.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            msg, hint = (f"unknown field '{field}'",
                         f"use only {', '.join(SeedMeta.model_fields)}")
        elif err["type"] == "missing":
            msg, hint = f"required field '{field}' is missing", f"add '{field}: ...'"
        else:
            msg = f"field '{field}': {str(err['msg']).removeprefix('Value error, ')}"
            hint = "write null when it is not known"
        raise FrontMatterError(Problem(shown, fm.line_of(loc), msg, hint)) from None
    if not fm.body.strip():
        raise WikiError(Problem(shown, fm.body_line, "the article has front matter but no text",
                                "paste the article's text after the closing '---'"))
    return Article(path, shown, meta, fm.body, fm.body_line)
