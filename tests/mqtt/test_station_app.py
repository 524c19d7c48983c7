"""The attendant station as ``sco attendant`` builds it (StationApp: service, model, window),
a real lane with its link, and a test-started Mosquitto with the shipped ACL.

An attendant signs in at the station, presses approve on the queue's button, and
the lane applies it; the operator list the station publishes lets the same
attendant sign in at the lane with a PIN.  Waits are on Qt signals or on the
lane's views, never on sleeps.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from attendant.app import StationApp
from attendant.storage import StationDatabase, seed_demo_operators
from kiosk.sound import Sounds
from pos.messages import Action, LaneStatus, Reply
from tests.mqtt.test_lane_link import BEER, LaneRig, make_lane
from tests.mqtt_broker import TestBroker

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 15_000


@pytest.fixture
def station_app(mosquitto: TestBroker, tmp_path: Path, qtbot) -> Iterator[StationApp]:
    url = f"sqlite:///{tmp_path / 'station.db'}"
    with StationDatabase.open(url) as db:
        seed_demo_operators(db.operators)
    app = StationApp(ROOT / "config" / "attendant.toml", size=(1920, 1080),
                     broker=mosquitto.broker_settings("station-1"), database_url=url)
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.service.linkChanged, timeout=WAIT_MS,
                          check_params_cb=lambda up, _why: up):
        app.start()
    yield app
    app.service.stop()
    app.db.close()


@pytest.fixture
def lane(mosquitto: TestBroker, tmp_path: Path) -> Iterator[LaneRig]:
    rig = make_lane(tmp_path / "lane.db", mosquitto)
    rig.lane.start()
    assert rig.link.wait_connected(15)
    yield rig
    rig.lane.stop()
    rig.link.stop()
    rig.db.close()


def test_an_attendant_approves_an_age_check_from_the_station(
        qtbot, station_app: StationApp, lane: LaneRig) -> None:
    window, service = station_app.window, station_app.service
    with qtbot.waitSignal(window.queueChanged, timeout=WAIT_MS,
                          check_params_cb=lambda items: len(items) == 1):
        lane.scan(BEER)
    [item] = window.model.queue()
    assert (item.lane, item.intervention.kind) == ("lane-1", "age_check")
    entry = window.queue.entry("lane-1", item.intervention.id)
    assert "16" in entry.explanation.text()
    assert entry.buttons == {}  # nobody signed in: nothing to press
    service.sign_in_pin("alice", "1234")
    window.signin.signedIn.emit(service.operator)
    approve = window.queue.entry("lane-1", item.intervention.id).buttons[Action.APPROVE]
    with qtbot.waitSignal(service.replyReceived, timeout=WAIT_MS) as replied:
        qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    reply: Reply = replied.args[0]
    assert (reply.ok, reply.operator, reply.action) == (True, "alice", "approve")
    lane.view(lambda v: v.intervention("age_check") is None)
    qtbot.waitUntil(lambda: window.model.queue() == (), timeout=WAIT_MS)
    audit = [(e.action, e.operator, e.ok) for e in reversed(station_app.db.audit.recent())]
    assert audit == [("sign_in", "alice", True), ("approve", "alice", True),
                     ("approve_result", "alice", True)]


def test_a_new_intervention_chimes_at_the_station(
        qtbot, station_app: StationApp, lane: LaneRig, tmp_path: Path) -> None:
    recorder = tmp_path / "recorder.py"
    recorder.write_text("import sys\nopen(sys.argv[1], 'a').write(sys.argv[2] + '\\n')\n")
    played = tmp_path / "played.txt"
    station_app.sounds = Sounds(cues=True, speech=False, directory=tmp_path,
                                player=[sys.executable, str(recorder), str(played)])
    with qtbot.waitSignal(station_app.window.queueChanged, timeout=WAIT_MS,
                          check_params_cb=lambda items: len(items) == 1):
        lane.scan(BEER)
    assert station_app.sounds.wait_idle(10)
    assert played.read_text().splitlines() == [str(tmp_path / "attention.wav")]


def test_a_wrong_pin_is_refused_and_audited(station_app: StationApp) -> None:
    from attendant.station import SignInRefused

    with pytest.raises(SignInRefused) as refused:
        station_app.service.sign_in_pin("alice", "0000")
    assert refused.value.code == "OPERATOR_WRONG_PIN"
    assert station_app.service.operator is None
    [entry] = station_app.db.audit.recent()
    assert (entry.action, entry.ok, entry.result) == ("sign_in", False, "OPERATOR_WRONG_PIN")


def test_the_lane_learns_operators_from_the_station_and_signs_in_by_pin_and_badge(
        qtbot, station_app: StationApp, lane: LaneRig) -> None:
    qtbot.waitUntil(lambda: {o.id for o in lane.lane.operators()} == {"alice", "bob"},
                    timeout=WAIT_MS)
    lane.lane.sign_in_with_pin("alice", "9999")
    view = lane.view(lambda v: v.message is not None)
    assert view.message is not None
    assert view.message[0] == "OPERATOR_WRONG_PIN"
    assert not view.attendant_mode
    lane.lane.sign_in_with_pin("alice", "1234")
    view = lane.view(lambda v: v.attendant_mode)
    assert view.attendant == "alice"
    lane.lane.attendant_sign_out()
    lane.view(lambda v: not v.attendant_mode)
    lane.scan("OP-BOB-0002")  # bob's badge on the lane's scanner
    view = lane.view(lambda v: v.attendant == "bob")
    assert view.attendant_mode
    # The station's tile shows the attendant at the lane (yellow: attention).
    qtbot.waitUntil(lambda: _lane_status(station_app, "bob") is not None, timeout=WAIT_MS)
    status = _lane_status(station_app, "bob")
    assert status is not None
    assert status.light == "yellow"


def _lane_status(app: StationApp, attendant: str) -> LaneStatus | None:
    status = app.model.status("lane-1")
    return status if status is not None and status.attendant == attendant else None
