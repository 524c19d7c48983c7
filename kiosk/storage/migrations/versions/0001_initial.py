"""Initial schema: journal, products, weight observations, lane meta.

Revision ID: 0001
Revises:
Create Date: 2024-11-23 00:00:00
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
        "journal",
        sa.Column("lane_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("txn_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("lane_id", "seq", name="pk_journal"),
    )
    op.create_index("ix_journal_lane_id_txn_id", "journal", ["lane_id", "txn_id"])

    op.create_table(
        "products",
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("tax_class", sa.String(length=32), nullable=False),
        sa.Column("sold_by", sa.String(length=16), nullable=False),
        sa.Column("plu", sa.String(length=32), nullable=True),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("expected_weight_g", sa.Integer(), nullable=True),
        sa.Column("weight_tolerance_g", sa.Integer(), nullable=True),
        sa.Column("bagging", sa.String(length=16), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.Column("mix_match", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("gtin", name="pk_products"),
    )
    op.create_index("ix_products_plu", "products", ["plu"])
    op.create_index("ix_products_category", "products", ["category"])

    op.create_table(
        "weight_observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("grams", sa.Integer(), nullable=False),
        sa.Column("confirmed_by_attendant", sa.Boolean(), nullable=False),
        sa.Column("lane_id", sa.String(length=64), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_weight_observations"),
    )
    op.create_index("ix_weight_observations_gtin_id", "weight_observations", ["gtin", "id"])

    op.create_table(
        "lane_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_lane_meta"),
    )


def downgrade() -> None:
    op.drop_table("lane_meta")
    op.drop_index("ix_weight_observations_gtin_id", table_name="weight_observations")
    op.drop_table("weight_observations")
    op.drop_index("ix_products_category", table_name="products")
    op.drop_index("ix_products_plu", table_name="products")
    op.drop_table("products")
    op.drop_index("ix_journal_lane_id_txn_id", table_name="journal")
    op.drop_table("journal")
