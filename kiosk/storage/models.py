"""The lane database schema: one declarative base, one class per table.

The ORM classes are the schema's single source of truth (Alembic's migrations
are checked against them); the hot paths in this package use their tables
through SQLAlchemy Core, never ORM sessions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class JournalRow(Base):
    """One accepted event (``pos.journal.JournalRecord``)."""

    __tablename__ = "journal"
    __table_args__ = (Index("ix_journal_lane_id_txn_id", "lane_id", "txn_id"),)

    lane_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The primary key (lane_id, seq) is what finally refuses a duplicate seq,
    # even when two processes append to the same lane.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    txn_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    at_ms: Mapped[int] = mapped_column(BigInteger)


class ProductRow(Base):
    """One ``pos.catalog.Product``; enums are stored as their values."""

    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_plu", "plu"),
        # The produce look-up screen lists a category at a time.
        Index("ix_products_category", "category"),
    )

    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    price: Mapped[int] = mapped_column(BigInteger)
    tax_class: Mapped[str] = mapped_column(String(32))
    sold_by: Mapped[str] = mapped_column(String(16))
    plu: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(Text)
    expected_weight_g: Mapped[int | None] = mapped_column(Integer)
    weight_tolerance_g: Mapped[int | None] = mapped_column(Integer)
    bagging: Mapped[str] = mapped_column(String(16))
    min_age: Mapped[int] = mapped_column(Integer)
    mix_match: Mapped[str | None] = mapped_column(String(64))


class WeightObservationRow(Base):
    """A raw weighing of one piece, from which the domain learns expected weights."""

    __tablename__ = "weight_observations"
    __table_args__ = (Index("ix_weight_observations_gtin_id", "gtin", "id"),)

    # Integer, not BigInteger: only INTEGER PRIMARY KEY is SQLite's rowid alias.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gtin: Mapped[str] = mapped_column(String(14))
    grams: Mapped[int] = mapped_column(Integer)
    confirmed_by_attendant: Mapped[bool] = mapped_column(Boolean)
    lane_id: Mapped[str] = mapped_column(String(64))
    at_ms: Mapped[int] = mapped_column(BigInteger)


class LaneMetaRow(Base):
    """Small named values of the lane, such as the catalog version."""

    __tablename__ = "lane_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxRow(Base):
    """A message the lane owes the station (a fact or a command reply), kept until the
    broker has it.  Journal events are not copied here: the link reads them from the
    journal after the ``link_journal_seq`` watermark in ``lane_meta``."""

    __tablename__ = "link_outbox"
    __table_args__ = (Index("ix_link_outbox_sent_id", "sent", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    msg_id: Mapped[str] = mapped_column(String(80), unique=True)
    topic_kind: Mapped[str] = mapped_column(String(16))  # "events" or "replies"
    payload: Mapped[str] = mapped_column(Text)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    sent: Mapped[bool] = mapped_column(Boolean, default=False)


class CommandRow(Base):
    """Every station command the lane answered: the lane's audit, and what makes a
    redelivered command harmless (its reply is sent again, nothing is applied twice)."""

    __tablename__ = "link_commands"

    command_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    station: Mapped[str] = mapped_column(String(64))
    operator: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    txn_id: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    code: Mapped[str] = mapped_column(String(64))
    reply: Mapped[str] = mapped_column(Text)


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


journal_table = _table(JournalRow)
products_table = _table(ProductRow)
weight_observations_table = _table(WeightObservationRow)
lane_meta_table = _table(LaneMetaRow)
outbox_table = _table(OutboxRow)
commands_table = _table(CommandRow)
