"""The catalog over SQL: fast look-ups for scanning, and the atomic catalog import."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    bindparam,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from kiosk.storage.engine import SQLITE_CASEFOLD
from kiosk.storage.models import products_table
from pos.catalog import Bagging, Product, SoldBy
from pos.errors import CatalogError

if TYPE_CHECKING:
    from kiosk.storage.database import Database

log = logging.getLogger(__name__)

_p = products_table.c
# In Product's field order, so a row converts by position.
_COLUMNS = (
    _p.gtin,
    _p.name,
    _p.price,
    _p.tax_class,
    _p.sold_by,
    _p.plu,
    _p.category,
    _p.expected_weight_g,
    _p.weight_tolerance_g,
    _p.bagging,
    _p.min_age,
    _p.mix_match,
)
_SOLD_BY = {member.value: member for member in SoldBy}
_BAGGING = {member.value: member for member in Bagging}


def _product(row: Sequence[Any]) -> Product:
    return Product(
        row[0],
        row[1],
        row[2],
        row[3],
        _SOLD_BY[row[4]],
        row[5],
        row[6],
        row[7],
        row[8],
        _BAGGING[row[9]],
        row[10],
        row[11],
    )


class _DriverQuery:
    """A one-parameter SELECT compiled once by SQLAlchemy, run on a driver cursor.

    SQLAlchemy's execution path costs tens of microseconds a call, several
    times a bare indexed SELECT; compiling once for the engine's dialect keeps
    the SQL portable while each call is only the driver's own work.
    """

    def __init__(self, statement: Select[Any], engine: Engine, name: str) -> None:
        compiled = statement.compile(dialect=engine.dialect)
        self.sql = compiled.string
        # qmark/format dialects (sqlite3) take a tuple, named/pyformat (psycopg) a dict.
        self.positional = compiled.positional
        if self.positional and list(compiled.positiontup or ()) != [name]:
            raise ValueError(f"{self.sql!r} is expected to take the single parameter {name!r}")
        self.name = name

    def parameters(self, value: object) -> tuple[object, ...] | dict[str, object]:
        return (value,) if self.positional else {self.name: value}


class SqlCatalog:
    """``pos.catalog.Catalog`` over the ``products`` table.

    Look-ups by GTIN and PLU run on one pooled driver connection in autocommit
    mode: each SELECT sees the newest committed catalog, so an import applies
    between two scans, and no idle transaction pins an old snapshot.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._by_gtin = _DriverQuery(
            select(*_COLUMNS).where(_p.gtin == bindparam("gtin")), engine, "gtin"
        )
        # PLUs are not unique in the schema; the lowest GTIN wins so the answer
        # is stable.  No LIMIT: it would compile to two more bound parameters,
        # and a PLU rarely has more than one row.
        self._by_plu = _DriverQuery(
            select(*_COLUMNS).where(_p.plu == bindparam("plu")).order_by(_p.gtin),
            engine,
            "plu",
        )
        self._connection: Connection | None = None
        self._cursor: Any = None
        dbapi = engine.dialect.loaded_dbapi
        self._connection_errors: tuple[type[BaseException], ...] = (
            dbapi.OperationalError,
            dbapi.InterfaceError,
        )

    def by_gtin(self, gtin: str) -> Product | None:
        """The product with this 14-digit GTIN, or None."""
        return self._one(self._by_gtin, gtin)

    def by_plu(self, plu: str) -> Product | None:
        """The product with this price look-up code, or None."""
        return self._one(self._by_plu, plu)

    def count(self) -> int:
        with self._engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(products_table)).scalar_one()

    def search(self, name_fragment: str, limit: int = 50) -> list[Product]:
        """Products whose name contains ``name_fragment``, ignoring case, by name."""
        if self._engine.dialect.name == "sqlite":
            folded = getattr(func, SQLITE_CASEFOLD)
            matches = folded(_p.name).contains(name_fragment.casefold(), autoescape=True)
        else:
            matches = _p.name.icontains(name_fragment, autoescape=True)
        statement = select(*_COLUMNS).where(matches).order_by(_p.name, _p.gtin).limit(limit)
        with self._engine.connect() as connection:
            return [_product(row) for row in connection.execute(statement)]

    def by_category(self, category: str) -> list[Product]:
        """The products of one category, by name."""
        statement = select(*_COLUMNS).where(_p.category == category).order_by(_p.name, _p.gtin)
        with self._engine.connect() as connection:
            return [_product(row) for row in connection.execute(statement)]

    def close(self) -> None:
        with self._lock:
            self._discard(invalidate=False)

    def _one(self, query: _DriverQuery, value: str) -> Product | None:
        with self._lock:
            try:
                rows = self._fetch(query, value)
            except self._connection_errors as exc:
                # The server restarted or dropped the idle connection (the pool's
                # pre-ping never sees a connection that is kept checked out):
                # reconnect once.
                log.warning("catalog connection lost (%s); reconnecting", exc)
                self._discard(invalidate=True)
                rows = self._fetch(query, value)
        return _product(rows[0]) if rows else None

    def _fetch(self, query: _DriverQuery, value: str) -> list[Any]:
        cursor = self._cursor if self._cursor is not None else self._open_cursor()
        cursor.execute(query.sql, query.parameters(value))
        # fetchall, not fetchone: it steps the statement to its end, which on
        # SQLite ends the implicit read transaction at once.
        rows: list[Any] = cursor.fetchall()
        return rows

    def _open_cursor(self) -> Any:
        # AUTOCOMMIT: on PostgreSQL a plain connection would sit idle in a
        # transaction between scans.  On SQLite engine.py already leaves
        # transactions to explicit BEGINs, which these look-ups never send.
        connection = self._engine.connect()
        if connection.dialect.name != "sqlite":
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        driver = connection.connection.driver_connection
        assert driver is not None
        self._connection = connection
        self._cursor = driver.cursor()
        return self._cursor

    def _discard(self, *, invalidate: bool) -> None:
        cursor, connection = self._cursor, self._connection
        self._cursor = self._connection = None
        if cursor is not None and not invalidate:
            cursor.close()
        if connection is not None:
            if invalidate:
                connection.invalidate()
            connection.close()


