"""The real lane application end to end: window, lane thread, drivers and simulators."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import LaneApp
from kiosk.hardware import PAYMENT, SCALE, SCANNER, SCANNER_SCALE

ROOT = Path(__file__).resolve().parents[2]


def started(qtbot, tmp_path, lane: str) -> LaneApp:
    """The lane of ``config/lanes/<lane>.toml`` on a fresh database, showing attract."""
    lane_app = LaneApp(ROOT / "config" / "lanes" / f"{lane}.toml",
                       storage_url=f"sqlite:///{tmp_path / 'lane.db'}")
    qtbot.addWidget(lane_app.window)
    lane_app.window.show()
    with qtbot.waitSignal(lane_app.window.screenChanged, timeout=10_000,
                          check_params_cb=lambda screen: screen == "attract"):
        lane_app.start()
    return lane_app


@pytest.fixture
def app(qtbot, tmp_path):
    lane_app = started(qtbot, tmp_path, "lane-1")
    yield lane_app
    lane_app.close()


def wait_screen(qtbot, app, screen: str, action, timeout: int = 10_000) -> None:
    with qtbot.waitSignal(app.window.screenChanged, timeout=timeout,
                          check_params_cb=lambda shown: shown == screen):
        action()


def test_a_visit_through_the_real_app(qtbot, app):
    sims = app.hardware.sims
    wait_screen(qtbot, app, "awaiting_bagging", lambda: sims[SCANNER].scan("4031750000176"))
    wait_screen(qtbot, app, "scanning", lambda: sims[SCALE].put(1041))
    assert app.window.view.total == 115
    wait_screen(qtbot, app, "payment", app.lane.pay)
    sims[PAYMENT].approve_next()
    wait_screen(qtbot, app, "thank_you", lambda: app.lane.choose_tender("card"))
    assert app.window.view.payments[-1].status == "approved"


def test_start_up_paints_the_first_screen_then_builds_the_rest(qtbot, app):
    from kiosk.ui.devpanel import DevPanel

    window = app.window
    if not window.is_settled():
        with qtbot.waitSignal(window.settled, timeout=10_000):
            pass
    # Built one by one after the first paint: every screen, and the developer panel docked.
    assert {screen.screen_id for screen in window.screens.built()} == set(window.screens)
    assert window.stack.count() == len(window.screens)
    assert window.findChild(DevPanel, "devpanel") is not None
    assert window.current_screen_id() == "attract"
    assert window.stack.currentWidget() is window.screen_widget("attract")


def test_the_developer_panel_drives_the_simulators(qtbot, app):
    from kiosk.ui.devpanel import DevPanel

    if not app.window.is_settled():
        with qtbot.waitSignal(app.window.settled, timeout=10_000):
            pass
    panel = app.window.findChild(DevPanel, "devpanel")
    assert panel is not None
    index = panel.product.findData("4031750000176")
    assert index >= 0
    panel.product.setCurrentIndex(index)
    wait_screen(qtbot, app, "awaiting_bagging", panel.scan)
    panel.grams.setValue(1040)
    wait_screen(qtbot, app, "scanning", panel.put_button.click)
    assert app.window.view.total == 115


def test_touch_targets_are_measured_on_the_physical_screen(app):
    from kiosk.app import MIN_TOUCH_MM, check_touch_targets, touch_target_mm

    assert touch_target_mm(64, 96) == pytest.approx(16.93, abs=0.01)
    assert touch_target_mm(64, 141) < MIN_TOUCH_MM  # a 15.6" 1080p panel: warned at start
    assert touch_target_mm(64, 0) is None  # the panel does not say its size
    measured = check_touch_targets(app.window)
    screen = app.window.screen()
    if screen.physicalSize().width() > 0:
        dpi = screen.geometry().width() / (screen.physicalSize().width() / 25.4)
        assert measured == pytest.approx(64 / dpi * 25.4)
    else:
        assert measured is None


@pytest.fixture
def lane_4(qtbot, tmp_path):
    """Lane 4 of the demo: produce is weighed on its (simulated) scanner-scale."""
    lane_app = started(qtbot, tmp_path, "lane-4")
    if not lane_app.window.is_settled():
        with qtbot.waitSignal(lane_app.window.settled, timeout=10_000):
            pass
    yield lane_app
    lane_app.close()


def test_produce_weighed_on_the_scanner_scale_from_the_developer_panel(qtbot, lane_4):
    from kiosk.ui.devpanel import DevPanel

    app = lane_4
    panel = app.window.findChild(DevPanel, "devpanel")
    assert panel is not None
    app.hardware.sims[SCANNER_SCALE].set_noise(0)
    wait_screen(qtbot, app, "produce_lookup", app.lane.open_lookup)
    panel.produce_grams.setValue(1234)
    panel.weigh_button.click()

    def weighed() -> bool:
        # Not part of the view (the bagging area is not concerned): the lane's own reading.
        reading = app.lane.scale_reading(SCANNER_SCALE)
        return reading is not None and reading.stable and reading.grams == 1234

    qtbot.waitUntil(weighed, timeout=10_000)
    wait_screen(qtbot, app, "awaiting_bagging", lambda: app.lane.add_by_plu("4011"))
    assert app.window.view.total == 209
    panel.clear_platter_button.click()
    panel.grams.setValue(1236)
    wait_screen(qtbot, app, "scanning", panel.put_button.click)
    assert app.window.view.total == 209
    assert app.window.view.interventions == ()
