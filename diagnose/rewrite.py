"""A corrected message: the smallest edits that clear the findings a text edit can clear.

Consent, opt-outs, destinations and registration cannot be fixed by rewording; those rules
stay in ``remaining`` and ``passes`` only speaks for the body.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import cast

from diagnose.causes import Cause
from diagnose.diagnosis import Rewrite
from diagnose.identity_memo import IdentityMemo
from diagnose.message import FailedMessage
from diagnose.rules import spam
from diagnose.rules.base import Finding, Rule, Scope, Span
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.length import UNCARRIABLE_RE
from diagnose.text.segments import gsm7_fold, segment_info

OPT_OUT_FOOTER = "Reply STOP to opt out."
LINK_PLACEHOLDER = "[full link on your own domain]"
#: Causes a rewrite can address even when their rule reads context (first-message duties).
TEXT_FIXABLE_CAUSES = frozenset(
    {Cause.MISSING_OPT_OUT_LANGUAGE, Cause.MISSING_BRAND_IDENTIFICATION}
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: Words an all-caps rewrite keeps in capitals: what SPM001 does not count as shouting.
_KEEP_CAPS = spam.KEYWORDS | spam.ACRONYMS
#: Rules a text edit clears without asking anyone (no wording to choose): applied again
#: when the first edits made them fire (a footer that lifts a short text over SPM001's
#: minimum, a brand holding "!!!").
_MECHANICAL = frozenset({"OBF001", "SPM002", "SPM001", "LEN005"})


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


def _footer_before(following: str) -> str:
    return OPT_OUT_FOOTER[:-1] if following and following in ".,;:!?)" else OPT_OUT_FOOTER


#: What joins a later instruction to the one before it: ". Or ", ", ", "; and ".
#: The full stop before it goes too only if the instruction had its own.
_JOINER = re.compile(r"[.!?]?([\s,;:]*(?:\b(?:or|and)\b[\s,;:]*)?)\Z", re.IGNORECASE)


def _joiner_before(text: str, end: int) -> re.Match[str]:
    return cast(re.Match[str], _JOINER.search(text, 0, end))  # it matches, if only ""


def _opt_out_edits(text: str, spans: Sequence[Span]) -> list[tuple[Span, str]]:
    """The first non-standard instruction becomes the footer; later ones go, with what joins
    them to the text before ("Text 2 to stop. Or reply N to end." keeps one footer)."""
    if not spans:
        return []
    first, edits, follows = spans[0], [], spans[0].end
    for span in spans[1:]:
        start, end = span
        joiner = _joiner_before(text, start)
        if text[joiner.start(1) - 1 : joiner.start(1)] == "(" and text[end : end + 1] == ")":
            joiner = _joiner_before(text, joiner.start(1) - 1)  # "(or text 3 to end)" goes
            end += 1
        ended = text[end : end + 1] in (".", "!", "?")
        start = max(joiner.start(0 if ended else 1), follows)
        edits.append((Span(start, end), ""))
        if start == follows:
            follows = end  # removed right up to the footer: its punctuation is next
    # "text 2 to stop. Visit": the footer's own full stop would make two
    footer = _footer_before(text[follows : follows + 1])
    return [(first, footer), *edits]


def _calm_caps(m: re.Match[str]) -> str:
    word = m.group()
    return word if word in _KEEP_CAPS or spam.letters_in(word) < 2 else word.capitalize()


def _mechanical(text: str, rule_ids: Collection[str]) -> tuple[str, list[str]]:
    """The edits that need no choice of words, for the rules among ``rule_ids``."""
    changes: list[str] = []
    if "LEN005" in rule_ids:
        text = UNCARRIABLE_RE.sub("", text)
        changes.append("Removed characters no SMS encoding can carry.")
    if "OBF001" in rule_ids:
        text = text.translate(_ZERO_WIDTH)
        changes.append("Removed invisible zero-width characters.")
    if "SPM002" in rule_ids:
        text = spam.PUNCT_RUN.sub(lambda m: m.group()[0], text)
        changes.append("Collapsed repeated punctuation and symbols.")
    if "SPM001" in rule_ids:
        text = spam.CAPS_WORD.sub(_calm_caps, text)
        changes.append("Changed all-caps words to normal case.")
    return text, changes


_FIXABLE_IDS: IdentityMemo[frozenset[str]] = IdentityMemo(limit=32)


def _fixable_ids(rules: Sequence[Rule]) -> frozenset[str]:
    """Ids of the rules a text edit can clear, kept per rule tuple (the registry, usually;
    a list could change in place, so it is read each time)."""
    known = _FIXABLE_IDS.get(rules) if type(rules) is tuple else None
    if known is None:
        known = frozenset(r.id for r in rules if body_fixable(r))
        if type(rules) is tuple:
            _FIXABLE_IDS.put(rules, None, known)
    return known


def suggest_rewrite(
    message: FailedMessage, findings: Sequence[Finding], rules: Sequence[Rule]
) -> Rewrite | None:
    """A corrected body that is re-checked with the same rules; ``None`` if nothing to fix."""
    fixable_ids = _fixable_ids(rules)
    fixable = [f for f in findings if f.rule in fixable_ids]
    if not fixable or message.body is None:
        return None
    text = message.body
    changes: list[str] = []
    # Span edits first, while the spans still point into the original body.
    links = _spans_of(fixable, "LNK001", "LNK002", "CNT007")
    nonstandard = sorted(_spans_of(fixable, "OPT002"))
    if links or nonstandard:
        edits = [(s, LINK_PLACEHOLDER) for s in links]
        edits += _opt_out_edits(text, nonstandard)
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
    applied = _MECHANICAL.intersection(f.rule for f in fixable)
    text, more = _mechanical(text, applied)
    changes += more
    brand = (message.brand or "").strip()
    # Naming the business needs its name: without a brand the finding stays, even when the
    # edited text no longer triggers it (a link that made it fire replaced by a placeholder).
    unnamed: list[str] = []
    if _has(fixable, Cause.MISSING_BRAND_IDENTIFICATION):
        if brand:
            text = f"{brand}: {text.lstrip()}"
            changes.append(f"Named the business at the start ('{brand}: ').")
        else:
            unnamed = [f.rule for f in fixable if f.cause is Cause.MISSING_BRAND_IDENTIFICATION]
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
    after = _recheck(message, text, rules)
    again = {f.rule for f in after if f.rule in _MECHANICAL} - applied
    if again:  # made necessary by the edits above ("BIG SALE at WOW hi" + footer shouts)
        text, more = _mechanical(text, again)
        if more:
            changes += more
            after = _recheck(message, text, rules)
    remaining = tuple(dict.fromkeys([*(f.rule for f in after), *unnamed]))
    # Passing means no text-fixable rule fires and the edits brought in nothing new (a
    # footer that takes the body over the provider's limit, a brand holding a link).
    before = {f.rule for f in findings}
    passes = fixable_ids.isdisjoint(remaining) and before.issuperset(remaining)
    return Rewrite(text=text, changes=tuple(changes), passes=passes, remaining=remaining)


def _recheck(message: FailedMessage, text: str, rules: Sequence[Rule]) -> list[Finding]:
    return run_rules(rules, RuleContext(message.with_body(text)))[0]
