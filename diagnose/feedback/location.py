"""Where the feedback database lives: ``SMS_DIAGNOSE_DB``, else a SQLite file in the user's
data directory, shared by the app and the CLI on this machine."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: A SQLAlchemy URL (``postgresql+psycopg://user@host/db``) or a file path (SQLite).
DB_ENV = "SMS_DIAGNOSE_DB"
APP_NAME = "sms-diagnose"
DB_FILE = "feedback.sqlite3"

# "postgresql://" alone would make SQLAlchemy look for psycopg2; psycopg 3 is the one installed.
_PG_SCHEME = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
_PASSWORD = re.compile(r"^([a-z0-9+]+://[^:/@]*):[^@/]*@", re.IGNORECASE)


def default_db_path() -> Path:
    """``<user data dir>/sms-diagnose/feedback.sqlite3`` (``~/.local/share/...`` on Linux).

    Example:
        >>> default_db_path().name
        'feedback.sqlite3'
    """
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILE


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``value``, ``$SMS_DIAGNOSE_DB`` or the default file.

    A value without ``://`` is a SQLite file path; ``postgresql://`` means psycopg 3.

    Example:
        >>> database_url("/tmp/fb.sqlite3")
        'sqlite:////tmp/fb.sqlite3'
        >>> database_url("postgresql://me@db.internal/feedback")
        'postgresql+psycopg://me@db.internal/feedback'
    """
    raw = str(value) if value else os.environ.get(DB_ENV) or str(default_db_path())
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    return _PG_SCHEME.sub("postgresql+psycopg://", raw)


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and the app.

    Example:
        >>> display_url("postgresql+psycopg://fb:s3cret@db/feedback")
        'postgresql+psycopg://fb:***@db/feedback'
    """
    return _PASSWORD.sub(r"\1:***@", url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, None for other databases or in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None
