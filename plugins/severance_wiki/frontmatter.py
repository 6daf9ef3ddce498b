"""Strict front matter reading with line numbers.

MkDocs silently ignores invalid YAML front matter and renders the block as text. We parse
it ourselves, keep the line of every key and list item, and fail with ``file:line``.
"""

from __future__ import annotations

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
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + offset) if mark else 1
        what = exc.problem or "invalid YAML"
        hint = "fix the YAML syntax"
        block_lines = block.split("\n")
        bad_line = block_lines[line - offset] if 0 <= line - offset < len(block_lines) else ""
        if "\t" in bad_line or "'\\t'" in str(exc):
            what = "a tab character is used for indentation"
            hint = "indent YAML with spaces"
        elif "mapping values are not allowed" in what:
            hint = "quote values that contain ': ' (e.g. title: \"Hello: world\")"
        problem = Problem(path, line, f"invalid YAML front matter: {what}", hint)
        raise FrontMatterError(problem) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(Problem(path, 1, f"invalid YAML front matter: {exc}",
                                       "fix the YAML syntax")) from None
    finally:
        loader.dispose()
    return _with_lines(node, data, body, body_line, end_line, path)


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
