"""The attendant station's screen: tiles, the 32-lane grid, the queue, sign-in, actions.

The port here is a small in-test ``StationPort`` that records requests and checks
PINs against a dict.  That is a stand-in for the station's link and operator
store, not for the thing under test: these tests are about the screen (what it
shows, what it sends when a button is pressed); the real port is tested against
Mosquitto and SQLite in tests/integration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from attendant.model import StationModel
from attendant.station import ActionRequest, Operator, SignInRefused
from attendant.ui.tiles import MIN_TILE, NAME_PX, LaneTile, choose_columns
from attendant.ui.window import StationWindow
from pos.messages import Action, DeviceSummary, InterventionSummary, LaneStatus, Reply, lane_light
from pos.security import WeightExplanation, WeightSource

NOW = 1_767_265_200.0
ANN = Operator("ann", "Ann Lee", "attendant")
SAM = Operator("sam", "Sam Ortiz", "supervisor")


class RecordingPort:
    """A ``StationPort`` for screen tests: PINs from a dict, requests recorded, ids counted."""

    def __init__(self) -> None:
        self.pins = {"ann": ("1234", ANN), "sam": ("9876", SAM)}
        self.badges = {"OP-0042": SAM}
        self.requests: list[ActionRequest] = []
        self._operator: Operator | None = None

    def sign_in_pin(self, operator_id: str, pin: str) -> Operator:
        known = self.pins.get(operator_id)
        if known is None:
            raise SignInRefused(f"There is no operator with the id {operator_id}.",
                                code="OPERATOR_UNKNOWN")
        if known[0] != pin:
            raise SignInRefused(f"Wrong PIN for {known[1].name}. 2 more wrong PINs lock "
                                f"{known[1].name} out for 15 minutes.",
                                code="OPERATOR_WRONG_PIN")
        self._operator = known[1]
        return known[1]

    def sign_in_badge(self, badge: str) -> Operator:
        operator = self.badges.get(badge)
        if operator is None:
            raise SignInRefused("This badge is not known at this store.",
                                code="OPERATOR_UNKNOWN")
        self._operator = operator
        return operator

    def sign_out(self) -> None:
        self._operator = None

    @property
    def operator(self) -> Operator | None:
        return self._operator

    def send(self, request: ActionRequest) -> str:
        self.requests.append(request)
        return f"cmd-{len(self.requests):08d}"


@dataclass
class Clock:
    now: float = NOW

    def __call__(self) -> float:
        return self.now


DEVICES = tuple(DeviceSummary(name, "online") for name in ("scanner", "scale", "printer",
                                                           "payment"))


def status(lane: str, state: str = "scanning", *, at: float = NOW, total: int = 0,
           items: int = 0, interventions: tuple[InterventionSummary, ...] = (),
           online: bool = True, **fields: Any) -> LaneStatus:
    devices = fields.pop("devices", DEVICES)
    light, flashing = lane_light(state, online, interventions, devices, None)
    txn = fields.pop("txn", f"{lane}-000001" if state not in ("attract", "closed") else "")
    return LaneStatus(lane=lane, store="demo", online=online, at=at,
                      name=f"Lane {lane.split('-')[1]}", state=state, state_since=NOW - 30,
                      txn=txn, total=total, currency="EUR", items=items, light=light.value,
                      flashing=flashing, interventions=interventions, devices=devices, **fields)


def mismatch(raised_at: float, intervention_id: int = 1) -> InterventionSummary:
    why = WeightExplanation("mismatch", 1200, 1450, 50, WeightSource.LEARNED, "2000000000015",
                            "Bananas").to_dict()
    return InterventionSummary(intervention_id, "weight_mismatch", raised_at, "scanning",
                               "attendant", True, why, 2)


def age_check(raised_at: float, intervention_id: int = 1) -> InterventionSummary:
    why = {"min_age": 18, "item": "Vodka 0.7 l", "gtin": "4000000000031", "lines": [3]}
    return InterventionSummary(intervention_id, "age_check", raised_at, "payment", "attendant",
                               False, why, 3)


def help_call(raised_at: float, intervention_id: int = 1) -> InterventionSummary:
    return InterventionSummary(intervention_id, "help", raised_at, "nothing", "attendant",
                               False, {"reason": "shopper"})


@pytest.fixture
def port() -> RecordingPort:
    return RecordingPort()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_station(qtbot: Any, port: RecordingPort, clock: Clock
                 ) -> Callable[..., StationWindow]:
    def make(lanes: int = 4, size: tuple[int, int] = (1920, 1080)) -> StationWindow:
        model = StationModel([f"lane-{n}" for n in range(1, lanes + 1)], clock=clock)
        window = StationWindow(port, model, size=size, title="Desk", clock=clock)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def station(make_station: Callable[..., StationWindow]) -> StationWindow:
    return make_station()


@pytest.fixture
def show(qtbot: Any) -> Callable[[StationWindow, LaneStatus], None]:
    """Give the window a status and wait until its tile has been repainted."""

    def apply(window: StationWindow, lane_status: LaneStatus) -> None:
        with qtbot.waitSignal(window.rendered, timeout=2000) as rendered:
            window.show_status(lane_status)
        assert rendered.args == [lane_status]

    return apply


def band_colour(tile: LaneTile) -> QColor:
    """The colour actually painted in the band, beside the name."""
    image = tile.grab().toImage()
    return image.pixelColor(4, 20)


def sign_in(qtbot: Any, window: StationWindow, operator_id: str, pin: str) -> None:
    """By touch: the id typed into the field, the PIN on the pad's keys, OK."""
    panel = window.signin
    panel.operator_id.setText(operator_id)
    for digit in pin:
        qtbot.mouseClick(panel.pinpad.keys[f"pin_{digit}"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.pinpad.ok, Qt.MouseButton.LeftButton)


# -- tiles ---------------------------------------------------------------------------


def test_a_tile_follows_its_lanes_status(station, show):
    tile = station.grid.tile("lane-2")
    assert tile.view.state == "No contact"
    show(station, status("lane-2", "scanning", total=1234, items=3))
    assert tile.view.state == "Scanning"
    assert tile.view.detail == "€12.34 · 3 items"
    assert tile.light_colour() == QColor("#22C55E")
    assert band_colour(tile) == QColor("#22C55E")
    assert tile.time_text == "0:30"

    show(station, status("lane-2", "weight_mismatch", at=NOW + 1, total=1234, items=3,
                         interventions=(mismatch(NOW - 5),)))
    assert tile.view.state == "Weight mismatch"
    assert tile.view.flashing
    assert tile.view.why.startswith("Bananas: expected 1.20 kg ±0.05 kg")
    assert tile.light_colour() == QColor("#D7191F")
    assert band_colour(tile) == QColor("#D7191F")

    show(station, LaneStatus.offline("lane-2", "demo", NOW + 2, "Lane 2"))
    assert tile.view.state == "Offline"
    assert tile.view.detail.startswith("since ")


def test_a_status_repaints_its_own_tile_only(qtbot, station, show):
    show(station, status("lane-1"))
    painted: list[str] = []

    class CountPaints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, LaneTile):
                painted.append(watched.lane)
            return False

    counter = CountPaints()
    for tile in station.grid.tiles.values():
        tile.installEventFilter(counter)
    show(station, status("lane-3", "payment", total=500, items=1))
    assert painted == ["lane-3"]


