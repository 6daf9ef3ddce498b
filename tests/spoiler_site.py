"""A mini wiki with a canary string in every kind of spoiler markup (leak and browser tests).

Every canary contains "canary" and names the episode that makes it safe. The base mini wiki's
timeline is S1E1, S1E2, S2E1 (positions 1..3).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

# canary -> the key at which it becomes safe
CANARIES = {
    "canary-inline-s1e2": "S1E2",
    "canary-block-s2e1": "S2E1",
    "canary-details-s1e2": "S1E2",
    "canary-alt-s2e1": "S2E1",
    "canary-mark-s2e1": "S2E1",
    "canary-li-s2e1": "S2E1",
    "canary-cell-s1e2": "S1E2",
    "canary-trivia-s2e1": "S2E1",
    "canary-heading-s2e1": "S2E1",
    "canary-episode-s1e2": "S1E1",  # the S1E2 page's body is safe once S1E1 is watched
    "canary-own-s1e2": "S1E2",  # keyless markup on the S1E2 page: the episode itself
    "canary-tooltip-s1e2": "S1E2",  # the title attribute of a gated paragraph
    "canary-tablecell-s1e2": "S1E2",  # an inline spoiler inside a Markdown table cell
    "canary-title-s2e1": "S2E1",  # the title of a page about S2E1
}

PAGES: dict[str, str | bytes] = {
    "notes.md": textwrap.dedent("""\
        ---
        type: page
        title: Notes
        ---
        Safe notes text, with ||S1E2: canary-inline-s1e2 [[S1E1]]|| inline.

        !!! spoiler "S2E1"
            First paragraph canary-block-s2e1.

            ![canary-alt-s2e1](pic.png)

        Between the blocks.

        ??? spoiler "S1E2"
            canary-details-s1e2 is collapsible.

        A producer's mark: <span data-reveal="S2E1">canary-mark-s2e1</span>.

        <ul><li data-reveal="S2E1">canary-li-s2e1</li><li>safe item</li></ul>

        <table><tr data-reveal="S1E2"><td>canary-cell-s1e2</td><td>x</td></tr></table>

        <p title="canary-tooltip-s1e2" data-reveal="S1E2">A gated paragraph.</p>

        | column | value |
        |---|---|
        | cell | ||S1E2: canary-tablecell-s1e2|| |

        Links: [[S1E2]], [[S2E1]], [[A trivia item]].
        """),
    "trivia/item.md": textwrap.dedent("""\
        ---
        type: trivia
        title: A trivia item
        episodes: [S2E1]
        tags: [canary-tag-s2e1]
        sources:
          - {source: A source, quote: A short supporting line.}
        ---
        Body canary-trivia-s2e1.

        ## The canary-heading-s2e1 section

        More text.
        """),
    "trivia/titled.md": textwrap.dedent("""\
        ---
        type: trivia
        title: The canary-title-s2e1 fact
        episodes: [S2E1]
        sources:
          - {source: A source, quote: A short supporting line.}
        ---
        A later fact, linked from [[A trivia item]].
        """),
    "sources/a-source.md": "---\ntype: source\ntitle: A source\noutlet: Nowhere\n---\nA source.\n",
    "episodes/s1e2.md": textwrap.dedent("""\
        ---
        type: episode
        title: Half Loop
        season: 1
        episode: 2
        released: 2022-02-18
        directed_by: [Ben Stiller]
        written_by: [Dan Erickson]
        ---
        Episode text canary-episode-s1e2. What happens: ||canary-own-s1e2||.
        """),
    "pic.png": b"\x89PNG\r\n\x1a\n",
}


def build(root: Path, site_url: str | None = None):  # type: ignore[no-untyped-def]
    """Build the canary wiki under ``root`` with the suite's mini-site builder."""
    spec = importlib.util.spec_from_file_location(
        "_sv_suite_conftest", Path(__file__).with_name("conftest.py"))
    assert spec and spec.loader
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    config = {"site_url": site_url} if site_url else None
    return module.build_site(root, PAGES, config=config)
