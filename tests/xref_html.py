"""HTML helpers for the cross-reference tests: links as tuples, the article of a page."""

from __future__ import annotations

import importlib.util
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, PageElement, Tag


def _load_conftest() -> Any:
    """tests/conftest.py as a module (``import conftest`` is ambiguous: the browser
    tests have a conftest too), for fixtures wider than the function-scoped ``mini``."""
    spec = importlib.util.spec_from_file_location(
        "xref_mini_sites", Path(__file__).with_name("conftest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


MINI = _load_conftest()  # BASE_PAGES, MINI_CONFIG: the mini sites' pages and config
build_site = MINI.build_site


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


# --- gated markup (the spoiler system's sv-* gates), read as a reader would -----------------

# The mini sites' timeline (tests/conftest.py): a gate's data-sv-pos is a position in it.
MINI_KEYS = ("S1E1", "S1E2", "S2E1")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _key(gate: Tag, keys: tuple[str, ...]) -> str:
    key = gate.get("data-sv-key")
    if isinstance(key, str) and key:
        return key
    pos = int(str(gate.get("data-sv-pos")))  # a quiet gate: a position only
    return keys[pos - 1]


def gate_key(node: PageElement, keys: tuple[str, ...] = MINI_KEYS) -> str | None:
    """The key of the innermost gate hiding ``node``; ``None`` when every reader sees it.
    An item of a group (``.sv-later``) is hidden until its own point."""
    for parent in node.parents:
        classes = parent.get("class") or []
        if "sv-later" in classes:
            return _key(parent, keys)
        if "sv-content" in classes and parent.parent is not None \
                and "sv-spoiler" in (parent.parent.get("class") or []) \
                and "sv-each" not in (parent.parent.get("class") or []):
            return _key(parent.parent, keys)
    return None


def _visible(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def gated_anchors(html: str, keys: tuple[str, ...] = MINI_KEYS
                  ) -> list[tuple[str, str | None, str]]:
    """Every link as ``(href, key of the gate hiding it or None, text)``."""
    return [(str(a.get("href") or ""), gate_key(a, keys), _visible(a))
            for a in soup(html).find_all("a")]


def gated_text(html: str, text: str, keys: tuple[str, ...] = MINI_KEYS) -> list[str | None]:
    """For each place ``text`` occurs: the key of the gate hiding it (``None``: not gated)."""
    return [gate_key(s, keys) for s in soup(html).find_all(string=lambda s: text in s)]


def cells(html: str, keys: tuple[str, ...] = MINI_KEYS) -> list[tuple[str, str | None]]:
    """The ``<td>`` cells of a row (not a gate's own cell): ``(text with every gate open,
    key of its gate)``."""
    out = []
    for td in soup(html).find_all("td"):
        if "sv-gate" in (td.get("class") or []) or td.find_parent(class_="sv-gate"):
            continue
        strings = [s for s in td.find_all(string=True) if s.strip()
                   and not any("sv-gate" in (p.get("class") or []) for p in s.parents)]
        out.append((reader_text(str(td), "all", keys),
                    gate_key(strings[0], keys) if strings else None))
    return out


def reader_text(html: str, upto: str = "S0", keys: tuple[str, ...] = MINI_KEYS) -> str:
    """The text a reader who has watched up to ``upto`` ("S0", a key, or "all") sees
    without revealing anything: open gates show their content; closed gates show their note
    and one "Show" (the button with JavaScript), quiet gates nothing; a group shows the
    items progress has reached, then its note while some are still hidden. (A row gate:
    its key cell, then the note.)"""
    progress = len(keys) if upto == "all" else (keys.index(upto) + 1 if upto != "S0" else 0)
    tree = soup(html)
    for item in reversed(tree.select(".sv-later")):
        if int(str(item.get("data-sv-pos"))) > progress:
            item.decompose()
    for gate in reversed(tree.select(".sv-spoiler")):  # innermost first
        opened = int(str(gate.get("data-sv-pos"))) <= progress
        for part in gate.find_all(class_=["sv-gate", "sv-toggle"], recursive=False):
            note = part.select_one(".sv-note")
            if opened or note is None:
                part.decompose()
            else:
                part.replace_with(f" {_visible(note)} Show ")
        if not opened and "sv-each" not in (gate.get("class") or []):
            for content in gate.find_all(class_="sv-content", recursive=False):
                content.decompose()
    return " ".join(tree.get_text(" ").split())


def gate_labels(html: str) -> list[Tag]:
    """Every gate's visible part (note and buttons)."""
    return soup(html).select(".sv-spoiler > .sv-gate")
