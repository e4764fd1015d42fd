"""Column forms of context rules whose decision tree would otherwise key on the whole body.

The rule engine (``diagnose.batch.vectorised.RuleRunner``) memoises a context rule on the
fields it reads, in the order it reads them. A rule that reads the body (OPT001 and OPT005
look for opt-out wording, BRD001 for the brand name, BRD002 for any sender's name) then
keys its tree on the body itself: every distinct body is a miss and a full run of the
rule. Yet all these rules read of the body is one small fact, computed by a predicate the
rule's own check calls: whether the body says how to opt out (or else reads as marketing);
whether it names the brand (or a sender), and has a link, and what shows a business sent
it. A column form names that predicate, and the tree keys on
its value (computed once per distinct body, or body and brand) instead of on the body: a
handful of runs of the rule's check per chunk, then dictionary look-ups down the origin,
first-message and brand columns.

The check stays the one definition of the rule: the tree runs it (on a row with each new
combination of values) and the predicate is the very function it calls, so nothing here
restates a rule. ``tests/test_batch_column_forms.py`` holds the column form equal to the
rule run row by row on generated rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import NamedTuple

from diagnose.rules.context import RuleContext
from diagnose.rules.identification import (
    brand_evidence,
    business_not_identified,
    missing_brand_name,
    sender_evidence,
)
from diagnose.rules.optout import (
    gives_standard_opt_out,
    ivr_to_sms_without_opt_out,
    missing_opt_out_language,
    opt_out_evidence,
)


class ColumnForm(NamedTuple):
    """All a rule's check reads of the body, as one predicate of the row's context."""

    #: The predicate; the check's result depends on the body only through its value.
    body: Callable[[RuleContext], Hashable]
    #: Message fields the predicate reads besides the body: its value is kept per body and
    #: these fields' values.
    with_fields: tuple[str, ...] = ()


#: Rule id -> its column form.
COLUMN_FORMS: dict[str, ColumnForm] = {
    missing_opt_out_language.id: ColumnForm(opt_out_evidence),
    missing_brand_name.id: ColumnForm(brand_evidence, ("brand",)),
    business_not_identified.id: ColumnForm(sender_evidence),
    ivr_to_sms_without_opt_out.id: ColumnForm(gives_standard_opt_out),
}
