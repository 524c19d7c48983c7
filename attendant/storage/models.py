"""The station database schema: its own declarative base, one class per table.

Apart from the lane's (``kiosk.storage.models``): a station keeps operators,
the audit and what the lanes reported, and has its own migrations, so the two
can live in one PostgreSQL database without touching each other's tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The same convention as the lane database, for the same reason: batch
# migrations on SQLite can only alter constraints that have names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class StationBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OperatorRow(StationBase):
    """Someone who may sign in; the PIN and badge only as ``pos.operators`` hash strings.

    Removal keeps the row (``removed_at``) and wipes the hashes: the audit
    names operators by id for years, and an id must keep meaning one person,
    so a removed id is never handed to someone else.
    """

    __tablename__ = "operators"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # "attendant" or "supervisor"
    pin_hash: Mapped[str] = mapped_column(String(255))
    badge_hash: Mapped[str] = mapped_column(String(255))  # "" for no badge
    created_at: Mapped[float] = mapped_column(Double)
    # The lock-out (pos.operators.Attempts), kept here so a restart does not reset it.
    failed_attempts: Mapped[int] = mapped_column(Integer)
    first_failed_at: Mapped[float | None] = mapped_column(Double)
    locked_until: Mapped[float | None] = mapped_column(Double)
    removed_at: Mapped[float | None] = mapped_column(Double)


class AuditRow(StationBase):
    """One thing an operator did or tried: who, when, where, which transaction, the result."""

    __tablename__ = "audit"
    __table_args__ = (
        Index("ix_audit_lane_txn", "lane", "txn"),
        Index("ix_audit_at", "at"),
        Index("ix_audit_command_id", "command_id"),
    )

    # Integer, not BigInteger: only INTEGER PRIMARY KEY is SQLite's rowid alias.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[float] = mapped_column(Double)
    operator: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    station: Mapped[str] = mapped_column(String(64))
    lane: Mapped[str] = mapped_column(String(64))  # "" for the station itself
    txn: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    command_id: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(64))  # "OK" or a stable error code
    ok: Mapped[bool] = mapped_column(Boolean)


class LaneEventRow(StationBase):
    """One ``pos.messages.LaneEvent``; its id is the key, so a redelivery is a no-op."""

    __tablename__ = "lane_events"
    __table_args__ = (
        Index("ix_lane_events_at", "at"),
        Index("ix_lane_events_lane_txn", "lane", "txn"),
    )

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    lane: Mapped[str] = mapped_column(String(64))
    txn: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)  # journal seq; 0 for a fact
    kind: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Double)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class StationMetaRow(StationBase):
    """Small named values, such as the version of the operator list."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def _table(model: type[StationBase]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


operators_table = _table(OperatorRow)
audit_table = _table(AuditRow)
lane_events_table = _table(LaneEventRow)
meta_table = _table(StationMetaRow)
