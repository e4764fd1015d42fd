"""The confidence interval every feedback rate is shown with."""

from __future__ import annotations

#: Two-sided confidence of the intervals shown.
CONFIDENCE = 0.95


def wilson_interval(hits: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for ``hits`` of ``n`` (SciPy's ``binomtest``).

    Wilson, not the normal approximation: feedback counts are small, rates sit near 0 or 1,
    and there the normal interval leaves [0, 1] or collapses to a point.

    Example:
        >>> tuple(round(x, 4) for x in wilson_interval(8, 10))
        (0.4902, 0.9433)
    """
    if n <= 0:
        raise ValueError("an interval needs at least one observation")
    from scipy.stats import binomtest

    ci = binomtest(hits, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)