def test_statuses_between_two_paints_are_each_rendered(qtbot, station):
    burst = [status("lane-1", at=NOW + n, total=n, items=1) for n in range(5)]
    seen: list[LaneStatus] = []
    station.rendered.connect(seen.append)
    with qtbot.waitSignal(station.rendered, timeout=2000,
                          check_params_cb=lambda shown: shown is burst[-1]):
        for lane_status in burst:
            station.show_status(lane_status)
    assert seen == burst
    assert station.grid.tile("lane-1").view.detail == "€0.04 · 1 item"


def test_an_older_status_changes_nothing(qtbot, station, show):
    show(station, status("lane-1", "payment", at=NOW))
    with qtbot.assertNotEmitted(station.rendered):
        station.show_status(status("lane-1", "scanning", at=NOW - 1))
    assert station.grid.tile("lane-1").view.state == "Paying"


def test_a_status_that_changes_nothing_visible_is_rendered_at_once(qtbot, station, show):
    show(station, status("lane-1", at=NOW))
    same_picture = status("lane-1", at=NOW + 1)
    with qtbot.waitSignal(station.rendered, timeout=500) as rendered:
        station.show_status(same_picture)
    assert rendered.args == [same_picture]


def test_a_security_alarm_flashes_on_a_timer(qtbot, station, show):
    show(station, status("lane-1", "weight_mismatch", interventions=(mismatch(NOW),)))
    tile = station.grid.tile("lane-1")
    assert station.grid.flash_timer.isActive()
    lit = tile.light_colour()
    with qtbot.waitSignal(station.grid.flash_timer.timeout, timeout=2000):
        pass
    assert tile.light_colour() != lit
    show(station, status("lane-1", "scanning", at=NOW + 1))
    assert not station.grid.flash_timer.isActive()
    assert tile.light_colour() == QColor("#22C55E")


