"""The hostile-contribution corpus: loading the cases, building them, reading what ships.

Each case in ``tests/hostile/cases.yaml`` is one pull request a hostile contributor could
open against the mini wiki (tests/conftest.py's base pages plus a source page). It is run
through ``scripts/validate.py`` and a real ``mkdocs build --strict``, and what the build
wrote is read with html5lib (the WHATWG parsing algorithm, scripting on, as a browser with
JavaScript reads it), independently of the lexbor parser the build itself uses.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import html5lib
import yaml

from contrib_helpers import SOURCE_PAGE, SUITE

HERE = Path(__file__).parent
CASES_FILE = HERE / "hostile" / "cases.yaml"

TRIVIA_HEAD = """---
type: trivia
title: {title}
episodes: [S1E1]
spoilers: S1E1
sources:
  - source: Test interview
    quote: We shot the pilot twice.
    speaker: Ben Stiller
---
"""
"""A trivia page safe from S1E1: a case's ``body`` starts on file line 11."""
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _generated(kind: str) -> str:
    """Bodies too big to write out in the YAML file."""
    if kind == "deep-list":
        return "\n".join("    " * i + "- level" for i in range(400)) + "\n"
    if kind == "deep-quote":
        return ">" * 600 + " quoted\n"
    if kind == "deep-html":
        return "<div>" * 6000 + "x" + "</div>" * 6000 + "\n"
    if kind == "many-wikilinks":
        return " ".join("[[S1E1]]" for _ in range(50_000)) + "\n"
    if kind == "unclosed-wikilinks":
        return "[[a " * 30_000 + "\n"
    if kind == "many-emphasis":
        return "*a* " * 60_000 + "\n"
    if kind == "unclosed-backticks":
        return "`a " * 30_000 + "\n"
    if kind == "big-page":
        return ("A long and harmless paragraph about the making of the show. " * 40
                + "\n\n") * 370
    if kind == "unclosed-brackets-in-long-paragraph":
        return ("[a " * 1500) + ("plain words " * 40_000) + "\n"
    raise KeyError(kind)


@dataclass
class Case:
    name: str
    klass: str
    expect: str  # "refused" or "harmless"
    rules: list[str]
    line: int | None
    files: dict[str, Any]  # docs-relative path -> text, bytes or {"symlink": target}
    at: str  # the case's own file (docs-relative)
    canary: bool  # whether the case hides the word "canary" (and the reveal name)
    script: bool  # whether the case tries to run a script (Chromium sample)
    raw: dict[str, Any] = field(default_factory=dict)


def load_cases() -> list[Case]:
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    out = []
    for name, spec in data.items():
        at = spec.get("at", f"trivia/{name}.md")
        files: dict[str, Any] = {}
        if "page" in spec:
            files[at] = spec["page"]
        elif "body" in spec or "generate" in spec:
            body = spec.get("body") or _generated(spec["generate"])
            files[at] = TRIVIA_HEAD.format(title=spec.get("title", "A hostile page")) + body
        for path, value in (spec.get("files") or {}).items():
            files[path] = value
        rules = spec.get("rules") or ([spec["rule"]] if "rule" in spec else [])
        out.append(Case(name, str(spec["class"]), spec["expect"], rules, spec.get("line"),
                        files, at, bool(spec.get("canary")), bool(spec.get("script")), spec))
    return out


# --- running a case ---------------------------------------------------------------------------


@dataclass
class Outcome:
    validator_code: int
    validator_lines: list[str]
    build_ok: bool
    build_text: str  # the build's error and warnings
    site: Path
    built: bool  # whether the build wrote a site (a PluginError stops it before)


