"""The pull-request machinery: templates, workflows and pre-commit say what they should."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from contrib_helpers import ROOT

GITHUB = ROOT / ".github"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]


def test_pull_requests_run_validate_ingest_tests_and_the_strict_build() -> None:
    wf = load(GITHUB / "workflows" / "pull-request.yml")
    assert "pull_request" in wf[True]  # YAML 1.1 reads the key `on` as True
    runs = "\n".join(run_lines(wf))
    for command in ("python scripts/validate.py", "python scripts/ingest.py --check",
                    "python scripts/generate.py --check", "python scripts/schema.py --check",
                    "mkdocs build --strict", "make test"):
        assert command in runs, command
    assert wf["permissions"] == {"contents": "read"}


def test_main_builds_with_its_address_and_deploys_to_pages() -> None:
    wf = load(GITHUB / "workflows" / "deploy.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    build = wf["jobs"]["build"]["steps"]
    strict = next(s for s in build if "mkdocs build --strict" in s.get("run", ""))
    assert "SITE_URL" in strict["env"]
    assert "steps.pages.outputs.base_url" in strict["env"]["SITE_URL"]
    uses = [s.get("uses", "") for job in wf["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    assert "SITE_URL" in (ROOT / "mkdocs.yml").read_text()


def test_every_script_the_workflows_and_hooks_call_exists() -> None:
    texts = [p.read_text() for p in (GITHUB / "workflows").glob("*.yml")]
    texts.append((ROOT / ".pre-commit-config.yaml").read_text())
    called = set(re.findall(r"scripts/[\w-]+\.py", "\n".join(texts)))
    assert {"scripts/validate.py", "scripts/generate.py", "scripts/schema.py"} <= called
    # scripts/ingest.py comes with the ingestion work; every other script must be here now.
    missing = {s for s in called if not (ROOT / s).exists()} - {"scripts/ingest.py"}
    assert missing == set()


def test_templates_are_well_formed() -> None:
    template = (GITHUB / "pull_request_template.md").read_text()
    assert "scripts/validate.py" in template and "- [ ]" in template
    forms = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
    assert len(forms) >= 3
    for form in forms:
        data = load(form)
        assert data["name"] and data["description"], form
        ids = [item["id"] for item in data["body"] if "id" in item]
        assert ids and len(ids) == len(set(ids)), form


def test_pre_commit_runs_ruff_and_the_validator() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert "ruff" in hooks
    validate = hooks["wiki-validate"]
    assert validate["entry"] == "python scripts/validate.py"
    assert re.search(validate["files"], "docs/trivia/new.md")
    # Its isolated environment has only the listed packages: the checks must not need MkDocs.
    deps = " ".join(validate["additional_dependencies"]).lower()
    probe = ("import sys; sys.path.insert(0, 'plugins'); import severance_wiki.checks; "
             "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert "mkdocs" not in out and "material" not in out
    for module, package in (("pydantic", "pydantic"), ("yaml", "pyyaml"),
                            ("markdown", "markdown"), ("markupsafe", "markupsafe")):
        assert module in out and package in deps