def test_time_in_state_moves_on_with_the_shared_timer(qtbot, station, show, clock):
    show(station, status("lane-1"))
    tile = station.grid.tile("lane-1")
    assert tile.time_text == "0:30"
    clock.now += 95
    with qtbot.waitSignal(station.tick_timer.timeout, timeout=2000):
        pass
    assert tile.time_text == "2:05"


def test_no_contact_and_lost_link_are_plain(station, show):
    tile = station.grid.tile("lane-4")
    assert (tile.view.state, tile.view.detail) == ("No contact", "never heard from")
    station.show_link(False, "broker unreachable")
    assert station.link.text() == "NO CONNECTION to the lanes: broker unreachable"
    assert tile.stale
    station.show_link(True, "")
    assert not tile.stale


def test_32_lanes_fit_full_hd_every_tile_visible_and_readable(make_station, show):
    window = make_station(lanes=32)
    for number in range(1, 33):
        show(window, status(f"lane-{number}", "scanning", total=100 * number, items=number))
    bounds = window.rect()
    placed: list[QRect] = []
    assert window.grid.columns > 2, "the configured 2 columns are not kept for 32 lanes"
    for tile in window.grid.tiles.values():
        rect = QRect(tile.mapTo(window, tile.rect().topLeft()), tile.size())
        assert bounds.contains(rect), f"{tile.lane} at {rect} is outside the window"
        assert rect.width() >= MIN_TILE.width()
        assert rect.height() >= MIN_TILE.height()
        assert not tile.visibleRegion().isEmpty()
        assert not any(rect.intersects(other) for other in placed), f"{tile.lane} overlaps"
        assert tile.name_font.pixelSize() >= NAME_PX[0]
        assert tile.band_height >= NAME_PX[0]
        placed.append(rect)


def test_columns_grow_only_when_the_tiles_would_not_fit():
    assert choose_columns(4, 2, 1200, 960) == 2
    assert choose_columns(32, 2, 1300, 990) == 6
    assert choose_columns(3, 8, 1200, 960) == 3


# -- the queue -----------------------------------------------------------------------


def test_the_queue_runs_oldest_first_across_lanes_and_explains(qtbot, station, show):
    show(station, status("lane-1", interventions=(help_call(NOW - 10),)))
    show(station, status("lane-3", interventions=(mismatch(NOW - 90),)))
    with qtbot.waitSignal(station.queueChanged, timeout=2000) as changed:
        station.show_status(status("lane-2", interventions=(age_check(NOW - 40),)))
    assert [item.lane for item in changed.args[0]] == ["lane-3", "lane-2", "lane-1"]
    layout = station.queue.widget().layout()
    entries = [layout.itemAt(i).widget() for i in range(3)]
    assert [e.objectName() for e in entries] == ["entry_lane-3_1", "entry_lane-2_1",
                                                 "entry_lane-1_1"]
    assert entries[0].explanation.text() == (
        "Bananas: expected 1.20 kg ±0.05 kg (learned from earlier weighings), "
        "bagging area shows 1.45 kg")
    assert entries[1].explanation.text() == (  # NOW is New Year's Day 2026
        "Vodka 0.7 l: customer must be 18 or older (born on or before Jan 1, 2008)")
    assert entries[0].wait.text() == "1:30"
    assert station.queue_title.text() == "Waiting: 3"


def test_a_new_total_does_not_rebuild_the_queue(qtbot, station, show):
    show(station, status("lane-1", interventions=(help_call(NOW - 10),)))
    entry = station.queue.entry("lane-1", 1)
    with qtbot.assertNotEmitted(station.queueChanged):
        show(station, status("lane-1", at=NOW + 1, total=999, items=2,
                             interventions=(help_call(NOW - 10),)))
    assert station.queue.entry("lane-1", 1) is entry


