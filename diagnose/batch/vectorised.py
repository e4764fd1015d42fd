"""The batch fast path: a chunk of rows in, one result row per good row out.

Results are identical to calling ``diagnose()`` on each row (a test checks thousands of
varied rows); the speed comes from never doing the same work twice:

- Each message field is converted once per distinct cell value, column by column (send
  times, new on every row, are parsed directly); a ``FailedMessage`` is only built for the
  rows a rule has to see whole.
- Body rules run once per distinct body, and only where their prefilter (RE2, over the
  chunk's new bodies at once) says they can fire.
- Context rules keep a decision tree of the fields they read (``RuleRunner``): rows are
  pushed down it a group at a time and a rule only runs for a combination of read values it
  has not seen. Rules are pure functions of the message, so this is exact without anyone
  declaring dependencies; a rule touching anything but plain fields runs on every row.
  A rule that reads one fact of the body (``diagnose.batch.column_forms``: does it say how
  to opt out, does it name the brand) keys its tree on that fact, not on the body.
  A rule reading a value new on every row (a send time) runs directly, on the rows its
  column-wise filter (``diagnose.batch.context_filters``) cannot rule out.
- Error strings are normalised once per distinct (error, provider); model inputs are built
  from the columns and predicted once per distinct input (``diagnose.batch.scoring``); the
  top two causes of all rows are ranked at once (``diagnose.batch.ranking``).
- Only what the batch output needs is computed (no segments, rewrite or context advice).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

import numpy as np
from numpy.typing import NDArray

from diagnose.batch.column_forms import COLUMN_FORMS, ColumnForm
from diagnose.batch.context_filters import FILTERS
from diagnose.batch.formats import EXTRA_FIELDS, ColumnMapping, is_failed
from diagnose.batch.ranking import rank_rows
from diagnose.diagnosis import Diagnosis, RankedCause
from diagnose.errors.normalise import NormalisedError, normalise_error
from diagnose.message import (
    MAX_BODY_CHARS,
    FailedMessage,
    InputError,
    Provider,
    parse_datetime,
)
from diagnose.rules.base import Finding, Rule, Scope
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rule, run_rules
from diagnose.rules.registry import RULES
from diagnose.text.link_cache import remember
from diagnose.text.links import lower_keep_offsets, utf8_encodable
from diagnose.verdict import error_verdict

if TYPE_CHECKING:
    import pyarrow as pa

    from diagnose.batch.scoring import ModelScorer
    from diagnose.engine import Classifier

_T = TypeVar("_T")

#: Every memo in the batch path (bodies, rule read-trees, converted cells, errors, ranks,
#: dates) is cleared or stops growing past this many entries, so memory stays flat however
#: long the export: a 5M-row run costs what a 50k-row one does (see benchmarks/bench_batch.py).
CACHE_ENTRIES = 20_000

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
    "verdict",
    "retryable",
)
#: Per-row values a summary needs but the output does not carry: whether the row failed,
#: its sender, day, body, recipient, id cell, status cell, and the decision table's row that
#: placed its top cause (``Basis`` value).
SUMMARY_COLUMNS: tuple[str, ...] = (
    "_failed",
    "_sender",
    "_day",
    "_body",
    "_to",
    "_id",
    "_status",
    "_basis",
)
#: Result columns a row that did not fail leaves empty: it has no failure cause.
FAILURE_COLUMNS: tuple[str, ...] = (
    "top_cause",
    "confidence",
    "second_cause",
    "second_confidence",
    "retryable",
)

#: The ``FailedMessage`` attributes, ``body`` included: what a rule may read.
_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(FailedMessage))
_FIELD_SET = frozenset(_FIELDS)


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
    """ISO text for ``from_dict``; exports also write RFC 2822 ("Wed, 01 May 2024 ..."), and
    Parquet (or a data frame) native timestamps and dates."""
    if not isinstance(value, str):
        return _iso_text(value) if isinstance(value, date) else value
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
    if len(_DATE_CACHE) > CACHE_ENTRIES:
        _DATE_CACHE.clear()
    _DATE_CACHE[value] = out
    return out


def _iso_text(value: date) -> str | None:
    """A datetime or date cell as ISO 8601 text (naive stays naive; NaT is blank)."""
    if value != value:  # pandas' NaT
        return None
    if isinstance(value, datetime):
        return datetime.isoformat(value)  # the base method: pandas' own prints nanoseconds
    return value.isoformat()


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
        except ValueError:  # an integer over Python's int-to-text digit limit
            raise InputError("history", "holds a number over 4,300 digits long") from None
        except RecursionError:
            raise InputError("history", "is nested too deeply") from None
    return value


def _capped(chunk: Mapping[str, Sequence[Any]], column: str) -> Mapping[str, Sequence[Any]]:
    """``chunk`` with each body over ``MAX_BODY_CHARS`` cut there, as ``diagnose`` cuts it."""
    cells = chunk.get(column)
    if cells is None or not any(isinstance(v, str) and len(v) > MAX_BODY_CHARS for v in cells):
        return chunk
    cut = [v[:MAX_BODY_CHARS] if isinstance(v, str) else v for v in cells]
    return {**chunk, column: cut}


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


# --- the rule engine ---------------------------------------------------------------------------
#
# Each rule keeps a decision tree of what it read: the first field it read, then per value of
# that field the next, and so on down to its result. A rule is a pure function of the
# message, so two rows that agree on every field along a path get the same result, without
# anyone declaring what a rule reads. "body" is such a field too (any view of the body a rule
# touches counts), so rules that never look at the body (numbers, times, history) are shared
# across bodies. Rows are pushed down the trees a whole group at a time: one dict grouping
# per tree level instead of one rule run per row. Prefilters (``Rule.prefilter``, RE2 over the
# chunk's new bodies) and ``Rule.requires`` drop rows before any of this.


class _Unmemoisable(Exception):
    """A rule read something other than a plain message field."""


class _NotBodyOnly(Exception):
    """Something computed from a body-only context read a message field."""


class _BodyOnly:
    """A message with nothing but a body: a context built on it proves each view it computes
    depends on the body alone (touching any other field raises)."""

    __slots__ = ("body",)

    def __init__(self, body: str) -> None:
        self.body = body

    def __getattr__(self, name: str) -> Any:
        raise _NotBodyOnly(name)


class _RecordingMessage:
    """Stands in for row ``i``'s ``FailedMessage``, reading the parsed columns directly, and
    records which fields a rule reads, in order."""

    __slots__ = ("_cols", "_i", "_log", "_message_of")

    def __init__(
        self,
        cols: Mapping[str, Sequence[Any]],
        i: int,
        message_of: Callable[[int], FailedMessage],
    ) -> None:
        self._cols = cols
        self._i = i
        self._message_of = message_of
        self._log: list[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name not in _FIELD_SET:
            if self._log is not None:
                derived = _derived(name)
                if derived is None:
                    raise _Unmemoisable(name)
                # A property of the message is a function of its fields: computed on this
                # stand-in, it reads (and so records) the fields it depends on.
                return derived(self)
            return getattr(self._message_of(self._i), name)
        log = self._log
        if log is not None and name not in log:
            log.append(name)
        return self._cols[name][self._i]


def _derived(name: str) -> Callable[[Any], Any] | None:
    """The getter of ``FailedMessage``'s property ``name``, or None for anything else (a
    method reads the message in ways no record can follow)."""
    attr = getattr(FailedMessage, name, None)
    return attr.fget if isinstance(attr, property) else None


def _own_context(d: dict[str, Any]) -> RuleContext:
    if d["_own"] is None:
        d["_own"] = RuleContext(cast(FailedMessage, d["message"]))
    return cast(RuleContext, d["_own"])


class _RecordingContext(RuleContext):
    """The context a rule sees on a tree miss: ``message`` records the fields read; every
    other attribute comes from the body's shared context and counts as reading the body."""

    def __init__(self, message: _RecordingMessage, body_context: RuleContext) -> None:
        d = object.__getattribute__(self, "__dict__")
        d["message"] = message
        d["_body"] = body_context
        d["_own"] = None

    def __getattribute__(self, name: str) -> Any:
        d = object.__getattribute__(self, "__dict__")
        if name == "message":
            return d["message"]
        log = d["message"]._log
        if log is not None and "body" not in log:
            log.append("body")
        if name == "shared":
            return object.__getattribute__(self, name)
        try:
            return getattr(d["_body"], name)
        except _NotBodyOnly:
            return getattr(_own_context(d), name)

    def shared(self, compute: Callable[[RuleContext], _T]) -> _T:
        d = object.__getattribute__(self, "__dict__")
        try:
            return cast(RuleContext, d["_body"]).shared(compute)
        except _NotBodyOnly:
            return _own_context(d).shared(compute)


