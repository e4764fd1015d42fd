"""The batch fast path: a chunk of rows in, one result row per good row out.

Results are identical to calling ``diagnose()`` on each row (a test checks thousands of
varied rows); the speed comes from never doing the same work twice:

- Rules are memoised per rule on (body, the values of the message fields the rule actually
  read). The fields read are recorded while the rule runs, so a body-only rule is cached per
  body and a context rule per body and the few fields its path consulted. Rules are pure
  functions of the message, so equal reads mean an identical run: the memo is exact without
  anyone declaring dependencies. A rule touching anything but plain fields is never memoised.
- Error strings are normalised once per distinct (error, provider); phone numbers,
  dates and enum spellings are converted once per distinct value.
- Ranking is cached per (error, findings, model probabilities).
- Only what the batch output needs is computed (no segments, rewrite or context advice).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, cast

from diagnose.batch.formats import EXTRA_FIELDS, ColumnMapping, is_failed
from diagnose.causes import Cause
from diagnose.diagnosis import Diagnosis, RankedCause
from diagnose.error_normalise import NormalisedError, normalise_error
from diagnose.explain import rank_causes
from diagnose.message import FailedMessage, InputError, Provider
from diagnose.rules.base import Finding, NeedContext, Rule
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule
from diagnose.rules.registry import RULES

if TYPE_CHECKING:
    from diagnose.engine import Classifier

#: Result columns after the carried id columns, in output order.
RESULT_COLUMNS: tuple[str, ...] = (
    "line",
    "top_cause",
    "confidence",
    "second_cause",
    "second_confidence",
    "rules",
    "content_risk",
    "error_code",
    "error_category",
    "retryable",
)
#: Per-row values a summary needs but the output does not carry.
SUMMARY_COLUMNS: tuple[str, ...] = ("_failed", "_sender", "_day", "_body")

_MESSAGE_FIELD_NAMES = frozenset(
    {
        "error",
        "provider",
        "to",
        "from_",
        "sender_type",
        "brand",
        "origin",
        "first_message",
        "recipient_opted_out",
        "recipient_initiated",
        "consent",
        "sent_at",
        "recipient_timezone",
        "history",
    }
)


@dataclass(frozen=True, slots=True)
class BadRow:
    """An input row that could not be diagnosed, with where it was and why."""

    line: int
    reason: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


# --- converting raw cells to message fields -------------------------------------------------

_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})
_ERROR_IN_JSON_RE = re.compile(r"\"?(?:code|error_code)\"?\s*[:=]\s*\"?([\w-]+)")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _bool_cell(value: Any, name: str) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        if not low:
            return None
        raise InputError(name, f"must be true or false, got {value!r}")
    return value


_DATE_CACHE: dict[str, str] = {}


def _date_cell(value: Any) -> Any:
    """ISO text for ``from_dict``; exports also write RFC 2822 ("Wed, 01 May 2024 ...")."""
    if not isinstance(value, str):
        return value
    cached = _DATE_CACHE.get(value)
    if cached is not None:
        return cached
    text = value.strip()
    out = text
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            out = parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            # "2024-05-01 21:03:22 UTC" (Bandwidth, some BI tools)
            if text.endswith(" UTC"):
                out = text[:-4].strip() + "+00:00"
    if len(_DATE_CACHE) > 200_000:
        _DATE_CACHE.clear()
    _DATE_CACHE[value] = out
    return out


def _error_cell(value: Any) -> Any:
    """Telnyx writes ``errors`` as a JSON list of objects; take the first code."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        value = json.dumps(value)
    if isinstance(value, str) and value[:1] in ("[", "{"):
        m = _ERROR_IN_JSON_RE.search(value)
        return m.group(1) if m else None
    return value


