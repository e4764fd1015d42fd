"""Downloadable JSON for a diagnosis: the input beside the result, so a file is self-contained."""

from __future__ import annotations

import json
from typing import Any

from diagnose.diagnosis import Diagnosis
from diagnose.message import FailedMessage


def result_dict(message: FailedMessage, diagnosis: Diagnosis) -> dict[str, Any]:
    """``{"message": ..., "diagnosis": ...}``, both in their documented JSON forms."""
    return {"message": message.to_dict(), "diagnosis": diagnosis.to_dict()}


def result_json(message: FailedMessage, diagnosis: Diagnosis) -> str:
    """Pretty, UTF-8-preserving JSON (non-ASCII characters are evidence: keep them readable)."""
    return json.dumps(result_dict(message, diagnosis), ensure_ascii=False, indent=2)
