"""What the lane owes the attendant station, kept on disk until the broker has it.

Three things live here, all in the lane's own database so the lane sells on
with the broker or the station down:

- the outbox of facts and replies (``link_outbox``), in the order written;
- the watermark of journal events already delivered (``lane_meta``
  ``link_journal_seq``): journal events are read from the journal itself, so
  an event is owed to the station exactly when it was committed;
- every command answered (``link_commands``), so a redelivered command gets
  its first reply again and is never applied twice; it is also the lane's
  audit of remote actions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.storage.models import commands_table, lane_meta_table, outbox_table

_WATERMARK = "link_journal_seq"
_OPERATORS = "link_operators"


@dataclass(frozen=True, slots=True)
class Owed:
    row_id: int
    msg_id: str
    topic_kind: str  # "events" or "replies"
    payload: bytes


@dataclass(frozen=True, slots=True)
class CommandRecord:
    command_id: str
    at_ms: int
    station: str
    operator: str
    role: str
    action: str
    txn_id: str
    ok: bool
    code: str
    reply: bytes


class SqlOutbox:
    """Thread-safe: the lane thread writes, the link's sender thread reads and marks."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    # -- owed messages ------------------------------------------------------------------

    def add(self, msg_id: str, topic_kind: str, payload: bytes, at_ms: int) -> bool:
        """Keep one message; False if a message with this id is already kept."""
        with self._lock, self._engine.begin() as connection:
            try:
                connection.execute(insert(outbox_table).values(
                    msg_id=msg_id, topic_kind=topic_kind, payload=payload.decode("utf-8"),
                    created_ms=at_ms, sent=False))
            except IntegrityError:
                return False
        return True

    def pending(self, limit: int = 200) -> list[Owed]:
        query = (select(outbox_table.c.id, outbox_table.c.msg_id, outbox_table.c.topic_kind,
                        outbox_table.c.payload)
                 .where(outbox_table.c.sent.is_(False))
                 .order_by(outbox_table.c.id).limit(limit))
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Owed(r[0], r[1], r[2], r[3].encode("utf-8")) for r in rows]

    def mark_sent(self, row_ids: list[int]) -> None:
        if not row_ids:
            return
        with self._lock, self._engine.begin() as connection:
            connection.execute(update(outbox_table).where(outbox_table.c.id.in_(row_ids))
                               .values(sent=True))

    def pending_count(self) -> int:
        query = select(outbox_table.c.id).where(outbox_table.c.sent.is_(False))
        with self._engine.connect() as connection:
            return len(connection.execute(query).all())

    # -- the journal watermark ------------------------------------------------------------

    def journal_watermark(self) -> int | None:
        value = self._meta(_WATERMARK)
        return None if value is None else int(value)

    def set_journal_watermark(self, seq: int) -> None:
        self._set_meta(_WATERMARK, str(seq))

    # -- the operators the stations published ---------------------------------------------

    def operators(self) -> bytes | None:
        value = self._meta(_OPERATORS)
        return None if value is None else value.encode("utf-8")

    def set_operators(self, payload: bytes) -> None:
        self._set_meta(_OPERATORS, payload.decode("utf-8"))

    # -- commands answered ------------------------------------------------------------------

    def command(self, command_id: str) -> CommandRecord | None:
        query = select(*commands_table.c).where(commands_table.c.command_id == command_id)
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return CommandRecord(row.command_id, row.at_ms, row.station, row.operator, row.role,
                             row.action, row.txn_id, row.ok, row.code,
                             row.reply.encode("utf-8"))

    def answer(self, record: CommandRecord, reply_msg_id: str) -> None:
        """Record the command and owe its reply, in one transaction."""
        with self._lock, self._engine.begin() as connection:
            connection.execute(insert(commands_table).values(
                command_id=record.command_id, at_ms=record.at_ms, station=record.station,
                operator=record.operator, role=record.role, action=record.action,
                txn_id=record.txn_id, ok=record.ok, code=record.code,
                reply=record.reply.decode("utf-8")))
            connection.execute(insert(outbox_table).values(
                msg_id=reply_msg_id, topic_kind="replies",
                payload=record.reply.decode("utf-8"), created_ms=record.at_ms, sent=False))

    def commands(self, limit: int = 100) -> list[CommandRecord]:
        query = select(*commands_table.c).order_by(commands_table.c.at_ms.desc()).limit(limit)
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [CommandRecord(r.command_id, r.at_ms, r.station, r.operator, r.role, r.action,
                              r.txn_id, r.ok, r.code, r.reply.encode("utf-8")) for r in rows]

    # -- lane_meta ------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        query = select(lane_meta_table.c.value).where(lane_meta_table.c.key == key)
        with self._engine.connect() as connection:
            value: Any = connection.execute(query).scalar()
        return None if value is None else str(value)

    def _set_meta(self, key: str, value: str) -> None:
        with self._lock, self._engine.begin() as connection:
            changed = connection.execute(update(lane_meta_table)
                                         .where(lane_meta_table.c.key == key)
                                         .values(value=value)).rowcount
            if not changed:
                connection.execute(insert(lane_meta_table).values(key=key, value=value))
