"""HTML helpers for the cross-reference tests: links as tuples, the article of a page."""

from __future__ import annotations

import importlib.util
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


def _load_build_site() -> Any:
    """``build_site`` from tests/conftest.py (``import conftest`` is ambiguous: the browser
    tests have a conftest too), for fixtures wider than the function-scoped ``mini``."""
    spec = importlib.util.spec_from_file_location(
        "xref_mini_sites", Path(__file__).with_name("conftest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.build_site


build_site = _load_build_site()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None, str]] = []
        self._open: list[tuple[str, str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            a = dict(attrs)
            self._open.append((a.get("href") or "", a.get("data-reveal"), []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, reveal, text = self._open.pop()
            self.found.append((href, reveal, "".join(text)))


def anchors(html: str) -> list[tuple[str, str | None, str]]:
    """Every link as ``(href, data-reveal, text)``."""
    parser = _Links()
    parser.feed(html)
    return parser.found


def article(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]
