# The two commands: `make run` serves the portal with demo data, `make test` runs every test.
# Both set everything up on a fresh clone; the only thing they need is Python >= 3.12.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PEOPLE ?= 2000

.PHONY: run test lint format lock audit bench clean

$(BIN)/python:
	@PY=$$(scripts/find-python) && echo "Creating $(VENV) with $$PY" && "$$PY" -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev .
	@touch $@

run: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	@# Creates only what is missing: a second run never undoes the Head's launches or closures.
	DJANGO_DEBUG=true $(BIN)/python manage.py load_programme
	@# Loading records no history; give the programme's first state a history row once.
	DJANGO_DEBUG=true $(BIN)/python manage.py populate_history communities.PracticeArea communities.Community
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo --people $(DEMO_PEOPLE)
	@echo "Serving at http://127.0.0.1:8000 (Ctrl+C stops it)"
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	@scripts/ensure-chromium
	@scripts/ensure-vnu
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

# Every main page against a bare view, at 2,000 and 20,000 people, with Redis, PostgreSQL and
# wrk on this machine (scripts/bench --help). At most 15 minutes; BENCH_ARGS=--quick for about 6.
bench: $(STAMP)
	scripts/bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# requirements.lock: every runtime package (pyproject's [project] dependencies and theirs) at one
# version with its hashes, which the Dockerfile installs. Run after changing those dependencies;
# pins still allowed are kept, so only what changed moves (`make lock LOCK_ARGS=--upgrade`
# moves everything to the newest allowed). The dev group is not locked: make installs it.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --quiet \
		--custom-compile-command "make lock" $(LOCK_ARGS) --output-file requirements.lock

# Known vulnerabilities in requirements.lock (pip-audit; see scripts/audit-deps).
audit: $(STAMP)
	$(BIN)/python scripts/audit-deps

clean:
	rm -rf $(VENV) staticfiles test-artifacts
