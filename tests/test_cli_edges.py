"""Small promises the command line keeps: it says nothing it does not show, and leaves
nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnose.batch import checkpoint_path
from diagnose.cli import main


def test_code_lookup_promises_no_findings_it_does_not_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`code "Delivery Failed"` said "Fix any finding below" with nothing below."""
    assert main(["code", "Delivery Failed"]) == 0
    out = capsys.readouterr().out
    assert "finding below" not in out and "sms-diagnose check" in out


def test_rules_prints_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "SEVERITY", "CAUSE"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_completed_batch_leaves_no_checkpoint(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("body,error\nhello,30007\nAcme: hi,21610\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    args = ["batch", str(src), "-o", str(out), "--format", fmt, "--rules-only", "--no-progress"]
    assert main(args) == 0
    assert out.exists() and not Path(checkpoint_path(str(out))).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", out.name]
