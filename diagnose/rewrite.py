"""A corrected message: the smallest edits that clear the findings a text edit can clear.

Consent, opt-outs, destinations and registration cannot be fixed by rewording; those rules
stay in ``remaining`` and ``passes`` only speaks for the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diagnose.causes import Cause
from diagnose.diagnosis import Rewrite
from diagnose.message import FailedMessage
from diagnose.rules.base import Finding, Rule, Scope, Span
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.segments import gsm7_fold, segment_info

OPT_OUT_FOOTER = "Reply STOP to opt out."
LINK_PLACEHOLDER = "[full link on your own domain]"
#: Causes a rewrite can address even when their rule reads context (first-message duties).
TEXT_FIXABLE_CAUSES = frozenset(
    {Cause.MISSING_OPT_OUT_LANGUAGE, Cause.MISSING_BRAND_IDENTIFICATION}
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_PUNCT_RUN = re.compile(r"([!?])[!?]+|\${2,}")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_KEEP_CAPS = frozenset({"STOP", "HELP", "START", "END", "QUIT", "CANCEL", "UNSUBSCRIBE", "USA"})


def body_fixable(rule: Rule) -> bool:
    """Can editing the text clear this rule's findings (where the content is allowed)?"""
    return rule.scope is Scope.BODY or rule.cause in TEXT_FIXABLE_CAUSES


def _replace_spans(text: str, edits: Sequence[tuple[Span, str]]) -> str:
    """Apply non-overlapping span replacements (the first of overlapping ones wins)."""
    out, last = [], 0
    for span, new in sorted(set(edits)):
        if span.start < last:
            continue
        out.append(text[last : span.start])
        out.append(new)
        last = span.end
    out.append(text[last:])
    return "".join(out)


def _spans_of(findings: Sequence[Finding], *rule_ids: str) -> list[Span]:
    return [s for f in findings if f.rule in rule_ids for s in f.spans]


def _has(findings: Sequence[Finding], cause: Cause) -> bool:
    return any(f.cause is cause for f in findings)


def _calm_caps(word: str) -> str:
    return word if word in _KEEP_CAPS else word.capitalize()


_FIXABLE_IDS: dict[int, tuple[Sequence[Rule], frozenset[str]]] = {}


def _fixable_ids(rules: Sequence[Rule]) -> frozenset[str]:
    """Ids of the rules a text edit can clear, kept per rule set (one per process, usually)."""
    known = _FIXABLE_IDS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    if len(_FIXABLE_IDS) > 32:
        _FIXABLE_IDS.clear()
    ids = frozenset(r.id for r in rules if body_fixable(r))
    _FIXABLE_IDS[id(rules)] = (rules, ids)
    return ids


def suggest_rewrite(
    message: FailedMessage, findings: Sequence[Finding], rules: Sequence[Rule]
) -> Rewrite | None:
    """A corrected body that is re-checked with the same rules; ``None`` if nothing to fix."""
    fixable_ids = _fixable_ids(rules)
    fixable = [f for f in findings if f.rule in fixable_ids]
    if not fixable:
        return None
    text = message.body
    changes: list[str] = []
    # Span edits first, while the spans still point into the original body.
    links = _spans_of(fixable, "LNK001", "LNK002", "CNT007")
    nonstandard = _spans_of(fixable, "OPT002")
    if links or nonstandard:
        edits = [(s, LINK_PLACEHOLDER) for s in links] + [(s, OPT_OUT_FOOTER) for s in nonstandard]
        text = _replace_spans(text, edits)
        if links:
            changes.append(
                "Replaced shortened, raw-IP or look-alike links: use the full link on a "
                "domain you own."
            )
        if nonstandard:
            changes.append(
                "Replaced the non-standard opt-out instruction with 'Reply STOP to opt out.'"
            )
    if _spans_of(fixable, "OBF001") or any(f.rule == "OBF001" for f in fixable):
        text = text.translate(_ZERO_WIDTH)
        changes.append("Removed invisible zero-width characters.")
    if any(f.rule == "SPM002" for f in fixable):
        text = _PUNCT_RUN.sub(lambda m: m.group(1) or "$", text)
        changes.append("Collapsed repeated punctuation and symbols.")
    if any(f.rule == "SPM001" for f in fixable):
        text = _CAPS_WORD.sub(lambda m: _calm_caps(m.group(0)), text)
        changes.append("Changed all-caps words to normal case.")
    brand = (message.brand or "").strip()
    if brand and _has(fixable, Cause.MISSING_BRAND_IDENTIFICATION):
        text = f"{brand}: {text.lstrip()}"
        changes.append(f"Named the business at the start ('{brand}: ').")
    if _has(fixable, Cause.MISSING_OPT_OUT_LANGUAGE) and not nonstandard:
        text = text.rstrip()
        sep = "" if not text else (" " if text[-1] in ".!?" else ". ")
        text = f"{text}{sep}{OPT_OUT_FOOTER}"
        changes.append("Appended the standard opt-out footer 'Reply STOP to opt out.'")
    folded = gsm7_fold(text)
    if folded != text and segment_info(folded).segments < segment_info(text).segments:
        text = folded
        changes.append(
            "Replaced smart quotes, dashes and similar characters with GSM-7 ones, "
            "which saves segments."
        )
    if text == message.body:
        return None
    after, _ = run_rules(rules, RuleContext(message.with_body(text)))
    remaining = tuple(dict.fromkeys(f.rule for f in after))
    passes = fixable_ids.isdisjoint(remaining)
    return Rewrite(text=text, changes=tuple(changes), passes=passes, remaining=remaining)
