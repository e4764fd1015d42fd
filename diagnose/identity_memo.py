"""Results derived from an object, kept per the object's identity (and an optional key).

The hot path derives values from objects that are themselves cached and handed out again
(``normalise_error``'s results, the rule registry): looking them up by ``id`` costs less
than hashing them. Each entry holds its object, so the id cannot be reused by another
object while the entry lives; a full memo is emptied, which keeps memory flat.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

_V = TypeVar("_V")


class IdentityMemo(Generic[_V]):
    """``get``/``put`` of values per (object identity, key), at most ``limit`` entries."""

    __slots__ = ("_entries", "limit")

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._entries: dict[tuple[int, Hashable], tuple[object, _V]] = {}

    def get(self, owner: object, key: Hashable = None) -> _V | None:
        """The value kept for ``owner`` (this very object) and ``key``, or None."""
        known = self._entries.get((id(owner), key))
        return known[1] if known is not None and known[0] is owner else None

    def put(self, owner: object, key: Hashable, value: _V) -> _V:
        """Keep ``value`` for ``owner`` and ``key``, and return it."""
        if len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[(id(owner), key)] = (owner, value)
        return value

    def __len__(self) -> int:
        return len(self._entries)
