# Two entry points that work on a fresh clone with only Python 3.11, pip and git:
#   make run   - create .venv, install, start the app on the shipped model
#   make test  - create .venv with dev extras, run ruff, mypy and the whole suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# The versions the shipped model was fitted with: every install below is held to them.
CONSTRAINTS := constraints.txt

.PHONY: run test lint types pytest bench train evaluate error-codes check-install clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[dev,dask]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

test: lint types pytest

# Benchmarks print figures and ratios against a baseline measured in the same run.
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/bench_rules.py
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_app.py

# Rebuild the shipped model (same seed, same metrics) and re-measure it on held-out data;
# both rewrite models/DATA_CARD.md, and the README's model figures follow the manifest.
train: $(VENV)/.installed-dev
	$(BIN)/sms-diagnose train
	$(BIN)/python scripts/model_figures.py

evaluate: $(VENV)/.installed-dev
	$(BIN)/sms-diagnose evaluate
	$(BIN)/python scripts/model_figures.py

# Rebuild the packaged error table from docs/reference/error-codes/*.csv, then refit the
# words' guess at an error's category on it (diagnose/errors/data/error_guess.json).
error-codes: $(VENV)/.installed-dev
	$(BIN)/python scripts/build_error_codes.py
	$(BIN)/python scripts/build_error_guess.py

# A fresh clone, installed as `make run` installs it, still uses the model when a newer
# scikit-learn is published (a stand-in release is put where pip looks). Needs the index.
check-install:
	$(PYTHON) scripts/check_fresh_install.py --python $(PYTHON)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache artifacts
