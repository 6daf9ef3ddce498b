# Two entry points for a fresh Debian/Ubuntu machine with Python 3.11+:
#   make serve   create .venv, install, generate pages, serve on http://127.0.0.1:8000
#                (a save re-renders only the pages it changes; make serve-full: every page)
#   make test    create .venv, install (and Debian's chromium), run every check and test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
# Material prints a banner about MkDocs 2.0 on every build; we pin mkdocs<2 (pyproject.toml).
export NO_MKDOCS_2_WARNING = 1
# The same for the venv's own mkdocs run by hand (.venv/bin/mkdocs, or `mkdocs` once the venv
# is activated): Python runs `import` lines of a .pth file in site-packages at start-up.
QUIET_PTH = import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

.PHONY: venv serve serve-full build test lint pages validate clean bench lighthouse

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	echo '$(QUIET_PTH)' > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/severance-wiki-quiet.pth"
	touch $(STAMP)

pages: $(STAMP)
	$(BIN)/python scripts/generate.py --quiet

SERVE_ADDR ?= 127.0.0.1:8000

# --dirty: the plugin keeps what each rebuild is made of and renders again only the pages a
# save changes (plugins/severance_wiki/incremental.py); the site stays equal to a full build.
serve: pages
	$(BIN)/mkdocs serve --dirty --dev-addr $(SERVE_ADDR)

# MkDocs' own preview: the whole site is built again on every save.
serve-full: pages
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR)

build: pages
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/python scripts/validate.py

lint: $(STAMP)
	$(BIN)/ruff check plugins scripts tests benchmarks
	$(BIN)/mypy

# axe-core for the browser accessibility tests (package.json pins it; tests skip without it).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm is missing (apt-get install npm): the axe-core checks will skip" >&2; fi

test: $(STAMP) node_modules/.package-lock.json
	sh scripts/ensure-chromium.sh
	$(BIN)/ruff check plugins scripts tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py --peers --autonav --nocache --serve --serve-full

# A phone's first visit, beside a plain Material site (README: Benchmarks, Lighthouse).
lighthouse: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python benchmarks/lighthouse.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
