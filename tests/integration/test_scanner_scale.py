"""Produce weighed on a scanner-scale: lane 4 of the demo, its real MT-SICS driver talking to
the scale simulator over a pty, beside the bagging scale on a pty of its own.

No Qt.  The scanner-scale's readings show in the lane's view only on the look-up screen, so
the tests watch the driver's events on their way into the lane, then let the lane take them
(a marker job behind them in its queue), never a fixed sleep.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from devices.events import DeviceEvent, WeightEvent, WeightStatus
from kiosk.app import lookup_items, open_lane_database
from kiosk.hardware import SCALE, SCANNER, SCANNER_SCALE, build
from kiosk.lane import Lane, Timeouts
from kiosk.settings import LaneSetup
from kiosk.view import LaneView, ScaleView, ViewContext, screen_for
from tests.integration.test_lane import Views

ROOT = Path(__file__).resolve().parents[2]
LANE = ROOT / "config" / "lanes" / "lane-4.toml"
BANANAS_PLU, BANANAS = "4011", "2840110000006"  # Bananen lose, 1.69 per kg
MILK = "4031750000176"


class Shop:
    """Lane 4 with every device simulated, and the weight events its drivers publish."""

    def __init__(self, tmp_path: Path) -> None:
        text = LANE.read_text().replace('store = "../store.toml"',
                                        f'store = "{ROOT / "config" / "store.toml"}"')
        lane_file = tmp_path / "lane-4.toml"
        lane_file.write_text(text)
        setup = LaneSetup.load(lane_file)
        self.db = open_lane_database(setup.lane, setup.store, f"sqlite:///{tmp_path / 'lane.db'}")
        store = setup.store
        context = ViewContext(setup.lane.lane.name, store.store.name, store.store.languages)
        self.lane = Lane(setup.core(self.db), context, timeouts=Timeouts(bagging_s=60),
                         lookup_items=lookup_items(self.db))
        self.weights: queue.Queue[WeightEvent] = queue.Queue()
        # As kiosk.app.assemble wires it, with a tap on the way into the lane.
        self.hardware = build(setup.lane, self._tap)
        self.lane.devices = self.hardware.lane_devices()
        self.sims = self.hardware.sims
        self.views = Views()
        self.lane.add_listener(self.views)

    def _tap(self, event: DeviceEvent) -> None:
        self.lane.sink(event)
        if isinstance(event, WeightEvent) and event.device_id == "lane-4-scanner-scale":
            self.weights.put(event)

    def start(self) -> None:
        self.lane.start()
        self.views.wait(lambda v: v.state == "attract")
        self.hardware.start()
        self.views.wait(lambda v: {d.name for d in v.devices if d.health == "online"}
                        >= {SCANNER, SCALE, SCANNER_SCALE}, timeout=15)

    def close(self) -> None:
        self.lane.stop()
        self.hardware.close()
        self.db.close()

    def settled(self) -> LaneView:
        """The lane's view once it has taken everything queued so far."""
        done = threading.Event()
        self.lane.call(done.set, "marker")
        assert done.wait(5)
        view = self.lane.view
        assert view is not None
        return view

    def reading(self, check: Callable[[WeightEvent], bool], timeout: float = 5.0,
                ) -> WeightEvent:
        """The scanner-scale's next reading that passes ``check``, once the lane has it."""
        while True:
            event = self.weights.get(timeout=timeout)
            if check(event):
                self.settled()
                return event

    def weigh(self, grams: int) -> WeightEvent:
        """Put ``grams`` on the scanner-scale (take, if negative); its stable reading."""
        sim = self.sims[SCANNER_SCALE]
        sim.put(grams)
        target = sim.weight_g
        return self.reading(lambda e: e.stable and abs((e.grams or 0) - target) <= 2)


@pytest.fixture
def shop(tmp_path):
    shop = Shop(tmp_path)
    shop.sims[SCANNER_SCALE].set_noise(0)
    shop.sims[SCALE].set_noise(0)
    shop.start()
    yield shop
    shop.close()


def test_lane_4_has_a_scanner_scale_that_weighs_its_produce(shop):
    driver = shop.hardware.drivers[SCANNER_SCALE]
    assert driver.device_id == "lane-4-scanner-scale"
    assert shop.lane.devices.names[driver.device_id] == SCANNER_SCALE
    assert shop.lane.devices.produce_scale == SCANNER_SCALE
    assert SCANNER_SCALE not in shop.lane.devices.essential


def test_produce_is_priced_from_the_scanner_scales_stable_reading_then_bagged(shop):
    lane, views = shop.lane, shop.views
    lane.open_lookup()
    view = views.wait(lambda v: v.state == "produce_lookup")
    assert view.weighing == ScaleView(SCANNER_SCALE, None, stable=True, working=True)
    assert shop.weigh(1234).grams == 1234
    assert shop.settled().weighing == ScaleView(SCANNER_SCALE, 1234)  # shown as it settles
    lane.add_by_plu(BANANAS_PLU)
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    (line,) = view.lines
    assert (line.name, line.weight_g, view.total) == ("Bananen lose, je kg", 1234, 209)
    assert (view.interventions, view.weighing) == ((), None)  # off the look-up screen
    # Lifted off the platter, into the bagging area, checked against the weighed weight.
    shop.weigh(-1234)
    assert shop.settled().state == "awaiting_bagging"
    shop.sims[SCALE].put(1236)
    view = views.wait(lambda v: v.state == "scanning")
    assert (view.total, view.interventions) == (209, ())


