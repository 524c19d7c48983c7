"""The broker enforces who may say what (DESIGN.md, "Lane ↔ station link").

Run against a real Mosquitto with the shipped ``deploy/mosquitto/acl``:
a lane publishes only under its own lane id and reads only its own
commands; only stations send commands; nobody connects without the right
password.  Mosquitto drops a denied publish silently (PUBACK and all) and
filters a denied subscription on delivery, so each "never arrives" check is
followed by a legitimate message on the same subscription: once that one
arrives, the denied one would have arrived before it (see ``peer.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.mqtt import BrokerError, make_client
from pos.messages import Topics
from tests.mqtt.peer import LaneProcess, Peer, Peers, status
from tests.mqtt_broker import TestBroker

STORE = Topics("store-7")
NOT_AUTHORIZED = {134, 135}  # MQTT 5 codes paho maps CONNACK 4 and 5 (3.1.1) to


@pytest.fixture
def station(mosquitto: TestBroker, peers: Peers) -> Peer:
    """station-1, connected, watching everything in the store (as its ACL allows)."""
    peer = peers.connected(mosquitto.broker_settings("station-1"), "station-1")
    assert peer.subscribe("sco/store-7/#").value == 1
    return peer


@pytest.fixture
def connect(mosquitto: TestBroker, peers: Peers) -> Callable[[str], Peer]:
    """Connects as one of the broker's users, with the user name as client id."""
    return lambda user: peers.connected(mosquitto.broker_settings(user), user)


def test_a_lane_cannot_send_commands(connect: Callable[[str], Peer], station: Peer) -> None:
    lane = connect("lane-1")
    forged = b'{"type":"command","action":"approve"}'
    lane.publish(STORE.commands("lane-2"), forged)
    lane.publish(STORE.commands("lane-1"), forged)  # not even to itself

    other_station = connect("station-2")
    other_station.publish(STORE.commands("lane-2"), b"legitimate")
    other_station.publish(STORE.commands("lane-1"), b"legitimate")

    station.expect(STORE.commands("lane-2"), b"legitimate")
    station.expect(STORE.commands("lane-1"), b"legitimate")
    assert station.received(STORE.commands("lane-2")) == [b"legitimate"]
    assert station.received(STORE.commands("lane-1")) == [b"legitimate"]


def test_a_lane_cannot_publish_the_operator_list(
    connect: Callable[[str], Peer], station: Peer,
) -> None:
    # A forged list could add an operator whose PIN the thief knows.
    lane = connect("lane-1")
    lane.publish(STORE.operators, b"forged", retain=True)
    connect("station-2").publish(STORE.operators, b"real", retain=True)

    station.expect(STORE.operators, b"real")
    assert station.received(STORE.operators) == [b"real"]


def test_a_lane_cannot_speak_for_another_lane(
    connect: Callable[[str], Peer], station: Peer,
) -> None:
    impostor = connect("lane-1")
    for kind in ("status", "events", "replies"):
        impostor.publish(f"sco/store-7/lane/lane-2/{kind}", b"forged", retain=kind == "status")

    lane_2 = connect("lane-2")
    for kind in ("status", "events", "replies"):
        lane_2.publish(f"sco/store-7/lane/lane-2/{kind}", b"real", retain=kind == "status")

    for kind in ("status", "events", "replies"):
        topic = f"sco/store-7/lane/lane-2/{kind}"
        station.expect(topic, b"real")
        assert station.received(topic) == [b"real"]
    # and a station that starts later sees the real retained status, not the forgery
    late = connect("station-2")
    late.subscribe(STORE.status("lane-2"))
    assert late.expect(STORE.status("lane-2")).payload == b"real"


def test_a_lane_reads_only_its_own_commands(connect: Callable[[str], Peer]) -> None:
    lane_1 = connect("lane-1")
    # Mosquitto 2.0 grants these subscriptions and filters what it delivers.
    lane_1.subscribe(STORE.commands("lane-2"))
    lane_1.subscribe("sco/store-7/#")
    lane_1.subscribe(STORE.commands("lane-1"))

    station = connect("station-1")
    station.publish(STORE.commands("lane-2"), b"for lane-2")
    station.publish(STORE.events("lane-3"), b"lane-3 event")  # no station writes events
    station.publish(STORE.commands("lane-1"), b"for lane-1")

    lane_1.expect(STORE.commands("lane-1"), b"for lane-1")
    assert [m.topic for m in lane_1.messages] == [STORE.commands("lane-1")]


def test_a_lane_reads_the_operator_list(connect: Callable[[str], Peer]) -> None:
    connect("station-1").publish(STORE.operators, b"operators", retain=True)
    lane = connect("lane-3")
    lane.subscribe("sco/+/operators")
    assert lane.expect(STORE.operators).payload == b"operators"


def test_a_wrong_password_is_refused(
    mosquitto: TestBroker, peers: Peers, tmp_path: Path,
) -> None:
    wrong = tmp_path / "lane-1.password"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    settings = mosquitto.broker_settings("lane-1").model_copy(
        update={"password_file": str(wrong)})
    reason = peers(settings, "lane-1", clean_start=True).connect()
    assert reason.is_failure
    assert reason.value in NOT_AUTHORIZED


