"""A model file is code: only the pinned shipped model, or a directory the user names, loads.

A pickle runs whatever its ``__reduce__`` says when it is loaded. The sha256 in the manifest
beside it proves nothing against someone who can write the directory (they write both), so
the shipped model's hash is pinned in the package, the manifest cannot point outside its
directory, and a load that fails after unpickling says that foreign code may have run.
Every hostile file here, if it were unpickled, would create a marker file: the tests check
that it was not, or that the loader said so when it was.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

import diagnose.learn.model as model_module
from diagnose.learn import pinned
from diagnose.learn.model import (
    MANIFEST_FILE,
    MODEL_DIR,
    MODEL_FILE,
    ModelLoadError,
    load_model,
    read_manifest,
    sha256_file,
    write_pin,
)


class _Payload:
    """Unpickling this makes the marker directory: any code could run there."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def _hostile_dir(where: Path, marker: Path, *, artifact: str = MODEL_FILE) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    target = where / MODEL_FILE
    target.write_bytes(pickle.dumps(_Payload(marker)))
    manifest = {
        "artifact": artifact,
        "sha256": sha256_file(target),
        "versions": {"scikit-learn": __import__("sklearn").__version__},
    }
    (where / MANIFEST_FILE).write_text(json.dumps(manifest))
    return where


def test_the_pin_is_the_shipped_manifest_and_file_hash() -> None:
    """A retrain writes all three; this fails when one of them was not committed."""
    if not (MODEL_DIR / MODEL_FILE).is_file():
        pytest.skip("no shipped model in this checkout")
    digest = sha256_file(MODEL_DIR / MODEL_FILE)
    assert pinned.SHIPPED_MODEL_SHA256 == read_manifest(MODEL_DIR)["sha256"] == digest


def test_a_replaced_shipped_model_is_not_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write models/ can write a matching manifest: the pin still refuses."""
    marker = tmp_path / "ran"
    shipped = _hostile_dir(tmp_path / "models", marker)
    monkeypatch.setattr(model_module, "MODEL_DIR", shipped)
    with pytest.raises(ModelLoadError, match="not the shipped model"):
        load_model(shipped)
    assert not marker.exists()


@pytest.mark.parametrize("artifact", ["../outside.joblib", "/abs/outside.joblib", "sub/x.joblib"])
def test_the_artifact_is_a_file_name_in_the_directory(tmp_path: Path, artifact: str) -> None:
    marker = tmp_path / "ran"
    directory = _hostile_dir(tmp_path / "named", marker, artifact=artifact)
    (tmp_path / "outside.joblib").write_bytes((directory / MODEL_FILE).read_bytes())
    with pytest.raises(ModelLoadError, match="must be a file name"):
        load_model(directory)
    assert not marker.exists()


def test_a_link_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    elsewhere = _hostile_dir(tmp_path / "elsewhere", marker)
    directory = tmp_path / "named"
    directory.mkdir()
    (directory / MODEL_FILE).symlink_to(elsewhere / MODEL_FILE)
    (directory / MANIFEST_FILE).write_text((elsewhere / MANIFEST_FILE).read_text())
    with pytest.raises(ModelLoadError, match="outside"):
        load_model(directory)
    assert not marker.exists()


def test_a_named_directory_that_runs_code_is_said_to_have_run_code(tmp_path: Path) -> None:
    """A directory the user names is trusted like code (the README says so): its pickle is
    loaded, and when it turns out not to be a model the error says what may have happened."""
    marker = tmp_path / "ran"
    directory = _hostile_dir(tmp_path / "named", marker)
    with pytest.raises(ModelLoadError) as caught:
        load_model(directory)
    assert marker.exists()  # it did run: the loud part of the message is the point
    assert "code from it may have run" in str(caught.value)


def test_writing_the_shipped_directory_pins_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``train`` into models/ rewrites the pin (and only then): a retrain cannot leave a pin
    that refuses the new model."""
    shipped = tmp_path / "models"
    shipped.mkdir()
    pin = tmp_path / "pinned.py"
    monkeypatch.setattr(model_module, "MODEL_DIR", shipped)
    monkeypatch.setattr(model_module, "PIN_FILE", pin)
    monkeypatch.setattr(pinned, "SHIPPED_MODEL_SHA256", pinned.SHIPPED_MODEL_SHA256)
    monkeypatch.setattr(pinned, "SHIPPED_BUNDLE_SHA256", pinned.SHIPPED_BUNDLE_SHA256)
    model_module.save_model({"not": "a model"}, {"seed": 0}, shipped)  # type: ignore[arg-type]
    digest = sha256_file(shipped / MODEL_FILE)
    assert digest == pinned.SHIPPED_MODEL_SHA256
    namespace: dict[str, str | None] = {}
    exec(pin.read_text(), namespace)
    assert namespace["SHIPPED_MODEL_SHA256"] == digest
    # Not a model: no inference bundle, and the pin says so rather than keeping an old one.
    assert namespace["SHIPPED_BUNDLE_SHA256"] is None is pinned.SHIPPED_BUNDLE_SHA256
    pin.unlink()
    model_module.save_model({"x": 1}, {"seed": 0}, tmp_path / "elsewhere")  # type: ignore[arg-type]
    assert not pin.exists() and digest == pinned.SHIPPED_MODEL_SHA256
    write_pin("0" * 64, pin)
    assert '"' + "0" * 64 + '"' in pin.read_text()
