"""The spoiler timeline: the ordered episodes a reader can have watched.

Positions are integers: ``0`` is "nothing watched" (``S0``), ``1`` is the first episode,
and so on. ``S1`` means the end of season 1 (its last episode).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

KEY_RE = re.compile(r"^S(?P<season>\d{1,2})(?:E(?P<episode>\d{1,3}))?$", re.IGNORECASE)


def episode_key(season: int, episode: int) -> str:
    return f"S{season}E{episode}"


def parse_key(text: str) -> tuple[int, int | None] | None:
    """``"S2E1"`` -> ``(2, 1)``, ``"S1"`` -> ``(1, None)``; ``None`` when not a key."""
    m = KEY_RE.match(text.strip())
    if not m:
        return None
    ep = m.group("episode")
    return int(m.group("season")), (int(ep) if ep is not None else None)


@dataclass(frozen=True)
class Timeline:
    """Ordered episode keys, e.g. ``("S1E1", ..., "S1E9", "S2E1", ...)``."""

    keys: tuple[str, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _season_end: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {"S0": 0}
        season_end: dict[int, int] = {}
        for pos, key in enumerate(self.keys, start=1):
            parsed = parse_key(key)
            if parsed is None or parsed[1] is None:
                raise ValueError(f"not an episode key: {key!r}")
            index[key.upper()] = pos
            season_end[parsed[0]] = pos
        for season, pos in season_end.items():
            index[f"S{season}"] = pos
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_season_end", season_end)

    @classmethod
    def from_episodes(cls, pairs: Iterable[tuple[int, int]]) -> Timeline:
        return cls(tuple(episode_key(s, e) for s, e in sorted(set(pairs))))

    def __len__(self) -> int:
        return len(self.keys)

    def position(self, key: str | None) -> int | None:
        """Position of a key (``S0`` -> 0, ``S1E9`` -> 9, ``S1`` -> 9); ``None`` if unknown."""
        if key is None:
            return 0
        return self._index.get(key.strip().upper())

    def key_at(self, pos: int) -> str:
        return "S0" if pos <= 0 else self.keys[min(pos, len(self.keys)) - 1]

    def previous(self, key: str) -> str:
        """The key a reader must have watched before ``key`` ("S0" for the first)."""
        pos = self.position(key)
        if not pos:
            return "S0"
        return self.key_at(pos - 1)

    def valid_range(self) -> str:
        """Human description of the valid keys, for error hints."""
        return _valid_range(self.keys, tuple(sorted(self._season_end)))

    def normalise(self, key: str) -> str | None:
        """Canonical spelling (``s1`` -> ``S1E9``'s season form kept as ``S1``)."""
        pos = self.position(key)
        if pos is None:
            return None
        return key.strip().upper()


@functools.lru_cache(maxsize=8)
def _valid_range(keys: tuple[str, ...], seasons: tuple[int, ...]) -> str:
    if not keys:
        return "no episodes are defined yet"
    parts = []
    for season in seasons:
        eps = [k for k in keys if k.upper().startswith(f"S{season}E")]
        parts.append(f"{eps[0]}..{eps[-1]}")
    ends = ", ".join(f"S{s}" for s in seasons)
    return f"use S0, {', '.join(parts)} (or {ends} for the end of a season)"
