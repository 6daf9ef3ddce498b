"""Read a seed article: front matter describing it, then its text.

Bad input (missing file, empty, binary, not UTF-8, no front matter, a field that breaks
the article schema) raises :class:`~severance_wiki.errors.WikiError` with one
``file:line: what is wrong; how to fix`` problem, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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
    body: str  # the article's text: after the front matter, or a web page's main text
    body_line: int  # line of the file where ``body`` starts (1 for a web page)


# Accepted forms, said in every message about them.
DATE_FORMS = ("write the date as YYYY-MM-DD (e.g. 2025-02-07), or null with "
              "'published_after: S2E1' (the last episode out when it was written)")
FLAGS = ("--outlet NAME (and where known --title, --url, --published YYYY-MM-DD, --author, "
         "--published-after S2E1, --kind, --interviewee)")
HTML_SUFFIXES = (".html", ".htm")


def read_article(path: Path, shown: str | None = None,
                 overrides: dict[str, Any] | None = None) -> Article:
    """Read an article file: Markdown or plain text with front matter, or a saved web page.

    ``overrides`` (from command-line flags) win over the front matter and over what a web
    page says of itself. A text file without front matter is accepted when the overrides
    give at least its ``outlet``. Bad input raises :class:`WikiError`, one line.
    """
    shown = shown or str(path)
    overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, [], "")}
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
    if path.suffix.lower() in HTML_SUFFIXES:
        return _read_html(path, shown, raw, overrides)
    try:
        fm = frontmatter.read(raw, shown, required=False)
    except ValueError as exc:  # YAML reads 2025-02-31 as a date, then fails to make one
        line = next((n for n, text in enumerate(raw.decode("utf-8", "replace").split("\n"),
                                                  1) if text.startswith("published")), None)
        raise FrontMatterError(Problem(shown, line, f"cannot read the date ({exc})",
                                       DATE_FORMS)) from None
    if not fm.lines and not overrides.get("outlet"):
        raise FrontMatterError(Problem(
            shown, 1, "the article has no front matter",
            "start it with '---', 'outlet: ...' (and title, url, published, author where "
            f"known, null where not), then '---'; or pass {FLAGS}"))
    data = {**(fm.data if fm.lines else {}), **overrides}
    meta = _meta(data, shown, fm.line_of if fm.lines else (lambda loc: 1), overrides)
    body = fm.body if fm.lines else raw.decode("utf-8")
    body_line = fm.body_line if fm.lines else 1
    if not body.strip():
        raise WikiError(Problem(shown, body_line, "the article has front matter but no text",
                                "paste the article's text after the closing '---'"))
    return Article(path, shown, meta, body, body_line)


def _meta(data: dict[str, Any], shown: str, line_of: Any,
          overrides: dict[str, Any]) -> SeedMeta:
    try:
        return SeedMeta.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        flag = f"--{field.replace('_', '-')}" if loc and loc[0] in overrides else None
        line = None if flag else line_of(loc)
        where = f"option {flag}" if flag else f"field '{field}'"
        if err["type"] == "extra_forbidden":
            msg, hint = (f"unknown field '{field}'",
                         f"use only {', '.join(SeedMeta.model_fields)}")
        elif err["type"] == "missing":
            msg, hint = f"required field '{field}' is missing", (
                f"add '{field}: ...' to the front matter, or pass --{field.replace('_', '-')}")
        elif loc and loc[0] == "published":
            msg = f"{where}: cannot read {err.get('input')!r} as a date"
            hint = DATE_FORMS
        else:
            msg = f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
            hint = "write null when it is not known"
        raise FrontMatterError(Problem(shown, line, msg, hint)) from None


def _read_html(path: Path, shown: str, raw: bytes, overrides: dict[str, Any]) -> Article:
    """A saved web page: main text and metadata by trafilatura (navigation, share buttons,
    related links, newsletter boxes and footers left out)."""
    import trafilatura  # imported here: only web pages need it

    try:
        html = raw.decode("utf-8")
    except UnicodeDecodeError:
        html = raw.decode("latin-1")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False,
                                      output_format="python")
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise WikiError(Problem(shown, None, "no article text found in the web page",
                                "save the article's own page (not a list or front page), "
                                "or paste its text into a .md file with front matter"))
    found: dict[str, Any] = {}
    if doc is not None and not isinstance(doc, dict):
        found = {"title": doc.title, "author": doc.author, "outlet": doc.sitename,
                 "published": doc.date, "url": doc.url}
    found = {k: v for k, v in found.items() if v}
    if "url" in found and not str(found["url"]).startswith(("http://", "https://")):
        del found["url"]
    data = {**found, **overrides}
    if not data.get("outlet"):
        raise WikiError(Problem(shown, None, "the web page does not name its site",
                                "pass --outlet NAME"))
    meta = _meta(data, shown, lambda loc: None, overrides)
    return Article(path, shown, meta, text.strip() + "\n", 1)
