"""The feedback tables as SQLAlchemy 2 models; ``migrations/`` creates and evolves them.

A test holds these models equal to what the migrations build (Alembic's autogenerate
comparison finds nothing), so a change here without a migration fails the suite.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names both SQLite and PostgreSQL migrations can refer to.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CaseRow(Base):
    """One diagnosis as the engineer saw it (see ``records.CaseRecord``)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    source: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    text_kept: Mapped[bool]
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    body_template: Mapped[str | None] = mapped_column(Text)
    tool_version: Mapped[str | None] = mapped_column(String(40))
    mode: Mapped[str | None] = mapped_column(String(32))
    model_version: Mapped[str | None] = mapped_column(String(120))
    model_sha256: Mapped[str | None] = mapped_column(String(64))
    top_cause: Mapped[str | None] = mapped_column(String(40))
    causes: Mapped[list[Any]] = mapped_column(JSON)
    findings: Mapped[list[Any]] = mapped_column(JSON)
    carrier_verdict: Mapped[str | None] = mapped_column(String(16))


class VerdictRow(Base):
    """One engineer's verdict on a case; the latest per case counts."""

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    cause: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(200))
    reviewer: Mapped[str | None] = mapped_column(String(200))
    #: Added by migration 0002 (template verdicts from triage); older verdicts are "message".
    scope: Mapped[str] = mapped_column(String(12), server_default="message")
