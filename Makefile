# Arbeitskreis — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test bench load load-short lint messages check-messages compilemessages install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compile the translations (pure Python via polib: no gettext needed on the machine).
compilemessages: $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

run: export DEBUG ?= 1
# Personal links and calendar files point to the address served (settings: BASE_URL follows HOST unless set).
run: export HOST := $(HOST)
run: $(VENV)/.installed compilemessages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.installed-test compilemessages
	$(BIN)/pytest $(PYTEST_ARGS)

# Performance benchmarks (not part of the test run): first the table of every page (bench/pages.py), then the
# benchmarks of single features; each prints its figures and fails when it misses its goals. Files starting with "_"
# are helpers, not benchmarks. Against PostgreSQL: make bench DATABASE_URL=postgres://…
bench: $(VENV)/.installed-test compilemessages
	@status=0; for script in bench/pages.py $$(ls bench/[a-z]*.py | grep -v '^bench/pages.py$$'); do \
		echo "==> $$script"; $(BIN)/python $$script || status=1; done; exit $$status

# Load test (bench/load/run.py): gunicorn with 4 workers on a fresh PostgreSQL database, driven by locust —
# coordinators browsing, 100 participants answering their invitation, 200 calendar clients polling feeds. Fails on
# any failed request or an answer not recorded exactly once; prints the 95th percentiles. LOAD_POSTGRES names the
# server (default postgres://postgres@127.0.0.1:5432). `load` runs 60 s by hand, `load-short` 20 s in .ci/run.
load: $(VENV)/.installed-test compilemessages
	$(BIN)/python bench/load/run.py

load-short: $(VENV)/.installed-test compilemessages
	$(BIN)/python bench/load/run.py --short

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Update locale/de/LC_MESSAGES/django.po from the code and compile it.
messages: export DEBUG ?= 1
messages: $(VENV)/.installed
	flock /tmp/arbeitskreis-po.lock $(BIN)/python manage.py makemessages -l de --ignore=.venv --ignore=static \
		--ignore=staticfiles --no-obsolete --add-location file
	$(BIN)/python scripts/compile_messages.py

# Fails when the code has a string the German catalogue lacks or leaves untranslated.
check-messages: export DEBUG ?= 1
check-messages: $(VENV)/.installed-test
	$(BIN)/python scripts/check_messages.py

clean:
	rm -rf $(VENV) staticfiles
