"""A readable plain-text report of a diagnosis, with the evidence marked in the body."""

from __future__ import annotations

import re

from diagnose.diagnosis import Diagnosis
from diagnose.explain import BASIS_LABELS, SHOWN_CAUSES, Basis
from diagnose.message import FailedMessage
from diagnose.verdict import VERDICT_TITLES

_MAX_BODY = 2000
# Characters a terminal acts on instead of showing: C0/C1 controls other than line feed and
# tab (escape sequences, carriage return, backspace) and bidirectional overrides. A body
# holding them would rewrite the report on screen, so they are shown as escapes.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]


def mark_spans(
    body: str, spans: list[tuple[int, int]], open_: str = "[[", close: str = "]]"
) -> str:
    """The body with each span wrapped in markers (overlapping spans are merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [body[last:start], open_, body[start:end], close]
        last = end
    out.append(body[last:])
    return "".join(out)


def _bar(confidence: float, width: int = 20) -> str:
    filled = round(confidence * width)
    return "#" * filled + "." * (width - filled)


def rewrite_status(d: Diagnosis) -> str:
    """One line on the corrected message that says no more than its re-check showed."""
    rw = d.rewrite
    if rw is None:
        return "nothing to change in the text"
    if rw.text is None:
        if any(o.content for o in rw.obstacles):
            return "no rewording makes this message sendable"
        return "rewording cannot fix this: what failed is not in the text"
    if rw.placeholders:
        names = ", ".join(p.token for p in rw.placeholders)
        return f"fill in {names} first: it is not checked until then"
    check = rw.recheck
    how = f"re-checked as a new send ({check.mode})" if check else "not re-checked"
    if rw.passes:
        return f"{how}: passes"
    if check is not None and check.flagged:
        risk = f", content risk {check.content_risk:.0%}" if check.content_risk is not None else ""
        return f"{how}: still flagged as {check.top_cause.value}{risk}"
    if rw.remaining:
        return f"{how}: still flagged by {', '.join(rw.remaining)}"
    return f"{how}: the text passes, but rewording cannot fix what is below"


def _corrected_lines(d: Diagnosis) -> list[str]:
    rw = d.rewrite
    assert rw is not None
    lines = [""]
    if rw.text is not None:
        lines += [f"Corrected message ({rewrite_status(d)}):", f"    {rw.text}"]
        for p in rw.placeholders:
            was = f" (replaces {p.replaces})" if p.replaces else ""
            lines.append(f"  {p.token}: {p.prompt}{was}")
        for ch in rw.changes:
            lines.append(f"  * {ch}")
    if rw.obstacles:
        head = (
            f"{rewrite_status(d)[0].upper()}{rewrite_status(d)[1:]}; what must change:"
            if rw.text is None
            else "Rewording cannot fix:"
        )
        lines.append(head)
        for o in rw.obstacles:
            lines.append(f" - {o.rule or 'error code'} {o.cause.value}: {o.what_must_change}")
    return lines


def render_text(message: FailedMessage, d: Diagnosis, *, all_causes: bool = False) -> str:
    """The report a support engineer reads in a terminal (the first ``SHOWN_CAUSES`` causes,
    or every one with ``all_causes``)."""
    lines = [f"Diagnosis ({d.mode})", "=" * 60]
    err = d.error
    if err.status != "none":
        code = err.code or err.raw
        label = f"{err.provider.value} " if err.provider else ""
        name = f" ({err.name})" if err.name else ""
        cat = err.category.value if err.category else "not an error"
        lines.append(f"Error: {label}{code}{name} -> {cat} [{err.status}]")
    lines.append(f"Verdict: {VERDICT_TITLES[d.verdict]}")
    lines.append("")
    lines.append("Likely causes:")
    listed = d.causes if all_causes else d.causes[:SHOWN_CAUSES]
    for i, c in enumerate(listed, 1):
        t = c.terms
        terms = ", ".join(
            f"{k}={v:.2f}"
            for k, v in (("error", t.error_prior), ("rules", t.rule_evidence), ("model", t.model))
            if v is not None
        )
        retry = "retry may help" if c.retryable else "do not retry"
        why = BASIS_LABELS[Basis(c.basis)]
        if c.identified:
            lines.append(
                f" {i}. {c.cause.value:<30} {_bar(c.confidence)} {c.confidence:4.0%}  ({terms})"
            )
        else:
            # An honest "no cause identified" gets no confident bar.
            lines.append(f" {i}. {c.cause.value:<30} no cause identified  ({terms})")
        lines.append(
            f"    {c.title} ({why}). Who can act: "
            f"{', '.join(a.value for a in c.who_can_act)}; {retry}."
        )
        lines.append(f"    Fix: {c.fix}")
    if len(d.causes) > len(listed):
        more = len(d.causes) - len(listed)
        lines.append(f"    ({more} less likely cause{'s' if more > 1 else ''}: --all shows them)")
    if d.findings:
        lines += ["", "Findings:"]
        for f in d.findings:
            lines.append(f" - {f.rule} {f.name} [{f.severity.value}] {f.message}")
        spans = [(s.start, s.end) for f in d.findings for s in f.spans]
        if spans and message.body is not None:
            body = message.body
            shown = mark_spans(body, spans) if len(body) <= _MAX_BODY else body[:_MAX_BODY] + "..."
            lines += ["", "Evidence in the body (marked [[like this]]):", f"    {shown}"]
    s = d.segments
    if s is None:
        lines += ["", "Body: not given (the diagnosis comes from the error and the context)."]
    else:
        forced = ", ".join(repr(ch) for ch, _ in s.ucs2_chars) if s.ucs2_chars else ""
        lines += [
            "",
            f"Segments: {s.characters} characters, {s.encoding}, {s.segments} segment(s)"
            + (f"; UCS-2 forced by {forced}" if forced else ""),
        ]
    if d.needs_context:
        lines += ["", "What else would help:"]
        for n in d.needs_context:
            lines.append(f" - {n.field}: {'; '.join(n.reasons)}")
    if d.rewrite:
        lines += _corrected_lines(d)
    for note in d.notes:
        lines += ["", f"Note: {note}"]
    return _TERMINAL_CONTROLS.sub(_visible, "\n".join(lines)) + "\n"
