# Territoria — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo listens on this machine only; HOST=0.0.0.0 make demo exposes it to the network.
HOST ?= 127.0.0.1
# DEMO_SMOKE=1 make demo: every step of the demo, then a check of what it serves instead of
# serving forever (demo/smoke.py; CI runs it from a fresh clone). On a free port unless PORT
# is given, so that it never collides with a demo already running.
ifneq ($(DEMO_SMOKE),)
ifeq ($(origin PORT),undefined)
PORT := $(shell $(PYTHON) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endif
endif
PORT ?= 8000
SERVE = $(PY) manage.py runserver $(HOST):$(PORT)
WORKER = $(VENV)/bin/celery -A config worker -B -l INFO -c 2 -Q default,bulk,search

.PHONY: install demo serve test test-fast lint format worker bench messages check clean screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install  ## install, migrate, seed two territories, serve them on :8000
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --port $(PORT)
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker beside the server"; \
		$(WORKER) & trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	if [ -n "$(DEMO_SMOKE)" ]; then $(PY) -m demo.smoke --port $(PORT) -- $(SERVE); \
	else $(SERVE); fi

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
	$(WORKER)

bench: install  ## gunicorn + production settings; writes docs/performance.md
	$(PY) bench/run.py
	$(PY) bench/crm.py
	$(PY) bench/search.py
	$(PY) bench/companies.py  # 100,000 SIRENE rows (BENCH_COMPANIES_ROWS)

# Seeds the demo (if not yet), serves it on a free port and photographs the home and a filière
# page at 375 and 1280 px with Debian's Chromium (demo/screenshots.py) into docs/screenshots/.
screenshots: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@port=$$($(PYTHON) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$(PY) -m demo.screenshots --port $$port -- $(PY) manage.py runserver 127.0.0.1:$$port --noreload

messages: install
	$(PY) manage.py makemessages -l fr -l en --ignore='.venv/*' --ignore='var/*' \
		--ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' --ignore='*/migrations/*'
	$(PY) core/compile_messages.py  # no msgfmt needed; the .mo files are committed

clean:
	rm -rf var/db.sqlite3 var/media var/test-media
