"""Intake keys remember delivery; analyst tokens; every incident version; analysts' views.

Revision ID: 0004_analysts
Revises: 0003_case_delivery
Create Date: 2026-12-01

Keys claimed before this revision carry no delivery state: they become ``pending``, so a
retry delivers its report again (the pipeline is idempotent by report id) rather than
being told a report that may never have reached the broker is a duplicate.

The views are written once per dialect (SQLite and PostgreSQL differ in JSON arrays,
date arithmetic and week truncation); ``docs/analysts.md`` describes their columns. A
later revision that rebuilds one of the tables they read drops and recreates them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_analysts"
down_revision = "0003_case_delivery"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ACTIVATION_CREATED = "ca.toronto.ccrp.activation.created"
VIEWS = (
    "source_lead",
    "source_latency",
    "incident_latency",
    "incident_sources",
    "incidents_weekly",
)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    for name, default in (("kind", "report"), ("state", "pending")):
        column = sa.Column(name, sa.String(20), nullable=False, server_default=default)
        op.add_column("intake_keys", column)
    op.add_column("intake_keys", sa.Column("fingerprint", sa.String(64), nullable=True))
    op.add_column("intake_keys", sa.Column("payload", _json(), nullable=True))
    op.add_column("intake_keys", sa.Column("delivered_at", TS, nullable=True))

    op.create_table(
        "analyst_tokens",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "incident_versions",
        sa.Column("incident_id", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("doc", _json(), nullable=False),
    )
    # The versions stored so far: the latest of each incident.
    op.execute(
        "INSERT INTO incident_versions (incident_id, version, recorded_at, doc) "
        "SELECT incident_id, version, last_seen, doc FROM incidents"
    )
    for statement in view_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    op.drop_table("incident_versions")
    op.drop_table("analyst_tokens")
    with op.batch_alter_table("intake_keys") as batch:
        for column in ("delivered_at", "payload", "fingerprint", "state", "kind"):
            batch.drop_column(column)


def view_statements(dialect: str) -> list[str]:
    """``CREATE VIEW`` statements of the analysts' views for one dialect."""
    if dialect == "postgresql":

        def minutes(later: str, earlier: str) -> str:
            return f"ROUND(CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) / 60.0 AS numeric), 1)"

        week = "CAST(date_trunc('week', {} AT TIME ZONE 'UTC') AS date)"
        types = "CROSS JOIN LATERAL jsonb_array_elements_text(i.types) AS t(value)"
    else:

        def minutes(later: str, earlier: str) -> str:
            return f"ROUND((julianday({later}) - julianday({earlier})) * 1440.0, 1)"

        week = "date({}, 'weekday 0', '-6 days')"
        types = "JOIN json_each(i.types) AS t"
    occurred = "COALESCE(i.occurred_at, i.first_seen)"
    return [
        f"""CREATE VIEW incidents_weekly AS
SELECT {week.format(occurred)} AS week_start,
       i.neighbourhood_code, i.neighbourhood_name, i.neighbourhood_class AS nia_class,
       t.value AS incident_type,
       COUNT(*) AS incidents,
       SUM(CASE WHEN i.ccrp_eligible THEN 1 ELSE 0 END) AS ccrp_eligible,
       SUM(CASE WHEN i.in_area THEN 1 ELSE 0 END) AS in_city
FROM incidents i {types}
WHERE i.status <> 'retracted'
GROUP BY 1, 2, 3, 4, 5""",
        f"""CREATE VIEW incident_sources AS
WITH per_source AS (
  SELECT l.incident_id, r.source, r.source_kind, COUNT(*) AS reports,
         MIN(COALESCE(r.published_at, r.collected_at)) AS first_reported_at
  FROM incident_reports l JOIN reports r ON r.report_id = l.report_id
  GROUP BY l.incident_id, r.source, r.source_kind
)
SELECT p.incident_id, p.source, p.source_kind, p.reports, p.first_reported_at,
       RANK() OVER (PARTITION BY p.incident_id ORDER BY p.first_reported_at) AS report_rank,
       COUNT(*) OVER (PARTITION BY p.incident_id) AS sources,
       {minutes("p.first_reported_at", "MIN(p.first_reported_at) OVER w")} AS minutes_after_first,
       {minutes("LEAD(p.first_reported_at) OVER o", "p.first_reported_at")}
         AS lead_over_next_minutes
FROM per_source p
WINDOW w AS (PARTITION BY p.incident_id),
       o AS (PARTITION BY p.incident_id ORDER BY p.first_reported_at, p.source)""",
        f"""CREATE VIEW incident_latency AS
SELECT s.incident_id, s.source, s.source_kind, s.report_rank, i.occurred_at,
       s.first_reported_at, {minutes("s.first_reported_at", "i.occurred_at")} AS minutes_to_report,
       a.activated_at, {minutes("a.activated_at", "i.occurred_at")} AS minutes_to_activation
FROM incident_sources s
JOIN incidents i ON i.incident_id = s.incident_id
LEFT JOIN (
  SELECT incident_id, MIN(time) AS activated_at FROM activations
  WHERE type = '{ACTIVATION_CREATED}' GROUP BY incident_id
) a ON a.incident_id = s.incident_id""",
        """CREATE VIEW source_latency AS
SELECT source, source_kind, COUNT(*) AS incidents,
       SUM(CASE WHEN report_rank = 1 THEN 1 ELSE 0 END) AS first_to_report,
       COUNT(minutes_to_report) AS timed,
       ROUND(AVG(minutes_to_report), 1) AS avg_minutes_to_report,
       MIN(minutes_to_report) AS min_minutes_to_report,
       MAX(minutes_to_report) AS max_minutes_to_report,
       COUNT(activated_at) AS activated,
       ROUND(AVG(minutes_to_activation), 1) AS avg_minutes_to_activation
FROM incident_latency
GROUP BY source, source_kind""",
        f"""CREATE VIEW source_lead AS
SELECT a.source, b.source AS other_source, COUNT(*) AS shared_incidents,
       SUM(CASE WHEN a.first_reported_at < b.first_reported_at THEN 1 ELSE 0 END) AS led,
       ROUND(AVG({minutes("b.first_reported_at", "a.first_reported_at")}), 1)
         AS avg_lead_minutes
FROM incident_sources a
JOIN incident_sources b ON b.incident_id = a.incident_id AND b.source <> a.source
GROUP BY a.source, b.source""",
    ]
