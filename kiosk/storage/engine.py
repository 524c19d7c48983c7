"""Engines for the lane database, with the SQLite settings a lane depends on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url

log = logging.getLogger(__name__)

# Applied to every SQLite connection as it is opened.  synchronous=FULL makes
# each COMMIT fsync the WAL, so a lane that is SIGKILLed or loses power keeps
# every event it reported as accepted; busy_timeout lets a second process (the
# attendant's export, store IT's import) wait for the write lock instead of
# failing at once.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


# SQLite's lower() and LIKE fold ASCII only, so 'äpfel' would not find 'Äpfel';
# the catalog search calls this Python casefold instead.
SQLITE_CASEFOLD = "sco_casefold"


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _sqlite_connect_listener(expect_wal: bool) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module: in its legacy mode it never
        # begins a transaction for DDL or SAVEPOINT, so a migration cut short by
        # a power failure could leave a half-copied table.  _on_sqlite_begin
        # emits BEGIN instead.
        dbapi_connection.isolation_level = None
        for pragma in SQLITE_PRAGMAS:
            dbapi_connection.execute(pragma).close()
        dbapi_connection.create_function(SQLITE_CASEFOLD, 1, _casefold, deterministic=True)
        # journal_mode=WAL quietly keeps the old mode where it cannot apply
        # (e.g. a file system without shared memory): say so, durability and
        # concurrent readers depend on it.
        (mode,) = dbapi_connection.execute("PRAGMA journal_mode").fetchone()
        if expect_wal and mode != "wal":
            log.warning("SQLite journal_mode is %s, not wal", mode)

    return on_connect


def _on_sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    # Straight on the driver: this runs before every journal append, and
    # exec_driver_sql would add SQLAlchemy's per-statement overhead to it.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("BEGIN").close()


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``; SQLite gets its parent directory and the lane's pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A store server may drop idle connections; the lane must not notice.
        return create_engine(parsed, pool_pre_ping=True)
    path = _sqlite_file(parsed)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)
    event.listen(engine, "connect", _sqlite_connect_listener(expect_wal=path is not None))
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine
