"""Build ``diagnose/errors/data/error_codes.csv`` from the error-code fact table.

The CSV is the package data; this script is its provenance. It reads
``docs/reference/error-codes.md`` (a copy of the shared research note) and writes one row per
(provider, kind, code): rows listing several codes ("1010 / 1020") are expanded, and each
provider's namespaces stay apart through ``kind`` (Vonage ``err-code 1`` is kind ``dlr``,
``status 1`` is kind ``sms_api``; Infobip status vs error codes; Sinch REST vs SMPP).

Derived columns:

- ``category`` is the first backticked cause id (aliases resolved), or ``success`` /
  ``status`` for lifecycle rows; ``also_category`` the other cause ids in the cell, ``;``-joined.
- ``retryable`` is ``yes`` for transient causes, ``maybe`` for ``unknown``, ``no`` otherwise,
  overridden when the meaning says to retry (or not to); empty for lifecycle rows.
- ``who_can_act`` comes from the cause's entry in ``diagnose.causes.CAUSES``.
- ``source_key`` lists the row's source keys in order; ``confidence`` is the strongest marker
  (P > M > S); ``source_url`` is the URL of the first key (the row's primary source, e.g.
  Twilio's per-code page rather than a support article that also mentions the code), as
  defined in the section's "Sources:" lines. Keys defined without a URL (a GitHub copy, a
  third-party map) resolve to the section's first source, the provider's canonical page;
  ``{code}`` templates (Twilio's per-code pages) are filled in.

Bandwidth's HTTP-level statuses are a sentence, not a table: they become kind ``http`` rows,
429 with the reference's ``rate_or_volume_limit`` and the rest ``account_or_configuration``
(the API refused the request: credentials, permissions or a malformed call).

Usage::

    python scripts/build_error_codes.py            # rewrite the CSV
    python scripts/build_error_codes.py --check    # exit 1 if the CSV is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diagnose.causes import CAUSES, Cause, parse_cause  # noqa: E402

SOURCE = ROOT / "docs" / "reference" / "error-codes.md"
OUT = ROOT / "diagnose" / "errors" / "data" / "error_codes.csv"

COLUMNS = (
    "provider",
    "code",
    "kind",
    "name",
    "meaning",
    "category",
    "also_category",
    "retryable",
    "who_can_act",
    "api",
    "registration",
    "source_key",
    "confidence",
    "source_url",
)

# "## <heading>" prefix -> provider id; other sections (how to read, counts, gaps) are skipped.
SECTIONS = (
    ("Gladly", "gladly"),
    ("Twilio", "twilio"),
    ("Bandwidth", "bandwidth"),
    ("Telnyx", "telnyx"),
    ("Vonage", "vonage"),
    ("Plivo", "plivo"),
    ("Sinch", "sinch"),
    ("Bird", "bird"),
    ("Infobip", "infobip"),
    ("AWS", "aws"),
    ("Azure", "azure"),
    ("Other provider seen", "commio"),
)

# Kind of a bare code in each provider's tables (prefixed and quoted codes override it).
DEFAULT_KIND = {
    "gladly": "ui",
    "twilio": "error",
    "bandwidth": "error",
    "telnyx": "error",
    "vonage": "messages_api",
    "plivo": "error",
    "sinch": "rest",
    "bird": "reason",
    "infobip": "error",
    "aws": "event",
    "azure": "delivery_status",
    "commio": "mdr",
}

# Code-cell prefixes that name a provider's other namespace.
PREFIX_KIND = (
    ("err-code ", "dlr"),
    ("status ", "sms_api"),
    ("SMPP ", "smpp"),
    ("failure.code ", "failure_code"),
)

TRANSIENT = {
    Cause.UNREACHABLE_HANDSET,
    Cause.CARRIER_OR_NETWORK_FAILURE,
    Cause.RATE_OR_VOLUME_LIMIT,
    Cause.FRAUD_PROTECTION_BLOCK,
}
# "don't retry", "retrying won't help", "retry gives same" (checked before the positive form).
_NO_RETRY = re.compile(
    r"\b(?:don't|do not|never) retry\b|\bretrying (?:won't|will not|doesn't) help"
    r"|\bretry gives (?:the )?same",
    re.IGNORECASE,
)
# Retry as an instruction: "retry" opening a clause ("; retry later", "Retry later.") or
# "can be retried"; descriptive uses ("retried then gave up", "retries ran out") don't count.
_RETRY = re.compile(r"(?:^|[;.]\s*)retry\b|\bcan be retried\b", re.IGNORECASE)

_SOURCE_DEF = re.compile(r"`([A-Z][A-Z0-9-]*)` =\s(.*?)(?=`[A-Z][A-Z0-9-]*` =\s|\Z)", re.DOTALL)
_URL = re.compile(r"https?://[^\s)]+")
_SRC_MARK = re.compile(r"\b([A-Z]{2,}(?:-[A-Z0-9]+)*) ([PMS])\b")
_CAUSE_ID = re.compile(r"`([a-z_]+)`")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_API_MARK = re.compile(r"\s*\*\*\(API[^)]*\)\*\*")
_HTTP_LINE = re.compile(r"^HTTP-level \(API\): (.*?)\. (BW [PMS])\.$", re.DOTALL | re.MULTILINE)
_HTTP_ITEM = re.compile(r"(\d{3})(?: ([a-z][a-z-]*))?(?: \((.*?)\))?(?:,|$)")
_STRENGTH = {"P": 0, "M": 1, "S": 2}


class ReferenceError_(ValueError):
    """The markdown does not have the shape this script expects."""


@dataclass
class Section:
    provider: str
    text: str
    sources: dict[str, str]


def split_sections(markdown: str) -> list[Section]:
    """Provider sections with their source-key -> URL map."""
    sections = []
    for chunk in re.split(r"^## ", markdown, flags=re.MULTILINE)[1:]:
        heading = chunk.splitlines()[0]
        provider = next((p for prefix, p in SECTIONS if heading.startswith(prefix)), None)
        if provider is None:
            continue
        sources: dict[str, str] = {}
        for key, definition in _SOURCE_DEF.findall(chunk.split("\n|", 1)[0]):
            url = _URL.search(definition)
            sources[key] = url.group(0).rstrip(".,;") if url else ""
        if not sources:
            raise ReferenceError_(f"section {heading!r} defines no source keys")
        sections.append(Section(provider, chunk, sources))
    return sections


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def parse_code_cell(cell: str, provider: str, default_kind: str) -> tuple[list[str], str, str]:
    """The codes in a cell, their kind, and any trailing parenthetical worth keeping."""
    text = _API_MARK.sub("", cell).replace("(reg)", "").strip()
    if text.startswith('"'):
        return [text.strip('"')], "ui", ""
    kind = default_kind
    for prefix, prefix_kind in PREFIX_KIND:
        if text.startswith(prefix):
            text, kind = text[len(prefix) :], prefix_kind
            break
    extra = ""
    paren = _TRAILING_PAREN.search(text)
    if paren:
        extra, text = paren.group(1), text[: paren.start()]
    codes = [c.strip() for c in text.split(" / ")]
    if provider == "aws" and not codes[0].startswith("TEXT_"):
        kind = "exception"
    return codes, kind, extra


def split_names(name: str, count: int) -> list[str]:
    """Pair "A / B" names with "1 / 2" codes, unless a part is a fragment ("Invalid / missing")."""
    parts = [p.strip() for p in name.split(" / ")]
    if len(parts) == count and all(re.search(r"[\s_-]", p) for p in parts):
        return parts
    return [name] * count


def parse_category(cell: str) -> tuple[str, list[str]]:
    ids = [parse_cause(x).value for x in _CAUSE_ID.findall(cell)]
    if not ids:
        if "(success)" in cell:
            return "success", []
        if "(status)" in cell:
            return "status", []
        raise ReferenceError_(f"no category in {cell!r}")
    also = [x for x in dict.fromkeys(ids[1:]) if x != ids[0]]
    return ids[0], also


def retryable(category: str, meaning: str) -> str:
    if category in ("success", "status"):
        return ""
    if _NO_RETRY.search(meaning):
        return "no"
    if _RETRY.search(meaning):
        return "yes"
    cause = Cause(category)
    if cause is Cause.UNKNOWN:
        return "maybe"
    return "yes" if cause in TRANSIENT else "no"


def who_can_act(category: str) -> str:
    if category in ("success", "status"):
        return ""
    return ";".join(a.value for a in CAUSES[Cause(category)].who_can_act)


def resolve_source(src: str, section: Section, code: str) -> tuple[str, str, str]:
    """(source keys, strongest confidence, URL of the first key) for a Src cell."""
    marks = _SRC_MARK.findall(src)
    if not marks:
        raise ReferenceError_(f"no source key in {src!r}")
    key = marks[0][0]
    best = min((m[1] for m in marks), key=_STRENGTH.__getitem__)
    for k, _ in marks:
        if k not in section.sources:
            raise ReferenceError_(f"source key {k!r} not defined for {section.provider}")
    url = section.sources[key] or next(iter(section.sources.values()))
    url = url.replace("{code}", code)
    return ";".join(dict.fromkeys(k for k, _ in marks)), best, url


def _row(
    section: Section,
    code: str,
    kind: str,
    name: str,
    meaning: str,
    category: str,
    also: list[str],
    api: bool,
    registration: bool,
    src: str,
) -> dict[str, str]:
    keys, confidence, url = resolve_source(src, section, code)
    return {
        "provider": section.provider,
        "code": code,
        "kind": kind,
        "name": name,
        "meaning": meaning,
        "category": category,
        "also_category": ";".join(also),
        "retryable": retryable(category, meaning),
        "who_can_act": who_can_act(category),
        "api": "yes" if api else "no",
        "registration": "yes" if registration else "no",
        "source_key": keys,
        "confidence": confidence,
        "source_url": url,
    }


def section_rows(section: Section) -> list[dict[str, str]]:
    rows = []
    kind = DEFAULT_KIND[section.provider]
    for line in section.text.splitlines():
        # Infobip has two tables introduced by "Status codes (...)" / "Error codes (...)".
        if line.startswith("Status codes"):
            kind = "status"
        elif line.startswith("Error codes"):
            kind = "error"
        if not line.startswith("|") or line.startswith("|---") or line.startswith("| Code"):
            continue
        cells = _cells(line)
        if len(cells) != 5:
            raise ReferenceError_(f"expected 5 cells: {line!r}")
        code_cell, name, meaning, category_cell, src = cells
        codes, code_kind, extra = parse_code_cell(code_cell, section.provider, kind)
        if extra and code_kind != "exception":
            meaning = f"{meaning} ({extra})"
        category, also = parse_category(category_cell)
        api = "**(API" in code_cell
        registration = "(reg)" in code_cell
        for code, code_name in zip(codes, split_names(name, len(codes)), strict=True):
            rows.append(
                _row(
                    section, code, code_kind, code_name, meaning, category, also, api,
                    registration, src,
                )
            )  # fmt: skip
    if section.provider == "bandwidth":
        rows.extend(_bandwidth_http(section))
    return rows


def _bandwidth_http(section: Section) -> list[dict[str, str]]:
    line = _HTTP_LINE.search(section.text)
    if line is None:
        raise ReferenceError_("Bandwidth HTTP-level line not found")
    rows = []
    for code, name, note in _HTTP_ITEM.findall(" ".join(line.group(1).split())):
        ids = _CAUSE_ID.findall(note)
        category = parse_cause(ids[0]).value if ids else Cause.ACCOUNT_OR_CONFIGURATION.value
        detail = note.split("→")[0].strip()
        meaning = "The messaging API refused the request" + (f": {detail}." if detail else ".")
        rows.append(
            _row(
                section, code, "http", name or f"HTTP {code}", meaning, category, [], True,
                False, line.group(2),
            )
        )  # fmt: skip
    return rows


def build_rows(markdown: str) -> list[dict[str, str]]:
    """All rows, in document order; raises on duplicates or an unexpected shape."""
    rows = [r for s in split_sections(markdown) for r in section_rows(s)]
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (r["provider"], r["kind"], r["code"])
        if key in seen:
            raise ReferenceError_(f"duplicate row {key}")
        seen.add(key)
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
    text = render_csv(build_rows(args.source.read_text(encoding="utf-8")))
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
