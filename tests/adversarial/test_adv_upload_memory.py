"""Issue 17 item 8: a 99 MB upload left about 1 GB held per app session.

After triage the Triage page keeps what it shows (the results, the summary, the mapped
columns it previews and builds tickets from), not the file: session state is measured
object by object, by what its frames and arrays really hold (not RSS, which other tests and
the allocator make noisy).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from diagnose.batch.synthetic import generate_rows

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROWS = 10_000
#: An export column the page never reads (a provider's URIs, a CRM's notes): most of a wide
#: export's bytes.
NOTES = 3_000


def deep_size(obj: Any, seen: set[int] | None = None) -> int:
    """Bytes ``obj`` keeps alive: frames and arrays by their buffers, containers and plain
    objects by their parts (each object once)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    if isinstance(obj, pd.DataFrame):
        return int(obj.memory_usage(deep=True, index=True).sum())
    if isinstance(obj, pd.Series | pd.Index):
        return int(obj.memory_usage(deep=True))
    if isinstance(obj, pd.Categorical):
        return int(obj.memory_usage(deep=True))
    if isinstance(obj, np.ndarray | pa.Array | pa.ChunkedArray):
        return int(obj.nbytes)
    if isinstance(obj, str | bytes | bytearray | int | float | bool) or obj is None:
        return sys.getsizeof(obj)
    size = sys.getsizeof(obj)
    if isinstance(obj, Mapping):
        return size + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    if isinstance(obj, list | tuple | set | frozenset):
        return size + sum(deep_size(x, seen) for x in obj)
    parts = getattr(obj, "__dict__", None)
    slots = [getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s)]
    return size + (deep_size(parts, seen) if parts else 0) + deep_size(slots, seen)


def _export() -> bytes:
    frame = pd.DataFrame(generate_rows(ROWS, seed=17))
    frame["notes"] = [f"{i:06d}" + "n" * NOTES for i in range(ROWS)]
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()


def test_after_triage_the_session_holds_the_results_not_the_file() -> None:
    data = _export()
    assert len(data) > 30_000_000
    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    at.file_uploader(key="tr_upload").upload("wide.csv", data, "text/csv")
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Rows diagnosed"] == f"{ROWS:,}"
    # "tr_upload" is the uploader's own copy of the file, which Streamlit holds while the
    # file is shown in it; everything else is the page's.
    sizes = {k: deep_size(v) for k, v in at.session_state.items() if k != "tr_upload"}
    largest = max(sizes, key=sizes.__getitem__)
    # Before: the parsed upload alone held every cell (~6x the file as Python strings).
    assert sizes[largest] < len(data) / 8, (largest, sizes[largest], len(data))
    assert sum(sizes.values()) < len(data) / 4, sizes


def test_a_new_mapping_after_triage_reads_the_file_again() -> None:
    data = (
        b"msg,other,code\n"
        b"Hi Sam your order shipped,Reply STOP to opt out,21610\n"
        b"WIN CASH NOW!!! bit.ly/x,hello,30007\n"
    )
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/triage.py").run()
    at.file_uploader(key="tr_upload").upload("m.csv", data, "text/csv")
    at.run()
    at.selectbox(key="tr_map_body").set_value("msg")
    at.selectbox(key="tr_map_error").set_value("code")
    at.button(key="tr_map_submit").click().run()
    assert not at.exception and not at.error
    first = at.dataframe(key="tr_rows").value["body_preview"].tolist()
    assert first[0].startswith("Hi Sam")
    # Only the mapped columns were kept: "other" comes back from the file itself.
    at.selectbox(key="tr_map_body").set_value("other")
    at.button(key="tr_map_submit").click().run()
    assert not at.exception and not at.error
    rows = at.dataframe(key="tr_rows").value
    assert rows["body_preview"].tolist() == ["Reply STOP to opt out", "hello"]
    assert rows["line"].tolist() == [2, 3]
