"""The allowlist every page's rendered content must fit, and the sanitizer that enforces it.

A page's Markdown becomes HTML; that HTML is what a reader's browser runs, so it is what the
wiki checks. The allowlist below names the tags, attributes, classes, URL schemes and style
properties that the wiki's own Markdown (Python-Markdown with the extensions in mkdocs.yml)
and our extensions produce, and nothing else. Two things read it:

- :func:`audit` parses the HTML with a spec-compliant HTML5 parser (lexbor, via selectolax:
  the WHATWG algorithm browsers use) and reports everything outside the allowlist, so the
  build and the validator can name it with ``file:line`` (:mod:`rendered` finds the line);
- :func:`clean` runs nh3 (the Python binding of the Rust sanitizer ammonia, itself on the
  html5ever HTML5 parser) with the same allowlist, and is what ships: whatever the audit
  reported is gone from the page even in a build that does not stop on warnings.

Both decide attribute values through one function, :func:`verdict`, so they cannot disagree.
The serialized output of nh3 is canonical (every attribute double-quoted, ``<``, ``>`` and
``"`` escaped inside values, every element closed), which the gate code relies on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

import nh3
from pygments.token import STANDARD_TYPES
from selectolax.lexbor import LexborHTMLParser, LexborNode

# --- the allowlist (data, reviewed like code) -------------------------------------------------

TAGS: frozenset[str] = frozenset({
    # what Markdown and its extensions write (admonition, attr_list, def_list, md_in_html,
    # tables, toc, pymdownx.details/superfences), plus harmless inline formatting
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul", "var", "wbr",
})

GLOBAL_ATTRS: frozenset[str] = frozenset({
    "id", "class", "title", "lang", "dir",
    # the spoiler marks (README, "Spoilers"): turned into gates after this check
    "data-reveal", "data-reveal-what", "data-sv-collapsible",
})
TAG_ATTRS: dict[str, frozenset[str]] = {
    # data-sv-progress-open: a link that opens the "Watched up to" control (spoilers.js)
    "a": frozenset({"href", "data-sv-progress-open"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "style", "align"}),
    "th": frozenset({"colspan", "rowspan", "style", "align", "scope"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite"}),
    "ins": frozenset({"cite"}),
}

URL_ATTRS = frozenset({"href", "src", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link (``href``, ``cite``) may use; relative links and ``#fragments`` always may."""

# Classes the wiki styles: admonition kinds, what Markdown and our extensions write, the
# theme's buttons, and the site's own ``wiki-*`` classes (docs/assets/wiki.css).
CLASSES: frozenset[str] = frozenset({
    "admonition", "admonition-title", "note", "abstract", "summary", "tldr", "info", "todo",
    "tip", "hint", "important", "success", "check", "done", "question", "help", "faq",
    "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "headerlink", "toclink", "wikilink", "wikilink--missing",
    "sv-block", "sv-inline", "highlight", "md-button", "md-button--primary",
})
CLASS_PREFIXES = ("wiki-", "language-")
# Syntax highlighting of code blocks (pymdownx.highlight with Pygments): its token classes.
CLASSES |= frozenset(STANDARD_TYPES.values()) | {"highlighttable", "linenos", "linenodiv",
                                                 "filename", "code"}

# ids the theme's and our scripts look up (``__config``, ``__search``, ``sv-timeline``,
# ``sv-c1`` ...): a page that claimed one could hijack them (DOM clobbering).
RESERVED_ID_RE = re.compile(r"^(?:__|sv-|md-)", re.I)
ID_RE = re.compile(r"^[^\s\x00-\x1f]{1,200}$")
STYLE_RE = re.compile(r"^\s*text-align\s*:\s*(?:left|right|center|justify)\s*;?\s*$", re.I)
KEEP_COMMENT_RE = re.compile(r"<!-- (?:wiki:[a-z][a-z-]*|sv-index-part \d+) -->")
"""Comments our own pipeline uses as placeholders (filled later in the build)."""

# --- one decision per attribute --------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something outside the allowlist: what, how to fix it, and text to find it in the
    page's source (``needles``: tried in order, case-insensitively)."""

    message: str
    hint: str
    needles: tuple[str, ...]
    rule: str = "raw-html"


