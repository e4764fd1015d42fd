"""``sms-diagnose feedback``: record engineers' verdicts, report on them, export and purge.

SQLAlchemy, Alembic and SciPy are imported inside the handlers only, so registering this
command costs nothing for ``sms-diagnose check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from typing import Any

from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_NO_DATA, EXIT_OK, error
from diagnose.feedback import DB_ENV

#: The database cannot be opened or written (exit 4, as for a missing model or corpus).
EXIT_NO_DATABASE = EXIT_NO_DATA


def register(sub: Any) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        help=f"database URL or SQLite file (default: ${DB_ENV}, else feedback.sqlite3 in the "
        "user data directory; `sms-diagnose feedback where` prints it)",
    )
    p = sub.add_parser(
        "feedback",
        help="engineers' verdicts: add, report, export, purge",
        description="Record whether the diagnosis was the real cause, and measure the rules "
        "with it. Nothing leaves this machine (or the team's database).",
    )
    fsub = p.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")

    a = fsub.add_parser(
        "add",
        parents=[db],
        help="verdicts from a results file (--cause-column) or for one case (--id, --cause)",
    )
    a.add_argument("results", nargs="?", metavar="RESULTS", help="output of `sms-diagnose batch`")
    a.add_argument(
        "--cause-column",
        metavar="C",
        help="column with the real cause, 'confirm' or 'not sure' (blank: no verdict yet)",
    )
    a.add_argument("--input", metavar="EXPORT", help="the export the results came from")
    a.add_argument("--map", help="column mapping of --input, as for `batch --map`")
    a.add_argument("--id-column", help="the row id column (default: the first non-result one)")
    a.add_argument("--note-column", metavar="COL")
    a.add_argument("--reference-column", metavar="COL")
    a.add_argument("--id", dest="case_id", metavar="ID", help="a case number (#12) or row id")
    a.add_argument("--cause", metavar="C", help="with --id: the real cause, confirm or not sure")
    a.add_argument("--note")
    a.add_argument("--reference", metavar="REF", help="e.g. the provider's ticket id")
    a.add_argument("--reviewer", metavar="NAME")
    a.add_argument(
        "--keep-text",
        action="store_true",
        help="store bodies and phone numbers from --input (default: a SHA-256 of the body "
        "and its masked template only)",
    )
    a.set_defaults(func=run_add)

    r = fsub.add_parser("report", parents=[db], help="per-rule precision, accuracy, misses, drift")
    r.add_argument(
        "--min",
        type=int,
        default=None,
        metavar="N",
        help="verdicts needed before a rate is shown (default 10)",
    )
    r.add_argument("--period", choices=["week", "month"], default="week")
    r.add_argument("--format", choices=["text", "json"], default="text")
    r.set_defaults(func=run_report)

    e = fsub.add_parser("export", parents=[db], help="confirmed cases for `evaluate --cases`")
    e.add_argument("--format", choices=["cases"], default="cases")
    e.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    e.set_defaults(func=run_export)

    g = fsub.add_parser("purge", parents=[db], help="delete cases diagnosed before a date")
    g.add_argument("--before", required=True, metavar="DATE", help="ISO date or date-time (UTC)")
    g.set_defaults(func=run_purge)

    w = fsub.add_parser("where", parents=[db], help="where the database is and what it holds")
    w.set_defaults(func=run_where)


def _open(args: argparse.Namespace) -> Any:
    from diagnose.feedback import StoreError, open_store

    try:
        return open_store(args.db)
    except StoreError as exc:
        error(str(exc))
        return None


def _judged(db: str | None) -> Any:
    """Every case with its latest verdict, or None after saying why the database could not
    be opened or read."""
    from diagnose.feedback import StoreError, open_store

    try:
        store = open_store(db)
        try:
            return store.judged()
        finally:
            store.close()
    except StoreError as exc:
        error(str(exc))
        return None


def run_add(args: argparse.Namespace) -> int:
    if args.case_id is not None:
        if args.results or args.cause_column:
            error("give either RESULTS --cause-column C, or --id ID --cause C")
            return EXIT_BAD_INPUT
        if not args.cause:
            error("--id needs --cause (a cause id, 'confirm' or 'not sure')")
            return EXIT_BAD_INPUT
        return _add_one(args)
    if not args.results or not args.cause_column:
        error("feedback add needs RESULTS --cause-column C, or --id ID --cause C")
        return EXIT_BAD_INPUT
    from diagnose.batch import FormatError
    from diagnose.feedback import StoreError, import_results

    store = _open(args)
    if store is None:
        return EXIT_NO_DATABASE
    try:
        summary = import_results(
            store,
            args.results,
            args.cause_column,
            input_path=args.input,
            map_spec=args.map,
            id_column=args.id_column,
            note_column=args.note_column,
            reference_column=args.reference_column,
            reviewer=args.reviewer,
            keep_text=args.keep_text,
        )
    except (OSError, ValueError, FormatError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    except StoreError as exc:
        error(str(exc))
        return EXIT_NO_DATABASE
    finally:
        store.close()
    for line, reason in summary.bad:
        print(f"{args.results}: line {line}: {reason}", file=sys.stderr)
    print(f"{summary.text()} ({store.where})")
    return EXIT_BAD_INPUT if summary.bad else EXIT_OK


def _add_one(args: argparse.Namespace) -> int:
    from diagnose.feedback import Scope, StoreError, VerdictInput, judge

    store = _open(args)
    if store is None:
        return EXIT_NO_DATABASE
    try:
        case = store.find_case(args.case_id)
        if case is None:
            error(
                f"no case {args.case_id!r} in {store.where} (a case number like #12, or the "
                "id of a row recorded by `feedback add RESULTS`)"
            )
            return EXIT_BAD_INPUT
        try:
            kind, cause = judge(case.top_cause, args.cause)
        except ValueError as exc:
            error(f"--cause: {exc}")
            return EXIT_BAD_INPUT
        verdict = VerdictInput(
            kind,
            cause,
            note=args.note,
            reference=args.reference,
            reviewer=args.reviewer,
            scope=Scope.MESSAGE,
        )
        vid = store.add_verdict(case.id, verdict)
    except StoreError as exc:
        error(str(exc))
        return EXIT_NO_DATABASE
    finally:
        store.close()
    said = f"the tool said {case.top_cause}"
    what = {"confirmed": "confirmed", "wrong": f"corrected to {cause}", "not_sure": "not sure"}
    print(f"case #{case.id}: {what[kind.value]} ({said}); verdict {vid}")
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from diagnose.feedback import MIN_FEEDBACK, build_report, render_report

    rows = _judged(args.db)
    if rows is None:
        return EXIT_NO_DATABASE
    report = build_report(
        rows, min_count=MIN_FEEDBACK if args.min is None else args.min, period=args.period
    )
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        sys.stdout.write(render_report(report))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from diagnose.feedback import write_cases

    rows = _judged(args.db)
    if rows is None:
        return EXIT_NO_DATABASE
    if args.output == "-":
        n = write_cases(rows, sys.stdout)
    else:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                n = write_cases(rows, fh)
        except OSError as exc:
            error(str(exc))
            return EXIT_BAD_INPUT
    print(f"{n} confirmed cases written", file=sys.stderr)
    return EXIT_OK


def parse_when(value: str) -> datetime:
    """An ISO date (midnight UTC) or date-time (UTC unless it has an offset)."""
    text = value.strip()
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        at = datetime.combine(date.fromisoformat(text), datetime.min.time())
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def run_purge(args: argparse.Namespace) -> int:
    from diagnose.feedback import StoreError

    try:
        before = parse_when(args.before)
    except ValueError:
        error(f"--before {args.before!r}: not an ISO date (2026-01-31) or date-time")
        return EXIT_BAD_INPUT
    store = _open(args)
    if store is None:
        return EXIT_NO_DATABASE
    try:
        cases, verdicts = store.purge(before)
    except StoreError as exc:
        error(str(exc))
        return EXIT_NO_DATABASE
    finally:
        store.close()
    print(
        f"deleted {cases} cases and {verdicts} verdicts diagnosed before "
        f"{before.isoformat()} from {store.where}"
    )
    return EXIT_OK


def run_where(args: argparse.Namespace) -> int:
    from diagnose.feedback import StoreError

    store = _open(args)
    if store is None:
        return EXIT_NO_DATABASE
    try:
        counts = store.counts()
        revision = store.revision()
    except StoreError as exc:
        error(str(exc))
        return EXIT_NO_DATABASE
    finally:
        store.close()
    print(f"database: {store.where} (schema revision {revision})")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return EXIT_OK


def feedback_training_rows(db: str) -> Any:
    """``train --with-feedback DB``: the confirmed cases as training rows (a DataFrame), or
    None after saying why the database could not be read."""
    from diagnose.feedback import training_frame

    rows = _judged(db)
    if rows is None:
        return None
    frame, counts = training_frame(rows)
    print(
        f"feedback: {counts['rows']} confirmed cases as training rows "
        f"({counts['from_template']} from masked templates; skipped {counts['skipped_no_text']} "
        f"without text, {counts['skipped_invalid']} unreadable)",
        file=sys.stderr,
    )
    return frame
