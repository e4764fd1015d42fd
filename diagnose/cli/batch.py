"""``sms-diagnose batch INPUT``: diagnose a whole export, write a row per message and a summary."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from diagnose.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_COMPLETED_WITH_BAD_ROWS,
    EXIT_OK,
    error,
    printable,
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "batch",
        help="diagnose an export (CSV, JSONL, Parquet) and summarise what is failing",
        description=(
            "Read a message export (Twilio, Bandwidth, Telnyx or this tool's JSON schema; "
            "--map for anything else), write one result row per message, rows that cannot be "
            "read to an errors file, and print a summary. Exit status: 0 all rows diagnosed, "
            f"{EXIT_COMPLETED_WITH_BAD_ROWS} completed with bad rows (see the errors file), "
            f"{EXIT_BAD_INPUT} the input could not be used at all."
        ),
    )
    p.add_argument("input", metavar="INPUT", help="input file, - for stdin")
    p.add_argument("-o", "--output", default="-", help="result file (default: stdout)")
    p.add_argument("--format", choices=["csv", "jsonl", "parquet"], help="output format")
    p.add_argument("--input-format", choices=["csv", "jsonl", "parquet"], help="input format")
    p.add_argument(
        "--export",
        choices=["twilio", "bandwidth", "telnyx", "sms-diagnose"],
        help="force the export format instead of recognising it from the header",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN,...",
        help="map input columns to fields, e.g. --map body=Text,error=ErrorCode",
    )
    p.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COLUMN",
        help="also copy this input column to the output (repeatable)",
    )
    p.add_argument(
        "--errors",
        metavar="FILE",
        help="errors file (default: OUTPUT.errors.csv; --engine dask: OUTPUT/errors.csv)",
    )
    p.add_argument("--report", metavar="FILE.html", help="write a self-contained HTML report")
    p.add_argument("--summary-json", metavar="FILE", help="write the summary as JSON")
    p.add_argument(
        "--include-bodies",
        action="store_true",
        help="show an example message body per template in the report",
    )
    p.add_argument("--rules-only", action="store_true", help="do not load the trained model")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes")
    p.add_argument("--chunk-rows", type=int, default=20_000, metavar="N")
    p.add_argument(
        "--resume",
        action="store_true",
        help=(
            "continue an interrupted run from OUTPUT.progress.json (same input only; "
            "Parquet output starts again from the first row)"
        ),
    )
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask scheduler address (default: start a local cluster)",
    )
    p.add_argument(
        "--partition-size",
        default="16MB",
        help="dask: bytes of input per partition (default 16MB: a worker holds ~15x that)",
    )
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=run)


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    out = str(args.output).lower()
    if out.endswith((".parquet", ".pq")):
        return "parquet"
    if out.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "csv"


def run(args: argparse.Namespace) -> int:
    from diagnose.batch import FormatError, parse_map

    try:
        overrides = parse_map(args.map)
    except FormatError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    try:
        _check_paths(args)
    except (OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    if args.engine == "dask":
        return _run_dask(args, overrides)
    from diagnose.batch import run_batch

    try:
        stats = run_batch(
            args.input,
            args.output,
            input_format=args.input_format,
            output_format=_output_format(args),  # type: ignore[arg-type]
            overrides=overrides,
            export_format=args.export,
            errors_path=args.errors,
            use_model=not args.rules_only,
            jobs=max(1, args.jobs),
            keep=args.keep,
            chunk_rows=args.chunk_rows,
            include_bodies=args.include_bodies,
            resume=args.resume,
            progress=False if args.no_progress else None,
        )
    except FormatError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    out = sys.stderr if args.output == "-" else sys.stdout
    resumed = f" (resumed after {stats.resumed_from} records)" if stats.resumed_from else ""
    print(
        f"{stats.mapping.format} export{resumed}: {stats.rows_in} rows in, {stats.rows_out} "
        f"diagnosed, {stats.bad_rows} bad in {stats.seconds:.1f}s "
        f"({stats.rows_in / max(stats.seconds, 1e-9):,.0f} rows/s)",
        file=out,
    )
    print(printable(stats.summary.to_text()), file=out)  # bodies may hold escapes
    _write_extras(args, stats.summary, stats.mapping.to_dict())
    if stats.bad_rows:
        from diagnose.batch import default_errors_path

        errors = args.errors or default_errors_path(args.output)
        print(f"{stats.bad_rows} rows could not be read: see {errors}", file=sys.stderr)
        return EXIT_COMPLETED_WITH_BAD_ROWS
    return EXIT_OK


def _check_paths(args: argparse.Namespace) -> None:
    """Before anything runs: no output may be an input (or another output), and the report
    and summary files must be writable (they are written last). Raises ``ValueError``."""
    from diagnose.batch import (
        check_paths,
        check_writable,
        checkpoint_path,
        default_errors_path,
    )

    extras = [("--report", args.report), ("--summary-json", args.summary_json)]
    if args.engine == "dask":
        from diagnose.batch.dask_engine import input_files, part_files

        inputs = input_files(args.input)
        errors = args.errors or os.path.join(args.output, "errors.csv")
        writes = [("the errors file", errors), *extras]
        # A run removes the part files an earlier run left in OUTPUT: none may be an input.
        writes += [("an earlier run's part file", p) for p in part_files(args.output)]
    else:
        inputs = [args.input]
        errors = args.errors or default_errors_path(args.output)
        writes = [("the output", args.output), ("the errors file", errors), *extras]
        if args.output != "-":
            writes.append(("the checkpoint", checkpoint_path(args.output)))
    check_paths(inputs, writes)
    if args.engine == "dask":  # OUTPUT (and the default errors file in it) is made later
        checked = [("--errors", args.errors), *extras]
    else:
        checked = [("the output", args.output), ("the errors file", errors), *extras]
    for what, path in checked:
        check_writable(what, path)


def _write_extras(args: argparse.Namespace, summary: Any, mapping: dict[str, Any]) -> None:
    # A lone surrogate from a JSON input cannot be UTF-8: written as its escape text, as the
    # batch outputs write it.
    from diagnose.batch import TEXT_ERRORS

    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8", errors=TEXT_ERRORS) as f:
            json.dump({"mapping": mapping, **summary.to_dict()}, f, indent=2)
    if args.report:
        from diagnose.batch import render_report

        with open(args.report, "w", encoding="utf-8", errors=TEXT_ERRORS) as f:
            f.write(render_report(summary, source=args.input, include_bodies=args.include_bodies))


def _run_dask(args: argparse.Namespace, overrides: dict[str, str]) -> int:
    try:
        # The engine imports Dask lazily (doctests run without it): check for it up front.
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401

        from diagnose.batch.dask_engine import run_dask
    except ImportError as exc:
        error(f"--engine dask needs the dask extra (pip install 'sms-diagnose[dask]'): {exc}")
        return EXIT_BAD_INPUT
    from diagnose.batch import FormatError

    try:
        stats = run_dask(
            args.input,
            args.output,
            overrides=overrides,
            export_format=args.export,
            scheduler=args.scheduler,
            use_model=not args.rules_only,
            keep=args.keep,
            blocksize=args.partition_size,
            output_format=_output_format(args),  # type: ignore[arg-type]
            errors_path=args.errors,
            include_bodies=args.include_bodies,
            chunk_rows=args.chunk_rows,
        )
    except (FormatError, OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    print(
        f"dask: {stats.rows_in} rows in, {stats.rows_out} diagnosed, {stats.bad_rows} bad "
        f"in {stats.partitions} partitions, {stats.seconds:.1f}s",
    )
    print(printable(stats.summary.to_text()))
    _write_extras(args, stats.summary, stats.mapping.to_dict())
    if stats.bad_rows:
        errors = args.errors or os.path.join(args.output, "errors.csv")
        print(f"{stats.bad_rows} rows could not be read: see {errors}", file=sys.stderr)
        return EXIT_COMPLETED_WITH_BAD_ROWS
    return EXIT_OK
