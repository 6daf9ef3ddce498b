"""Severance fan wiki: content model, cross-references and spoiler system for MkDocs.

Pure logic lives in plain modules (``timeline``, ``frontmatter``, ``model``, ``registry``,
``wikilinks``, ``generate``); ``plugin`` wires them to MkDocs events.
"""

__version__ = "0.1.0"
