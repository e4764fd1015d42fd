"""Feed the verdicts back: as outside-evaluation cases (``evaluate --cases`` reads them) and as
training rows (``train --with-feedback``), never mixing the two with a test split.

Only cases whose latest verdict names the real cause leave the database this way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from diagnose.feedback.records import Judged, VerdictKind
from diagnose.message import FailedMessage, InputError

if TYPE_CHECKING:
    import pandas as pd

#: ``source_type`` of exported cases, so ``evaluate --cases`` reports them as a group.
SOURCE_TYPE = "engineer_feedback"


def case_dicts(rows: Sequence[Judged]) -> Iterator[dict[str, Any]]:
    """Each judged case in the outside-case format (``eval/README.md``).

    The input is what the database holds: the body only when it was kept (a case without it
    is scored on its error and context, as the tool answers a ticket without the text);
    ``body_template`` and the reference come along for a reader, and ``load_cases`` ignores
    them.
    """
    for r in rows:
        cause = r.confirmed_cause
        if cause is None:
            continue
        case: dict[str, Any] = {
            "id": f"fb-{r.case_id}",
            "source_url": "",
            "source_type": SOURCE_TYPE,
            "input": dict(r.input),
            "expected": cause,
            "acceptable": [],
            "forbidden": [],
            "expected_verdict": None,
            "verdict": r.kind.value,
            "tool_said": r.top_cause,
        }
        if r.body_template is not None and "body" not in r.input:
            case["body_template"] = r.body_template
        if r.reference:
            case["reference"] = r.reference
        if r.note:
            case["notes"] = r.note
        yield case


def write_cases(rows: Sequence[Judged], out: IO[str]) -> int:
    """JSON Lines of ``case_dicts``; returns how many were written."""
    n = 0
    for case in case_dicts(rows):
        out.write(json.dumps(case, ensure_ascii=False) + "\n")
        n += 1
    return n


def training_frame(rows: Sequence[Judged]) -> tuple[pd.DataFrame, dict[str, int]]:
    """The judged cases as training rows shaped like ``diagnose.learn.generate``'s frame.

    Every row has ``split="train"`` (never validation or test) and ``label_source``
    ``feedback:confirmed`` or ``feedback:corrected``. A case stored without its body learns
    from its masked template (``...:template``); one whose input had no body at all is
    skipped, since the model never reads a message without text. Returns the frame and the
    counts (``rows``, ``from_template``, ``skipped_no_text``, ``skipped_invalid``).
    """
    import pandas as pd

    counts: Counter[str] = Counter()
    out = []
    for r in rows:
        cause = r.confirmed_cause
        if cause is None:
            continue
        data = dict(r.input)
        source = "feedback:confirmed" if r.kind is VerdictKind.CONFIRMED else "feedback:corrected"
        if data.get("body") is None:
            if r.body_template is None:
                counts["skipped_no_text"] += 1
                continue
            data["body"] = r.body_template
            source += ":template"
            counts["from_template"] += 1
        try:
            FailedMessage.from_dict(data)
        except InputError:
            counts["skipped_invalid"] += 1
            continue
        out.append(
            {
                "id": f"feedback-{r.case_id}",
                "split": "train",
                "cause": cause,
                "label_source": source,
                "hard": False,
                "kind": "feedback",
                "lang": "",
                "message": json.dumps(data, ensure_ascii=False),
            }
        )
    counts["rows"] = len(out)
    columns = ["id", "split", "cause", "label_source", "hard", "kind", "lang", "message"]
    info = {
        k: counts.get(k, 0) for k in ("rows", "from_template", "skipped_no_text", "skipped_invalid")
    }
    return pd.DataFrame(out, columns=columns), info
