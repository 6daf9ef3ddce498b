"""Machine-owned parts of committed pages, refreshed without touching human edits.

A generated page has machine-owned front matter fields and one machine block in its body:

    <!-- wiki:generated sha=0123abcd4567 by=scripts/generate.py; ... -->
    ...text the script writes...
    <!-- /wiki:generated -->

The ``sha`` fingerprints the machine fields and the block as last written. On a re-run:
if the page still matches its fingerprint, the machine parts are refreshed; if a person
edited them, the page is left alone and reported. Text outside the block and front matter
fields the script does not own are always kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter as pyfrontmatter

from . import frontmatter
from .errors import FrontMatterError

START_RE = re.compile(r"<!-- wiki:generated sha=(?P<sha>[0-9a-f]{12}) by=(?P<by>\S+)[^>]*-->\n?")
END = "<!-- /wiki:generated -->"
NOTE = "edit outside this block, or edit inside it to take it over by hand"


def fingerprint(machine_meta: dict[str, Any], block: str) -> str:
    payload = json.dumps(machine_meta, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((payload + "\0" + block.strip()).encode()).hexdigest()[:12]


def dump_front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter in a stable, readable form (flow style for short lists)."""
    post = pyfrontmatter.Post("", **meta)
    text = pyfrontmatter.dumps(post, sort_keys=False, default_flow_style=None, width=100)
    return text.rstrip("\n") + "\n"


@dataclass
class Outcome:
    path: Path
    status: str  # created | updated | unchanged | kept
    reason: str = ""


def render(meta: dict[str, Any], block: str, by: str, tail: str = "") -> str:
    sha = fingerprint(meta, block)
    body = f"<!-- wiki:generated sha={sha} by={by}; {NOTE} -->\n{block.strip()}\n{END}\n"
    if tail:
        body += "\n" + tail.lstrip("\n")
    return dump_front_matter(meta) + "\n" + body


def plan(
    path: Path, meta: dict[str, Any], block: str, by: str, shown: str, force: bool = False
) -> tuple[str | None, Outcome]:
    """New text for ``path`` (None when nothing is to be written) and what happened.

    ``meta`` must not hold ``None`` values (absent fields are left out of the page).
    """
    if not path.exists():
        return render(meta, block, by), Outcome(path, "created")
    raw = path.read_bytes()
    try:
        fm = frontmatter.read(raw, shown)
    except FrontMatterError as exc:
        return None, Outcome(path, "kept", f"cannot read it ({exc.problems[0]}); fix it first")
    m = START_RE.search(fm.body)
    end = fm.body.find(END, m.end()) if m else -1
    if (not m or end < 0) and force:
        return render(meta, block, by, fm.body), Outcome(path, "updated", "forced")
    if not m or end < 0:
        return None, Outcome(path, "kept", "its machine block markers were removed by hand")
    old_block = fm.body[m.end():end]
    old_machine = {k: fm.data.get(k) for k in meta}
    if not force and fingerprint(_plain(old_machine), old_block) != m.group("sha"):
        line = fm.body_line + fm.body[: m.start()].count("\n")
        return None, Outcome(path, "kept", f"edited by hand (machine block at line {line}); "
                             "your edit is kept; run with --force to overwrite it")
    merged = dict(meta)
    for key, value in fm.data.items():
        if key not in meta:
            merged[key] = value  # a field a person added
    sha = fingerprint(meta, block)
    start = f"<!-- wiki:generated sha={sha} by={by}; {NOTE} -->\n"
    body = fm.body[: m.start()] + start + block.strip() + "\n" + fm.body[end:]
    text = dump_front_matter(merged) + "\n" + body.lstrip("\n")
    if text == raw.decode("utf-8"):
        return None, Outcome(path, "unchanged")
    return text, Outcome(path, "updated")


def _plain(meta: dict[str, Any]) -> dict[str, Any]:
    """Drop keys that are absent so an old page and new meta fingerprint alike."""
    return {k: v for k, v in meta.items() if v is not None}


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename: never a half-written page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
