"""attendant.shift: the figures of a shift from the facts lanes send, with exact numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from attendant.shift import HourBucket, ShiftFigures, shift_figures
from pos.messages import LaneEvent

_ids = count(1)


def at(hh: int, mm: int, ss: int = 0) -> float:
    return datetime(2025, 3, 3, hh, mm, ss, tzinfo=UTC).timestamp()


def fact(event: str, when: float, /, **data: Any) -> LaneEvent:
    """A fact with a fresh id, as a lane sends it (positional: ``kind`` is a data key too)."""
    return LaneEvent(id=f"lane-1:f{next(_ids)}", lane="lane-1", txn="t", seq=0, kind=event,
                     at=when, data=data)


def ended(when: float, outcome: str, total: int = 0) -> LaneEvent:
    return fact("TransactionEnded", when, outcome=outcome, total=total, items=1,
                started_at=when - 120)


def opened(when: float, kind: str, number: int) -> LaneEvent:
    return fact("InterventionOpened", when, intervention=number, kind=kind, explanation={})


def closed(when: float, kind: str, number: int, how: str, seconds: float | None,
           **extra: Any) -> LaneEvent:
    data: dict[str, Any] = {"intervention": number, "kind": kind, "how": how,
                            "operator": "alice", **extra}
    if seconds is not None:
        data.update(seconds=seconds, opened_at=when - seconds)
    return fact("InterventionClosed", when, **data)


REJECTED_TWICE = closed(at(9, 7), "weight_mismatch", 4, "rejected", 45)

SHIFT = [
    # before the window: neither counted nor charted
    ended(at(7, 59), "paid", 999),
    opened(at(7, 59, 29), "age_check", 1),
    # 08:00-09:00: 3 transactions, 2 interventions
    ended(at(8, 10), "paid", 1250),
    opened(at(8, 12), "weight_mismatch", 2),
    closed(at(8, 12, 20), "weight_mismatch", 2, "cleared", 20),  # no attendant: no assist
    ended(at(8, 20), "paid", 500),
    opened(at(8, 40), "age_check", 3),
    closed(at(8, 41), "age_check", 3, "approved", 60),
    ended(at(8, 50), "cancelled", 330),
    # 09:00-10:00: 3 transactions, 2 interventions
    ended(at(9, 5), "paid", 2000),
    opened(at(9, 6), "weight_mismatch", 4),
    REJECTED_TWICE,
    REJECTED_TWICE,  # redelivered: counted once
    opened(at(9, 10), "weight_mismatch", 5),
    closed(at(9, 12), "weight_mismatch", 5, "approved", 120),
    ended(at(9, 30), "suspended", 870),
    ended(at(9, 45), "paid", 400),
    # 10:00-11:00: 2 transactions, 1 intervention
    ended(at(10, 15), "paid", 750),
    opened(at(10, 20), "help", 6),
    closed(at(10, 22), "help", 6, "approved", 90),
    closed(at(10, 30), "void_request", 7, "ended", 300),  # the transaction ended it
    fact("ItemAdded", at(10, 31), gtin="04000000000017"),  # not a fact: ignored
    fact("CommandApplied", at(10, 32), command="c1"),
    ended(at(10, 59, 59), "paid", 100),
    # at the end of the window: excluded
    ended(at(11, 0), "paid", 5000),
]


def test_the_figures_of_a_morning() -> None:
    # The age check opened at 07:59:29, before the window, closes inside it at
    # 08:00:00; this closing gives its time by opened_at only.
    events = [*SHIFT, closed(at(8, 0), "age_check", 1, "approved", None,
                             opened_at=at(7, 59, 29))]
    figures = shift_figures(reversed(events), at(8, 0), at(11, 0), tz=UTC)

    assert figures.transactions == 8
    assert dict(figures.outcomes) == {"paid": 6, "cancelled": 1, "suspended": 1}
    assert figures.sales == 1250 + 500 + 2000 + 400 + 750 + 100 == 5000
    assert figures.interventions == 5
    assert list(figures.by_cause.items()) == [
        ("weight_mismatch", 3), ("age_check", 1), ("help", 1)]
    assert list(figures.interventions_per_100.items()) == [
        ("weight_mismatch", 37.5), ("age_check", 12.5), ("help", 12.5)]
    assert figures.interventions_per_100_all == 62.5
    # approved or rejected: 31 (by opened_at), 60, 45, 120, 90
    assert figures.assists == 5
    assert figures.assist_median_s == 60.0
    assert figures.assist_p90_s == 120.0
    assert figures.hours == (
        HourBucket(at(8, 0), "08:00", transactions=3, interventions=2),
        HourBucket(at(9, 0), "09:00", transactions=3, interventions=2),
        HourBucket(at(10, 0), "10:00", transactions=2, interventions=1),
    )
    assert figures.per_hour == (("08:00", 3, 2), ("09:00", 3, 2), ("10:00", 2, 1))


def test_an_hour_cut_by_the_window_is_still_a_bucket() -> None:
    figures = shift_figures(SHIFT, at(8, 30), at(9, 20), tz=UTC)
    assert figures.transactions == 2  # 08:50 cancelled, 09:05 paid
    assert [(h.label, h.transactions, h.interventions) for h in figures.hours] == [
        ("08:00", 1, 1), ("09:00", 1, 2)]
    assert figures.assists == 3  # 08:41, 09:07, 09:12
    assert figures.assist_median_s == 60.0


def test_a_quiet_shift_has_zeros_and_no_rates() -> None:
    figures = shift_figures([], at(6, 0), at(8, 0), tz=UTC)
    assert figures == ShiftFigures(
        start=at(6, 0), end=at(8, 0), transactions=0,
        outcomes={"paid": 0, "cancelled": 0, "suspended": 0}, sales=0, interventions=0,
        by_cause={}, interventions_per_100={}, interventions_per_100_all=None, assists=0,
        assist_median_s=None, assist_p90_s=None,
        hours=(HourBucket(at(6, 0), "06:00", 0, 0), HourBucket(at(7, 0), "07:00", 0, 0)))


def test_interventions_without_transactions_have_no_rate() -> None:
    figures = shift_figures([opened(at(8, 5), "help", 1)], at(8, 0), at(9, 0), tz=UTC)
    assert figures.interventions == 1
    assert dict(figures.by_cause) == {"help": 1}
    assert figures.interventions_per_100 == {}
    assert figures.interventions_per_100_all is None


@pytest.mark.parametrize(("seconds", "median", "p90"), [
    ([42.0], 42.0, 42.0),
    ([10.0, 20.0], 15.0, 20.0),
    ([float(s) for s in range(10, 0, -1)], 5.5, 9.0),  # rank ceil(0.9 * 10) = 9
    ([float(s) for s in range(1, 12)], 6.0, 10.0),  # rank ceil(0.9 * 11) = 10
    ([5.0, 1.0, 3.0], 3.0, 5.0),
])
def test_median_and_nearest_rank_90th_percentile(
    seconds: list[float], median: float, p90: float,
) -> None:
    events = [closed(at(8, 30), "help", n, "approved", s) for n, s in enumerate(seconds)]
    figures = shift_figures(events, at(8, 0), at(9, 0), tz=UTC)
    assert (figures.assists, figures.assist_median_s, figures.assist_p90_s) == (
        len(seconds), median, p90)


def test_hours_follow_the_local_clock_across_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")

    def local(day: int, month: int, hh: int, mm: int = 0) -> float:
        return datetime(2025, month, day, hh, mm, tzinfo=berlin).timestamp()

    # Spring: 02:00 becomes 03:00; the window 00:00-05:00 is four hours long.
    spring = shift_figures([ended(local(30, 3, 3, 30), "paid", 100)],
                           local(30, 3, 0), local(30, 3, 5), tz=berlin)
    assert [(h.label, h.transactions) for h in spring.hours] == [
        ("00:00", 0), ("01:00", 0), ("03:00", 1), ("04:00", 0)]

    # Autumn: 02:00-03:00 happens twice; each is its own bucket.
    first_two = datetime(2025, 10, 26, 2, 30, tzinfo=berlin).timestamp()
    second_two = datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=berlin).timestamp()
    assert second_two - first_two == 3600
    autumn = shift_figures([ended(first_two, "paid"), ended(second_two, "cancelled"),
                            opened(second_two + 60, "help", 1)],
                           local(26, 10, 0), local(26, 10, 4), tz=berlin)
    assert [(h.label, h.transactions, h.interventions) for h in autumn.hours] == [
        ("00:00", 0, 0), ("01:00", 0, 0), ("02:00", 1, 0), ("02:00", 1, 1), ("03:00", 0, 0)]
    assert [h.start - autumn.hours[0].start for h in autumn.hours] == [
        0, 3600, 7200, 10800, 14400]


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        shift_figures([], at(9, 0), at(8, 0))
