"""Products and the catalog they are looked up in.

A product's price is in minor units of the store currency: per piece for
products sold by unit, per kilogram for products sold by weight.  GTINs are
kept as 14 digits (GS1's GTIN-14 form, zero-padded), so an EAN-13, a UPC-A
and an EAN-8 each have exactly one key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from pos.errors import CatalogError


class SoldBy(Enum):
    UNIT = "unit"
    WEIGHT = "weight"  # priced per kg from a stable scale reading or a variable-measure code


class Bagging(Enum):
    REQUIRED = "required"  # must be placed in the bagging area and weighed
    OPTIONAL = "optional"  # "no bagging" items (heavy, bulky): the shopper may skip bagging


def gtin14(code: str) -> str:
    """The 14-digit key of a GTIN-8/12/13/14 given as digits (no validation)."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        raise CatalogError(f"{code!r} is not a GTIN of 8, 12, 13 or 14 digits", code="CATALOG_GTIN")
    return code.zfill(14)


def gs1_check_digit(body: str) -> int:
    """The GS1 modulo-10 check digit for ``body`` (all digits but the last)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    return code.isdigit() and len(code) >= 2 and gs1_check_digit(code[:-1]) == int(code[-1])


@dataclass(frozen=True, slots=True)
class Product:
    """One sellable product as the catalog knows it (coupons live in promotions)."""

    gtin: str  # 14 digits
    name: str
    price: int  # minor units: per piece, or per kg when sold by weight
    tax_class: str
    sold_by: SoldBy = SoldBy.UNIT
    plu: str | None = None
    category: str = ""
    expected_weight_g: int | None = None  # per piece; None: unknown, learned from weighings
    weight_tolerance_g: int | None = None  # overrides the lane's tolerance for this product
    bagging: Bagging = Bagging.REQUIRED
    min_age: int = 0  # 0: not age-restricted
    mix_match: str | None = None  # mix-and-match group id

    @property
    def age_restricted(self) -> bool:
        return self.min_age > 0

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form, used to snapshot a product into the journal."""
        return {
            "gtin": self.gtin,
            "name": self.name,
            "price": self.price,
            "tax_class": self.tax_class,
            "sold_by": self.sold_by.value,
            "plu": self.plu,
            "category": self.category,
            "expected_weight_g": self.expected_weight_g,
            "weight_tolerance_g": self.weight_tolerance_g,
            "bagging": self.bagging.value,
            "min_age": self.min_age,
            "mix_match": self.mix_match,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Product:
        def opt_int(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else int(str(value))

        def opt_str(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(
            gtin=str(data["gtin"]),
            name=str(data["name"]),
            price=int(str(data["price"])),
            tax_class=str(data["tax_class"]),
            sold_by=SoldBy(data.get("sold_by", "unit")),
            plu=opt_str("plu"),
            category=str(data.get("category", "")),
            expected_weight_g=opt_int("expected_weight_g"),
            weight_tolerance_g=opt_int("weight_tolerance_g"),
            bagging=Bagging(data.get("bagging", "required")),
            min_age=int(str(data.get("min_age", 0))),
            mix_match=opt_str("mix_match"),
        )


class Catalog(Protocol):
    """What the core needs from a catalog; storage implements it over SQL."""

    def by_gtin(self, gtin: str) -> Product | None:
        """The product with this 14-digit GTIN, or None."""

    def by_plu(self, plu: str) -> Product | None:
        """The product with this price look-up code, or None."""


@dataclass
class MemoryCatalog:
    """A catalog held in dicts: for tests, the demo and small stores."""

    _by_gtin: dict[str, Product] = field(default_factory=dict)
    _by_plu: dict[str, Product] = field(default_factory=dict)

    @classmethod
    def of(cls, products: Iterable[Product]) -> MemoryCatalog:
        catalog = cls()
        for product in products:
            catalog.add(product)
        return catalog

    def add(self, product: Product) -> None:
        if product.gtin in self._by_gtin:
            raise CatalogError(f"GTIN {product.gtin} appears twice", code="CATALOG_DUPLICATE")
        self._by_gtin[product.gtin] = product
        if product.plu:
            self._by_plu[product.plu] = product

    def by_gtin(self, gtin: str) -> Product | None:
        return self._by_gtin.get(gtin)

    def by_plu(self, plu: str) -> Product | None:
        return self._by_plu.get(plu)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._by_gtin.values())

    def __len__(self) -> int:
        return len(self._by_gtin)