def test_weight_on_the_scanner_scale_is_never_the_bagging_areas(shop):
    lane, views = shop.lane, shop.views
    shop.sims[SCANNER].scan(MILK)
    views.wait(lambda v: v.state == "awaiting_bagging")
    shop.sims[SCALE].put(1041)
    views.wait(lambda v: v.state == "scanning")
    bagged = lane.core.machine.scale_g
    shop.weigh(2500)  # a melon put down on the scanner while scanning
    view = shop.settled()
    assert (view.state, view.interventions) == ("scanning", ())
    assert lane.core.machine.scale_g == bagged
    shop.weigh(-2500)
    assert shop.settled().interventions == ()


def test_nothing_stable_on_the_scanner_scale_refuses_the_item(shop):
    lane, views = shop.lane, shop.views
    lane.open_lookup()
    views.wait(lambda v: v.state == "produce_lookup")
    lane.add_by_plu(BANANAS_PLU)  # an empty platter
    view = views.wait(lambda v: v.message is not None)
    assert view.message == ("PRODUCE_NOT_WEIGHED", "Bananen lose, je kg is sold by weight: put "
                            "it on the scale at the scanner and keep it still.")
    assert (view.state, view.lines) == ("produce_lookup", ())
    lane.add_product("0" + BANANAS)  # a tile of the picture grid: the same
    assert shop.settled().message[0] == "PRODUCE_NOT_WEIGHED"
    shop.weigh(3)  # crumbs: within the zero band
    lane.add_by_plu(BANANAS_PLU)
    assert shop.settled().message[0] == "PRODUCE_NOT_WEIGHED"
    sim = shop.sims[SCANNER_SCALE]
    sim.set_motion(True)  # the shopper still handles the bag
    sim.put(900)
    shop.reading(lambda e: e.status is WeightStatus.UNSTABLE)
    assert shop.settled().weighing.stable is False  # "Weighing: keep it still."
    lane.add_by_plu(BANANAS_PLU)
    view = shop.settled()
    assert (view.message[0], view.lines) == ("PRODUCE_NOT_WEIGHED", ())
    sim.set_motion(False)
    shop.reading(lambda e: e.stable and e.grams == 903)
    lane.add_by_plu(BANANAS_PLU)
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    assert (view.lines[0].weight_g, view.total, view.message) == (903, 153, None)


def test_a_scanned_item_sold_by_weight_is_weighed_on_the_scanner_scale(shop):
    lane, views = shop.lane, shop.views
    shop.sims[SCANNER].scan(BANANAS)
    view = views.wait(lambda v: v.message is not None)
    assert (view.message[0], view.lines) == ("PRODUCE_NOT_WEIGHED", ())
    shop.weigh(856)
    shop.sims[SCANNER].scan(BANANAS)
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    assert (view.lines[0].weight_g, view.total, view.message) == (856, 145, None)
    assert lane.core.machine.pending_bag is not None


def test_a_failed_scanner_scale_is_reported_and_refuses_produce_but_not_scanning(shop):
    lane, views, sims = shop.lane, shop.views, shop.sims
    shop.weigh(1234)
    sims[SCANNER_SCALE].endpoint.unplug()
    view = views.wait(lambda v: v.intervention("device_fault") is not None, timeout=10)
    assert {d.name: d.health for d in view.devices}[SCANNER_SCALE] == "offline"
    fault = view.intervention("device_fault")
    assert fault.explanation["device"] == SCANNER_SCALE
    assert fault.explanation["essential"] is False
    assert fault.blocks == "nothing"
    lane.open_lookup()
    view = views.wait(lambda v: v.state == "produce_lookup")
    assert view.weighing is not None
    assert view.weighing.working is False  # "The scale is not working: ask for help ..."
    lane.add_by_plu(BANANAS_PLU)  # its last reading was 1234 g, but it is gone
    view = views.wait(lambda v: v.message is not None)
    assert view.message[0] == "PRODUCE_SCALE_OFFLINE"
    assert view.lines == ()
    lane.close_lookup()
    sims[SCANNER].scan(MILK)
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    assert screen_for(view) == "awaiting_bagging"
    sims[SCALE].put(1041)
    views.wait(lambda v: v.state == "scanning")
    sims[SCANNER_SCALE].endpoint.replug()
    views.wait(lambda v: v.intervention("device_fault") is None, timeout=15)
    shop.reading(lambda e: e.stable and e.grams == 1234, timeout=10)
    lane.add_by_plu(BANANAS_PLU)
    view = views.wait(lambda v: v.state == "awaiting_bagging")
    assert view.total == 115 + 209
