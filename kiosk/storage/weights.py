"""Raw weighings of single pieces, from which the domain learns expected weights."""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, insert, select

from kiosk.storage.models import weight_observations_table

_w = weight_observations_table.c


class SqlWeightLog:
    """Append-only log of weighings; each ``add`` is committed on return."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._insert = insert(weight_observations_table)
        self._recent = (
            select(_w.grams, _w.confirmed_by_attendant)
            .where(_w.gtin == bindparam("gtin"))
            .order_by(_w.id.desc())
            .limit(bindparam("limit"))
        )

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

    def recent(self, gtin: str, limit: int = 50) -> list[tuple[int, bool]]:
        """(grams, confirmed by an attendant) of the newest weighings of ``gtin``, newest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(self._recent, {"gtin": gtin, "limit": limit})
            return [(int(grams), bool(confirmed)) for grams, confirmed in rows]
