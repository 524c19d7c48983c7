"""The lane database schema: one ``MetaData``, one SQLAlchemy Core ``Table`` per table.

These tables are the schema's single source of truth (Alembic's migrations are checked
against them).  They are Core tables, not ORM classes: nothing here uses ORM sessions,
and importing ``sqlalchemy.orm`` would add a tenth of a second to every lane's start.
A column is NOT NULL unless it says ``nullable=True``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# Named constraints: SQLite batch migrations (copy-and-move) can only drop or
# alter a constraint that has a name, and the names must be the same on every
# backend for one migration script to serve them all.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# One accepted event (``pos.journal.JournalRecord``).
journal_table = Table(
    "journal", metadata,
    Column("lane_id", String(64), primary_key=True),
    # The primary key (lane_id, seq) is what finally refuses a duplicate seq,
    # even when two processes append to the same lane.
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("txn_id", String(64), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_journal_lane_id_txn_id", "lane_id", "txn_id"),
)

# One ``pos.catalog.Product``; enums are stored as their values.
products_table = Table(
    "products", metadata,
    Column("gtin", String(14), primary_key=True),
    Column("name", Text, nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("tax_class", String(32), nullable=False),
    Column("sold_by", String(16), nullable=False),
    Column("plu", String(32), nullable=True),
    Column("category", Text, nullable=False),
    Column("expected_weight_g", Integer, nullable=True),
    Column("weight_tolerance_g", Integer, nullable=True),
    Column("bagging", String(16), nullable=False),
    Column("min_age", Integer, nullable=False),
    Column("mix_match", String(64), nullable=True),
    Index("ix_products_plu", "plu"),
    # The produce look-up screen lists a category at a time.
    Index("ix_products_category", "category"),
)

# A raw weighing of one piece, from which the domain learns expected weights.
weight_observations_table = Table(
    "weight_observations", metadata,
    # Integer, not BigInteger: only INTEGER PRIMARY KEY is SQLite's rowid alias.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gtin", String(14), nullable=False),
    Column("grams", Integer, nullable=False),
    Column("confirmed_by_attendant", Boolean, nullable=False),
    Column("lane_id", String(64), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_weight_observations_gtin_id", "gtin", "id"),
)

# Small named values of the lane, such as the catalog version.
lane_meta_table = Table(
    "lane_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# A message the lane owes the station (a fact or a command reply), kept until the broker
# has it.  Journal events are not copied here: the link reads them from the journal after
# the ``link_journal_seq`` watermark in ``lane_meta``.
outbox_table = Table(
    "link_outbox", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("msg_id", String(80), nullable=False, unique=True),
    Column("topic_kind", String(16), nullable=False),  # "events" or "replies"
    Column("payload", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("sent", Boolean, nullable=False, default=False),
    Index("ix_link_outbox_sent_id", "sent", "id"),
)

# Every station command the lane answered: the lane's audit, and what makes a redelivered
# command harmless (its reply is sent again, nothing is applied twice).
commands_table = Table(
    "link_commands", metadata,
    Column("command_id", String(64), primary_key=True),
    Column("at_ms", BigInteger, nullable=False),
    Column("station", String(64), nullable=False),
    Column("operator", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("action", String(32), nullable=False),
    Column("txn_id", String(64), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("code", String(64), nullable=False),
    Column("reply", Text, nullable=False),
)