def _history_cell(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise InputError("history", "must be a JSON array") from None
    return value


def message_fields(values: Mapping[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
    """One row's raw cells (canonical field -> cell) as the JSON form ``from_dict`` takes.

    Shared by the fast path and the row-by-row reference, so both see the same message.
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in EXTRA_FIELDS or _blank(value):
            continue
        if isinstance(value, str) and name != "body":
            value = value.strip()
            if not value:
                continue
        if name in ("first_message", "recipient_opted_out", "recipient_initiated"):
            value = _bool_cell(value, name)
        elif name == "sent_at":
            value = _date_cell(value)
        elif name == "error":
            value = _error_cell(value)
        elif name == "history":
            value = _history_cell(value)
        elif name in ("to", "from") and isinstance(value, float) and value.is_integer():
            value = str(int(value))
        if value is not None:
            out[name] = value
    body = out.get("body")
    if body is None or (isinstance(body, str) and not body.strip()):
        raise InputError("body", "is missing or empty")
    if "provider" not in out and mapping.provider is not None:
        out["provider"] = mapping.provider.value
    return out


# --- the rule memo ---------------------------------------------------------------------------


class _Unmemoisable(Exception):
    """A rule read something other than a plain message field."""


class _RecordingMessage:
    """Stands in for ``FailedMessage`` and records which fields a rule reads, in order."""

    __slots__ = ("_log", "_message")

    def __init__(self, message: FailedMessage) -> None:
        self._message = message
        self._log: list[str] | None = None

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._message, name)
        log = self._log
        if log is not None and name != "body":
            if name not in _MESSAGE_FIELD_NAMES:
                raise _Unmemoisable(name)
            if name not in log:
                log.append(name)
        return value


_Result = tuple[tuple[Finding, ...], tuple[NeedContext, ...]]


@dataclass(slots=True)
class _Leaf:
    result: _Result


@dataclass(slots=True)
class _Read:
    """The rule read ``field`` next; children by that field's value."""

    field: str
    children: dict[Hashable, _Leaf | _Read] = dataclasses.field(default_factory=dict)


class RuleMemo:
    """Exact memo of rule results keyed on body plus the fields each rule read.

    ``max_entries`` bounds memory: a rule's memo is cleared once it holds that many results
    (a long export of distinct rows then costs what running the rules costs, never more
    memory).
    """

    def __init__(self, rules: Sequence[Rule] = RULES, *, max_entries: int = 20_000) -> None:
        self.rules = tuple(rules)
        self.max_entries = max_entries
        self._trees: list[dict[str, _Leaf | _Read]] = [{} for _ in self.rules]
        self._sizes: list[int] = [0 for _ in self.rules]
        self._plain: set[int] = set()  # rules that cannot be memoised
        self.runs = 0
        self.hits = 0

    def run(self, message: FailedMessage) -> tuple[list[Finding], list[NeedContext]]:
        """All findings and context needs, as ``run_rules`` would return them."""
        findings: list[Finding] = []
        needs: list[NeedContext] = []
        body = message.body
        recorder: _RecordingMessage | None = None
        ctx: RuleContext | None = None
        for i, rule in enumerate(self.rules):
            tree = self._trees[i]
            if i in self._plain:
                f, n = run_rule(rule, RuleContext(message))
                findings.extend(f)
                needs.extend(n)
                continue
            node = tree.get(body)
            parent: _Read | None = None
            key: Hashable = None
            depth = 0
            while isinstance(node, _Read):
                key = _hashable(getattr(message, node.field))
                parent = node
                depth += 1
                node = node.children.get(key)
            if node is not None:
                self.hits += 1
                findings.extend(node.result[0])
                needs.extend(node.result[1])
                continue
            if recorder is None:
                recorder = _RecordingMessage(message)
                ctx = RuleContext(cast(FailedMessage, recorder))
            assert ctx is not None
            log: list[str] = []
            recorder._log = log
            try:
                f, n = run_rule(rule, ctx)
            except _Unmemoisable:
                recorder._log = None
                self._plain.add(i)
                f, n = run_rule(rule, RuleContext(message))
                findings.extend(f)
                needs.extend(n)
                continue
            finally:
                recorder._log = None
            self.runs += 1
            findings.extend(f)
            needs.extend(n)
            self._sizes[i] += 1
            if self._sizes[i] > self.max_entries:
                tree.clear()
                self._sizes[i] = 1
                parent, depth = None, 0
            self._insert(tree, body, parent, key, depth, message, log, (tuple(f), tuple(n)))
        return findings, needs

    def _insert(
        self,
        tree: dict[str, _Leaf | _Read],
        body: str,
        parent: _Read | None,
        key: Hashable,
        depth: int,
        message: FailedMessage,
        log: list[str],
        result: _Result,
    ) -> None:
        # The run agreed with the path's values up to ``parent``, so being deterministic it
        # read the path's ``depth`` fields first, in the same order; the rest is new.
        node: _Leaf | _Read = _Leaf(result)
        for name in reversed(log[depth:]):
            node = _Read(name, {_hashable(getattr(message, name)): node})
        if parent is None:
            tree[body] = node
        else:
            parent.children[key] = node


def _hashable(value: Any) -> Hashable:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return cast(Hashable, value)


# --- ranking and the model ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """The batch columns of one diagnosis."""

    top_cause: str
    confidence: float
    second_cause: str | None
    second_confidence: float | None
    rules: str
    content_risk: float | None
    error_code: str | None
    error_category: str | None
    retryable: bool

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.top_cause,
            self.confidence,
            self.second_cause,
            self.second_confidence,
            self.rules,
            self.content_risk,
            self.error_code,
            self.error_category,
            self.retryable,
        )


def _outcome(
    causes: Sequence[RankedCause],
    findings: Iterable[Finding],
    error: NormalisedError,
    content_risk: float | None,
) -> RowOutcome:
    top = causes[0]
    second = causes[1] if len(causes) > 1 else None
    rule_ids: list[str] = []
    for f in findings:
        if f.rule not in rule_ids:
            rule_ids.append(f.rule)
    return RowOutcome(
        top_cause=top.cause.value,
        confidence=round(top.confidence, 4),
        second_cause=second.cause.value if second else None,
        second_confidence=round(second.confidence, 4) if second else None,
        rules=";".join(rule_ids),
        content_risk=None if content_risk is None else round(float(content_risk), 4),
        error_code=error.code if error.status != "none" else None,
        error_category=error.category.value if error.category is not None else None,
        retryable=top.retryable,
    )


def outcome_of(diagnosis: Diagnosis) -> RowOutcome:
    """The batch columns of a full ``diagnose()`` result: the row-by-row reference."""
    risk = diagnosis.model.content_risk if diagnosis.model is not None else None
    return _outcome(diagnosis.causes, diagnosis.findings, diagnosis.error, risk)


ModelScores = tuple[Mapping[Cause, float], float]


def model_scores(
    model: Classifier,
    messages: Sequence[FailedMessage],
    findings: Sequence[Sequence[Finding]],
    errors: Sequence[NormalisedError],
) -> list[ModelScores]:
    """(probabilities, content risk) per message, batched when the model can batch.

    With ``diagnose.model.CauseModel`` the model's inputs are built once per row and
    predicted once per *distinct* input (rows differing only in fields the model ignores
    share a prediction); other classifiers go through ``explain_one`` row by row.
    """
    predict_inputs = getattr(model, "predict_inputs", None)
    if predict_inputs is not None:
        from diagnose.features import model_input

        index: dict[Hashable, int] = {}
        unique: list[Any] = []
        slots: list[int] = []
        for m, f, e in zip(messages, findings, errors, strict=True):
            item = model_input(m, f, e)
            slot = index.get(item)
            if slot is None:
                slot = index[item] = len(unique)
                unique.append(item)
            slots.append(slot)
        proba, risk = predict_inputs(unique)
        classes = model.classes  # type: ignore[attr-defined]
        rows = [
            ({c: float(p) for c, p in zip(classes, proba[k], strict=True)}, float(risk[k]))
            for k in range(len(unique))
        ]
        return [rows[k] for k in slots]
    return [
        _scores(model.explain_one(m, f, e))
        for m, f, e in zip(messages, findings, errors, strict=True)
    ]


def _scores(item: Any) -> ModelScores:
    if isinstance(item, tuple):
        return item[0], float(item[1])
    return item.probabilities, float(item.content_risk)


# --- one chunk --------------------------------------------------------------------------------


@dataclass(slots=True)
class ChunkResult:
    """Result rows (column lists), bad rows and per-row summary inputs for one chunk."""

    columns: dict[str, list[Any]]
    bad: list[BadRow]
    summary_rows: dict[str, list[Any]]

    @property
    def rows(self) -> int:
        return len(self.columns["line"])


class BatchDiagnoser:
    """Diagnoses chunks of rows; keeps its caches between chunks (one per process).

    Example:
        >>> from diagnose.batch.formats import recognise
        >>> d = BatchDiagnoser(recognise(["body", "error"]))
        >>> r = d.run_chunk({"body": ["Hi"], "error": ["21610"]}, [2])
        >>> r.columns["top_cause"]
        ['opted_out_recipient']
    """

    def __init__(
        self,
        mapping: ColumnMapping,
        *,
        model: Classifier | None = None,
        rules: Sequence[Rule] = RULES,
        keep: Sequence[str] = (),
    ) -> None:
        self.mapping = mapping
        self.model = model
        self.memo = RuleMemo(rules)
        self.keep = _carried_columns(mapping, keep)
        self._errors: dict[tuple[str | None, Provider | None], NormalisedError] = {}
        self._ranks: dict[Hashable, tuple[RankedCause, ...]] = {}

    def _error(self, message: FailedMessage) -> NormalisedError:
        key = (message.error, message.provider)
        err = self._errors.get(key)
        if err is None:
            if len(self._errors) > 100_000:
                self._errors.clear()
            err = self._errors[key] = normalise_error(message.error, message.provider)
        return err

    def _rank(
        self,
        error: NormalisedError,
        findings: Sequence[Finding],
        probs: Mapping[Cause, float] | None,
    ) -> tuple[RankedCause, ...]:
        key = (
            id(error),
            tuple((f.rule, f.cause, f.severity) for f in findings),
            None if probs is None else tuple(sorted(probs.items())),
        )
        ranked = self._ranks.get(key)
        if ranked is None:
            if len(self._ranks) > 200_000:
                self._ranks.clear()
            ranked = self._ranks[key] = rank_causes(error, findings, probs)
        return ranked

    def run_chunk(self, chunk: Mapping[str, Sequence[Any]], lines: Sequence[int]) -> ChunkResult:
        """Diagnose one chunk: ``chunk`` maps input column -> cells, ``lines`` the source
        line (or row) number of each row."""
        cols = self.mapping.columns
        fields = [(name, chunk[col]) for name, col in cols.items() if col in chunk]
        carried = [(c, chunk[c]) for c in self.keep if c in chunk]
        good_idx: list[int] = []
        messages: list[FailedMessage] = []
        bad: list[BadRow] = []
        msg_cache: dict[tuple[Any, ...], FailedMessage | InputError] = {}
        for i in range(len(lines)):
            raw = tuple(_hashable(values[i]) for _, values in fields)
            msg = msg_cache.get(raw)
            if msg is None:
                try:
                    values = {name: vals[i] for name, vals in fields}
                    msg = FailedMessage.from_dict(message_fields(values, self.mapping))
                except InputError as exc:
                    msg = exc
                msg_cache[raw] = msg
            if isinstance(msg, InputError):
                bad.append(BadRow(lines[i], msg.reason, msg.field))
                continue
            good_idx.append(i)
            messages.append(msg)

        # Rule results do not depend on order, so run rows grouped by recipient: repeated
        # numbers then hit phonenumbers' per-number cache while it still holds them.
        all_findings: list[list[Finding]] = [[] for _ in messages]
        crashed: dict[int, str] = {}
        for j in sorted(range(len(messages)), key=lambda j: messages[j].to or ""):
            try:
                all_findings[j] = self.memo.run(messages[j])[0]
            except Exception as exc:  # one rule bug must not sink a million-row run
                crashed[j] = f"diagnosis failed ({type(exc).__name__}: {exc})"
        if crashed:
            bad.extend(BadRow(lines[good_idx[j]], r) for j, r in crashed.items())
            bad.sort(key=lambda b: b.line)
            kept = [j for j in range(len(messages)) if j not in crashed]
            good_idx = [good_idx[j] for j in kept]
            messages = [messages[j] for j in kept]
            all_findings = [all_findings[j] for j in kept]
        errors = [self._error(m) for m in messages]
        scores: list[ModelScores | None]
        if self.model is not None and messages:
            scores = list(model_scores(self.model, messages, all_findings, errors))
        else:
            scores = [None] * len(messages)

        out: dict[str, list[Any]] = {c: [] for c in self.keep}
        out.update({c: [] for c in RESULT_COLUMNS})
        for c, cells in carried:
            out[c] = [cells[i] for i in good_idx]
        out["line"] = [lines[i] for i in good_idx]
        result_cols = [out[c] for c in RESULT_COLUMNS[1:]]
        for findings, error, score in zip(all_findings, errors, scores, strict=True):
            probs = score[0] if score is not None else None
            ranked = self._rank(error, findings, probs)
            outcome = _outcome(ranked, findings, error, score[1] if score else None)
            for column, value in zip(result_cols, outcome.as_tuple(), strict=True):
                column.append(value)

        status = chunk.get(cols["status"]) if "status" in cols else None
        raw_error = chunk.get(cols["error"]) if "error" in cols else None
        summary_rows: dict[str, list[Any]] = {
            "_failed": [
                is_failed(
                    self.mapping,
                    status[i] if status is not None else None,
                    raw_error[i] if raw_error is not None else None,
                )
                for i in good_idx
            ],
            "_sender": [m.from_ for m in messages],
            "_day": [m.sent_at.date().isoformat() if m.sent_at else None for m in messages],
            "_body": [m.body for m in messages],
        }
        return ChunkResult(out, bad, summary_rows)


def _carried_columns(mapping: ColumnMapping, keep: Sequence[str]) -> tuple[str, ...]:
    carried = [mapping.columns["id"]] if "id" in mapping.columns else []
    carried += [k for k in keep if k not in carried]
    return tuple(carried)


ProgressFn = Callable[[int, int | None], None]
