"""Shared fixtures: throwaway mini sites built with real MkDocs, and the real site."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

MINI_CONFIG = {
    "site_name": "Mini wiki",
    "site_url": "http://127.0.0.1:8000/",
    "theme": {"name": "material", "features": ["navigation.instant"]},
    "plugins": ["search", "severance"],
    "markdown_extensions": ["admonition", "attr_list", "md_in_html", "toc",
                            "pymdownx.details", "pymdownx.superfences"],
}

# A tiny timeline and cast, enough for links and spoilers to mean something.
EPISODE = """---
type: episode
title: {title}
season: {season}
episode: {episode}
released: 2022-02-18
directed_by: [Ben Stiller]
written_by: [Dan Erickson]
---
Episode text.
"""
BASE_PAGES = {
    "index.md": "---\ntype: page\ntitle: Home\n---\nWelcome.\n",
    "episodes/s1e1.md": EPISODE.format(title="Good News About Hell", season=1, episode=1),
    "episodes/s1e2.md": EPISODE.format(title="Half Loop", season=1, episode=2),
    "episodes/s2e1.md": EPISODE.format(title="Hello, Ms. Cobel", season=2, episode=1),
    "people/ben-stiller.md": "---\ntype: person\nname: Ben Stiller\nroles: [director]\n---\n",
    "people/dan-erickson.md": "---\ntype: person\nname: Dan Erickson\nroles: [writer]\n---\n",
    "people/britt-lower.md": (
        "---\ntype: person\nname: Britt Lower\nroles: [actor]\nplays: [Helly Riggs]\n---\n"
    ),
    "characters/helly-riggs.md": textwrap.dedent("""\
        ---
        type: character
        name: Helly Riggs
        aliases: [Helly R.]
        played_by: [Britt Lower]
        reveals:
          - {name: Helena Eagan, episode: S1E2}
        ---
        Helly text.
        """),
}


@dataclass
class BuildResult:
    """What a mini-site build produced: its exit, its log lines and its output folder."""

    ok: bool
    logs: list[str]
    site: Path
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def page(self, src_uri: str) -> str:
        """The HTML of the page built from ``src_uri`` (at its neutral address if late)."""
        from addresses import page_path

        return page_path(self.site, src_uri).read_text(encoding="utf-8")

    def url(self, src_uri: str) -> str:
        """The site-relative URL of the page built from ``src_uri``."""
        from addresses import page_url

        return page_url(self.site, src_uri)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    root: Path,
    pages: dict[str, str | bytes],
    *,
    base: bool = True,
    strict: bool = True,
    config: dict | None = None,
) -> BuildResult:
    """Write a mini site under ``root`` and build it with real MkDocs, in process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    all_pages: dict[str, str | bytes] = {**(BASE_PAGES if base else {}), **pages}
    for rel, text in all_pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    cfg = {**MINI_CONFIG, **(config or {}), "strict": strict}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    ok, error = True, ""
    try:
        build(load_config(str(root / "mkdocs.yml")))
    except (Abort, PluginError) as exc:
        ok, error = False, str(exc)
    finally:
        logger.removeHandler(handler)
    logs = [f"{r.levelname}: {r.getMessage()}" for r in handler.records]
    warnings = [r.getMessage() for r in handler.records if r.levelno == logging.WARNING]
    errors = [r.getMessage() for r in handler.records if r.levelno >= logging.ERROR]
    if errors:
        error = "\n".join([*errors, error])
    return BuildResult(ok, logs, root / "site", error, warnings)


@pytest.fixture
def mini(tmp_path: Path):
    """``mini(pages, **kw)`` builds a throwaway site in a temporary folder."""

    def _build(pages: dict[str, str | bytes], **kw: object) -> BuildResult:
        return build_site(tmp_path, pages, **kw)  # type: ignore[arg-type]

    return _build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real wiki, built once per test session with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("real-site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stderr[-4000:]}")
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [], warnings
    yield out


@pytest.fixture(scope="module")
def registry():  # the real wiki's registry, for the ingestion tests (read once per module)
    from severance_wiki.ingest.pages import load_registry

    return load_registry(ROOT / "docs")
