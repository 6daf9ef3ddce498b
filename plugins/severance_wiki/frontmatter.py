"""Strict front matter reading with line numbers.

MkDocs silently ignores invalid YAML front matter and renders the block as text. We parse
it ourselves, keep the line of every key and list item, and fail with ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import FrontMatterError, Problem

Path = tuple[str | int, ...]
MAX_BYTES = 1_000_000  # a page over 1 MB is a mistake (a pasted binary, a runaway script)


@dataclass
class FrontMatter:
    """A page split into its metadata and its Markdown body."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    lines: dict[Path, int] = field(default_factory=dict)  # field path -> 1-based line
    end_line: int = 1  # line of the closing ``---``

    def line_of(self, path: Path) -> int:
        """Best line for a field path: the path itself, else its nearest parent."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return 1


def decode(raw: bytes, path: str) -> str:
    """Bytes -> text, refusing what a page must not be (binary, non-UTF-8, BOM, huge)."""
    if len(raw) > MAX_BYTES:
        raise FrontMatterError(
            Problem(path, 1, f"file is {len(raw) // 1024} KB, over the 1 MB limit for a page",
                    "split it, or remove what was pasted by mistake")
        )
    if b"\x00" in raw:
        raise FrontMatterError(
            Problem(path, 1, "file contains NUL bytes (binary data?)", "pages are UTF-8 text")
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise FrontMatterError(
            Problem(path, 1, "file starts with a UTF-8 byte-order mark",
                    "save it as UTF-8 without BOM")
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            Problem(path, line, f"bytes are not valid UTF-8 (at byte {exc.start})",
                    "save the file as UTF-8")
        ) from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise FrontMatterError(
            Problem(path, line, "Windows (CRLF) or old Mac (CR) line endings",
                    "save the file with Unix (LF) line endings")
        )
    return text


def split(text: str, path: str) -> tuple[str | None, str, int, int]:
    """Return ``(yaml_text or None, body, body_line, end_line)``."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, i + 1
    raise FrontMatterError(
        Problem(path, 1, "front matter opened with '---' is never closed",
                "add a line with '---' after the last field")
    )


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], src: str, offset: int,
          nodes: set[int] | None = None) -> None:
    lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.CollectionNode):
        # An alias (*name) of a list or mapping reuses its node: nested ones grow
        # exponentially (a "billion laughs" page would hang the build), so refuse them.
        nodes = set() if nodes is None else nodes
        if id(node) in nodes:
            in_list = bool(path) and isinstance(path[-1], int) and path[:-1] in lines
            line = lines[path[:-1]] if in_list else lines[path]
            raise FrontMatterError(
                Problem(src, line, "YAML aliases of lists or mappings (*name) are not "
                        "allowed in front matter", "write the value out in full")
            )
        nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen:
                raise FrontMatterError(
                    Problem(src, line, f"field '{key}' appears twice (first on line {seen[key]})",
                            "keep one of them")
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, src, offset, nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + offset
            _walk(item, (*path, i), lines, src, offset, nodes)


def parse(text: str, path: str, *, required: bool = True) -> FrontMatter:
    """Parse a page. ``required``: a page without front matter is an error."""
    block, body, body_line, end_line = split(text, path)
    if block is None:
        if required:
            raise FrontMatterError(
                Problem(path, 1, "page has no front matter",
                        "start the file with '---', a line 'type: page' (or episode, person, "
                        "character, trivia, source), the other fields, and '---'")
            )
        return FrontMatter({}, body, 1)
    offset = 2  # YAML line 0 is file line 2
    try:
        # LibYAML's C parser is ~6x faster (issue 7: front matter of every page is read once
        # per build) and gives the same nodes and marks; errors are re-read below with the
        # pure-Python parser so their wording and lines stay the same.
        return _with_lines(*_compose(block, _FAST_LOADER), body, body_line, end_line, path)
    except yaml.YAMLError:
        pass
    loader = yaml.SafeLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        try:
            line, col, what, hint = diagnose_yaml(block, exc)
        except Exception:  # the diagnosis is a nicety: never a traceback instead of the error
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line, mark.column) if mark else (0, 0)
            what, hint = exc.problem or "invalid YAML", "fix the YAML syntax"
        problem = Problem(path, line + offset, f"invalid YAML front matter: {what}", hint,
                          col=col + 1)
        raise FrontMatterError(problem) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(Problem(path, 1, f"invalid YAML front matter: {exc}",
                                       "fix the YAML syntax")) from None
    finally:
        loader.dispose()
    return _with_lines(node, data, body, body_line, end_line, path)


