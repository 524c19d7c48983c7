"""The lane database: one engine, migrated on open, and the stores built on it."""

from __future__ import annotations

import logging
from types import TracebackType

from sqlalchemy import Engine

from kiosk.storage.catalog import SqlCatalog
from kiosk.storage.engine import make_engine
from kiosk.storage.journal import SqlJournal
from kiosk.storage.migrate import upgrade
from kiosk.storage.outbox import SqlOutbox
from kiosk.storage.weights import SqlWeightLog

log = logging.getLogger(__name__)


class Database:
    """A lane's database: the journal, the catalog and the weight log over one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._journal: SqlJournal | None = None
        self._catalog: SqlCatalog | None = None
        self._weights: SqlWeightLog | None = None

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Database:
        """Open (creating if need be) the database at ``url``, migrated to head unless told not."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        log.info("opened database %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    @property
    def engine(self) -> Engine:
        return self._engine

    def journal(self) -> SqlJournal:
        # One journal per database: it owns the append connection and the
        # in-memory last seq of each lane.
        if self._journal is None:
            self._journal = SqlJournal(self._engine)
        return self._journal

    def catalog(self) -> SqlCatalog:
        if self._catalog is None:
            self._catalog = SqlCatalog(self._engine)
        return self._catalog

    def outbox(self) -> SqlOutbox:
        """What the lane owes the attendant station (see kiosk.link)."""
        return SqlOutbox(self._engine)

    def weights(self) -> SqlWeightLog:
        if self._weights is None:
            self._weights = SqlWeightLog(self._engine)
        return self._weights

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None
        self._weights = None
        self._engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
