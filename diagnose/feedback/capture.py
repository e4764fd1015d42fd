"""Turn what the engineer saw into a ``CaseRecord``: from a diagnosis (the app) or from a
result row of batch triage (the CLI import, the triage page), keeping customer data out.

Bodies and phone numbers are customer data. Unless the engineer chooses to keep them, a
case holds the body only as a SHA-256 (to find the same text again) and its masked template
("Hi <name>, your code is <n>"); ``to``/``from`` are dropped and the history's texts are
masked the same way. The rest of the input (error, provider, context) is kept as given.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

from diagnose.batch.mask import mask_template
from diagnose.causes import parse_cause
from diagnose.diagnosis import Diagnosis
from diagnose.feedback.records import CaseRecord, tool_version
from diagnose.message import FailedMessage
from diagnose.rules import RULES_BY_ID

#: uuid5 namespace for case keys derived from a result row (re-imports find the same case).
_ROW_NAMESPACE = uuid.UUID("5b0f8d0e-8a3c-4c1e-9d43-6f1f6c2b7a10")
#: Fields that hold phone numbers.
NUMBER_FIELDS = ("to", "from")


def body_sha256(body: str) -> str:
    """SHA-256 of the body's UTF-8 (a lone surrogate kept as its code point).

    Example:
        >>> body_sha256("Hi")[:12]
        '3639efcd08ab'
    """
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def private_input(
    message: FailedMessage, *, keep_text: bool = False
) -> tuple[dict[str, Any], str | None, str | None]:
    """(the input to store, the body's SHA-256, its masked template).

    Example:
        >>> m = FailedMessage.from_dict({"body": "Hi Sam, code 123456", "to": "+15551234567",
        ...                              "error": "30007"})
        >>> private_input(m)[0], private_input(m)[2]
        ({'error': '30007'}, 'Hi <name>, code <n>')
    """
    data = message.to_dict()
    body = message.body
    digest = body_sha256(body) if body is not None else None
    template = mask_template(body) if body is not None else None
    if not keep_text:
        data.pop("body", None)
        for name in NUMBER_FIELDS:
            data.pop(name, None)
        if "history" in data:
            data["history"] = [{**h, "body": mask_template(h["body"])} for h in data["history"]]
    return data, digest, template


def case_from_diagnosis(
    message: FailedMessage,
    diagnosis: Diagnosis,
    *,
    keep_text: bool = False,
    source: str = "app",
    model_sha256: str | None = None,
    external_id: str | None = None,
    uid: str | None = None,
) -> CaseRecord:
    """The case for a diagnosis the engineer is looking at (``uid`` new unless given)."""
    data, digest, template = private_input(message, keep_text=keep_text)
    model = diagnosis.model
    return CaseRecord(
        uid=uid or str(uuid.uuid4()),
        source=source,
        input=data,
        text_kept=keep_text,
        body_sha256=digest,
        body_template=template,
        top_cause=diagnosis.top.cause.value,
        causes=tuple((c.cause.value, round(float(c.confidence), 4)) for c in diagnosis.causes[:5]),
        findings=tuple((f.rule, f.cause.value) for f in diagnosis.findings),
        carrier_verdict=diagnosis.verdict.value,
        mode=diagnosis.mode,
        model_version=model.version if model is not None else None,
        model_sha256=model_sha256 if model is not None else None,
        tool_version=tool_version(),
        external_id=external_id,
    )


def _cell(row: Mapping[str, Any], name: str) -> str | None:
    value = row.get(name)
    if value is None or (isinstance(value, float) and value != value):  # NaN from pandas
        return None
    text = str(value).strip()
    return text or None


def _confidence(text: str | None) -> float | None:
    try:
        return None if text is None else round(float(text), 4)
    except ValueError:
        return None


def case_from_result(
    row: Mapping[str, Any],
    *,
    message: FailedMessage | None = None,
    id_column: str | None = None,
    keep_text: bool = False,
    source: str = "import",
    file_key: str = "",
) -> CaseRecord:
    """The case for one row of batch results (``top_cause``, ``rules``, ``line``, ...).

    ``message`` is the row's input when the export is at hand; without it the stored input
    is the error code alone. The case key comes from the row's id (``id_column``), else from
    ``file_key`` (a digest of the file) and the line, plus what the tool answered, so the
    same results imported twice are the same cases (a case keeps what it was first recorded
    with). Raises ``ValueError`` for a row whose
    ``top_cause`` is not a cause.
    """
    top = _cell(row, "top_cause")
    if top is not None:
        top = parse_cause(top).value
    external_id = _cell(row, id_column) if id_column else None
    rules = [r for r in (_cell(row, "rules") or "").split(";") if r]
    findings = tuple((r, RULES_BY_ID[r].cause.value if r in RULES_BY_ID else None) for r in rules)
    causes = [(top, _confidence(_cell(row, "confidence")))] if top else []
    if second := _cell(row, "second_cause"):
        causes.append((parse_cause(second).value, _confidence(_cell(row, "second_confidence"))))
    if message is not None:
        data, digest, template = private_input(message, keep_text=keep_text)
    else:
        code = _cell(row, "error_code")
        data, digest, template = ({"error": code} if code else {}), None, None
    who = f"id={external_id}" if external_id else f"file={file_key}|line={_cell(row, 'line')}"
    answer = f"{top}|{';'.join(rules)}|{_cell(row, 'error_code')}"
    return CaseRecord(
        uid=str(uuid.uuid5(_ROW_NAMESPACE, f"{who}|{answer}")),
        source=source,
        input=data,
        text_kept=keep_text and message is not None,
        body_sha256=digest,
        body_template=template,
        top_cause=top,
        causes=tuple((c, p) for c, p in causes if c is not None),
        findings=findings,
        carrier_verdict=_cell(row, "verdict"),
        mode=None,  # a results file does not say which model (if any) produced it
        tool_version=None,
        external_id=external_id,
    )
