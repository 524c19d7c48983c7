"""Promotions: multi-buys, mix-and-match groups and in-store coupons.

A promotion looks at the units that qualify for it and returns a discount
split by tax class (a discount lowers the taxable amount of the goods it
applies to).  Units are grouped most expensive first, which gives the
shopper the larger saving when prices differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pos.catalog import Product

Unit = tuple[int, str]  # (unit price in minor units, tax class)


@dataclass(frozen=True, slots=True)
class Discount:
    promotion_id: str
    name: str
    parts: tuple[tuple[str, int], ...]  # (tax class, amount off), amounts > 0

    @property
    def amount(self) -> int:
        return sum(amount for _, amount in self.parts)


def allocate(amount: int, units: Sequence[Unit]) -> dict[str, int]:
    """Split ``amount`` over the units' tax classes in proportion to their prices."""
    by_class: dict[str, int] = {}
    for price, tax_class in units:
        by_class[tax_class] = by_class.get(tax_class, 0) + price
    total = sum(by_class.values())
    if len(by_class) == 1 or total == 0:
        return {next(iter(by_class)): amount}
    shares: dict[str, int] = {}
    given = 0
    classes = sorted(by_class)
    for tax_class in classes[:-1]:
        share = amount * by_class[tax_class] // total
        shares[tax_class] = share
        given += share
    shares[classes[-1]] = amount - given
    return shares


def _merge(into: dict[str, int], parts: Mapping[str, int]) -> None:
    for tax_class, amount in parts.items():
        into[tax_class] = into.get(tax_class, 0) + amount


def _discount(promotion_id: str, name: str, parts: Mapping[str, int]) -> Discount | None:
    cleaned = tuple(sorted((c, a) for c, a in parts.items() if a > 0))
    return Discount(promotion_id, name, cleaned) if cleaned else None


def _sets(units: Sequence[Unit], size: int) -> list[Sequence[Unit]]:
    """Complete sets of ``size`` units, most expensive first."""
    ordered = sorted(units, reverse=True)
    return [ordered[start : start + size] for start in range(0, len(ordered) - size + 1, size)]


def _set_price(parts: dict[str, int], chunk: Sequence[Unit], price: int) -> None:
    """Add to ``parts`` what selling ``chunk`` at ``price`` takes off, if it is a saving."""
    off = sum(p for p, _ in chunk) - price
    if off > 0:
        _merge(parts, allocate(off, chunk))


@dataclass(frozen=True, slots=True)
class MultiBuy:
    """Buy ``buy`` of the listed products and pay for ``pay`` of them, or pay ``price``."""

    id: str
    name: str
    gtins: frozenset[str]
    buy: int
    pay: int | None = None
    price: int | None = None

    def discount(self, units: Sequence[Unit]) -> Discount | None:
        parts: dict[str, int] = {}
        for chunk in _sets(units, self.buy):
            if self.pay is not None:
                for price, tax_class in chunk[self.pay :]:  # the cheapest of the set are free
                    parts[tax_class] = parts.get(tax_class, 0) + price
            elif self.price is not None:
                _set_price(parts, chunk, self.price)
        return _discount(self.id, self.name, parts)


@dataclass(frozen=True, slots=True)
class MixMatch:
    """Any ``buy`` products of a group for ``price``."""

    id: str
    name: str
    group: str
    buy: int
    price: int

    def discount(self, units: Sequence[Unit]) -> Discount | None:
        parts: dict[str, int] = {}
        for chunk in _sets(units, self.buy):
            _set_price(parts, chunk, self.price)
        return _discount(self.id, self.name, parts)


@dataclass(frozen=True, slots=True)
class Coupon:
    """An in-store coupon: ``value`` off once the basket reaches ``min_spend``."""

    code: str  # 14-digit key of the coupon's EAN-13
    name: str
    value: int
    min_spend: int = 0
    gtins: frozenset[str] = frozenset()  # when set, one of these must be in the basket

    def why_not(self, gross: int, gtins_in_basket: Mapping[str, int]) -> str | None:
        """None when the coupon applies, else the reason it does not (yet)."""
        if gross < self.min_spend:
            return "min_spend"
        if self.gtins and not any(gtins_in_basket.get(g, 0) > 0 for g in self.gtins):
            return "product_missing"
        return None


Promotion = MultiBuy | MixMatch


@dataclass(frozen=True)
class Promotions:
    multibuys: tuple[MultiBuy, ...] = ()
    mixmatches: tuple[MixMatch, ...] = ()
    coupons: tuple[Coupon, ...] = ()
    _by_gtin: dict[str, tuple[Promotion, ...]] = field(init=False, repr=False, compare=False)
    _by_group: dict[str, tuple[Promotion, ...]] = field(init=False, repr=False, compare=False)
    _coupons: dict[str, Coupon] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_gtin: dict[str, list[Promotion]] = {}
        for multibuy in self.multibuys:
            for gtin in multibuy.gtins:
                by_gtin.setdefault(gtin, []).append(multibuy)
        by_group: dict[str, list[Promotion]] = {}
        for mixmatch in self.mixmatches:
            by_group.setdefault(mixmatch.group, []).append(mixmatch)
        object.__setattr__(self, "_by_gtin", {k: tuple(v) for k, v in by_gtin.items()})
        object.__setattr__(self, "_by_group", {k: tuple(v) for k, v in by_group.items()})
        object.__setattr__(self, "_coupons", {c.code: c for c in self.coupons})

    def for_product(self, product: Product) -> tuple[Promotion, ...]:
        found = self._by_gtin.get(product.gtin, ())
        if product.mix_match:
            found += self._by_group.get(product.mix_match, ())
        return found

    def coupon(self, code: str) -> Coupon | None:
        return self._coupons.get(code)
