"""Lighthouse on a phone: the wiki beside a plain Material site with the same features.

Builds two sites from this repository and measures them with Lighthouse (npm, pinned in
package.json; ``npm ci`` installs it) driving Debian's chromium:

- ``wiki``: the real site (``mkdocs.yml``: Material, its features, search, our plugin);
- ``plain``: the reference, a plain Material site with the same theme features, search, the
  same Markdown extensions and navigation, and the same page texts rendered as plain
  Markdown without our plugin: wikilinks become Markdown links, spoiler markup becomes plain
  text (``!!! spoiler`` a note), the index pages the plugin generates become Markdown tables
  and lists of the same rows, the latest-trivia marker a list of the same pages. It has no
  infoboxes, backlinks or related lists (a plain site has none) and Material's own colours
  and system fonts.

Both are served on 127.0.0.1 with gzip, as a static host serves them. Each page type (home,
an episode, a person, a trivia page, the episode guide) is measured on both sites in turn,
``--runs`` times (interleaved: wiki, plain, wiki, plain ...), each run a first visit in a
fresh browser profile with Lighthouse's default mobile settings (Moto G Power viewport,
simulated slow 4G, 4x CPU slowdown). The table shows the median of the runs; the verdicts
check the targets of issue #13.

    .venv/bin/python benchmarks/lighthouse.py              # 3 runs per page and site
    .venv/bin/python benchmarks/lighthouse.py --runs 1     # a quick look
    .venv/bin/python benchmarks/lighthouse.py --keep build/lighthouse   # keep sites, reports

Exit status 0 when every target holds, 1 when one does not, 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from benchmarks.wikigen import real_config  # noqa: E402
from severance_wiki import checks  # noqa: E402
from severance_wiki.model import Character, Episode, Person, Source, Trivia  # noqa: E402
from severance_wiki.registry import Entry, Registry  # noqa: E402
from severance_wiki.spoilers import BLOCK_RE, INLINE_RE  # noqa: E402
from severance_wiki.spoilers_site import address_digest  # noqa: E402
from severance_wiki.wikilinks import WIKILINK_RE  # noqa: E402
from severance_wiki.wikilinks import parse as parse_link  # noqa: E402
from severance_wiki.xref import Relations, newest_trivia  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What this sandbox needs (no GPU, no sandboxing, no network but the local server).
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

SITES = ("wiki", "plain")


def default_pages(docs: Path) -> dict[str, str]:
    """Page type -> URL path on the plain site (the file name; see :func:`on_site`)."""
    trivia = sorted(p.stem for p in (docs / "trivia").glob("*.md")
                    if p.name not in ("index.md", "by-person.md", "by-tag.md"))
    pages = {"home": "", "episode": "episodes/s1e1/", "person": "people/ben-stiller/",
             "guide": "episodes/"}
    if trivia:
        pages["trivia"] = f"trivia/{trivia[0]}/"
    return pages


def on_site(site: Path, path: str) -> str:
    """The URL path of the plain site's ``path`` on a built ``site``: the same, or for a
    wiki page past S0 its neutral address (``trivia/s2e1-1a2b3c4d/``)."""
    if not path or (site / path / "index.html").is_file():
        return path
    folder, stem = path.rstrip("/").rsplit("/", 1)
    found = sorted((site / folder).glob(f"*-{address_digest(f'{folder}/{stem}.md')}"))
    if len(found) != 1:
        raise SystemExit(f"{path}: not built in {site}")
    return found[0].relative_to(site).as_posix() + "/"


# --- the reference site -----------------------------------------------------------------------


def _rel(target: str, here: str) -> str:
    return os.path.relpath(target, os.path.dirname(here) or ".").replace(os.sep, "/")


def _title(entry: Entry) -> str:
    if isinstance(entry.page, Episode):
        return f"{entry.page.key}: {entry.page.title}"
    return entry.title


class Plain:
    """Writes the reference site's docs: our pages as plain Markdown."""

    def __init__(self, docs: Path):
        pages = [(p.relative_to(docs).as_posix(), p.read_bytes(), p.relative_to(docs).as_posix())
                 for p in sorted(docs.rglob("*.md"))]
        self.wiki = checks.load_pages(pages)
        if self.wiki.load_problems:
            raise SystemExit("the wiki's pages do not load:\n"
                             + "\n".join(str(p) for p in self.wiki.load_problems))
        self.registry: Registry = self.wiki.registry
        self.relations = Relations.from_registry(self.registry)

    def link(self, entry: Entry, here: str, text: str | None = None) -> str:
        label = (text or _title(entry)).replace("[", "\\[").replace("]", "\\]")
        return f"[{label}]({_rel(entry.src_uri, here)})"

    def name(self, name: str, here: str) -> str:
        target = self.registry.resolve(name).target
        return self.link(target.entry, here) if target else name

    def body(self, src: str) -> str:
        """A page's Markdown with wikilinks, spoiler markup and markers made plain."""
        text = self.wiki.docs[src].body

        def wikilink(m: re.Match[str]) -> str:
            link = parse_link(m)
            target = self.registry.resolve(link.target).target
            if target is None:
                return link.text
            shown = link.label or (_title(target.entry) if target.kind == "key" else link.text)
            out = self.link(target.entry, src, shown)
            if link.heading:
                anchor = re.sub(r"[^\w\s-]", "", link.heading.lower()).strip()
                out = out[:-1] + "#" + re.sub(r"[\s]+", "-", anchor) + ")"
            return out

        text = WIKILINK_RE.sub(wikilink, text)
        text = INLINE_RE.sub(lambda m: m.group("text"), text)
        lines = []
        for line in text.splitlines():
            m = BLOCK_RE.match(line)
            if m:
                line = f'{m.group("indent")}{m.group("marker")} note "Spoiler"'
            lines.append(line)
        text = "\n".join(lines) + "\n"
        if "<!-- wiki:latest-trivia -->" in text:
            items = "\n".join(f"- {self.link(e, src)}" for e in newest_trivia(self.registry))
            text = text.replace("<!-- wiki:latest-trivia -->", items)
        return text

    def write(self, out: Path) -> None:
        for src, doc in self.wiki.docs.items():
            meta: dict[str, Any] = {"title": _title(doc.entry)}
            if doc.entry.page.summary:
                meta["description"] = doc.entry.page.summary
            hide = getattr(doc.entry.page, "hide", None)
            if hide:
                meta["hide"] = list(hide)
            dest = out / src
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n"
                            + self.body(src), encoding="utf-8")
        for src, (title, build) in self.index_pages().items():
            dest = out / src
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(f"---\ntitle: {title}\n---\n\n# {title}\n\n{build(src)}\n",
                            encoding="utf-8")

    # The index pages our plugin generates, as a plain site would write them by hand.

    def index_pages(self) -> dict[str, tuple[str, Callable[[str], str]]]:
        return {
            "episodes/index.md": ("Episode guide", self.guide),
            "people/index.md": ("Cast and crew", self.people),
            "characters/index.md": ("Characters", self.characters),
            "trivia/index.md": ("Trivia by episode", self.trivia_by_episode),
            "trivia/by-person.md": ("Trivia by person", self.trivia_by_person),
            "trivia/by-tag.md": ("Trivia by tag", self.trivia_by_tag),
            "sources/index.md": ("Sources", self.sources),
        }

    @staticmethod
    def _table(head: list[str], rows: list[list[str]]) -> str:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return "\n".join(lines)

    def guide(self, here: str) -> str:
        out = ["Every episode, season by season."]
        seasons: dict[int, list[Entry]] = {}
        for e in self.registry.episodes():
            assert isinstance(e.page, Episode)
            seasons.setdefault(e.page.season, []).append(e)
        for season, eps in sorted(seasons.items()):
            rows = []
            for e in eps:
                p = e.page
                assert isinstance(p, Episode)
                rows.append([self.link(e, here, p.key), p.title,
                             ", ".join(self.name(n, here) for n in p.directed_by),
                             ", ".join(self.name(n, here) for n in p.written_by),
                             f"{p.released.day} {p.released.strftime('%B %Y')}"])
            out += [f"## Season {season}",
                    self._table(["No.", "Title", "Directed by", "Written by", "Released"],
                                rows)]
        return "\n\n".join(out)

    def people(self, here: str) -> str:
        rows = []
        for e in sorted(self.registry.by_type("person"), key=lambda e: e.title):
            assert isinstance(e.page, Person)
            plays = [self.registry.entries[u] for u in self.relations.plays.get(e.src_uri, [])]
            rows.append([self.link(e, here), ", ".join(e.page.roles),
                         ", ".join(self.link(c, here) for c in plays)])
        return self._table(["Name", "Roles", "Plays"], rows)

    def characters(self, here: str) -> str:
        rows = []
        for e in sorted(self.registry.by_type("character"), key=lambda e: e.title):
            assert isinstance(e.page, Character)
            actors = [self.registry.entries[u]
                      for u in self.relations.played_by.get(e.src_uri, [])]
            rows.append([self.link(e, here), ", ".join(self.link(a, here) for a in actors),
                         e.page.first_appearance or ""])
        return self._table(["Character", "Played by", "First appearance"], rows)

    def _list(self, uris: list[str], here: str) -> str:
        return "\n".join(f"- {self.link(self.registry.entries[u], here)}" for u in uris
                         if u in self.registry.entries)

    def trivia_by_episode(self, here: str) -> str:
        out = []
        for e in self.registry.episodes():
            about = self.relations.trivia_about.get(e.src_uri, [])
            if about:
                assert isinstance(e.page, Episode)
                out += [f"## {e.page.key}", self._list(about, here)]
        return "\n\n".join(out) or "No trivia yet."

    def trivia_by_person(self, here: str) -> str:
        out = []
        for e in sorted(self.registry.by_type("person"), key=lambda e: e.title):
            about = self.relations.trivia_about.get(e.src_uri, [])
            if about:
                out += [f"## {e.title}", self._list(about, here)]
        return "\n\n".join(out) or "No trivia yet."

    def trivia_by_tag(self, here: str) -> str:
        tags: dict[str, list[str]] = {}
        for e in self.registry.by_type("trivia"):
            assert isinstance(e.page, Trivia)
            for tag in e.page.tags:
                tags.setdefault(tag, []).append(e.src_uri)
        return "\n\n".join(f"## {t}\n\n{self._list(u, here)}" for t, u in sorted(tags.items()))

    def sources(self, here: str) -> str:
        rows = []
        for e in sorted(self.registry.by_type("source"), key=lambda e: e.title):
            assert isinstance(e.page, Source)
            when = str(e.page.published or (f"after {e.page.published_after}"
                                            if e.page.published_after else ""))
            rows.append([self.link(e, here), e.page.outlet, when,
                         str(len(self.relations.cited_by.get(e.src_uri, [])))])
        return self._table(["Source", "Outlet", "Published", "Trivia"], rows)


