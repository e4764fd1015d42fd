"""sms-diagnose: explain why a text message was not delivered, and how to fix it.

Example:
    >>> from diagnose import FailedMessage, diagnose
    >>> d = diagnose(FailedMessage.from_dict({"body": "Hi!", "error": "21610"}))
    >>> d.top.cause.value
    'opted_out_recipient'
"""

from diagnose.causes import CAUSES, Actor, Cause, CauseInfo, parse_cause
from diagnose.diagnosis import (
    SCHEMA_VERSION,
    ContextNeed,
    Diagnosis,
    FeatureContribution,
    ModelBlock,
    Obstacle,
    Placeholder,
    RankedCause,
    Recheck,
    Rewrite,
    ScoreTerms,
)
from diagnose.engine import Classifier, diagnose, recheck_rewrite
from diagnose.errors.codes import ErrorCodeInfo, lookup
from diagnose.errors.normalise import NormalisedError, generic_filter, normalise_error
from diagnose.explain import BASIS_LABELS, SHOWN_CAUSES, Basis
from diagnose.message import (
    MESSAGE_FIELDS,
    Consent,
    FailedMessage,
    HistoryEntry,
    InputError,
    Origin,
    Provider,
    SenderType,
    parse_provider,
)
from diagnose.render_text import render_text, rewrite_status
from diagnose.rules import RULES, Finding, Rule, Severity, Span, get_rule
from diagnose.text.segments import SegmentInfo, gsm7_fold, segment_info
from diagnose.verdict import VERDICT_TITLES, Verdict, verdict_for

__all__ = [
    "BASIS_LABELS",
    "CAUSES",
    "MESSAGE_FIELDS",
    "RULES",
    "SCHEMA_VERSION",
    "SHOWN_CAUSES",
    "VERDICT_TITLES",
    "Actor",
    "Basis",
    "Cause",
    "CauseInfo",
    "Classifier",
    "Consent",
    "ContextNeed",
    "Diagnosis",
    "ErrorCodeInfo",
    "FailedMessage",
    "FeatureContribution",
    "Finding",
    "HistoryEntry",
    "InputError",
    "ModelBlock",
    "NormalisedError",
    "Obstacle",
    "Origin",
    "Placeholder",
    "Provider",
    "RankedCause",
    "Recheck",
    "Rewrite",
    "Rule",
    "ScoreTerms",
    "SegmentInfo",
    "SenderType",
    "Severity",
    "Span",
    "Verdict",
    "diagnose",
    "generic_filter",
    "get_rule",
    "gsm7_fold",
    "lookup",
    "normalise_error",
    "parse_cause",
    "parse_provider",
    "recheck_rewrite",
    "render_text",
    "rewrite_status",
    "segment_info",
    "verdict_for",
]
