"""Where a built site put a source page: its address, as a reader's browser sees it.

A page past S0 has a neutral address (``trivia/s2e1-1a2b3c4d/``: its reveal point and a hash
of its file name, :meth:`SpoilerSite.neutral_addresses`), other pages the one MkDocs gives
them. Tests find a page the way a reader does, by what was built, and fail when the page was
built at neither address or at both.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from severance_wiki.spoilers_site import address_digest


def page_file(site: Path, src_uri: str) -> str:
    """The site-relative output file of the page built from ``src_uri``
    ("characters/lorne/index.html", or "characters/lorne.html" without directory URLs)."""
    folder, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    base = site / folder
    if stem == "index":
        names = ["index.html"]
    else:
        names = [f"{stem}/index.html", f"{stem}.html"]
        digest = address_digest(src_uri)
        names += [p.relative_to(base).as_posix()
                  for pattern in (f"*-{digest}/index.html", f"*-{digest}.html")
                  for p in base.glob(pattern)]
    found = [posixpath.join(folder, n) for n in names if (base / n).is_file()]
    assert len(found) == 1, f"{src_uri} was built at {found or 'no address'} in {site}"
    return found[0]


def page_path(site: Path, src_uri: str) -> Path:
    """The output file of the page built from ``src_uri``."""
    return site / page_file(site, src_uri)


def page_url(site: Path, src_uri: str) -> str:
    """The site-relative URL of the page built from ``src_uri`` ("characters/lorne/")."""
    out = page_file(site, src_uri)
    return out[: -len("index.html")] if out.endswith("index.html") else out