def plain_config(site_url: str) -> dict[str, Any]:
    """The real mkdocs.yml without our plugin, stylesheet and colours."""
    cfg = real_config()
    cfg["site_url"] = site_url
    cfg["plugins"] = ["search"]
    cfg.pop("extra_css", None)
    cfg.pop("extra_javascript", None)
    cfg.pop("hooks", None)
    for scheme in cfg.get("theme", {}).get("palette", []):
        for key in ("primary", "accent"):
            if scheme.get(key) == "custom":
                scheme[key] = "indigo"
    return cfg


def build(config: Path, site: Path, site_url: str) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                           "-d", str(site)], env=env, cwd=config.parent, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SystemExit(f"building {config} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def build_sites(work: Path, ports: dict[str, int]) -> dict[str, Path]:
    sites = {name: work / name / "site" for name in SITES}
    build(ROOT / "mkdocs.yml", sites["wiki"], f"http://127.0.0.1:{ports['wiki']}/")
    plain = work / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    docs = plain / "docs"
    Plain(ROOT / "docs").write(docs)
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "docs" / "assets" / "logo.svg", docs / "assets" / "logo.svg")
    cfg = plain / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(plain_config(f"http://127.0.0.1:{ports['plain']}/"),
                                  sort_keys=False), encoding="utf-8")
    build(cfg, sites["plain"], f"http://127.0.0.1:{ports['plain']}/")
    return sites