class _DirectContext:
    """Row i's context for a rule run without recording: its real message as ``message``,
    every derived view from the body's shared context (or, for a view that reads more than
    the body, from a context of its own). Plain attributes, so reading costs no Python call."""

    __slots__ = ("_body", "_own", "body", "message")

    def __init__(self, message: FailedMessage, body_context: RuleContext) -> None:
        self.message = message
        self.body = message.body
        self._body = body_context
        self._own: RuleContext | None = None

    def _own_context(self) -> RuleContext:
        if self._own is None:
            self._own = RuleContext(self.message)
        return self._own

    def __getattr__(self, name: str) -> Any:
        try:
            return getattr(self._body, name)
        except _NotBodyOnly:
            return getattr(self._own_context(), name)

    def shared(self, compute: Callable[[RuleContext], _T]) -> _T:
        try:
            return self._body.shared(compute)
        except _NotBodyOnly:
            return self._own_context().shared(compute)


class _Res:
    """One rule's result for one run: findings, their ranking signature, the rule id."""

    __slots__ = ("findings", "rule", "sig")

    def __init__(self, rule: str, findings: Sequence[Finding]) -> None:
        self.rule = rule
        self.findings = tuple(findings)
        self.sig = tuple((f.rule, f.cause, f.severity) for f in findings)


_EMPTY = _Res("", ())
_Node = Union["_Read", _Res]


class _Read:
    """The rule read ``field`` next; children by that field's value."""

    __slots__ = ("children", "field")

    def __init__(self, field: str, children: dict[Hashable, _Node]) -> None:
        self.field = field
        self.children = children


