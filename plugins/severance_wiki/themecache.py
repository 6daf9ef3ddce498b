"""Parts of the theme rendered once and reused, instead of once per page.

Material renders the whole sidebar (and the tabs) into every page. In a wiki most pages
(trivia, people, characters, sources) are reached through index pages and are not in
``nav``: on such a page no navigation item is active, and every link in the sidebar is
relative to the page's folder, so all such pages of one folder get the same sidebar
(scope ``"folder"``). A page that is in ``nav`` (its item is highlighted) is rendered as
usual. The colour-scheme toggle, the search dialog and the back-to-top button do not
depend on the page at all (scope ``"site"``).

``overrides/partials/*.html`` call :meth:`ThemeCache.once` around the theme's own partials,
which the loader added here serves as ``sv-theme/partials/...``; with the plugin's
``theme_cache: false`` every part is rendered for every page (the tests compare the two).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

import jinja2

THEME_PREFIX = "sv-theme"


class ThemeCache:
    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.in_nav: set[str] = set()  # src_uri of every page the nav lists
        self._html: dict[tuple[str, str, str], str] = {}
        self._target_dirs: set[str] = set()
        self.hits = 0

    def reset(self, nav: Any, config: Any) -> None:
        self._html.clear()
        self.hits = 0
        self.in_nav = {p.file.src_uri for p in getattr(nav, "pages", [])}
        # Every address the sidebar and tabs link to (pages, relative links, the logo),
        # and each folder above one: a page's address must not be among those folders.
        targets = [getattr(item, "url", None) for item in _walk(getattr(nav, "items", []))]
        targets += [config.theme.get("logo"), (config.extra or {}).get("homepage")]
        self._target_dirs.clear()
        for url in targets:
            if not isinstance(url, str) or "://" in url or url.startswith(("/", "#")):
                continue
            parts = url.split("/")
            for i in range(len(parts) + 1):
                self._target_dirs.add("/".join(parts[:i]) + "/")

    def key(self, page: Any) -> tuple[str, str] | None:
        """The pages whose sidebar is the same as ``page``'s, or None to render it."""
        if page is None or getattr(page, "file", None) is None:
            return None  # a theme template such as 404.html
        if page.file.src_uri in self.in_nav:
            return None  # its item is highlighted
        url = page.url or ""
        if url and not url.endswith("/"):
            # "trivia/a.html": links are relative to the folder, as for all its pages.
            return "folder", posixpath.dirname(url)
        if url == "" or url in self._target_dirs:
            # Links go into this page's own folder: "trivia/" links to "t0/", unlike a
            # sibling's "../t0/".
            return "own", url
        # "trivia/a/" and "trivia/b/" hold no target: every link is "../" + the same path.
        return "below", posixpath.dirname(url.rstrip("/"))

    def once(self, context: jinja2.runtime.Context, part: str, scope: str,
             caller: Callable[[], str]) -> str:
        if not self.enabled:
            return caller()
        key = ("site", "") if scope == "site" else self.key(context.get("page"))
        if key is None:
            return caller()
        cached = self._html.get((part, *key))
        if cached is None:
            cached = self._html[(part, *key)] = caller()
        else:
            self.hits += 1
        return cached

    def install(self, env: jinja2.Environment, theme_dirs: list[str], overrides: str) -> None:
        """Serve the templates behind our overrides as ``sv-theme/...`` and give the
        templates :meth:`once` (as ``sv_once(part, scope)``)."""
        behind = theme_dirs[theme_dirs.index(overrides) + 1:] if overrides in theme_dirs \
            else theme_dirs
        loader = env.loader
        assert loader is not None
        env.loader = jinja2.ChoiceLoader([
            loader, jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(behind)})])

        @jinja2.pass_context
        def once(context: jinja2.runtime.Context, part: str, scope: str = "folder", *,
                 caller: Callable[[], str]) -> str:
            return self.once(context, part, scope, caller)

        env.globals["sv_once"] = once


def _walk(items: list[Any]) -> Any:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])
