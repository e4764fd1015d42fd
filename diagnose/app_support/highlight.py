"""Escaping-safe HTML for a message body with evidence highlighted.

Why ``st.html`` over ``html.escape`` rather than ``st.markdown``: the body is untrusted
customer text. Markdown would need *its* syntax neutralised too (``![x](https://...)``
loads a remote image, ``[a](javascript:...)`` makes a link), and markdown escaping rules are
easy to get wrong. HTML escaping is one well-defined function: every user-derived piece
(body text, rule messages in tooltips) goes through ``html.escape(quote=True)`` and the only
tags emitted are the fixed ``<mark>``/``<span>``/``<div>`` below, so the body is always
shown as inert text. Streamlit additionally sanitises ``st.html`` with DOMPurify, a second
layer we do not rely on.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from diagnose.rules.base import Finding

#: Longest body highlighted in full; beyond it the view is cut and says so.
DISPLAY_LIMIT = 20_000

# Severity colours: light enough to read black text on, distinct without colour vision
# (each mark also gets a dotted/solid/double underline).
_KIND_STYLE = {
    "blocker": "background:#fdd;border-bottom:3px double #b00;",
    "likely": "background:#ffe3b3;border-bottom:2px solid #a60;",
    "advisory": "background:#e6f0ff;border-bottom:2px dotted #246;",
    "ucs2": "background:#eadcff;border-bottom:2px solid #63c;",
}

BODY_STYLE = (
    "white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,"
    "Menlo,Consolas,monospace;font-size:0.95rem;line-height:1.6;padding:0.75rem 1rem;"
    "border:1px solid rgba(128,128,128,0.35);border-radius:0.5rem;color:#111;"
    "background:#fafafa;max-height:24rem;overflow-y:auto;"
)


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted range ``[start, end)`` with its label (shown as a tooltip)."""

    start: int
    end: int
    label: str
    kind: str = "likely"


_RANK = {"blocker": 0, "likely": 1, "advisory": 2, "ucs2": 3}


def marks_from_findings(findings: Iterable[Finding]) -> list[Mark]:
    """One mark per evidence span, labelled with the rule id and its per-hit message."""
    return [
        Mark(s.start, s.end, f"{f.rule} {f.name}: {f.message}", f.severity.value)
        for f in findings
        for s in f.spans
    ]


def marks_from_ucs2(ucs2_chars: Sequence[tuple[str, Sequence[int]]]) -> list[Mark]:
    """Marks for the characters that forced UCS-2 (``SegmentInfo.ucs2_chars``)."""
    out: list[Mark] = []
    for char, offsets in ucs2_chars:
        label = f"Not in GSM-7: {char!r} (U+{ord(char[0]):04X}) forces UCS-2"
        # Offsets are the start of each occurrence; a cluster spans len(char) code points.
        out.extend(Mark(o, o + len(char), label, "ucs2") for o in offsets)
    return out


def highlight_html(body: str, marks: Sequence[Mark], *, limit: int = DISPLAY_LIMIT) -> str:
    """The body as inert HTML with every mark wrapped in ``<mark>``; overlaps are merged.

    Example:
        >>> "&lt;b&gt;<mark" in highlight_html("<b>hi</b>", [Mark(3, 5, "x")])
        True
    """
    shown = body[:limit]
    n = len(shown)
    clean = [m for m in marks if 0 <= m.start < m.end and m.start < n]
    cuts = sorted({0, n, *(m.start for m in clean), *(min(m.end, n) for m in clean)})
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        text = escape(shown[a:b], quote=True)
        covering = [m for m in clean if m.start <= a and min(m.end, n) >= b]
        if not covering:
            parts.append(text)
            continue
        covering.sort(key=lambda m: _RANK.get(m.kind, 9))
        style = _KIND_STYLE.get(covering[0].kind, _KIND_STYLE["likely"])
        labels = list(dict.fromkeys(m.label for m in covering))
        title = escape("\n".join(labels), quote=True)
        parts.append(f'<mark title="{title}" style="{style}color:inherit;">{text}</mark>')
    if len(body) > limit:
        parts.append(
            f'<span style="color:#666;">\n… {len(body) - limit:,} more characters not shown</span>'
        )
    return f'<div role="document" style="{BODY_STYLE}">{"".join(parts)}</div>'


def legend_html() -> str:
    """A fixed legend for the highlight colours (no user data)."""
    items = [
        ("blocker", "blocker: will be refused"),
        ("likely", "likely to be filtered"),
        ("advisory", "advisory"),
        ("ucs2", "forces UCS-2"),
    ]
    spans = " ".join(
        f'<mark style="{_KIND_STYLE[k]}color:inherit;padding:0 0.3em;">{escape(t)}</mark>'
        for k, t in items
    )
    return f'<div style="font-size:0.8rem;margin:0.25rem 0;">{spans}</div>'


# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also neutralises Streamlit's own directives (":red[...]", ":material/x:", "$math$").
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GFM turns bare "http://", "www." and e-mail addresses into links after escapes are
# resolved, so escaping cannot stop it: an invisible WORD JOINER (not a word character,
# not whitespace) between "scheme:" and "//", "www" and ".", "@" and the domain breaks the
# pattern and shows the same text.
_AUTOLINK = re.compile(r"(?<=\\:)(?=\\/\\/)|(?<=www)(?=\\\.)|(?<=\\@)", re.IGNORECASE)
_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    r"""``text`` made literal for ``st.markdown`` (for short user-derived strings in prose):
    no emphasis, link, image, HTML, math or Streamlit directive, and no autolink.

    Example:
        >>> escape_markdown("*a*") == r"\*a\*"
        True
        >>> escape_markdown("see http://x.co") == "see http\\:\u2060\\/\\/x\\.co"
        True
    """
    return _AUTOLINK.sub(_JOINER, _MD_SPECIAL.sub(r"\\\1", text))
