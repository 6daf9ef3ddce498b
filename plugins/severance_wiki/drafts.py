"""Trivia drafts: pages the ingestion proposed that no maintainer has reviewed yet.

A draft is a page whose front matter says ``draft: true``. ``mkdocs serve`` shows it with
an "unreviewed" banner (MkDocs' own draft level: previewed, never built); ``mkdocs build``
leaves it out entirely, so nothing published can link to it or list it, and the wiki's
registry, relations and index pages are built without it. ``scripts/validate.py`` checks
drafts like any page and counts them; ``scripts/review.py`` accepts or rejects them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mkdocs.structure.files import Files, InclusionLevel

_DRAFT = re.compile(rb"(?m)^draft:[ \t]*(?:true|yes|on)[ \t]*(?:#.*)?\r?$", re.IGNORECASE)

BANNER = (
    '!!! warning "Unreviewed draft"\n'
    "    The ingestion proposed this page from a source article and no maintainer has "
    "checked it yet. Only `mkdocs serve` shows it: the published site leaves it out until "
    "it is accepted with `scripts/review.py`.\n\n"
)


def is_draft(raw: bytes) -> bool:
    """The page's front matter (the block between the first two ``---`` lines) says
    ``draft: true``."""
    text = raw.removeprefix(b"\xef\xbb\xbf")
    if not text.startswith(b"---"):
        return False
    end = text.find(b"\n---", 3)
    return end != -1 and _DRAFT.search(text, 0, end + 1) is not None


def set_aside(files: Files, raw: dict[str, bytes]) -> dict[str, bytes]:
    """Mark every draft as MkDocs' draft level (served, not built) and return the pages
    without them, for the registry and the checks of the build."""
    kept = {}
    for uri, data in raw.items():
        file = files.get_file_from_path(uri)
        if file is not None and is_draft(data):
            file.inclusion = InclusionLevel.DRAFT
        else:
            kept[uri] = data
    return kept


def banner(markdown: str, meta: Mapping[str, Any]) -> str:
    """The page's Markdown with the "unreviewed" banner on top, if it is a draft."""
    return BANNER + markdown if meta.get("draft") is True else markdown
