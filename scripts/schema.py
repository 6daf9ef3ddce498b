#!/usr/bin/env python3
"""Write the JSON Schema of page front matter, generated from the content model.

    .venv/bin/python scripts/schema.py  # (re)write plugins/severance_wiki/schema/page.schema.json
    .venv/bin/python scripts/schema.py --check    # exit 1 if the committed file is not current (CI)

Editors use it to check front matter as you type (see CONTRIBUTING.md). Never edit the file
by hand: change plugins/severance_wiki/model.py and run this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from severance_wiki.scriptenv import require_packages, venv_command  # noqa: E402

require_packages("schema.py")

from severance_wiki.model import json_schema  # noqa: E402

SCHEMA_PATH = ROOT / "plugins" / "severance_wiki" / "schema" / "page.schema.json"


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the committed schema is stale")
    parser.add_argument("--out", type=Path, default=SCHEMA_PATH, help="where to write it")
    args = parser.parse_args(argv)
    text = render()
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    if args.check:
        if current != text:
            print(f"{shown}: stale; run `{venv_command('schema.py')}`", file=sys.stderr)
            return 1
        return 0
    if current == text:
        print(f"{shown}: unchanged")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"{shown}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
