"""Engineers' verdicts on diagnoses: capture, storage, the per-rule report, and the way back
into evaluation and training.

A support engineer often learns the real cause of a failure days later. This package keeps
that knowledge: each diagnosis the engineer judges is stored as a *case* (the input, by
default only as a SHA-256 of the body and its masked template, and what the tool answered)
with one or more *verdicts* (confirmed, wrong with the right cause, or not sure). The store
is a SQLAlchemy database migrated by Alembic (``migrations/``): a SQLite file in the user's
data directory by default, or the PostgreSQL named by ``SMS_DIAGNOSE_DB``.

May import the pipeline's models (``diagnose.message``, ``causes``, ``diagnosis``,
``verdict``), ``diagnose.rules`` (rule id -> cause) and ``diagnose.batch.mask`` (templates).
Only the CLI and the app import it; the library proper never does (``train`` takes the
feedback rows as a plain frame). Names load lazily (PEP 562), so importing the package, or
registering the ``feedback`` command, does not import SQLAlchemy, Alembic or SciPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnose.feedback.capture import case_from_diagnosis, case_from_result, private_input
    from diagnose.feedback.export import case_dicts, training_frame, write_cases
    from diagnose.feedback.importer import ImportSummary, import_results
    from diagnose.feedback.location import (
        DB_ENV,
        database_url,
        default_db_path,
        display_url,
    )
    from diagnose.feedback.records import (
        CaseRecord,
        Judged,
        Scope,
        VerdictInput,
        VerdictKind,
        judge,
        tool_version,
    )
    from diagnose.feedback.report import (
        MIN_FEEDBACK,
        FeedbackReport,
        Rate,
        build_report,
        render_report,
    )
    from diagnose.feedback.store import FeedbackStore, StoreError, open_store
    from diagnose.feedback.triage import row_templates, template_counts, triage_items
    from diagnose.feedback.wilson import wilson_interval

_EXPORTS: dict[str, str] = {
    "case_from_diagnosis": "capture",
    "case_from_result": "capture",
    "private_input": "capture",
    "case_dicts": "export",
    "training_frame": "export",
    "write_cases": "export",
    "ImportSummary": "importer",
    "import_results": "importer",
    "DB_ENV": "location",
    "database_url": "location",
    "default_db_path": "location",
    "display_url": "location",
    "CaseRecord": "records",
    "Judged": "records",
    "Scope": "records",
    "VerdictInput": "records",
    "VerdictKind": "records",
    "judge": "records",
    "tool_version": "records",
    "MIN_FEEDBACK": "report",
    "FeedbackReport": "report",
    "Rate": "report",
    "build_report": "report",
    "render_report": "report",
    "FeedbackStore": "store",
    "StoreError": "store",
    "open_store": "store",
    "wilson_interval": "wilson",
    "row_templates": "triage",
    "template_counts": "triage",
    "triage_items": "triage",
}

__all__ = [
    "DB_ENV",
    "MIN_FEEDBACK",
    "CaseRecord",
    "FeedbackReport",
    "FeedbackStore",
    "ImportSummary",
    "Judged",
    "Rate",
    "Scope",
    "StoreError",
    "VerdictInput",
    "VerdictKind",
    "build_report",
    "case_dicts",
    "case_from_diagnosis",
    "case_from_result",
    "database_url",
    "default_db_path",
    "display_url",
    "import_results",
    "judge",
    "open_store",
    "private_input",
    "render_report",
    "row_templates",
    "template_counts",
    "tool_version",
    "training_frame",
    "triage_items",
    "wilson_interval",
    "write_cases",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"diagnose.feedback.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
