"""The feedback database: record cases and verdicts, read them back, purge them.

One engine per store. Every write is one short transaction, so concurrent writers (two app
sessions and a CLI import) lose nothing: SQLite runs in WAL mode and takes its write lock at
``BEGIN IMMEDIATE`` (a writer waits up to 30 s for another instead of failing half-way),
PostgreSQL needs nothing special for inserts. A case is inserted with ``ON CONFLICT DO
NOTHING`` on its ``uid``, so two writers recording the same diagnosis make one case.
Opening a store migrates the database to the newest revision first (under an advisory lock
on PostgreSQL, the write lock on SQLite, so two first starts do not race).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from diagnose.feedback.location import database_url, display_url, sqlite_path
from diagnose.feedback.migrate import current_revision, head_revision, upgrade
from diagnose.feedback.records import (
    CaseRecord,
    Judged,
    VerdictInput,
    VerdictKind,
    as_utc,
)
from diagnose.feedback.schema import CaseRow, VerdictRow

#: Seconds a SQLite writer waits for another one's transaction to end.
SQLITE_TIMEOUT = 30
#: pg_advisory_xact_lock key taken while migrating ("smsd" in ASCII).
_PG_MIGRATION_LOCK = 0x736D7364
#: Rows per transaction in ``record_many`` (short enough that an app session never waits long).
BATCH = 500


class StoreError(RuntimeError):
    """The database cannot be opened, migrated or written; the message says which and where."""


class Recorded(NamedTuple):
    case_id: int
    verdict_id: int | None
    new_case: bool
    new_verdict: bool


class CaseRef(NamedTuple):
    id: int
    top_cause: str | None
    external_id: str | None
    created_at: datetime


def _clean(value: str | None) -> str | None:
    """Text PostgreSQL can store: no NUL, no lone surrogate (both become U+FFFD)."""
    if value is None:
        return None
    value = value.replace("\x00", "\ufffd")
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None and not path.exists():
        # Customer context lives here: only the user may read it.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
    engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own BEGIN is deferred (the lock is taken at the first write, and a
        # writer that then finds the database busy fails at once); issue our own instead.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        for pragma in (
            f"busy_timeout = {SQLITE_TIMEOUT * 1000}",
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "foreign_keys = ON",
            "secure_delete = ON",  # purged rows are overwritten, not left in free pages
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("feedback_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite gets WAL, a busy timeout and immediate write locks)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


class FeedbackStore:
    """The feedback database at ``url`` (``SMS_DIAGNOSE_DB`` or the default file if None).

    Example:
        >>> store = FeedbackStore("sqlite://")  # in memory
        >>> store.counts()["cases"]
        0
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            self.migrate()

    @property
    def where(self) -> str:
        """The database's URL without its password."""
        return display_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(feedback_write=True)
                with conn.begin():
                    yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"feedback database {self.where}: {_reason(exc)}") from exc

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"feedback database {self.where}: {_reason(exc)}") from exc

    # --- schema ---------------------------------------------------------------------------

    def revision(self) -> str | None:
        with self._read() as conn:
            return current_revision(conn)

    def migrate(self, revision: str = "head") -> None:
        """Bring the database to ``revision`` (default: the newest); a no-op when it is."""
        target = head_revision() if revision == "head" else revision
        if self.revision() == target:
            return
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            if current_revision(conn) != target:  # another process may have just done it
                upgrade(conn, revision)

    # --- writing --------------------------------------------------------------------------

    def record(
        self, case: CaseRecord, verdict: VerdictInput | None = None, *, skip_same: bool = False
    ) -> Recorded:
        """Store ``case`` (once per uid) and ``verdict`` on it, in one transaction.

        With ``skip_same``, a verdict equal to the case's latest one (kind, cause, note,
        reference) is not stored again: importing the same file twice changes nothing.
        """
        return self.record_many([(case, verdict)], skip_same=skip_same)[0]

    def record_many(
        self,
        items: Iterable[tuple[CaseRecord, VerdictInput | None]],
        *,
        skip_same: bool = False,
    ) -> list[Recorded]:
        """``record`` for many, ``BATCH`` to a transaction."""
        out: list[Recorded] = []
        batch: list[tuple[CaseRecord, VerdictInput | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                out += self._record_batch(batch, skip_same)
                batch = []
        if batch:
            out += self._record_batch(batch, skip_same)
        return out

    def _record_batch(
        self, batch: Sequence[tuple[CaseRecord, VerdictInput | None]], skip_same: bool
    ) -> list[Recorded]:
        out = []
        with self._write() as conn:
            for case, verdict in batch:
                case_id, new_case = self._upsert_case(conn, case)
                verdict_id, new_verdict = None, False
                if verdict is not None:
                    same = self._latest_same(conn, case_id, verdict) if skip_same else None
                    if same is not None:
                        verdict_id = same
                    else:
                        verdict_id, new_verdict = _insert_verdict(conn, case_id, verdict), True
                out.append(Recorded(case_id, verdict_id, new_case, new_verdict))
        return out

    def _upsert_case(self, conn: Connection, case: CaseRecord) -> tuple[int, bool]:
        values = {
            "uid": case.uid,
            "created_at": as_utc(case.created_at),
            "source": case.source,
            "external_id": _clean(case.external_id),
            "input": dict(case.input),
            "text_kept": case.text_kept,
            "body_sha256": case.body_sha256,
            "body_template": _clean(case.body_template),
            "tool_version": case.tool_version,
            "mode": case.mode,
            "model_version": case.model_version,
            "model_sha256": case.model_sha256,
            "top_cause": case.top_cause,
            "causes": [list(c) for c in case.causes],
            "findings": [list(f) for f in case.findings],
            "carrier_verdict": case.carrier_verdict,
        }
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stmt = (
            dialect.insert(CaseRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=["uid"])
            .returning(CaseRow.id)
        )
        new_id = conn.execute(stmt).scalar()
        if new_id is not None:
            return int(new_id), True
        case_id = conn.execute(select(CaseRow.id).where(CaseRow.uid == case.uid)).scalar_one()
        return int(case_id), False

    def _latest_same(self, conn: Connection, case_id: int, v: VerdictInput) -> int | None:
        row = conn.execute(
            select(
                VerdictRow.id,
                VerdictRow.kind,
                VerdictRow.cause,
                VerdictRow.note,
                VerdictRow.reference,
            )
            .where(VerdictRow.case_id == case_id)
            .order_by(VerdictRow.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        cause = v.cause.value if v.cause is not None else None
        if (row.kind, row.cause, row.note, row.reference) == (
            v.kind.value,
            cause,
            _clean(v.note),
            _clean(v.reference),
        ):
            return int(row.id)
        return None

    def add_verdict(self, case_id: int, verdict: VerdictInput) -> int:
        """A new verdict on a stored case; ``StoreError`` if there is no such case."""
        with self._write() as conn:
            if conn.execute(select(CaseRow.id).where(CaseRow.id == case_id)).first() is None:
                raise StoreError(f"no case #{case_id} in {self.where}")
            return _insert_verdict(conn, case_id, verdict)

    def purge(self, before: datetime) -> tuple[int, int]:
        """Delete every case diagnosed before ``before`` and every verdict on it.

        Returns (cases, verdicts) deleted. SQLite is then vacuumed and its WAL truncated, so
        the deleted text is gone from the file too, not only from the tables.
        """
        cutoff = as_utc(before)
        old = select(CaseRow.id).where(CaseRow.created_at < cutoff)
        with self._write() as conn:
            verdicts = conn.execute(delete(VerdictRow).where(VerdictRow.case_id.in_(old)))
            cases = conn.execute(delete(CaseRow).where(CaseRow.created_at < cutoff))
            counts = (cases.rowcount, verdicts.rowcount)
        if self.is_sqlite and sqlite_path(self.url) is not None:
            raw = self.engine.raw_connection()  # VACUUM cannot run inside a transaction
            try:
                raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
        return counts

    # --- reading --------------------------------------------------------------------------

    def find_case(self, ref: str) -> CaseRef | None:
        """A case by its number (``12`` or ``#12``) or by the id it came with (the newest)."""
        key = ref.strip()
        number = key[1:] if key.startswith("#") else key
        with self._read() as conn:
            cols = (CaseRow.id, CaseRow.top_cause, CaseRow.external_id, CaseRow.created_at)
            row = None
            if number.isdigit():
                row = conn.execute(select(*cols).where(CaseRow.id == int(number))).first()
            if row is None and not key.startswith("#"):
                row = conn.execute(
                    select(*cols).where(CaseRow.external_id == key).order_by(CaseRow.id.desc())
                ).first()
        if row is None:
            return None
        return CaseRef(int(row.id), row.top_cause, row.external_id, as_utc(row.created_at))

    def judged(self) -> list[Judged]:
        """Every case that has a verdict, with its latest verdict, oldest case first."""
        latest = (
            select(VerdictRow.case_id, func.max(VerdictRow.id).label("vid"))
            .group_by(VerdictRow.case_id)
            .subquery()
        )
        c, v = CaseRow, VerdictRow
        stmt = (
            select(
                c.id,
                c.created_at,
                c.input,
                c.body_template,
                c.top_cause,
                c.findings,
                c.model_version,
                c.tool_version,
                c.external_id,
                v.kind,
                v.cause,
                v.created_at.label("verdict_at"),
                v.reference,
                v.note,
            )
            .join(latest, latest.c.case_id == c.id)
            .join(v, v.id == latest.c.vid)
            .order_by(c.id)
        )
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [
            Judged(
                case_id=int(r.id),
                created_at=as_utc(r.created_at),
                input=r.input,
                body_template=r.body_template,
                top_cause=r.top_cause,
                findings=tuple((f[0], f[1]) for f in r.findings),
                model_version=r.model_version,
                tool_version=r.tool_version,
                kind=VerdictKind(r.kind),
                cause=r.cause,
                verdict_at=as_utc(r.verdict_at),
                reference=r.reference,
                note=r.note,
                external_id=r.external_id,
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        """Cases, verdicts, verdicts by kind and cases still waiting for one."""
        with self._read() as conn:
            cases = conn.execute(select(func.count()).select_from(CaseRow)).scalar_one()
            by_kind = dict(
                conn.execute(select(VerdictRow.kind, func.count()).group_by(VerdictRow.kind)).all()
            )
            judged = conn.execute(
                select(func.count(func.distinct(VerdictRow.case_id)))
            ).scalar_one()
        out = {"cases": int(cases), "verdicts": int(sum(by_kind.values()))}
        out |= {k.value: int(by_kind.get(k.value, 0)) for k in VerdictKind}
        out["pending"] = int(cases) - int(judged)
        return out

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest verdicts, for the app: when, what, on which answer, and by whom."""
        stmt = (
            select(
                VerdictRow.id,
                VerdictRow.created_at,
                VerdictRow.kind,
                VerdictRow.cause,
                VerdictRow.scope,
                VerdictRow.reference,
                VerdictRow.reviewer,
                CaseRow.id,
                CaseRow.top_cause,
                CaseRow.body_template,
            )
            .join(CaseRow, CaseRow.id == VerdictRow.case_id)
            .order_by(VerdictRow.id.desc())
            .limit(limit)
        )
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        keys = (
            "verdict",
            "at",
            "kind",
            "cause",
            "scope",
            "reference",
            "reviewer",
            "case",
            "tool_said",
            "template",
        )
        return [dict(zip(keys, r, strict=True)) for r in rows]


def _insert_verdict(conn: Connection, case_id: int, v: VerdictInput) -> int:
    result = conn.execute(
        insert(VerdictRow).values(
            case_id=case_id,
            created_at=as_utc(v.at),
            kind=v.kind.value,
            cause=v.cause.value if v.cause is not None else None,
            note=_clean(v.note),
            reference=_clean(v.reference),
            reviewer=_clean(v.reviewer),
            scope=v.scope.value,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own words, first line only (never the statement or its parameters,
    which can hold a message body)."""
    orig = getattr(exc, "orig", None)
    text_ = str(orig if orig is not None else exc).strip().splitlines()
    return text_[0] if text_ else type(exc).__name__


def open_store(url: str | None = None) -> FeedbackStore:
    """Open (and migrate) the feedback database; ``StoreError`` with a clear reason if not."""
    try:
        return FeedbackStore(url)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        where = display_url(database_url(url))
        reason = _reason(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
        raise StoreError(f"cannot open the feedback database {where}: {reason}") from exc
