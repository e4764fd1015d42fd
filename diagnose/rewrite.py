"""A corrected message: the smallest edits that clear the findings a text edit can clear.

What only the sender can write (the link on their own domain, the business name, what the
offer is) becomes a ``Placeholder`` to fill in, never literal text that would be scored.
What no rewording fixes (cannabis, phishing, consent, an opt-out) is an ``Obstacle`` with
what must change (``diagnose.rewrite_limits``); with content obstacles there is no text.
This module drafts the text; ``diagnose.engine.recheck_rewrite`` re-checks it as a new send
(rules and model) and sets ``passes`` from that re-check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import cast

from diagnose.causes import Cause
from diagnose.diagnosis import Placeholder, Rewrite
from diagnose.identity_memo import IdentityMemo
from diagnose.message import FailedMessage
from diagnose.rewrite_limits import CONTENT_OBSTACLES, content_blocked, obstacles
from diagnose.rewrite_pressure import OFFER_PROMPT, pressure_edits
from diagnose.rules import spam
from diagnose.rules.base import Finding, Rule, Scope, Span
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.length import UNCARRIABLE_RE
from diagnose.text.segments import gsm7_fold, segment_info

OPT_OUT_FOOTER = "Reply STOP to opt out."
LINK_PROMPT = "The full link, on a domain your business owns (https://yourbrand.com/...)"
BRAND_PROMPT = "Your business name, as your customers know it"
#: Rules whose spans are links to replace by one on the sender's own domain.
LINK_RULES = ("LNK001", "LNK002", "LNK004", "LNK005", "LNK006", "CNT007")
#: Causes a rewrite can address even when their rule reads context (first-message duties,
#: a link that does not carry the brand).
TEXT_FIXABLE_CAUSES = frozenset(
    {
        Cause.MISSING_OPT_OUT_LANGUAGE,
        Cause.MISSING_BRAND_IDENTIFICATION,
        Cause.URL_OR_LINK_FILTERING,
    }
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: Words an all-caps rewrite keeps in capitals: what SPM001 does not count as shouting.
_KEEP_CAPS = spam.KEYWORDS | spam.ACRONYMS
#: Rules a text edit clears without asking anyone (no wording to choose): applied again
#: when the first edits made them fire (a footer that lifts a short text over SPM001's
#: minimum, a brand holding "!!!").
_MECHANICAL = frozenset({"OBF001", "SPM002", "SPM001", "LEN005"})

#: The opt-out keyword a message had before its edits must still be there after them.
_STOP = re.compile(r"\bstop\b", re.IGNORECASE)

Part = str | Placeholder
Replacement = str | Placeholder | tuple[Part, ...]


def body_fixable(rule: Rule) -> bool:
    """Can editing the text clear this rule's findings? Not when the content itself is
    what carriers refuse (``CONTENT_OBSTACLES``): no wording of a cannabis offer passes."""
    if rule.id in CONTENT_OBSTACLES:
        return False
    return rule.scope is Scope.BODY or rule.cause in TEXT_FIXABLE_CAUSES


def _replace_spans(text: str, edits: Sequence[tuple[Span, Replacement]]) -> list[Part]:
    """Apply span replacements; of overlapping ones the earliest, then the longest, wins
    (a dropped sentence takes the link inside it with it)."""
    out: list[Part] = []
    last = 0
    for span, new in sorted(set(edits), key=lambda e: (e[0].start, -e[0].end)):
        if span.start < last:
            continue
        out.append(text[last : span.start])
        out.extend(new if isinstance(new, tuple) and not isinstance(new, Placeholder) else (new,))
        last = span.end
    out.append(text[last:])
    return _merged(out)


def _merged(parts: Sequence[Part]) -> list[Part]:
    """Adjacent strings joined, empty ones dropped."""
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += p
                continue
        out.append(p)
    return out


def _text_of(parts: Sequence[Part], blank: bool = True) -> str:
    """The parts as text: placeholders blank (for internal checks, never for scoring)."""
    return "".join(p if isinstance(p, str) else "" if blank else p.token for p in parts)


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


def _mechanical(parts: Sequence[Part], rule_ids: Collection[str]) -> tuple[list[Part], list[str]]:
    """The edits that need no choice of words, for the rules among ``rule_ids``, made to
    the text between the placeholders."""
    changes: list[str] = []
    out = list(parts)

    def each(edit: Callable[[str], str]) -> None:
        for i, p in enumerate(out):
            if isinstance(p, str):
                out[i] = edit(p)

    if "LEN005" in rule_ids:
        each(lambda t: UNCARRIABLE_RE.sub("", t))
        changes.append("Removed characters no SMS encoding can carry.")
    if "OBF001" in rule_ids:
        each(lambda t: t.translate(_ZERO_WIDTH))
        changes.append("Removed invisible zero-width characters.")
    if "SPM002" in rule_ids:
        each(lambda t: spam.PUNCT_RUN.sub(lambda m: m.group()[0], t))
        changes.append("Collapsed repeated punctuation and symbols.")
    if "SPM001" in rule_ids:
        each(lambda t: spam.CAPS_WORD.sub(_calm_caps, t))
        changes.append("Changed all-caps words to normal case.")
    return _merged(out), changes


_FIXABLE_IDS: IdentityMemo[frozenset[str]] = IdentityMemo(limit=32)


def fixable_ids(rules: Sequence[Rule]) -> frozenset[str]:
    """Ids of the rules a text edit can clear, kept per rule tuple (the registry, usually;
    a list could change in place, so it is read each time)."""
    known = _FIXABLE_IDS.get(rules) if type(rules) is tuple else None
    if known is None:
        known = frozenset(r.id for r in rules if body_fixable(r))
        if type(rules) is tuple:
            _FIXABLE_IDS.put(rules, None, known)
    return known


def _link_placeholders(text: str, spans: Sequence[Span]) -> list[tuple[Span, Replacement]]:
    """One placeholder per distinct link: ``{link}``, ``{link_2}``, ..."""
    names: dict[str, Placeholder] = {}
    edits: list[tuple[Span, Replacement]] = []
    for span in sorted(set(spans)):
        link = text[span.start : span.end]
        if link not in names:
            name = "link" if not names else f"link_{len(names) + 1}"
            names[link] = Placeholder(name, LINK_PROMPT, link)
        edits.append((span, names[link]))
    return edits


def suggest_rewrite(
    message: FailedMessage,
    findings: Sequence[Finding],
    rules: Sequence[Rule],
    *,
    error_cause: Cause | None = None,
) -> Rewrite | None:
    """The corrected message as a draft: edits, placeholders and obstacles, not yet scored
    (``passes`` is None; ``diagnose.engine.recheck_rewrite`` decides it). ``None`` when
    there is nothing to change and nothing in the way.

    ``error_cause`` is the cause a specific, known error code names: an opt-out (21610) or
    an unregistered sender (30034) is an obstacle no rewording removes.
    """
    fixable = fixable_ids(rules)
    found = obstacles(findings, fixable, error_cause)
    if message.body is None:
        return None  # no text to correct (an error-only diagnosis)
    if content_blocked(found):
        return Rewrite((), (), False, (), found) if found else None
    to_fix = [f for f in findings if f.rule in fixable]
    if not to_fix:
        return Rewrite((), (), False, (), found) if found else None
    body = message.body
    changes: list[str] = []
    # Span edits first, while the spans still point into the original body.
    links = _spans_of(to_fix, *LINK_RULES)
    nonstandard = sorted(_spans_of(to_fix, "OPT002"))
    edits: list[tuple[Span, Replacement]] = [*_link_placeholders(body, links)]
    edits += _opt_out_edits(body, nonstandard)
    if any(f.rule == "SPM003" for f in to_fix):
        cut, removed, offer_at = pressure_edits(body, links)
        edits += [e for e in cut if e[0] != offer_at]
        if offer_at is not None:
            edits.append((offer_at, (Placeholder("offer", OFFER_PROMPT), " ")))
        if removed:
            quoted = "; ".join(f"'{r}'" for r in dict.fromkeys(removed))
            changes.append(
                f"Removed the prize and pressure wording ({quoted}): a filter reads the "
                "claim and the push as spam, however they are punctuated."
            )
        if offer_at is not None:
            changes.append("Nothing of the offer was left: say plainly what it is ({offer}).")
    parts = _replace_spans(body, edits)
    if any(isinstance(p, Placeholder) and p.name.startswith("link") for p in parts):
        changes.append(
            "Replaced the shortened, raw-IP, look-alike or throwaway links with {link}: the "
            "full link on a domain you own."
        )
    if nonstandard:
        changes.append(
            "Replaced the non-standard opt-out instruction with 'Reply STOP to opt out.'"
        )
    applied = _MECHANICAL.intersection(f.rule for f in to_fix)
    parts, more = _mechanical(parts, applied)
    changes += more
    brand = (message.brand or "").strip()
    if _has(to_fix, Cause.MISSING_BRAND_IDENTIFICATION):
        name: Part = brand or Placeholder("brand", BRAND_PROMPT)
        parts = _merged([name, ": ", *_lstripped(parts)])
        changes.append(
            f"Named the business at the start ('{brand}: ')."
            if brand
            else "Named the business at the start ({brand}: only you know its name)."
        )
    # An {offer} to fill in makes the text marketing, which OPT001 holds to the opt-out
    # footer whatever the message's place: the footer goes on with it.
    offered = any(isinstance(p, Placeholder) and p.name == "offer" for p in parts)
    if (
        _has(to_fix, Cause.MISSING_OPT_OUT_LANGUAGE) or (offered and not _STOP.search(body))
    ) and not nonstandard:
        parts = _with_footer(parts)
        changes.append("Appended the standard opt-out footer 'Reply STOP to opt out.'")
    elif _STOP.search(body) and not _STOP.search(_text_of(parts)):
        parts = _with_footer(parts)  # it sat in a sentence that went with a prize claim
        changes.append("Kept the opt-out instruction as the standard footer.")
    folded = [gsm7_fold(p) if isinstance(p, str) else p for p in parts]
    if folded != parts and _segments(folded) < _segments(parts):
        parts = folded
        changes.append(
            "Replaced smart quotes, dashes and similar characters with GSM-7 ones, "
            "which saves segments."
        )
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    if _text_of(parts, blank=False) == body:
        return Rewrite((), (), False, (), found) if found else None
    # The edits above can make a mechanical rule fire that did not before ("BIG SALE at
    # WOW hi" + footer shouts): apply it too. Placeholders count as blank here; this only
    # picks edits, it scores nothing.
    after = _rules_on(message, _text_of(parts), rules)
    again = {f.rule for f in after if f.rule in _MECHANICAL} - applied
    if again:
        parts, more = _mechanical(parts, again)
        changes += more
    return Rewrite(tuple(parts), tuple(changes), None, (), found)


def _lstripped(parts: Sequence[Part]) -> list[Part]:
    if parts and isinstance(parts[0], str):
        return [parts[0].lstrip(), *parts[1:]]
    return list(parts)


def _with_footer(parts: Sequence[Part]) -> list[Part]:
    """The standard footer after the last sentence (a full stop after a trailing link)."""
    out = list(parts)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
        if not out[-1]:
            out.pop()
    if not out:
        return [OPT_OUT_FOOTER]
    last = out[-1]
    # After a placeholder (a link, the offer in the sender's words) a space: a full stop
    # would follow a link or double the offer's own.
    sep = " " if not isinstance(last, str) or last[-1] in ".!?" else ". "
    return _merged([*out, sep, OPT_OUT_FOOTER])


def _segments(parts: Sequence[Part]) -> int:
    return segment_info(_text_of(parts)).segments


def _rules_on(message: FailedMessage, text: str, rules: Sequence[Rule]) -> list[Finding]:
    return run_rules(rules, RuleContext(message.with_body(text)))[0]
