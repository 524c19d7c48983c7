"""Shift figures from the facts lanes report: transactions, interventions, time to assist.

Pure: give it the ``pos.messages.LaneEvent`` facts (as ``EventStore.between``
returns them) and a window; it reads no clock and no database.  The facts it
reads, and the fields it uses:

- ``TransactionEnded``: ``outcome`` ("paid", "cancelled", "suspended"),
  ``total`` (minor units);
- ``InterventionOpened``: ``kind`` (the cause);
- ``InterventionClosed``: ``how`` ("cleared", "approved", "rejected",
  "ended"), ``seconds`` (open for how long, on the lane's clock).

Each fact counts in the window, and in the hour, of its own ``at``: a
transaction when it ended, an intervention when it was opened, an assist
when it was closed.  Other event kinds are ignored; a fact seen twice (same
id) counts once.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from types import MappingProxyType

from pos.messages import LaneEvent

OUTCOMES = ("paid", "cancelled", "suspended")
# Closings that are an attendant's decision.  "cleared" (the lane cleared it
# itself: the shopper put the item back) and "ended" (the transaction ended
# with it open) involved no assist and would flatter the figure.
ASSISTED = ("approved", "rejected")


@dataclass(frozen=True, slots=True)
class HourBucket:
    """One clock hour of the window, in the time zone the figures were made for."""

    start: float  # seconds since the epoch of the hour's first second
    label: str  # "14:00"
    transactions: int
    interventions: int


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    """What happened on the lanes between ``start`` (included) and ``end`` (excluded)."""

    start: float
    end: float
    transactions: int  # ended, whatever the outcome
    outcomes: Mapping[str, int]  # "paid", "cancelled", "suspended" always present
    sales: int  # sum of the totals of paid transactions, minor units
    interventions: int  # opened
    by_cause: Mapping[str, int]  # intervention kind -> opened, most frequent first
    # Per 100 ended transactions of any outcome; empty (None) when none ended.
    interventions_per_100: Mapping[str, float]  # by cause, most frequent first
    interventions_per_100_all: float | None
    assists: int  # interventions an attendant approved or rejected
    assist_median_s: float | None
    assist_p90_s: float | None
    hours: tuple[HourBucket, ...]  # every clock hour the window touches, empty ones too

    @property
    def per_hour(self) -> tuple[tuple[str, int, int], ...]:
        """(label, transactions, interventions) of each hour, for a chart."""
        return tuple((h.label, h.transactions, h.interventions) for h in self.hours)


def shift_figures(events: Iterable[LaneEvent], start: float, end: float, *,
                  tz: tzinfo | None = None) -> ShiftFigures:
    """The figures of the facts among ``events`` with ``start <= at < end``.

    ``tz`` is the zone of the hour buckets; None is the system's local time.

    Time to assist is the seconds from opening to an attendant's approve or
    reject (``ASSISTED``); the median is the middle value (the mean of the two
    middle ones for an even count), the 90th percentile the nearest rank:
    the smallest time that at least 90 % of assists took no longer than.
    """
    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    seen: set[str] = set()
    outcomes: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    causes: Counter[str] = Counter()
    assists: list[float] = []
    sales = 0
    hours = {hour: [0, 0] for hour in _hours(start, end, tz)}
    for event in events:
        if event.id in seen or not start <= event.at < end:
            continue
        seen.add(event.id)
        data = event.data
        if event.kind == "TransactionEnded":
            outcome = str(data.get("outcome", ""))
            outcomes[outcome] += 1
            if outcome == "paid":
                sales += _int(data.get("total"))
            hours.setdefault(_hour(event.at, tz), [0, 0])[0] += 1
        elif event.kind == "InterventionOpened":
            causes[str(data.get("kind", ""))] += 1
            hours.setdefault(_hour(event.at, tz), [0, 0])[1] += 1
        elif event.kind == "InterventionClosed" and data.get("how") in ASSISTED:
            seconds = _seconds(event)
            if seconds is not None:
                assists.append(seconds)
    transactions = sum(outcomes.values())
    interventions = sum(causes.values())
    ordered = sorted(causes.items(), key=lambda item: (-item[1], item[0]))
    return ShiftFigures(
        start=start, end=end, transactions=transactions,
        outcomes=MappingProxyType(dict(outcomes)), sales=sales, interventions=interventions,
        by_cause=MappingProxyType(dict(ordered)),
        interventions_per_100=MappingProxyType(
            {kind: 100 * count / transactions for kind, count in ordered} if transactions
            else {}),
        interventions_per_100_all=100 * interventions / transactions if transactions else None,
        assists=len(assists),
        assist_median_s=statistics.median(assists) if assists else None,
        assist_p90_s=_nearest_rank(assists, 90) if assists else None,
        hours=tuple(HourBucket(hour, _label(hour, tz), counts[0], counts[1])
                    for hour, counts in sorted(hours.items())),
    )


def _nearest_rank(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent * len(ordered) / 100)) - 1]


def _hour(at: float, tz: tzinfo | None) -> float:
    """The start of the clock hour holding ``at`` (local wall clock, DST included)."""
    local = datetime.fromtimestamp(at, tz)
    # fold is kept by replace(): the repeated hour of a DST change stays apart.
    return local.replace(minute=0, second=0, microsecond=0).timestamp()


def _hours(start: float, end: float, tz: tzinfo | None) -> list[float]:
    """Every clock hour the window touches, in order, so empty hours show in a chart."""
    hours: list[float] = []
    hour = _hour(start, tz)
    while hour < end or not hours:
        hours.append(hour)
        following = _hour(hour + 3600, tz)
        hour = following if following > hour else hour + 3600
    return hours


def _label(hour: float, tz: tzinfo | None) -> str:
    return datetime.fromtimestamp(hour, tz).strftime("%H:%M")


def _seconds(event: LaneEvent) -> float | None:
    value = event.data.get("seconds")
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and math.isfinite(value) and value >= 0:
        return float(value)
    opened = event.data.get("opened_at")
    if isinstance(opened, int | float) and not isinstance(opened, bool) and opened <= event.at:
        return event.at - float(opened)
    return None


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
