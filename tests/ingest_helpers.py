"""Helpers shared by the ingestion tests: a dry run of an invented article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from severance_wiki.ingest.pages import run
from severance_wiki.registry import Registry

ROOT = Path(__file__).resolve().parent.parent


def dry_run(registry: Registry, tmp_path: Path, front: dict[str, Any], body: str) -> dict[str, Any]:
    """``--dry-run --json`` of an invented article (``front`` matter, then ``body``); nothing
    is written to the wiki."""
    path = tmp_path / "article.md"
    path.write_text("---\n# Invented for the tests; every quote is invented.\n"
                    + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body + "\n",
                    encoding="utf-8")
    return run(path, ROOT / "docs", dry_run=True, registry=registry).data
