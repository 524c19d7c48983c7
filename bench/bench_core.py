"""Core throughput: events per second through the machine, and scan cost vs basket size."""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any

from pos import events as ev
from pos.catalog import Product
from pos.payment import Tender
from pos.promotions import MixMatch, MultiBuy, Promotions
from pos.security import SecurityPolicy, expected_weight
from pos.tax import TaxClass, TaxPolicy
from pos.transaction import LaneSettings, TransactionMachine

TAX = TaxPolicy.of([TaxClass.from_percent("A", "19"), TaxClass.from_percent("B", "7")])


def _products(n: int) -> list[Product]:
    return [
        Product(f"{4_000_000_000_000 + i:014d}", f"Product {i}", 99 + i % 900,
                "A" if i % 3 else "B", expected_weight_g=200 + i % 800,
                mix_match="mm" if i % 10 == 0 else None)
        for i in range(n)
    ]


def _settings(products: list[Product]) -> LaneSettings:
    promotions = Promotions(
        multibuys=(MultiBuy("mb", "3 for 2", frozenset(p.gtin for p in products[::7]), 3, pay=2),),
        mixmatches=(MixMatch("mm", "3 for 5.00", "mm", 3, 500),),
    )
    return LaneSettings("bench", "EUR", TAX, promotions)


def events_per_second(visits: int = 2_000, items_per_visit: int = 20) -> dict[str, Any]:
    products = _products(200)
    settings = _settings(products)
    policy = SecurityPolicy()
    scans = [ev.ItemAdded(p, expected_weight(p, 1, policy)) for p in products]
    machine = TransactionMachine(settings)
    machine.handle(ev.LaneOpened())
    count = 0
    gc.collect()
    start = time.perf_counter_ns()
    for visit in range(visits):
        weight = machine.baseline_g
        for i in range(items_per_visit):
            scan = scans[(visit * 7 + i) % len(scans)]
            machine.handle(scan)
            weight += scan.expected.grams or 0
            machine.handle(ev.WeightChanged(weight))
        machine.handle(ev.PayRequested())
        machine.handle(ev.TenderSelected(Tender.CARD))
        attempt = machine.ledger.unsettled
        assert attempt is not None
        machine.handle(ev.PaymentApproved(attempt.attempt_id, attempt.amount))
        machine.handle(ev.ReceiptIssued())
        machine.handle(ev.VisitEnded())
        count += 2 * items_per_visit + 5
    elapsed = (time.perf_counter_ns() - start) / 1e9
    rate = count / elapsed
    return {"events": count, "seconds": round(elapsed, 3), "events_per_s": round(rate),
            "target_events_per_s": 20_000, "meets_target": rate >= 20_000}


def scan_cost_vs_basket_size(lines: int = 500, baskets: int = 60) -> dict[str, Any]:
    products = _products(lines)
    settings = _settings(products)
    policy = SecurityPolicy()
    scans = [ev.ItemAdded(p, expected_weight(p, 1, policy)) for p in products]
    per_position: list[list[int]] = [[] for _ in range(lines)]
    for _ in range(baskets):
        machine = TransactionMachine(settings)
        machine.handle(ev.LaneOpened())
        weight = 0
        gc.disable()
        for index, scan in enumerate(scans):
            t0 = time.perf_counter_ns()
            machine.handle(scan)
            per_position[index].append(time.perf_counter_ns() - t0)
            weight += scan.expected.grams or 0
            machine.handle(ev.WeightChanged(weight))
            machine.basket.totals()  # the screen shows the total after every scan
        gc.enable()
    first = statistics.median(per_position[0] + per_position[1] + per_position[2])
    last = statistics.median(per_position[-1] + per_position[-2] + per_position[-3])
    ratio = last / first
    return {"lines": lines, "baskets": baskets, "first_scan_median_us": round(first / 1000, 2),
            "last_scan_median_us": round(last / 1000, 2), "ratio": round(ratio, 2),
            "target_ratio": 1.5, "meets_target": ratio <= 1.5}


def run() -> dict[str, Any]:
    return {"events_per_second": events_per_second(),
            "scan_cost_vs_basket_size": scan_cost_vs_basket_size()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
