from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.errors import MoneyError
from pos.money import Money, Rounding, divide_rounded
from pos.tax import PricingMode, RoundingLevel, TaxClass, TaxError, TaxPolicy


def test_parse_and_format_follow_the_currency_exponent():
    assert Money.parse("12.34", "EUR") == Money(1234, "EUR")
    assert Money.parse("25000", "VND") == Money(25000, "VND")
    assert Money.parse("1.234", "KWD").minor == 1234
    assert Money(-5, "EUR").format_plain() == "-0.05 EUR"
    assert Money(25000, "VND").format_plain() == "25000 VND"


@pytest.mark.parametrize("text", ["1,99", "abc", "1.999", "NaN", "Infinity", ""])
def test_parse_rejects_what_is_not_an_amount(text):
    with pytest.raises(MoneyError):
        Money.parse(text, "EUR")


def test_mixing_currencies_is_an_error():
    with pytest.raises(MoneyError, match="EUR with USD"):
        Money(1, "EUR") + Money(1, "USD")
    with pytest.raises(MoneyError):
        Money(1, "EUR") < Money(1, "USD")  # noqa: B015


@pytest.mark.parametrize(("num", "den", "rule", "expected"), [
    (5, 2, Rounding.HALF_UP, 3), (5, 2, Rounding.HALF_EVEN, 2), (7, 2, Rounding.HALF_EVEN, 4),
    (-5, 2, Rounding.HALF_UP, -3), (1, 3, Rounding.HALF_UP, 0), (2, 3, Rounding.HALF_UP, 1),
])
def test_divide_rounded(num, den, rule, expected):
    assert divide_rounded(num, den, rule) == expected


@given(st.integers(-10**12, 10**12), st.integers(1, 10**7))
def test_divide_rounded_matches_decimal_half_up(num, den):
    exact = Decimal(num) / Decimal(den)
    assert abs(divide_rounded(num, den) - exact) <= Decimal("0.5")


def test_inclusive_tax_is_extracted_from_the_price():
    policy = TaxPolicy.of([TaxClass.from_percent("A", "19")])
    assert policy.tax_of(119, "A") == 19
    assert policy.tax_of(100, "A") == 16  # 15.97 rounds up


def test_exclusive_tax_is_added():
    policy = TaxPolicy.of([TaxClass.from_percent("S", "8.875")], mode=PricingMode.EXCLUSIVE)
    assert policy.tax_of(1000, "S") == 89
    total = policy.class_total("S", 1000, 89)
    assert (total.net, total.tax, total.gross) == (1000, 89, 1089)


def test_receipt_level_rounding_rounds_once():
    line = TaxPolicy.of([TaxClass.from_percent("A", "19")], level=RoundingLevel.LINE)
    receipt = TaxPolicy.of([TaxClass.from_percent("A", "19")], level=RoundingLevel.RECEIPT)
    amounts = [101] * 10  # 16.13 each: per line 16 x 10 = 160, once 161.26 -> 161
    per_line = sum(line.tax_of(a, "A") for a in amounts)
    assert line.class_total("A", 1010, per_line).tax == 160
    assert receipt.class_total("A", 1010, per_line).tax == 161


def test_unknown_tax_class_and_bad_rate():
    policy = TaxPolicy.of([TaxClass.from_percent("A", "19")])
    with pytest.raises(TaxError):
        policy.tax_of(100, "Z")
    with pytest.raises(TaxError):
        TaxClass.from_percent("A", "nineteen")