def test_nobody_signed_in_sees_no_buttons(station, show):
    show(station, status("lane-1", interventions=(age_check(NOW - 10),)))
    entry = station.queue.entry("lane-1", 1)
    assert entry.buttons == {}
    assert entry.state.text() == "Sign in to act"


def test_buttons_follow_the_signed_in_role(qtbot, station, show):
    show(station, status("lane-1", interventions=(age_check(NOW - 10),)))
    entry = station.queue.entry("lane-1", 1)
    with qtbot.waitSignal(station.operatorChanged) as changed:
        sign_in(qtbot, station, "ann", "1234")
    assert changed.args == [ANN]
    assert list(entry.buttons) == [Action.APPROVE, Action.REJECT, Action.VOID_LINE,
                                   Action.CANCEL, Action.SUSPEND]
    assert all(button.isVisible() for button in entry.buttons.values())
    assert station.signin.operator_label.text() == "Ann Lee · Attendant"
    assert not entry.state.isVisible()

    with qtbot.waitSignal(station.operatorChanged) as changed:
        qtbot.mouseClick(station.signin.sign_out_button, Qt.MouseButton.LeftButton)
    assert changed.args == [None]
    assert entry.buttons == {}

    sign_in(qtbot, station, "sam", "9876")
    assert list(entry.buttons)[-1] is Action.CLOSE_LANE
    assert station.signin.operator_label.text() == "Sam Ortiz · Supervisor"


def test_a_sign_out_from_elsewhere_takes_the_buttons_away(qtbot, station, show, port):
    show(station, status("lane-1", interventions=(help_call(NOW - 10),)))
    sign_in(qtbot, station, "ann", "1234")
    assert station.queue.entry("lane-1", 1).buttons
    port.sign_out()  # as the station's app does after a time away
    with qtbot.waitSignal(station.operatorChanged) as changed:
        station.show_operator(None)
    assert changed.args == [None]
    assert station.queue.entry("lane-1", 1).buttons == {}
    assert station.signin.form.isVisible()


def test_a_wrong_pin_shows_the_refusal(qtbot, station, port):
    with qtbot.assertNotEmitted(station.operatorChanged):
        sign_in(qtbot, station, "ann", "1111")
    assert station.signin.refusal == ("Wrong PIN for Ann Lee. 2 more wrong PINs lock Ann Lee "
                                      "out for 15 minutes.")
    assert station.signin.message.isVisible()
    assert station.signin.pinpad.pin == ""
    assert port.operator is None
    assert station.signin.form.isVisible()


def test_the_pin_is_typed_on_the_keyboard_and_shown_masked(qtbot, station):
    panel = station.signin
    panel.operator_id.setFocus()
    qtbot.keyClicks(panel.operator_id, "ann")
    qtbot.keyClick(panel.operator_id, Qt.Key.Key_Return)
    assert panel.pinpad.hasFocus()
    qtbot.keyClicks(panel.pinpad, "125")
    qtbot.keyClick(panel.pinpad, Qt.Key.Key_Backspace)
    qtbot.keyClicks(panel.pinpad, "3")
    assert panel.pinpad.pin == "123"
    assert panel.pinpad.display.text() == "●●●"
    qtbot.keyClicks(panel.pinpad, "4")
    with qtbot.waitSignal(panel.signedIn) as signed:
        qtbot.keyClick(panel.pinpad, Qt.Key.Key_Return)
    assert signed.args == [ANN]


def test_a_badge_scanned_into_the_id_field_signs_in(qtbot, station):
    panel = station.signin
    # A keyboard-wedge reader types the badge and Enter into the focused field.
    qtbot.keyClicks(panel.operator_id, "OP-0042")
    with qtbot.waitSignal(panel.signedIn) as signed:
        qtbot.keyClick(panel.operator_id, Qt.Key.Key_Return)
    assert signed.args == [SAM]
    assert panel.operator_id.text() == ""


def test_a_badge_scanned_while_the_pin_pad_has_the_focus_still_signs_in(qtbot, station,
                                                                        port):
    panel = station.signin
    sign_in(qtbot, station, "ann", "1111")  # wrong: the pad keeps the focus
    panel.pinpad.setFocus()
    for key in "OP-0042":  # a keyboard wedge types into whatever has the focus
        qtbot.keyClicks(QApplication.focusWidget(), key)
    assert panel.pinpad.pin == ""
    with qtbot.waitSignal(panel.signedIn) as signed:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert signed.args == [SAM]


