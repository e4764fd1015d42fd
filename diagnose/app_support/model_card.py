"""The Model page's data card and outside-case headline, as text and tables.

The data card was a raw JSON tree: keys to click open. A person reads it as a few sentences
(what was generated, its known biases) and small tables (rows per split, cause, label
source and corpus). The outside cases (failed messages nobody on this project wrote) are
the figure closest to real use, so they get their own headline. Like ``model_view``, every
reader tolerates a missing block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

#: The data card's count tables: (key, title, column name of the key).
_TABLES = (
    ("by_split", "Rows per split", "split"),
    ("by_cause", "Rows per cause", "cause"),
    ("by_label_source_kind", "Where each label comes from", "label source"),
    ("corpora", "Real SMS corpora used (UCI, Mendeley)", "corpus / split"),
)


def data_card_markdown(card: Mapping[str, Any]) -> str:
    """The card's scalar facts and its known biases, as markdown prose and a list.

    Example:
        >>> print(data_card_markdown({"rows": 9000, "hard": 1378, "known_biases": ["Synthetic."]}))
        **9,000** generated rows, **1,378** of them hard cases.
        <BLANKLINE>
        **Known biases**
        - Synthetic.
    """
    lines = []
    rows, hard = card.get("rows"), card.get("hard")
    if isinstance(rows, int):
        sentence = f"**{rows:,}** generated rows"
        if isinstance(hard, int):
            sentence += f", **{hard:,}** of them hard cases"
        version = card.get("generator_version")
        if version is not None:
            sentence += f" (generator version {version})"
        lines.append(sentence + ".")
    biases = card.get("known_biases")
    if isinstance(biases, list) and biases:
        lines += ["", "**Known biases**", *(f"- {b}" for b in biases)]
    return "\n".join(lines)


def data_card_tables(card: Mapping[str, Any]) -> list[tuple[str, pd.DataFrame]]:
    """(title, table) for each count block of the card, largest count first."""
    out = []
    for key, title, column in _TABLES:
        counts = card.get(key)
        if not isinstance(counts, Mapping) or not counts:
            continue
        frame = pd.DataFrame({column: list(counts), "rows": [int(v) for v in counts.values()]})
        out.append((title, frame.sort_values("rows", ascending=False, kind="stable")))
    return out


def outside_headline(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of rules + model on the outside cases: top-1, top-1 or an acceptable
    cause, top-3, how many cases had a forbidden cause first, and the verdict read right.
    Empty when not recorded."""
    block = (
        manifest.get("metrics", {}).get("outside_cases") if isinstance(manifest, Mapping) else None
    )
    if not isinstance(block, Mapping):
        return []
    arm = block.get("rules_plus_model") or block.get("rules_only")
    if not isinstance(arm, Mapping):
        return []
    n = block.get("n")
    of = f" of {n}" if n else ""
    out = []
    for label, key in (
        ("Top cause right", "top1"),
        ("Right or acceptable", "top1_or_acceptable"),
        ("Expected cause in the top 3", "top3"),
    ):
        value = arm.get(key)
        if isinstance(value, int | float):
            out.append((label, f"{value:.0%}{of}"))
    forbidden = arm.get("forbidden_at_top")  # a count of cases, not a rate
    if isinstance(forbidden, int):
        out.append(("Forbidden cause first", f"{forbidden}{of} cases"))
    verdict = block.get("verdict")
    if isinstance(verdict, Mapping) and isinstance(verdict.get("accuracy"), int | float):
        out.append(("Verdict right", f"{verdict['accuracy']:.0%} of {verdict.get('n')}"))
    return out
