"""Typed configuration of the ``severance`` plugin (``plugins: - severance: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class WikiConfig(base.Config):
    validate_references = c.Type(bool, default=True)
    """Warn when front matter names a person, character, source or episode that no page is."""

    index_list_limit = c.Type(int, default=1000)
    """"Trivia by person" lists every trivia item under every person it names; past this many
    entries it lists the people with their counts instead, linking to their pages (which
    list their trivia), so the page stays small to download. 0: no limit."""

    theme_cache = c.Type(bool, default=True)
    """Render the theme's parts that many pages share once (themecache.py): the sidebar and
    tabs once per folder for pages outside ``nav`` (such a page highlights no item, and its
    links are relative to its folder), the colour toggle, search dialog and back-to-top
    button once per site. Material renders them for every page, the largest cost of a wiki
    with thousands of pages. ``false`` renders them per page (the same HTML, slower)."""
