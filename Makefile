# AI Governance Briefs: the two commands a newcomer needs are `make serve` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install serve site site-scheduled validate test lint new schema reference bench bench-reader lock clean

help:
	@echo "make serve     install, validate, build and preview at http://127.0.0.1:8000/"
	@echo "make test      install and run every test"
	@echo "make site      validate and build the site into site/"
	@echo "make site-scheduled   build as of the last scheduled brief's date (what the deploy will publish)"
	@echo "make validate  validate every brief and data file"
	@echo "make new TITLE='...' TOPIC=id   scaffold a draft brief"
	@echo "make bench     validator and build benchmarks (ratios against a same-run baseline)"
	@echo "make bench-reader   search and page-weight benchmark in headless Chromium"
	@echo "make lint      ruff"

# Install into .venv from the pinned lock; re-run only when the lock or pyproject changes.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found. Install Python 3.11 (Debian: apt-get install python3.11 python3.11-venv), or run: make PYTHON=python3 ..."; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

validate: $(STAMP)
	$(BIN)/briefing validate

# The briefing plugin validates first and stops the build on any invalid brief.
site: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

# A brief dated in the future is rendered, sanitised and audited first on its day, by the daily
# deploy: build as of the last such date now, so the pull request fails instead (build/scheduled/).
site-scheduled: $(STAMP)
	@day="$$($(BIN)/briefing scheduled --last)"; \
	if [ -z "$$day" ]; then echo "no scheduled briefs"; \
	else echo "building as of $$day, the last scheduled brief's date"; \
	  BRIEFING_TODAY="$$day" $(BIN)/mkdocs build --strict --clean --site-dir build/scheduled; fi

# `make site` without the PDFs (they are for the published site; mkdocs serve never makes them).
serve: $(STAMP)
	BRIEFING_PDF=false $(BIN)/mkdocs build --strict --clean
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks

new: $(STAMP)
	@test -n "$(TITLE)" -a -n "$(TOPIC)" || { echo "usage: make new TITLE='Title of the brief' TOPIC=topic-id"; exit 2; }
	$(BIN)/briefing new "$(TITLE)" --topic $(TOPIC)

schema: $(STAMP)
	$(BIN)/briefing schema

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py --briefs 5000
	$(BIN)/python benchmarks/bench_build.py --briefs 1000

bench-reader: $(STAMP)
	$(BIN)/python benchmarks/bench_reader.py

# Regenerate the lock from pyproject (needs the registries).
lock:
	rm -rf /tmp/briefing-lock && $(PYTHON) -m venv /tmp/briefing-lock
	/tmp/briefing-lock/bin/pip install --quiet -e ".[dev]"
	{ echo "# Exact versions for every install (make targets pass -c requirements.lock)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/briefing-lock/bin/pip freeze --exclude-editable | grep -v '^briefing'; } > requirements.lock

clean:
	rm -rf site .pytest_cache .ruff_cache build
