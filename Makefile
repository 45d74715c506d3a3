# Two commands matter: `make run` and `make test`. Everything else is what they call.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VNU_STAMP := tests/html/node_modules/.installed
# Mozilla's ical.js, for the tests that read our calendar files as Thunderbird does.
JS_STAMP := tests/js/node_modules/.installed
PORT ?= 5000
export FLASK_APP := wsgi
# `make run` is development; wsgi:app alone is production and refuses to start unconfigured.
export INTAKE_ENV ?= development

PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: lock install run test bench bench-load check-production lint translations compile-translations send-mail clean check-html

install: $(STAMP) compile-translations $(JS_STAMP)

# Exactly the locked set (every package, transitive ones included, checked by hash), then the
# project itself without resolving anything again.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml: write the lock again (other pins stay as they are).
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --no-emit-find-links \
		--no-emit-index-url -o requirements.lock pyproject.toml

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/js --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the ical.js tests will be skipped (CI=true fails them)"; fi

compile-translations: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Extract every marked string, merge it into each catalogue, compile.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --add-comments=i18n: --no-location \
		--sort-output --width=100 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \
		--ignore-obsolete --width=100
	$(MAKE) compile-translations

# Links in e-mails point at the server `make run` starts.
run: export PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@# E-mail goes out from a second process (in production: cron runs `flask send-mail`).
	@# Freed slots are offered to waiting requests by a third (in production: cron, `flask offer-slots`).
	trap 'kill 0' EXIT; $(BIN)/flask send-mail --loop & $(BIN)/flask offer-slots --loop & \
		$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install $(VNU_STAMP)
	$(BIN)/python -m pytest

# The Nu Html Checker (npm vnu-jar, run with the machine's Java) over every page.
$(VNU_STAMP): tests/html/package.json tests/html/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/html && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: the HTML check (tests/html) will be skipped"; fi

check-html: install $(VNU_STAMP)
	$(BIN)/python -m pytest tests/html

bench: install
	@for script in tests/bench/bench_*.py; do echo "== $$script"; PYTHONPATH=.:tests/bench $(BIN)/python $$script || exit 1; done

# nginx + two gunicorn servers on PostgreSQL and Redis (also part of `make test`).
check-production: install
	$(BIN)/python -m pytest -q tests/production

# Load benchmark against a bare Flask app (needs PostgreSQL, Redis and wrk); not in `make test`.
bench-load: install
	PYTHONPATH=.:tests/bench $(BIN)/python tests/bench/bench_load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) $(MO_FILES) tests/js/node_modules
