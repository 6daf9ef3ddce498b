"""Profile one build of a synthetic wiki (CPU time, so other processes do not skew it).

    python benchmarks/profile_build.py --size 1000            # our plugin on
    python benchmarks/profile_build.py --size 1000 --baseline # the same pages, plugin off
    python benchmarks/profile_build.py --size 3000 --events   # CPU per plugin event, no profiler

Prints CPU seconds per package (where the build spends its time) and the slowest
functions of our plugin; ``--out FILE`` keeps the ``pstats`` file for snakeviz & co.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import functools
import inspect
import logging
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.wikigen import DEFAULT_SEED, write_wiki


def owner(filename: str) -> str:
    """The package (or file) a profiled function belongs to."""
    if "severance_wiki" in filename:
        return "severance_wiki (our plugin)"
    m = re.search(r"site-packages/([^/]+)", filename)
    if m:
        return m.group(1).removesuffix(".py")
    if filename.startswith("~") or filename.startswith("<built-in"):
        return "builtins"
    return "stdlib: " + Path(filename).name.strip("<>")


def time_events(cfg_path: Path, work: Path, size: int) -> int:
    """CPU seconds spent in each handler of our plugin during one build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import CombinedEvent

    from severance_wiki.plugin import SeveranceWikiPlugin

    spent: dict[str, float] = collections.defaultdict(float)
    calls: collections.Counter[str] = collections.Counter()

    def timed(name: str, func: Any) -> Any:
        @functools.wraps(func)
        def wrapper(*a: Any, **kw: Any) -> Any:
            t0 = time.process_time()
            try:
                return func(*a, **kw)
            finally:
                spent[name] += time.process_time() - t0
                calls[name] += 1
        return wrapper

    for name in dir(SeveranceWikiPlugin):
        attr = inspect.getattr_static(SeveranceWikiPlugin, name)
        if isinstance(attr, CombinedEvent):  # several handlers under one event's name
            setattr(SeveranceWikiPlugin, name, CombinedEvent(
                *(timed(f"{name} ({m.__name__})", m) for m in attr.methods)))
        elif name.startswith(("on_", "_render")) and inspect.isfunction(attr):
            setattr(SeveranceWikiPlugin, name, timed(name, attr))
    start = time.process_time()
    build(load_config(str(cfg_path), site_dir=str(work / "site")))
    total = time.process_time() - start
    ours = sum(spent.values())
    print(f"{size} pages: build {total:.2f} s CPU; our plugin's handlers {ours:.2f} s "
          f"({100 * ours / total:.1f}%, {1000 * ours / size:.2f} ms per page)")
    print("(a handler's time includes what it calls; _render_* runs inside Markdown rendering)")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {secs:7.3f} s  {calls[name]:6d} calls  {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--baseline", action="store_true", help="plain links, our plugin off")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--out", type=Path, help="write the pstats file here")
    ap.add_argument("--events", action="store_true",
                    help="no profiler: time each of our plugin's event handlers (CPU)")
    args = ap.parse_args(argv)

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = Path(tempfile.mkdtemp(prefix="wiki-profile-"))
    cfg_path = write_wiki(work, args.size, seed=args.seed,
                          style="markdown" if args.baseline else "wiki",
                          plugin=not args.baseline)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.chdir(work)
    if args.events:
        return time_events(cfg_path, work, args.size)
    profiler = cProfile.Profile(time.process_time)
    start = time.process_time()
    profiler.enable()
    build(load_config(str(cfg_path), site_dir=str(work / "site")))
    profiler.disable()
    total = time.process_time() - start
    stats = pstats.Stats(profiler)
    if args.out:
        stats.dump_stats(str(args.out))

    per_owner: collections.Counter[str] = collections.Counter()
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        per_owner[owner(filename)] += tottime
    print(f"{args.size} pages, {'baseline' if args.baseline else 'full'}: "
          f"{total:.2f} s CPU under the profiler (profiling slows pure Python ~2-4x)")
    print("\nCPU seconds by package (own time):")
    for name, secs in per_owner.most_common(args.top):
        print(f"  {secs:7.2f}  {100 * secs / total:5.1f}%  {name}")
    if not args.baseline:
        print("\nour plugin, by cumulative time:")
        stats.sort_stats("cumulative").print_stats(r"severance_wiki", args.top)
    print(f"(work dir: {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
