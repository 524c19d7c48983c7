"""Money, weights and dates as the shopper reads them in the chosen language (Babel's CLDR data).

The lane keeps amounts in minor units and weights in grams; only here do they
become text, so "1,69 €" in Vietnamese and "€1.69" in English come from the
same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit, get_unit_name

from pos.money import currency_exponent

FALLBACK_LOCALE = "en"


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        # A store may list a language CLDR does not know; its numbers fall back to English.
        return Locale.parse(FALLBACK_LOCALE)


@dataclass(frozen=True)
class Formats:
    language: str
    currency: str

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    def money(self, minor: int) -> str:
        return _money(self.language, self.currency, minor)

    def weight(self, grams: int) -> str:
        """Kilograms with three decimals ("1,234 kg"), as a scale label prints them."""
        kilograms = Decimal(grams).scaleb(-3)
        return format_unit(kilograms, "mass-kilogram", length="short", format="#,##0.000",
                           locale=self.locale)

    @property
    def kg(self) -> str:
        return _kg(self.language)

    def per_kg(self, minor: int) -> str:
        return f"{self.money(minor)} / {self.kg}"

    def number(self, value: int) -> str:
        return _number(self.language, value)

    def date(self, day: date) -> str:
        """A day with the month in words ("Nov 23, 2010", "23 нояб. 2010 г."): never mistaken
        for another day, whichever order the reader is used to."""
        return format_date(day, format="medium", locale=self.locale)


# Babel formats an amount in about a tenth of a millisecond, and a screen shows several: a
# visit's amounts repeat (line prices, the running total), so each is formatted once.
@lru_cache(maxsize=4096)
def _money(language: str, currency: str, minor: int) -> str:
    major = Decimal(minor).scaleb(-currency_exponent(currency))
    return format_currency(major, currency, locale=_locale(language))


@lru_cache(maxsize=1024)
def _number(language: str, value: int) -> str:
    return format_decimal(value, locale=_locale(language))


@lru_cache(maxsize=16)
def _kg(language: str) -> str:
    return get_unit_name("mass-kilogram", length="short", locale=_locale(language)) or "kg"
