"""What is killing delivery: counts by cause, verdict, code, sender and day, templates,
spikes, and the fixes ranked by the failures they would fix.

A ``SummaryBuilder`` is fed chunk by chunk (and builders from several processes can be
merged), so the summary of a 5-million-row file costs the memory of its distinct templates,
senders and days, not of its rows. Failed rows (``formats.is_failed``) are what the charts
count; rows that did not fail are counted as delivered, and those whose body a blocker or
likely rule flags as "delivered, at risk".

Every count a reader compares is one number. A failed row has one *key*: its top cause, or
``unexplained`` when the top cause is the honest fallback (a filter verdict nothing
explains, or an unknown error: ``Basis.UNEXPLAINED_VERDICT``). The cause chart counts keys;
"what to fix first" has one entry per identified cause, counting exactly the rows of that
key, so an entry and its bar always agree. A finding on a row that failed for another
reason (a quiet-hours advisory on an invalid number) counts nowhere; on a *filtered* row a
finding that could also explain the filter is reported beside the entry
(``also_filtered_rows``), never added to it. Rules of one cause merge into one entry.

Senders are grouped by their full value (``mask.phone_key``) and masked only on display.
Templates are mined at ``build`` (``templates.mine_templates``) from the masked bodies; a
template whose messages went to fewer than ``MIN_RECIPIENTS`` recipients is not shown (it
could be one person's message) unless examples were asked for. Shared with the Streamlit app
and the ticket; keep signatures stable.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

from diagnose.batch.formats import status_label
from diagnose.batch.mask import mask_labels, mask_template, phone_key
from diagnose.batch.templates import mine_templates, template_id
from diagnose.causes import CAUSES, Cause
from diagnose.explain import FILTER_EXPLAINS
from diagnose.rules.base import Severity
from diagnose.rules.registry import RULES_BY_ID

if TYPE_CHECKING:
    from diagnose.batch.vectorised import ChunkResult

#: Distinct masked bodies kept while counting; beyond it they are mined into templates and
#: the rarest templates dropped (a long tail of one-off messages cannot be a top template).
MAX_TEMPLATES = 20_000
#: A day is a spike when it has at least this many times the median day's failures ...
SPIKE_RATIO = 2.0
#: ... and at least this many failures (a quiet export's 3-vs-1 is not a spike).
SPIKE_MIN_ROWS = 20
#: A template is shown only when its failed messages went to at least this many distinct
#: recipients: a "template" of one or two people's messages may be their own words.
MIN_RECIPIENTS = 3
#: The key of failed rows whose top cause is the honest fallback (nothing explains them).
UNEXPLAINED = "unexplained"
#: Rule severities that make a delivered row "at risk" (an advisory alone does not).
_RISKY = frozenset({Severity.BLOCKER, Severity.LIKELY})
_FALLBACK_BASES = frozenset({"unexplained_verdict", "nothing"})
_FILTER_EXPLAINS = frozenset(c.value for c in FILTER_EXPLAINS)


@dataclass(frozen=True, slots=True)
class Count:
    """One labelled count and its share (of failed rows; of all rows for statuses)."""

    key: str
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "share": round(self.share, 4)}


@dataclass(frozen=True, slots=True)
class Template:
    """A group of failed bodies that differ only in masked or mined (``<*>``) parts."""

    template: str
    count: int
    share: float
    top_cause: str
    example: str | None = None  # a real body; only kept when bodies may be shown
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "template": self.template,
            "count": self.count,
            "share": round(self.share, 4),
            "top_cause": self.top_cause,
        }
        if self.example is not None:
            out["example"] = self.example
        return out


@dataclass(frozen=True, slots=True)
class Fix:
    """One fix: the failed rows whose diagnosed cause it addresses, and where they are.

    ``rows`` equals the cause chart's count for ``cause``. ``rules`` are the rules that found
    the cause on those rows, with their rows; ``what`` is the advice of the first (or the
    cause's own, when only the error code names it). ``senders`` are masked labels as in
    ``by_sender``; ``templates`` template ids as in ``templates``; ``example`` one row
    (``line`` and ``id``). ``also_filtered_rows``: filtered rows diagnosed otherwise on
    which a finding of this cause could also explain the filter (not in ``rows``).
    """

    what: str
    rows: int
    share: float
    source: str  # "cause:<id>"
    title: str
    cause: str = ""
    rules: tuple[tuple[str, int], ...] = ()
    senders: tuple[Count, ...] = ()
    templates: tuple[Count, ...] = ()
    example: Mapping[str, Any] | None = None
    also_filtered_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "title": self.title,
            "what": self.what,
            "rows": self.rows,
            "share": round(self.share, 4),
            "source": self.source,
            "rules": [{"rule": r, "rows": n} for r, n in self.rules],
            "senders": [c.to_dict() for c in self.senders],
            "templates": [c.to_dict() for c in self.templates],
            "example": dict(self.example) if self.example is not None else None,
            "also_filtered_rows": self.also_filtered_rows,
        }


@dataclass(frozen=True, slots=True)
class RiskFinding:
    """A rule that flags the body of delivered rows, and on how many."""

    rule: str
    title: str
    cause: str
    rows: int

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "title": self.title, "cause": self.cause, "rows": self.rows}


@dataclass(frozen=True, slots=True)
class Summary:
    """The end-of-run summary; ``to_dict()`` is the JSON form, ``to_text()`` the terminal one."""

    rows: int
    failed: int
    bad_rows: int
    by_cause: tuple[Count, ...]
    by_code: tuple[Count, ...]
    by_sender: tuple[Count, ...]
    by_day: tuple[Count, ...]
    templates: tuple[Template, ...]
    spike_days: tuple[Count, ...]
    fix_first: tuple[Fix, ...]
    delivered: int = 0
    by_status: tuple[Count, ...] = ()
    by_verdict: tuple[Count, ...] = ()
    unexplained: tuple[Count, ...] = ()  # unexplained failed rows by verdict
    at_risk: int = 0
    at_risk_findings: tuple[RiskFinding, ...] = ()
    hidden_template_rows: int = 0

    @property
    def unexplained_rows(self) -> int:
        return sum(c.count for c in self.unexplained)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "failed": self.failed,
            "delivered": self.delivered,
            "bad_rows": self.bad_rows,
            "by_status": [c.to_dict() for c in self.by_status],
            "by_verdict": [c.to_dict() for c in self.by_verdict],
            "by_cause": [c.to_dict() for c in self.by_cause],
            "by_code": [c.to_dict() for c in self.by_code],
            "by_sender": [c.to_dict() for c in self.by_sender],
            "by_day": [c.to_dict() for c in self.by_day],
            "templates": [t.to_dict() for t in self.templates],
            "hidden_template_rows": self.hidden_template_rows,
            "spike_days": [c.to_dict() for c in self.spike_days],
            "fix_first": [f.to_dict() for f in self.fix_first],
            "unexplained": [c.to_dict() for c in self.unexplained],
            "delivered_at_risk": {
                "rows": self.at_risk,
                "findings": [f.to_dict() for f in self.at_risk_findings],
            },
        }

    def to_text(self, *, top: int = 5) -> str:
        """A short plain-text summary for the end of a CLI run."""
        risk = f" ({self.at_risk} at risk)" if self.at_risk else ""
        lines = [
            f"{self.rows} rows diagnosed: {self.failed} failed, {self.delivered} delivered"
            f"{risk}, {self.bad_rows} unreadable"
        ]

        def block(title: str, counts: Sequence[Count]) -> None:
            if counts:
                lines.append(f"{title}:")
                lines.extend(f"  {c.count:>8}  {c.share:6.1%}  {c.key}" for c in counts[:top])

        block("Verdicts (what the carrier or provider did)", self.by_verdict)
        block("Top causes", self.by_cause)
        block("Top error codes", self.by_code)
        block("Top senders", self.by_sender)
        if self.spike_days:
            spikes = ", ".join(f"{d.key} ({d.count})" for d in self.spike_days)
            lines.append(f"Spike days: {spikes}")
        if self.templates:
            lines.append("Top failing templates:")
            lines.extend(
                f"  {t.count:>8}  {t.share:6.1%}  {t.id} [{t.top_cause}] {t.template[:80]}"
                for t in self.templates[:top]
            )
        if self.hidden_template_rows:
            lines.append(
                f"  ({self.hidden_template_rows} failed rows in messages to fewer than "
                f"{MIN_RECIPIENTS} recipients: not shown)"
            )
        if self.fix_first:
            lines.append("What to fix first (failed rows each fix addresses):")
            for i, f in enumerate(self.fix_first[:top], 1):
                where = []
                if f.senders:
                    where.append("senders " + ", ".join(s.key for s in f.senders))
                if f.example:
                    where.append("e.g. " + example_text(f.example))
                tail = f" [{'; '.join(where)}]" if where else ""
                lines.append(
                    f"  {i}. {f.title} ({rows_text(f.rows)}, {f.share:.0%}): {f.what}{tail}"
                )
        if self.unexplained:
            by = ", ".join(f"{c.key} {c.count}" for c in self.unexplained)
            lines.append(
                f"Not explained by anything in the messages: {rows_text(self.unexplained_rows)} "
                f"({by}): ask the provider "
                f"(sms-diagnose ticket RESULTS --input INPUT --cause {UNEXPLAINED})"
            )
        if self.at_risk:
            found = ", ".join(f"{f.rule} {f.rows}" for f in self.at_risk_findings[:top])
            lines.append(f"Delivered, at risk: {rows_text(self.at_risk)} ({found})")
        return "\n".join(lines)


def rows_text(n: int, what: str = "row") -> str:
    """``1 row``, ``2 rows``, ``1,234 failed rows``.

    Example:
        >>> rows_text(1), rows_text(1234, "failed row")
        ('1 row', '1,234 failed rows')
    """
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def example_text(example: Mapping[str, Any]) -> str:
    """``line 12 (SM123...)``: how an example row is named on screen."""
    ident = example.get("id")
    return f"line {example.get('line')}" + (f" ({ident})" if ident not in (None, "") else "")


def row_key(top_cause: str | None, basis: str | None) -> str:
    """The cause a failed row is counted under: its top cause, or ``unexplained``.

    Example:
        >>> row_key("spam_like_content", "unexplained_verdict"), row_key("no_consent", None)
        ('unexplained', 'no_consent')
    """
    if not top_cause or top_cause == Cause.UNKNOWN.value or basis in _FALLBACK_BASES:
        return UNEXPLAINED
    return top_cause


def _counter_of(values: Iterable[Any]) -> Counter[Any]:
    """Counter of cells that may be unhashable (a JSON array): those count by their text."""
    try:
        return Counter(values)
    except TypeError:
        return Counter(v if isinstance(v, Hashable) else repr(v) for v in values)


def _rule_cause(rule_id: str) -> str | None:
    rule = RULES_BY_ID.get(rule_id)
    return rule.cause.value if rule is not None else None


@dataclass
class SummaryBuilder:
    """Accumulates counts over chunks; ``build()`` makes the ``Summary``.

    Example:
        >>> b = SummaryBuilder()
        >>> b.add_rows(top_cause=["spam_like_content"], rules=["OPT001"], error_code=["30007"],
        ...            sender=["+15551234567"], day=["2024-05-01"], body=["Hi Ann, 50% off"],
        ...            failed=[True])
        >>> s = b.build()
        >>> s.by_cause[0].key, s.by_sender[0].key, s.templates
        ('spam_like_content', '+1••••••4567', ())
    """

    keep_examples: bool = False
    mask_senders: bool = True
    rows: int = 0
    failed: int = 0
    bad_rows: int = 0
    causes: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    senders: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    #: (cause key, rule id) -> failed rows of that key on which the rule found that cause
    cause_rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: cause -> filtered rows of another key on which a finding of it could explain the filter
    also_filtered: Counter[str] = field(default_factory=Counter)
    cause_senders: Counter[tuple[str, str]] = field(default_factory=Counter)
    unexplained: Counter[str] = field(default_factory=Counter)  # by verdict
    #: cause key -> (line, id) of its first row
    cause_examples: dict[str, tuple[int, Any]] = field(default_factory=dict)
    templates: Counter[str] = field(default_factory=Counter)
    template_causes: dict[str, Counter[str]] = field(default_factory=dict)
    #: masked body -> up to ``MIN_RECIPIENTS`` of its recipients
    template_recipients: dict[str, set[str]] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    at_risk: int = 0
    at_risk_rules: Counter[str] = field(default_factory=Counter)
    #: Whether a prune mines templates (it stops once mining stops paying off).
    mine_on_prune: bool = True

    @property
    def delivered(self) -> int:
        return self.rows - self.failed

    def add_columns(
        self, results: Mapping[str, Sequence[Any]], summary: Mapping[str, Sequence[Any]]
    ) -> None:
        """``add_rows`` from a chunk's result columns and its summary columns (``_sender``,
        ``_day``, ``_body``, ``_failed``, ...), as both engines hold them."""
        self.add_rows(
            top_cause=results["top_cause"],
            rules=results["rules"],
            error_code=results["error_code"],
            sender=summary["_sender"],
            day=summary["_day"],
            body=summary["_body"],
            failed=summary["_failed"],
            verdict=results.get("verdict"),
            basis=summary.get("_basis"),
            to=summary.get("_to"),
            ids=summary.get("_id"),
            lines=results.get("line"),
            status=summary.get("_status"),
        )

    def add_rows(
        self,
        *,
        top_cause: Sequence[str | None],
        rules: Sequence[str],
        error_code: Sequence[str | None],
        sender: Sequence[str | None],
        day: Sequence[str | None],
        body: Sequence[str],
        failed: Sequence[bool],
        verdict: Sequence[str | None] | None = None,
        basis: Sequence[str | None] | None = None,
        to: Sequence[str | None] | None = None,
        ids: Sequence[Any] | None = None,
        lines: Sequence[int] | None = None,
        status: Sequence[Any] | None = None,
    ) -> None:
        """Count one chunk of diagnosed rows (column lists of equal length; the optional
        ones may be None: unknown).

        Column-wise: each count over the failed rows at once, and each distinct body masked
        once, in order of first appearance, so the counters fill in the order a row-by-row
        pass fills them.
        """
        n = len(top_cause)
        columns: list[Sequence[Any]] = [top_cause, rules, error_code, sender, day, body, failed]
        columns += [c for c in (verdict, basis, to, ids, lines, status) if c is not None]
        if any(len(c) != n for c in columns):
            raise ValueError("add_rows: columns of different lengths")
        self.rows += n
        if status is not None:
            for s, c in _counter_of(status).items():
                self.statuses[status_label(s)] += c
        none: list[None] = [None] * n
        verdict = verdict if verdict is not None else none
        basis = basis if basis is not None else none
        self._count_delivered(list(compress(rules, [not f for f in failed])))
        keep = list(failed)
        if not any(keep):
            self._prune_if_needed()
            return
        keys = [
            row_key(c, b)
            for c, b in zip(compress(top_cause, keep), compress(basis, keep), strict=True)
        ]
        self.failed += len(keys)
        self.causes.update(keys)
        row_verdicts = [v or "none" for v in compress(verdict, keep)]
        self.verdicts.update(row_verdicts)
        self.codes.update([c or "(none)" for c in compress(error_code, keep)])
        row_senders = [phone_key(s) or "(unknown)" for s in compress(sender, keep)]
        self.senders.update(row_senders)
        self.cause_senders.update(zip(keys, row_senders, strict=True))
        self.days.update([d for d in compress(day, keep) if d])
        self.unexplained.update(
            v for k, v in zip(keys, row_verdicts, strict=True) if k == UNEXPLAINED
        )
        row_rules = list(compress(rules, keep))
        for (key, rule_ids, v), count in Counter(
            zip(keys, row_rules, row_verdicts, strict=True)
        ).items():
            if rule_ids:
                self._count_rules(key, rule_ids, v, count)
        if lines is not None:
            row_ids = list(compress(ids, keep)) if ids is not None else [None] * len(keys)
            examples = self.cause_examples
            for key, line, ident in zip(keys, compress(lines, keep), row_ids, strict=True):
                held = examples.get(key)
                if held is None or line < held[0]:
                    examples[key] = (line, None if ident is None else str(ident))
        self._count_templates(
            list(compress(body, keep)),
            keys,
            list(compress(to, keep)) if to is not None else None,
            list(compress(lines, keep)) if lines is not None else None,
        )
        self._prune_if_needed()

    def _count_rules(self, key: str, rule_ids: str, verdict: str, count: int) -> None:
        also: set[str] = set()
        for r in rule_ids.split(";"):
            cause = _rule_cause(r)
            if cause is None:
                continue
            if cause == key:
                self.cause_rules[(key, r)] += count
            elif verdict == "filtered" and cause in _FILTER_EXPLAINS:
                also.add(cause)
        for cause in also:
            self.also_filtered[cause] += count

    def _count_delivered(self, rules: list[str]) -> None:
        for rule_ids, count in Counter(rules).items():
            if not rule_ids:
                continue
            risky = [
                r
                for r in rule_ids.split(";")
                if r in RULES_BY_ID and RULES_BY_ID[r].severity in _RISKY
            ]
            if risky:
                self.at_risk += count
                for r in risky:
                    self.at_risk_rules[r] += count

    def _count_templates(
        self,
        bodies: list[str],
        keys: list[str],
        to: list[str | None] | None,
        lines: list[int] | None,
    ) -> None:
        masked: dict[str, str] = {}
        for text in bodies:
            if text not in masked:
                masked[text] = mask_template(text)
        for (text, key), count in Counter(zip(bodies, keys, strict=True)).items():
            template = masked[text]
            self.templates[template] += count
            tc = self.template_causes.get(template)
            if tc is None:
                tc = self.template_causes[template] = Counter()
                if self.keep_examples:
                    self.examples[template] = text
            tc[key] += count
        recipients = self.template_recipients
        for i, text in enumerate(bodies):
            held = recipients.get(masked[text])
            if held is None:
                held = recipients[masked[text]] = set()
            if len(held) < MIN_RECIPIENTS:
                who = to[i] if to is not None else None
                # Unknown recipient: each row counts as its own (by line, else by position).
                held.add(phone_key(who) if who else f"#{lines[i] if lines else len(held)}")

    def add_bad_rows(self, n: int) -> None:
        self.bad_rows += n

    def merge(self, other: SummaryBuilder) -> None:
        """Add another builder's counts (from another process or partition)."""
        self.rows += other.rows
        self.failed += other.failed
        self.bad_rows += other.bad_rows
        self.at_risk += other.at_risk
        counters: tuple[tuple[Counter[Any], Counter[Any]], ...] = (
            (self.causes, other.causes),
            (self.verdicts, other.verdicts),
            (self.statuses, other.statuses),
            (self.codes, other.codes),
            (self.senders, other.senders),
            (self.days, other.days),
            (self.cause_rules, other.cause_rules),
            (self.also_filtered, other.also_filtered),
            (self.cause_senders, other.cause_senders),
            (self.unexplained, other.unexplained),
            (self.templates, other.templates),
            (self.at_risk_rules, other.at_risk_rules),
        )
        for mine, theirs in counters:
            mine.update(theirs)
        for key, ex in other.cause_examples.items():
            first = self.cause_examples.get(key)
            if first is None or ex[0] < first[0]:
                self.cause_examples[key] = ex
        for t, c in other.template_causes.items():
            self.template_causes.setdefault(t, Counter()).update(c)
        for t, who in other.template_recipients.items():
            held = self.template_recipients.setdefault(t, set())
            for w in sorted(who):
                if len(held) >= MIN_RECIPIENTS:
                    break
                held.add(w)
        for t, e in other.examples.items():
            self.examples.setdefault(t, e)
        self._prune_if_needed()

    def _prune_if_needed(self) -> None:
        if len(self.templates) > MAX_TEMPLATES:
            self._prune()

    def _prune(self) -> None:
        """Mine the masked bodies into templates and keep those (a personalised campaign is
        then one entry, whatever its count); if still too many, drop the rarest.

        Mining that does not halve the count (one-off free text, agent replies) is not tried
        again: the next prunes only drop the rarest, so such an export pays for it once.
        """
        if not self.mine_on_prune:
            self._drop_rarest()
            return
        before = len(self.templates)
        template_of = mine_templates(self.templates)
        templates: Counter[str] = Counter()
        causes: dict[str, Counter[str]] = {}
        recipients: dict[str, set[str]] = {}
        examples: dict[str, str] = {}
        for text, count in self.templates.items():
            t = template_of[text]
            templates[t] += count
            causes.setdefault(t, Counter()).update(self.template_causes[text])
            held = recipients.setdefault(t, set())
            for w in sorted(self.template_recipients.get(text, ())):
                if len(held) < MIN_RECIPIENTS:
                    held.add(w)
            if text in self.examples:
                examples.setdefault(t, self.examples[text])
        self.mine_on_prune = len(templates) * 2 <= before
        self.templates = templates
        self.template_causes = causes
        self.template_recipients = recipients
        self.examples = examples
        self._drop_rarest()

    def _drop_rarest(self) -> None:
        if len(self.templates) <= MAX_TEMPLATES // 2:
            return
        keep = Counter(dict(self.templates.most_common(MAX_TEMPLATES // 2)))
        self.templates = keep
        self.template_causes = {t: self.template_causes[t] for t in keep}
        self.template_recipients = {t: self.template_recipients.get(t, set()) for t in keep}
        self.examples = {t: e for t, e in self.examples.items() if t in keep}

    def build(self, *, top: int = 20) -> Summary:
        """The summary: top ``top`` of each breakdown, every day, spikes and every fix."""
        n = self.failed or 1

        def counts(counter: Mapping[str, int], limit: int | None = top) -> tuple[Count, ...]:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            return tuple(Count(k, v, v / n) for k, v in items[:limit])

        sender_order = [k for k, _ in sorted(self.senders.items(), key=lambda kv: (-kv[1], kv[0]))]
        labels = mask_labels(sender_order, mask=self.mask_senders)
        by_sender = tuple(
            Count(labels[k], self.senders[k], self.senders[k] / n) for k in sender_order
        )
        days = tuple(Count(d, c, c / n) for d, c in sorted(self.days.items()))
        templates, hidden, template_ids = self._templates(n)
        statuses = sorted(self.statuses.items(), key=lambda kv: (-kv[1], kv[0]))
        return Summary(
            rows=self.rows,
            failed=self.failed,
            bad_rows=self.bad_rows,
            by_cause=counts(self.causes, None),
            by_code=counts(self.codes),
            by_sender=by_sender[:top],
            by_day=days,
            templates=templates[:top],
            spike_days=spike_days(days),
            fix_first=self._fixes(n, labels, template_ids),
            delivered=self.delivered,
            by_status=tuple(Count(k, v, v / (self.rows or 1)) for k, v in statuses),
            by_verdict=counts(self.verdicts, None),
            unexplained=counts(self.unexplained, None),
            at_risk=self.at_risk,
            at_risk_findings=tuple(
                RiskFinding(r, RULES_BY_ID[r].summary, RULES_BY_ID[r].cause.value, c)
                for r, c in sorted(self.at_risk_rules.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            hidden_template_rows=hidden,
        )

    def _templates(self, n: int) -> tuple[tuple[Template, ...], int, dict[str, Counter[str]]]:
        """Shown templates (best first), rows in hidden ones, and per cause key the shown
        templates' ids with that key's rows."""
        template_of = mine_templates(self.templates)
        rows: Counter[str] = Counter()
        causes: dict[str, Counter[str]] = {}
        recipients: dict[str, set[str]] = {}
        example: dict[str, tuple[int, str]] = {}
        for text, count in self.templates.items():
            t = template_of[text]
            rows[t] += count
            causes.setdefault(t, Counter()).update(self.template_causes[text])
            recipients.setdefault(t, set()).update(self.template_recipients.get(text, ()))
            if text in self.examples and (t not in example or count > example[t][0]):
                example[t] = (count, self.examples[text])
        shown: list[Template] = []
        hidden = 0
        by_cause: dict[str, Counter[str]] = {}
        for t, count in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(recipients[t]) < MIN_RECIPIENTS and not self.keep_examples:
                hidden += count
                continue
            tid = template_id(t)
            top_cause = min(causes[t].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            kept = example[t][1] if self.keep_examples and t in example else None
            shown.append(Template(t, count, count / n, top_cause, kept, tid))
            for key, c in causes[t].items():
                by_cause.setdefault(key, Counter())[tid] += c
        return tuple(shown), hidden, by_cause

    def _fixes(
        self, n: int, labels: Mapping[str, str], template_ids: Mapping[str, Counter[str]]
    ) -> tuple[Fix, ...]:
        senders: dict[str, Counter[str]] = {}
        for (key, sender), c in self.cause_senders.items():
            senders.setdefault(key, Counter())[sender] += c
        rules: dict[str, list[tuple[str, int]]] = {}
        for (key, rule), c in self.cause_rules.items():
            rules.setdefault(key, []).append((rule, c))
        fixes = []
        for key, rows in self.causes.items():
            if key == UNEXPLAINED:
                continue
            info = CAUSES[Cause(key)]
            found = tuple(sorted(rules.get(key, []), key=lambda rc: (-rc[1], rc[0])))
            what = RULES_BY_ID[found[0][0]].fix if found else info.fix
            top_senders = sorted(
                senders.get(key, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
            )
            top_templates = sorted(
                template_ids.get(key, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
            )
            ex = self.cause_examples.get(key)
            fixes.append(
                Fix(
                    what=what,
                    rows=rows,
                    share=rows / n,
                    source=f"cause:{key}",
                    title=info.title,
                    cause=key,
                    rules=found,
                    senders=tuple(Count(labels[s], c, c / n) for s, c in top_senders[:3]),
                    templates=tuple(Count(t, c, c / n) for t, c in top_templates[:3]),
                    example={"line": ex[0], "id": ex[1]} if ex is not None else None,
                    also_filtered_rows=self.also_filtered.get(key, 0),
                )
            )
        fixes.sort(key=lambda f: (-f.rows, f.cause))
        return tuple(fixes)


def spike_days(days: Sequence[Count]) -> tuple[Count, ...]:
    """Days with at least ``SPIKE_RATIO`` times the median day and ``SPIKE_MIN_ROWS`` rows."""
    if len(days) < 3:
        return ()
    median = statistics.median(d.count for d in days)
    return tuple(d for d in days if d.count >= max(SPIKE_MIN_ROWS, SPIKE_RATIO * median))


def add_to_summary(builder: SummaryBuilder, result: ChunkResult) -> None:
    """Count one chunk's rows (and its bad rows) into ``builder``."""
    builder.add_columns(result.columns, result.summary_rows)
    builder.add_bad_rows(len(result.bad))
