from datetime import UTC, datetime

from pos.basket import Basket
from pos.payment import AttemptStatus, PaymentLedger, Tender
from pos.receipt import StoreHeader, build_receipt, render_text
from tests.unit.conftest import BANANAS, COFFEE, MILK, PROMOTIONS, TAX

STORE = StoreHeader("Markt am Ring", "ring", ("Ringstr. 1", "10115 Berlin"), "DE123456789",
                    ("Thank you!",), "https://receipts.example.org/r/{store}/{txn}")


def paid_basket():
    basket = Basket("EUR", TAX, PROMOTIONS)
    for _ in range(3):
        basket.add(COFFEE)
    basket.add(MILK)
    basket.add(BANANAS, weight_g=1234)
    ledger = PaymentLedger()
    attempt = ledger.open(Tender.CARD, basket.totals().total)
    attempt.status = AttemptStatus.APPROVED
    attempt.approved_amount = attempt.amount
    attempt.masked_pan = "************1234"
    attempt.card_type = "girocard"
    return basket, ledger


def test_receipt_carries_lines_savings_taxes_and_payments():
    basket, ledger = paid_basket()
    receipt = build_receipt(store=STORE, lane_id="lane-1", txn_id="lane-1-000007", basket=basket,
                            ledger=ledger, issued_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC))
    assert receipt.total == 2 * 549 + 119 + 246
    assert receipt.savings == (("Coffee 3 for 2", 549),)
    assert sum(t.gross for t in receipt.taxes) == receipt.total
    assert receipt.change == 0
    assert receipt.qr_payload == "https://receipts.example.org/r/ring/lane-1-000007"
    text = render_text(receipt)
    assert "Markt am Ring" in text
    assert "1.234 kg x 1.99/kg" in text
    assert "Coffee 3 for 2" in text
    assert "-5.49" in text
    assert "girocard ************1234" in text
    assert all(len(line) <= 42 for line in text.splitlines())
    assert "TOTAL EUR" in text
    assert "14.63" in text
