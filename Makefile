# The portal's commands. `make run` serves it on SQLite; `make test` runs every check.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py

.PHONY: install run test test-e2e lint messages system-packages demo clean bench

# uv comes from pip into a private venv when the machine has none.
$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_data
	$(MANAGE) runserver 127.0.0.1:$(PORT)

demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_data

system-packages:
	bash scripts/install-system-packages.sh

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

test: install system-packages lint
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(UV) run --frozen pytest -p no:cacheprovider -n 2 --dist loadfile -m "not e2e" --durations=10

# Browser journeys (Playwright + Debian's Chromium) and fault tests (real worker processes).
test-e2e: install system-packages
	$(UV) run --frozen pytest -p no:cacheprovider -n 2 --dist loadfile -m e2e tests/browser tests/faults

# Load test at 200,000 submissions against a bare Django view and a bare Wagtail page, the
# document pipeline and SQL counts (PostgreSQL + Redis on 127.0.0.1; see bench/run.py).
# BENCH_SUBMISSIONS, BENCH_STAFF, BENCH_SECONDS scale it down; writes var/bench/report.{json,md}.
bench: install
	$(UV) run --frozen python bench/run.py

# Regenerate the Vietnamese and English catalogues after changing UI text.
messages: install
	UV="$(UV)" bash scripts/messages.sh

clean:
	rm -rf var .pytest_cache .ruff_cache
