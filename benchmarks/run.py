"""Build synthetic wikis of several sizes, with and without our plugin, and compare.

    python benchmarks/run.py                          # 300, 1,000, 3,000 pages; 3 runs each
    python benchmarks/run.py --sizes 300 --runs 1     # a quick look
    python benchmarks/run.py --peers --serve          # + peer link plugins, + mkdocs serve
    python benchmarks/run.py --serve --serve-only     # only make serve, at 1,000 and 3,000

Each build is a fresh ``python -m mkdocs build`` subprocess; its wall time, CPU time and
peak resident memory come from the operating system (``os.wait4``). Variants of one size
run interleaved (full, baseline, full, baseline, ...) so machine noise hits them alike.

Variants:

- ``full``: the project's real ``mkdocs.yml`` (Material, search, our plugin, the Markdown
  extensions, the real nav's shape) over ``[[wikilinks]]``;
- ``baseline``: the same pages with plain Markdown links, our plugin off;
- ``ezlinks`` / ``roamlinks`` (``--peers``): the same pages with ``[[file|label]]`` links
  and a peer link plugin instead of ours, where it is installed;
- ``autonav`` (``--autonav``): the full configuration without ``nav:`` (Material then lists
  every page in every page's sidebar); the design this project avoids;
- ``nocache`` (``--nocache``): the full configuration with ``theme_cache: false``: the theme
  renders its sidebar, tabs, search dialog... for every page, as without our plugin. The
  difference to ``full`` is what rendering them once saves.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import yaml

from benchmarks.wikigen import DEFAULT_SEED, REAL_CONFIG, make_wiki, write_wiki
from severance_wiki.spoilers_site import address_digest

VARIANTS: dict[str, dict[str, Any]] = {
    "full": {"style": "wiki", "plugin": True},
    "baseline": {"style": "markdown", "plugin": False},
    "ezlinks": {"style": "ezlinks", "plugin": False,
                "extra_plugins": [{"ezlinks": {"warn_ambiguities": True}}],
                "entry_point": "ezlinks"},
    "roamlinks": {"style": "roamlinks", "plugin": False, "extra_plugins": ["roamlinks"],
                  "entry_point": "roamlinks"},
    "autonav": {"style": "wiki", "plugin": True, "nav": "auto"},
    "nocache": {"style": "wiki", "plugin": True, "plugin_options": {"theme_cache": False}},
}
TARGETS = {"overhead": 1.10, "growth": 1.3, "html_kb": 60.0, "peak_mb": 1024.0,
           "serve_ratio": 0.15}


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_mb: float


@dataclass
class Result:
    size: int
    variant: str
    runs: list[Run] = field(default_factory=list)
    site_mb: float = 0.0
    html_pages: int = 0
    html_kb_per_page: float = 0.0
    html_kb_median: float = 0.0
    search_index_mb: float = 0.0

    @property
    def wall(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.wall / self.size


def installed(entry_point: str | None) -> bool:
    if entry_point is None:
        return True
    return any(ep.name == entry_point
               for ep in metadata.entry_points(group="mkdocs.plugins"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material 9.7+ prints a banner otherwise
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def timed_build(config: Path, site: Path, log: Path) -> Run:
    """One ``mkdocs build`` in a subprocess: wall time, CPU time and peak RSS."""
    if site.exists():
        shutil.rmtree(site)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
           "-d", str(site)]
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=_env(),
                                cwd=config.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed ({config}), exit {proc.returncode}:\n{tail}")
    # ru_maxrss is in KiB on Linux.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure_site(site: Path, result: Result) -> None:
    total = 0
    html: list[int] = []
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                html.append(size)
    index = site / "search" / "search_index.json"
    result.site_mb = total / 2**20
    result.html_pages = len(html)
    result.html_kb_per_page = sum(html) / max(len(html), 1) / 1024
    result.html_kb_median = statistics.median(html) / 1024 if html else 0.0
    result.search_index_mb = index.stat().st_size / 2**20 if index.exists() else 0.0


def bench_size(size: int, variants: list[str], runs: int, work: Path, seed: int,
               echo: bool = True) -> list[Result]:
    configs: dict[str, Path] = {}
    for name in variants:
        spec = VARIANTS[name]
        configs[name] = write_wiki(
            work / f"{size}-{name}", size, seed=seed, style=spec["style"],
            plugin=spec["plugin"], nav=spec.get("nav", "real"),
            extra_plugins=spec.get("extra_plugins"),
            plugin_options=spec.get("plugin_options"))
    results = {name: Result(size, name) for name in variants}
    for i in range(runs):
        for name in variants:
            cfg = configs[name]
            run = timed_build(cfg, cfg.parent / "site", cfg.parent / f"build-{i}.log")
            results[name].runs.append(run)
            if echo:
                print(f"  {size:>6} {name:<10} run {i + 1}/{runs}: {run.wall_s:6.2f} s wall, "
                      f"{run.cpu_s:6.2f} s CPU, {run.peak_mb:6.0f} MB", file=sys.stderr)
    for name in variants:
        measure_site(configs[name].parent / "site", results[name])
    return list(results.values())


# --- mkdocs serve ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 120.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return str(resp.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _title(page: Path) -> str:
    """A synthetic page's title (its front matter's ``title`` or ``name``)."""
    text = page.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---")) or {}
    return str(meta.get("title") or meta.get("name"))


def _url(site: Path, docs: Path, page: Path) -> str:
    """Where a full build of the wiki (``site``) put ``page``: its file name, or for a page
    past S0 its neutral address (``trivia/s2e1-1a2b3c4d/``, SpoilerSite.neutral_addresses)."""
    src_uri = page.relative_to(docs).as_posix()
    folder, stem = posixpath.split(posixpath.splitext(src_uri)[0])
    found = [d for d in [site / folder / stem, *(site / folder).glob(
        f"*-{address_digest(src_uri)}")] if (d / "index.html").is_file()]
    if len(found) != 1:
        raise SystemExit(f"{src_uri}: built at {len(found)} addresses in {site}")
    return found[0].relative_to(site).as_posix() + "/"


def _link_targets(site: Path, docs: Path, edited: Path,
                  count: int) -> list[tuple[str, str]]:
    """``count`` person pages the edited page does not name yet, from the middle of the
    list (a typical page, neither the most nor the least named), then character pages:
    (title, URL path)."""
    text = edited.read_text(encoding="utf-8")
    people = sorted((docs / "people").glob("*.md"))
    start = len(people) // 2
    out: list[tuple[str, str]] = []
    # Characters after people: a tiny wiki has few people.
    for page in people[start:] + people[:start] + sorted((docs / "characters").glob("*.md")):
        title = _title(page)
        if title not in text:
            out.append((title, _url(site, docs, page)))
        if len(out) == count:
            break
    return out


def bench_serve(size: int, edits: int, work: Path, seed: int, *, incremental: bool = True,
                runs: int = 1, startup_timeout: float = 900.0) -> dict[str, Any]:
    """Time from saving one trivia page, with a new wikilink to a person page, until
    ``mkdocs serve`` serves both the edited page and the linked page with its new backlink;
    and a full ``mkdocs build`` of the same wiki in the same run, for the ratio.

    ``incremental``: ``mkdocs serve --dirty``, what ``make serve`` runs (the plugin renders
    only the pages a save changes); otherwise ``mkdocs serve`` (``make serve-full``:
    MkDocs builds the whole site on every save).
    """
    name = "serve" if incremental else "serve-full"
    cfg = write_wiki(work / f"{size}-{name}", size, seed=seed)
    docs = cfg.parent / "docs"
    full_runs = [timed_build(cfg, cfg.parent / "site-full", cfg.parent / f"build-{i}.log")
                 for i in range(runs)]
    trivia = sorted((docs / "trivia").glob("*.md"))
    page = trivia[len(trivia) // 2]
    url_path = _url(cfg.parent / "site-full", docs, page)
    # From a person or character page (people/x/) the edited page is ../../trivia/y/.
    backlink = f'href="../../{url_path}"'
    targets = _link_targets(cfg.parent / "site-full", docs, page, edits)
    if len(targets) < edits:
        raise SystemExit(f"{url_path}: only {len(targets)} pages to link to; use fewer "
                         "--serve-edits or a larger --serve-sizes")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(cfg.parent / "serve.log", "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a", f"127.0.0.1:{port}",
         *(["--dirty"] if incremental else [])],
        stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=cfg.parent)
    times: list[float] = []
    original = page.read_text(encoding="utf-8")
    try:
        start = time.perf_counter()
        while _get(base + url_path, timeout=5) is None:
            if proc.poll() is not None:
                raise SystemExit(f"mkdocs serve exited: see {cfg.parent / 'serve.log'}")
            if time.perf_counter() - start > startup_timeout:
                raise SystemExit("mkdocs serve did not start in time")
            time.sleep(0.2)
        first = time.perf_counter() - start
        text = original
        for i, (title, target) in enumerate(targets):
            before = _get(base + target) or ""
            if backlink in before:
                raise SystemExit(f"{target} already links to {url_path}")
            marker = f"benchmark-edit-{i}-{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle after the previous build
            text += f"\nEdited: {marker}, about [[{title}]].\n"
            t0 = time.perf_counter()
            page.write_text(text, encoding="utf-8")
            edited = linked = False
            while not (edited and linked):
                if not edited:
                    body = _get(base + url_path)
                    edited = body is not None and marker in body
                if edited and not linked:
                    body = _get(base + target)
                    linked = body is not None and backlink in body
                if time.perf_counter() - t0 > startup_timeout:
                    raise SystemExit(f"mkdocs serve never served the edit of {url_path} "
                                     f"(edited page: {edited}, backlink on {target}: {linked})")
                if not (edited and linked):
                    time.sleep(0.05)
            times.append(time.perf_counter() - t0)
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    full = statistics.median(r.wall_s for r in full_runs)
    median = statistics.median(times) if times else None
    # What MkDocs says each build took (the first is the initial full build): the rest of
    # the wait is MkDocs noticing the save (it polls the docs folder every 0.5 s).
    built = [float(t) for t in re.findall(
        r"Documentation built in ([0-9.]+) seconds",
        (cfg.parent / "serve.log").read_text(encoding="utf-8", errors="replace"))][1:]
    return {"size": size, "incremental": incremental, "first_build_s": first, "edits": times,
            "median_s": median, "full_build_s": full, "rebuilds_s": built,
            "full_build_cpu_s": statistics.median(r.cpu_s for r in full_runs),
            "ratio": median / full if median is not None else None}


def serve_line(sv: dict[str, Any]) -> str:
    """One line per serve measurement, with the issue's target for make serve."""
    edits = ", ".join(f"{t:.2f}" for t in sv["edits"])
    command = "mkdocs serve --dirty (make serve)" if sv["incremental"] else \
        "mkdocs serve (make serve-full)"
    line = (f"{command}, {sv['size']:,} pages: save -> edited page and new backlink served "
            f"in {sv['median_s']:.2f} s median ({edits}); full mkdocs build "
            f"{sv['full_build_s']:.2f} s; ratio {sv['ratio']:.3f}")
    if sv["incremental"]:
        ok = sv["ratio"] <= TARGETS["serve_ratio"]
        line = f"{'PASS' if ok else 'FAIL'}  {line} <= {TARGETS['serve_ratio']}"
    if sv["rebuilds_s"]:
        line += f"; the rebuild itself {statistics.median(sv['rebuilds_s']):.2f} s median"
    return line + f" (first build served after {sv['first_build_s']:.1f} s)"


