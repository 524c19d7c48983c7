"""The journal: the append-only record of every accepted transaction event.

The lane appends one ``JournalRecord`` per accepted event and commits it
before anyone is told the event was accepted.  Replaying the records of a
lane through the transaction machine rebuilds exactly the transaction that
was open when the lane stopped, however it stopped.

``pos`` only defines the record and the store's interface; ``kiosk.storage``
implements it over SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One accepted event.

    ``seq`` numbers a lane's records from 1 without gaps; ``txn_id`` is the
    transaction the event belongs to (empty for lane-level events such as
    opening the lane); ``kind`` names the event class; ``payload`` is its
    JSON-ready body; ``at_ms`` the wall-clock time it was accepted.
    """

    lane_id: str
    seq: int
    txn_id: str
    kind: str
    payload: Mapping[str, Any]
    at_ms: int


class JournalStore(Protocol):
    """Durable, append-only storage of journal records."""

    def append(self, record: JournalRecord) -> None:
        """Store ``record`` durably; return only once it is committed.

        Raises ``JournalConflict`` when ``record.seq`` is not the next number.
        """

    def records(self, lane_id: str, after_seq: int = 0) -> Iterator[JournalRecord]:
        """The lane's records with ``seq > after_seq``, in order."""

    def last_seq(self, lane_id: str) -> int:
        """The highest ``seq`` stored for the lane, 0 when there is none."""


@runtime_checkable
class CheckpointStore(Protocol):
    """Optional: a journal that also keeps the lane's last idle state, to shorten replays."""

    def save_checkpoint(self, lane_id: str, seq: int, state: dict[str, Any]) -> None: ...

    def checkpoint(self, lane_id: str) -> tuple[int, dict[str, Any]] | None: ...