class _RuleState:
    __slots__ = (
        "bit",
        "body_keys",
        "body_only",
        "direct",
        "fields",
        "filter",
        "form",
        "index",
        "misses",
        "plain",
        "rows",
        "rule",
        "size",
        "top",
    )

    def __init__(self, rule: Rule, index: int, bit: int) -> None:
        self.rule = rule
        self.index = index
        self.bit = bit  # this rule's bit in a body's prefilter mask (0: no prefilter)
        self.filter = FILTERS.get(rule.id)  # a column-wise necessary condition, if any
        # All the rule reads of the body, if declared: its tree keys on this, not the body.
        self.form = COLUMN_FORMS.get(rule.id)
        self.body_keys: dict[Hashable, Hashable] = {}  # (body, fields) -> the form's value
        self.body_only = rule.scope is Scope.BODY
        self.plain = False  # cannot be memoised: run on every row
        # Reads a field that is new on almost every row (a send time): the tree never pays
        # off, so run the rule on each row without recording.
        self.direct = False
        self.fields: set[str] = set()  # every field the rule has been seen to read
        self.rows = self.misses = 0
        self.top: dict[Hashable, _Node] = {}
        self.size = 0


class _BodyEntry:
    """Per distinct body: the prefilter mask and the body-only rules' hits, in rule order."""

    __slots__ = ("hits", "mask", "results")

    def __init__(self, mask: int, hits: tuple[tuple[int, _Res], ...]) -> None:
        self.mask = mask
        self.hits = hits
        self.results = tuple(r for _, r in hits)


_ALL = -1  # a mask with every bit set: no prefilter could be evaluated


