"""Chart specifications for the app's count charts, with every axis label in full.

Streamlit's ``st.bar_chart`` leaves Vega-Lite's default label limit (180 px), so a cause
such as ``opted_out_recipient`` read "opted_out_recipi…" on the Triage page. These specs
are plain Vega-Lite dictionaries (no Streamlit, no Altair) for ``st.vega_lite_chart``: the
category axis has no label limit and no label is dropped for overlap, and each bar has a
tooltip with its full label, count and share.
"""

from __future__ import annotations

from typing import Any


def count_bars(
    category: str, *, value_title: str, category_title: str | None = None, height: int = 300
) -> dict[str, Any]:
    """A horizontal bar per category (column ``category``), longest first, from a frame with
    ``rows`` and ``share`` columns (``counts_frame``).

    Example:
        >>> spec = count_bars("cause", value_title="failed rows")
        >>> spec["encoding"]["y"]["axis"]["labelLimit"], spec["encoding"]["y"]["sort"]
        (0, '-x')
    """
    return {
        "mark": {"type": "bar"},
        "height": height,
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "sort": "-x",
                "title": category_title or category,
                "axis": {"labelLimit": 0, "labelOverlap": False},
            },
            "x": {"field": "rows", "type": "quantitative", "title": value_title},
            "tooltip": [
                {"field": category, "type": "nominal"},
                {"field": "rows", "type": "quantitative"},
                {"field": "share", "type": "quantitative", "format": ".0%"},
            ],
        },
    }
