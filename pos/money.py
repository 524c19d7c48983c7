"""Money as an integer number of minor units with its currency.

Floating point never touches an amount: prices, taxes and payments are ints
of the currency's minor unit (cents, kopecks, centavos; dong have none).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from pos.errors import MoneyError

# ISO 4217 minor-unit exponents of the currencies we have met; anything else
# defaults to 2 and a store may declare its own in store.toml.
_EXPONENTS: dict[str, int] = {
    "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2,
    "PLN": 2, "CZK": 2, "HUF": 2, "RUB": 2, "PHP": 2, "AUD": 2, "CAD": 2,
    "VND": 0, "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0,
    "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3,
}


def currency_exponent(currency: str) -> int:
    """Number of decimal places of the currency's minor unit."""
    return _EXPONENTS.get(currency.upper(), 2)


class Rounding(Enum):
    """How a fractional minor unit is rounded."""

    HALF_UP = "half_up"  # commercial rounding, the usual rule on receipts
    HALF_EVEN = "half_even"  # banker's rounding, required by some tax authorities


def divide_rounded(numerator: int, denominator: int, rounding: Rounding = Rounding.HALF_UP) -> int:
    """``numerator / denominator`` rounded to an int, exactly, without floats."""
    if denominator == 0:
        raise MoneyError("division by zero in an amount calculation")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator), denominator)
    twice = 2 * remainder
    if twice > denominator or (
        twice == denominator and (rounding is Rounding.HALF_UP or quotient % 2 == 1)
    ):
        quotient += 1
    return quotient if numerator >= 0 else -quotient


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of ``minor`` units of ``currency`` (ISO 4217 code)."""

    minor: int
    currency: str

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str | int | Decimal, currency: str) -> Money:
        """Read a major-unit amount such as ``"12.34"`` into minor units.

        More decimals than the currency has are an error, not a silent rounding.
        """
        exponent = currency_exponent(currency)
        try:
            value = Decimal(str(text).strip())
        except InvalidOperation as exc:
            raise MoneyError(f"{text!r} is not an amount") from exc
        if not value.is_finite():
            raise MoneyError(f"{text!r} is not an amount")
        scaled = value.scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"{text!r} has more than {exponent} decimals for {currency}")
        return cls(int(scaled), currency)

    def _check(self, other: Money) -> None:
        if self.currency != other.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int):
            raise MoneyError("money is multiplied by whole numbers only")
        return Money(self.minor * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._check(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._check(other)
        return self.minor >= other.minor

    def __bool__(self) -> bool:
        return self.minor != 0

    def to_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-currency_exponent(self.currency))

    def format_plain(self) -> str:
        """``12.34 EUR``: for logs, the journal and the text demo (screens use Babel)."""
        exponent = currency_exponent(self.currency)
        sign = "-" if self.minor < 0 else ""
        major, minor = divmod(abs(self.minor), 10**exponent)
        if exponent == 0:
            return f"{sign}{major} {self.currency}"
        return f"{sign}{major}.{minor:0{exponent}d} {self.currency}"

    def __str__(self) -> str:
        return self.format_plain()


def quantize(value: Decimal, rounding: Rounding = Rounding.HALF_UP) -> int:
    """Round a Decimal number of minor units to an int."""
    mode = ROUND_HALF_UP if rounding is Rounding.HALF_UP else ROUND_HALF_EVEN
    return int(value.to_integral_value(rounding=mode))