class RuleRunner:
    """Runs the rule catalogue over columns of parsed message fields, exactly.

    ``max_entries`` bounds memory: a rule's tree and the body cache are dropped between
    chunks once they grow past it (a long export of distinct rows then costs what running
    the rules costs, never more memory).
    """

    def __init__(
        self,
        rules: Sequence[Rule] = RULES,
        *,
        max_entries: int | None = None,
        direct_after: int = 5_000,
    ) -> None:
        self.rules = tuple(rules)
        self.max_entries = CACHE_ENTRIES if max_entries is None else max_entries
        #: Rows a rule's tree gets to prove itself before a rule that misses on >80% of
        #: them, and reads a field new on almost every row (``_reads_a_per_row_field``),
        #: runs directly.
        self.direct_after = direct_after
        filtered = [r for r in self.rules if r.prefilter is not None]
        self._patterns = [(cast(str, r.prefilter), r.prefilter_cased) for r in filtered]
        bits = {id(r): 1 << k for k, r in enumerate(filtered)}
        self.states = [_RuleState(r, i, bits.get(id(r), 0)) for i, r in enumerate(self.rules)]
        self._bodies: dict[str, _BodyEntry] = {}
        self._contexts: dict[str, RuleContext] = {}
        self.runs = 0

    def run(
        self, cols: Mapping[str, Sequence[Any]], message_of: Callable[[int], FailedMessage]
    ) -> list[tuple[_Res, ...]]:
        """Per row, the non-empty rule results in rule order. ``cols`` maps every
        ``FailedMessage`` attribute to its per-row values; ``message_of(i)`` builds row i."""
        bodies = cast(Sequence[str], cols["body"])
        n = len(bodies)
        if len(self._bodies) > self.max_entries:
            self._bodies.clear()
        for s in self.states:
            if s.size > self.max_entries:
                s.top, s.size = {}, 0
            if len(s.body_keys) > self.max_entries:
                s.body_keys = {}
        self._contexts = {}
        self._new_bodies(bodies)
        entries = self._bodies
        row_entries = [entries[b] for b in bodies]
        extra: list[list[tuple[int, _Res]]] = [[] for _ in range(n)]
        live = [s for s in self.states if not s.body_only]
        direct: list[tuple[_RuleState, list[int]]] = []
        filtered: dict[Hashable, list[int]] = {}
        masks = np.fromiter((e.mask for e in row_entries), dtype=np.int64, count=n)
        is_set: dict[str, NDArray[np.bool_]] = {}  # field -> per row, set (truthy) or not
        everything = list(range(n))
        for s in live:
            rows = everything
            if s.bit or s.rule.requires:
                keep = np.ones(n, dtype=np.bool_) if not s.bit else (masks & s.bit) != 0
                if s.rule.requires:
                    keep &= np.logical_or.reduce(
                        [self._is_set(f, cols, is_set) for f in s.rule.requires]
                    )
                rows = np.flatnonzero(keep).tolist()
            if s.filter is not None and rows:
                # Rows so far depend only on the prefilter bit and ``requires``.
                key = (s.filter, s.bit, s.rule.requires)
                if key not in filtered:
                    filtered[key] = s.filter(cols, rows)
                rows = filtered[key]
            if not rows:
                continue
            if s.plain:
                for i in rows:
                    self._plain_run(s, i, message_of, extra)
            elif s.direct:
                direct.append((s, rows))
            else:
                before = self.runs
                self._walk(s, s.top, None, rows, 0, cols, message_of, extra)
                s.rows += len(rows)
                s.misses += self.runs - before
                if (
                    s.rows >= self.direct_after
                    and s.misses > 0.8 * s.rows
                    and _reads_a_per_row_field(s.fields, cols, rows)
                ):
                    s.direct, s.top, s.size = True, {}, 0
        if direct:
            self._direct(direct, bodies, message_of, extra)
        for body, ctx in self._contexts.items():
            # Links the rules found (``RuleContext.urls`` is ``find_urls(body)``): the model's
            # link features and the report's templates look for them next.
            found = ctx.__dict__.get("urls")
            if found is not None:
                remember(body, found)
        out: list[tuple[_Res, ...]] = []
        for entry, more in zip(row_entries, extra, strict=True):
            if more:
                merged = sorted([*entry.hits, *more], key=_first)
                out.append(tuple(r for _, r in merged))
            else:
                out.append(entry.results)
        return out

    @staticmethod
    def _is_set(
        field: str, cols: Mapping[str, Sequence[Any]], memo: dict[str, NDArray[np.bool_]]
    ) -> NDArray[np.bool_]:
        """Per row, whether ``field`` is set: the truth test ``Rule.requires`` asks for."""
        known = memo.get(field)
        if known is None:
            column = cols[field]
            known = memo[field] = np.fromiter(map(bool, column), np.bool_, len(column))
        return known

    # -- bodies ------------------------------------------------------------------------------

    def _new_bodies(self, bodies: Sequence[str]) -> None:
        new = list(dict.fromkeys(b for b in bodies if b not in self._bodies))
        if not new:
            return
        masks = self._masks(new)
        body_states = [s for s in self.states if s.body_only]
        for body, mask in zip(new, masks, strict=True):
            ctx = self._context(body)
            hits: list[tuple[int, _Res]] = []
            for s in body_states:
                if s.bit and not mask & s.bit:
                    continue
                try:
                    findings, _ = run_rule(s.rule, ctx)
                except _NotBodyOnly:
                    # Declared body-only but reads a field: run it like a context rule. Bodies
                    # already cached hold its earlier results, so start those over too.
                    s.body_only = False
                    self._bodies.clear()
                    return self._new_bodies(bodies)
                self.runs += 1
                if findings:
                    hits.append((s.index, _Res(s.rule.id, findings)))
            self._bodies[body] = _BodyEntry(mask, tuple(hits))
        return None

    def _masks(self, bodies: Sequence[str]) -> list[int]:
        """Per body, the bits of the rules whose prefilter matches (RE2, column-wise)."""
        if not self._patterns:
            return [0] * len(bodies)
        import pyarrow as pa

        try:
            return self._masks_of(bodies)
        except (UnicodeEncodeError, pa.ArrowException):
            # Lone surrogates (from JSON escapes) cannot reach RE2: such bodies run every rule.
            ok = [utf8_encodable(b) for b in bodies]
            good = self._masks_of([b for b, y in zip(bodies, ok, strict=True) if y])
            it = iter(good)
            return [next(it) if y else _ALL for y in ok]

    def _masks_of(self, bodies: Sequence[str]) -> list[int]:
        """``_masks`` of bodies that are all UTF-8 encodable (Arrow raises otherwise)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not bodies:
            return []
        arrays: dict[bool, pa.Array] = {}
        masks = np.zeros(len(bodies), dtype=np.int64)
        for k, (pattern, cased) in enumerate(self._patterns):
            array = arrays.get(cased)
            if array is None:
                text = bodies if cased else [lower_keep_offsets(b) for b in bodies]
                array = arrays[cased] = pa.array(text, type=pa.string())
            hit = pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False)
            masks |= hit.astype(np.int64) << k
        return masks.tolist()  # type: ignore[no-any-return]

    def _context(self, body: str) -> RuleContext:
        ctx = self._contexts.get(body)
        if ctx is None:
            ctx = self._contexts[body] = RuleContext(cast(FailedMessage, _BodyOnly(body)))
        return ctx

    # -- context rules -----------------------------------------------------------------------

    def _walk(
        self,
        s: _RuleState,
        children: dict[Hashable, _Node],
        key: Hashable,
        rows: list[int],
        depth: int,
        cols: Mapping[str, Sequence[Any]],
        message_of: Callable[[int], FailedMessage],
        extra: list[list[tuple[int, _Res]]],
    ) -> None:
        node = children.get(key)
        if node is None:
            i = rows[0]
            ran = self._run(s, i, cols, message_of)
            if ran is None:  # the rule turned out unmemoisable
                for j in rows:
                    self._plain_run(s, j, message_of, extra)
                return
            res, log = ran
            s.fields.update(log)
            # The run agreed with the path down to here, so (being deterministic) it read
            # the path's ``depth`` fields first, in the same order; the rest is new.
            node = res
            for name in reversed(log[depth:]):
                node = _Read(name, {self._value(s, name, i, cols, message_of): node})
            children[key] = node
            s.size += len(log) - depth + 1
            if res is not _EMPTY:
                extra[i].append((s.index, res))
            if len(rows) == 1:
                return
            rows = rows[1:]
        while len(rows) == 1 and isinstance(node, _Read):
            # One row left on this path (common below a per-row field): follow it down.
            i = rows[0]
            value = self._value(s, node.field, i, cols, message_of)
            nxt = node.children.get(value)
            if nxt is None:
                self._walk(s, node.children, value, rows, depth + 1, cols, message_of, extra)
                return
            node, depth = nxt, depth + 1
        if isinstance(node, _Res):
            if node is not _EMPTY:
                item = (s.index, node)
                for i in rows:
                    extra[i].append(item)
            return
        col: Sequence[Hashable] | Mapping[int, Hashable] = cols[node.field]
        if node.field == "body" and s.form is not None:
            col = self._body_values(s, rows, cols, message_of)
        groups: dict[Hashable, list[int]] = {}
        for i in rows:
            v = col[i]
            g = groups.get(v)
            if g is None:
                groups[v] = [i]
            else:
                g.append(i)
        for v, g in groups.items():
            self._walk(s, node.children, v, g, depth + 1, cols, message_of, extra)

    def _value(
        self,
        s: _RuleState,
        field: str,
        i: int,
        cols: Mapping[str, Sequence[Any]],
        message_of: Callable[[int], FailedMessage],
    ) -> Hashable:
        """What rule ``s``'s tree keys row ``i`` on at a ``field`` level."""
        if field == "body" and s.form is not None:
            return self._body_values(s, [i], cols, message_of)[i]
        return cast(Hashable, cols[field][i])

    def _body_values(
        self,
        s: _RuleState,
        rows: list[int],
        cols: Mapping[str, Sequence[Any]],
        message_of: Callable[[int], FailedMessage],
    ) -> dict[int, Hashable]:
        """Row -> the value of ``s``'s column form (``ColumnForm.body``) for ``rows``,
        computed once per distinct body and ``with_fields`` values."""
        form = cast(ColumnForm, s.form)
        bodies = cols["body"]
        extra = [cols[f] for f in form.with_fields]
        memo = s.body_keys
        out: dict[int, Hashable] = {}
        for i in rows:
            key = (bodies[i], *[c[i] for c in extra]) if extra else bodies[i]
            value = memo.get(key, _EMPTY)
            if value is _EMPTY:
                # The row's fields read straight from the columns: no message is built.
                row = cast(FailedMessage, _RecordingMessage(cols, i, message_of))
                ctx = _DirectContext(row, self._context(bodies[i]))
                value = memo[key] = form.body(cast(RuleContext, ctx))
            out[i] = value
        return out

    def _run(
        self,
        s: _RuleState,
        i: int,
        cols: Mapping[str, Sequence[Any]],
        message_of: Callable[[int], FailedMessage],
    ) -> tuple[_Res, list[str]] | None:
        recorder = _RecordingMessage(cols, i, message_of)
        ctx = _RecordingContext(recorder, self._context(cols["body"][i]))
        log: list[str] = []
        recorder._log = log
        try:
            findings, _ = run_rule(s.rule, ctx)
        except _Unmemoisable:
            s.plain = True
            return None
        finally:
            recorder._log = None
        self.runs += 1
        return (_Res(s.rule.id, findings) if findings else _EMPTY), log

    def _direct(
        self,
        jobs: Sequence[tuple[_RuleState, list[int]]],
        bodies: Sequence[str],
        message_of: Callable[[int], FailedMessage],
        extra: list[list[tuple[int, _Res]]],
    ) -> None:
        """Run each rule on its rows without recording, one context per row for all rules."""
        contexts: dict[int, _DirectContext] = {}
        for s, rows in jobs:
            rule, index = s.rule, s.index
            for i in rows:
                ctx = contexts.get(i)
                if ctx is None:
                    ctx = contexts[i] = _DirectContext(message_of(i), self._context(bodies[i]))
                findings, _ = run_rule(rule, cast(RuleContext, ctx))
                if findings:
                    extra[i].append((index, _Res(rule.id, findings)))
            self.runs += len(rows)

    def _plain_run(
        self,
        s: _RuleState,
        i: int,
        message_of: Callable[[int], FailedMessage],
        extra: list[list[tuple[int, _Res]]],
    ) -> None:
        findings, _ = run_rule(s.rule, RuleContext(message_of(i)))
        self.runs += 1
        if findings:
            extra[i].append((s.index, _Res(s.rule.id, findings)))


