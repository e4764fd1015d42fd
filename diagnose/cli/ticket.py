"""``sms-diagnose ticket RESULTS --input EXPORT --cause C``: the packet a provider's support
asks for about one group of failures (Markdown to paste, and a CSV of its rows)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ticket",
        help="write the support ticket for one cause, sender or template of a batch run",
        description=(
            "From the results of `sms-diagnose batch` and the export it read, write what a "
            "provider's or carrier's support asks for: message ids (at least three examples), "
            "send times with time zone, from/to (masked unless --unmask), error codes, the "
            "verdict and cause with its evidence, what was ruled out, and the question to ask. "
            "Markdown on stdout (or -o), every row of the group as CSV (--csv, or beside -o)."
        ),
    )
    p.add_argument("results", metavar="RESULTS", help="the output of sms-diagnose batch")
    p.add_argument(
        "--input",
        required=True,
        metavar="EXPORT",
        help="the export the batch run read (for send times, numbers and bodies)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--cause", metavar="C", help="a cause id, or 'unexplained'")
    which.add_argument("--sender", metavar="N", help="a sender number, or its label as shown")
    which.add_argument("--template", metavar="T", help="a template id (T1a2b3c) or its text")
    p.add_argument("-o", "--output", default="-", metavar="FILE.md", help="Markdown file")
    p.add_argument("--csv", metavar="FILE.csv", help="the group's rows (default: beside -o)")
    p.add_argument("--examples", type=int, default=5, metavar="N", help="example messages")
    p.add_argument("--unmask", action="store_true", help="show full phone numbers")
    p.add_argument("--include-bodies", action="store_true", help="add the message bodies")
    p.add_argument(
        "--export",
        choices=["twilio", "bandwidth", "telnyx", "sms-diagnose"],
        help="force the export format (as given to batch)",
    )
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN,...", help="as for batch")
    p.add_argument("--input-format", choices=["csv", "jsonl", "parquet"], help="export format")
    p.set_defaults(func=run)


def _read_results(path: str) -> Any:
    import pandas as pd

    low = path.lower()
    if low.endswith((".parquet", ".pq")):
        return pd.read_parquet(path)
    if low.endswith((".jsonl", ".ndjson")):
        rows = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    reason = f"not JSON ({exc.msg})"
                except ValueError:  # an integer longer than Python converts
                    reason = "a number over 4,300 digits long"
                except RecursionError:
                    reason = "nested too deeply"
                else:
                    if isinstance(row, dict):
                        rows.append(row)
                        continue
                    reason = "not a JSON object"
                # One bad line of the results is left out; the ticket is built from the rest.
                print(f"{path}: line {n}: {reason}; left out", file=sys.stderr)
        return _drop_bad_lines(pd.DataFrame(rows), path)
    return _drop_bad_lines(pd.read_csv(path, dtype=str, keep_default_na=False), path)


def _drop_bad_lines(results: Any, path: str) -> Any:
    """Results rows whose ``line`` is not a line number, each reported and left out: one
    edited or damaged row must not stop the ticket built from the rest."""
    if "line" not in results.columns:
        return results  # ticket_frame says what is missing
    good = [_is_line_number(v) for v in results["line"]]
    for n, ok in enumerate(good, 1):
        if not ok:
            print(
                f"{path}: results row {n}: 'line' is not a line number; left out", file=sys.stderr
            )
    return results[good] if not all(good) else results


def _is_line_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value > 0
    if isinstance(value, float):
        return value.is_integer() and value > 0
    text = str(value).strip()
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit() and int(text) > 0


def _read_export(args: argparse.Namespace) -> tuple[dict[str, list[Any]], list[int], Any]:
    from diagnose.batch import Reader, parse_map, recognise

    reader = Reader(args.input, args.input_format)
    try:
        columns: dict[str, list[Any]] = {}
        lines: list[int] = []
        for chunk in reader:
            for name, cells in chunk.columns.items():
                columns.setdefault(name, [None] * len(lines)).extend(cells)
            lines.extend(chunk.lines)
            for name in columns:
                if len(columns[name]) < len(lines):
                    columns[name].extend([None] * (len(lines) - len(columns[name])))
        mapping = recognise(reader.header, parse_map(args.map), format=args.export)
    finally:
        reader.close()
    return columns, lines, mapping


def _default_csv(args: argparse.Namespace) -> str | None:
    if args.csv:
        return str(args.csv)
    if args.output != "-":
        return os.path.splitext(str(args.output))[0] + ".csv"
    return None


def run(args: argparse.Namespace) -> int:
    from diagnose.batch import (
        FormatError,
        TicketError,
        build_ticket,
        check_paths,
        confirm_fallbacks,
        ticket_frame,
    )

    kind, value = next(
        (k, getattr(args, k)) for k in ("cause", "sender", "template") if getattr(args, k)
    )
    csv_path = _default_csv(args)
    writes = [
        (what, p)
        for what, p in (("the ticket", args.output), ("the CSV", csv_path))
        if p and p != "-"
    ]
    try:
        check_paths([args.results, args.input], writes)
        results = _read_results(args.results)
        export, lines, mapping = _read_export(args)
        if "file" in results.columns:  # a Dask run over several files: this export's rows
            results = results[[_same(f, args.input) for f in results["file"]]]
        frame = ticket_frame(results, export, lines, mapping)
        if _used_model(results):
            from diagnose.learn import load_default_model

            model, problem = load_default_model()
            if model is not None:
                frame = confirm_fallbacks(frame, export, lines, mapping, model)
            else:
                print(
                    f"the run used the model, which cannot be loaded ({problem}): a filtered "
                    "row the model explained may be listed as unexplained",
                    file=sys.stderr,
                )
        ticket = build_ticket(
            frame,
            kind,
            value,
            provider=mapping.provider.value if mapping.provider else None,
            examples=max(1, args.examples),
            unmask=args.unmask,
            include_bodies=args.include_bodies,
        )
    except (OSError, ValueError) as exc:  # FormatError and TicketError are ValueErrors
        error(str(exc) if isinstance(exc, FormatError | TicketError) else f"cannot read: {exc}")
        return EXIT_BAD_INPUT
    text = ticket.to_markdown()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(text)
    if csv_path:
        with open(csv_path, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            f.write(ticket.rows_csv())
    where = [p for p in (args.output if args.output != "-" else None, csv_path) if p]
    print(
        f"ticket: {len(ticket.rows)} messages ({kind} {value})"
        + (f" -> {', '.join(where)}" if where else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def _used_model(results: Any) -> bool:
    """Whether the batch run had the model: it then wrote a content risk on every row."""
    if "content_risk" not in results.columns:
        return False
    return any(v not in (None, "") and v == v for v in results["content_risk"])


def _same(name: object, path: str) -> bool:
    try:
        return os.path.samefile(str(name), path)
    except OSError:
        return str(name) == path
