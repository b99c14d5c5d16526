# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv from
# pyproject.toml when it is missing (or older than pyproject.toml).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOG    := $(VENV)/install.log

PYTHON312 ?= env PYENV_VERSION=3.12.1 python3.12

.PHONY: venv demo test test-all test-py312 lint bench clean

# pip's output goes to $(LOG) and is shown only when an install step fails.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing airace and its dependencies into $(VENV) (log: $(LOG)) ..."
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -e ".[dev]"; } > $(LOG) 2>&1 \
	  || { cat $(LOG); echo "pip failed; its output is above and in $(LOG)" >&2; exit 1; }
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/airace study quickstart --out out/quickstart --lang en,de

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

test-all: $(STAMP)
	$(PY) -m pytest -m "slow or not slow"

# The same checks on Python 3.12 (where pip picks Mesa 3.5), in a second venv inside $(VENV).
test-py312:
	$(MAKE) test VENV=$(VENV)/py312 PYTHON="$(PYTHON312)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_explorer.py

clean:
	rm -rf $(VENV) out .pytest_cache
