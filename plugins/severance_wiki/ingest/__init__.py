"""Ingestion: a source article in ``seeds/`` becomes cited source, trivia and stub pages.

The steps are plain functions, each in its own module:

- :mod:`.seed` reads the article (front matter + text) and rejects bad input;
- :mod:`.clean` drops site furniture and splits paragraphs, headings and sentences;
- :mod:`.lexicon` builds the names, surnames and epithets to look for from the wiki's pages;
- :mod:`.mentions` finds people, characters and episodes, and unknown proper names;
- :mod:`.quotes` finds block, Q&A and inline quotes and attributes each to its speaker;
- :mod:`.facts` turns fact sentences into trivia;
- :mod:`.pages` writes the pages through :mod:`severance_wiki.managed`.

:func:`.pipeline.extract` runs them all and :func:`.pipeline.ingest` writes the result.
"""
