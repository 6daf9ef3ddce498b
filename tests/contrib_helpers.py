"""Helpers shared by the contributor-tooling tests (validator and scaffolder, in process)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _suite_conftest() -> ModuleType:
    """tests/conftest.py (loaded by path: another conftest module, tests/browser/
    conftest.py, can hold the name 'conftest' in a full run)."""
    spec = importlib.util.spec_from_file_location("_wiki_tests_conftest",
                                                  ROOT / "tests" / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SUITE = _suite_conftest()
BASE_PAGES: dict[str, str] = dict(SUITE.BASE_PAGES)  # the mini wiki's base pages
MINI_CONFIG: dict[str, object] = dict(SUITE.MINI_CONFIG)  # and its mkdocs.yml

# A source page the mini wiki lacks, so that trivia in tests can cite something.
SOURCE_PAGE = ("---\ntype: source\ntitle: Test interview\noutlet: Test Weekly\n"
               "kind: interview\n---\nAn interview used by the tests.\n\n## Notes\n\nMore.\n")

GOOD_TRIVIA = """---
type: trivia
title: The pilot was shot twice
episodes: [S1E1]
people: [Ben Stiller]
spoilers: S1E1
sources:
  - source: Test interview
    quote: We shot the pilot twice.
    speaker: Ben Stiller
---
The pilot of [[Good News About Hell]] was shot twice.
"""


def script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` as a module (the scripts folder is not a package)."""
    key = f"_wiki_script_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def repo_copy(dest: Path) -> Path:
    """A copy of this repository's files (tracked or new, not ignored) at ``dest``, with its
    ``.venv`` linked in: where commands the docs print can run as written without touching
    the real wiki."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                            "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        src = ROOT / name
        if name and src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


# An invented interview for mini sites with a stored article (citations, serve rebuilds).
INVENTED_INTERVIEW = textwrap.dedent("""\
    ---
    # Written for the tests: every quote below is invented, not said by anyone.
    outlet: Test Weekly
    title: An invented interview about the pilot
    author: Jane Roe
    published: 2024-03-01
    kind: interview
    interviewees: [Ben Stiller]
    ---
    The pilot of the show was made twice, the director told us in an invented conversation.

    Ben Stiller said the first cut felt wrong:

    We shot the pilot twice. The first version was too bright — everyone said so — and the \
    second one was "much colder," which is what we wanted. We spent weeks on it.

    Britt Lower was also on set that week. The weather turned cold and the crew moved \
    indoors for the rest of the shoot, into a studio near the river.

    Dan Erickson's script changed too, according to a note we saw.
    """)
