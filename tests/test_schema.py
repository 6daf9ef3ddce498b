"""The JSON Schema for editors: generated from the content model, committed, and current."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from contrib_helpers import GOOD_TRIVIA, ROOT, script
from severance_wiki import frontmatter

SCHEMA_FILE = ROOT / "plugins" / "severance_wiki" / "schema" / "page.schema.json"


def as_json(value: Any) -> Any:
    """Front matter as an editor's YAML-to-JSON view sees it (dates become strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def deep_messages(errors: Any) -> list[str]:
    """Messages of errors and of the sub-errors under oneOf (one branch per page type)."""
    out = []
    for e in errors:
        out.append(e.message)
        out += deep_messages(e.context or [])
    return out


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schema_is_current(tmp_path: Path) -> None:
    schema = script("schema")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.render(), (
        "run: python scripts/schema.py")
    assert schema.main(["--check"]) == 0
    stale = tmp_path / "old.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert schema.main(["--check", "--out", str(stale)]) == 1
    assert schema.main(["--out", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == schema.render()


def test_every_real_page_passes_the_schema(validator: jsonschema.protocols.Validator) -> None:
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert len(pages) > 50
    for path in pages:
        data = frontmatter.read(path.read_bytes(), str(path)).data
        errors = [e.message for e in validator.iter_errors(as_json(data))]
        assert errors == [], (path, errors)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("title: The pilot was shot twice", 'title: "Run <img src=x onerror=alert(1)>"'),
         "should not be valid"),
        (("episodes: [S1E1]", "episodes: [season one]"), "does not match"),
        (("type: trivia", "type: trivva"), "not valid under any of the given schemas"),
        (("spoilers: S1E1", "spoilers: S1E1\ncolour: blue"), "Additional properties"),
        (("    quote: We shot the pilot twice.", "    quote: [1, 2]"), "is not of type"),
    ],
)
def test_the_schema_refuses_what_the_validator_refuses(
        validator: jsonschema.protocols.Validator, change: tuple[str, str],
        complaint: str) -> None:
    good = yaml.safe_load(GOOD_TRIVIA.split("---\n")[1])
    assert list(validator.iter_errors(good)) == []
    bad = yaml.safe_load(GOOD_TRIVIA.replace(*change).split("---\n")[1])
    messages = " | ".join(deep_messages(validator.iter_errors(bad)))
    assert complaint in messages
