"""The lane shell with a real scanner driver talking to its simulator over a pty.

No Qt here: the lane publishes ``LaneView``s to a listener, and the test waits
for the view it expects (never for a fixed time).
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from pathlib import Path

import pytest

from devices.events import WeightEvent, WeightStatus
from devices.scanner.serial_aim import SerialAimScanner
from devices.scanner.sim_serial import SerialScannerSim
from kiosk.lane import Lane, LaneDevices, Timeouts
from kiosk.lanecore import LaneCore
from kiosk.settings import LaneSetup
from kiosk.storage import Database, import_products
from kiosk.view import LaneView, ViewContext, screen_for
from pos.catalog_csv import read_catalog_csv
from pos.interventions import Role

ROOT = Path(__file__).resolve().parents[2]
MILK = "4031750000176"
BEER = "4014086000171"


class Views:
    def __init__(self) -> None:
        self.queue: queue.Queue[LaneView] = queue.Queue()

    def __call__(self, view: LaneView) -> None:
        self.queue.put(view)

    def wait(self, check: Callable[[LaneView], bool], timeout: float = 5.0) -> LaneView:
        while True:
            view = self.queue.get(timeout=timeout)
            if check(view):
                return view


@pytest.fixture
def lane(tmp_path):
    setup = LaneSetup.load(ROOT / "config" / "lanes" / "lane-1.toml")
    db = Database.open(f"sqlite:///{tmp_path / 'lane.db'}")
    with setup.store.catalog_csv_path().open(newline="", encoding="utf-8") as source:
        import_products(db, read_catalog_csv(source, setup.store.currency))
    core = LaneCore(setup.settings, db.journal(), catalog=db.catalog(), weights=db.weights(),
                    store=setup.header, layouts=setup.layouts, country=setup.country)
    context = ViewContext("Lane 1", setup.store.store.name, setup.store.store.languages)
    lane = Lane(core, context, LaneDevices(names={"scanner-1": "scanner", "scale-1": "scale"}),
                timeouts=Timeouts(bagging_s=60, thank_you_s=0.5))
    views = Views()
    lane.add_listener(views)
    sim = SerialScannerSim.on_pty()
    sim.start()
    scanner = SerialAimScanner("scanner-1", lane.sink, sim.endpoint.url)
    lane.start()
    views.wait(lambda v: v.state == "attract")
    scanner.start()
    views.wait(lambda v: any(d.name == "scanner" and d.health == "online" for d in v.devices))
    yield lane, views, sim
    lane.stop()
    scanner.close()
    sim.stop()
    db.close()


def weigh(lane: Lane, grams: int) -> None:
    lane.sink(WeightEvent("scale-1", WeightStatus.STABLE, grams))


def test_a_visit_driven_by_the_real_scanner_driver(lane):
    lane, views, sim = lane
    sim.scan(MILK, aim="]E0")
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    assert screen_for(view) == "awaiting_bagging"
    assert view.pending_line is not None
    assert view.pending_line.name.startswith("Kiezmarkt Frische Vollmilch")
    weigh(lane, 1041)
    view = views.wait(lambda v: v.state == "scanning")
    assert view.total == 115
    sim.scan(BEER)
    views.wait(lambda v: v.state == "awaiting_bagging")
    weigh(lane, 1041 + 860)
    view = views.wait(lambda v: v.state == "scanning")
    assert view.intervention("age_check") is not None
    lane.pay()
    view = views.wait(lambda v: v.pay_requested)
    assert screen_for(view) == "age_check_pending"
    assert view.message is not None
    assert view.message[0] == "TXN_PAYMENT_BLOCKED"
    lane.attendant_sign_in("anna", Role.ATTENDANT)
    view = views.wait(lambda v: v.attendant_mode)
    assert screen_for(view) == "attendant_mode"
    lane.approve(view.intervention("age_check").id)
    views.wait(lambda v: v.intervention("age_check") is None)
    lane.attendant_sign_out()
    lane.pay()
    view = views.wait(lambda v: v.state == "payment")
    assert view.due == 115 + 89
    lane.choose_tender("card")  # this lane has no terminal: the attempt is aborted, not lost
    view = views.wait(lambda v: v.payments and v.payments[-1].status == "aborted")
    assert view.payments[-1].reason == "no card terminal on this lane"
    assert view.state == "payment"


def test_a_bad_scan_shows_a_message_and_changes_nothing(lane):
    lane, views, sim = lane
    sim.scan("4031750000171")
    view = views.wait(lambda v: v.message is not None)
    assert view.message[0] == "BARCODE_CHECK_DIGIT"
    assert view.state == "attract"
    assert view.lines == ()


def test_still_there_is_asked_after_a_quiet_while(tmp_path):
    setup = LaneSetup.load(ROOT / "config" / "lanes" / "lane-1.toml")
    db = Database.open(f"sqlite:///{tmp_path / 'lane.db'}")
    with setup.store.catalog_csv_path().open(newline="", encoding="utf-8") as source:
        import_products(db, read_catalog_csv(source, setup.store.currency))
    core = LaneCore(setup.settings, db.journal(), catalog=db.catalog(), store=setup.header)
    lane = Lane(core, ViewContext("Lane 1", "Store", ("en",)),
                timeouts=Timeouts(still_there_s=0.3, idle_s=60))
    views = Views()
    lane.add_listener(views)
    lane.start()
    try:
        views.wait(lambda v: v.state == "attract")
        lane.call(lambda: lane.core.submit(lane.core.item_event(
            lane.core.catalog.by_gtin("0" + MILK))), "add")
        lane.sink(WeightEvent("scale-1", WeightStatus.STABLE, 1040))
        views.wait(lambda v: v.state == "scanning")
        assert views.wait(lambda v: v.still_there).state == "scanning"
        lane.still_here()
        views.wait(lambda v: not v.still_there)
    finally:
        lane.stop()
        db.close()
