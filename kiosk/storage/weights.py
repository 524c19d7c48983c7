"""Raw weighings of single pieces, from which the domain learns expected weights."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import Engine, bindparam, insert, select

from kiosk.storage.models import weight_observations_table

_w = weight_observations_table.c

_Weighing = tuple[int, bool]  # grams, confirmed by an attendant


class SqlWeightLog:
    """Append-only log of weighings; each ``add`` is committed on return.

    Every scan asks for the product's recent weighings: through SQLAlchemy that is a few
    hundred microseconds on the way from the scanner to the screen.  So the newest
    weighings of the products scanned lately are kept in memory too; this lane's own
    weighings go into both at once.  Another lane sharing the database (a store on
    PostgreSQL) adds its weighings to the table only, so what is kept is read again after
    ``max_age_s``: a learned weight moves over weeks, not minutes.
    """

    def __init__(self, engine: Engine, *, max_age_s: float = 600.0, max_products: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._insert = insert(weight_observations_table)
        self._recent = (
            select(_w.grams, _w.confirmed_by_attendant)
            .where(_w.gtin == bindparam("gtin"))
            .order_by(_w.id.desc())
            .limit(bindparam("limit"))
        )
        self._max_age_s = max_age_s
        self._max_products = max_products
        self._clock = clock
        self._lock = threading.Lock()
        # gtin -> (read at, how many were asked for, newest first)
        self._kept: OrderedDict[str, tuple[float, int, list[_Weighing]]] = OrderedDict()

    def add(
        self, gtin: str, grams: int, *, confirmed_by_attendant: bool, lane_id: str, at_ms: int
    ) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                self._insert,
                {
                    "gtin": gtin,
                    "grams": grams,
                    "confirmed_by_attendant": confirmed_by_attendant,
                    "lane_id": lane_id,
                    "at_ms": at_ms,
                },
            )
        with self._lock:
            kept = self._kept.get(gtin)
            if kept is not None:
                read_at, limit, rows = kept
                self._kept[gtin] = (read_at, limit,
                                    [(grams, confirmed_by_attendant), *rows][:limit])

    def recent(self, gtin: str, limit: int = 50) -> list[_Weighing]:
        """(grams, confirmed by an attendant) of the newest weighings of ``gtin``, newest first."""
        now = self._clock()
        with self._lock:
            kept = self._kept.get(gtin)
            if kept is not None and kept[1] >= limit and now - kept[0] < self._max_age_s:
                self._kept.move_to_end(gtin)
                return kept[2][:limit]
        with self._engine.connect() as connection:
            rows = [(int(grams), bool(confirmed)) for grams, confirmed in
                    connection.execute(self._recent, {"gtin": gtin, "limit": limit})]
        with self._lock:
            self._kept[gtin] = (now, limit, rows)
            self._kept.move_to_end(gtin)
            while len(self._kept) > self._max_products:
                self._kept.popitem(last=False)
        return list(rows)