def _first(item: tuple[int, _Res]) -> int:
    return item[0]


#: A field whose values are distinct on at least this share of a rule's rows in a chunk is
#: new on almost every row (a send time): a tree keyed on it never stops missing. A
#: recipient, also distinct on most rows of one chunk, recurs across chunks, where the tree
#: (a dict lookup per row) beats a run per row.
PER_ROW_SHARE = 0.9


def _reads_a_per_row_field(
    fields: Iterable[str], cols: Mapping[str, Sequence[Any]], rows: Sequence[int]
) -> bool:
    """Whether one of ``fields`` holds a value new on almost every one of ``rows``."""
    for name in fields:
        column = cols[name]
        try:
            distinct = len({column[i] for i in rows})
        except TypeError:  # unhashable values: no telling, count it as per-row
            return True
        if distinct >= PER_ROW_SHARE * len(rows):
            return True
    return False


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
    verdict: str
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
            self.verdict,
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
        verdict=error_verdict(error).value,
        retryable=top.retryable,
    )


def outcome_of(diagnosis: Diagnosis) -> RowOutcome:
    """The batch columns of a full ``diagnose()`` result: the row-by-row reference."""
    risk = diagnosis.model.content_risk if diagnosis.model is not None else None
    return _outcome(diagnosis.causes, diagnosis.findings, diagnosis.error, risk)


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


