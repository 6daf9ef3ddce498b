"""One rendering path for the build and the validator.

The build renders pages through MkDocs (Python-Markdown with the site's extensions, plus
ours, registered by the plugin); the validator renders each page with the same extensions
and the same wikilink renderer (:func:`link_element`), so the checks of what ships
(:mod:`rendered`) see the same HTML in both and agree case by case. MkDocs adds only its
own URL rewriting of ``.md`` links, which the checks do not depend on.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions.toc import slugify as default_slugify
from markdown.util import AtomicString

from .limits import BracketGuardExtension
from .registry import Registry, Resolution
from .spoilers import SpoilerExtension
from .wikilinks import WikiLink, WikiLinkExtension

# The extensions of a site without mkdocs.yml (the validator on a bare docs folder):
# MkDocs' built-ins and those the wiki's own pages are written with.
DEFAULT_EXTENSIONS: list[Any] = ["toc", "tables", "fenced_code", "admonition", "attr_list",
                                 "def_list", "md_in_html", "pymdownx.details",
                                 "pymdownx.superfences"]


def our_extensions(render_link: Callable[[WikiLink], etree.Element]) -> list[Any]:
    """The plugin's Markdown extensions, in the order the build registers them."""
    return [WikiLinkExtension(render_link), SpoilerExtension(), BracketGuardExtension()]


@lru_cache(maxsize=4096)
def relpath(path: str, folder: str) -> str:
    """``path`` relative to ``folder`` (both in docs/); cached: the same few folders link
    to the same pages over and over, and ``posixpath.relpath`` is slow."""
    return posixpath.relpath(path, folder or ".")


def link_element(registry: Registry, link: WikiLink, here: str,
                 slugify: Callable[[str, str], str] = default_slugify,
                 separator: str = "-") -> tuple[etree.Element, Resolution]:
    """The element a wikilink on page ``here`` (its src_uri) becomes: a link to the page,
    marked ``data-reveal`` with the later of the target page's reveal point and the name's
    own, or a ``wikilink--missing`` span with the link's text when it resolves to nothing."""
    res = registry.resolve(link.target)
    if res.target is None:
        el = etree.Element("span", {"class": "wikilink wikilink--missing"})
        el.text = AtomicString(link.text)
        return el, res
    target = res.target
    el = etree.Element("a", {"class": "wikilink"})
    # A relative .md path: MkDocs turns it into the right URL at any depth and checks it.
    href = relpath(target.entry.src_uri, posixpath.dirname(here))
    if link.heading:
        href += "#" + slugify(link.heading, separator)
    el.set("href", href)
    reveal = registry.latest([registry.reveal_point(target.entry), target.reveal])
    if reveal != "S0":
        el.set("data-reveal", reveal)
    if link.label:
        text = link.label
    elif target.kind == "key":
        text = registry.link_title(target.entry)
        if link.heading:
            text += f" § {link.heading}"
    else:
        text = link.text
    el.text = AtomicString(text)
    return el, res


def harden(configs: dict[str, Any]) -> dict[str, Any]:
    """Extension settings a contribution may not use, turned off: the ``[TOC]`` marker
    (a table of contents in the text would copy the headings of spoiler blocks out of
    their gates). The build (plugin ``on_config``) and the validator both apply it."""
    return {**configs, "toc": {**configs.get("toc", {}), "marker": ""}}


def markdown_settings(config_file: Path | None) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings of the site whose config is
    ``config_file`` (MkDocs' built-ins included), or the defaults without one."""
    if config_file is None or not config_file.is_file():
        return list(DEFAULT_EXTENSIONS), harden({"toc": {"permalink": True}})
    import logging

    from mkdocs.config import load_config

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        cfg = load_config(str(config_file))
    finally:
        quiet.setLevel(level)
    return list(cfg.markdown_extensions), harden(dict(cfg.mdx_configs))


class Renderer:
    """Renders page bodies as the build does, for the validator."""

    def __init__(self, registry: Registry, config_file: Path | None = None):
        self.registry = registry
        extensions, configs = markdown_settings(config_file)
        toc = configs.get("toc", {})
        self.slugify = toc.get("slugify", default_slugify)
        self.separator = toc.get("separator", "-")
        self.here = ""
        self.md = markdown.Markdown(extensions=[*extensions, *our_extensions(self._link)],
                                    extension_configs=configs)

    def _link(self, link: WikiLink) -> etree.Element:
        return link_element(self.registry, link, self.here, self.slugify, self.separator)[0]

    def render(self, src_uri: str, body: str) -> str:
        self.here = src_uri
        self.md.reset()
        return self.md.convert(body)

    def toc_tokens(self) -> list[Any]:
        """The table of contents of the page rendered last (Python-Markdown's tokens)."""
        return list(getattr(self.md, "toc_tokens", []) or [])


__all__ = ["Renderer", "harden", "link_element", "markdown_settings", "our_extensions", "relpath"]
