"""Storage figures: journalled scan commits and catalog look-ups, each beside bare sqlite3.

Both sides run in the same process, on the same disk, with the same pragmas
(WAL, synchronous=FULL), interleaved so that a noisy neighbour hurts both alike.
"""

from __future__ import annotations

import gc
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.stats import summary_us
from kiosk.lanecore import LaneCore
from kiosk.storage import Database, import_products
from pos import events as ev
from pos.catalog import Product, SoldBy, gs1_check_digit
from pos.catalog_csv import read_catalog_csv, write_catalog_csv
from pos.security import SecurityPolicy, expected_weight
from pos.tax import TaxClass, TaxPolicy
from pos.transaction import LaneSettings

TAX = TaxPolicy.of([TaxClass.from_percent("A", "19"), TaxClass.from_percent("B", "7")])


def _bare(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def journal_commit(n: int = 2_000) -> dict[str, Any]:
    """A scan through LaneCore (machine + journal commit) vs a bare INSERT+COMMIT of its row."""
    with tempfile.TemporaryDirectory(dir=Path.cwd() / "var") as tmp:
        db = Database.open(f"sqlite:///{tmp}/lane.db")
        settings = LaneSettings("bench", "EUR", TAX)
        core = LaneCore(settings, db.journal())
        core.start()
        bare = _bare(Path(tmp) / "bare.db")
        bare.execute("CREATE TABLE journal (lane_id TEXT, seq INTEGER, txn_id TEXT, kind TEXT, "
                     "payload TEXT, at_ms INTEGER, PRIMARY KEY (lane_id, seq))")
        policy = SecurityPolicy()
        product = Product("04000000000017", "Milk 1 l", 119, "B", expected_weight_g=1040)
        scan = ev.ItemAdded(product, expected_weight(product, 1, policy))
        ours: list[int] = []
        baseline: list[int] = []
        weight = 0
        for i in range(n):
            t0 = time.perf_counter_ns()
            core.submit(scan)
            ours.append(time.perf_counter_ns() - t0)
            weight += 1040
            core.submit(ev.WeightChanged(weight))  # bag it, so the next scan is legal
            row = ("bench", i + 1, core.machine.txn_id, "ItemAdded",
                   json.dumps(ev.encode(scan)), time.time_ns() // 1_000_000)
            t0 = time.perf_counter_ns()
            bare.execute("BEGIN")
            bare.execute("INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?)", row)
            bare.execute("COMMIT")
            baseline.append(time.perf_counter_ns() - t0)
        bare.close()
        db.close()
    a, b = summary_us(ours), summary_us(baseline)
    ratio = a["p99_us"] / b["p99_us"]
    return {"ours_scan_submit": a, "bare_sqlite3_insert_commit": b,
            "p99_ratio": round(ratio, 2), "target_p99_ratio": 3.0, "meets_target": ratio <= 3.0}


def _catalog(n: int) -> list[Product]:
    rng = random.Random(1)
    products = []
    for i in range(n):
        body = f"4{i:011d}"
        gtin = body + str(gs1_check_digit(body))
        weighed = i % 50 == 0
        products.append(Product(
            gtin.zfill(14), f"Product {i} {rng.choice(['Milk', 'Bread', 'Soap', 'Tea'])}",
            rng.randint(19, 4999), "A" if i % 3 else "B",
            SoldBy.WEIGHT if weighed else SoldBy.UNIT,
            plu=str(10000 + i // 50) if weighed else None,
            category=rng.choice(["dairy", "bakery", "drinks", "household"]),
            expected_weight_g=None if weighed else rng.randint(20, 3000)))
    return products


def catalog(n: int = 1_000_000, lookups: int = 20_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=Path.cwd() / "var") as tmp:
        csv_path = Path(tmp) / "catalog.csv"
        products = _catalog(n)
        with csv_path.open("w", newline="", encoding="utf-8") as out:
            write_catalog_csv(products, out, "EUR")
        del products
        gc.collect()
        db = Database.open(f"sqlite:///{tmp}/lane.db")
        t0 = time.perf_counter()
        with csv_path.open(newline="", encoding="utf-8") as source, \
                tqdm(total=n, unit="products", desc="import", file=sys.stderr) as bar:
            count = import_products(db, read_catalog_csv(source, "EUR"), progress=bar.update)
        import_s = time.perf_counter() - t0
        sql = db.catalog()
        rng = random.Random(2)
        keys = [f"4{rng.randrange(n):011d}" for _ in range(lookups)]
        keys = [(k + str(gs1_check_digit(k))).zfill(14) for k in keys]
        bare = _bare(Path(tmp) / "lane.db")
        cursor = bare.cursor()
        ours: list[int] = []
        baseline: list[int] = []
        for key in keys:
            t0 = time.perf_counter_ns()
            found = sql.by_gtin(key)
            ours.append(time.perf_counter_ns() - t0)
            assert found is not None
            t0 = time.perf_counter_ns()
            row = cursor.execute("SELECT * FROM products WHERE gtin = ?", (key,)).fetchone()
            baseline.append(time.perf_counter_ns() - t0)
            assert row is not None
        bare.close()
        db.close()
    a, b = summary_us(ours), summary_us(baseline)
    ratio = a["p99_us"] / b["p99_us"]
    return {
        "products": count, "import_s": round(import_s, 1), "target_import_s": 60,
        "ours_by_gtin": a, "bare_sqlite3_select": b, "p99_ratio": round(ratio, 2),
        "target_p99_us": 1000, "target_p99_ratio": 5.0,
        "meets_target": a["p99_us"] < 1000 and ratio <= 5.0 and import_s < 60,
    }


def run() -> dict[str, Any]:
    (Path.cwd() / "var").mkdir(exist_ok=True)
    return {"journal_commit": journal_commit(), "catalog": catalog()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
