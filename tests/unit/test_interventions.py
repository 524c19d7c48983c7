"""The intervention rules' pure helpers: the latest birth date an age check accepts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.interventions import born_on_or_before


@pytest.mark.parametrize(("today", "age", "latest"), [
    (date(2026, 11, 23), 18, date(2008, 11, 23)),
    (date(2026, 11, 23), 16, date(2010, 11, 23)),
    (date(2026, 1, 1), 18, date(2008, 1, 1)),
    # Today is 29 February, and 18 years back there was none: one born 28 February is of
    # age, one born 1 March is not.
    (date(2028, 2, 29), 18, date(2010, 2, 28)),
    (date(2028, 2, 29), 16, date(2012, 2, 29)),  # a leap year back then too
    # Born on 29 February 2008: not yet 18 on 28 February 2026, of age on 1 March.
    (date(2026, 2, 28), 18, date(2008, 2, 28)),
    (date(2026, 3, 1), 18, date(2008, 3, 1)),
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
])
def test_latest_birth_date(today, age, latest) -> None:
    assert born_on_or_before(today, age) == latest


def test_a_negative_age_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        born_on_or_before(date(2026, 11, 23), -1)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_the_latest_birth_date_is_of_age_and_the_next_day_is_not(today, age) -> None:
    latest = born_on_or_before(today, age)

    def age_on(born: date) -> int:  # whole years, the birthday counted from its start
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    assert age_on(latest) >= age
    assert age_on(latest + timedelta(days=1)) < age