# --- YAML errors: the line that is wrong, and what to write instead -------------------------

_KEY_RE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[{-][^:#]*?|-[^\s:#][^:#]*?)"
                     r":(?:[ \t]|$)")
_CLOSE = {"[": "]", "{": "}"}


def diagnose_yaml(block: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str, str]:
    """``(line, column, what is wrong, how to fix it)`` for a YAML error, both 0-based in
    ``block``: the line the contributor has to change (PyYAML often notices a mistake a line
    later), in words for the usual mistakes: a tab, indentation, a colon in a value, an
    unclosed quote or bracket."""
    lines = block.split("\n")
    problem, context = exc.problem or "", exc.context or ""
    pmark = exc.problem_mark or exc.context_mark
    pline = pmark.line if pmark else 0
    pcol = pmark.column if pmark else 0
    cmark = exc.context_mark

    def text(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    # A tab: YAML allows none in indentation, and PyYAML's words for it vary.
    if "\t" in problem or "'\\t'" in problem or "\t" in text(pline):
        for n, line in enumerate(lines[:pline + 1]):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                return n, len(line) - len(stripped), "a tab character is used for " \
                    "indentation", "indent YAML with spaces"
            m = re.match(r"^ *(?:- +)?[^\s:#][^:#]*:(\t)", line)
            if m:
                return n, m.start(1), "a tab after ':'", "use a space between a field " \
                    "and its value"
    if "while scanning a quoted scalar" in context and cmark is not None:
        quote = text(cmark.line)[cmark.column:cmark.column + 1] or '"'
        inside = "write '' for an apostrophe inside it" if quote == "'" else \
            "wrap a value that contains \" in single quotes instead"
        return cmark.line, cmark.column, f"the {quote} that starts this value is never " \
            "closed", f"end the value with {quote} on the same line ({inside})"
    if "while parsing a flow" in context and cmark is not None:
        opener = text(cmark.line)[cmark.column:cmark.column + 1] or "["
        closer = _CLOSE.get(opener, "]")
        if not _closes(lines, cmark.line, cmark.column):
            kind = "list" if opener == "[" else "mapping"
            example = "people: [Ben Stiller, Adam Scott]" if opener == "[" else \
                "- {source: ..., quote: ...}"
            return cmark.line, cmark.column, f"the '{opener}' that starts this {kind} is " \
                "never closed", f"end it with '{closer}' (e.g. {example})"
        if "got ':'" in problem:
            item = _flow_item(text(pline), pcol)
            if item is None:  # the value started on an earlier line
                return pline, pcol, f"a ':' inside '{opener}...{closer}'", \
                    "put the value that contains ': ' in quotes (\"...\")"
            return pline, pcol, f"a ':' inside '{opener}...{closer}' in '{item}'", \
                f"put that value in quotes: {_quoted_pair(item)}"
    above = _previous(lines, pline)
    for k in (above, pline):  # "-source: X": a dash YAML reads as part of a key
        if k is not None and re.match(r"^ *-[^\s-]", text(k)):
            return k, text(k).index("-"), "a '-' without a space after it", \
                "write '- ' (a dash and a space) before a list item"
    if "mapping values are not allowed" in problem:
        line = text(pline)
        m = _KEY_RE.match(line)
        if m and m.end("key") == pcol:
            # This line's own "key:" is what YAML choked on: it continues the line above.
            key = m.group("key").strip()
            if above is not None:
                am = _KEY_RE.match(text(above))
                if am:
                    want = am.start("key")
                    return pline, len(m.group("indent")), f"'{key}' is indented " \
                        f"{_spaces(m.start('key'))}, more than '{am.group('key').strip()}' " \
                        f"on the line above ({_spaces(want)})", \
                        f"indent it like '{am.group('key').strip()}' ({_spaces(want)})"
            return pline, len(m.group("indent")), f"'{key}' is indented more than the " \
                "line above it", "indent the fields of one item alike"
        if m:
            key, value = m.group("key").strip(), line[m.end():].strip()
            return pline, pcol, f"the value of '{key}' contains ': '", \
                f"put the value in quotes: {key}: {_quote(value)}"
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        line = text(pline)
        if "'<scalar>'" in problem and line[:pcol].rstrip()[-1:] in ("'", '"'):
            m = re.match(r"""^ *(?:- +)?([^:#'"]+): *(?:"[^"]*"|'[^']*')""", line)
            if m:
                value = line[m.end(1) + 1:].strip()
                return pline, pcol, f"text after the closing quote of '{m.group(1).strip()}'", \
                    f"quote the whole value: {m.group(1).strip()}: {_quote(value)}"
            return pline, pcol, "text after a closing quote", \
                "put the whole value inside the quotes"
        if above is not None:
            mine, theirs = _columns(line, text(above))
            if mine != theirs:
                what = _describe(line)
                other = _describe(text(above), after_dash=what != "a list item")
                return pline, len(line) - len(line.lstrip(" ")), f"{what} is indented " \
                    f"{_spaces(mine)}, but {other} on the line above is indented " \
                    f"{_spaces(theirs)}", f"indent it like {other} ({_spaces(theirs)}), or " \
                    "like the field it belongs to"
    if "could not find expected ':'" in problem and cmark is not None:
        line = text(cmark.line)
        m = re.match(r"^ *(?:- +)?([\w-]+):(\S)", line)
        if m:
            return cmark.line, m.start(2), f"no space after '{m.group(1)}:'", \
                f"write '{m.group(1)}: {line[m.start(2):].strip()}'"
        return cmark.line, cmark.column, "this line is not 'field: value'", \
            "write 'field: value', or indent it to continue the value above"
    m = re.match(r"found character '(.)' that cannot start any token", problem)
    if m or "found undefined alias" in problem:
        line = text(pline)
        km = _KEY_RE.match(line)
        char = m.group(1) if m else "*"
        if km:
            key, value = km.group("key").strip(), line[km.end():].strip()
            return pline, pcol, f"a value cannot start with '{char}' unquoted", \
                f"put it in quotes: {key}: {_quote(value)}"
    return pline, pcol, problem or "invalid YAML", "fix the YAML syntax"


def _previous(lines: list[str], n: int) -> int | None:
    """The nearest line before ``n`` with content (not blank, not a comment)."""
    for i in range(n - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _columns(line: str, above: str) -> tuple[int, int]:
    """Where ``line`` starts and where, by the line above, it should: a list item under the
    '-' of the item above, a field under the field above (after its '- ', if any)."""
    own = len(line) - len(line.lstrip(" "))
    m = _KEY_RE.match(above)
    if line.lstrip(" ").startswith("- ") or not m:
        return own, len(above) - len(above.lstrip(" "))
    return own, m.start("key")


def _describe(line: str, after_dash: bool = True) -> str:
    m = _KEY_RE.match(line)
    if m and (after_dash or not m.group("dash")):
        return f"'{m.group('key').strip()}'"
    return "a list item" if line.lstrip().startswith("-") else "the line"


def _spaces(n: int) -> str:
    return "no spaces" if n == 0 else f"{n} space{'s' if n != 1 else ''}"


def _quote(value: str) -> str:
    """``value`` as a YAML double-quoted (or, when it has double quotes, single-quoted)
    scalar."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted_pair(item: str) -> str:
    key, _, value = item.partition(":")
    return f"{key.strip()}: {_quote(value.strip())}"


def _flow_item(line: str, col: int) -> str | None:
    """The ``key: value`` of a flow collection (``{a: b, c: d: e}``) around column ``col``
    (``None`` when it starts on an earlier line)."""
    start = max(line.rfind(",", 0, col), line.rfind("{", 0, col), line.rfind("[", 0, col)) + 1
    if start == 0:
        return None
    ends = [i for i in (line.find(",", col), line.find("}", col), line.find("]", col)) if i >= 0]
    return line[start:min(ends) if ends else len(line)].strip()


def _closes(lines: list[str], line: int, col: int) -> bool:
    """Whether the bracket at ``lines[line][col]`` is closed later in the block (quoted
    text skipped)."""
    depth = 0
    quote = ""
    before = ""  # the last character that was not a space
    for n in range(line, len(lines)):
        text = lines[n][col:] if n == line else lines[n]
        for ch in text:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'" and before in "[{,:":  # a quote only where a value starts
                quote = ch
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return True
            if ch != " ":
                before = ch
        quote = "" if quote == "'" else quote
    return False


_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(block: str, loader_class: type[yaml.SafeLoader]) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _with_lines(node: yaml.Node | None, data: Any, body: str, body_line: int, end_line: int,
                path: str) -> FrontMatter:
    offset = 2
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            Problem(path, offset, "front matter must be a set of 'field: value' lines",
                    "write e.g. 'type: trivia' and one field per line")
        )
    lines: dict[Path, int] = {}
    if node is not None:
        _walk(node, (), lines, path, offset)
    return FrontMatter(data, body, body_line, lines, end_line)


def read(raw: bytes, path: str, *, required: bool = True) -> FrontMatter:
    return parse(decode(raw, path), path, required=required)
