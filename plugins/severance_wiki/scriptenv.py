"""What the scripts in scripts/ say about how to run them (imports nothing outside the
standard library, so it works under any python).

A script started with a python that lacks the project's packages (the system python, say)
stops with one line naming the command that works, instead of a ``ModuleNotFoundError``
traceback; hints the scripts print use the same commands, relative to where the user is.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# What the scripts import from outside the standard library (pyproject.toml installs them).
NEEDED = ("yaml", "markdown", "pydantic", "markupsafe")


def _rel(path: Path) -> str:
    rel = os.path.relpath(path)
    return rel if len(rel) <= len(str(path)) else str(path)


def venv_command(script: str, *args: str) -> str:
    """``.venv/bin/python scripts/<script> ARGS`` as typed from the working directory."""
    python = _rel(ROOT / ".venv" / "bin" / "python")
    return shlex.join([python, _rel(ROOT / "scripts" / script), *args])


def require_packages(script: str, make_target: str | None = None,
                     argv: list[str] | None = None) -> None:
    """Exit (status 2) with one line when this python cannot import the project's packages."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    args = sys.argv[1:] if argv is None else argv
    command = venv_command(script, *args)
    make = f"`make {make_target}`" if make_target else "`make venv` once"
    joiner = " or " if make_target else ", then "
    print(f"{script}: this python ({sys.executable}) lacks the wiki's packages (no module "
          f"'{missing[0]}'); run {make}{joiner}`{command}`", file=sys.stderr)
    raise SystemExit(2)


__all__ = ["NEEDED", "ROOT", "require_packages", "venv_command"]
