"""The receipt: what the shopper takes home, as data.

Printers (ESC/POS), the screen (digital receipt) and the text demo all
render this one model.  It is built from the machine right after payment,
or from a replay of the transaction's journal records for a reprint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos.basket import Basket
from pos.money import Money, currency_exponent
from pos.payment import AttemptStatus, PaymentLedger
from pos.tax import PricingMode


@dataclass(frozen=True, slots=True)
class StoreHeader:
    name: str
    store_id: str = ""
    address: tuple[str, ...] = ()
    vat_id: str = ""
    footer: tuple[str, ...] = ()
    digital_receipt_url: str = ""  # a template with {txn}, {store} and {lane}


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    text: str
    quantity: int
    weight_g: int | None
    unit_price: int
    amount: int
    tax_class: str


@dataclass(frozen=True, slots=True)
class TaxRow:
    tax_class: str
    label: str
    net: int
    tax: int
    gross: int


@dataclass(frozen=True, slots=True)
class PaymentRow:
    tender: str
    amount: int
    masked_pan: str | None
    card_type: str | None
    receipt_no: str | None


@dataclass(frozen=True, slots=True)
class Receipt:
    store: StoreHeader
    lane_id: str
    txn_id: str
    issued_at: datetime
    currency: str
    lines: tuple[ReceiptLine, ...]
    savings: tuple[tuple[str, int], ...]  # (promotion or coupon name, amount off)
    taxes: tuple[TaxRow, ...]
    total: int
    payments: tuple[PaymentRow, ...]
    change: int
    item_count: int
    prices_include_tax: bool
    reprint: bool = False

    @property
    def qr_payload(self) -> str:
        """What the QR code carries: the digital receipt's address, or a compact proof."""
        if self.store.digital_receipt_url:
            return self.store.digital_receipt_url.format(
                txn=self.txn_id, store=self.store.store_id, lane=self.lane_id)
        return f"SCO1|{self.txn_id}|{self.issued_at:%Y%m%d%H%M%S}|{self.total}|{self.currency}"

    @property
    def barcode(self) -> str:
        """Code 128 content printed for returns: the transaction id."""
        return self.txn_id

    def money(self, minor: int) -> str:
        exponent = currency_exponent(self.currency)
        return Money(minor, self.currency).format_plain().rsplit(" ", 1)[0] if exponent else \
            str(minor)

    def to_dict(self) -> dict[str, Any]:
        return {
            "txn_id": self.txn_id, "lane_id": self.lane_id,
            "issued_at": self.issued_at.isoformat(), "currency": self.currency,
            "lines": [vars_of(line) for line in self.lines],
            "savings": [list(s) for s in self.savings],
            "taxes": [vars_of(t) for t in self.taxes], "total": self.total,
            "payments": [vars_of(p) for p in self.payments], "change": self.change,
            "item_count": self.item_count, "qr": self.qr_payload, "reprint": self.reprint,
        }


def vars_of(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def build_receipt(*, store: StoreHeader, lane_id: str, txn_id: str, basket: Basket,
                  ledger: PaymentLedger, issued_at: datetime, reprint: bool = False) -> Receipt:
    totals = basket.totals()
    lines = tuple(
        ReceiptLine(line.product.name, line.quantity, line.weight_g, line.unit_price,
                    line.amount, line.product.tax_class)
        for line in basket.active_lines()
    )
    savings = [(d.name, d.amount) for d in totals.discounts]
    savings += [(c.coupon.name, c.applied) for c in totals.coupons if c.applied]
    taxes = tuple(TaxRow(c.tax_class.code, c.tax_class.label, c.net, c.tax, c.gross)
                  for c in totals.classes)
    approved = [a for a in ledger.attempts if a.status is AttemptStatus.APPROVED]
    payments = tuple(PaymentRow(a.tender.value, a.approved_amount, a.masked_pan, a.card_type,
                                a.receipt_no) for a in approved)
    paid = sum(p.amount for p in payments)
    return Receipt(
        store, lane_id, txn_id, issued_at, basket.currency, lines, tuple(savings), taxes,
        totals.total, payments, max(0, paid - totals.total), totals.item_count,
        basket.tax.mode is PricingMode.INCLUSIVE, reprint,
    )


def render_text(receipt: Receipt, width: int = 42) -> str:
    """The receipt as plain text lines, ``width`` characters wide (a printer's font A)."""
    out: list[str] = []

    def row(left: str, right: str = "") -> None:
        room = width - len(right) - 1
        out.append(f"{left[:room]:<{room}} {right}" if right else left[:width])

    out.append(receipt.store.name.center(width).rstrip())
    out.extend(a.center(width).rstrip() for a in receipt.store.address)
    if receipt.store.vat_id:
        out.append(f"VAT ID {receipt.store.vat_id}".center(width).rstrip())
    if receipt.reprint:
        out.append("*** COPY ***".center(width).rstrip())
    out.append("-" * width)
    m = receipt.money
    for line in receipt.lines:
        row(line.text, f"{m(line.amount)} {line.tax_class}")
        if line.weight_g is not None:
            out.append(f"  {line.weight_g / 1000:.3f} kg x {m(line.unit_price)}/kg")
        elif line.quantity > 1:
            out.append(f"  {line.quantity} x {m(line.unit_price)}")
    for name, amount in receipt.savings:
        row(name, f"-{m(amount)}")
    out.append("-" * width)
    row(f"TOTAL {receipt.currency}", m(receipt.total))
    out.append(f"{receipt.item_count} items")
    for payment in receipt.payments:
        label = payment.card_type or payment.tender.upper()
        row(f"{label} {payment.masked_pan or ''}".rstrip(), m(payment.amount))
    if receipt.change:
        row("CHANGE", m(receipt.change))
    out.append("")
    included = "incl." if receipt.prices_include_tax else "plus"
    row(f"Tax ({included})", "net / tax / gross")
    for tax in receipt.taxes:
        row(f"{tax.tax_class} {tax.label}", f"{m(tax.net)} {m(tax.tax)} {m(tax.gross)}")
    out.append("")
    out.append(f"{receipt.lane_id}  {receipt.txn_id}")
    out.append(receipt.issued_at.strftime("%Y-%m-%d %H:%M:%S"))
    out.extend(f.center(width).rstrip() for f in receipt.store.footer)
    return "\n".join(out) + "\n"


def receipt_lines(receipts: Sequence[Receipt]) -> int:
    return sum(len(r.lines) for r in receipts)
