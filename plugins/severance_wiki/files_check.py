"""Files in docs/ that must never be published, whatever their content.

MkDocs copies every file of ``docs/`` that is not a page into the site as it is, and
follows symbolic links. So a pull request could publish a file from outside the
repository (a symlink to ``~/.ssh/id_rsa``), or a file the browser runs as a page of the
site's own origin (``x.html``, an SVG with a script, JavaScript), which no check of
Markdown pages would ever read. The build and the validator refuse both.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

from .errors import Problem

# File types a contribution may add outside docs/assets/: pages, raster images, fonts, PDFs
# and plain text, which a browser shows but never runs. Everything else is refused: a
# browser runs more types as a document of the site's origin than any list of them would
# hold (.html, .xhtml, .xhtm, .svg, .xml and every "+xml" type, .js ...), and which ones
# depends on the host's table of content types. The theme's own files live in
# docs/assets/ (reviewed as code, like mkdocs.yml).
INERT = frozenset({".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp",
                   ".woff", ".woff2", ".ttf", ".otf", ".pdf", ".txt"})
ASSETS = "assets/"


def problems(docs_dir: str, src_uris: Iterable[str], shown_prefix: str = "") -> list[Problem]:
    """Files under ``docs_dir`` (``src_uris``, relative paths) that may not be published:
    symbolic links (and files reached through a linked folder) and, outside ``assets/``,
    any type that is not inert (:data:`INERT`)."""
    out: list[Problem] = []
    root = os.path.realpath(docs_dir)
    reported: set[str] = set()
    for uri in sorted(src_uris):
        link = _link_of(docs_dir, uri)
        if link is not None:  # the link itself is reported once, whatever is under it
            if link not in reported:
                reported.add(link)
                target = os.path.realpath(os.path.join(docs_dir, *link.split("/")))
                inside = os.path.commonpath([root, target]) == root
                out.append(Problem(
                    shown_prefix + link, None,
                    f"is a symbolic link (to {target if inside else 'outside docs/'}); the "
                    "build would publish what it points to",
                    "replace it with the file itself, or remove it", rule="file-type"))
            continue
        shown = shown_prefix + uri
        ext = posixpath.splitext(uri)[1].lower()
        if ext not in INERT and not uri.startswith(ASSETS):
            what = f"'{ext}' files" if ext else "files without an extension"
            out.append(Problem(shown, None,
                               f"{what} may run in the reader's browser as part of the "
                               "site, so they are not accepted outside docs/assets/ (only "
                               "pages, images, fonts, PDFs and text are)",
                               "write the page in Markdown (a .md file), or use a PNG, JPEG "
                               "or WebP image", rule="file-type"))
    return out


def _link_of(docs_dir: str, uri: str) -> str | None:
    """The first part of ``uri`` (the file, or a folder above it) that is a symbolic
    link, relative to ``docs_dir``; None when there is none."""
    path, parts = docs_dir, uri.split("/")
    for i, part in enumerate(parts):
        path = os.path.join(path, part)
        if os.path.islink(path):
            return "/".join(parts[:i + 1])
    return None


def walk(docs_dir: str) -> list[str]:
    """Every file under ``docs_dir``, relative, with '/' separators, hidden files and
    folders left out as MkDocs does; a linked folder is listed itself, not entered."""
    out = []
    for folder, dirs, names in os.walk(docs_dir):
        rel = os.path.relpath(folder, docs_dir)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        linked = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in linked]
        out += [prefix + d for d in linked if not d.startswith(".")]
        out += [prefix + n for n in names if not n.startswith(".")]
    return out


__all__ = ["problems", "walk"]
