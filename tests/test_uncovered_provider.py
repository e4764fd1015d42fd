"""A provider the table does not cover reaches the error reader, in a diagnosis and in batch
alike: its error is read by its words, never as another provider's code."""

from __future__ import annotations

import pandas as pd

from diagnose import Cause, FailedMessage, diagnose
from diagnose.batch import triage_frame

ROWS = [
    # "1002" is a code in covered tables; from an uncovered gateway it is only its words.
    {
        "body": "hi",
        "error": "1002 The SMS message contains sensitive words.",
        "provider": "tencent",
    },
    {"body": "hi", "error": "status: rejected", "provider": "other:messagemedia"},
]


def test_the_name_reaches_the_reader() -> None:
    first = diagnose(FailedMessage.from_dict(ROWS[0]), rewrite=False)
    assert first.error.provider is None and first.error.info is None
    assert first.top.cause is Cause.PROHIBITED_CONTENT
    assert "not a provider the reference table covers" in first.error.note


def test_batch_reads_it_as_a_diagnosis_does() -> None:
    results, bad, _ = triage_frame(pd.DataFrame(ROWS))
    assert bad.empty
    single = [diagnose(FailedMessage.from_dict(r), rewrite=False) for r in ROWS]
    assert results["top_cause"].tolist() == [d.top.cause.value for d in single]
    assert results["error_category"].tolist() == [d.error.category.value for d in single]
