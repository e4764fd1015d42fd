"""The ``sms-diagnose`` command: one module per subcommand, registered explicitly here."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from diagnose.cli import check, code, rules
from diagnose.cli.common import EXIT_OK

#: Subcommand modules; each exposes ``register(subparsers)`` which sets ``func`` on its parser.
COMMANDS = [check, rules, code]


def _optional_commands() -> list[object]:
    """Subcommands whose modules may be absent in a partial install (model, batch, feedback)."""
    found: list[object] = []
    for name in (
        "diagnose.cli.model",
        "diagnose.cli.batch",
        "diagnose.cli.ticket",
        "diagnose.cli.feedback",
    ):
        try:
            found.append(__import__(name, fromlist=["register"]))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sms-diagnose",
        description="Explain why a text message was not delivered, and how to fix it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in [*COMMANDS, *_optional_commands()]:
        module.register(sub)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # A body may hold half an emoji (a lone surrogate, valid in JSON as "\ud800"): write
        # it as that escape instead of dying on it, in JSON and text alike.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status: int = args.func(args)
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
