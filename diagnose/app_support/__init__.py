"""Pure helpers behind the Streamlit pages: form parsing, examples, safe highlighting, payloads,
the catalogue and model views, and triage uploads.

The pages only collect input and render; everything here is testable without Streamlit and
never imports it (the one cached loader lives in ``app_pages/cached.py``). May import any
part of the library; nothing in the library imports this package.
"""

from diagnose.app_support.catalogue import code_rows, doc_sections, search_rules
from diagnose.app_support.examples import EXAMPLES, EXAMPLES_BY_KEY
from diagnose.app_support.form import (
    FORM_FIELDS,
    TRI_STATE,
    describe_input_error,
    form_state,
    message_from_form,
    widget_key,
)
from diagnose.app_support.highlight import (
    escape_markdown,
    highlight_html,
    legend_html,
    marks_from_findings,
    marks_from_ucs2,
)
from diagnose.app_support.model_view import (
    arms_frame,
    best_arm,
    confusion_long,
    evaluation,
    headline,
    per_cause_frame,
    reliability_frame,
)
    cause_sets,
from diagnose.app_support.payload import result_json
    content_risk_frame,
    content_risk_headline,
from diagnose.app_support.triage import (
    evaluation_sets_frame,
    MAPPABLE_FIELDS,
    counts_frame,
    provenance,
    mapping_for,
    message_at,
    results_csv,
    results_jsonl,
    run_triage,
)
from diagnose.app_support.upload import MAX_ROWS, Upload, UploadError, read_upload

__all__ = [
    "EXAMPLES",
    "EXAMPLES_BY_KEY",
    "FORM_FIELDS",
    "MAPPABLE_FIELDS",
    "MAX_ROWS",
    "TRI_STATE",
    "Upload",
    "UploadError",
    "arms_frame",
    "best_arm",
    "code_rows",
    "confusion_long",
    "counts_frame",
    "describe_input_error",
    "doc_sections",
    "escape_markdown",
    "cause_sets",
    "evaluation",
    "form_state",
    "headline",
    "content_risk_frame",
    "content_risk_headline",
    "highlight_html",
    "legend_html",
    "mapping_for",
    "marks_from_findings",
    "marks_from_ucs2",
    "evaluation_sets_frame",
    "message_at",
    "message_from_form",
    "per_cause_frame",
    "read_upload",
    "reliability_frame",
    "result_json",
    "results_csv",
    "results_jsonl",
    "run_triage",
    "search_rules",
    "provenance",
    "widget_key",
]
