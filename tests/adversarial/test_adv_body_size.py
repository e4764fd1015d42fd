"""Per body, the work is linear, and a body longer than any provider accepts is diagnosed as
too long (LEN002) from its first ``MAX_BODY_CHARS`` characters only.

Time itself is measured in ``benchmarks/bench_linear.py`` (1 MB over 100 kB); here the
work is counted: the characters the link feature's searches scan, and the length of text
the rules and the model are given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose import FailedMessage, diagnose
from diagnose.batch import run_batch
from diagnose.learn import features
from diagnose.message import MAX_BODY_CHARS
from diagnose.text.links import find_urls


class _Counted(str):
    """A body that counts the characters its ``find`` and ``rfind`` calls scan."""

    scanned = 0

    def find(self, sub: str, start: int | None = 0, end: int | None = None) -> int:  # type: ignore[override]
        _Counted.scanned += (len(self) if end is None else end) - (start or 0)
        return str.find(self, sub, start, end)

    def rfind(self, sub: str, start: int | None = 0, end: int | None = None) -> int:  # type: ignore[override]
        _Counted.scanned += (len(self) if end is None else end) - (start or 0)
        return str.rfind(self, sub, start, end)


@pytest.mark.parametrize(
    "unit",
    ["x.co", "go a.co now ", "Visit http://bit.ly/x FREE!!\n", "a.b\nc.d e.f "],
)
def test_the_link_feature_scans_each_character_a_bounded_number_of_times(unit: str) -> None:
    body = _Counted(unit * (20_000 // len(unit)))
    _Counted.scanned = 0
    found = features._urls.__wrapped__(body)  # type: ignore[attr-defined]
    assert _Counted.scanned <= 2 * len(body) + 64
    assert [(u.start, u.end) for u in found] == [(u.start, u.end) for u in find_urls(str(body))]


def test_a_body_over_the_limit_is_diagnosed_as_too_long_from_its_start() -> None:
    body = "Sale! Visit http://bit.ly/x now " * (3 * MAX_BODY_CHARS // 32)
    d = diagnose(FailedMessage(body=body, error="30007"))
    assert "LEN002" in [f.rule for f in d.findings]
    assert d.segments is not None and d.segments.characters == MAX_BODY_CHARS
    assert any(f"{len(body):,} characters" in n for n in d.notes)
    spans = [s for f in d.findings for s in f.spans]
    assert spans and max(end for _, end in spans) <= MAX_BODY_CHARS
    # at the limit, nothing is cut and nothing is said
    d = diagnose(FailedMessage(body=body[:MAX_BODY_CHARS], error="30007"))
    assert not any("characters, more than any provider" in n for n in d.notes)


def test_batch_cuts_an_overlong_body_as_diagnose_does(tmp_path: Path) -> None:
    start = "x" * MAX_BODY_CHARS
    body = start + " Visit bit.ly/abc" + "x" * (5 * MAX_BODY_CHARS)  # a link past the limit
    src = tmp_path / "in.jsonl"
    rows = [{"body": body, "error": "21617"}, {"body": start, "error": "21617"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(str(src), str(out), output_format="jsonl", use_model=False, progress=False)
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert "LEN002" in first["rules"]
    assert {k: v for k, v in first.items() if k != "line"} == {
        k: v for k, v in second.items() if k != "line"
    }
