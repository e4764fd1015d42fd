"""``--engine dask``: the same per-chunk diagnosis over a Dask cluster.

The input is split into partitions by Dask's readers (``blocksize`` bytes of CSV or JSONL,
or the Parquet file's row groups); every partition goes through ``diagnose_partition`` with
``map_partitions`` and an explicit ``meta``. Each worker process builds one
``BatchDiagnoser`` (and loads the model once) and reuses it for every partition it gets.
Results are written as one file per partition under ``OUTPUT/``; unreadable rows under
``OUTPUT/errors/``. Needs the optional extra: ``pip install 'sms-diagnose[dask]'``.

Line numbers are not known inside a CSV partition, so ``line`` is the row's 1-based number
within its partition and ``partition`` says which. Malformed CSV records make Dask's reader
fail the partition rather than drop the record: run the local engine to locate them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from diagnose.batch import add_to_summary
from diagnose.batch.formats import ColumnMapping, recognise
from diagnose.batch.readers import guess_format
from diagnose.batch.summary import Summary, SummaryBuilder
from diagnose.batch.vectorised import RESULT_COLUMNS, BatchDiagnoser, ChunkResult

_SUMMARY_COLS = ("_failed", "_sender", "_day", "_template")
_BAD_COLS = ("bad_field", "bad_reason")
_WORKER_CACHE: dict[tuple[Any, ...], BatchDiagnoser] = {}


@dataclass(frozen=True, slots=True)
class DaskStats:
    """Counts of a Dask run (``rows_in == rows_out + bad_rows``)."""

    rows_in: int
    rows_out: int
    bad_rows: int
    partitions: int
    seconds: float
    mapping: ColumnMapping
    summary: Summary


def _diagnoser(mapping: ColumnMapping, use_model: bool, keep: tuple[str, ...]) -> BatchDiagnoser:
    """One diagnoser (caches, model) per worker process, built on first use."""
    key = (
        mapping.format,
        tuple(sorted(mapping.columns.items())),
        mapping.provider,
        use_model,
        keep,
    )
    d = _WORKER_CACHE.get(key)
    if d is None:
        model = None
        if use_model:
            from diagnose.batch.run import _load_model

            model = _load_model()
        d = _WORKER_CACHE[key] = BatchDiagnoser(mapping, model=model, keep=keep)
    return d


def output_columns(carried: Sequence[str]) -> list[str]:
    return [*carried, "partition", *RESULT_COLUMNS]


def meta_frame(carried: Sequence[str]) -> pd.DataFrame:
    """The explicit ``meta`` of ``diagnose_partition``'s result."""
    dtypes: dict[str, str] = {c: "object" for c in carried}
    dtypes.update({c: "object" for c in RESULT_COLUMNS})
    dtypes.update(
        {
            "partition": "int64",
            "line": "int64",
            "confidence": "float64",
            "second_confidence": "float64",
            "content_risk": "float64",
            "_failed": "bool",
        }
    )
    for c in (*_BAD_COLS, "_sender", "_day", "_template"):
        dtypes[c] = "object"
    cols = [*output_columns(carried), *_BAD_COLS, *_SUMMARY_COLS]
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in cols})


