"""Initial station schema: operators, audit, lane events, meta.

Revision ID: 0001
Revises:
Create Date: 2025-01-20 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operators",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=False),
        sa.Column("badge_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.Double(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.Double(), nullable=True),
        sa.Column("locked_until", sa.Double(), nullable=True),
        sa.Column("removed_at", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_operators"),
    )

    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("lane", sa.String(length=64), nullable=False),
        sa.Column("txn", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("command_id", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=64), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_lane_txn", "audit", ["lane", "txn"])
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_command_id", "audit", ["command_id"])

    op.create_table(
        "lane_events",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("lane", sa.String(length=64), nullable=False),
        sa.Column("txn", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lane_events"),
    )
    op.create_index("ix_lane_events_at", "lane_events", ["at"])
    op.create_index("ix_lane_events_lane_txn", "lane_events", ["lane", "txn"])

    meta = op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    # The row every change to the operator list increments (under its lock).
    op.bulk_insert(meta, [{"key": "operators_version", "value": "0"}])


def downgrade() -> None:
    op.drop_table("meta")
    op.drop_index("ix_lane_events_lane_txn", table_name="lane_events")
    op.drop_index("ix_lane_events_at", table_name="lane_events")
    op.drop_table("lane_events")
    op.drop_index("ix_audit_command_id", table_name="audit")
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_index("ix_audit_lane_txn", table_name="audit")
    op.drop_table("audit")
    op.drop_table("operators")
