"""The model runtime is pinned: what ``make run`` installs is what the shipped model needs.

A pickled scikit-learn model only loads under the version that wrote it. These tests fail
(never skip) when the shipped model cannot be used here, when ``constraints.txt`` and the
manifest disagree, or when the Makefile installs without the constraints.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from diagnose.learn import MODEL_DIR, load_model, read_manifest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("scikit-learn", "numpy", "scipy", "joblib")


def pins() -> dict[str, str]:
    """``name==version`` lines of constraints.txt."""
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#]+)\s*(#.*)?", line)
        if m:
            found[m[1].lower()] = m[2]
    return found


def test_constraints_pin_exactly_what_the_shipped_model_was_fitted_with() -> None:
    fitted = read_manifest(MODEL_DIR)["versions"]
    assert {name: pins().get(name) for name in RUNTIME} == {name: fitted[name] for name in RUNTIME}


@pytest.mark.parametrize("name", RUNTIME)
def test_the_installed_runtime_is_the_pinned_one(name: str) -> None:
    assert version(name) == pins()[name], "reinstall with `pip install -c constraints.txt -e .`"


def test_the_shipped_model_loads_here() -> None:
    model = load_model(MODEL_DIR)  # raises ModelLoadError (a failure, not a skip) if not
    assert model.version == read_manifest(MODEL_DIR)["version"]


@pytest.mark.parametrize("target", [".installed", ".installed-dev"])
def test_every_install_in_the_makefile_uses_the_constraints(target: str) -> None:
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(rf"^\$\(VENV\)/{re.escape(target)}:(.*?)(?:\n\n|\Z)", makefile, re.M | re.S)
    assert rule, f"no rule for $(VENV)/{target}"
    installs = [ln for ln in rule[1].splitlines() if "pip install" in ln]
    assert installs and all("-c $(CONSTRAINTS)" in ln for ln in installs)
    assert re.search(r"^CONSTRAINTS\s*:?=\s*constraints\.txt\s*$", makefile, re.M)
