"""Taxes: classes with rates, inclusive or exclusive pricing, and rounding.

Rates are held in parts per million (19 % = 190_000) so that every tax sum is
exact integer arithmetic.  Whether tax is rounded per line or once per
receipt (per class) is a store setting: tax authorities differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum

from pos.errors import SCOError
from pos.money import Rounding, divide_rounded

PPM = 1_000_000


class TaxError(SCOError):
    code = "TAX"


class PricingMode(Enum):
    INCLUSIVE = "inclusive"  # shelf prices include tax (Europe)
    EXCLUSIVE = "exclusive"  # tax is added on top (most of North America)


class RoundingLevel(Enum):
    LINE = "line"  # round the tax of every line, then add
    RECEIPT = "receipt"  # add the amounts of a class, then round once


@dataclass(frozen=True, slots=True)
class TaxClass:
    code: str
    rate_ppm: int
    label: str = ""

    @classmethod
    def from_percent(cls, code: str, percent: str | int | Decimal, label: str = "") -> TaxClass:
        try:
            rate = Decimal(str(percent)) * 10_000
        except InvalidOperation as exc:
            raise TaxError(f"tax rate {percent!r} of class {code} is not a number") from exc
        if rate != rate.to_integral_value() or rate < 0:
            raise TaxError(f"tax rate {percent!r} of class {code} has too many decimals")
        return cls(code, int(rate), label or f"{code} {Decimal(str(percent)).normalize()}%")

    @property
    def percent(self) -> Decimal:
        return Decimal(self.rate_ppm) / 10_000


@dataclass(frozen=True, slots=True)
class ClassTotal:
    """The sums of one tax class on a receipt."""

    tax_class: TaxClass
    net: int
    tax: int
    gross: int


@dataclass(frozen=True)
class TaxPolicy:
    classes: Mapping[str, TaxClass]
    mode: PricingMode = PricingMode.INCLUSIVE
    level: RoundingLevel = RoundingLevel.LINE
    rule: Rounding = Rounding.HALF_UP
    _rates: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rates", {c: t.rate_ppm for c, t in self.classes.items()})

    @classmethod
    def of(cls, classes: Iterable[TaxClass], **kwargs: object) -> TaxPolicy:
        return cls({c.code: c for c in classes}, **kwargs)  # type: ignore[arg-type]

    def rate(self, tax_class: str) -> int:
        try:
            return self._rates[tax_class]
        except KeyError:
            raise TaxError(f"unknown tax class {tax_class!r}", code="TAX_CLASS") from None

    def tax_of(self, amount: int, tax_class: str) -> int:
        """The tax in (inclusive) or on top of (exclusive) ``amount``, rounded."""
        rate = self.rate(tax_class)
        if self.mode is PricingMode.INCLUSIVE:
            return divide_rounded(amount * rate, PPM + rate, self.rule)
        return divide_rounded(amount * rate, PPM, self.rule)

    def class_total(self, tax_class: str, amount: int, line_tax_sum: int) -> ClassTotal:
        """Totals of one class from its summed amounts and (per-line) summed taxes."""
        tax = line_tax_sum if self.level is RoundingLevel.LINE else self.tax_of(amount, tax_class)
        tc = self.classes[tax_class]
        if self.mode is PricingMode.INCLUSIVE:
            return ClassTotal(tc, amount - tax, tax, amount)
        return ClassTotal(tc, amount, tax, amount + tax)
