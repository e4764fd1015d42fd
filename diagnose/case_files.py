"""Frozen case files: JSON Lines, one case a line, with ``//`` comment lines and blank lines.

The outside sets (``eval/``), the hand-written cases and exported feedback share the form;
each reader turns the objects into its own case type.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")


def case_objects(path: Path | str) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed JSON)`` for each case line; ``ValueError`` names a bad line.

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('// a comment\\n\\n{"id": 1}\\n')
        >>> list(case_objects(f.name))
        [(3, {'id': 1})]
    """
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            yield n, json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from None


def load_cases_with(path: Path | str, make: Callable[[Any], _T]) -> list[_T]:
    """Every case of ``path`` built by ``make``; a missing key or a bad value is a
    ``ValueError`` naming the file and line."""
    cases = []
    for n, raw in case_objects(path):
        try:
            cases.append(make(raw))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{n}: not a case ({exc})") from None
    return cases
