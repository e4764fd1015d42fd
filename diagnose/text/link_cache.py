"""A body's links (``find_urls``), found once for the views that each look for them.

In batch triage three places look for the links of the same body: the link rules
(``RuleContext.urls``), the model's link features and the report's template masking. Each
ran ``find_urls`` again. ``links(body)`` remembers what it found, and the batch rule runner
hands in the links its rule contexts already found (``remember``), so a body is scanned
once. Bounded: cleared once ``MAX_BODIES`` bodies are held (a chunk's worth).
"""

from __future__ import annotations

from diagnose.text.links import UrlMatch, find_urls

MAX_BODIES = 20_000

_KNOWN: dict[str, tuple[UrlMatch, ...]] = {}


def links(body: str) -> tuple[UrlMatch, ...]:
    """``find_urls(body)``, remembered."""
    found = _KNOWN.get(body)
    if found is None:
        found = find_urls(body)
        remember(body, found)
    return found


def remember(body: str, found: tuple[UrlMatch, ...]) -> None:
    """Keep ``found``, which must be ``find_urls(body)``, for the next ``links(body)``."""
    if len(_KNOWN) >= MAX_BODIES:
        _KNOWN.clear()
    _KNOWN[body] = found
