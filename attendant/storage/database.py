"""The station database: one engine, migrated on open, and the stores built on it."""

from __future__ import annotations

import logging
from types import TracebackType

from sqlalchemy import Engine

from attendant.storage.audit import AuditLog
from attendant.storage.events import EventStore
from attendant.storage.migrate import upgrade
from attendant.storage.operators import OperatorStore
from kiosk.storage.engine import make_engine
from pos.operators import DEFAULT_PARAMS, Lockout, ScryptParams

log = logging.getLogger(__name__)


class StationDatabase:
    """An attendant station's database: operators, audit and lane events over one engine.

    Any SQLAlchemy URL: SQLite (in WAL mode, with the lane's durability
    pragmas, from ``kiosk.storage.engine``) on a station, or PostgreSQL
    shared by several stations of one store.
    """

    def __init__(self, engine: Engine, *, lockout: Lockout | None = None,
                 params: ScryptParams = DEFAULT_PARAMS) -> None:
        self._engine = engine
        self._operators = OperatorStore(engine, lockout=lockout, params=params)
        self._audit = AuditLog(engine)
        self._events = EventStore(engine)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, lockout: Lockout | None = None,
             params: ScryptParams = DEFAULT_PARAMS) -> StationDatabase:
        """Open (creating if need be) the database at ``url``, migrated to head unless told not."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        log.info("opened station database %s", engine.url.render_as_string(hide_password=True))
        return cls(engine, lockout=lockout, params=params)

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def operators(self) -> OperatorStore:
        return self._operators

    @property
    def audit(self) -> AuditLog:
        return self._audit

    @property
    def events(self) -> EventStore:
        return self._events

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> StationDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