def write_site(root: Path, files: dict[str, Any], base_pages: dict[str, str],
               config: dict[str, Any]) -> None:
    docs = root / "docs"
    if docs.exists() or docs.is_symlink():
        shutil.rmtree(docs)
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("TOP SECRET canary key material\n", encoding="utf-8")
    (outside / "dir").mkdir(exist_ok=True)
    (outside / "dir" / "page.md").write_text(
        "---\ntype: page\ntitle: From outside\n---\nOutside canary text.\n", encoding="utf-8")
    pages: dict[str, Any] = {**base_pages, "sources/test-interview.md": SOURCE_PAGE,
                             "trivia/pic.png": PNG, **files}
    for rel, value in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, dict) and "symlink" in value:
            target = value["symlink"].replace("OUTSIDE", str(outside))
            os.symlink(target, path)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(str(value), encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def run(root: Path, case: Case, base_pages: dict[str, str], config: dict[str, Any],
        validate_main: Any) -> Outcome:
    """Validator, then a strict build, of the mini wiki with the case added."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    write_site(root, case.files, base_pages, {**config, "strict": True})
    cwd = os.getcwd()
    os.chdir(root)
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            code = validate_main(["--docs", "docs", "-q"])
    finally:
        os.chdir(cwd)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    site = root / "site"
    if site.exists():
        shutil.rmtree(site)
    handler = SUITE._Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    ok, error = True, ""
    try:
        build(load_config(str(root / "mkdocs.yml")))
    except (Abort, PluginError) as exc:
        ok, error = False, str(exc)
    finally:
        logger.removeHandler(handler)
    warnings = [r.getMessage() for r in handler.records if r.levelno >= logging.WARNING]
    return Outcome(code, lines, ok and not warnings, "\n".join([error, *warnings]), site,
                   (site / "index.html").exists())


# --- reading what ships -----------------------------------------------------------------------

# The scripts the theme and the plugin put on every page (by src or type); anything else
# in a built page is injected.
KNOWN_SCRIPT_SRC = re.compile(
    r"(assets/javascripts/bundle\.[0-9a-f]+\.min\.js|_wiki/[a-z-]+(\.[0-9a-f]{8})?\.js)$")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster",
             "background", "srcset", "ping")
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def _attrs(el: Any) -> dict[str, str]:
    return {(k[1] if isinstance(k, tuple) else k): v for k, v in el.attrib.items()}


def _local(tag: Any) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def parse(path: Path) -> Any:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), scripting=True)


def script_problems(doc: Any) -> list[str]:
    """Ways a page could run code or mislead: scripts the site does not ship, event
    handlers, script and data URLs, frames, plugins, forms, refreshes, a base URL, and
    fixed-position overlays."""
    out = []
    for el in doc.iter():
        tag = _local(el.tag)
        attrs = _attrs(el)
        if tag == "script":
            src = attrs.get("src", "")
            inline_ok = attrs.get("type") == "application/json" or (
                not src and _known_inline(el.text or ""))
            if not (KNOWN_SCRIPT_SRC.search(src) if src else inline_ok):
                out.append(f"<script> {src or (el.text or '')[:60]!r}")
        if tag in ("iframe", "frame", "object", "embed", "applet", "base", "portal"):
            out.append(f"<{tag}>")
        if tag == "form" and not THEME_FORMS & set((attrs.get("class") or "").split()):
            out.append("<form>")
        if tag == "meta" and "http-equiv" in attrs:
            out.append(f"<meta http-equiv={attrs['http-equiv']!r}>")
        if tag in ("animate", "set", "animatemotion", "animatetransform"):
            out.append(f"SVG <{tag}>")
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                out.append(f"handler {name}= on <{tag}>")
            inline_image = tag == "img" and name == "src" and value.startswith("data:image/")
            if name.lower() in URL_ATTRS and not inline_image and BAD_SCHEME.match(
                    re.sub(r"[\t\n\r]", "", value or "")):
                out.append(f"{name}={value[:40]!r} on <{tag}>")
            if name == "style" and re.search(r"position\s*:\s*(fixed|absolute|sticky)",
                                             value or "", re.I):
                out.append(f"positioned style on <{tag}>")
    return out


def _known_inline(text: str) -> bool:
    """Whether an inline script is one the theme or the plugin writes into every page of
    the mini wiki (read off a build of it without any case: :func:`site_scripts`)."""
    stripped = text.strip()
    return (not stripped or stripped in site_scripts()
            or stripped.startswith(("__md_scope=new URL(", "var palette=__md_get(")))


_SITE_SCRIPTS: set[str] = set()


def site_scripts() -> set[str]:
    """The inline scripts of the mini wiki as built without any hostile case (once)."""
    if not _SITE_SCRIPTS:
        import tempfile

        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        root = Path(tempfile.mkdtemp(prefix="hostile-baseline-"))
        write_site(root, {}, dict(SUITE.BASE_PAGES), {**SUITE.MINI_CONFIG, "strict": False})
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        try:
            build(load_config(str(root / "mkdocs.yml")))
        finally:
            logging.getLogger("mkdocs").setLevel(logging.NOTSET)
        for page in (root / "site").rglob("*.html"):
            for el in parse(page).iter():
                if _local(el.tag) == "script" and not el.get("src") and (el.text or "").strip():
                    _SITE_SCRIPTS.add((el.text or "").strip())
        shutil.rmtree(root, ignore_errors=True)
    return _SITE_SCRIPTS


THEME_FORMS = {"md-search__form", "md-header__option"}  # Material's search and palette


def visible_text(doc: Any, progress: int = 0) -> str:
    """Text and attribute values a reader at ``progress`` sees without clicking: the
    hidden part (``.sv-content``) of a gate shows only when the gate's position
    (``data-sv-pos``) is at most ``progress``, and so does an item of a group
    (``.sv-later``) by its own position."""
    out: list[str] = []

    def walk(el: Any, gate_pos: int | None) -> None:
        tag = _local(el.tag)
        attrs = _attrs(el)
        if tag in ("script", "style", "template") or not isinstance(el.tag, str):
            return
        classes = (attrs.get("class") or "").split()
        if "sv-content" in classes and (gate_pos is None or gate_pos > progress):
            return
        own = attrs.get("data-sv-pos")
        if "sv-later" in classes and (own is None or int(own) > progress):
            return  # an item of a group, shown by itself once progress reaches it
        for name in ("title", "alt", "aria-label", "placeholder", "value", "content", "href",
                     "src"):
            if attrs.get(name):
                out.append(" " + attrs[name] + " ")
        out.append(el.text or "")
        pos = attrs.get("data-sv-pos")
        child_gate = int(pos) if pos is not None and "sv-spoiler" in classes else None
        for child in el:
            walk(child, child_gate)
            out.append(child.tail or "")

    walk(doc, None)
    return " ".join("".join(out).split())


def shipped_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in
            (".html", ".json", ".xml", ".txt", ".md", ".svg", ".js")]


def leaked(site: Path, word: str = "canary", progress: int = 0) -> list[str]:
    """Files of the built site where ``word`` reaches a reader at ``progress`` unasked: in
    visible text or attributes of a page, the search parts up to ``progress``, or anywhere
    in another file (search index, sitemap)."""
    out = []
    for path in shipped_files(site):
        rel = path.relative_to(site).as_posix()
        part = re.fullmatch(r"search/parts/(\d+)\.json", rel)
        if part and int(part.group(1)) > progress:
            continue  # fetched only once the reader's progress reaches it
        if path.suffix == ".html":
            if word.lower() in visible_text(parse(path), progress).lower():
                out.append(rel)
        elif rel.startswith("_wiki/") and path.suffix == ".js":
            continue  # the plugin's own scripts
        elif word.lower() in path.read_text(encoding="utf-8", errors="replace").lower():
            out.append(rel)
    return out


def search_docs(site: Path) -> list[dict[str, Any]]:
    path = site / "search" / "search_index.json"
    return json.loads(path.read_text()).get("docs", []) if path.exists() else []


__all__ = ["Case", "Outcome", "leaked", "load_cases", "parse", "run", "script_problems",
           "visible_text"]
