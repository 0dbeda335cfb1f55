"""The history of corrections: merges (the resolver's and by hand) and splits, with reasons.

Revision ID: 0006_incident_corrections
Revises: 0005_digest_sends
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006_incident_corrections"
down_revision = "0005_digest_sends"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "incident_corrections",
        sa.Column("correction_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("other_incident_id", sa.String(200), nullable=True),
        sa.Column("report_ids", _json(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("applied_at", TS, nullable=False),
    )
    op.create_index("ix_incident_corrections_incident_id", "incident_corrections", ["incident_id"])
    op.create_index(
        "ix_incident_corrections_other_incident_id", "incident_corrections", ["other_incident_id"]
    )


def downgrade() -> None:
    op.drop_table("incident_corrections")
