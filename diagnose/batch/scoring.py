"""Model probabilities for a chunk of rows, predicted once per distinct model input.

``diagnose.learn.inputs.model_input`` reads a whole ``FailedMessage``; building one per row only
to read seven fields cost more than predicting. Here the same tokens come from the parsed
columns (``error_tokens_of``, ``context_tokens_of``, ``to_tokens``, ``rule_ids``: the parts
``model_input`` itself is made of), the error and context ones once per distinct value,
and rows whose inputs are equal share one prediction.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from diagnose.batch.ranking import CAUSE_ORDER, probability_columns
from diagnose.errors.normalise import NormalisedError
from diagnose.learn.inputs import (
    ModelInput,
    context_tokens_of,
    error_tokens_of,
    rule_ids,
    to_tokens,
)
from diagnose.message import FailedMessage, history_before
from diagnose.rules.base import Finding

if TYPE_CHECKING:
    from diagnose.engine import Classifier

#: The ``FailedMessage`` attributes ``context_tokens_of`` reads, in its argument order
#: (the history cut at ``sent_at`` first, see ``history_before``).
CONTEXT_FIELDS = (
    "first_message",
    "recipient_opted_out",
    "recipient_initiated",
    "origin",
    "consent",
    "sender_type",
    "history",
)


class ModelScorer:
    """(probabilities over ``CAUSE_ORDER``, content risk) per row of a chunk.

    ``max_entries`` bounds the per-value caches kept between chunks.
    """

    def __init__(self, model: Classifier, *, max_entries: int) -> None:
        self.model = model
        self.max_entries = max_entries
        self._batched = getattr(model, "predict_inputs", None) is not None
        self._errors: dict[int, tuple[NormalisedError, tuple[str, ...]]] = {}
        self._contexts: dict[Hashable, tuple[str, ...]] = {}
        self._to: dict[str | None, tuple[str, ...]] = {}

    def scores(
        self,
        cols: Mapping[str, Sequence[Any]],
        errors: Sequence[NormalisedError],
        signatures: Sequence[int],
        findings: Sequence[Sequence[Finding]],
        message_of: Callable[[int], FailedMessage],
        row_findings: Callable[[int], Sequence[Finding]],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Row i's rule ids are those of ``findings[signatures[i]]``. A classifier that
        cannot predict in batches gets ``message_of(i)`` and ``row_findings(i)`` instead."""
        if not self._batched:
            return self._one_by_one(errors, message_of, row_findings)
        for cache in (self._errors, self._contexts, self._to):
            if len(cache) > self.max_entries:
                cache.clear()
        err = list(map(self._error_tokens, errors))
        # The model reads the history before the send (``model_input``), as the rules do.
        before = list(map(history_before, cols["history"], cols["sent_at"]))
        ctx_cols = [before if f == "history" else cols[f] for f in CONTEXT_FIELDS]
        try:
            ctx = list(map(self._context_tokens, zip(*ctx_cols, strict=True)))
        except TypeError:  # an unhashable history: no cache for this chunk
            ctx = [context_tokens_of(*values) for values in zip(*ctx_cols, strict=True)]
        to = list(map(self._to_tokens, cols["to"]))
        rules = [rule_ids(f) for f in findings]
        keys = zip(cols["body"], err, ctx, to, map(rules.__getitem__, signatures), strict=True)
        index: dict[tuple[Any, ...], int] = {}
        # setdefault numbers each distinct input by its first row (len is read first).
        slots = np.fromiter(
            (index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=len(errors)
        )
        unique = [ModelInput(b, e, c + t, r) for b, e, c, t, r in index]
        proba, risk = self.model.predict_inputs(unique)  # type: ignore[attr-defined]
        full = np.zeros((len(unique), len(CAUSE_ORDER)), dtype=np.float64)
        full[:, probability_columns(self.model.classes)] = proba  # type: ignore[attr-defined]
        return full[slots], np.asarray(risk, dtype=np.float64)[slots]

    def _error_tokens(self, error: NormalisedError) -> tuple[str, ...]:
        known = self._errors.get(id(error))
        if known is None or known[0] is not error:
            known = self._errors[id(error)] = (error, error_tokens_of(error))
        return known[1]

    def _to_tokens(self, to: str | None) -> tuple[str, ...]:
        """``to_tokens`` once per distinct number (a recipient recurs across a file)."""
        tokens = self._to.get(to)
        if tokens is None:
            tokens = self._to[to] = to_tokens(to)
        return tokens

    def _context_tokens(self, values: tuple[Any, ...]) -> tuple[str, ...]:
        tokens = self._contexts.get(values)
        if tokens is None:
            tokens = self._contexts[values] = context_tokens_of(*values)
        return tokens

    def _one_by_one(
        self,
        errors: Sequence[NormalisedError],
        message_of: Callable[[int], FailedMessage],
        row_findings: Callable[[int], Sequence[Finding]],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        n = len(errors)
        proba = np.zeros((n, len(CAUSE_ORDER)), dtype=np.float64)
        risk = np.zeros(n, dtype=np.float64)
        column = {c: j for j, c in enumerate(CAUSE_ORDER)}
        for i in range(n):
            block = self.model.explain_one(message_of(i), row_findings(i), errors[i])
            for cause, p in block.probabilities.items():
                proba[i, column[cause]] = p
            risk[i] = block.content_risk
        return proba, risk
