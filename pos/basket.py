"""The basket: lines, voids, quantities and the totals they add up to.

Totals are kept incrementally (sums per tax class, discounts per affected
promotion), so the cost of a scan does not grow with the size of the basket.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pos.catalog import Product, SoldBy
from pos.errors import BasketError
from pos.money import Money, divide_rounded
from pos.promotions import Coupon, Discount, Promotion, Promotions, Unit, allocate
from pos.tax import ClassTotal, TaxPolicy


@dataclass(slots=True)
class Line:
    line_no: int  # 1-based, never reused within a transaction
    product: Product
    quantity: int
    weight_g: int | None  # for products sold by weight
    unit_price: int  # per piece, or per kg
    amount: int  # before promotions
    code: str = ""  # the barcode or PLU it was entered by
    voided: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_no": self.line_no, "gtin": self.product.gtin, "name": self.product.name,
            "quantity": self.quantity, "weight_g": self.weight_g, "unit_price": self.unit_price,
            "amount": self.amount, "tax_class": self.product.tax_class, "voided": self.voided,
        }


@dataclass(frozen=True, slots=True)
class CouponState:
    coupon: Coupon
    applied: int  # amount taken off, 0 when not (yet) valid
    reason: str | None  # why it does not apply


@dataclass(frozen=True, slots=True)
class Totals:
    currency: str
    total: int  # what the shopper pays
    net: int
    tax: int
    classes: tuple[ClassTotal, ...]
    discounts: tuple[Discount, ...]
    coupons: tuple[CouponState, ...]
    item_count: int  # pieces (a weighed line counts as one)
    savings: int  # promotions plus coupons

    def money(self) -> Money:
        return Money(self.total, self.currency)


class Basket:
    """Lines of one transaction and their running totals."""

    def __init__(self, currency: str, tax: TaxPolicy, promotions: Promotions | None = None) -> None:
        self.currency = currency
        self.tax = tax
        self.promotions = promotions or Promotions()
        self._lines: list[Line] = []
        self._amount: dict[str, int] = {}  # tax class -> sum of active line amounts
        self._line_tax: dict[str, int] = {}  # tax class -> sum of per-line rounded taxes
        self._items = 0
        self._gtin_qty: dict[str, int] = {}
        self._promo_lines: dict[str, dict[int, Line]] = {}
        self._promo_of: dict[str, Promotion] = {}
        self._discounts: dict[str, Discount] = {}
        self._coupons: list[Coupon] = []
        self._totals: Totals | None = None

    # -- reading -----------------------------------------------------------

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(self._lines)

    def active_lines(self) -> Iterator[Line]:
        return (line for line in self._lines if not line.voided)

    def line(self, line_no: int) -> Line:
        if not 1 <= line_no <= len(self._lines):
            raise BasketError(f"there is no line {line_no}", code="BASKET_NO_LINE")
        return self._lines[line_no - 1]

    @property
    def item_count(self) -> int:
        return self._items

    @property
    def coupons(self) -> tuple[Coupon, ...]:
        return tuple(self._coupons)

    def is_empty(self) -> bool:
        return self._items == 0

    # -- changing ----------------------------------------------------------

    def add(
        self, product: Product, quantity: int = 1, *, weight_g: int | None = None,
        price: int | None = None, code: str = "",
    ) -> Line:
        """Add a line; ``price`` (from a variable-measure code) overrides the computed amount."""
        if quantity < 1:
            raise BasketError("a quantity is at least 1", code="BASKET_QUANTITY")
        self.tax.rate(product.tax_class)  # an unknown class is refused before anything changes
        if product.sold_by is SoldBy.WEIGHT:
            if weight_g is None and price is None:
                raise BasketError(f"{product.name} is sold by weight: weigh it first",
                                  code="BASKET_NEEDS_WEIGHT")
            quantity = 1
            grams = weight_g or 0
            amount = price if price is not None else divide_rounded(product.price * grams, 1000)
        else:
            amount = price if price is not None else product.price * quantity
        line = Line(len(self._lines) + 1, product, quantity, weight_g, product.price, amount, code)
        self._lines.append(line)
        self._apply(line, +1)
        return line

    def set_quantity(self, line_no: int, quantity: int) -> Line:
        line = self._active(line_no)
        if line.product.sold_by is SoldBy.WEIGHT:
            raise BasketError("the quantity of a weighed item cannot be changed",
                              code="BASKET_QUANTITY")
        if quantity < 1:
            raise BasketError("a quantity is at least 1; void the line instead",
                              code="BASKET_QUANTITY")
        self._apply(line, -1)
        line.quantity = quantity
        line.amount = line.unit_price * quantity
        self._apply(line, +1)
        return line

    def void(self, line_no: int) -> Line:
        line = self._active(line_no)
        self._apply(line, -1)
        line.voided = True
        return line

    def add_coupon(self, coupon: Coupon) -> None:
        if coupon in self._coupons:
            raise BasketError(f"the coupon {coupon.name} was already scanned",
                              code="BASKET_COUPON_TWICE")
        self._coupons.append(coupon)
        self._totals = None

    def _active(self, line_no: int) -> Line:
        line = self.line(line_no)
        if line.voided:
            raise BasketError(f"line {line_no} is already void", code="BASKET_VOID")
        return line

    def _apply(self, line: Line, sign: int) -> None:
        tax_class = line.product.tax_class
        line_tax = self.tax.tax_of(line.amount, tax_class)  # also rejects unknown classes
        self._amount[tax_class] = self._amount.get(tax_class, 0) + sign * line.amount
        self._line_tax[tax_class] = self._line_tax.get(tax_class, 0) + sign * line_tax
        pieces = 1 if line.weight_g is not None else line.quantity
        self._items += sign * pieces
        gtin = line.product.gtin
        self._gtin_qty[gtin] = self._gtin_qty.get(gtin, 0) + sign * pieces
        if line.product.sold_by is SoldBy.UNIT:
            for promotion in self.promotions.for_product(line.product):
                members = self._promo_lines.setdefault(promotion.id, {})
                if sign > 0:
                    members[line.line_no] = line
                else:
                    members.pop(line.line_no, None)
                self._promo_of[promotion.id] = promotion
                self._refresh(promotion)
        self._totals = None

    def _refresh(self, promotion: Promotion) -> None:
        units: list[Unit] = []
        for member in self._promo_lines[promotion.id].values():
            units.extend([(member.unit_price, member.product.tax_class)] * member.quantity)
        found = promotion.discount(units)
        if found is None:
            self._discounts.pop(promotion.id, None)
        else:
            self._discounts[promotion.id] = found

    # -- totals ------------------------------------------------------------

    def totals(self) -> Totals:
        if self._totals is None:
            self._totals = self._compute()
        return self._totals

    def _compute(self) -> Totals:
        amount = dict(self._amount)
        line_tax = dict(self._line_tax)
        for discount in self._discounts.values():
            self._take_off(amount, line_tax, dict(discount.parts))
        coupon_states: list[CouponState] = []
        for coupon in self._coupons:
            goods = sum(amount.values())
            reason = coupon.why_not(goods, self._gtin_qty)
            applied = 0 if reason else min(coupon.value, goods)
            if applied:
                units = [(a, c) for c, a in amount.items() if a > 0]
                self._take_off(amount, line_tax, allocate(applied, units))
            coupon_states.append(CouponState(coupon, applied, reason))
        classes = tuple(
            self.tax.class_total(c, amount[c], line_tax[c]) for c in sorted(amount)
            if amount[c] or line_tax[c]
        )
        savings = sum(d.amount for d in self._discounts.values())
        savings += sum(s.applied for s in coupon_states)
        return Totals(
            self.currency,
            total=sum(c.gross for c in classes),
            net=sum(c.net for c in classes),
            tax=sum(c.tax for c in classes),
            classes=classes,
            discounts=tuple(self._discounts[k] for k in sorted(self._discounts)),
            coupons=tuple(coupon_states),
            item_count=self._items,
            savings=savings,
        )

    def _take_off(self, amount: dict[str, int], line_tax: dict[str, int],
                  parts: Mapping[str, int]) -> None:
        for tax_class, off in parts.items():
            amount[tax_class] = amount.get(tax_class, 0) - off
            line_tax[tax_class] = line_tax.get(tax_class, 0) - self.tax.tax_of(off, tax_class)

    def snapshot(self) -> dict[str, Any]:
        totals = self.totals()
        return {
            "lines": [line.to_dict() for line in self._lines],
            "coupons": [c.coupon.code for c in totals.coupons],
            "total": totals.total,
            "tax": totals.tax,
            "savings": totals.savings,
            "item_count": totals.item_count,
        }
