"""LaneCore over a real SQLite file: scans become journalled facts, and memory never runs ahead."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.lanecore import LaneCore
from kiosk.settings import LaneSetup
from kiosk.storage import Database, import_products
from pos import events as ev
from pos.barcode import Symbology
from pos.catalog_csv import read_catalog_csv
from pos.errors import BarcodeError, CatalogError, IllegalEvent, JournalConflict
from pos.journal import JournalRecord
from pos.payment import Tender
from pos.transaction import State

ROOT = Path(__file__).resolve().parents[2]
MILK = "4031750000176"


@pytest.fixture(scope="module")
def setup() -> LaneSetup:
    return LaneSetup.load(ROOT / "config" / "lanes" / "lane-1.toml")


@pytest.fixture
def db(tmp_path: Path, setup: LaneSetup):
    database = Database.open(f"sqlite:///{tmp_path / 'lane.db'}")
    with setup.store.catalog_csv_path().open(newline="", encoding="utf-8") as source:
        import_products(database, read_catalog_csv(source, setup.store.currency))
    yield database
    database.close()


def core_for(db: Database, setup: LaneSetup) -> LaneCore:
    core = LaneCore(setup.settings, db.journal(), catalog=db.catalog(), weights=db.weights(),
                    store=setup.header, layouts=setup.layouts, country=setup.country)
    core.start()
    return core


def test_a_scan_is_looked_up_journalled_and_survives_a_restart(db, setup):
    core = core_for(db, setup)
    decision = core.scan(MILK, Symbology.EAN13)
    assert decision.state is State.AWAITING_BAGGING
    records = list(db.journal().records("lane-1"))
    assert [r.kind for r in records] == ["LaneOpened", "ItemAdded"]
    assert records[1].payload["product"]["name"].startswith("Kiezmarkt Frische Vollmilch")
    assert records[1].txn_id == "lane-1-000001"
    again = core_for(db, setup)
    assert again.machine.basket.snapshot() == core.machine.basket.snapshot()
    assert again.machine.state is State.AWAITING_BAGGING


def test_bad_barcodes_and_unknown_items_are_refused_with_a_reason(db, setup):
    core = core_for(db, setup)
    with pytest.raises(BarcodeError) as bad:
        core.scan("4031750000171", Symbology.EAN13)
    assert bad.value.code == "BARCODE_CHECK_DIGIT"
    with pytest.raises(CatalogError) as unknown:
        core.scan("4000000000013", Symbology.EAN13)
    assert unknown.value.code == "CATALOG_UNKNOWN_ITEM"
    with pytest.raises(CatalogError) as weigh:
        core.scan("2840110000006", Symbology.EAN13)  # loose bananas need a weight
    assert weigh.value.code == "CATALOG_NEEDS_WEIGHT"
    assert core.seq == 1  # nothing was journalled


def test_a_weight_label_prices_the_item_and_sets_the_expected_weight(db, setup):
    core = core_for(db, setup)
    # A label of the catalog's bananas (layout 28, item 40110 ... weight 1.234 kg).
    from pos.barcode import variable_measure_check_digit
    from pos.catalog import gs1_check_digit

    body = f"284011{variable_measure_check_digit('01234')}01234"
    label = body + str(gs1_check_digit(body))
    decision = core.scan(label, Symbology.EAN13)
    line = core.machine.basket.lines[-1]
    assert decision.state is State.AWAITING_BAGGING
    assert (line.weight_g, line.amount) == (1234, 209)  # 1.234 kg x 1.69 EUR
    assert core.machine.pending_bag.expected.grams == 1234


def test_learned_weights_feed_the_expectation(db, setup):
    core = core_for(db, setup)
    grams = 0
    for _ in range(6):
        core.scan(MILK, Symbology.EAN13)
        grams += 1012
        core.submit(ev.WeightChanged(grams))
    expected = core.item_event(db.catalog().by_gtin("0" + MILK)).expected
    assert (expected.grams, expected.source.value, expected.samples) == (1012, "learned", 6)


def test_an_illegal_event_is_not_journalled(db, setup):
    core = core_for(db, setup)
    with pytest.raises(IllegalEvent):
        core.submit(ev.PayRequested())
    assert core.seq == 1
    assert db.journal().last_seq("lane-1") == 1


def test_a_failed_commit_rebuilds_the_lane_from_the_journal(db, setup, tmp_path):
    core = core_for(db, setup)
    core.scan(MILK, Symbology.EAN13)
    # Another writer takes the next sequence number: our append must fail ...
    with Database.open(f"sqlite:///{tmp_path / 'lane.db'}", migrate=False) as other:
        other.journal().append(JournalRecord("lane-1", 3, "lane-1-000001", "WeightChanged",
                                             {"grams": 1040}, 0))
    with pytest.raises(JournalConflict):
        core.submit(ev.WeightChanged(1041))
    # ... and the lane is then exactly what the journal says, not what memory guessed.
    assert core.seq == 3
    assert core.machine.state is State.SCANNING
    assert core.machine.scale_g == 1040


def test_reprint_rebuilds_a_past_receipt_from_the_journal(db, setup):
    core = core_for(db, setup)
    core.scan(MILK, Symbology.EAN13)
    core.submit(ev.WeightChanged(1040))
    core.submit(ev.PayRequested())
    core.submit(ev.TenderSelected(Tender.CARD))
    core.submit(ev.PaymentApproved(1, 115, masked_pan="****1111"))
    first = core.receipt()
    core.submit(ev.ReceiptIssued())
    core.submit(ev.VisitEnded())
    core.scan(MILK, Symbology.EAN13)  # the next visit has begun
    copy = core_for(db, setup).receipt("lane-1-000001", reprint=True)
    assert copy.lines == first.lines
    assert copy.total == first.total == 115
    assert copy.payments == first.payments
    assert copy.reprint
