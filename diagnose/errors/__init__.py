"""Provider error knowledge: the code table, its data file and the reader of pasted errors.

``codes`` loads ``data/error_codes.csv`` (built by ``scripts/build_error_codes.py`` from
``docs/reference/error-codes/<provider>.csv``) into ``ErrorCodeInfo`` rows. The reader
turns whatever an engineer pasted into one ``NormalisedError``: ``words`` splits text into
words and identifiers, ``index`` indexes the table's texts once, ``align`` finds a long
documented sentence however it was laid out or cut short, ``numbers`` tells codes from HTTP
statuses, lengths, prices and phone numbers, ``cues`` finds the providers a paste
names and the causes its words name, ``reader`` collects and ranks the readings, and
``normalise`` decides what they add up to. ``coverage`` counts what the table covers per
provider; ``outside`` scores the reader on frozen pasted errors. May import
``diagnose.causes``, ``diagnose.verdict``, ``diagnose.message`` and ``diagnose.case_files``
only: the rules, the learning side, batch and the UI read errors through this package,
never the reverse.
"""

from diagnose.errors.codes import ErrorCodeInfo, all_error_codes, lookup, lookup_name
from diagnose.errors.coverage import (
    ProviderCoverage,
    provider_coverage,
    provider_rows,
    totals,
)
from diagnose.errors.normalise import (
    PROVIDER_LABELS,
    NormalisedError,
    Reading,
    generic_filter,
    normalise_error,
)
from diagnose.errors.outside import ErrorCase, load_error_cases, score_errors
from diagnose.message import parse_provider

__all__ = [
    "PROVIDER_LABELS",
    "ErrorCase",
    "ErrorCodeInfo",
    "NormalisedError",
    "ProviderCoverage",
    "Reading",
    "all_error_codes",
    "generic_filter",
    "load_error_cases",
    "lookup",
    "lookup_name",
    "normalise_error",
    "parse_provider",
    "provider_coverage",
    "provider_rows",
    "score_errors",
    "totals",
]