_BAD = object()  # a cell that cannot become its message field


_TYPED = object()  # marks a typed key (and a miss)


class _CellCache(dict[Any, Any]):
    """Raw cell -> the message attribute it becomes (or ``_BAD``), converted once per value."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert
        self.saw_bad = False

    def __missing__(self, cell: Any) -> Any:
        value = self._convert(cell)
        if len(self) < CACHE_ENTRIES:
            self[cell] = value
        return value

    def _convert(self, cell: Any) -> Any:
        value = self.convert(cell)
        if value is _BAD:
            self.saw_bad = True
        return value

    def column(self, cells: Sequence[Any]) -> list[Any]:
        if set(map(type, cells)) <= {str}:  # CSV: text only
            return list(map(self.__getitem__, cells))
        # JSON values: 1, 1.0 and True are equal keys but not the same cell, so the type is
        # part of the key; unhashable cells (arrays) are converted one by one.
        return [self._typed(c) if _is_hashable(c) else self._convert(c) for c in cells]

    def _typed(self, cell: Any) -> Any:
        if type(cell) is str:
            return self[cell]
        key = (_TYPED, type(cell), cell)
        value = self.get(key, _TYPED)
        if value is _TYPED:
            value = self._convert(cell)
            if len(self) < CACHE_ENTRIES:
                self[key] = value
        return value


def _sent_at_cell(cell: Any) -> Any:
    """``message_fields`` then ``from_dict`` for ``sent_at`` alone (unique per row in most
    exports, so worth the shortcut): strip, RFC 2822 / " UTC" spellings, ISO parse."""
    if type(cell) is str:
        # ISO text (nearly every export): what both steps come down to, parsed once.
        text = cell.strip()
        if not text:
            return None
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass  # another spelling: the full conversion
    if _blank(cell):
        return None
    if isinstance(cell, str):
        cell = cell.strip()
        if not cell:
            return None
    value = _date_cell(cell)
    if value is None:
        return None
    try:
        return parse_datetime(value, "sent_at")
    except InputError:
        return _BAD


def _body_text(cell: str) -> Any:
    """A text ``body`` cell: kept as it is, unless blank (then the row is bad)."""
    return cell if cell.strip() else _BAD


def _optional_text(cell: str) -> str | None:
    """A text cell of ``to``, ``from`` or ``brand``: stripped; blank is unknown."""
    return cell.strip() or None


#: ``message_fields`` + ``from_dict`` for a text cell of these fields, in one step (the
#: columns with the most distinct values after ``sent_at``); other cells take the full way.
_TEXT_CELLS: dict[str, Callable[[str], Any]] = {
    "body": _body_text,
    "to": _optional_text,
    "from": _optional_text,
    "brand": _optional_text,
}


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_ATTR_OF = {"from": "from_"}


class _Messages:
    """Row j's ``FailedMessage``, built from the parsed columns the first time it is asked."""

    __slots__ = ("_built", "_fields")

    def __init__(self, cols: Mapping[str, Sequence[Any]]) -> None:
        self._fields = [cols[a] for a in _FIELDS]  # dataclass field order: positional
        self._built: dict[int, FailedMessage] = {}

    def __call__(self, j: int) -> FailedMessage:
        msg = self._built.get(j)
        if msg is None:
            msg = self._built[j] = FailedMessage(*[c[j] for c in self._fields])
        return msg


