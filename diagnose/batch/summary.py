"""What is killing delivery: counts by cause, code, sender and day, templates, spikes, fixes.

A ``SummaryBuilder`` is fed chunk by chunk (and builders from several processes can be
merged), so the summary of a 5-million-row file costs the memory of its distinct templates,
senders and days, not of its rows. Only failed rows are counted (see
``formats.is_failed``). Shared with the Streamlit app; keep signatures stable.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

from diagnose.batch.mask import mask_phone, mask_template
from diagnose.causes import CAUSES, Cause
from diagnose.rules.registry import RULES_BY_ID

if TYPE_CHECKING:
    from diagnose.batch.vectorised import ChunkResult

#: Distinct templates kept while counting; beyond it the rarest are dropped (a long tail of
#: one-off messages cannot be a "top template" anyway).
MAX_TEMPLATES = 20_000
#: A day is a spike when it has at least this many times the median day's failures ...
SPIKE_RATIO = 2.0
#: ... and at least this many failures (a quiet export's 3-vs-1 is not a spike).
SPIKE_MIN_ROWS = 20


@dataclass(frozen=True, slots=True)
class Count:
    """One labelled count and its share of failed rows."""

    key: str
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "share": round(self.share, 4)}


@dataclass(frozen=True, slots=True)
class Template:
    """A group of failed bodies that differ only in masked parts."""

    template: str
    count: int
    share: float
    top_cause: str
    example: str | None = None  # a real body; only kept when bodies may be shown

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
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
    """One fix and how many failed rows it would address."""

    what: str
    rows: int
    share: float
    source: str  # a rule id, or "cause:<id>" for causes no rule detects (error-code only)
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "rows": self.rows,
            "share": round(self.share, 4),
            "source": self.source,
            "title": self.title,
        }


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "failed": self.failed,
            "bad_rows": self.bad_rows,
            "by_cause": [c.to_dict() for c in self.by_cause],
            "by_code": [c.to_dict() for c in self.by_code],
            "by_sender": [c.to_dict() for c in self.by_sender],
            "by_day": [c.to_dict() for c in self.by_day],
            "templates": [t.to_dict() for t in self.templates],
            "spike_days": [c.to_dict() for c in self.spike_days],
            "fix_first": [f.to_dict() for f in self.fix_first],
        }

    def to_text(self, *, top: int = 5) -> str:
        """A short plain-text summary for the end of a CLI run."""
        lines = [f"{self.rows} rows diagnosed, {self.failed} failed, {self.bad_rows} unreadable"]

        def block(title: str, counts: Sequence[Count]) -> None:
            if counts:
                lines.append(f"{title}:")
                lines.extend(f"  {c.count:>8}  {c.share:6.1%}  {c.key}" for c in counts[:top])

        block("Top causes", self.by_cause)
        block("Top error codes", self.by_code)
        block("Top senders", self.by_sender)
        if self.spike_days:
            spikes = ", ".join(f"{d.key} ({d.count})" for d in self.spike_days)
            lines.append(f"Spike days: {spikes}")
        if self.templates:
            lines.append("Top failing templates:")
            lines.extend(
                f"  {t.count:>8}  {t.share:6.1%}  [{t.top_cause}] {t.template[:90]}"
                for t in self.templates[:top]
            )
        if self.fix_first:
            lines.append("What to fix first:")
            lines.extend(
                f"  {i}. {f.title} ({f.rows} rows, {f.share:.0%}): {f.what}"
                for i, f in enumerate(self.fix_first[:top], 1)
            )
        return "\n".join(lines)


@dataclass
class SummaryBuilder:
    """Accumulates counts over chunks; ``build()`` makes the ``Summary``.

    Example:
        >>> b = SummaryBuilder()
        >>> b.add_rows(top_cause=["spam_like_content"], rules=["OPT001"], error_code=["30007"],
        ...            sender=["+15551234567"], day=["2024-05-01"], body=["Hi Ann, 50% off"],
        ...            failed=[True])
        >>> s = b.build()
        >>> s.by_cause[0].key, s.templates[0].template, s.by_sender[0].key
        ('spam_like_content', 'Hi <name>, <n>% off', '+1••••••••67')
    """

    keep_examples: bool = False
    mask_senders: bool = True
    rows: int = 0
    failed: int = 0
    bad_rows: int = 0
    causes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    senders: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    rule_rows: Counter[str] = field(default_factory=Counter)
    ruleless_causes: Counter[str] = field(default_factory=Counter)
    templates: Counter[str] = field(default_factory=Counter)
    template_causes: dict[str, Counter[str]] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def add_columns(
        self, results: Mapping[str, Sequence[Any]], summary: Mapping[str, Sequence[Any]]
    ) -> None:
        """``add_rows`` from a chunk's result columns and its summary columns (``_sender``,
        ``_day``, ``_body``, ``_failed``), as both engines hold them."""
        self.add_rows(
            top_cause=results["top_cause"],
            rules=results["rules"],
            error_code=results["error_code"],
            sender=summary["_sender"],
            day=summary["_day"],
            body=summary["_body"],
            failed=summary["_failed"],
        )

    def add_rows(
        self,
        *,
        top_cause: Sequence[str],
        rules: Sequence[str],
        error_code: Sequence[str | None],
        sender: Sequence[str | None],
        day: Sequence[str | None],
        body: Sequence[str],
        failed: Sequence[bool],
    ) -> None:
        """Count one chunk of diagnosed rows (column lists of equal length).

        Column-wise: each count over the failed rows at once, each distinct rules string
        split once, and each distinct (body, cause) masked and counted once, in order of
        first appearance, so every counter is filled in the order a row-by-row pass fills it
        (``_prune`` and the template's top cause break ties by that order).
        """
        columns = (top_cause, rules, error_code, sender, day, body, failed)
        if len(set(map(len, columns))) > 1:
            raise ValueError("add_rows: columns of different lengths")
        self.rows += len(top_cause)
        causes = list(compress(top_cause, failed))
        if causes:
            self.failed += len(causes)
            self.causes.update(causes)
            self.codes.update([c or "(none)" for c in compress(error_code, failed)])
            self.senders.update([s or "(unknown)" for s in compress(sender, failed)])
            self.days.update([d for d in compress(day, failed) if d])
            row_rules = list(compress(rules, failed))
            for rule_ids, count in Counter(row_rules).items():
                if rule_ids:
                    for r in rule_ids.split(";"):
                        self.rule_rows[r] += count
            self.ruleless_causes.update(
                [c for c, r in zip(causes, row_rules, strict=True) if not r]
            )
            masked: dict[str, str] = {}
            pairs = Counter(zip(compress(body, failed), causes, strict=True))
            for (text, cause), count in pairs.items():
                template = masked.get(text)
                if template is None:
                    template = masked[text] = mask_template(text)
                self.templates[template] += count
                tc = self.template_causes.get(template)
                if tc is None:
                    tc = self.template_causes[template] = Counter()
                    if self.keep_examples:
                        self.examples[template] = text
                tc[cause] += count
        if len(self.templates) > MAX_TEMPLATES:
            self._prune()

    def add_bad_rows(self, n: int) -> None:
        self.bad_rows += n

    def merge(self, other: SummaryBuilder) -> None:
        """Add another builder's counts (from another process or partition)."""
        self.rows += other.rows
        self.failed += other.failed
        self.bad_rows += other.bad_rows
        for mine, theirs in (
            (self.causes, other.causes),
            (self.codes, other.codes),
            (self.senders, other.senders),
            (self.days, other.days),
            (self.rule_rows, other.rule_rows),
            (self.ruleless_causes, other.ruleless_causes),
            (self.templates, other.templates),
        ):
            mine.update(theirs)
        for t, c in other.template_causes.items():
            self.template_causes.setdefault(t, Counter()).update(c)
        for t, e in other.examples.items():
            self.examples.setdefault(t, e)
        if len(self.templates) > MAX_TEMPLATES:
            self._prune()

    def _prune(self) -> None:
        keep = dict(self.templates.most_common(MAX_TEMPLATES // 2))
        self.templates = Counter(keep)
        self.template_causes = {t: c for t, c in self.template_causes.items() if t in keep}
        self.examples = {t: e for t, e in self.examples.items() if t in keep}

    def build(self, *, top: int = 20) -> Summary:
        """The summary: top ``top`` of each breakdown, every day, spikes and fixes."""
        n = self.failed or 1

        def counts(counter: Mapping[str, int], limit: int | None = top) -> tuple[Count, ...]:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            return tuple(Count(k, v, v / n) for k, v in items[:limit])

        senders: Counter[str] = Counter()
        for s, c in self.senders.items():
            senders[mask_phone(s) if self.mask_senders and s != "(unknown)" else s] += c
        days = tuple(Count(d, c, c / n) for d, c in sorted(self.days.items()))
        templates = tuple(
            Template(
                t,
                c,
                c / n,
                self.template_causes[t].most_common(1)[0][0],
                self.examples.get(t) if self.keep_examples else None,
            )
            for t, c in sorted(self.templates.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        )
        return Summary(
            rows=self.rows,
            failed=self.failed,
            bad_rows=self.bad_rows,
            by_cause=counts(self.causes, None),
            by_code=counts(self.codes),
            by_sender=counts(senders),
            by_day=days,
            templates=templates,
            spike_days=spike_days(days),
            fix_first=self._fixes(n),
        )

    def _fixes(self, n: int) -> tuple[Fix, ...]:
        fixes = []
        for rule_id, rows in self.rule_rows.items():
            rule = RULES_BY_ID.get(rule_id)
            if rule is not None:
                fixes.append(Fix(rule.fix, rows, rows / n, rule_id, rule.summary))
        for cause, rows in self.ruleless_causes.items():
            if cause == Cause.UNKNOWN.value:
                continue
            info = CAUSES[Cause(cause)]
            fixes.append(Fix(info.fix, rows, rows / n, f"cause:{cause}", info.title))
        fixes.sort(key=lambda f: (-f.rows, f.source))
        return tuple(fixes[:5])


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
