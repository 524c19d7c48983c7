"""The audit: every action an operator takes or tries, with who, when, where and the result.

Append-only: a command is recorded when sent and its reply as a second entry
with the same ``command_id``, so nothing written is ever changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select

from attendant.storage.models import audit_table

_a = audit_table.c


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: float  # seconds since the epoch, station clock
    operator: str
    role: str
    station: str
    lane: str  # "" for the station itself (a sign-in, say)
    txn: str
    action: str  # a pos.messages.Action value, or "sign_in", "sign_out" ...
    detail: Mapping[str, Any] = field(default_factory=dict)
    command_id: str = ""
    result: str = ""  # "OK" or a stable error code
    ok: bool = True


class AuditLog:
    """Appends commit before they return; reads come newest first."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, *, at: float, operator: str, role: str, station: str, action: str,
               lane: str = "", txn: str = "", detail: Mapping[str, Any] | None = None,
               command_id: str = "", result: str = "OK", ok: bool = True) -> int:
        """Append one entry; its id."""
        with self._engine.begin() as connection:
            inserted = connection.execute(insert(audit_table), {
                "at": at, "operator": operator, "role": role, "station": station,
                "lane": lane, "txn": txn, "action": action, "detail": dict(detail or {}),
                "command_id": command_id, "result": result, "ok": ok,
            })
            key = inserted.inserted_primary_key
            assert key is not None
            return int(key[0])

    def recent(self, limit: int = 100) -> tuple[AuditEntry, ...]:
        """The newest ``limit`` entries, newest first."""
        return self.query(limit=limit)

    def query(self, *, lane: str | None = None, txn: str | None = None,
              operator: str | None = None, command_id: str | None = None,
              since: float | None = None, until: float | None = None,
              limit: int = 1000) -> tuple[AuditEntry, ...]:
        """Entries matching every filter given (``since <= at < until``), newest first."""
        conditions = []
        if lane is not None:
            conditions.append(_a.lane == lane)
        if txn is not None:
            conditions.append(_a.txn == txn)
        if operator is not None:
            conditions.append(_a.operator == operator)
        if command_id is not None:
            conditions.append(_a.command_id == command_id)
        if since is not None:
            conditions.append(_a.at >= since)
        if until is not None:
            conditions.append(_a.at < until)
        statement = select(*_COLUMNS).where(*conditions).order_by(_a.id.desc()).limit(limit)
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return tuple(_entry(row) for row in rows)


_COLUMNS = (_a.id, _a.at, _a.operator, _a.role, _a.station, _a.lane, _a.txn, _a.action,
            _a.detail, _a.command_id, _a.result, _a.ok)


def _entry(row: Sequence[Any]) -> AuditEntry:
    return AuditEntry(int(row[0]), float(row[1]), row[2], row[3], row[4], row[5], row[6],
                      row[7], dict(row[8]), row[9], row[10], bool(row[11]))
