"""Offsets into a message body: the unit every finding, term match and highlight points with.

Kept apart from the rule engine so that the text scanners it builds on (lexicon, opt-out
and promotional scans) can be imported without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Span(NamedTuple):
    """``[start, end)`` offsets into the original message body."""

    start: int
    end: int


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted spans with overlapping ones dropped (the earlier, longer one wins)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return tuple(out)
