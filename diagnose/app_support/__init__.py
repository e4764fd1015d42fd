"""Pure helpers behind the Streamlit pages: form parsing, examples, safe highlighting, payloads,
the catalogue and model views, and triage uploads.

The pages only collect input and render; everything here is testable without Streamlit and
never imports it (the one cached loader lives in ``app_pages/cached.py``). May import any
part of the library; nothing in the library imports this package.
"""

from diagnose.app_support.catalogue import (
    code_rows,
    coverage_rows,
    doc_sections,
    reading_rows,
    search_rules,
)
from diagnose.app_support.charts import count_bars
from diagnose.app_support.examples import EXAMPLES, EXAMPLES_BY_KEY
from diagnose.app_support.form import (
    FORM_FIELDS,
    TRI_STATE,
    describe_input_error,
    form_state,
    form_summary,
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
from diagnose.app_support.literal import md_literal
from diagnose.app_support.model_card import (
    data_card_markdown,
    data_card_tables,
    outside_headline,
)
from diagnose.app_support.model_view import (
    arms_frame,
    best_arm,
    cause_sets,
    confusion_long,
    content_risk_frame,
    content_risk_headline,
    evaluation,
    evaluation_sets_frame,
    headline,
    per_cause_frame,
    provenance,
    reliability_frame,
)
from diagnose.app_support.payload import result_json
from diagnose.app_support.triage import (
    MAPPABLE_FIELDS,
    PERCENT_COLUMNS,
    counts_frame,
    make_ticket,
    mapping_for,
    message_at,
    results_csv,
    results_jsonl,
    row_table,
    run_triage,
    ticket_for,
    ticket_rows,
    with_options,
)
from diagnose.app_support.upload import MAX_ROWS, Upload, UploadError, read_upload

__all__ = [
    "EXAMPLES",
    "EXAMPLES_BY_KEY",
    "FORM_FIELDS",
    "MAPPABLE_FIELDS",
    "MAX_ROWS",
    "PERCENT_COLUMNS",
    "TRI_STATE",
    "Upload",
    "UploadError",
    "arms_frame",
    "best_arm",
    "cause_sets",
    "code_rows",
    "confusion_long",
    "content_risk_frame",
    "content_risk_headline",
    "count_bars",
    "counts_frame",
    "coverage_rows",
    "data_card_markdown",
    "data_card_tables",
    "describe_input_error",
    "doc_sections",
    "escape_markdown",
    "evaluation",
    "evaluation_sets_frame",
    "form_state",
    "form_summary",
    "headline",
    "highlight_html",
    "legend_html",
    "make_ticket",
    "mapping_for",
    "marks_from_findings",
    "marks_from_ucs2",
    "md_literal",
    "message_at",
    "message_from_form",
    "outside_headline",
    "per_cause_frame",
    "provenance",
    "read_upload",
    "reading_rows",
    "reliability_frame",
    "result_json",
    "results_csv",
    "results_jsonl",
    "row_table",
    "run_triage",
    "search_rules",
    "ticket_for",
    "ticket_rows",
    "widget_key",
    "with_options",
]
