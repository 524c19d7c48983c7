"""The real lane application end to end: window, lane thread, drivers and simulators."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import LaneApp
from kiosk.hardware import PAYMENT, SCALE, SCANNER

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(qtbot, tmp_path):
    lane_app = LaneApp(ROOT / "config" / "lanes" / "lane-1.toml",
                       storage_url=f"sqlite:///{tmp_path / 'lane.db'}")
    qtbot.addWidget(lane_app.window)
    lane_app.window.show()
    with qtbot.waitSignal(lane_app.window.screenChanged, timeout=10_000,
                          check_params_cb=lambda screen: screen == "attract"):
        lane_app.start()
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


def test_the_developer_panel_drives_the_simulators(qtbot, app):
    from kiosk.ui.devpanel import DevPanel

    panel = app.window.findChild(DevPanel, "devpanel")
    assert panel is not None
    index = panel.product.findData("4031750000176")
    assert index >= 0
    panel.product.setCurrentIndex(index)
    wait_screen(qtbot, app, "awaiting_bagging", panel.scan)
    panel.grams.setValue(1040)
    wait_screen(qtbot, app, "scanning", panel.put_button.click)
    assert app.window.view.total == 115
