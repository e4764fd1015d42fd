"""Alembic's environment for the feedback database. ``diagnose.feedback.migrate`` runs it
with an open connection; the revisions are in ``versions/``."""

from __future__ import annotations

from alembic import context

from diagnose.feedback.schema import Base

# Alembic installs ``context.config`` only while it runs this file; imported any other way
# (pytest's doctest collection walks every module) there is nothing to do.
_config = getattr(context, "config", None)
if _config is not None:
    _connection = _config.attributes.get("connection")
    if _connection is None:
        raise RuntimeError("run the feedback migrations through diagnose.feedback.migrate")
    context.configure(
        connection=_connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move instead
    )
    with context.begin_transaction():
        context.run_migrations()
