"""Worker processes for ``--jobs N``: each chunk is split by recipient across the workers.

A ``multiprocessing.Pool`` hands whole chunks to whichever worker is free, so every worker
sees every recipient and parses each number again (``phonenumbers``: 10-25 µs a number,
cached per process). Here the rows of each chunk are sharded by their ``to`` cell (by body
when there is none), so a number or body is only ever diagnosed in one worker and each
worker's caches cover its share. The parent merges the parts back into input order.

Payloads are pickled without the memo (``Pickler.fast``): chunks are flat lists of
strings, for which the memo is most of pickle's cost and saves nothing.
"""

from __future__ import annotations

import contextlib
import gc
import io
import multiprocessing
import pickle
import queue
import sys
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from diagnose.batch.formats import ColumnMapping
from diagnose.batch.readers import RawChunk
from diagnose.batch.summary import SummaryBuilder, add_to_summary
from diagnose.batch.vectorised import BadRow, BatchDiagnoser

#: Chunks in flight at once: one being diagnosed, one queued (memory stays flat).
IN_FLIGHT = 2

Columns = dict[str, list[Any]]
Result = tuple[Columns, list[BadRow], SummaryBuilder]


def dumps(obj: Any) -> bytes:
    """Pickle without the memo: several times faster on flat lists of strings."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: payloads are trees (no cycles, little sharing)
    pickler.dump(obj)
    return buf.getvalue()


class CyclePacer:
    """Cycle collection in a batch process: a full pass every ``every`` chunks, none between.

    A chunk leaves hundreds of thousands of objects alive (cache entries, mostly), and the
    next young-generation collection traverses them all (~90 ms a chunk, ~5% of a run) only
    to find no garbage: a chunk makes no reference cycles (none found over the benchmark's
    chunks). So a chunk runs with the collector off, its survivors are frozen
    (``gc.freeze``: refcounting still frees them), and every ``every`` chunks everything is
    unfrozen and collected, which bounds what a rare cycle could hold on to.
    """

    def __init__(self, every: int = 50) -> None:
        self.every = every
        self.chunks = 0

    @contextlib.contextmanager
    def chunk(self) -> Iterator[None]:
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            self.chunks += 1
            if self.chunks % self.every:
                gc.freeze()
            else:
                gc.unfreeze()
                gc.collect()
            if enabled:
                gc.enable()

    @staticmethod
    def close() -> None:
        """Hand the frozen objects back to the collector (the process goes on)."""
        gc.unfreeze()


def diagnose_part(
    diagnoser: BatchDiagnoser,
    columns: Any,
    lines: Sequence[int],
    include_bodies: bool,
    pacer: CyclePacer | None = None,
) -> Result:
    """One chunk (or a worker's share of it): result columns, bad rows, summary counts."""
    with pacer.chunk() if pacer is not None else contextlib.nullcontext():
        result = diagnoser.run_chunk(columns, lines)
        part = SummaryBuilder(keep_examples=include_bodies)
        add_to_summary(part, result)
    part.bad_rows = 0  # reader-level bad rows are counted by the parent
    return result.columns, result.bad, part


def _serve(
    conn: Any,
    mapping: ColumnMapping,
    use_model: bool,
    keep: Sequence[str],
    include: bool,
    inherited: Sequence[Any] = (),
) -> None:
    """A worker's loop: chunks in, results out, until the parent sends ``None`` or is gone.

    ``inherited`` are the parent's ends of the pipes (this worker's and the earlier ones'),
    which a forked child holds copies of: closed here, so that when the parent dies (even by
    SIGKILL, which runs no clean-up) the last copy of this pipe's other end goes with it and
    the worker reads EOF and exits, instead of waiting forever with its model in memory.
    """
    for end in inherited:
        end.close()
    try:
        _serve_chunks(conn, mapping, use_model, keep, include)
    except (EOFError, OSError):
        return  # the parent is gone: nothing to answer


def _serve_chunks(
    conn: Any, mapping: ColumnMapping, use_model: bool, keep: Sequence[str], include: bool
) -> None:
    model = None
    if use_model:
        from diagnose.learn.loading import load_default_model

        model = load_default_model()[0]
    diagnoser = BatchDiagnoser(mapping, model=model, keep=keep)
    pacer = CyclePacer()
    while True:
        payload = pickle.loads(conn.recv_bytes())
        if payload is None:
            return
        columns, lines = payload
        try:
            reply: Any = diagnose_part(diagnoser, columns, lines, include, pacer)
        except Exception as exc:  # the parent raises it; its text may quote a row: not sent
            reply = _Failed(type(exc).__name__)
        conn.send_bytes(dumps(reply))


@dataclass(frozen=True, slots=True)
class _Failed:
    """A worker's chunk raised; ``error`` names the exception's type (never row contents)."""

    error: str


class WorkerError(RuntimeError):
    """A worker process failed on a chunk, or died."""


@dataclass(slots=True)
class _Pending:
    raw: RawChunk
    workers: list[int]  # the workers that got a share of it


class ShardedWorkers:
    """``jobs`` worker processes, each owning the rows of its share of the recipients."""

    def __init__(
        self,
        jobs: int,
        mapping: ColumnMapping,
        *,
        use_model: bool,
        keep: Sequence[str],
        include_bodies: bool,
    ) -> None:
        ctx: Any = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        self._conns: list[Any] = []
        self._procs: list[Any] = []
        self._tasks: list[queue.SimpleQueue[bytes | None]] = []
        self._replies: list[queue.SimpleQueue[bytes | None]] = []
        self._threads: list[threading.Thread] = []
        key = mapping.columns.get("to") or mapping.columns["body"]
        self._key = key
        forked = ctx.get_start_method() == "fork"
        for _ in range(jobs):
            parent, child = ctx.Pipe()
            # A forked child inherits every parent end made so far: it closes them (_serve).
            inherited = (*self._conns, parent) if forked else ()
            proc = ctx.Process(
                target=_serve,
                args=(child, mapping, use_model, tuple(keep), include_bodies, inherited),
                daemon=True,
            )
            proc.start()
            child.close()
            self._conns.append(parent)
            self._procs.append(proc)
            # A thread each way per worker: the parent never blocks on one worker's pipe
            # while another waits for work (and a worker sending a big result while the
            # parent sends it the next chunk cannot deadlock).
            tasks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
            replies: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
            for target, q in ((_feed, tasks), (_drain, replies)):
                thread = threading.Thread(target=target, args=(parent, q), daemon=True)
                thread.start()
                self._threads.append(thread)
            self._tasks.append(tasks)
            self._replies.append(replies)

    def run(self, chunks: Iterator[RawChunk]) -> Iterator[tuple[RawChunk, Result]]:
        """Results in input order, ``IN_FLIGHT`` chunks at a time."""
        pending: list[_Pending] = []
        for raw in chunks:
            pending.append(self._send(raw))
            if len(pending) >= IN_FLIGHT:
                first = pending.pop(0)
                yield first.raw, self._receive(first)
        for p in pending:
            yield p.raw, self._receive(p)

    def _send(self, raw: RawChunk) -> _Pending:
        jobs = len(self._conns)
        cells = raw.columns.get(self._key)
        n = len(raw.lines)
        shares: list[list[int]] = [[] for _ in range(jobs)]
        if cells is None:  # a JSON Lines chunk without the key: round robin
            for i in range(n):
                shares[i % jobs].append(i)
        else:
            for i, cell in enumerate(cells):
                shares[_shard(cell, jobs)].append(i)
        workers = [k for k in range(jobs) if shares[k]] or [0]
        for k in workers:
            rows = shares[k]
            if len(rows) == n:  # all of it (or an empty chunk, which still gets a result)
                payload: Any = (raw.columns, raw.lines)
            elif len(rows) == 1:
                i = rows[0]
                payload = ({c: [v[i]] for c, v in raw.columns.items()}, [raw.lines[i]])
            else:
                pick = itemgetter(*rows)
                payload = ({c: pick(v) for c, v in raw.columns.items()}, pick(raw.lines))
            self._tasks[k].put(dumps(payload))
        return _Pending(raw, workers)

    def _receive(self, pending: _Pending) -> Result:
        parts: list[Result] = []
        for k in pending.workers:
            data = self._replies[k].get()
            if data is None:
                raise WorkerError(f"worker {k + 1} died (out of memory?)")
            reply = pickle.loads(data)
            if isinstance(reply, _Failed):
                raise WorkerError(
                    f"worker {k + 1} failed with {reply.error}; run with --jobs 1 to see where"
                )
            parts.append(reply)
        return merge_parts(parts)

    def close(self) -> None:
        for tasks in self._tasks:
            tasks.put(dumps(None))  # the worker's stop
            tasks.put(None)  # the feeder's
        for proc in self._procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
        self._close_conns()

    def terminate(self) -> None:
        for tasks in self._tasks:
            tasks.put(None)
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join(timeout=5)
        self._close_conns()

    def _close_conns(self) -> None:
        # Only once the threads are out of their pipes: a connection closed under a thread
        # blocked in recv_bytes makes it read from fd None (a TypeError traceback on stderr).
        # A worker gone, its pipe gives EOF and the threads end.
        for thread in self._threads:
            thread.join(timeout=5)
        for conn in self._conns:
            conn.close()


def _feed(conn: Any, tasks: queue.SimpleQueue[bytes | None]) -> None:
    """Send ``tasks`` to a worker in order until ``None`` (or the worker is gone)."""
    with contextlib.suppress(OSError):
        while (data := tasks.get()) is not None:
            conn.send_bytes(data)


def _drain(conn: Any, replies: queue.SimpleQueue[bytes | None]) -> None:
    """Move a worker's replies into ``replies`` as they come; ``None`` when it is gone."""
    try:
        while True:
            replies.put(conn.recv_bytes())
    except (EOFError, OSError):
        replies.put(None)


def _shard(cell: Any, jobs: int) -> int:
    """The worker of a recipient: a checksum, not ``hash``, which Python salts per process,
    so the same file is split the same way in every run (and the report's examples with it)."""
    text = cell if isinstance(cell, str) else repr(cell)
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % jobs


def merge_parts(parts: Sequence[Result]) -> Result:
    """The workers' shares of one chunk as one result, rows back in input (line) order."""
    if len(parts) == 1:
        return parts[0]
    names = list(parts[0][0])
    lines = [x for p in parts for x in p[0]["line"]]
    order = sorted(range(len(lines)), key=lines.__getitem__)
    columns: Columns = {}
    for name in names:
        joined = [x for p in parts for x in p[0][name]]
        columns[name] = [joined[i] for i in order]
    bad = sorted((b for p in parts for b in p[1]), key=lambda b: b.line)
    summary = parts[0][2]
    for p in parts[1:]:
        summary.merge(p[2])
    return columns, bad, summary
