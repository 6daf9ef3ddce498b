"""Typed configuration of the ``severance`` plugin (``plugins: - severance: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class WikiConfig(base.Config):
    default_progress = c.Type(str, default="S0")
    """Progress assumed for a reader who has not said how far they are (``S0``: nothing)."""

    validate_references = c.Type(bool, default=True)
    """Warn when front matter names a person, character, source or episode that no page is."""

    cache_navigation = c.Type(bool, default=True)
    """Render the theme's sidebar and tabs once per folder for pages outside ``nav``.

    Such a page marks no navigation item as active, so its sidebar is the same as that of
    every other such page in its folder (links are relative to the folder). Material renders
    the navigation for every page, the largest cost of a wiki with thousands of pages."""
