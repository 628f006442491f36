# Hearth: `make run` serves the site with demo content; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The one public address (README): links in e-mails, feeds and the sitemap follow HOST and PORT.
BASE_URL ?= http://$(HOST):$(PORT)
export BASE_URL

.PHONY: run test lint install install-test browser-deps gettext-deps compile-messages messages check-messages demo serve worker clean cluster cluster-down topology

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed compile-messages

install-test: $(VENV)/.installed-test browser-deps compile-messages

# Translations (README, Languages). The catalogues (locale/*/LC_MESSAGES/django.po) are in git;
# the compiled .mo files are built here, so a fresh clone works after `make install`.
MAKEMESSAGES := makemessages --no-location --ignore=.venv --ignore=node_modules -l pl -l ar

# Debian's gettext: Django's makemessages and compilemessages run its msgmerge and msgfmt.
gettext-deps:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq gettext >/dev/null; fi; }

compile-messages: gettext-deps $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# After marking new strings: update the catalogues, translate the new entries, then compile.
messages: gettext-deps $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/python manage.py $(MAKEMESSAGES)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Fails when a marked string is missing from a catalogue (makemessages would change it; only
# its creation date may differ) or a catalogue does not compile. Runs on a copy: the tree stays
# as it was either way.
check-messages: gettext-deps $(VENV)/.installed
	@tmp=$$(mktemp -d) && cp -R locale "$$tmp/before" && \
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/python manage.py $(MAKEMESSAGES) -v 0 && \
	diff -r -u -x '*.mo' -I '^"POT-Creation-Date: ' "$$tmp/before" locale; status=$$?; \
	rm -rf locale && mv "$$tmp/before" locale && rmdir "$$tmp"; \
	if [ $$status -ne 0 ]; then echo "The catalogues are out of date: run 'make messages' and translate the new strings." >&2; exit 1; fi
	@for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check -o /dev/null "$$po" || exit 1; done

# Debian's chromium for Playwright (its own browser download cannot work here) and the npm
# packages the tests use: axe-core (accessibility) and ical.js (Thunderbird's iCalendar parser).
browser-deps: node_modules/.installed
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

demo: install
	$(BIN)/python manage.py sync_site
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

run: demo
	@echo "Serving Hearth at $(BASE_URL)/ (admin: $(BASE_URL)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-test check-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	# The production settings with the README's environment pass Django's deployment checklist.
	DJANGO_SETTINGS_MODULE=hearth.settings.production DATABASE_URL=sqlite://:memory: \
	  ALLOWED_HOSTS=hearth.example.org BASE_URL=https://hearth.example.org \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  HEARTH_PSEUDONYM_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')" \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

test: install-test lint
	$(BIN)/pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/python manage.py db_worker

# The production topology on this machine (deploy/cluster/cluster.py): Varnish -> HAProxy -> two
# gunicorn app servers, two task workers, PostgreSQL, its own Redis, an S3 stand-in, an SMTP sink.
# Installs Debian's haproxy, varnish and redis-server when missing.
cluster: install-test
	$(BIN)/python deploy/cluster/cluster.py up

cluster-down:
	$(BIN)/python deploy/cluster/cluster.py down

# The topology tests: start the cluster, break pieces of it on purpose, stop it.
topology: install-test
	$(BIN)/pytest -p no:cacheprovider -m topology tests/topology $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles .test-media test-artifacts .cluster