# --- report ----------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    base = {r.size: r for r in results if r.variant == "baseline"}
    head = ("| pages | variant | runs | wall median (s) | wall min (s) | ms/page | CPU median (s)"
            " | peak RSS (MB) | site (MB) | HTML/page (KB) | search index (MB) | wall ratio"
            " | CPU ratio |")
    lines = [head, "|" + "---|" * 13]
    for r in results:
        b = base.get(r.size)
        ratio = f"{r.wall / b.wall:.2f}" if b and b.runs else "-"
        cpu_ratio = f"{r.cpu / b.cpu:.2f}" if b and b.runs else "-"
        lines.append(
            f"| {r.size:,} | {r.variant} | {len(r.runs)} | {r.wall:.2f} |"
            f" {min(x.wall_s for x in r.runs):.2f} | {r.ms_per_page:.1f} |"
            f" {r.cpu:.2f} | {r.peak_mb:.0f} | {r.site_mb:.1f} | {r.html_kb_per_page:.1f} |"
            f" {r.search_index_mb:.2f} | {ratio} | {cpu_ratio} |")
    return "\n".join(lines)


def verdicts(results: list[Result]) -> list[str]:
    """The issue's targets, checked against this run's numbers (full vs. baseline)."""
    full = {r.size: r for r in results if r.variant == "full"}
    base = {r.size: r for r in results if r.variant == "baseline"}
    out: list[str] = []

    def line(ok: bool, text: str) -> None:
        out.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    # On a machine shared with other work, wall time measures the neighbours as much as the
    # build; CPU time (user + system of the build process) does not wait for them.
    busy = [r for r in results if r.wall > 1.2 * r.cpu]
    for size in sorted(full):
        f = full[size]
        if size in base and size >= 1000:
            wall, cpu = f.wall / base[size].wall, f.cpu / base[size].cpu
            ratio, judged = (cpu, "CPU") if busy else (wall, "wall")
            line(ratio <= TARGETS["overhead"],
                 f"overhead at {size:,} pages ({judged}): {ratio:.2f} <= {TARGETS['overhead']} "
                 f"(wall median {wall:.2f}, CPU median {cpu:.2f})")
        if size >= 3000:
            line(f.html_kb_per_page <= TARGETS["html_kb"],
                 f"mean HTML per page at {size:,}: {f.html_kb_per_page:.1f} KB "
                 f"<= {TARGETS['html_kb']:.0f} KB")
            line(f.peak_mb < TARGETS["peak_mb"],
                 f"peak memory at {size:,}: {f.peak_mb:.0f} MB < {TARGETS['peak_mb']:.0f} MB")
    if busy:
        out.append(f"NOTE  {len(busy)} of {len(results)} rows waited for the CPU (wall > 1.2 x "
                   "CPU time): other processes were running; compare the CPU columns")
    sizes = sorted(full)
    if len(sizes) > 1:
        small, big = full[sizes[0]], full[sizes[-1]]
        wall = big.ms_per_page / small.ms_per_page
        cpu = (big.cpu / big.size) / (small.cpu / small.size)
        growth, judged = (cpu, "CPU") if busy else (wall, "wall")
        line(growth <= TARGETS["growth"],
             f"linear growth ({judged}): ms/page at {big.size:,} / at {small.size:,} = "
             f"{growth:.2f} <= {TARGETS['growth']} (wall {wall:.2f}, CPU {cpu:.2f})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="300,1000,3000",
                    help="comma-separated page counts (default: 300,1000,3000)")
    ap.add_argument("--runs", type=int, default=3, help="builds per size and variant")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--variants", type=lambda v: [x for x in v.split(",") if x],
                    default=["full", "baseline"],
                    help=f"comma-separated, from {', '.join(VARIANTS)} (default: full,baseline)")
    ap.add_argument("--peers", action="store_true",
                    help="add rows for mkdocs-ezlinks-plugin / mkdocs-roamlinks-plugin "
                         "where installed")
    ap.add_argument("--peer-max-size", type=int, default=1000,
                    help="largest size for peer rows (roamlinks walks docs/ per link)")
    ap.add_argument("--autonav", action="store_true",
                    help="add a row without nav: (Material's default full sidebar)")
    ap.add_argument("--autonav-max-size", type=int, default=1000)
    ap.add_argument("--nocache", action="store_true",
                    help="add a row with theme_cache: false (the theme renders its shared "
                         "parts for every page)")
    ap.add_argument("--serve", action="store_true",
                    help="measure make serve (mkdocs serve --dirty): save one trivia page "
                         "with a new wikilink, time until it and the linked page's new "
                         "backlink are served; against a full mkdocs build")
    ap.add_argument("--serve-full", action="store_true",
                    help="with --serve: also measure mkdocs serve (a full rebuild per save)")
    ap.add_argument("--serve-only", action="store_true",
                    help="with --serve: skip the build table (--sizes)")
    ap.add_argument("--serve-sizes", default="1000,3000",
                    help="comma-separated page counts for --serve (default: 1000,3000)")
    ap.add_argument("--serve-edits", type=int, default=3)
    ap.add_argument("--workdir", type=Path, help="where to write the wikis (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--write-wiki", type=Path, metavar="DIR",
                    help="only write one synthetic wiki (first size, full variant) and exit")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    serve_sizes = [int(s.replace("_", "")) for s in args.serve_sizes.split(",") if s.strip()]
    if args.serve_only:
        if not args.serve:
            ap.error("--serve-only needs --serve")
        sizes = []
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant {unknown[0]!r}; use {', '.join(VARIANTS)}")
    for name in args.variants:
        if not installed(VARIANTS[name].get("entry_point")):
            ap.error(f"variant {name!r} needs mkdocs-{name}-plugin: pip install -e '.[bench]'")
    if (not sizes and not args.serve_only) or min([*sizes, *serve_sizes], default=40) < 40:
        ap.error("--sizes, --serve-sizes: each size is at least 40 pages")

    if args.write_wiki:
        cfg = write_wiki(args.write_wiki, sizes[0], seed=args.seed)
        print(f"wrote {len(make_wiki(sizes[0], seed=args.seed))} pages; build with "
              f"mkdocs build -f {cfg}")
        return 0

    work = args.workdir or Path(tempfile.mkdtemp(prefix="wiki-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"configuration: {REAL_CONFIG}; work dir: {work}; seed {args.seed}; "
          f"{os.cpu_count()} CPUs", file=sys.stderr)
    results: list[Result] = []
    skipped: list[str] = []
    serve: list[dict[str, Any]] = []
    try:
        for size in sizes:
            variants = list(args.variants)
            if args.peers and size <= args.peer_max_size:
                for peer in ("ezlinks", "roamlinks"):
                    if peer in variants:
                        continue
                    if installed(VARIANTS[peer]["entry_point"]):
                        variants.append(peer)
                    elif peer not in skipped:
                        skipped.append(peer)
            if args.autonav and size <= args.autonav_max_size and "autonav" not in variants:
                variants.append("autonav")
            if args.nocache and "nocache" not in variants:
                variants.append("nocache")
            results.extend(bench_size(size, variants, args.runs, work, args.seed))
        if args.serve:
            for size in serve_sizes:
                for incremental in [True, False] if args.serve_full else [True]:
                    serve.append(bench_serve(size, args.serve_edits, work, args.seed,
                                             incremental=incremental, runs=args.runs))
                    print(f"  {serve_line(serve[-1])}", file=sys.stderr)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    if results:
        print(table(results))
        print()
        for v in verdicts(results):
            print(v)
    for peer in skipped:
        print(f"(no {peer} row: mkdocs-{peer}-plugin is not installed)")
    for sv in serve:
        print(serve_line(sv))
    if args.json:
        args.json.write_text(json.dumps({
            "results": [{**asdict(r), "wall_median_s": r.wall, "cpu_median_s": r.cpu,
                         "ms_per_page": r.ms_per_page, "peak_mb": r.peak_mb} for r in results],
            "verdicts": verdicts(results), "serve": serve,
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
