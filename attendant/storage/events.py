"""What the lanes reported (``pos.messages.LaneEvent``), kept for the shift figures.

An event's id is the primary key: QoS 1 delivers at least once, and a lane
resends what it is not sure arrived, so storing the same event twice is
normal and harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, Insert, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from attendant.storage.models import lane_events_table
from pos.messages import LaneEvent, MessageError

_e = lane_events_table.c
_LIMITS = {"id": 128, "lane": 64, "txn": 64, "kind": 64}  # the columns' lengths


class EventStore:
    """Lane events by id; each ``add`` commits before it returns."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._insert, self._returns = _insert_if_absent(engine.dialect.name)

    def add(self, event: LaneEvent) -> bool:
        """Store ``event``; True if it is new, False if its id was stored before."""
        _check(event)
        values = {"id": event.id, "lane": event.lane, "txn": event.txn, "seq": event.seq,
                  "kind": event.kind, "at": event.at, "data": dict(event.data)}
        try:
            with self._engine.begin() as connection:
                result = connection.execute(self._insert, values)
                if self._returns:
                    return result.first() is not None
                return True
        except IntegrityError:
            # Only with the plain insert: the key refused a redelivery.
            return False

    def between(self, start: float, end: float, *, lane: str | None = None,
                kinds: Iterable[str] | None = None) -> tuple[LaneEvent, ...]:
        """Events with ``start <= at < end``, oldest first (ties in id order)."""
        statement = select(*_COLUMNS).where(_e.at >= start, _e.at < end)
        if lane is not None:
            statement = statement.where(_e.lane == lane)
        if kinds is not None:
            statement = statement.where(_e.kind.in_(list(kinds)))
        with self._engine.connect() as connection:
            rows = connection.execute(statement.order_by(_e.at, _e.id)).all()
        return tuple(_event(row) for row in rows)

    def of_txn(self, lane: str, txn: str) -> tuple[LaneEvent, ...]:
        """One transaction's events, oldest first."""
        statement = (select(*_COLUMNS).where(_e.lane == lane, _e.txn == txn)
                     .order_by(_e.at, _e.seq, _e.id))
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return tuple(_event(row) for row in rows)


_COLUMNS = (_e.id, _e.lane, _e.txn, _e.seq, _e.kind, _e.at, _e.data)


def _insert_if_absent(dialect: str) -> tuple[Insert, bool]:
    """The insert statement, and whether it returns the id when the row went in.

    RETURNING, not the row count: psycopg reports -1 for ON CONFLICT DO NOTHING.
    Elsewhere a plain insert, and the primary key refuses a redelivery.
    """
    if dialect == "sqlite":
        return (sqlite.insert(lane_events_table)
                .on_conflict_do_nothing(index_elements=["id"]).returning(_e.id)), True
    if dialect == "postgresql":
        return (postgresql.insert(lane_events_table)
                .on_conflict_do_nothing(index_elements=["id"]).returning(_e.id)), True
    return insert(lane_events_table), False


def _check(event: LaneEvent) -> None:
    # pos.messages allows longer strings than these columns hold; SQLite would
    # store them, PostgreSQL would refuse them: refuse them everywhere alike.
    for column, limit in _LIMITS.items():
        value = getattr(event, column)
        least = 0 if column == "txn" else 1  # a lane event outside a transaction has none
        if not least <= len(value) <= limit:
            raise MessageError(f"event: {column} must be {least} to {limit} characters")


def _event(row: Sequence[Any]) -> LaneEvent:
    return LaneEvent(id=row[0], lane=row[1], txn=row[2], seq=int(row[3]), kind=row[4],
                     at=float(row[5]), data=dict(row[6]))
