"""--engine dask: a 2-worker LocalCluster gives the same rows as the single-process run."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

from diagnose.batch.dask_engine import run_dask
from diagnose.batch.run import run_batch
from diagnose.batch.synthetic import generate_rows


@pytest.mark.slow
def test_local_cluster_output_equals_single_process(tmp_path: Path) -> None:
    cols = generate_rows(2000, seed=11)
    src = tmp_path / "in.csv"
    with src.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))
    single = tmp_path / "single.csv"
    run_batch(str(src), str(single), use_model=False, progress=False)
    out = tmp_path / "dask"
    stats = run_dask(str(src), str(out), use_model=False, blocksize="100KB", n_workers=2)
    assert stats.partitions > 1 and stats.rows_out == 2000 and stats.bad_rows == 0
    parts = pd.concat([pd.read_csv(p) for p in sorted(out.glob("part-*.csv"))], ignore_index=True)
    expected = pd.read_csv(single).drop(columns="line").set_index("id").sort_index()
    got = parts.drop(columns=["line", "partition"]).set_index("id").sort_index()
    pd.testing.assert_frame_equal(got, expected)
    assert (
        stats.summary.by_cause
        == run_batch(
            str(src), str(tmp_path / "again.csv"), use_model=False, progress=False
        ).summary.by_cause
    )