_Row = tuple[object, ...]


def _rows(products: Iterable[Product]) -> Iterator[_Row]:
    """Products as plain tuples in ``_COLUMNS`` order."""
    for product in products:
        gtin = product.gtin
        if len(gtin) != 14 or not gtin.isdigit():
            raise CatalogError(
                f"GTIN {gtin!r} of {product.name!r} is not 14 digits", code="CATALOG_GTIN"
            )
        yield (
            gtin,
            product.name,
            product.price,
            product.tax_class,
            product.sold_by.value,
            product.plu,
            product.category,
            product.expected_weight_g,
            product.weight_tolerance_g,
            product.bagging.value,
            product.min_age,
            product.mix_match,
        )


class _DriverInsert:
    """The products INSERT compiled once, fed plain tuples through ``exec_driver_sql``.

    Core's executemany builds each row's parameters through the compiler
    (about 1.5 us a row, a third of a million-row import); the driver takes
    tuples (qmark, sqlite3) or dicts (pyformat, psycopg) directly.
    """

    def __init__(self, engine: Engine) -> None:
        compiled = insert(products_table).compile(dialect=engine.dialect)
        self.sql = compiled.string
        self.keys = tuple(column.key for column in _COLUMNS)
        self.positional = compiled.positional
        if self.positional and tuple(compiled.positiontup or ()) != self.keys:
            raise ValueError(f"unexpected parameter order in {self.sql!r}")

    def parameters(self, chunk: list[_Row]) -> list[_Row] | list[dict[str, object]]:
        if self.positional:
            return chunk
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in chunk]


def _duplicate_gtin(connection: Connection, chunk: list[_Row]) -> str | None:
    """The GTIN of ``chunk`` that is already taken, within it or in the table."""
    gtins = [str(row[0]) for row in chunk]
    seen: set[str] = set()
    for gtin in gtins:
        if gtin in seen:
            return gtin
        seen.add(gtin)
    query = select(_p.gtin).where(_p.gtin.in_(bindparam("gtins", expanding=True))).limit(1)
    for start in range(0, len(gtins), 500):
        found = connection.execute(query, {"gtins": gtins[start : start + 500]}).scalar()
        if found is not None:
            return str(found)
    return None


def import_products(
    db: Database,
    products: Iterable[Product],
    *,
    replace: bool = True,
    progress: Callable[[int], None] | None = None,
    batch: int = 10_000,
) -> int:
    """Load ``products`` into the catalog in one transaction; return how many were stored.

    With ``replace`` the old catalog is deleted first, so lanes see either the
    whole old catalog or the whole new one; without it the products are added
    and a GTIN already in the catalog is a duplicate.  A duplicate GTIN raises
    ``CatalogError`` naming it, and any failure leaves the catalog as it was.
    ``progress`` is called with the number of products stored by each batch.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    statement = _DriverInsert(db.engine)
    rows = _rows(products)
    stored = 0
    with db.engine.begin() as connection:
        if replace:
            connection.execute(delete(products_table))
        while chunk := list(islice(rows, batch)):
            # A savepoint per batch: after a failed INSERT, PostgreSQL refuses
            # further statements in the transaction until it is rolled back to
            # one, and _duplicate_gtin needs to look at the rows already stored.
            savepoint = connection.begin_nested()
            try:
                connection.exec_driver_sql(statement.sql, statement.parameters(chunk))
            except IntegrityError as exc:
                savepoint.rollback()
                gtin = _duplicate_gtin(connection, chunk)
                if gtin is None:
                    raise CatalogError(f"catalog row refused: {exc.orig}") from exc
                raise CatalogError(
                    f"GTIN {gtin} appears twice", code="CATALOG_DUPLICATE"
                ) from exc
            savepoint.commit()
            stored += len(chunk)
            if progress is not None:
                progress(len(chunk))
    log.info("catalog import stored %d products (replace=%s)", stored, replace)
    return stored