def test_another_users_password_is_refused(mosquitto: TestBroker, peers: Peers) -> None:
    # lane-1 may not borrow station-1's name with its own password.
    _, lane_password = mosquitto.credentials("lane-1")
    settings = mosquitto.broker_settings("station-1").model_copy(
        update={"password_file": str(lane_password)})
    assert peers(settings, "station-1", clean_start=True).connect().value in NOT_AUTHORIZED


def test_anonymous_clients_are_refused(mosquitto: TestBroker, peers: Peers) -> None:
    reason = peers(mosquitto.broker_settings(None), "anonymous", clean_start=True).connect()
    assert reason.value in NOT_AUTHORIZED


def test_retained_status_reaches_a_station_that_starts_later(
    connect: Callable[[str], Peer],
) -> None:
    lane = connect("lane-1")
    lane.publish(STORE.status("lane-1"), status("lane-1", True), retain=True)
    lane.disconnect()

    station = connect("station-1")
    station.subscribe("sco/store-7/lane/+/status")
    message = station.expect(STORE.status("lane-1"))
    assert message.retain
    assert message.payload == status("lane-1", True)


def test_the_last_will_marks_a_killed_lane_offline(
    mosquitto: TestBroker, connect: Callable[[str], Peer], station: Peer,
) -> None:
    topic = STORE.status("lane-1")
    lane = LaneProcess(mosquitto.broker_settings("lane-1"), "lane-1", topic,
                       will=status("lane-1", False), online=status("lane-1", True))
    try:
        lane.wait_online()
        station.expect(topic, status("lane-1", True))
    finally:
        lane.kill()  # SIGKILL: the socket closes without DISCONNECT

    station.expect(topic, status("lane-1", False))
    late = connect("station-2")
    late.subscribe(topic)
    assert late.expect(topic).payload == status("lane-1", False)  # the will is retained


def test_a_clean_disconnect_sends_no_last_will(
    mosquitto: TestBroker, peers: Peers, connect: Callable[[str], Peer], station: Peer,
) -> None:
    topic = STORE.status("lane-1")
    lane = peers(mosquitto.broker_settings("lane-1"), "lane-1",
                 will=(topic, status("lane-1", False)), clean_start=True)
    assert lane.connect().value == 0
    lane.publish(topic, status("lane-1", True), retain=True)
    lane.disconnect()

    # a later message on the same subscription proves the station saw everything before it
    connect("lane-2").publish(STORE.status("lane-2"), status("lane-2", True), retain=True)
    station.expect(STORE.status("lane-2"))
    assert station.received(topic) == [status("lane-1", True)]


def test_queued_messages_survive_a_broker_restart(mosquitto: TestBroker, peers: Peers) -> None:
    events = STORE.events("lane-1")
    station = peers.connected(mosquitto.broker_settings("station-1"), "station-1",
                              clean_start=False)  # a persistent session
    station.subscribe(events)
    station.disconnect()  # the station is away; the broker keeps its session

    lane = peers.connected(mosquitto.broker_settings("lane-1"), "lane-1")
    lane.publish(events, b'{"id":"lane-1:1"}')
    lane.publish(events, b'{"id":"lane-1:2"}')
    lane.publish(STORE.status("lane-1"), status("lane-1", True), retain=True)
    lane.disconnect()

    mosquitto.restart()

    back = peers.connected(mosquitto.broker_settings("station-1"), "station-1",
                           clean_start=False)
    assert back.session_present
    back.expect(events, b'{"id":"lane-1:2"}')
    assert back.received(events) == [b'{"id":"lane-1:1"}', b'{"id":"lane-1:2"}']

    back.subscribe(STORE.status("lane-1"))
    assert back.expect(STORE.status("lane-1")).payload == status("lane-1", True)


def test_a_missing_password_file_is_named_before_connecting(
    mosquitto: TestBroker, tmp_path: Path,
) -> None:
    settings = mosquitto.broker_settings("lane-1").model_copy(
        update={"password_file": str(tmp_path / "lane-1.password")})
    with pytest.raises(BrokerError, match="password_file .*lane-1.password does not exist"):
        make_client(settings, "lane-1")


def test_an_empty_password_file_is_reported(mosquitto: TestBroker, tmp_path: Path) -> None:
    empty = tmp_path / "lane-1.password"
    empty.write_text("\n", encoding="utf-8")
    settings = mosquitto.broker_settings("lane-1").model_copy(
        update={"password_file": str(empty)})
    with pytest.raises(BrokerError, match="is empty") as error:
        make_client(settings, "lane-1")
    assert error.value.code == "LINK_BROKER"


def test_the_broker_comes_back_after_being_killed(mosquitto: TestBroker, peers: Peers) -> None:
    mosquitto.kill()  # no chance to save: the store's power cut
    mosquitto.start()
    station = peers.connected(mosquitto.broker_settings("station-1"), "station-1")
    station.subscribe(STORE.every_lane("status"))
    peers.connected(mosquitto.broker_settings("lane-4"), "lane-4").publish(
        STORE.status("lane-4"), status("lane-4", True), retain=True)
    assert station.expect(STORE.status("lane-4")).payload == status("lane-4", True)
