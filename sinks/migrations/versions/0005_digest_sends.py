"""The daily digest's send log: one row per local day.

Revision ID: 0005_digest_sends
Revises: 0004_analysts
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_digest_sends"
down_revision = "0004_analysts"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "digest_sends",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("covered_from", TS, nullable=True),
        sa.Column("covered_until", TS, nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(300), nullable=True),
        sa.Column("recipients", _json(), nullable=False),
        sa.Column("counts", _json(), nullable=False),
        sa.Column("archive", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
    )
    op.create_index("ix_digest_sends_covered_until", "digest_sends", ["covered_until"])


def downgrade() -> None:
    op.drop_index("ix_digest_sends_covered_until", table_name="digest_sends")
    op.drop_table("digest_sends")
