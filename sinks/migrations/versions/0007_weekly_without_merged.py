"""``incidents_weekly`` leaves out merged incidents as well as retracted ones.

Revision ID: 0007_weekly_without_merged
Revises: 0006_incident_corrections
Create Date: 2026-12-07

An incident merged into another (the resolver's merge, or ``ccrp incidents merge``) stays
in ``incidents`` as an alias with status ``merged``, its reports moved to the survivor.
Counted in the weekly view as well, it counted its event twice. The other views read the
report links, which an alias no longer has.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0007_weekly_without_merged"
down_revision = "0006_incident_corrections"
branch_labels = None
depends_on = None

RETRACTED_ONLY = "WHERE i.status <> 'retracted'"
NOT_COUNTED = "WHERE i.status NOT IN ('retracted', 'merged')"


def _weekly(dialect: str) -> str:
    """The ``CREATE VIEW incidents_weekly`` of revision 0004, for one dialect."""
    analysts = importlib.import_module("sinks.migrations.versions.0004_analysts")
    statements: list[str] = analysts.view_statements(dialect)
    (weekly,) = [s for s in statements if s.startswith("CREATE VIEW incidents_weekly ")]
    if RETRACTED_ONLY not in weekly:
        raise RuntimeError("incidents_weekly of revision 0004 is not the one this revises")
    return weekly


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incidents_weekly")
    weekly = _weekly(op.get_bind().dialect.name)
    op.execute(weekly.replace(RETRACTED_ONLY, NOT_COUNTED))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incidents_weekly")
    op.execute(_weekly(op.get_bind().dialect.name))
