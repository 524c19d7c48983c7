"""Money, weights and dates per language (Babel), and the sentences for codes."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.ui.formats import Formats
from kiosk.ui.texts import device_name, notice_text, payment_reason_text, terminal_text


@pytest.mark.parametrize(("language", "money", "weight"), [
    ("en", "€1,234.56", "1.234 kg"),
    ("vi", "1.234,56\xa0€", "1,234 kg"),
    ("ru", "1\xa0234,56\xa0€", "1,234 кг"),
    ("fil", "€1,234.56", "1.234 kg"),
])
def test_money_and_weight(language, money, weight) -> None:
    fmt = Formats(language, "EUR")
    assert fmt.money(123456) == money
    assert fmt.weight(1234) == weight


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "Nov 23, 2010"),
    ("vi", "23 thg 11, 2010"),
    ("ru", "23 нояб. 2010\u202fг."),  # a narrow no-break space before the year's "г."
    ("fil", "Nob 23, 2010"),
])
def test_dates_have_the_month_in_words(language, shown) -> None:
    assert Formats(language, "EUR").date(date(2010, 11, 23)) == shown


def test_an_unknown_language_falls_back_to_english_numbers() -> None:
    assert Formats("xx", "EUR").money(199) == "€1.99"


def test_sentences_fall_back_to_the_lanes_text() -> None:
    assert notice_text("PRINTER_PAPER_OUT", "x").startswith("The printer cannot print")
    assert notice_text("NEW_CODE", "as the lane said") == "as the lane said"
    assert terminal_text("insert card") == "Insert or tap your card"
    assert terminal_text("Karte lesen") == "Karte lesen"
    assert device_name("scale") == "bagging scale"
    assert device_name("label-printer") == "label-printer"


@pytest.mark.parametrize(("reason", "shown"), [
    ("PAYMENT_IN_DOUBT: payment 'lane-1-000001/1' is in doubt",
     "The card terminal is still checking an earlier payment. Please wait a moment and try "
     "again."),
    ("DEVICE_OFFLINE: link lost", "A device of this checkout is not working. An attendant has "
     "been told."),
    ("NEW_THING_42: the lane's own words", "the lane's own words"),
    ("no card terminal on this lane", "Card payment is not available at this checkout"),
    ("Karte gesperrt", "Karte gesperrt"),  # a terminal's words it does not know, as they are
    ("", ""),
    (None, ""),
])
def test_why_a_payment_failed_never_shows_a_code(reason, shown) -> None:
    assert payment_reason_text(reason) == shown
