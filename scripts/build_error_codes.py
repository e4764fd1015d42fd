"""Build ``diagnose/errors/data/error_codes.csv`` from the curated per-provider tables.

The CSV is the package data; ``docs/reference/error-codes/<provider>.csv`` is its source,
one file per provider and one row per code in one of the provider's namespaces (``kind``):
Vonage's DLR ``err-code 9`` (kind ``dlr``) and SMS API ``status 9`` (kind ``sms_api``) are
two rows, as are Infobip's status and error codes. ``docs/reference/error-codes.md`` is the
research note behind the tables: what the categories mean and where each source key points.

Every row states what it means explicitly; nothing is derived here, only checked:

- ``category``: a cause id, or ``success`` / ``status`` for a lifecycle row that is not an
  error; ``also_category``: other causes the code is commonly caused by, ``;``-joined.
- ``verdict``: what the carrier or provider did (``diagnose.verdict.Verdict``); ``none``
  for lifecycle rows and warnings.
- ``retryable``: ``yes`` / ``no`` / ``maybe``; empty for lifecycle rows.
- ``who_can_act``: actors, ``;``-joined; empty for lifecycle rows.
- ``name``: the provider's own label; ``aliases``: its other documented labels (a former
  title, the label on another page), ``;``-joined; ``message``: the provider's documented
  message text, with ``{placeholders}`` where it quotes the request.
- ``source_url``: the page the row comes from; ``confidence``: ``P`` seen on the provider's
  own page, ``M`` a verbatim copy of it (the provider's docs repository, published JSON, an
  SDK generated from its API spec), ``S`` only a third-party source; ``source_key``: the
  research note's key for the source, where the row came from the note.

Usage::

    python scripts/build_error_codes.py            # rewrite the CSV
    python scripts/build_error_codes.py --check    # exit 1 if the CSV is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diagnose.causes import Actor, Cause  # noqa: E402
from diagnose.message import Provider  # noqa: E402
from diagnose.verdict import Verdict  # noqa: E402

SOURCE = ROOT / "docs" / "reference" / "error-codes"
OUT = ROOT / "diagnose" / "errors" / "data" / "error_codes.csv"

#: Columns of a curated table (its file name is the provider).
SOURCE_COLUMNS = (
    "code",
    "kind",
    "name",
    "aliases",
    "message",
    "meaning",
    "category",
    "also_category",
    "verdict",
    "retryable",
    "who_can_act",
    "api",
    "registration",
    "source_key",
    "confidence",
    "source_url",
)
COLUMNS = ("provider", *SOURCE_COLUMNS)

#: The order providers appear in the table: the research note's order, then the rest.
ORDER = (
    "gladly",
    "twilio",
    "bandwidth",
    "telnyx",
    "vonage",
    "plivo",
    "sinch",
    "bird",
    "infobip",
    "aws",
    "azure",
    "commio",
)

_LIFECYCLE = ("success", "status")
_YES_NO = ("yes", "no")


class ReferenceError_(ValueError):
    """A curated table has a row this script cannot take."""


def provider_files(source: Path) -> list[Path]:
    """The curated tables, in table order; a file must be named after a provider id."""
    files = {p.stem: p for p in source.glob("*.csv")}
    for name in files:
        try:
            Provider(name)
        except ValueError:
            raise ReferenceError_(f"{name}.csv: not a provider id") from None
    order = [*ORDER, *(p.value for p in Provider if p.value not in ORDER)]
    return [files[name] for name in order if name in files]


def _check(where: str, ok: bool, what: str) -> None:
    if not ok:
        raise ReferenceError_(f"{where}: {what}")


def check_row(where: str, row: dict[str, str]) -> None:
    """Raise ``ReferenceError_`` naming the row and field when a value is not allowed."""
    _check(where, set(row) == set(SOURCE_COLUMNS), f"columns must be {', '.join(SOURCE_COLUMNS)}")
    for name in ("code", "kind", "name", "meaning", "category", "verdict", "source_url"):
        _check(where, bool(row[name].strip()), f"{name} is empty")
        _check(where, row[name] == row[name].strip(), f"{name} has surrounding spaces")
    category = row["category"]
    lifecycle = category in _LIFECYCLE
    if not lifecycle:
        _check(where, category in Cause.__members__.values(), f"unknown category {category!r}")
    also = [c for c in row["also_category"].split(";") if c]
    for c in also:
        _check(where, c in Cause.__members__.values(), f"unknown also_category {c!r}")
    _check(where, category not in also, "also_category repeats the category")
    _check(where, row["verdict"] in Verdict.__members__.values(), "unknown verdict")
    if lifecycle:
        _check(where, row["verdict"] == Verdict.NONE, "a lifecycle row's verdict is none")
        _check(where, not row["retryable"] and not row["who_can_act"], "lifecycle row acts")
    else:
        _check(where, row["retryable"] in ("yes", "no", "maybe"), "retryable: yes, no or maybe")
        actors = row["who_can_act"].split(";")
        _check(where, all(a in Actor.__members__.values() for a in actors), "who_can_act")
    _check(where, row["api"] in _YES_NO and row["registration"] in _YES_NO, "api/registration")
    _check(where, row["confidence"] in ("P", "M", "S"), "confidence: P, M or S")
    _check(where, row["source_url"].startswith(("https://", "http://")), "source_url")
    _check(where, "{" not in row["source_url"], "source_url has a template")


def build_rows(source: Path = SOURCE) -> list[dict[str, str]]:
    """All rows, in table order; raises on a bad row or a repeated (provider, kind, code)."""
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for path in provider_files(source):
        provider = path.stem
        with path.open(encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), 2):
                where = f"{path.name}:{n}"
                check_row(where, row)
                key = (provider, row["kind"], row["code"])
                _check(where, key not in seen, f"repeats {key}")
                seen.add(key)
                rows.append({"provider": provider, **row})
    return rows


def render_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the CSV is out of date")
    args = parser.parse_args(argv)
    try:
        text = render_csv(build_rows(args.source))
    except ReferenceError_ as exc:
        print(f"build_error_codes: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/build_error_codes.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
