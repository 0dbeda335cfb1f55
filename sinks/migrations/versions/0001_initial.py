"""Initial schema: reports, incidents, activations, dead letters and collector state.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


TS = sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(600), primary_key=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("item_id", sa.String(500), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.Column("occurred_at", TS, nullable=True),
        sa.Column("collected_at", TS, nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("url_norm", sa.Text(), nullable=True),
        sa.Column("incident_id", sa.String(200), nullable=True),
        sa.Column("duplicate_of", sa.String(600), nullable=True),
        sa.Column("is_follow_up", sa.Boolean(), nullable=False),
        sa.Column("types", _json(), nullable=False),
        sa.Column("classification", _json(), nullable=False),
        sa.Column("location", _json(), nullable=False),
        sa.Column("raw", _json(), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
        sa.Column("seen_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_reports_content_hash", "reports", ["content_hash"])
    op.create_index("ix_reports_url_norm", "reports", ["url_norm"])
    op.create_index("ix_reports_incident_id", "reports", ["incident_id"])

    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("types", _json(), nullable=False),
        sa.Column("occurred_at", TS, nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(20), nullable=False),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("neighbourhood_code", sa.String(20), nullable=True),
        sa.Column("neighbourhood_name", sa.String(200), nullable=True),
        sa.Column("neighbourhood_class", sa.String(100), nullable=True),
        sa.Column("in_area", sa.Boolean(), nullable=True),
        sa.Column("municipality", sa.String(200), nullable=True),
        sa.Column("is_follow_up", sa.Boolean(), nullable=False),
        sa.Column("ccrp_eligible", sa.Boolean(), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
        sa.Column("doc", _json(), nullable=False),
    )
    op.create_index("ix_incidents_last_seen", "incidents", ["last_seen"])

    op.create_table(
        "incident_reports",
        sa.Column("incident_id", sa.String(200), primary_key=True),
        sa.Column("report_id", sa.String(600), primary_key=True),
    )
    op.create_index("ix_incident_reports_report_id", "incident_reports", ["report_id"])

    op.create_table(
        "activations",
        sa.Column("event_id", sa.String(300), primary_key=True),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("type", sa.String(50), nullable=False),
        sa.Column("incident_version", sa.Integer(), nullable=False),
        sa.Column("time", TS, nullable=False),
        sa.Column("doc", _json(), nullable=False),
    )
    op.create_index("ix_activations_incident_id", "activations", ["incident_id"])
    op.create_index("ix_activations_time", "activations", ["time"])

    op.create_table(
        "dead_letters",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("key", sa.String(600), nullable=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=True),
        sa.Column("offset", sa.BigInteger(), nullable=True),
        sa.Column("stage", sa.String(100), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("error_type", sa.String(200), nullable=False),
        sa.Column("value_b64", sa.Text(), nullable=False),
        sa.Column("failed_at", TS, nullable=False),
    )
    op.create_index("ix_dead_letters_key", "dead_letters", ["key"])
    has_offset = sa.text('"offset" IS NOT NULL')
    op.create_index(
        "uq_dead_letters_position",
        "dead_letters",
        ["topic", "partition", "offset"],
        unique=True,
        sqlite_where=has_offset,
        postgresql_where=has_offset,
    )

    op.create_table(
        "collector_state",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("state", _json(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "collected_items",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("item_id", sa.String(500), primary_key=True),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )
    op.create_table(
        "partners",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "intake_keys",
        sa.Column("partner", sa.String(200), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("report_id", sa.String(600), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "geocode_cache",
        sa.Column("provider", sa.String(100), primary_key=True),
        sa.Column("query", sa.String(1000), primary_key=True),
        sa.Column("result", _json(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "geocode_cache",
        "intake_keys",
        "partners",
        "collected_items",
        "collector_state",
        "dead_letters",
        "activations",
        "incident_reports",
        "incidents",
        "reports",
    ):
        op.drop_table(table)
