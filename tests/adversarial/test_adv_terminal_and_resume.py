"""Low-severity findings of the adversarial pass: terminal escapes, a resume with its output
gone, and an upload too wide for a browser."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import pytest

from diagnose.app_support import UploadError, read_upload
from diagnose.cli import main
from diagnose.cli.common import EXIT_BAD_INPUT

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def test_the_batch_summary_shows_escapes_instead_of_obeying_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    _write(src, [["body", "error"]] + [[f"Win {ESCAPES} now", "30007"]] * 3)
    status = main(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--rules-only"])
    out, err = capsys.readouterr()
    assert status == 0
    for printed in (out, err):
        assert "\x1b" not in printed and "\x9b" not in printed and "\x07" not in printed
    assert "\\x1b" in out  # the template shows the body's escape as text


def test_check_text_output_shows_escapes_instead_of_obeying_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = sys.stdin
    body = json.dumps({"body": f"Hi {ESCAPES} bit.ly/abc", "error": "30007"})
    sys.stdin = io.TextIOWrapper(io.BytesIO(body.encode()), encoding="utf-8")
    try:
        assert main(["check", "--rules-only", "--format", "text", "-"]) == 0
    finally:
        sys.stdin = old
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\x9b" not in out and "\\x1b" in out


@pytest.mark.parametrize("damage", ["deleted", "cut"])
def test_resume_refuses_when_the_output_is_gone_or_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    src = tmp_path / "in.csv"
    _write(src, [["body", "error"]] + [[f"message {i}", "30007"] for i in range(50)])
    out = tmp_path / "out.csv"
    args = ["batch", str(src), "-o", str(out), "--rules-only", "--chunk-rows", "10"]
    assert main(args) == 0
    progress = Path(f"{out}.progress.json")
    assert not progress.exists()  # a completed run leaves no checkpoint behind
    stat = src.stat()  # the checkpoint as if the run had stopped after two chunks
    state = {"input": os.path.abspath(src), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    kept = out.read_bytes()[: sum(len(x) for x in out.read_bytes().splitlines(True)[:21])]
    state.update(complete=False, records_done=20, output_bytes=len(kept), errors_bytes=0)
    progress.write_text(json.dumps(state))
    if damage == "deleted":
        out.unlink()
    else:
        out.write_bytes(kept[:-5])
    capsys.readouterr()
    assert main([*args, "--resume"]) == EXIT_BAD_INPUT
    assert "run without --resume" in capsys.readouterr().err
    assert not out.exists() or not out.read_bytes().startswith(b"message")


def test_an_upload_wider_than_a_browser_table_is_refused() -> None:
    header = ",".join(f"c{i}" for i in range(200_001))
    with pytest.raises(UploadError, match="200,001 columns"):
        read_upload("wide.csv", f"{header}\n{',' * 200_000}\n".encode())
    lines = "".join(json.dumps({"body": "x", f"k{i}": 1}) + "\n" for i in range(1_500))
    with pytest.raises(UploadError, match="columns"):
        read_upload("wide.jsonl", lines.encode())


def test_batch_refuses_a_file_too_wide_to_be_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "wide.csv"
    header = "body," + ",".join(f"c{i}" for i in range(200_000))
    src.write_text(f"{header}\nhello{',' * 200_000}\n", encoding="utf-8")
    status = main(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--rules-only"])
    err = capsys.readouterr().err
    assert status == EXIT_BAD_INPUT
    assert "200,001 columns" in err and "at most 1,000" in err
    assert "Traceback" not in err


def test_the_page_icon_ships_with_the_app() -> None:
    """The icon is a file beside the pages, not a name the browser fetches from a CDN (the
    browser test checks no request leaves the machine)."""
    app = Path(__file__).resolve().parents[2] / "app.py"
    source = app.read_text(encoding="utf-8")
    assert 'page_icon=str(Path(__file__).with_name("app_pages") / "page_icon.png")' in source
    icon = app.with_name("app_pages") / "page_icon.png"
    assert icon.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
