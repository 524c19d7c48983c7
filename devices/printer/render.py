"""A ``pos.receipt.Receipt`` as ESC/POS bytes, built with python-escpos on a ``Dummy``.

The layout follows ``pos.receipt.render_text`` (same content, same order) and
adds what paper can do: the store name large, totals bold, a CODE128 barcode
of ``receipt.barcode`` for returns, a QR code of ``receipt.qr_payload`` for
the digital receipt, and a cut.

Text encoding: one fixed code page, chosen deliberately (default PC858,
ESC t 19: Western European with "€"), selected once after ESC @.  We do not
use python-escpos' magic encoding, which switches code pages per character
and may pick one a given printer lacks.  Every string passes through
``escpos_codec.printable`` first, so characters the code page lacks are
transliterated ("Спасибо" -> "Spasibo", "Cảm ơn" -> "Cam on") or become "?";
the layout is computed on that printable text, so columns stay aligned.
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from typing import Any

from devices.printer import escpos_cache
from devices.printer.escpos_codec import PC858, CodePage, code128_b, printable
from pos.receipt import Receipt

Log = logging.Logger | logging.LoggerAdapter[logging.Logger]

PAPER_WIDTHS = (42, 48)  # font A columns: 80 mm paper on 512- and 576-dot heads


@dataclass(frozen=True, slots=True)
class ReceiptStyle:
    width: int = 42
    code_page: CodePage = PC858
    qr_module_dots: int = 6
    barcode_height_dots: int = 80
    barcode_module_dots: int = 2
    qr_caption: str = "Scan for your digital receipt"


def row(left: str, right: str, width: int) -> list[str]:
    """``left`` wrapped to its column, ``right`` right-aligned on the last line."""
    if not right:
        return textwrap.wrap(left, width) or [""]
    if len(right) >= width - 1:
        return [*(textwrap.wrap(left, width) or []), right.rjust(width)]
    room = width - len(right) - 1
    parts = textwrap.wrap(left, room) or [""]
    return [*parts[:-1], f"{parts[-1]:<{room}} {right}"]


def balanced_wrap(text: str, width: int) -> list[str]:
    """As few lines as ``textwrap`` needs, but of even length ("Kiezmarkt / Prenzlauer Berg")."""
    lines = textwrap.wrap(text, width) or [""]
    narrowest = width
    while narrowest > 1 and len(textwrap.wrap(text, narrowest - 1)) == len(lines):
        narrowest -= 1
    return textwrap.wrap(text, narrowest) or [""]


class _Writer:
    """python-escpos calls in the receipt's vocabulary (keeps each section short)."""

    def __init__(self, style: ReceiptStyle) -> None:
        self.style = style
        self.width = style.width
        # python-escpos loads on first use (a tenth of the lane's start, see devices.printer).
        escpos_cache.prepare()
        from escpos.printer import Dummy

        self.p: Any = Dummy()  # the default profile: CP858 is ESC t 19 there as in Epson's table
        self.p.hw("INIT")
        self.p.charcode(style.code_page.escpos_name)
        self._align, self._bold, self._size = "left", False, (1, 1)  # ESC @ state

    def text(self, line: str) -> str:
        return printable(line, self.style.code_page)

    def lines(self, lines: list[str], *, align: str = "left", bold: bool = False,
              double: bool = False, tall: bool = False) -> None:
        """Print ``lines`` in one style; only the style changes go on the wire."""
        size = (2 if double else 1, 2 if double or tall else 1)
        if align != self._align:
            self.p.set(align=align)
            self._align = align
        if bold != self._bold:
            self.p.set(bold=bold)
            self._bold = bold
        if size != self._size:
            self.p.set(custom_size=True, width=size[0], height=size[1])
            self._size = size
        for line in lines:
            self.p.textln(line)

    def centred(self, texts: list[str], *, bold: bool = False, double: bool = False) -> None:
        width = self.width // 2 if double else self.width
        wrapped = [part for t in texts for part in balanced_wrap(self.text(t), width)]
        self.lines(wrapped, align="center", bold=bold, double=double)

    def rows(self, left: str, right: str = "", *, bold: bool = False, tall: bool = False,
             ) -> None:
        self.lines(row(self.text(left), self.text(right), self.width), bold=bold, tall=tall)

    def rule(self) -> None:
        self.lines(["-" * self.width])

    def output(self) -> bytes:
        return bytes(self.p.output)


def _money_column(amount: str, tax_class: str = "") -> str:
    """Amounts end two columns from the edge, so a tax class letter fits beside them."""
    return f"{amount} {tax_class[:1]}" if tax_class else f"{amount}  "


def _header(w: _Writer, receipt: Receipt) -> None:
    store = receipt.store
    w.centred([store.name], double=True, bold=True)
    w.centred(list(store.address))
    if store.vat_id:
        w.centred([f"VAT ID {store.vat_id}"])
    if receipt.reprint:
        w.centred(["*** COPY ***"], bold=True)
    w.rule()


def _items(w: _Writer, receipt: Receipt) -> None:
    m = receipt.money
    for line in receipt.lines:
        w.rows(line.text, _money_column(m(line.amount), line.tax_class))
        if line.weight_g is not None:
            w.lines([w.text(f"  {line.weight_g / 1000:.3f} kg x {m(line.unit_price)}/kg")])
        elif line.quantity > 1:
            w.lines([f"  {line.quantity} x {m(line.unit_price)}"])
    for name, amount in receipt.savings:
        w.rows(name, _money_column(f"-{m(amount)}"))
    if receipt.savings:
        saved = sum(amount for _, amount in receipt.savings)
        w.rows("You saved", _money_column(m(saved)), bold=True)
    w.rule()


def _totals(w: _Writer, receipt: Receipt) -> None:
    m = receipt.money
    w.rows(f"TOTAL {receipt.currency}", _money_column(m(receipt.total)), bold=True, tall=True)
    w.lines([f"{receipt.item_count} items"])
    for payment in receipt.payments:
        label = payment.card_type or payment.tender.upper()
        w.rows(f"{label} {payment.masked_pan or ''}".rstrip(), _money_column(m(payment.amount)))
        if payment.receipt_no:
            w.lines([w.text(f"  receipt no. {payment.receipt_no}")])
    if receipt.change:
        w.rows("CHANGE", _money_column(m(receipt.change)), bold=True)
    w.lines([""])


def _tax_table(w: _Writer, receipt: Receipt) -> None:
    m = receipt.money
    column = 8
    label_room = w.width - 3 * column
    included = "incl." if receipt.prices_include_tax else "plus"

    def table_row(label: str, cells: tuple[str, str, str]) -> str:
        return f"{label[:label_room]:<{label_room}}" + "".join(c.rjust(column) for c in cells)

    w.lines([table_row(f"Tax ({included})", ("Net", "Tax", "Gross"))])
    w.lines([table_row(w.text(f"{t.tax_class} {t.label}"), (m(t.net), m(t.tax), m(t.gross)))
             for t in receipt.taxes])
    w.lines([""])


def _footer(w: _Writer, receipt: Receipt) -> None:
    w.lines([w.text(f"{receipt.lane_id}  {receipt.txn_id}"),
             receipt.issued_at.strftime("%Y-%m-%d %H:%M:%S")])
    if receipt.store.footer:
        w.lines([""])
        w.centred(list(receipt.store.footer))
    w.lines([""])


def _codes(w: _Writer, receipt: Receipt, log: Log) -> None:
    style = w.style
    try:
        payload = code128_b(receipt.barcode)
    except (UnicodeEncodeError, ValueError):
        log.warning("receipt %s: no barcode, its id is not printable ASCII", receipt.txn_id)
    else:
        w.lines([], align="center")
        # Escpos.barcode() print()s which renderer it picked; _hw_barcode is what it calls
        # for a printer-rendered code, without the chatter (python-escpos 3.1).
        w.p._hw_barcode(payload.decode("ascii"), "CODE128", height=style.barcode_height_dots,
                        width=style.barcode_module_dots, pos="BELOW", font="A",
                        align_ct=False, function_type="B", check=True)
        w.p.ln()
    w.lines([], align="center")
    from escpos.constants import QR_ECLEVEL_M

    w.p.qr(receipt.qr_payload, ec=QR_ECLEVEL_M, size=style.qr_module_dots, native=True)
    w.centred([style.qr_caption])


def render_receipt(receipt: Receipt, style: ReceiptStyle | None = None, *,
                   log: Log | None = None) -> bytes:
    """ESC @, code page, receipt, barcode, QR code, feed and full cut (GS V 0) last.

    ``log``: the driver's logger (it carries the device id).
    """
    style = style or ReceiptStyle()
    if style.width not in PAPER_WIDTHS:
        raise ValueError(f"paper width is one of {PAPER_WIDTHS} characters")
    w = _Writer(style)
    _header(w, receipt)
    _items(w, receipt)
    _totals(w, receipt)
    _tax_table(w, receipt)
    _footer(w, receipt)
    _codes(w, receipt, log or logging.getLogger(__name__))
    w.lines([], align="left")
    w.p.cut()  # ESC d 6 (clear the cutter), GS V 0
    return w.output()
