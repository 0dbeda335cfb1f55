"""The case system's delivery log (webhook deliveries) and the CCR referral statuses.

Revision ID: 0003_case_delivery
Revises: 0002_dead_letter_replay
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_case_delivery"
down_revision = "0002_dead_letter_replay"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("event_id", sa.String(300), primary_key=True),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.String(200), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("enqueued_at", TS, nullable=False),
        sa.Column("retrying_since", TS, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("last_attempt_at", TS, nullable=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("topic", sa.String(200), nullable=True),
        sa.Column("partition", sa.Integer(), nullable=True),
        sa.Column("offset", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "ccr_referrals",
        sa.Column("referral_key", sa.String(400), primary_key=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("referral_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("submitted_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("flagged_at", TS, nullable=True),
        sa.Column("event_id", sa.String(300), nullable=True),
        sa.Column("doc", _json(), nullable=False),
    )
    op.create_index("ix_ccr_referrals_status", "ccr_referrals", ["status"])


def downgrade() -> None:
    op.drop_table("ccr_referrals")
    op.drop_table("deliveries")
