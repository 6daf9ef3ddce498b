"""The hostile script cases in Chromium: whatever a non-strict build publishes runs nothing.

Every case of tests/hostile/cases.yaml marked ``script: true`` that produces a page goes
into one mini wiki built without ``--strict`` (so refused pages are published as the
sanitizer left them, the fail-closed path). Each page is opened with a dialog handler;
every element of the content is hovered, focused and given time to animate, links that
are not http(s) are clicked; then ``window.__pwned`` (which every payload sets) must still
be unset and no dialog may have opened. A control page with a real script proves the
harness sees a script run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))

from addresses import page_url
from contrib_helpers import BASE_PAGES
from hostile_corpus import load_cases, write_site

SCRIPT_CASES = [c for c in load_cases()
                if c.script and c.at.endswith(".md") and "file-type" not in c.rules]
CONFIG = {
    "site_name": "Mini wiki",
    "theme": {"name": "material", "features": ["navigation.instant"]},
    "plugins": ["search", "severance"],
    "markdown_extensions": ["admonition", "attr_list", "def_list", "md_in_html", "tables",
                            "toc", "pymdownx.details", "pymdownx.superfences",
                            "pymdownx.smartsymbols"],
    "strict": False,
}
PROBE = """
async () => {
  const box = document.querySelector("article") || document.body;
  for (const el of box.querySelectorAll("*")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "toggle"]) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (el.focus) el.focus();
  }
  for (const a of box.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href").trim().toLowerCase();
    if (!/^(https?:|mailto:|#|\\.|\\/|[a-z0-9_-]+(\\/|\\.|$))/.test(href)) a.click();
  }
  await new Promise(r => setTimeout(r, 400));
  return window.__pwned === undefined ? null : String(window.__pwned);
}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, Path]:
    """The URL the mixed site is served at, and its folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("hostile-browser")
    files: dict[str, object] = {}
    for case in SCRIPT_CASES:
        files.update(case.files)
    write_site(root, files, BASE_PAGES, CONFIG)
    build(load_config(str(root / "mkdocs.yml")))
    # the control: a page that really runs a script (written after the build)
    control = root / "site" / "control" / "index.html"
    control.parent.mkdir(parents=True)
    control.write_text("<!doctype html><title>control</title><p onmouseover=\"window.__pwned"
                       "=1\">x</p><script>alert('control')</script>", encoding="utf-8")
    return serve(root / "site"), root / "site"


@pytest.fixture(scope="module")
def site(served: tuple[str, Path]) -> str:
    return served[0]


@pytest.fixture
def page(browser) -> Iterator[object]:
    ctx = browser.new_context()
    p = ctx.new_page()
    yield p
    ctx.close()


def _run(page, url: str) -> tuple[list[str], str | None]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    pwned = page.evaluate(PROBE)
    page.remove_listener("dialog", on_dialog)
    return dialogs, pwned


def test_the_harness_sees_a_script_run(page, site: str) -> None:
    dialogs, pwned = _run(page, site + "control/")
    assert dialogs == ["control"] and pwned == "1"


def test_the_sample_is_big_enough() -> None:
    assert len(SCRIPT_CASES) >= 25


@pytest.mark.parametrize("case", SCRIPT_CASES, ids=[c.name for c in SCRIPT_CASES])
def test_nothing_runs(case, page, served: tuple[str, Path]) -> None:
    site, folder = served
    dialogs, pwned = _run(page, site + page_url(folder, case.at))  # a late page: neutral
    assert page.locator("article").count() == 1, "the case's page was not published"
    assert dialogs == [] and pwned is None, (dialogs, pwned)
