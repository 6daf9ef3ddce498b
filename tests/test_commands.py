"""Every command the README and CONTRIBUTING show, and every command a script prints as a
hint, works on a fresh clone: each is run (in a copy of the repository, with the venv's
tools), except the few listed in NOT_RUN with what is run in their place."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from contrib_helpers import ROOT, repo_copy
from severance_wiki.spoilers_site import address_digest

SEED = "seeds/articles/cinemablend-season-2-opening-run.md"
A_TRIVIA = "docs/trivia/the-season-2-premieres-opening-sequence-took-five-or-six-months.md"
# Placeholders the docs use, and what stands for them here.
# A saved web page and a plain text without front matter, stored in the copy's seeds/ by
# the fixture (the articles the README's examples stand for).
PAGE, TEXT = "saved/example-page.html", "saved/example-text.txt"
PLACEHOLDERS = {"seeds/articles/ARTICLE.md": SEED, "ARTICLE": SEED,
                "~/Downloads/PAGE.html": PAGE, "~/Downloads/TEXT.txt": TEXT,
                "docs/trivia/my-page.md": A_TRIVIA, "docs/trivia/your-page.md": A_TRIVIA}
# Commands too long or too global for the test suite, and what is run instead.
NOT_RUN = {
    "make test": "make -n test",  # this very suite: its recipe is checked, not run again
    "make bench": "make -n bench",  # minutes of benchmarks; installs the peer plugins
    ".venv/bin/python benchmarks/run.py": ".venv/bin/python benchmarks/run.py --help",
    ".venv/bin/python benchmarks/run.py --sizes 300 --runs 1":
        ".venv/bin/python benchmarks/run.py --help",
    ".venv/bin/python benchmarks/run.py --serve --serve-only":
        ".venv/bin/python benchmarks/run.py --help",
    ".venv/bin/python benchmarks/profile_build.py --size 1000 --events":
        ".venv/bin/python benchmarks/profile_build.py --help",
    ".venv/bin/python benchmarks/profile_build.py --size 1000":
        ".venv/bin/python benchmarks/profile_build.py --help",
    # Lighthouse: minutes of browser runs over two built sites (a benchmark, not a test)
    ".venv/bin/python benchmarks/lighthouse.py": ".venv/bin/python benchmarks/lighthouse.py --help",
    ".venv/bin/python benchmarks/lighthouse.py --runs 1 --pages guide":
        ".venv/bin/python benchmarks/lighthouse.py --help",
    ".venv/bin/python benchmarks/lighthouse.py --keep build/lighthouse":
        ".venv/bin/python benchmarks/lighthouse.py --help",
    # The browser tests this suite runs anyway: collected (the path and its imports work).
    ".venv/bin/python -m pytest tests/browser/test_reader.py":
        ".venv/bin/python -m pytest tests/browser/test_reader.py --collect-only -q",
    # Installs a package from the network into the venv: the tools it names must exist.
    ".venv/bin/pip install pre-commit && .venv/bin/pre-commit install":
        ".venv/bin/pip --version",
}


def documented_commands() -> list[str]:
    """Commands of the ``sh`` blocks of README.md and CONTRIBUTING.md, and commands in
    their text written as code (`make build`, `.venv/bin/python scripts/schema.py`)."""
    out: list[str] = []
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.replace("\\\n", " ").split("\n"):
                command = line.split("  #")[0].strip()
                if command:
                    out.append(" ".join(command.split()) if "--no-input" not in command
                               else command)
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        for code in re.findall(r"`([^`\n]+)`", prose):
            if re.match(r"(make [a-z]+|\.venv/bin/\w+ \S.*)$", code) and "..." not in code:
                out.append(code)
    return list(dict.fromkeys(out))


def substitute(command: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        command = re.sub(rf"(?<![\w/.-]){re.escape(placeholder)}(?![\w/.-])", value, command)
    return command


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = repo_copy(tmp_path_factory.mktemp("clone"))
    # Make must not rebuild the venv (it is the real one, linked in): it has to be current.
    if subprocess.run(["make", "-q", ".venv/.installed-stamp"], cwd=root).returncode != 0:
        pytest.fail("the venv is older than pyproject.toml: run `make venv` first")
    # the articles the ingestion examples stand for: a saved web page, and a plain text
    # without front matter (the body of a labelled test article)
    (root / "saved").mkdir()
    shutil.copy(ROOT / "tests" / "ingest_articles" / "tca-panel-page.html", root / PAGE)
    text = (ROOT / "tests" / "ingest_articles" / "tca-panel.md").read_text(encoding="utf-8")
    (root / TEXT).write_text(text.split("\n---\n", 1)[1], encoding="utf-8")
    return root


def run(command: str, cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    # As a contributor's shell has it: no banner switch, not inside another make.
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_MKDOCS_2_WARNING", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env, **kw)  # type: ignore[call-overload]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_and_fetch(command: str, cwd: Path) -> str:
    """Start a server command, fetch a trivia page from it (A_TRIVIA, a page about S2E1: at
    its neutral address, found in the served sitemap), stop it; return its page."""
    proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = re.search(r"127\.0\.0\.1:\d+", command)
    assert url
    digest = address_digest(A_TRIVIA.removeprefix("docs/"))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"{command} stopped: {proc.stdout.read() if proc.stdout else ''}")
            try:
                with urllib.request.urlopen(f"http://{url.group(0)}/sitemap.xml",
                                            timeout=5) as response:
                    locs = [urllib.parse.urlsplit(loc).path for loc in
                            re.findall(r"<loc>([^<]*)</loc>", response.read().decode())]
                page = [loc for loc in locs if loc.endswith(f"/trivia/s2e1-{digest}/")]
                assert len(page) == 1, locs
                with urllib.request.urlopen(f"http://{url.group(0)}{page[0]}",
                                            timeout=5) as response:
                    return str(response.read().decode())
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"{command}: nothing served in 120 s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_the_docs_show_the_commands_this_test_knows() -> None:
    commands = documented_commands()
    assert ".venv/bin/python scripts/validate.py" in commands
    assert "make build" in commands and ". .venv/bin/activate" in commands
    assert not [c for c in commands if re.match(r"python3? scripts/", c)], \
        "use .venv/bin/python (a fresh clone's python lacks the packages)"
    assert set(NOT_RUN) <= set(commands), set(NOT_RUN) - set(commands)


def test_every_documented_command_works(copy: Path) -> None:
    failures = []
    for written in documented_commands():
        command = substitute(NOT_RUN.get(written, written))
        if command in SERVED or command == ".venv/bin/python scripts/new_trivia.py" \
                or command.startswith(". .venv/bin/activate"):
            continue  # below: served and fetched, asked in a terminal, activated
        if "new_trivia.py --no-input" in command:
            continue  # test_contributing runs it, and its hint, as written
        proc = run(command, copy)
        if proc.returncode != 0:
            failures.append(f"{command}: exit {proc.returncode}\n{proc.stdout[-800:]}"
                            f"{proc.stderr[-800:]}")
        assert "Traceback" not in proc.stderr, command
    assert failures == []


# The documented ways to serve the wiki: run below (served, and a page fetched).
SERVED = ("make serve", "make serve-full", ".venv/bin/mkdocs serve",
          ".venv/bin/mkdocs serve --dirty")


def test_serving_as_documented(copy: Path) -> None:
    documented = {c for c in documented_commands()
                  if re.match(r"(make serve|\.venv/bin/mkdocs serve)\b", c)}
    assert "make serve" in documented and documented <= set(SERVED), documented
    for command in SERVED:
        port = free_port()
        if command.startswith("make"):
            html = serve_and_fetch(f"{command} SERVE_ADDR=127.0.0.1:{port}", copy)
        else:
            html = serve_and_fetch(f"{command} --dev-addr 127.0.0.1:{port}", copy)
        assert "took five or six months" in html and "wiki-citations" in html, command


def test_activating_the_venv_gives_bare_mkdocs_and_python(copy: Path) -> None:
    proc = run(". .venv/bin/activate && command -v mkdocs && mkdocs --version && "
               "python scripts/validate.py -q", copy)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith(".venv/bin/mkdocs")
    # Material's end-of-life banner is off for the venv's mkdocs, with or without make.
    build = run(". .venv/bin/activate && mkdocs build --strict", copy)
    assert build.returncode == 0, build.stderr
    assert "end of life" not in build.stderr and "Zensical" not in build.stderr


def test_make_build_is_quiet_and_warnings_stay_visible(copy: Path) -> None:
    proc = run("make build", copy)
    assert proc.returncode == 0, proc.stderr
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    assert len(lines) <= 6, lines
    assert not [line for line in lines if "WARNING" in line or "not included" in line]
    page = copy / A_TRIVIA
    text = page.read_text(encoding="utf-8")
    try:
        page.write_text(text + "\nSee [[Nobody At All]].\n", encoding="utf-8")
        broken = run("make build", copy)
        assert broken.returncode != 0
        assert "WARNING" in broken.stderr and "'[[Nobody At All]]' points to no page" in \
            broken.stderr
    finally:
        page.write_text(text, encoding="utf-8")


def _hints(text: str) -> list[str]:
    return re.findall(r"`((?:make [a-z]+|\.venv/bin/python scripts/)[^`]*)`", text)


def test_the_hints_scripts_print_work(copy: Path) -> None:
    ran: list[str] = []

    def follow(output: str) -> None:
        hints = _hints(output)
        assert hints, output
        for hint in hints:
            proc = run(hint, copy)
            assert proc.returncode == 0, f"{hint}: {proc.stdout[-500:]}{proc.stderr[-500:]}"
            ran.append(hint)

    # Stale generated pages, schema and ingested pages: the fix each --check names.
    generated = copy / "docs" / "episodes" / "s1e1.md"
    generated.unlink()
    proc = run(".venv/bin/python scripts/generate.py --check", copy)
    assert proc.returncode == 1
    follow(proc.stderr)
    assert generated.exists()
    assert run(".venv/bin/python scripts/generate.py --check", copy).returncode == 0
    schema = copy / "plugins" / "severance_wiki" / "schema" / "page.schema.json"
    schema.write_text("{}\n")
    proc = run(".venv/bin/python scripts/schema.py --check", copy)
    assert proc.returncode == 1
    follow(proc.stderr)
    assert run(".venv/bin/python scripts/schema.py --check", copy).returncode == 0
    wrap = copy / "docs" / "trivia" / ("the-season-2-premieres-opening-sequence-got-its-own-"
                                       "wrap-party.md")
    wrap.unlink()
    proc = run(".venv/bin/python scripts/ingest.py --check", copy)
    assert proc.returncode == 1
    follow(proc.stderr)
    assert wrap.exists() and run(".venv/bin/python scripts/ingest.py --check", copy
                                 ).returncode == 0
    # A script run with a python that lacks the packages: one line, and what it names works.
    for script, args in (("validate.py", ""), ("new_trivia.py", " --help"),
                         ("generate.py", " --check"), ("schema.py", " --check"),
                         ("ingest.py", " --check"), ("score_ingest.py", " --help")):
        proc = run(f"{sys.executable} -S scripts/{script}{args}", copy)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert f"`.venv/bin/python scripts/{script}{args}`" in proc.stderr
        follow(proc.stderr)
    assert "make validate" in ran and "make venv" in ran and "make pages" in ran


def _terminal(argv: list[str], answers: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``argv`` in a pseudo-terminal, typing ``answers``; its exit status and output."""
    main, secondary = pty.openpty()
    proc = subprocess.Popen(argv, cwd=cwd, stdin=secondary, stdout=secondary,
                            stderr=secondary, close_fds=True)
    os.close(secondary)
    os.write(main, ("\n".join(answers) + "\n").encode())
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(main)
    return proc.returncode, output.decode(errors="replace").replace("\r\n", "\n")


