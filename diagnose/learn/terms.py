"""Model feature names in words a support engineer reads, and where in the body they apply.

Used by explanations, from the fitted pipeline and from the inference bundle alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diagnose.learn.body_features import BODY_FEATURES, Spans
from diagnose.rules.base import Finding

_CONTEXT_WORDS = {
    "first_message=true": "first message to this recipient",
    "first_message=false": "not the first message to this recipient",
    "recipient_opted_out=true": "the recipient is marked opted out",
    "recipient_initiated=true": "the recipient texted first",
    "recipient_initiated=false": "the business texted first",
    "has_history": "there is earlier conversation",
    "history_stop_keyword": "the recipient texted STOP earlier and has not opted back in",
    "history_informal_opt_out": "the recipient asked in plain words to stop, and has not "
    "opted back in",
    "to_odd_length": "the 'to' number has an unusual length",
}


def describe(feature: str) -> str:
    """A feature name from ``get_feature_names_out`` in words a support engineer reads."""
    group, _, name = feature.partition("__")
    if group == "words":
        return f"the word{'s' if ' ' in name else ''} '{name}'"
    if group == "chars":
        return f"the text fragment '{name.strip()}'"
    if group == "body":
        return BODY_FEATURES[name][0] if name in BODY_FEATURES else name
    if group == "error":
        key, _, value = name.partition("=")
        if key == "category":
            return f"the provider error maps to '{value}'"
        if key == "status":
            return f"the error code is {value}"
        return "the error is an opaque filter verdict or gives no reason"
    if group == "context":
        if name in _CONTEXT_WORDS:
            return _CONTEXT_WORDS[name]
        key, _, value = name.partition("=")
        return f"{key.replace('_', ' ')} is {value}"
    if group == "rules":
        from diagnose.rules.registry import RULES_BY_ID

        r = RULES_BY_ID.get(name)
        return f"rule {name} ({r.name}) fired" if r else f"rule {name} fired"
    return feature


def feature_spans(
    feature: str, body: str, findings: Sequence[Finding] = (), limit: int = 5
) -> Spans:
    """Where in ``body`` a feature applies (empty when it is about context, not text)."""
    group, _, name = feature.partition("__")
    if group == "body" and name in BODY_FEATURES:
        return BODY_FEATURES[name][1](body)[1][:limit]
    if group == "rules":
        return tuple((s.start, s.end) for f in findings if f.rule == name for s in f.spans)[:limit]
    if group in ("words", "chars") and name.strip():
        if len(body.lower()) != len(body):
            return ()
        needle = name.strip()
        if group == "words":
            parts = [re.escape(p).replace("0", r"0+") for p in needle.split()]
            pattern = re.compile(r"\b" + r"\W+".join(parts) + r"\b")
        else:
            pattern = re.compile(re.escape(needle).replace("0", r"0+"))
        # Spans refer to the folded text; map back through the digit folding.
        return _map_folded(body, pattern, limit)
    return ()


def _map_folded(body: str, pattern: re.Pattern[str], limit: int) -> Spans:
    """Match ``pattern`` on the digit-folded, lower-cased body; spans in original offsets."""
    folded_chars: list[str] = []
    origin: list[int] = []
    i = 0
    low = body.lower()
    while i < len(low):
        if low[i].isdigit():
            j = i
            while j < len(low) and low[j].isdigit():
                j += 1
            folded_chars.append("0")
            origin.append(i)
            i = j
            continue
        folded_chars.append(low[i])
        origin.append(i)
        i += 1
    origin.append(len(body))
    folded = "".join(folded_chars)
    out = []
    for m in pattern.finditer(folded):
        end = origin[m.end()] if m.end() < len(origin) else len(body)
        if m.end() > 0 and folded[m.end() - 1] == "0":
            # A folded digit run ends where the original digits end.
            k = origin[m.end() - 1]
            while k < len(body) and body[k].isdigit():
                k += 1
            end = k
        out.append((origin[m.start()], end))
        if len(out) >= limit:
            break
    return tuple(out)