def diagnose_partition(
    df: pd.DataFrame,
    mapping: ColumnMapping,
    use_model: bool,
    keep: tuple[str, ...],
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Diagnose one partition: result rows and bad rows in one frame (``bad_reason`` set)."""
    from diagnose.batch.mask import mask_template

    number = int(partition_info["number"]) if partition_info else 0
    d = _diagnoser(mapping, use_model, keep)
    needed = [c for c in {*mapping.columns.values(), *d.keep} if c in df.columns]
    chunk = {c: [None if _isna(v) else v for v in df[c].tolist()] for c in needed}
    lines = list(range(1, len(df) + 1))
    result: ChunkResult = d.run_chunk(chunk, lines)
    good = pd.DataFrame(result.columns)
    good["partition"] = number
    good["bad_field"] = None
    good["bad_reason"] = None
    s = result.summary_rows
    good["_failed"] = s["_failed"]
    good["_sender"] = s["_sender"]
    good["_day"] = s["_day"]
    good["_template"] = [mask_template(b) for b in s["_body"]]
    bad = pd.DataFrame(
        {
            "partition": number,
            "line": [b.line for b in result.bad],
            "bad_field": [b.field for b in result.bad],
            "bad_reason": [b.reason for b in result.bad],
        }
    )
    out = pd.concat([good, bad], ignore_index=True) if len(bad) else good
    meta = meta_frame(d.keep)
    for c in meta.columns:
        if c not in out.columns:
            out[c] = None
    return out[list(meta.columns)].astype(meta.dtypes.to_dict())


def _isna(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _builder(frame: pd.DataFrame) -> SummaryBuilder:
    b = SummaryBuilder()
    ok = frame[frame["bad_reason"].isna()]
    b.add_rows(
        top_cause=ok["top_cause"].tolist(),
        rules=ok["rules"].tolist(),
        error_code=[None if _isna(v) else v for v in ok["error_code"].tolist()],
        sender=[None if _isna(v) else v for v in ok["_sender"].tolist()],
        day=[None if _isna(v) else v for v in ok["_day"].tolist()],
        body=ok["_template"].tolist(),
        failed=ok["_failed"].tolist(),
    )
    b.add_bad_rows(int(frame["bad_reason"].notna().sum()))
    return b


def read_frame(path: str, blocksize: str | int) -> Any:
    """The input as a Dask DataFrame of text cells, partitioned by ``blocksize``."""
    import dask.dataframe as dd

    fmt = guess_format(path)
    if fmt == "parquet":
        return dd.read_parquet(path)
    if fmt == "jsonl":
        return dd.read_json(path, lines=True, blocksize=blocksize, dtype=False)
    return dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=blocksize)


def run_dask(
    input_path: str,
    output: str,
    *,
    overrides: dict[str, str] | None = None,
    export_format: str | None = None,
    scheduler: str | None = None,
    use_model: bool = True,
    keep: Sequence[str] = (),
    blocksize: str | int = "64MB",
    output_format: str = "csv",
    n_workers: int = 2,
) -> DaskStats:
    """Diagnose ``input_path`` on the cluster at ``scheduler`` (or a new local one)."""
    import dask
    from dask.distributed import Client, LocalCluster

    dask_any: Any = dask

    if output == "-":
        raise ValueError("--engine dask writes a directory of part files: pass -o DIR")
    started = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers, threads_per_worker=1, processes=True
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        ddf = read_frame(input_path, blocksize)
        mapping = recognise(list(ddf.columns), overrides, format=export_format)
        carried = tuple(BatchDiagnoser(mapping, keep=keep).keep)
        results = ddf.map_partitions(
            diagnose_partition, mapping, use_model, carried, meta=meta_frame(carried)
        ).persist()
        good = results[results["bad_reason"].isna()][output_columns(carried)]
        bad = results[~results["bad_reason"].isna()][["partition", "line", *_BAD_COLS]]
        os.makedirs(output, exist_ok=True)
        if output_format == "parquet":
            good.to_parquet(output, write_index=False)
        elif output_format == "jsonl":
            good.to_json(os.path.join(output, "part-*.jsonl"), orient="records", lines=True)
        else:
            good.to_csv(os.path.join(output, "part-*.csv"), index=False)
        bad.to_csv(os.path.join(output, "errors-*.csv"), index=False)
        parts = [dask_any.delayed(_builder)(p) for p in results.to_delayed()]
        builders = dask_any.compute(*parts)
        summary = SummaryBuilder()
        for b in builders:
            summary.merge(b)
        return DaskStats(
            rows_in=summary.rows + summary.bad_rows,
            rows_out=summary.rows,
            bad_rows=summary.bad_rows,
            partitions=results.npartitions,
            seconds=time.perf_counter() - started,
            mapping=mapping,
            summary=summary.build(),
        )
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


__all__ = ["DaskStats", "add_to_summary", "diagnose_partition", "meta_frame", "run_dask"]
