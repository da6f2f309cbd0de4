# Two commands set everything up on a fresh machine with Python 3.11:
#   make run   - the site, a Celery worker and beat on SQLite and the filesystem broker, with demo data
#   make test  - the whole test suite (on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint check messages bench bench-matching bench-reminders bench-load bench-invitations clean lock

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# xstatic-bootstrap ships only as a source package whose build needs pkg_resources.
	$(PY) -m pip install --quiet -c constraints.txt "setuptools<81" wheel
	$(PY) -m pip install --quiet --no-build-isolation -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# `make run PORT=8001` serves on another port; links in emails follow. serve_all sets SITE_URL,
# prints the demo login and hands over to honcho, which runs the Procfile (Ctrl-C stops all three).
PORT ?= 8000
run: export DEBUG ?= 1
# Coordinators must use an authenticator app; in the demo this code stands in for one (DEBUG only).
run: export MFA_TOTP_INSECURE_BYPASS_CODE ?= 000000
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py serve_all --addr 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# Style, the layering (import-linter's contracts) and types (mypy; both set in pyproject.toml).
lint: export DEBUG ?= 1
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

check: export DEBUG ?= 1
check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Bring the Welsh catalogue up to date with the source, then compile it (needs GNU gettext).
# New strings arrive untranslated; tests/test_translations.py fails until each has its Welsh.
MESSAGES_IGNORE := --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'var/*' --ignore 'static/*'
messages: export DEBUG ?= 1
messages: $(STAMP)
	$(PY) manage.py makemessages --locale cy --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages --locale cy $(MESSAGES_IGNORE)

# All three benchmarks, one after the other (about ten minutes on 2 cores). The reminder and load
# benchmarks need PostgreSQL and Redis; the load benchmark also needs wrk (apt-get install wrk).
# Each creates its own database (mentoring_bench, mentoring_bench_load); see README "Performance".
bench: $(STAMP)
	$(MAKE) bench-matching
	$(MAKE) bench-reminders
	$(MAKE) bench-load

bench-matching: $(STAMP)
	$(PY) tests/benchmarks/bench_matching.py $(BENCH_MATCHING_ARGS)

bench-reminders: $(STAMP)
	$(PY) tests/benchmarks/bench_reminders.py $(BENCH_REMINDERS_ARGS)

bench-load: $(STAMP)
	$(PY) tests/benchmarks/bench_load.py $(BENCH_LOAD_ARGS)

# A coordinator's upload of 5,000 invitation rows to a cohort (target: under 30 s); PostgreSQL.
bench-invitations: $(STAMP)
	$(PY) tests/benchmarks/bench_invitations.py $(BENCH_INVITATIONS_ARGS)

clean:
	rm -rf $(VENV) var

lock: $(STAMP)
	{ echo "# Pinned versions of everything installed, so a fresh machine gets the same set."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v "^pip=="; } > constraints.txt
