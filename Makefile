# NAP Portal — the commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/nap_portal
# Development defaults; a deployment sets its own environment (see README.md).
export DEBUG ?= true
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup run worker test test-sqlite test-postgres bench lint messages demo clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt (GNU gettext) not found: using the compiled catalogs in locale/"; fi
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py import_seeds
	$(BIN)/python manage.py create_demo_users --skip-if-refused

# The web server and, beside it, a worker for the task queue (mail, exports): both stop
# together on Ctrl+C.
run: setup
	@$(BIN)/python manage.py db_worker --queue-name '*' --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The task queue's worker alone (production runs it as its own service: deploy/).
worker: $(STAMP)
	$(BIN)/python manage.py db_worker --queue-name '*'

# Every test, on SQLite, then on PostgreSQL. Under CI=true a missing PostgreSQL or Chromium
# fails the run; elsewhere those parts are skipped with a message.
test: $(STAMP)
	@if [ "$$CI" = "true" ] && ! command -v chromium >/dev/null; then \
		echo "CI: installing Chromium for the browser tests"; \
		apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }; \
	fi
	@if [ "$$CI" = "true" ] && ! command -v pdftotext >/dev/null; then \
		echo "CI: installing poppler-utils (pdftotext) for the PDF tests"; \
		apt-get install -y poppler-utils >/dev/null || { apt-get update >/dev/null && apt-get install -y poppler-utils >/dev/null; }; \
	fi
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider

test-postgres: $(STAMP)
	@if $(BIN)/python tests/tools/postgres_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -p no:cacheprovider -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "FAILED: PostgreSQL is not reachable at $(PG_URL), and CI=true requires the PostgreSQL run."; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL run — no server at $(PG_URL). Start one or set PG_URL."; \
	fi

bench: setup
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l az -l en -l ru --ignore=.venv --ignore=tests --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
