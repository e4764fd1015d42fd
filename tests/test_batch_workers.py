"""Worker plumbing: shares merged back in line order, cycle collection paced, fast pickles."""

from __future__ import annotations

import gc
import pickle
from collections import Counter

from diagnose.batch.summary import SummaryBuilder
from diagnose.batch.vectorised import BadRow
from diagnose.batch.workers import CyclePacer, dumps, merge_parts


def _part(
    lines: list[int], bad: list[int]
) -> tuple[dict[str, list[object]], list[BadRow], SummaryBuilder]:
    summary = SummaryBuilder()
    summary.causes = Counter({"x": len(lines)})
    columns: dict[str, list[object]] = {"line": list(lines), "top_cause": [f"c{n}" for n in lines]}
    return columns, [BadRow(n, "bad") for n in bad], summary


def test_shares_merge_back_in_line_order() -> None:
    columns, bad, summary = merge_parts([_part([2, 5, 9], [7]), _part([3, 4, 10], [1])])
    assert columns["line"] == [2, 3, 4, 5, 9, 10]
    assert columns["top_cause"] == ["c2", "c3", "c4", "c5", "c9", "c10"]
    assert [b.line for b in bad] == [1, 7]
    assert summary.causes["x"] == 6


def test_the_pacer_freezes_survivors_and_collects_every_n_chunks() -> None:
    pacer = CyclePacer(every=2)
    try:
        assert gc.isenabled()
        with pacer.chunk():
            assert not gc.isenabled()
            keep = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(keep)
        with pacer.chunk():
            pass
        assert gc.get_freeze_count() == 0  # the second chunk unfroze and collected
    finally:
        pacer.close()


def test_fast_pickles_round_trip() -> None:
    payload = ({"body": ["a", "a", "é"], "to": ("1", "2", "3")}, [2, 3, 4])
    assert pickle.loads(dumps(payload)) == payload
