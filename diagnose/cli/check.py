"""``sms-diagnose check [FILE|-]``: JSON or JSONL messages in, one JSON result per line out."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from diagnose import Classifier, FailedMessage, InputError, diagnose, render_text
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK, error, printable


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="diagnose failed messages (one JSON object, or JSONL)",
        description="Read one JSON object or JSON Lines; print one JSON result per line.",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="input file, - for stdin")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument(
        "--all", action="store_true", help="text: list every cause, not only the first three"
    )
    p.add_argument("--rules-only", action="store_true", help="do not load the trained model")
    p.set_defaults(func=run)


def load_model_or_none(rules_only: bool) -> Classifier | None:
    """The shipped model, or None (with the reason on stderr) so diagnosis goes rules-only."""
    if rules_only:
        return None
    try:
        from diagnose.learn import load_default_model
    except ImportError:
        return None
    model, problem = load_default_model()
    if problem:
        error(f"{problem}; continuing rules-only")
    return model  # type: ignore[no-any-return]


#: Undecodable input bytes, kept by ``errors="surrogateescape"`` so that they can be reported.
_BAD_BYTES = re.compile("[\udc80-\udcff]")
#: What ``batch`` says of the same line.
NOT_UTF8 = "bytes that are not valid UTF-8"


def read_input(path: str) -> str:
    """The file (``-``: standard input) as text; undecodable bytes stay as lone surrogates so
    that ``parse_input`` reports their line, as ``batch`` does, instead of guessing."""
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        return fh.read()


def parse_input(text: str) -> Iterator[tuple[int, FailedMessage | InputError]]:
    """(line number, message or error) for a single JSON document or for JSON Lines."""
    text = text.removeprefix("\ufeff")  # a byte order mark some editors write
    stripped = text.strip()
    if stripped.startswith("{") and "\n" in stripped:
        try:
            whole = json.loads(stripped)
        except (ValueError, RecursionError):
            pass  # not one pretty-printed object: treat as JSON Lines
        else:
            bad = _BAD_BYTES.search(text)
            if bad:
                yield text.count("\n", 0, bad.start()) + 1, InputError(None, NOT_UTF8)
            else:
                yield 1, _message(whole)
            return
    # Lines end at "\n" only: U+2028 and friends (which str.splitlines also splits on) are
    # legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if _BAD_BYTES.search(line):
            yield number, InputError(None, NOT_UTF8)
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, InputError(None, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError:  # an integer over Python's int-to-text digit limit
            yield number, InputError(None, "invalid JSON (a number over 4,300 digits long)")
            continue
        except RecursionError:
            yield number, InputError(None, "invalid JSON (nested too deeply)")
            continue
        yield number, _message(data)


def _message(data: Any) -> FailedMessage | InputError:
    try:
        return FailedMessage.from_dict(data)
    except InputError as exc:
        return exc


def run(args: argparse.Namespace) -> int:
    try:
        text = read_input(args.file)
    except OSError as exc:
        error(f"cannot read {args.file}: {exc.strerror}")
        return EXIT_BAD_INPUT
    model = load_model_or_none(args.rules_only)
    status = EXIT_OK
    for number, item in parse_input(text):
        if isinstance(item, InputError):
            where = f"line {number}" + (f", field '{item.field}'" if item.field else "")
            error(f"{where}: {item.reason}")
            status = EXIT_BAD_INPUT
            continue
        result = diagnose(item, model=model)
        if args.format == "text":
            # For a person at a terminal: a body's escape sequences are shown, not obeyed.
            sys.stdout.write(printable(render_text(item, result, all_causes=args.all)) + "\n")
        else:
            out = result.to_dict()
            out["line"] = number
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status
