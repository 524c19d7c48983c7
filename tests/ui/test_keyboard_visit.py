"""A whole visit through the real lane with the keyboard alone (EN 301 549: no touch needed).

The scanner and the bagging scale are the simulated devices, as at a real lane; every choice
on screen is made with Tab, Enter and digits: the language, looking up loose produce by its
PLU, paying by card.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.app import LaneApp
from kiosk.hardware import PAYMENT, SCALE, SCANNER
from tests.ui.test_keyboard import tab_to

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(qtbot, tmp_path):
    lane_app = LaneApp(ROOT / "config" / "lanes" / "lane-1.toml",
                       storage_url=f"sqlite:///{tmp_path / 'lane.db'}", devpanel=False,
                       link=False)
    qtbot.addWidget(lane_app.window)
    lane_app.window.show()
    with qtbot.waitSignal(lane_app.window.screenChanged, timeout=10_000,
                          check_params_cb=lambda screen: screen == "attract"):
        lane_app.start()
    lane_app.window.activateWindow()
    qtbot.waitActive(lane_app.window)
    yield lane_app
    lane_app.close()


def press(qtbot, app, name: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Tab to the button called ``name`` and press ``key`` on it."""
    qtbot.keyClick(tab_to(qtbot, app.window, name), key)


def until(qtbot, app, check, timeout: int = 10_000) -> None:
    def met() -> None:
        assert app.window.view is not None
        assert check(app.window.view)

    qtbot.waitUntil(met, timeout=timeout)


def test_a_whole_visit_by_keyboard(qtbot, app):
    sims = app.hardware.sims
    press(qtbot, app, "lang_vi")
    until(qtbot, app, lambda v: v.language == "vi")

    sims[SCANNER].scan("4031750000176")  # Vollmilch 1 l, 1.15
    until(qtbot, app, lambda v: v.state == "awaiting_bagging")
    sims[SCALE].put(1041)
    until(qtbot, app, lambda v: v.state == "scanning" and v.total == 115)

    # Loose bananas by PLU: weighed on the bagging scale first, then typed on the keypad.
    press(qtbot, app, "open_lookup")
    until(qtbot, app, lambda v: v.state == "produce_lookup")
    machine = app.lane.core.machine
    target = machine.scale_g + 1000
    sims[SCALE].put(1000)
    qtbot.waitUntil(lambda: abs(machine.scale_g - target) <= 10, timeout=10_000)
    lookup = app.window.screen_widget("produce_lookup")
    focused = tab_to(qtbot, app.window, "category_all")
    qtbot.keyClicks(focused, "4011")
    assert lookup.keypad.code == "4011"
    qtbot.keyClick(lookup, Qt.Key.Key_Return)
    until(qtbot, app, lambda v: len(v.active_lines) == 2 and v.state == "scanning")
    bananas = app.window.view.active_lines[-1]
    assert bananas.name.startswith("Banan")
    assert abs(bananas.weight_g - 1000) <= 10

    # Paying: Enter on Pay, the focus moves to the card button, Enter again.
    sims[PAYMENT].approve_next()
    press(qtbot, app, "pay")
    until(qtbot, app, lambda v: v.state == "payment")
    card = QApplication.focusWidget()
    assert card is app.window.screen_widget("payment").card
    qtbot.keyClick(card, Qt.Key.Key_Return)
    until(qtbot, app, lambda v: v.state in ("receipt", "attract") and v.payments
          and v.payments[-1].status == "approved")
