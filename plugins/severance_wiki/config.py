"""Typed configuration of the ``severance`` plugin (``plugins: - severance: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class WikiConfig(base.Config):
    default_progress = c.Type(str, default="S0")
    """Progress assumed for a reader who has not said how far they are (``S0``: nothing)."""

    validate_references = c.Type(bool, default=True)
    """Warn when front matter names a person, character, source or episode that no page is."""
