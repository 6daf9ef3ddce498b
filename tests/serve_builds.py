"""Builds a site the way ``mkdocs serve`` does, in a process of its own (tests/test_incremental.py).

    python tests/serve_builds.py full PROJECT SITE
        what ``mkdocs serve`` (``make serve-full``) builds on every save: a full build;
    python tests/serve_builds.py steps PROJECT SITE STEPS.json OUT
        ``mkdocs serve --dirty`` (``make serve``): the first build, then, for each step of
        STEPS.json (files to write, delete or rename under PROJECT), one rebuild; after
        each, OUT/<n>/ gets a copy of the site and of the project as they were.

Both call MkDocs' own ``build`` with the arguments ``mkdocs serve`` gives it (a fresh
config from mkdocs.yml each time, ``site_url`` and ``serve_url`` the server's address,
``dirty`` as the command line says) and write ``result.json``: the warnings logged and,
for a rebuild, the pages rendered again.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Any

SERVE_URL = "http://127.0.0.1:8000/"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_once(project: Path, site: Path, dirty: bool, config: Any = None) -> list[str]:
    """One build as ``mkdocs serve``'s builder runs it; the warnings it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    if config is None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SERVE_URL
    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(config, serve_url=SERVE_URL, dirty=dirty)
    except Abort as exc:  # a strict build's warnings: the site is written all the same
        collect.messages.append(f"ABORT: {exc}")
    finally:
        logger.removeHandler(collect)
    return collect.messages


def apply(project: Path, ops: list[list[str]]) -> None:
    for op, path, *rest in ops:
        target = project / path
        if op == "write":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rest[0], encoding="utf-8")
        elif op == "delete":
            target.unlink()
        elif op == "rename":
            dest = project / rest[0]
            dest.parent.mkdir(parents=True, exist_ok=True)
            target.rename(dest)
        else:
            raise SystemExit(f"unknown operation {op!r}")


def main(argv: list[str]) -> int:
    from mkdocs.config import load_config

    mode, project, site = argv[0], Path(argv[1]), Path(argv[2])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if mode == "full":
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SERVE_URL
        config.plugins.on_startup(command="serve", dirty=False)
        warnings = build_once(project, site, dirty=False, config=config)
        (site.parent / f"{site.name}.json").write_text(json.dumps({"warnings": warnings}))
        return 0
    steps = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
    out = Path(argv[4])
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = config.plugins["severance"]
    for n, step in enumerate([{"name": "first build", "ops": []}, *steps]):
        apply(project, step["ops"])
        warnings = build_once(project, site, dirty=True, config=config if n == 0 else None)
        here = out / str(n)
        shutil.copytree(site, here / "site")
        for part in ("docs", "seeds", "overrides", "mkdocs.yml"):
            src = project / part
            if src.is_dir():
                shutil.copytree(src, here / "project" / part)
            elif src.exists():
                shutil.copy2(src, here / "project" / part)
        (here / "result.json").write_text(json.dumps({
            "name": step["name"], "warnings": warnings,
            "rendered": plugin.incremental.rendered}), encoding="utf-8")
    config.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
