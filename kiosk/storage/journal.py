"""The journal over SQL: ``pos.journal.JournalStore`` on the ``journal`` table."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.storage.models import journal_table, lane_meta_table
from pos.errors import JournalConflict
from pos.journal import JournalRecord

log = logging.getLogger(__name__)

_COLUMNS = (
    journal_table.c.lane_id,
    journal_table.c.seq,
    journal_table.c.txn_id,
    journal_table.c.kind,
    journal_table.c.payload,
    journal_table.c.at_ms,
)


def _record(row: Sequence[Any]) -> JournalRecord:
    return JournalRecord(row[0], row[1], row[2], row[3], row[4], row[5])


class SqlJournal:
    """Appends commit before they return; reads page through the lane in seq order.

    Appends go through one long-lived connection (under a lock, so any thread
    may append); reads check out their own connection per page, so a reader
    that stops half-way holds nothing open.
    """

    def __init__(self, engine: Engine, *, page_size: int = 1000) -> None:
        self._engine = engine
        self._page_size = page_size
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        # The last seq of each lane as this process knows it; checked against
        # before each append so a conflict costs no query.  Another process may
        # have appended since: the primary key still refuses a duplicate, and a
        # seq that looks too far ahead is checked against the table first.
        self._last_seq: dict[str, int] = {}
        self._insert = insert(journal_table)
        self._last_seq_query = select(func.max(journal_table.c.seq)).where(
            journal_table.c.lane_id == bindparam("lane_id")
        )
        self._page_query = (
            select(*_COLUMNS)
            .where(
                journal_table.c.lane_id == bindparam("lane_id"),
                journal_table.c.seq > bindparam("after_seq"),
            )
            .order_by(journal_table.c.seq)
            .limit(page_size)
        )
        self._txn_query = (
            select(*_COLUMNS)
            .where(
                journal_table.c.lane_id == bindparam("lane_id"),
                journal_table.c.txn_id == bindparam("txn_id"),
            )
            .order_by(journal_table.c.seq)
        )

    def append(self, record: JournalRecord) -> None:
        """Insert ``record`` and commit; raise ``JournalConflict`` unless its seq is next."""
        lane_id = record.lane_id
        with self._lock:
            last = self._last_seq.get(lane_id)
            if last is None or record.seq != last + 1:
                last = self._read_last_seq(lane_id)
                if record.seq != last + 1:
                    raise self._conflict(record, last)
            connection = self._append_connection()
            try:
                connection.execute(
                    self._insert,
                    {
                        "lane_id": lane_id,
                        "seq": record.seq,
                        "txn_id": record.txn_id,
                        "kind": record.kind,
                        "payload": dict(record.payload),
                        "at_ms": record.at_ms,
                    },
                )
                connection.commit()
            except IntegrityError as exc:
                connection.rollback()
                # Another process took this seq since we last looked.
                self._last_seq.pop(lane_id, None)
                raise self._conflict(record, last) from exc
            except SQLAlchemyError:
                connection.rollback()
                self._last_seq.pop(lane_id, None)
                raise
            self._last_seq[lane_id] = record.seq

    def records(self, lane_id: str, after_seq: int = 0) -> Iterator[JournalRecord]:
        """The lane's records with ``seq > after_seq``, in order, read a page at a time."""
        while True:
            with self._engine.connect() as connection:
                rows = connection.execute(
                    self._page_query, {"lane_id": lane_id, "after_seq": after_seq}
                ).all()
            for row in rows:
                yield _record(row)
            if len(rows) < self._page_size:
                return
            after_seq = rows[-1][1]

    def records_of_txn(self, lane_id: str, txn_id: str) -> list[JournalRecord]:
        """The records of one transaction of the lane, in seq order."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                self._txn_query, {"lane_id": lane_id, "txn_id": txn_id}
            ).all()
        return [_record(row) for row in rows]

    def last_seq(self, lane_id: str) -> int:
        """The highest seq stored for the lane (read from the table), 0 when none."""
        with self._lock:
            return self._read_last_seq(lane_id)

    def save_checkpoint(self, lane_id: str, seq: int, state: dict[str, Any]) -> None:
        """Remember the lane's idle state as of record ``seq``, so a restart replays less.

        The journal stays the truth: a checkpoint lost in a crash only means a longer replay.
        """
        key = f"checkpoint:{lane_id}"
        value = json.dumps({"seq": seq, "state": state}, sort_keys=True)
        with self._lock:
            connection = self._append_connection()
            try:
                connection.execute(delete(lane_meta_table).where(lane_meta_table.c.key == key))
                connection.execute(insert(lane_meta_table), {"key": key, "value": value})
                connection.commit()
            except SQLAlchemyError:
                connection.rollback()
                raise

    def checkpoint(self, lane_id: str) -> tuple[int, dict[str, Any]] | None:
        """The last saved ``(seq, state)`` of the lane, or None."""
        key = f"checkpoint:{lane_id}"
        with self._engine.connect() as connection:
            value = connection.execute(
                select(lane_meta_table.c.value).where(lane_meta_table.c.key == key)
            ).scalar()
        if value is None:
            return None
        data = json.loads(value)
        return int(data["seq"]), dict(data["state"])

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self._last_seq.clear()

    def _append_connection(self) -> Connection:
        if self._connection is None or self._connection.closed:
            self._connection = self._engine.connect()
        return self._connection

    def _read_last_seq(self, lane_id: str) -> int:
        with self._engine.connect() as connection:
            last = connection.execute(self._last_seq_query, {"lane_id": lane_id}).scalar()
        self._last_seq[lane_id] = last or 0
        return last or 0

    @staticmethod
    def _conflict(record: JournalRecord, last: int) -> JournalConflict:
        log.error(
            "lane %s: journal record seq %d refused, last stored seq is %d",
            record.lane_id,
            record.seq,
            last,
        )
        return JournalConflict(
            f"lane {record.lane_id}: record {record.seq} is not the next one"
            f" (the journal holds up to {last})"
        )
