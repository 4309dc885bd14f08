# Territoria — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: install demo serve test test-fast lint format worker bench messages check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install  ## install, migrate, seed two territories, serve them on :8000
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker beside the server"; \
		$(VENV)/bin/celery -A config worker -B -l INFO -c 2 -Q default,bulk,search & \
	fi; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install  ## the whole suite (browser and service tests skip with a reason when absent)
	$(PY) manage.py check --settings=config.settings.test
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -n 2 --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install  ## a Celery worker with beat, on the three queues (needs REDIS_URL)
	$(VENV)/bin/celery -A config worker -B -l INFO -c 2 -Q default,bulk,search

bench: install  ## gunicorn + production settings; writes docs/performance.md
	$(PY) bench/run.py

messages: install
	$(PY) manage.py makemessages -l fr -l en --ignore='.venv/*' --ignore='var/*' \
		--ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' --ignore='*/migrations/*'
	$(PY) core/compile_messages.py  # no msgfmt needed; the .mo files are committed

clean:
	rm -rf var/db.sqlite3 var/media var/test-media
