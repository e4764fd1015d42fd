"""The ticket to send: what a provider's or carrier's support asks for about a group of failures.

Support pages ask for the same things (Twilio's "at least three Message SIDs", Telnyx's and
Bandwidth's message ids with send times): the message ids, when each was sent (with its time
zone), from and to, the error code, and what you already checked. A ``Ticket`` is that for
one cause, one sender or one template: Markdown to paste, and a CSV of every row.

Numbers are masked (country code and last four digits) unless ``unmask``; bodies appear only
with ``include_bodies``. The rows come from ``ticket_frame``: a batch result joined, by line,
to the export it was run on (the results carry no send times, numbers or bodies).

A row's key is the summary's (``summary.row_key``): its top cause, or ``unexplained`` when
that is the honest fallback. The results file does not carry the decision table's row, so it
is read back: ``unknown``, or the filter fallback (``spam_like_content`` on a filtered row)
with no rule of that cause. Only the model can lift such a fallback to a suspicion, so when
the run used it, ``confirm_fallbacks`` diagnoses those rows again, with the model, to learn
their row of the table (the app, which saw every diagnosis, passes the keys it counted).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from diagnose.batch.csv_safety import SafeWriter, neutralise
from diagnose.batch.formats import ColumnMapping, status_label
from diagnose.batch.mask import mask_labels, mask_phone, mask_template, phone_key
from diagnose.batch.summary import UNEXPLAINED, row_key
from diagnose.batch.templates import mine_templates, template_id
from diagnose.batch.vectorised import message_fields
from diagnose.causes import CAUSES, Cause
from diagnose.engine import Classifier, diagnose
from diagnose.errors.normalise import normalise_error
from diagnose.message import FailedMessage, Provider
from diagnose.rules.base import Scope
from diagnose.rules.registry import RULES, RULES_BY_ID
from diagnose.verdict import VERDICT_TITLES, Verdict

#: Example messages listed in the Markdown (support pages ask for at least three).
MIN_EXAMPLES = 3
DEFAULT_EXAMPLES = 5
#: The columns of ``ticket_frame`` (and of the ticket's CSV, ``body`` only when asked).
TICKET_COLUMNS: tuple[str, ...] = (
    "line",
    "id",
    "sent_at",
    "from",
    "to",
    "status",
    "error_code",
    "verdict",
    "top_cause",
    "key",
    "confidence",
    "rules",
    "body",
)
KINDS = ("cause", "sender", "template")

#: What to ask the provider's support, per cause (and for what nothing explains).
QUESTIONS: Mapping[str, str] = {
    "opted_out_recipient": (
        "Can you confirm that these recipients opted out of this sender, when and by which "
        "keyword, and whether any of them has opted back in?"
    ),
    "missing_opt_out_language": (
        "Were these messages filtered for missing opt-out language, or for something else? "
        "Which rule or filter matched?"
    ),
    "missing_brand_identification": (
        "Were these messages filtered because they do not name the business? Which filter "
        "matched, and is the brand on the registered campaign?"
    ),
    "no_consent": (
        "Which filter or policy blocked these messages, and does the campaign registration "
        "cover this use case and this opt-in flow?"
    ),
    "prohibited_content": (
        "Which content category did the carrier filter flag, and is our campaign registered "
        "for it? What would an acceptable message look like?"
    ),
    "url_or_link_filtering": (
        "Was the link (domain) the reason these messages were filtered? Is the domain on a "
        "block list, and can it be reviewed?"
    ),
    "spam_like_content": (
        "Which filter flagged these messages as spam, and what in the content triggered it?"
    ),
    "sender_not_registered": (
        "Is this sending number associated with an approved 10DLC campaign or toll-free "
        "verification? If it is, why were these messages rejected as unregistered?"
    ),
    "sender_blocked": (
        "Is this sending number blocked or suspended by a carrier, since when, and what is "
        "needed to lift it?"
    ),
    "recipient_blocked": (
        "Did the recipient's carrier block these messages? Is there a block on these numbers "
        "or on our sender, and how can it be lifted?"
    ),
    "rate_or_volume_limit": (
        "Which throughput or daily limit did these messages hit (account, number, campaign "
        "or carrier), and what is our current limit?"
    ),
    "fraud_protection_block": (
        "Which fraud or SMS-pumping protection blocked these messages, and how can these "
        "destinations be allowed?"
    ),
    "invalid_destination": (
        "Can you confirm these numbers are invalid or not in service, and were any of them "
        "recently ported?"
    ),
    "unreachable_handset": (
        "Did the carrier report these handsets as unreachable (off, out of coverage, "
        "roaming), and for how long were delivery attempts made?"
    ),
    "carrier_or_network_failure": (
        "Was there a carrier or network incident at these times, and is it resolved? Should "
        "these messages be retried?"
    ),
    "content_too_long_or_encoding": (
        "What body length or encoding limit did these messages exceed, and for which carrier?"
    ),
    "account_or_configuration": (
        "What in our account or sender configuration caused these rejections (permissions, "
        "geographic settings, messaging service), and how do we fix it?"
    ),
    UNEXPLAINED: (
        "The error gives no specific reason and nothing in the messages or their context "
        "explains it. What exactly happened to these messages, and which filter, carrier or "
        "system stopped them?"
    ),
}


class TicketError(ValueError):
    """The selection matches nothing, or the results and the export do not fit together."""


def read_key(top_cause: str | None, rules: str | None, verdict: str | None) -> str:
    """A results row's key, read back without the decision table's row (see module doc).

    Example:
        >>> read_key("spam_like_content", "", "filtered")
        'unexplained'
        >>> read_key("spam_like_content", "SPM001", "filtered")
        'spam_like_content'
    """
    if not top_cause or top_cause == Cause.UNKNOWN.value:
        return UNEXPLAINED
    if top_cause == Cause.SPAM_LIKE_CONTENT.value and verdict == Verdict.FILTERED.value:
        found = {RULES_BY_ID[r].cause.value for r in (rules or "").split(";") if r in RULES_BY_ID}
        if top_cause not in found:
            return UNEXPLAINED
    return top_cause


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


#: A mapping of this project's schema: reads a send time as the batch run read it.
_PLAIN = ColumnMapping("sms-diagnose", {"body": "body", "sent_at": "sent_at"})


def send_time(cell: Any) -> str | None:
    """A send time as ISO 8601 with its offset (UTC-normalised), or with a note when the
    export gave no time zone.

    Example:
        >>> send_time("2024-05-01T21:47:12Z"), send_time("2024-05-01 10:00:00")
        ('2024-05-01T21:47:12+00:00', '2024-05-01T10:00:00 (no time zone in the export)')
        >>> send_time("Wed, 01 May 2024 21:47:12 +0200")
        '2024-05-01T19:47:12+00:00'
    """
    try:
        text = message_fields({"body": "-", "sent_at": cell}, _PLAIN).get("sent_at")
    except ValueError:
        text = cell
    if text is None or (isinstance(text, float) and text != text) or text == "":
        return None
    try:
        at = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return f"{text} (not a date-time)"
    if at.tzinfo is None:
        return f"{at.isoformat()} (no time zone in the export)"
    return at.astimezone(UTC).isoformat()


def ticket_frame(
    results: pd.DataFrame,
    export: Mapping[str, Sequence[Any]],
    lines: Sequence[int],
    mapping: ColumnMapping,
    *,
    keys: Sequence[str | None] | None = None,
) -> pd.DataFrame:
    """Batch results joined by ``line`` to the export's cells (``export``: column -> cells,
    ``lines``: each export row's line). ``keys``, when the caller saw the diagnosis (the
    app), are each result row's summary key (None: did not fail); else they are read back
    (``read_key``). Raises ``TicketError`` when a result line is not in the export."""
    if "line" not in results.columns or "top_cause" not in results.columns:
        raise TicketError("the results file has no line/top_cause columns: is it batch output?")
    where = {line: i for i, line in enumerate(lines)}
    cols = mapping.columns

    def cells(name: str) -> Sequence[Any] | None:
        column = cols.get(name)
        return export.get(column) if column is not None else None

    fields = {name: cells(name) for name in ("id", "sent_at", "from", "to", "status", "body")}
    out: dict[str, list[Any]] = {c: [] for c in TICKET_COLUMNS}
    for j, r in enumerate(results.to_dict("records")):
        line = int(r["line"])
        i = where.get(line)
        if i is None:
            raise TicketError(
                f"line {line} of the results is not a row of the export: give --input the "
                "file the batch run read"
            )
        get = {k: (v[i] if v is not None else None) for k, v in fields.items()}
        top = _text(r.get("top_cause"))
        rules = _text(r.get("rules")) or ""
        verdict = _text(r.get("verdict")) or Verdict.NONE.value
        code = _text(r.get("error_code"))
        out["line"].append(line)
        out["id"].append(_text(get["id"]))
        out["sent_at"].append(send_time(get["sent_at"]))
        out["from"].append(_text(get["from"]))
        out["to"].append(_text(get["to"]))
        out["status"].append(status_label(get["status"]) if cols.get("status") else None)
        out["error_code"].append(code)
        out["verdict"].append(verdict)
        out["top_cause"].append(top)
        if keys is not None:
            out["key"].append(keys[j])
        else:
            out["key"].append(read_key(top, rules, verdict) if top else None)
        conf = r.get("confidence")
        out["confidence"].append(
            None if conf is None or conf != conf or conf == "" else float(conf)
        )
        out["rules"].append(rules)
        out["body"].append(get["body"] if isinstance(get["body"], str) else _text(get["body"]))
    return pd.DataFrame(out, columns=list(TICKET_COLUMNS))


def confirm_fallbacks(
    frame: pd.DataFrame,
    export: Mapping[str, Sequence[Any]],
    lines: Sequence[int],
    mapping: ColumnMapping,
    model: Classifier,
) -> pd.DataFrame:
    """``frame`` with the key of each row read back as unexplained whose top cause is the
    filter fallback confirmed by diagnosing the row again with ``model`` (the run's model:
    it may have lifted the fallback to a suspicion, which the summary counts as identified).
    Only those rows are diagnosed (a few milliseconds each)."""
    where = {line: i for i, line in enumerate(lines)}
    keys = list(frame["key"])
    for j, (key, top, line) in enumerate(
        zip(frame["key"], frame["top_cause"], frame["line"], strict=True)
    ):
        if key != UNEXPLAINED or not top or top == Cause.UNKNOWN.value:
            continue
        i = where[int(line)]
        values = {f: export[c][i] for f, c in mapping.columns.items() if c in export}
        message = FailedMessage.from_dict(message_fields(values, mapping))
        first = diagnose(message, model=model, rewrite=False).causes[0]
        keys[j] = row_key(first.cause.value, first.basis)
    return frame.assign(key=keys)


def template_ids(frame: pd.DataFrame) -> list[str | None]:
    """Each failed row's template id, mined as the summary mines them (``None`` for rows
    that did not fail)."""
    failed = frame["key"].notna().tolist()
    masked = [
        mask_template(b) if f and isinstance(b, str) else None
        for b, f in zip(frame["body"], failed, strict=True)
    ]
    counts = Counter(m for m in masked if m is not None)
    template_of = mine_templates(counts)
    return [template_id(template_of[m]) if m is not None else None for m in masked]


def select(frame: pd.DataFrame, kind: str, value: str) -> pd.DataFrame:
    """The failed rows of one cause (or ``unexplained``), sender (full number in any spelling,
    or its masked label as shown) or template (id as shown, or its text)."""
    failed = frame[frame["key"].notna()]
    if kind == "cause":
        picked = failed[failed["key"] == value.strip()]
    elif kind == "sender":
        keys = [phone_key(s) or "(unknown)" for s in failed["from"]]
        order = [k for k, _ in sorted(Counter(keys).items(), key=lambda kv: (-kv[1], kv[0]))]
        labels = mask_labels(order)
        wanted = phone_key(value) or value.strip()
        picked = failed[[k == wanted or labels[k] == value.strip() for k in keys]]
    elif kind == "template":
        ids = template_ids(frame)
        masked = [mask_template(b) if isinstance(b, str) else None for b in frame["body"]]
        wanted = value.strip()
        hit = [
            k is not None and (i == wanted or m == wanted)
            for k, i, m in zip(frame["key"], ids, masked, strict=True)
        ]
        if not any(hit):  # the template text as shown: mine it the same way
            counts = Counter(m for m, k in zip(masked, frame["key"], strict=True) if k and m)
            shown = mine_templates(counts)
            hit = [
                k is not None and m is not None and shown.get(m) == wanted
                for k, m in zip(frame["key"], masked, strict=True)
            ]
        picked = frame[hit]
    else:
        raise TicketError(f"unknown selection {kind!r}; one of {', '.join(KINDS)}")
    if picked.empty:
        raise TicketError(f"no failed row has {kind} {value!r}")
    return picked


@dataclass(frozen=True, slots=True)
class Ticket:
    """The packet for one selection: ``to_markdown()`` to paste, ``rows_csv()`` to attach."""

    kind: str
    value: str
    rows: pd.DataFrame
    provider: str | None = None
    failed_total: int = 0
    examples: int = DEFAULT_EXAMPLES
    unmask: bool = False
    include_bodies: bool = False

    def _number(self, value: Any) -> str:
        text = _text(value)
        if text is None:
            return ""
        return text if self.unmask else mask_phone(text)

    @property
    def title(self) -> str:
        if self.kind == "cause":
            if self.value == UNEXPLAINED:
                return "failures nothing in the messages explains"
            return CAUSES[Cause(self.value)].title.lower()
        if self.kind == "sender":
            return f"messages from {self._number(self.value) or self.value}"
        return f"messages of template {self.value}"

    def _keys(self) -> Counter[str]:
        return Counter(self.rows["key"].dropna())

    def to_markdown(self) -> str:
        rows = self.rows
        n = len(rows)
        lines = [f"# Undelivered SMS: {self.title} ({n} message{'s' if n != 1 else ''})", ""]
        times = sorted(t for t in rows["sent_at"].dropna() if "(" not in t)
        facts = []
        if self.provider:
            facts.append(f"**Provider:** {self.provider}")
        if times:
            facts.append(f"**Sent:** {times[0]} to {times[-1]} (UTC)")
        senders = Counter(self._number(s) for s in rows["from"])
        facts.append(
            "**From:** " + ", ".join(f"{s or '(unknown)'} ({c})" for s, c in senders.most_common(5))
        )
        codes = Counter(c or "(none)" for c in rows["error_code"])
        facts.append("**Error codes:** " + ", ".join(f"{c} ({k})" for c, k in codes.most_common(5)))
        verdicts = Counter(rows["verdict"])
        facts.append(
            "**Verdict (what was done):** "
            + "; ".join(f"{_verdict_title(v)} ({c})" for v, c in verdicts.most_common())
        )
        if self.failed_total:
            facts.append(
                f"**Share of this export's failures:** {n / self.failed_total:.0%} "
                f"({n} of {self.failed_total})"
            )
        lines += [f"- {f}" for f in facts] + [""]
        shown = min(max(self.examples, MIN_EXAMPLES), n)
        lines.append(f"## Example messages ({shown} of {n}; every one in the attached CSV)")
        lines.append("")
        if n < MIN_EXAMPLES:
            lines.append(
                f"Only {n} message{'s' if n != 1 else ''} in this group; support usually "
                f"asks for {MIN_EXAMPLES}."
            )
            lines.append("")
        head = ["Message id", "Sent (time zone)", "From", "To", "Status", "Error", "Verdict"]
        if self.include_bodies:
            head.append("Body")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for d in rows.head(shown).to_dict("records"):
            cells = [
                d["id"] or f"(line {d['line']})",
                d["sent_at"] or "",
                self._number(d["from"]),
                self._number(d["to"]),
                d["status"] or "",
                d["error_code"] or "",
                d["verdict"] or "",
            ]
            if self.include_bodies:
                cells.append(str(d["body"] or ""))
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
        lines += self._diagnosis()
        lines += self._ruled_out()
        lines += ["## Question", ""]
        for key, _ in self._keys().most_common(3):
            lines.append(f"- {QUESTIONS.get(key, QUESTIONS[UNEXPLAINED])}")
        lines += [
            "",
            "_Prepared with sms-diagnose. Numbers are masked "
            + ("(unmasked on request)" if self.unmask else "(country code and last four digits)")
            + (
                "; message bodies included on request"
                if self.include_bodies
                else "; message bodies not included"
            )
            + "._",
            "",
        ]
        return "\n".join(lines)

    def _diagnosis(self) -> list[str]:
        out = ["## What we found", ""]
        n = len(self.rows)
        for key, count in self._keys().most_common():
            if key == UNEXPLAINED:
                out.append(
                    f"- **No cause identified** ({count} of {n}): the error gives no specific "
                    "reason and no rule finds one in the messages or their context."
                )
                continue
            info = CAUSES[Cause(key)]
            out.append(f"- **{info.title}** ({count} of {n}): {info.explanation}")
            part = self.rows[self.rows["key"] == key]
            found: Counter[str] = Counter()
            for rules in part["rules"]:
                for r in {x for x in (rules or "").split(";") if x in RULES_BY_ID}:
                    if RULES_BY_ID[r].cause.value == key:
                        found[r] += 1
            for r, c in found.most_common():
                out.append(f"  - Evidence: {RULES_BY_ID[r].summary} ({r}, on {c} of {count})")
            for code, c in Counter(part["error_code"].dropna()).most_common(3):
                err = normalise_error(code, _provider(self.provider))
                if err.name:
                    out.append(f"  - Error {code}: {err.name} ({c} of {count})")
        other: Counter[str] = Counter()
        for key, rules in zip(self.rows["key"], self.rows["rules"], strict=True):
            for r in {x for x in (rules or "").split(";") if x in RULES_BY_ID}:
                if RULES_BY_ID[r].cause.value != key:
                    other[r] += 1
        if other:
            out.append(
                "- Also found on these messages, not what this error reports: "
                + "; ".join(f"{RULES_BY_ID[r].summary} ({r}, {c})" for r, c in other.most_common(5))
            )
        out.append("")
        return out

    def _ruled_out(self) -> list[str]:
        """Rule families that ran on every row of the group and found nothing."""
        fired = {r for rules in self.rows["rules"] for r in (rules or "").split(";") if r}
        keys = set(self._keys())
        checked: dict[str, list[str]] = {}
        for rule in RULES:
            if rule.cause.value in keys:
                continue
            body = rule.scope is Scope.BODY and self.rows["body"].notna().all()
            number = rule.id == "DST001" and self.rows["to"].notna().all()
            if body or number:
                checked.setdefault(rule.cause.value, []).append(rule.id)
        out = ["## Already checked and ruled out", ""]
        for cause, ids in checked.items():
            if not fired & set(ids):
                out.append(f"- {CAUSES[Cause(cause)].title}: no finding ({', '.join(ids)})")
        if len(out) == 2:
            out.append("- Nothing could be ruled out from the export alone.")
        out.append("")
        return out

    def rows_csv(self) -> str:
        """Every row of the group as CSV (formula-safe; numbers masked unless ``unmask``)."""
        columns = [c for c in TICKET_COLUMNS if c != "key" and (c != "body" or self.include_bodies)]
        buf = io.StringIO()
        writer = SafeWriter(buf)  # a "\r" in an id or body stays inside its cell
        writer.writerow(columns)
        for d in self.rows.to_dict("records"):
            d["from"], d["to"] = self._number(d["from"]), self._number(d["to"])
            writer.writerow([neutralise("" if d[c] is None else d[c]) for c in columns])
        return buf.getvalue()


def _cell(value: str) -> str:
    """A Markdown table cell: one line, no pipe breaking the table."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _verdict_title(value: str) -> str:
    try:
        return VERDICT_TITLES[Verdict(value)]
    except ValueError:
        return value


def _provider(name: str | None) -> Provider | None:
    try:
        return Provider(name) if name else None
    except ValueError:
        return None


def build_ticket(
    frame: pd.DataFrame,
    kind: str,
    value: str,
    *,
    provider: str | None = None,
    examples: int = DEFAULT_EXAMPLES,
    unmask: bool = False,
    include_bodies: bool = False,
) -> Ticket:
    """The ticket for the failed rows of ``frame`` (``ticket_frame``) that ``kind`` =
    ``value`` selects, earliest send first. Raises ``TicketError`` when none does."""
    if kind not in KINDS:
        raise TicketError(f"unknown selection {kind!r}; one of {', '.join(KINDS)}")
    picked = select(frame, kind, value)
    picked = picked.sort_values(["sent_at", "line"], na_position="last", kind="stable")
    return Ticket(
        kind,
        value.strip(),
        picked.reset_index(drop=True),
        provider,
        int(frame["key"].notna().sum()),
        examples,
        unmask,
        include_bodies,
    )
