"""Verdicts say what they were given on: a message, an export row, or a whole template.

Triage verdicts on a template apply to every row of it; keeping the scope lets the report
and a reviewer tell one judgement of 400 rows from 400 judgements. Verdicts recorded before
this revision were all on single messages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(
            sa.Column("scope", sa.String(length=12), nullable=False, server_default="message")
        )


def downgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("scope")
