# Two commands matter: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

export DJANGO_SETTINGS_MODULE := summit.settings

.PHONY: run test test-fast setup messages lint browser-deps bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) messages

# Compile the German and French translations (needs gettext's msgfmt).
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Links in emails, feeds and poster QR codes must reach this server: SITE_URL follows PORT unless it is set.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py compile_exhibition
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/ (organiser@example.org)"
	@echo "  Health: http://127.0.0.1:$(PORT)/healthz"
	@echo "  Ctrl-C stops the web server, the Celery worker and beat."
	@echo ""
	@exec $(PY) manage.py serve --port $(PORT)

# Debian packages the browser tests, PDF checks and the two-node test (nginx) need (WeasyPrint wants HarfBuzz's
# subsetter too); installed when run as root, named otherwise.
browser-deps:
	@missing=""; \
	for tool in /usr/bin/chromium:chromium /usr/bin/pdftotext:poppler-utils /usr/bin/zbarimg:zbar-tools /usr/bin/msgfmt:gettext /usr/sbin/nginx:nginx; do \
	  test -x $${tool%%:*} || missing="$$missing $${tool##*:}"; \
	done; \
	ldconfig -p | grep -q libharfbuzz-subset.so.0 || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (apt-get install$$missing)"; exit 1; fi; \
	fi

test: browser-deps setup
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The quick lane while working: everything but the tests that drive a browser, start processes, render PDFs or
# sweep every form and route (pytest markers); `make test` still runs them all.
test-fast: setup
	$(VENV)/bin/pytest -m "not browser and not processes and not pdf and not breadth" $(PYTEST_ARGS)

# Every benchmark on the large demo, as one table (PostgreSQL, Redis, wrk and nginx on this machine; about fifteen
# minutes).
bench: setup
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	@command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx-light"; exit 1; }
	cd bench && ../$(PY) all.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles
