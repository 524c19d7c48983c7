"""A receipt rendered to ESC/POS: exact framing, the QR and barcode sequences, encoding."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from escpos.printer import Dummy

from devices.printer import escpos_codec as codec
from devices.printer.escpos_codec import Kind, parse_all
from devices.printer.render import ReceiptStyle, render_receipt, row
from devices.printer.sim import PrintEngine, SimReceipt
from pos.basket import Basket
from pos.catalog import Product, SoldBy
from pos.payment import AttemptStatus, PaymentLedger, Tender
from pos.promotions import MultiBuy, Promotions
from pos.receipt import Receipt, StoreHeader, build_receipt, render_text
from pos.tax import TaxClass, TaxPolicy

TAX = TaxPolicy.of([TaxClass.from_percent("A", "19", "MwSt. 19 %"),
                    TaxClass.from_percent("B", "7", "MwSt. 7 %")])
COFFEE = Product("4006581000176", "Röstwerk Kaffee 500 g", 549, "B")
APPLES = Product("2841350000009", "Äpfel Gala", 249, "B", sold_by=SoldBy.WEIGHT, plu="4135")
BEER = Product("4000000000031", "Pils 0,5 l", 89, "A")
POTATOES = Product("2840720000007", "Kartoffeln mehligkochend lose lose, je kg", 149, "B",
                   sold_by=SoldBy.WEIGHT, plu="4072")
PROMOTIONS = Promotions(multibuys=(
    MultiBuy("coffee", "Kaffee 3 für 2", frozenset({COFFEE.gtin}), 3, pay=2),))
STORE = StoreHeader(
    "Kiezmarkt Prenzlauer Berg", "berlin-kiez",
    ("Kiezmarkt GmbH", "Schönhauser Allee 140", "10437 Berlin"), "DE312345678",
    ("Vielen Dank für Ihren Einkauf! Preise in €", "Thank you - Cảm ơn - Спасибо - Salamat"),
    "https://receipts.example.org/r/{store}/{txn}")


def sample_receipt(*, extra: tuple[Product, ...] = (), txn: str = "lane-1-000042",
                   store: StoreHeader = STORE) -> Receipt:
    """Coffee 3 for 2, weighed apples, two beers, card payment; ``extra`` products added."""
    basket = Basket("EUR", TAX, PROMOTIONS)
    for _ in range(3):
        basket.add(COFFEE)
    basket.add(APPLES, weight_g=1234)
    basket.add(BEER)
    basket.add(BEER)
    for product in extra:
        if product.sold_by is SoldBy.WEIGHT:
            basket.add(product, weight_g=2010)
        else:
            basket.add(product)
    ledger = PaymentLedger()
    attempt = ledger.open(Tender.CARD, basket.totals().total)
    attempt.status = AttemptStatus.APPROVED
    attempt.approved_amount = attempt.amount
    attempt.masked_pan = "************1234"
    attempt.card_type = "girocard"
    return build_receipt(store=store, lane_id="lane-1", txn_id=txn, basket=basket,
                         ledger=ledger, issued_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def render_text_lines(receipt: Receipt, width: int = 42) -> list[str]:
    """``render_text``'s lines as the printer can print them (the tax header is laid out anew)."""
    return [squeeze(codec.printable(line)) for line in render_text(receipt, width).splitlines()
            if line.strip() and not line.startswith("Tax (")]


def missing_lines(receipt: Receipt, printed: SimReceipt, width: int = 42) -> list[str]:
    """``render_text`` lines not found in the printed text, searched in order."""
    text = squeeze(" ".join(printed.lines))
    missing, at = [], 0
    for line in render_text_lines(receipt, width):
        found = text.find(line, at)
        if found < 0:
            missing.append(line)
        else:
            at = found + len(line)
    return missing


def printed(data: bytes, columns: int = 42) -> tuple[PrintEngine, SimReceipt]:
    engine = PrintEngine(columns)
    for command in parse_all(data):
        engine.apply(command)
    assert len(engine.receipts) == 1
    return engine, engine.receipts[0]


def test_receipt_starts_with_init_and_code_page_and_ends_with_a_cut():
    data = render_receipt(sample_receipt())
    assert data.startswith(b"\x1b@" + b"\x1bt\x13")  # ESC @, ESC t 19 (PC858)
    assert data.endswith(b"\x1bd\x06" + b"\x1dV\x00")  # ESC d 6, GS V 0 (full cut)
    assert data.count(b"\x1dV") == 1


def test_qr_sequence_is_model_2_size_level_store_print():
    payload = b"https://receipts.example.org/r/berlin-kiez/lane-1-000042"
    expected = (
        b"\x1d(k\x04\x001A2\x00"  # fn 65: model 2
        b"\x1d(k\x03\x001C\x06"  # fn 67: module 6 dots
        b"\x1d(k\x03\x001E1"  # fn 69: level M (49)
        + b"\x1d(k" + bytes((len(payload) + 3, 0)) + b"1P0" + payload  # fn 80: store
        + b"\x1d(k\x03\x001Q0"  # fn 81: print
    )
    assert codec.qr_code(payload, 6, codec.QrLevel.M) == expected
    dummy = Dummy()
    dummy.qr(payload.decode(), ec=1, size=6, native=True)
    assert dummy.output == expected
    assert expected in render_receipt(sample_receipt())


def test_barcode_is_code128_set_b_of_the_transaction_id():
    data = render_receipt(sample_receipt(txn="lane-1-000042"))
    assert b"\x1dkI\x0f{Blane-1-000042" in data  # GS k 73 n, "{B" + 13 characters
    assert codec.barcode_code128("a{b") == b"\x1dkI\x06{Ba{{b"
    assert codec.decode_code128(b"{Ba{{b") == "a{b"


def test_whole_receipt_content_comes_out_in_order_and_styled():
    receipt = sample_receipt()
    engine, out = printed(render_receipt(receipt))
    assert missing_lines(receipt, out) == []
    assert engine.wrapped_lines == 0
    assert [b.data for b in out.barcodes] == [receipt.barcode]
    assert [q.payload for q in out.qr_codes] == [receipt.qr_payload]
    header = out.text_lines[0]
    assert (header.align, header.width, header.height, header.bold) == (
        codec.Align.CENTER, 2, 2, True)
    total = next(line for line in out.text_lines if line.text.startswith("TOTAL EUR"))
    assert total.bold
    assert total.height == 2
    assert re.search(rf"TOTAL EUR +{receipt.money(receipt.total)}  $", total.text)
    assert len(total.text) == 42  # right-aligned to the paper edge
    amounts = [line.text for line in out.text_lines if line.text.startswith("Pils")]
    assert amounts == ["Pils 0,5 l".ljust(36) + "0.89 A"] * 2


@pytest.mark.parametrize("width", [42, 48])
def test_lines_fit_the_paper(width):
    receipt = sample_receipt(extra=(POTATOES,))
    engine, out = printed(render_receipt(receipt, ReceiptStyle(width=width)), width)
    assert engine.wrapped_lines == 0
    assert all(line.columns <= width for line in out.text_lines)
    assert max(line.columns for line in out.text_lines) == width
    text = squeeze(" ".join(out.lines))
    assert "Kartoffeln mehligkochend lose lose, je kg" in text  # wrapped, not cut off
    assert "2.010 kg x 1.49/kg" in text


def test_umlauts_and_euro_are_encoded_in_pc858_and_the_rest_transliterated():
    data = render_receipt(sample_receipt())
    assert "Röstwerk".encode("cp858") in data
    assert b"Preise in \xd5" in data  # "€" is 0xD5 in PC858
    _, out = printed(data)
    assert "Vielen Dank für Ihren Einkauf! Preise in €" in out.lines
    assert "Thank you - Cam on - Spasibo - Salamat" in out.lines


def test_printable_keeps_what_the_code_page_has_and_replaces_the_rest():
    assert codec.printable("Grüße €") == "Grüße €"
    assert codec.printable("Cảm ơn - Спасибо", codec.PC858) == "Cam on - Spasibo"
    assert codec.printable("Спасибо", codec.PC866) == "Спасибо"
    assert codec.printable("5 €", codec.PC437) == "5 EUR"
    assert codec.printable("„Ещё“ – 你好\x07") == '"Eshche" - ?? '


def test_a_different_code_page_is_selected_and_decoded():
    store = StoreHeader("Магазин", footer=("Спасибо!",))
    style = ReceiptStyle(code_page=codec.PC866)
    data = render_receipt(sample_receipt(store=store), style)
    assert data.startswith(b"\x1b@\x1bt\x11")  # ESC t 17
    _, out = printed(data)
    assert "Спасибо!" in out.lines


def test_row_wraps_the_left_column_and_keeps_the_right_one():
    assert row("Milk", "1.19 B", 20) == ["Milk          1.19 B"]
    assert row("A very long product name", "1.19 B", 20) == ["A very long", "product name  1.19 B"]
    assert row("x", "a" * 25, 20) == ["x", "a" * 25]


def test_unprintable_transaction_id_prints_no_barcode_but_the_rest():
    data = render_receipt(sample_receipt(txn="lane-1-Ω"))
    commands = parse_all(data)
    assert not [c for c in commands if c.kind is Kind.BARCODE]
    assert [c for c in commands if c.kind is Kind.QR_PRINT]