def test_the_interactive_scaffold_in_a_terminal(tmp_path: Path) -> None:
    # its own copy: the documented commands run in `copy` ingest articles of their own,
    # which add source pages the answers below would have to choose between
    copy = repo_copy(tmp_path)
    answers = [
        "The season 2 opening run took months to shoot",
        "S2E1", "",
        "Ben Stiler", "Ben Stiller", "",
        "Mark S.", "",
        "CinemaBlend interview", "CinemaBlend interview with Ben Stiller and Adam Scott",
        "it was actually shot over five or six months",
        "But it was actually shot also over the course of probably, like, five or six months",
        "Ben Stiller",
        "",
        "The opening run of [[S2E1]] was shot over five or six months.",
        "filming",
    ]
    code, out = _terminal([str(copy / ".venv" / "bin" / "python"), "scripts/new_trivia.py"],
                          answers, copy)
    assert code == 0, out
    assert "did you mean 'Ben Stiller'?" in out
    assert "did you mean 'CinemaBlend interview with Ben Stiller and Adam Scott'?" in out
    assert "quote not found in seeds/articles/cinemablend-season-2-opening-run.md" in out
    written = copy / "docs" / "trivia" / "the-season-2-opening-run-took-months-to-shoot.md"
    try:
        assert "speaker: Ben Stiller" in written.read_text(encoding="utf-8")
        hints = _hints(out)
        assert hints == ["make serve",
                         ".venv/bin/python scripts/validate.py docs/trivia/"
                         "the-season-2-opening-run-took-months-to-shoot.md"]
        assert run(hints[1], copy).returncode == 0
    finally:
        written.unlink(missing_ok=True)