def test_an_unknown_badge_is_refused(qtbot, station):
    panel = station.signin
    qtbot.keyClicks(panel.operator_id, "OP-9999")
    qtbot.keyClick(panel.operator_id, Qt.Key.Key_Return)
    assert panel.refusal == "This badge is not known at this store."


def test_approve_sends_the_request_and_shows_the_refusal(qtbot, station, show, port):
    show(station, status("lane-3", interventions=(mismatch(NOW - 20, intervention_id=4),)))
    sign_in(qtbot, station, "ann", "1234")
    entry = station.queue.entry("lane-3", 4)
    qtbot.mouseClick(entry.buttons[Action.APPROVE], Qt.MouseButton.LeftButton)
    assert port.requests == [ActionRequest("lane-3", Action.APPROVE, "lane-3-000001",
                                           intervention=4)]
    assert entry.state.text() == "sent…"
    assert not entry.buttons[Action.APPROVE].isEnabled()

    station.show_reply(Reply("cmd-00000001", "lane-3", False, "LINK_ALREADY_DONE",
                             "Already approved by alice at station-2", NOW))
    assert entry.state.text() == "Already approved by alice at station-2"
    assert entry.state.property("tone") == "refused"
    assert entry.buttons[Action.APPROVE].isEnabled()


def test_void_sends_the_line_and_a_reply_for_another_station_is_ignored(qtbot, station, show,
                                                                      port):
    show(station, status("lane-2", interventions=(age_check(NOW - 20),)))
    sign_in(qtbot, station, "ann", "1234")
    entry = station.queue.entry("lane-2", 1)
    qtbot.mouseClick(entry.buttons[Action.VOID_LINE], Qt.MouseButton.LeftButton)
    assert port.requests == [ActionRequest("lane-2", Action.VOID_LINE, "lane-2-000001",
                                           line=3)]
    station.show_reply(Reply("cmd-of-station-2", "lane-2", True, "OK", "", NOW))
    assert entry.state.text() == "sent…"
    station.show_reply(Reply("cmd-00000001", "lane-2", True, "OK", "", NOW))
    assert entry.state.text() == "Void item: done"


def test_cancel_needs_a_second_press(qtbot, station, show, port):
    show(station, status("lane-2", interventions=(age_check(NOW - 20),)))
    sign_in(qtbot, station, "ann", "1234")
    cancel = station.queue.entry("lane-2", 1).buttons[Action.CANCEL]
    words = cancel.text()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert port.requests == []
    assert cancel.text() == "Press again to confirm"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert port.requests == [ActionRequest("lane-2", Action.CANCEL, "lane-2-000001")]
    assert cancel.text() == words


def test_an_unconfirmed_cancel_disarms_by_itself(qtbot, station, show, port):
    show(station, status("lane-2", interventions=(age_check(NOW - 20),)))
    sign_in(qtbot, station, "ann", "1234")
    cancel = station.queue.entry("lane-2", 1).buttons[Action.CANCEL]
    words = cancel.text()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cancel.text() == words, timeout=6000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert port.requests == []  # the first press of a new pair


# -- figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    transactions: int = 120
    interventions_per_100: dict[str, float] = field(default_factory=lambda: {
        "help": 1.5, "weight_mismatch": 4.25})
    assist_median_s: float | None = 42.0
    assist_p90_s: float | None = None
    per_hour: list[tuple[str, int, int]] = field(default_factory=lambda: [
        ("09:00", 50, 3), ("10:00", 70, 4)])


def test_shift_figures(station):
    station.show_figures(Figures())
    panel = station.figures
    assert panel.isVisible()
    assert panel.transactions[0].text() == "120"
    assert panel.median[0].text() == "0:42"
    assert panel.p90[0].text() == "–"
    texts = [panel.causes.itemAt(i).widget().text() for i in range(panel.causes.count())]
    assert texts == ["Weight mismatch", "4.2 per 100", "Help", "1.5 per 100"]
    assert panel.chart.hours == (("09:00", 50, 3), ("10:00", 70, 4))
