# The two commands a newcomer needs are `make demo` and `make test`; each sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Tests, benchmarks and screenshots render offscreen; the demo uses the screen if there is one.
test bench screenshots scenarios: export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint bench screenshots scenarios venv compile clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Byte-compiled as pip does for an installed wheel: a lane starts 0.3 s sooner, and where
# PYTHONDONTWRITEBYTECODE is set nothing else would write the cache.
compile: $(STAMP)
	$(PY) -m compileall -q pos devices kiosk attendant

demo: compile
	$(VENV)/bin/sco demo

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy pos devices kiosk attendant

bench: compile
	$(PY) -m bench

screenshots: $(STAMP)
	$(PY) tools/screenshots.py

scenarios: $(STAMP)
	$(VENV)/bin/sco scenario run tests/scenarios/*.toml

clean:
	rm -rf $(VENV) var build *.egg-info