INLINE_IMAGE_RE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*$")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_JUNK_RE = re.compile(r"[\t\n\r]")


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in an attribute value (already entity-decoded by the
    parser): leading and trailing C0 controls and spaces stripped and tabs and newlines
    removed anywhere, as the WHATWG URL parser does; ``None`` for a relative URL."""
    cleaned = _URL_JUNK_RE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                                 "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                                                 "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    m = _SCHEME_RE.match(cleaned)
    return m.group(1).lower() if m else None


# Site classes a page may not claim: the hover preview's box (positioned over the page)
# and what the preview script reads as a page's summary and reveal point.
RESERVED_CLASSES = frozenset({"wiki-preview", "wiki-summary", "wiki-page-reveal"})


def _classes_ok(value: str) -> tuple[str, list[str]]:
    keep: list[str] = []
    bad: list[str] = []
    for c in value.split():
        ok = (c in CLASSES or c.startswith(CLASS_PREFIXES)) and c not in RESERVED_CLASSES
        (keep if ok else bad).append(c)
    return " ".join(keep), bad


def verdict(tag: str, attr: str, value: str) -> tuple[str | None, Finding | None]:
    """The value to keep of ``attr`` on ``tag`` (``None``: drop it), and what is wrong."""
    shown = f"<{tag}>"
    if attr.startswith("on"):
        return None, Finding(f"event handler attribute '{attr}' on {shown}",
                             "remove it; pages run no scripts", (attr, "on"))
    if attr not in GLOBAL_ATTRS and attr not in TAG_ATTRS.get(tag, ()):
        return None, Finding(f"attribute '{attr}' on {shown} is not allowed",
                             "remove it; pages keep only the attributes Markdown writes",
                             (attr,))
    if attr in URL_ATTRS:
        scheme = url_scheme(value)
        if attr == "src" and INLINE_IMAGE_RE.match(value):
            return value, None  # an image inside the page: nothing is fetched
        if attr == "src" and (scheme is not None or value.strip().startswith("//")):
            return None, Finding(
                f"image '{value[:60]}' is loaded from another site",
                "add the image to docs/ and link it with a relative path (the wiki loads "
                "nothing from other hosts)", (value[:40], "src", "]("))
        if scheme is not None and scheme not in LINK_SCHEMES:
            what = ("a script or data URL" if scheme in ("javascript", "vbscript", "data")
                    else f"a '{scheme}:' URL")
            return None, Finding(f"'{attr}' on {shown} is {what}",
                                 "link to an http(s) page instead",
                                 (scheme, value[:30], f"{attr}=", "](", attr))
    if attr == "class":
        keep, bad = _classes_ok(value)
        if bad:
            why = ("is reserved for the site's own scripts" if bad[0] in RESERVED_CLASSES
                   else "is not one the wiki styles")
            return keep or None, Finding(
                f"class '{bad[0]}' on {shown} {why}",
                "remove it; pages may use the admonition kinds, 'md-button' and the site's "
                "'wiki-' classes", (bad[0],))
    if attr == "id" and (RESERVED_ID_RE.match(value) or not ID_RE.match(value)):
        return None, Finding(f"id '{value[:40]}' on {shown} is reserved for the site's scripts",
                             "choose an id that does not start with '__', 'sv-' or 'md-'",
                             (value[:40], "id"))
    if attr == "style" and not STYLE_RE.match(value):
        return None, Finding(f"style '{value[:60]}' on {shown} is not allowed",
                             "remove it; only table cell alignment (text-align) is kept",
                             (value[:30], "style"))
    return value, None


# --- audit: what is outside the allowlist ----------------------------------------------------


def parse_content(html: str) -> LexborNode | None:
    """The ``<body>`` of ``html`` parsed as page content: in the body (a ``<script>`` or
    ``<meta>`` at the start stays where the template puts the content, not in a head)."""
    return LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + html).body


def audit(html: str) -> list[Finding]:
    """Everything in ``html`` (a page's content) outside the allowlist, in document order,
    as an HTML5 parser reads it."""
    if not html:
        return []
    body = parse_content(html)
    return [] if body is None else audit_tree(body)


def audit_tree(body: LexborNode) -> list[Finding]:
    """:func:`audit` of an already parsed ``<body>``."""
    out: list[Finding] = []
    for node in body.traverse(include_text=False):
        tag = node.tag
        if tag in ("body", "-comment", "-text") or tag is None:
            continue
        tag = tag.lower()
        if tag not in TAGS:
            out.append(Finding(
                f"<{tag}> is not allowed in a page",
                "remove it; pages are Markdown, not HTML",
                (f"<{tag}", tag)))
            continue
        for attr, value in node.attributes.items():
            _, finding = verdict(tag, attr.lower(), value or "")
            if finding is not None:
                out.append(finding)
    return out


# --- clean: what ships ------------------------------------------------------------------------

_ALL_ATTRS: dict[str, set[str]] = {"*": set(GLOBAL_ATTRS)}
for _tag, _attrs in TAG_ATTRS.items():
    _ALL_ATTRS[_tag] = set(_attrs)


def _filter(tag: str, attr: str, value: str) -> str | None:
    return verdict(tag, attr, value)[0]


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=_ALL_ATTRS,
    attribute_filter=_filter,
    strip_comments=True,
    link_rel=None,
    # "data" only for inline images: verdict() refuses it everywhere else
    url_schemes={*LINK_SCHEMES, "data"},
)

_KEEP_OPEN, _KEEP_CLOSE = "\ue010", "\ue011"


def clean(html: str) -> str:
    """``html`` with everything outside the allowlist removed (scripts and styles with
    their content, other tags keeping their text), canonically serialized. Our own
    placeholder comments (:data:`KEEP_COMMENT_RE`) survive."""
    kept: list[str] = []

    def stash(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"{_KEEP_OPEN}{len(kept) - 1}{_KEEP_CLOSE}"

    text = html.replace(_KEEP_OPEN, "\ufffd").replace(_KEEP_CLOSE, "\ufffd")
    if "<!--" in text:
        text = KEEP_COMMENT_RE.sub(stash, text)
    out = _CLEANER.clean(text)
    if kept:
        out = re.sub(f"{_KEEP_OPEN}(\\d+){_KEEP_CLOSE}", lambda m: kept[int(m.group(1))], out)
    return out


def url_words(value: str) -> str:
    """An address as words (``/helena-eagan/`` -> ``helena eagan``), to look for names."""
    return re.sub(r"[-_+/.#?=&%]+", " ", unquote(value))


def attr_text(attrs: Iterable[tuple[str, str | None]]) -> list[str]:
    """The attribute values of an element a reader can see, hear or follow."""
    out = []
    for name, value in attrs:
        if not value or name in ("class", "data-reveal", "data-reveal-what",
                                 "data-sv-collapsible", "style"):
            continue
        out.append(url_words(value) if name in URL_ATTRS or name == "id" else value)
    return out


__all__ = ["CLASSES", "TAGS", "Finding", "attr_text", "audit", "audit_tree", "clean",
           "parse_content", "url_scheme", "verdict"]