# --- serving ----------------------------------------------------------------------------------

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: keep-alive connections, text files gzip-compressed when the browser
    accepts it (as GitHub Pages and most hosts serve them)."""

    protocol_version = "HTTP/1.1"
    cache: dict[str, bytes]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?")[0].endswith("/") or not os.path.isfile(index):
                return super().send_head()
            path = index
        if (Path(path).suffix not in COMPRESSIBLE or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            with open(path, "rb") as fh:
                body = self.cache[path] = gzip.compress(fh.read(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-response (Lighthouse ending a run) is not
        an error worth a traceback."""


def serve(root: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(type("H", (GzipHandler,), {"cache": {}}), directory=str(root))
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Run:
    performance: float
    lcp: float  # ms
    cls: float
    tbt: float  # ms
    accessibility: float
    best_practices: float
    seo: float
    bytes: float
    failing: list[str] = field(default_factory=list)


class RunFailed(Exception):
    """Lighthouse finished without the metrics (it says why)."""


def measure(url: str, report: Path, attempts: int = 3) -> Run:
    """:func:`lighthouse`, tried again when a run comes back without its metrics."""
    for attempt in range(1, attempts + 1):
        try:
            return lighthouse(url, report)
        except RunFailed as exc:
            print(f"  ({url}: {str(exc)[:100]}; attempt {attempt} of {attempts})", flush=True)
    raise SystemExit(f"lighthouse could not measure {url} in {attempts} attempts")


def lighthouse(url: str, report: Path) -> Run:
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
           f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
           f"--only-categories={','.join(CATEGORIES)}"]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not report.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    cats, audits = data["categories"], data["audits"]
    for name in ("largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time",
                 "total-byte-weight"):
        if "numericValue" not in audits.get(name, {}):
            # e.g. NO_FCP: the browser painted nothing (a busy machine); the caller retries.
            raise RunFailed(audits.get(name, {}).get("errorMessage") or f"no {name}")

    def score(name: str) -> float:
        return round((cats[name]["score"] or 0) * 100)

    failing = []
    for name in ("accessibility", "best-practices", "seo"):
        for ref in cats[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']}")
    for audit_id in ("layout-shifts", "unsized-images", "render-blocking-resources",
                     "font-display", "unminified-css", "unminified-javascript",
                     "unused-css-rules", "unused-javascript"):
        audit = audits.get(audit_id)
        if audit and audit["score"] is not None and audit["score"] < 1:
            failing.append(f"performance: {audit_id} ({audit.get('displayValue', '')})")
    return Run(score("performance"), audits["largest-contentful-paint"]["numericValue"],
               audits["cumulative-layout-shift"]["numericValue"],
               audits["total-blocking-time"]["numericValue"], score("accessibility"),
               score("best-practices"), score("seo"),
               audits["total-byte-weight"]["numericValue"], failing)


def median_run(runs: list[Run]) -> Run:
    def med(name: str) -> float:
        return float(statistics.median(getattr(r, name) for r in runs))

    failing = sorted({f for r in runs for f in r.failing})
    return Run(med("performance"), med("lcp"), med("cls"), med("tbt"), med("accessibility"),
               med("best_practices"), med("seo"), med("bytes"), failing)


def table(results: dict[str, dict[str, Run]], runs: int) -> str:
    head = ("| page | site | performance | LCP (s) | CLS | TBT (ms) | accessibility | "
            "best practices | SEO | total (KB) |")
    lines = [head, "|" + "---|" * 10]
    for kind, by_site in results.items():
        for site in SITES:
            r = by_site[site]
            lines.append(f"| {kind} | {site} | {r.performance:.0f} | {r.lcp / 1000:.2f} | "
                         f"{r.cls:.3f} | {r.tbt:.0f} | {r.accessibility:.0f} | "
                         f"{r.best_practices:.0f} | {r.seo:.0f} | {r.bytes / 1024:.0f} |")
    lines.append("")
    lines.append(f"Median of {runs} run(s). Ratios wiki / plain:")
    lines.append("")
    lines.append("| page | performance | LCP | TBT | total bytes |")
    lines.append("|---|---|---|---|---|")
    for kind, by_site in results.items():
        w, p = by_site["wiki"], by_site["plain"]
        lines.append(f"| {kind} | {_ratio(w.performance, p.performance)} | "
                     f"{_ratio(w.lcp, p.lcp)} | {_ratio(w.tbt, p.tbt)} | "
                     f"{_ratio(w.bytes, p.bytes)} |")
    return "\n".join(lines)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def verdicts(results: dict[str, dict[str, Run]]) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    for kind, by_site in results.items():
        w, p = by_site["wiki"], by_site["plain"]
        out.append((w.performance >= p.performance,
                    f"{kind}: performance {w.performance:.0f} >= plain {p.performance:.0f}"))
        out.append((w.lcp <= p.lcp, f"{kind}: LCP {w.lcp / 1000:.2f} s <= plain "
                                    f"{p.lcp / 1000:.2f} s"))
        out.append((w.cls <= 0.02, f"{kind}: CLS {w.cls:.3f} <= 0.02 (first visit)"))
        for name, value in (("accessibility", w.accessibility),
                            ("best practices", w.best_practices), ("SEO", w.seo)):
            out.append((value >= 100, f"{kind}: {name} {value:.0f} = 100"))
        out.append((w.bytes <= 1.2 * p.bytes,
                    f"{kind}: total {w.bytes / 1024:.0f} KB <= 1.2 x plain "
                    f"{p.bytes / 1024:.0f} KB ({_ratio(w.bytes, p.bytes)})"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per page and site (default 3)")
    ap.add_argument("--pages", help="comma-separated page types to measure "
                                    "(home, episode, person, trivia, guide; default all)")
    ap.add_argument("--keep", type=Path, help="build the sites and keep the reports here "
                                              "(default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse is not installed: run `npm ci` (package.json pins it)",
              file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print("Debian's chromium is missing: apt-get install chromium", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="sv-lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        ports = {name: free_port() for name in SITES}
        print("building both sites ...", flush=True)
        sites = build_sites(work, ports)
        servers = [serve(sites[name], ports[name]) for name in SITES]
        pages = default_pages(ROOT / "docs")
        if args.pages:
            wanted = args.pages.split(",")
            unknown = set(wanted) - set(pages)
            if unknown:
                print(f"--pages: unknown page type(s) {', '.join(sorted(unknown))}; use "
                      f"{', '.join(pages)}", file=sys.stderr)
                return 2
            pages = {k: v for k, v in pages.items() if k in wanted}
        reports = work / "reports"
        reports.mkdir(exist_ok=True)
        runs: dict[str, dict[str, list[Run]]] = {k: {s: [] for s in SITES} for k in pages}
        for n in range(args.runs):
            for kind, path in pages.items():
                for site in SITES:
                    url = f"http://127.0.0.1:{ports[site]}/{on_site(sites[site], path)}"
                    r = measure(url, reports / f"{kind}-{site}-{n + 1}.json")
                    runs[kind][site].append(r)
                    print(f"run {n + 1}/{args.runs} {kind:8} {site:5} perf {r.performance:3.0f}"
                          f"  LCP {r.lcp / 1000:5.2f} s  CLS {r.cls:.3f}  TBT {r.tbt:4.0f} ms"
                          f"  {r.bytes / 1024:4.0f} KB", flush=True)
        for server in servers:
            server.shutdown()
        results = {k: {s: median_run(v[s]) for s in SITES} for k, v in runs.items()}
        print()
        print(table(results, args.runs))
        print()
        failing = sorted({f for k in results for f in results[k]["wiki"].failing})
        if failing:
            print("Lighthouse findings on the wiki's pages:")
            for f in failing:
                print(f"  {f}")
            print()
        ok = True
        for passed, text in verdicts(results):
            ok &= passed
            print(f"{'PASS' if passed else 'FAIL'}  {text}")
        return 0 if ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