class BatchDiagnoser:
    """Diagnoses chunks of rows; keeps its caches between chunks (one per process).

    Each message field is converted once per distinct cell (the same conversion as
    ``message_fields`` + ``FailedMessage.from_dict``, applied to that field alone: fields
    convert independently), rules run through ``RuleRunner``, and rows that cannot become a
    message are re-read the row-by-row way so their error is the one ``diagnose`` would give.

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
        self.runner = RuleRunner(rules)
        self.keep = _carried_columns(mapping, keep)
        defaults = FailedMessage.from_dict(message_fields({"body": "-"}, mapping))
        self._defaults = {name: getattr(defaults, name) for name in _FIELDS}
        self._defaults["body"] = _BAD
        self._cells: dict[str, _CellCache] = {}
        self._errors: dict[tuple[str | None, Provider | None, str | None], NormalisedError] = {}
        self._provider_names: dict[str, object] = {}
        self._scorer: ModelScorer | None = None
        self._failed: dict[tuple[Any, Any], bool] = {}
        self._days: dict[Any, str] = {}

    def _cell_cache(self, name: str) -> _CellCache:
        cache = self._cells.get(name)
        if cache is None:
            attr = _ATTR_OF.get(name, name)
            mapping = self.mapping

            fast = _TEXT_CELLS.get(name)

            def convert(cell: Any) -> Any:
                if fast is not None and type(cell) is str:
                    return fast(cell)
                values = {name: cell} if name == "body" else {"body": "-", name: cell}
                try:
                    return getattr(FailedMessage.from_dict(message_fields(values, mapping)), attr)
                except InputError:
                    return _BAD

            cache = self._cells[name] = _CellCache(convert)
        return cache

    def _error(
        self, error: str | None, provider: Provider | None, name: str | None = None
    ) -> NormalisedError:
        key = (error, provider, name)
        err = self._errors.get(key)
        if err is None:
            if len(self._errors) > CACHE_ENTRIES:
                self._errors.clear()
            err = self._errors[key] = normalise_error(error, provider, name)
        return err

    def _provider_name(self, cell: Any) -> str | None:
        """``FailedMessage.provider_name`` of a provider cell (None for a covered one)."""
        if not isinstance(cell, str):
            return None
        name = self._provider_names.get(cell, _BAD)
        if name is _BAD:
            if len(self._provider_names) > CACHE_ENTRIES:
                self._provider_names.clear()
            try:
                name = FailedMessage.from_dict({"provider": cell}).provider_name
            except InputError:
                name = None
            self._provider_names[cell] = name
        return name if isinstance(name, str) else None

    def _parse(
        self, chunk: Mapping[str, Sequence[Any]], n: int
    ) -> tuple[dict[str, list[Any]], list[int]]:
        """Per attribute, its value for each row; and the rows with a cell that cannot convert."""
        present = {
            name: chunk[col]
            for name, col in self.mapping.columns.items()
            if col in chunk and name not in EXTRA_FIELDS
        }
        cols: dict[str, list[Any]] = {}
        suspects: list[list[Any]] = []
        for name, cells in present.items():
            if name == "sent_at":  # a new value on nearly every row: no cache
                values = list(map(_sent_at_cell, cells))
                if any(v is _BAD for v in values):
                    suspects.append(values)
            else:
                cache = self._cell_cache(name)
                values = cache.column(cells)
                if cache.saw_bad:
                    suspects.append(values)
            cols[_ATTR_OF.get(name, name)] = values
            if name == "provider":  # the same cell names an uncovered provider, kept as such
                cols["provider_name"] = list(map(self._provider_name, cells))
        for attr, default in self._defaults.items():
            if attr not in cols:
                cols[attr] = [default] * n
                if default is _BAD:
                    suspects.append(cols[attr])
        bad = sorted({i for values in suspects for i, v in enumerate(values) if v is _BAD})
        return cols, bad

    def run_chunk(self, chunk: Mapping[str, Sequence[Any]], lines: Sequence[int]) -> ChunkResult:
        """Diagnose one chunk: ``chunk`` maps input column -> cells, ``lines`` the source
        line (or row) number of each row."""
        # The chunk allocates millions of small acyclic objects while the caches hold many
        # live ones: cyclic GC passes then cost nearly half the time and free nothing.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run_chunk(chunk, lines)
        finally:
            if enabled:
                gc.enable()

    def _run_chunk(self, chunk: Mapping[str, Sequence[Any]], lines: Sequence[int]) -> ChunkResult:
        n = len(lines)
        chunk = _capped(chunk, self.mapping.columns["body"])
        cols, suspects = self._parse(chunk, n)
        bad: list[BadRow] = []
        good_idx = list(range(n))
        if suspects:
            # The row-by-row reading names the field ``diagnose`` would complain about first.
            fields = [
                (name, chunk[col])
                for name, col in self.mapping.columns.items()
                if col in chunk and name not in EXTRA_FIELDS
            ]
            dropped = set()
            for i in suspects:
                try:
                    values = {name: cells[i] for name, cells in fields}
                    message = FailedMessage.from_dict(message_fields(values, self.mapping))
                except InputError as exc:
                    bad.append(BadRow(lines[i], exc.reason, exc.field))
                    dropped.add(i)
                    continue
                for attr in _FIELDS:  # cannot happen (fields convert independently); be exact
                    cols[attr][i] = getattr(message, attr)
            if dropped:
                good_idx = [i for i in good_idx if i not in dropped]
                cols = {a: [v[i] for i in good_idx] for a, v in cols.items()}
        m = len(good_idx)
        message_of = _Messages(cols)
        try:
            per_row = self.runner.run(cols, message_of)
        except Exception:  # one rule bug must not sink a million-row run: isolate the rows
            per_row, crashed = self._row_by_row(m, message_of)
            if crashed:
                bad.extend(BadRow(lines[good_idx[j]], r) for j, r in crashed.items())
                bad.sort(key=lambda b: b.line)
                kept = [j for j in range(m) if j not in crashed]
                good_idx = [good_idx[j] for j in kept]
                cols = {a: [v[j] for j in kept] for a, v in cols.items()}
                per_row = [per_row[j] for j in kept]
                message_of = _Messages(cols)
                m = len(kept)

        errors = [
            self._error(e, p, n)
            for e, p, n in zip(cols["error"], cols["provider"], cols["provider_name"], strict=True)
        ]
        # Number each row's findings by what ranking reads of them (rule, cause, severity).
        signatures: dict[tuple[Any, ...], int] = {}
        sig_findings: list[list[Finding]] = []
        known: dict[tuple[_Res, ...], tuple[int, str]] = {}
        row_sig: list[int] = []
        rules_col: list[str] = []
        for results in per_row:
            seen = known.get(results)
            if seen is None:
                sig = tuple(x for r in results for x in r.sig)
                k = signatures.get(sig)
                if k is None:
                    k = signatures[sig] = len(sig_findings)
                    sig_findings.append([f for r in results for f in r.findings])
                seen = known[results] = (k, ";".join(r.rule for r in results))
            row_sig.append(seen[0])
            rules_col.append(seen[1])
        proba = risk = None
        if self.model is not None and m:
            if self._scorer is None:
                from diagnose.batch.scoring import ModelScorer  # sklearn: only with a model

                self._scorer = ModelScorer(self.model, max_entries=CACHE_ENTRIES)
            proba, risk = self._scorer.scores(
                cols,
                errors,
                row_sig,
                sig_findings,
                message_of,
                lambda j: [f for r in per_row[j] for f in r.findings],
            )
        ranked = rank_rows(errors, sig_findings, row_sig, proba)

        out: dict[str, list[Any]] = {}
        for c in self.keep:
            cells = chunk.get(c)  # a JSON key can be absent from a whole chunk
            out[c] = [cells[i] for i in good_idx] if cells is not None else [None] * len(good_idx)
        out["line"] = [lines[i] for i in good_idx]
        out["top_cause"] = ranked.top
        out["confidence"] = [round(x, 4) for x in ranked.confidence]
        out["second_cause"] = ranked.second
        out["second_confidence"] = [
            None if x is None else round(x, 4) for x in ranked.second_confidence
        ]
        out["rules"] = rules_col
        out["content_risk"] = (
            [round(x, 4) for x in risk.tolist()] if risk is not None else [None] * m
        )
        out["error_code"] = [e.code if e.status != "none" else None for e in errors]
        out["error_category"] = [
            e.category.value if e.category is not None else None for e in errors
        ]
        out["verdict"] = [error_verdict(e).value for e in errors]
        out["retryable"] = ranked.retryable
        summary = self._summary_rows(chunk, good_idx, cols, ranked.basis)
        if not all(summary["_failed"]):
            # Delivered (or sent, with no error): no failure cause. Findings stay in ``rules``.
            delivered = [j for j, f in enumerate(summary["_failed"]) if not f]
            for name in FAILURE_COLUMNS:
                column = out[name]
                for j in delivered:
                    column[j] = None
        return ChunkResult(out, bad, summary)

    def _row_by_row(
        self, m: int, message_of: Callable[[int], FailedMessage]
    ) -> tuple[list[tuple[_Res, ...]], dict[int, str]]:
        per_row: list[tuple[_Res, ...]] = []
        crashed: dict[int, str] = {}
        for j in range(m):
            try:
                findings, _ = run_rules(self.runner.rules, RuleContext(message_of(j)))
            except Exception as exc:
                crashed[j] = f"diagnosis failed ({type(exc).__name__}: {exc})"
                findings = []
            by_rule: dict[str, list[Finding]] = {}
            for f in findings:
                by_rule.setdefault(f.rule, []).append(f)
            per_row.append(tuple(_Res(rule, fs) for rule, fs in by_rule.items()))
        return per_row, crashed

    def _summary_rows(
        self,
        chunk: Mapping[str, Sequence[Any]],
        good_idx: Sequence[int],
        cols: dict[str, Any],
        basis: list[str],
    ) -> dict[str, list[Any]]:
        mapping = self.mapping
        status = chunk.get(mapping.columns["status"]) if "status" in mapping.columns else None
        ids = chunk.get(mapping.columns["id"]) if "id" in mapping.columns else None
        raw_error = chunk.get(mapping.columns["error"]) if "error" in mapping.columns else None
        failed: list[bool] = []
        cache = self._failed
        for i in good_idx:
            key = (
                status[i] if status is not None else None,
                raw_error[i] if raw_error is not None else None,
            )
            try:
                value = cache[key]
            except KeyError:
                value = cache[key] = is_failed(mapping, *key)
            except TypeError:
                value = is_failed(mapping, *key)
            failed.append(value)
        if len(cache) > CACHE_ENTRIES:
            cache.clear()
        days: list[str | None] = []
        day_cache = self._days
        for at in cols["sent_at"]:
            if at is None:
                days.append(None)
                continue
            d = at.date()
            iso = day_cache.get(d)
            if iso is None:
                iso = day_cache[d] = d.isoformat()
            days.append(iso)
        return {
            "_failed": failed,
            "_sender": cols["from_"],
            "_day": days,
            "_body": cols["body"],
            "_to": cols["to"],
            "_id": [ids[i] for i in good_idx] if ids is not None else [None] * len(good_idx),
            "_status": (
                [status[i] for i in good_idx] if status is not None else [None] * len(good_idx)
            ),
            "_basis": basis,
        }


def _carried_columns(mapping: ColumnMapping, keep: Sequence[str]) -> tuple[str, ...]:
    carried = [mapping.columns["id"]] if "id" in mapping.columns else []
    carried += [k for k in keep if k not in carried]
    return tuple(carried)


ProgressFn = Callable[[int, int | None], None]
