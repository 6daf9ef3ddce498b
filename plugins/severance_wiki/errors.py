"""One exception hierarchy for everything the wiki reports about its input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """A problem in an input file, formatted ``path:line: message; hint``."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    rule: str = "content"
    col: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class WikiError(Exception):
    """Input that cannot be built. Carries one or more :class:`Problem` records."""

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class FrontMatterError(WikiError):
    """The front matter block is missing, malformed or breaks the content model."""
