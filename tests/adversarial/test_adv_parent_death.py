"""Worker processes exit when their parent dies, even by SIGKILL (no clean-up runs).

``--jobs N`` forks N workers, each reading chunks from a pipe. A forked child holds copies
of the parent's pipe ends; if it keeps them, the parent's death closes nothing, the worker
never reads EOF, and it waits forever with its caches and model (~310 MB each).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diagnose.batch.synthetic import generate_rows

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (only its exit status is left)


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    cols = generate_rows(60_000, seed=5)
    src = tmp_path / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(cols)
        writer.writerows(zip(*cols.values(), strict=True))
    out = tmp_path / "out.csv"
    cli = "import sys; from diagnose.cli import main; sys.exit(main())"
    argv = [sys.executable, "-c", cli, "batch", str(src), "-o", str(out), "--jobs", "2"]
    argv += ["--rules-only", "--no-progress", "--chunk-rows", "500"]
    parent = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        progress = Path(f"{out}.progress.json")
        assert _wait_for(lambda: progress.exists() and len(_children(parent.pid)) >= 2, 60)
        workers = _children(parent.pid)
        assert parent.poll() is None, "the run ended before it could be killed: make it longer"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        gone = _wait_for(lambda: not any(_alive(w) for w in workers), 30)
        assert gone, f"workers {[w for w in workers if _alive(w)]} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for w in workers or _children(parent.pid):  # what a failure would leave behind
            if _alive(w):
                os.kill(w, signal.SIGKILL)
