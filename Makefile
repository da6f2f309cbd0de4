# Two commands set everything up on a fresh machine with Python 3.11:
#   make run   - the site, a Celery worker and beat on SQLite and the filesystem broker, with demo data
#   make test  - the whole test suite (on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint check bench clean lock

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# xstatic-bootstrap ships only as a source package whose build needs pkg_resources.
	$(PY) -m pip install --quiet -c constraints.txt "setuptools<81" wheel
	$(PY) -m pip install --quiet --no-build-isolation -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= 1
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py serve_all

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: export DEBUG ?= 1
check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(PY) tests/benchmarks/bench_matching.py

clean:
	rm -rf $(VENV) var

lock: $(STAMP)
	{ echo "# Pinned versions of everything installed, so a fresh machine gets the same set."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v "^pip=="; } > constraints.txt
