"""Ingestion: a source article becomes a cited source page and trivia drafts, safely.

The steps are plain functions, each in its own module:

- :mod:`.seed` reads the article (front matter + text, or a saved web page) and rejects
  bad input;
- :mod:`.lexicon` builds the names, surnames and epithets to look for from the wiki's pages;
- :mod:`.document` cleans the text once and annotates it once: blocks, speaker turns,
  sentences, quoted spans, mentions of people, characters and episodes (with offsets);
- :mod:`.mentions` holds the episode patterns and the unknown-name finder it uses;
- :mod:`.quotes` reads the annotations for quotes and their speakers;
- :mod:`.facts` reads them for facts;
- :mod:`.pages` writes the source page and the trivia drafts through
  :mod:`severance_wiki.managed`.

:func:`.pipeline.extract` runs them all and :func:`.pages.run` writes the result.
:func:`article_quotes` is the entry point for other modules: who an article says says what.
"""

from .pipeline import article_quotes

__all__ = ["article_quotes"]
