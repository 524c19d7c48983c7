"""Receipt printing through the ESC/POS driver and the printer simulator over TCP.

One sample: from the ``print_receipt()`` call until the simulator has parsed
the cut of that receipt, for a 20-line receipt.  ``print_receipt`` itself
checks the status first (DLE EOT 1..4) and returns only once the printer has
answered GS r 1, i.e. after the whole receipt; so a sample is one status
round trip, rendering, sending ~2 KB and the confirmation round trip.  The
simulator prints instantly: this measures our software, not a print head.
"""

from __future__ import annotations

import gc
import time
from datetime import UTC, datetime
from typing import Any

from bench.stats import percentile
from devices.events import EventBus
from devices.printer.driver import EscPosPrinter, PrinterSettings
from devices.printer.render import render_receipt
from devices.printer.sim import PrinterSim
from devices.simlink import TcpEndpoint
from pos.basket import Basket
from pos.catalog import Product
from pos.payment import AttemptStatus, PaymentLedger, Tender
from pos.promotions import Promotions
from pos.receipt import Receipt, StoreHeader, build_receipt
from pos.tax import TaxClass, TaxPolicy

TAX = TaxPolicy.of([TaxClass.from_percent("A", "19", "MwSt. 19 %"),
                    TaxClass.from_percent("B", "7", "MwSt. 7 %")])
STORE = StoreHeader("Kiezmarkt Prenzlauer Berg", "berlin-kiez",
                    ("Schönhauser Allee 140", "10437 Berlin"), "DE312345678",
                    ("Vielen Dank für Ihren Einkauf!", "Thank you - Cảm ơn - Спасибо"),
                    "https://receipts.example.org/r/{store}/{txn}")


def receipt_of(lines: int) -> Receipt:
    basket = Basket("EUR", TAX, Promotions())
    for i in range(lines):
        basket.add(Product(f"{4_000_000_000_000 + i:013d}", f"Artikel Nr. {i} Größe M",
                           99 + 37 * i, "A" if i % 3 else "B"))
    ledger = PaymentLedger()
    attempt = ledger.open(Tender.CARD, basket.totals().total)
    attempt.status = AttemptStatus.APPROVED
    attempt.approved_amount = attempt.amount
    attempt.masked_pan = "************1234"
    attempt.card_type = "girocard"
    return build_receipt(store=STORE, lane_id="lane-1", txn_id="lane-1-000001", basket=basket,
                         ledger=ledger, issued_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC))


def _ms(samples_ns: list[int]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples_ns, 50) / 1e6, 3),
            "p99_ms": round(percentile(samples_ns, 99) / 1e6, 3),
            "max_ms": round(max(samples_ns) / 1e6, 3), "n": len(samples_ns)}


def run(lines: int = 20, runs: int = 50) -> dict[str, Any]:
    receipt = receipt_of(lines)
    endpoint = TcpEndpoint()
    sim = PrinterSim(endpoint).start()
    driver = EscPosPrinter("bench-printer", EventBus().publish, endpoint.url,
                           PrinterSettings(poll_interval_s=60.0, check_interval_s=0.05))
    driver.start()
    try:
        driver.status(timeout=5)
        driver.print_receipt(receipt)  # warm up: connection, glyph caches, code paths
        sim.wait_receipt(timeout=5)
        gc.collect()
        samples: list[int] = []
        for _ in range(runs):
            start = time.perf_counter_ns()
            driver.print_receipt(receipt)
            sim.wait_receipt(timeout=5)
            samples.append(time.perf_counter_ns() - start)
        render_ns = []
        for _ in range(runs):
            start = time.perf_counter_ns()
            data = render_receipt(receipt)
            render_ns.append(time.perf_counter_ns() - start)
    finally:
        driver.close()
        sim.stop()
        endpoint.close()
    return {
        "receipt": {"lines": lines, "bytes": len(data), "transport": "tcp (loopback)"},
        "print_to_cut": _ms(samples),
        "render_only": _ms(render_ns),
        "garbage_bytes": driver.garbage_bytes, "sim_unknown_bytes": sim.unknown_bytes,
    }


if __name__ == "__main__":
    import json

    from bench.stats import write

    print(json.dumps(write("printer", run()), indent=2))
