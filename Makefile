# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_ENV := DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 CELERY_BROKER_URL= MEDIA_ROOT=$(CURDIR)/media
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/poc_training
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: demo test bench lint format messages install install-dev assets migrate-demo clean help

help:
	@echo "make demo   set up and serve the app with demo data on http://127.0.0.1:8000 (SQLite, Celery eager)"
	@echo "make test   set up and run the whole test suite on PostgreSQL and Redis"
	@echo "make bench  measure the figures, pages, report, import and export at several scales"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed messages
install-dev: $(VENV)/.installed-dev node_modules/.installed messages
assets: node_modules/.installed

messages: | $(PY)
	@DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py demo_setup
	@echo "Serving http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_REDIS_URL) $(PY) scripts/check_services.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run -v 1
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_REDIS_URL) CELERY_RESULT_BACKEND=$(TEST_REDIS_URL) \
		$(BIN)/pytest -p no:cacheprovider --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/poc_training_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_ENV := DEBUG=0 DEV_TOOLS=1 SITE_URL=http://127.0.0.1:8000 SECRET_KEY=benchmark-only-secret-key-0123456789abcdefghij HTTPS=0 STATIC_MANIFEST=0 \
	ALLOWED_HOSTS=127.0.0.1,localhost,testserver DATABASE_URL=$(BENCH_DATABASE_URL) LOG_LEVEL=WARNING API_RATE_LIMIT=1000000/min \
	CELERY_BROKER_URL=$(BENCH_REDIS_URL) CELERY_RESULT_BACKEND=$(BENCH_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=0

bench: install-dev
	@DATABASE_URL=$(BENCH_DATABASE_URL) CELERY_BROKER_URL=$(BENCH_REDIS_URL) $(PY) scripts/check_services.py
	@command -v wrk >/dev/null || echo "wrk is missing (apt-get install wrk): the throughput will be skipped"
	$(BENCH_ENV) $(PY) scripts/create_database.py
	$(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache .mypy_cache .coverage test-artifacts
