"""The rule engine's vocabulary: a rule, what its check yields, and the finding it becomes.

As in yamllint, a rule's ``check`` only yields hits (what went wrong this time, where); the
engine stamps the rule's id, name, cause, severity and fix on each one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from diagnose.causes import Cause
from diagnose.rules.context import RuleContext
from diagnose.text.spans import Span as Span


class Severity(StrEnum):
    """How surely a finding explains a failure (see compliance-rules.md, "Severity")."""

    BLOCKER = "blocker"  # the provider/carrier will refuse it, or sending is prohibited
    LIKELY = "likely"  # widely reported to trigger filtering
    ADVISORY = "advisory"  # best practice or cost; low direct filtering risk


# Hit, NeedContext and Finding are named tuples rather than frozen dataclasses: every
# diagnosis makes several, and a frozen dataclass costs three times as much to build.


class Hit(NamedTuple):
    """What a check found this time; ``severity`` overrides the rule's default when set."""

    message: str
    spans: tuple[Span, ...] = ()
    severity: Severity | None = None


class NeedContext(NamedTuple):
    """The check could not decide without this message field (a ``MESSAGE_FIELDS`` name)."""

    field: str
    reason: str


CheckResult = Iterable[Hit | NeedContext]
CheckFn = Callable[[RuleContext], CheckResult]


class Scope(StrEnum):
    """What a rule reads: the body alone, or also the context around it."""

    BODY = "body"
    CONTEXT = "context"


@dataclass(frozen=True, slots=True)
class Rule:
    """One declarative rule: identity, the cause it supports, its guidance and its check."""

    id: str
    name: str
    cause: Cause
    severity: Severity
    source: str
    fix: str
    scope: Scope
    check: CheckFn
    doc: str
    #: A regex over the lower-cased body that every body this rule can fire on matches
    #: (a necessary condition, written in the syntax Python's ``re`` and RE2 share: no
    #: look-arounds or back-references). Batch triage runs it column-wise to skip the rule
    #: for most rows; ``None`` means the rule must always run.
    prefilter: str | None = None
    #: Message fields of which at least one must be set (not None, not empty) for the check
    #: to yield anything; the engine skips the call otherwise (most context goes unknown).
    requires: tuple[str, ...] = ()
    #: A cheap necessary condition on the context, shared by several rules (``has_links``):
    #: when it is falsy the check yields nothing, so the engine does not call it. Most
    #: bodies have no link, no non-ASCII character and no risky term, and a skipped rule
    #: costs a fraction of a call. tests/test_rule_catalogue.py proves each gate necessary.
    gate: Callable[[RuleContext], object] | None = None
    #: Whether the check reads the body (every body rule, and the context rules that look
    #: for an opt-out, a brand, links or marketing cues): with no body known, the engine
    #: skips it instead of judging an empty text.
    reads_body: bool = True
    #: Whether ``prefilter`` reads the body as written rather than lower-cased: for rules
    #: that look at capitals (SPM001), which lower-casing hides.
    prefilter_cased: bool = False

    @property
    def summary(self) -> str:
        """The generic one-line description (the docstring's first line)."""
        return self.doc.split("\n", 1)[0].strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "cause": self.cause.value,
            "severity": self.severity.value,
            "scope": self.scope.value,
            "source": self.source,
            "summary": self.summary,
            "fix": self.fix,
            "doc": self.doc,
        }


def rule(
    *,
    id: str,
    name: str,
    cause: Cause,
    severity: Severity,
    source: str,
    fix: str,
    scope: Scope = Scope.BODY,
    prefilter: str | None = None,
    requires: tuple[str, ...] = (),
    gate: Callable[[RuleContext], object] | None = None,
    reads_body: bool = True,
    prefilter_cased: bool = False,
) -> Callable[[CheckFn], Rule]:
    """Declare a rule; the decorated function's docstring is its documentation."""

    def wrap(check: CheckFn) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        return Rule(
            id,
            name,
            cause,
            severity,
            source,
            fix,
            scope,
            check,
            doc,
            prefilter,
            requires,
            gate,
            reads_body,
            prefilter_cased,
        )

    return wrap


class Finding(NamedTuple):
    """A rule hit, stamped by the engine with the rule's identity."""

    rule: str
    name: str
    cause: Cause
    severity: Severity
    message: str
    spans: tuple[Span, ...]
    fix: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "cause": self.cause.value,
            "severity": self.severity.value,
            "message": self.message,
            "spans": [[s.start, s.end] for s in self.spans],
            "fix": self.fix,
        }
