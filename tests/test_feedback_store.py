"""The feedback store on SQLite and on a real PostgreSQL: capture, privacy, idempotence,
purge, migrations from an old database, and concurrent writers losing nothing."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feedback_support import BACKENDS, database_for
from sqlalchemy import create_engine, text

from diagnose import FailedMessage, diagnose
from diagnose.causes import Cause
from diagnose.feedback import (
    FeedbackStore,
    Scope,
    VerdictInput,
    VerdictKind,
    case_from_diagnosis,
)
from diagnose.feedback.capture import body_sha256
from diagnose.feedback.migrate import head_revision

BODY = "Hi Sarah, your Acme code is 482913. Call +1 (555) 123-4567 or visit https://bit.ly/x1"
MESSAGE = {
    "body": BODY,
    "error": "30007",
    "to": "+15551234567",
    "from": "+15557654321",
    "history": [{"direction": "inbound", "body": "Hi Sarah here, call 555-123-4567"}],
}


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_for(request.param, tmp_path)


@pytest.fixture
def store(url: str) -> FeedbackStore:
    s = FeedbackStore(url)
    yield s  # type: ignore[misc]
    s.close()


def _case(keep_text: bool = False, uid: str | None = None):  # type: ignore[no-untyped-def]
    message = FailedMessage.from_dict(MESSAGE)
    return case_from_diagnosis(message, diagnose(message), keep_text=keep_text, uid=uid)


def test_a_new_database_is_at_the_newest_revision(store: FeedbackStore) -> None:
    assert store.revision() == head_revision() == "0002"
    assert store.counts() == {
        "cases": 0,
        "verdicts": 0,
        "confirmed": 0,
        "wrong": 0,
        "not_sure": 0,
        "pending": 0,
    }


def test_capture_keeps_no_body_or_number_by_default(store: FeedbackStore, url: str) -> None:
    case = _case()
    rec = store.record(case, VerdictInput(VerdictKind.CONFIRMED, Cause(case.top_cause)))
    assert rec.new_case and rec.new_verdict
    engine = create_engine(url)
    with engine.connect() as conn:
        dump = " ".join(
            str(row)
            for t in ("cases", "verdicts")
            for row in conn.execute(text(f"SELECT * FROM {t}"))
        )
    engine.dispose()
    for secret in ("Sarah", "482913", "555", "bit.ly", "4567"):
        assert secret not in dump
    (judged,) = store.judged()
    assert "body" not in judged.input and "to" not in judged.input and "from" not in judged.input
    assert judged.input["error"] == "30007"
    assert judged.input["history"][0]["body"] == "Hi <name>, call <phone>"
    assert judged.body_template == "Hi <name>, your Acme code is <n>. Call <phone> or visit <link>"
    assert case.body_sha256 == body_sha256(BODY)


def test_capture_keeps_the_text_only_when_asked(store: FeedbackStore) -> None:
    store.record(_case(keep_text=True), VerdictInput(VerdictKind.NOT_SURE, None))
    (judged,) = store.judged()
    assert judged.input["body"] == BODY and judged.input["to"] == "+15551234567"
    assert FailedMessage.from_dict(judged.input).body == BODY


def test_the_diagnosis_is_stored_with_its_rules_and_version(store: FeedbackStore) -> None:
    case = _case()
    store.record(
        case,
        VerdictInput(
            VerdictKind.WRONG, Cause.NO_CONSENT, note="late STOP", reference="ZD-1", reviewer="ana"
        ),
    )
    (judged,) = store.judged()
    assert judged.top_cause == diagnose(FailedMessage.from_dict(MESSAGE)).top.cause.value
    assert ("LNK001", "url_or_link_filtering") in judged.findings
    assert judged.tool_version
    assert judged.kind is VerdictKind.WRONG and judged.confirmed_cause == "no_consent"
    assert (judged.reference, judged.note) == ("ZD-1", "late STOP")
    recent = store.recent()
    assert recent[0]["reviewer"] == "ana" and recent[0]["scope"] == "message"


def test_one_case_per_uid_and_the_latest_verdict_counts(store: FeedbackStore) -> None:
    a = store.record(_case(uid="u-1"), VerdictInput(VerdictKind.CONFIRMED, Cause.SPAM_LIKE_CONTENT))
    b = store.record(_case(uid="u-1"), VerdictInput(VerdictKind.WRONG, Cause.NO_CONSENT))
    assert a.case_id == b.case_id and not b.new_case and b.new_verdict
    (judged,) = store.judged()
    assert judged.cause == "no_consent"
    assert store.counts()["verdicts"] == 2
    same = store.record(
        _case(uid="u-1"), VerdictInput(VerdictKind.WRONG, Cause.NO_CONSENT), skip_same=True
    )
    assert not same.new_verdict and store.counts()["verdicts"] == 2


def test_find_case_by_number_or_external_id(store: FeedbackStore) -> None:
    message = FailedMessage.from_dict(MESSAGE)
    case = case_from_diagnosis(message, diagnose(message), external_id="SM123")
    rec = store.record(case)
    assert store.find_case(f"#{rec.case_id}").id == rec.case_id  # type: ignore[union-attr]
    assert store.find_case("SM123").id == rec.case_id  # type: ignore[union-attr]
    assert store.find_case("#999") is None and store.find_case("nope") is None
    assert store.counts()["pending"] == 1


def test_purge_deletes_cases_before_the_date_and_their_verdicts(store: FeedbackStore) -> None:
    now = datetime.now(UTC)
    old = _case()
    old = type(old)(
        **{
            **{f: getattr(old, f) for f in old.__slots__},
            "uid": "old",
            "created_at": now - timedelta(days=40),
        }
    )
    store.record(old, VerdictInput(VerdictKind.CONFIRMED, Cause(old.top_cause)))
    store.record(old, VerdictInput(VerdictKind.NOT_SURE, None))
    store.record(_case(uid="new"), VerdictInput(VerdictKind.CONFIRMED, Cause.NO_CONSENT))
    assert store.purge(now - timedelta(days=30)) == (1, 2)
    assert store.counts()["cases"] == 1 and store.counts()["verdicts"] == 1
    assert [j.cause for j in store.judged()] == ["no_consent"]


def test_a_purged_sqlite_file_no_longer_holds_the_text(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(str(path))
    store.record(_case(keep_text=True), VerdictInput(VerdictKind.NOT_SURE, None))
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"482913" in raw
    store = FeedbackStore(str(path))
    store.purge(datetime.now(UTC) + timedelta(days=1))
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"482913" not in raw and b"Sarah" not in raw


def test_an_old_database_is_upgraded_with_its_rows(url: str) -> None:
    old = FeedbackStore(url, migrate=False)
    old.migrate("0001")
    assert old.revision() == "0001"
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (uid, created_at, source, input, text_kept, causes, findings, "
                "top_cause) VALUES ('legacy', :at, 'app', '{\"error\": \"21610\"}', false, '[]', "
                "'[[\"OPT002\", \"opted_out_recipient\"]]', 'opted_out_recipient')"
            ),
            {"at": datetime(2026, 1, 5, tzinfo=UTC)},
        )
        conn.execute(
            text(
                "INSERT INTO verdicts (case_id, created_at, kind, cause) "
                "SELECT id, :at, 'confirmed', 'opted_out_recipient' FROM cases"
            ),
            {"at": datetime(2026, 1, 6, tzinfo=UTC)},
        )
    old.close()
    store = FeedbackStore(url)  # opening migrates
    assert store.revision() == "0002"
    (judged,) = store.judged()
    assert judged.input == {"error": "21610"} and judged.confirmed_cause == "opted_out_recipient"
    assert store.recent()[0]["scope"] == "message"
    store.record(_case(), VerdictInput(VerdictKind.NOT_SURE, None, scope=Scope.TEMPLATE))
    assert store.recent()[0]["scope"] == "template"
    store.close()


def test_the_models_match_what_the_migrations_build(store: FeedbackStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from diagnose.feedback.schema import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


WRITERS = 4
PER_WRITER = 500


def _writer(url: str, writer: int) -> None:
    """One process (an app session, a CLI import): opens the store itself and writes."""
    from diagnose.feedback import FeedbackStore, VerdictInput, VerdictKind
    from diagnose.feedback.records import CaseRecord

    store = FeedbackStore(url)
    for i in range(PER_WRITER):
        case = CaseRecord(
            uid=f"w{writer}-{i}",
            source="test",
            input={"error": "30007"},
            text_kept=False,
            body_sha256=None,
            body_template=None,
            top_cause="spam_like_content",
            causes=(("spam_like_content", 0.5),),
            findings=(),
        )
        # Every writer also judges one shared case, so the upsert races too.
        store.record(case, VerdictInput(VerdictKind.CONFIRMED, Cause.SPAM_LIKE_CONTENT))
        if i % 50 == 0:
            shared = CaseRecord(
                **{**{f: getattr(case, f) for f in case.__slots__}, "uid": "shared"}
            )
            store.record(shared, VerdictInput(VerdictKind.NOT_SURE, None))
    store.close()


def test_four_concurrent_writers_lose_nothing(url: str) -> None:
    ctx = multiprocessing.get_context("spawn")  # fresh processes, as separate sessions are
    procs = [ctx.Process(target=_writer, args=(url, w)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=600)
    assert [p.exitcode for p in procs] == [0] * WRITERS
    store = FeedbackStore(url)
    counts = store.counts()
    store.close()
    per_shared = WRITERS * (PER_WRITER // 50)
    assert counts["cases"] == WRITERS * PER_WRITER + 1
    assert counts["confirmed"] == WRITERS * PER_WRITER
    assert counts["not_sure"] == per_shared
    assert counts["verdicts"] == WRITERS * PER_WRITER + per_shared
