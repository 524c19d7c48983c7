"""The demo's own broker behaves like the store's where the link relies on it.

Both kinds are run: mosquitto from PATH and the embedded amqtt broker, with
real paho clients made by ``make_client``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attendant.broker import LocalBroker, broker_reachable, start_local_broker
from kiosk.config import BrokerSection
from kiosk.mqtt import BrokerError
from pos.messages import Topics
from tests.mqtt.peer import LaneProcess, Peers, status
from tests.mqtt_broker import find_tool, free_port

STORE = Topics("demo")


@pytest.fixture(params=["mosquitto", "amqtt"])
def local_broker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LocalBroker]:
    kind = request.param
    if kind == "mosquitto" and find_tool("mosquitto") is None:
        pytest.skip("mosquitto is not installed")
    broker = start_local_broker(tmp_path / "broker", free_port(), prefer=kind)
    try:
        yield broker
    finally:
        broker.stop()


def _settings(broker: LocalBroker) -> BrokerSection:
    return BrokerSection.model_validate({"host": broker.host, "port": broker.port})


def test_the_broker_listens_until_stopped(tmp_path: Path) -> None:
    port = free_port()
    broker = start_local_broker(tmp_path, port, prefer="amqtt")
    assert (broker.kind, broker.port) == ("amqtt", port)
    assert broker_reachable("127.0.0.1", port, timeout=1.0)
    broker.stop()
    assert not broker_reachable("127.0.0.1", port, timeout=1.0)
    broker.stop()  # twice is harmless


def test_mosquitto_is_preferred_when_installed(tmp_path: Path) -> None:
    if find_tool("mosquitto") is None:
        pytest.skip("mosquitto is not installed")
    with start_local_broker(tmp_path, free_port()) as broker:
        assert broker.kind == "mosquitto"
        assert (tmp_path / "mosquitto.conf").exists()


def test_a_port_in_use_is_refused(local_broker: LocalBroker, tmp_path: Path) -> None:
    with pytest.raises(BrokerError, match="already in use") as error:
        start_local_broker(tmp_path / "second", local_broker.port, prefer=local_broker.kind)
    assert error.value.code == "LINK_BROKER"


def test_retained_status_and_commands_flow(local_broker: LocalBroker, peers: Peers) -> None:
    lane = peers.connected(_settings(local_broker), "lane-1")
    lane.subscribe(STORE.commands("lane-1"))
    lane.publish(STORE.status("lane-1"), status("lane-1", True), retain=True)

    station = peers.connected(_settings(local_broker), "station-1")
    station.subscribe(STORE.every_lane("status"))
    message = station.expect(STORE.status("lane-1"))
    assert message.retain
    assert message.payload == status("lane-1", True)

    station.publish(STORE.commands("lane-1"), b"approve")
    assert lane.expect(STORE.commands("lane-1")).payload == b"approve"


def test_the_last_will_marks_a_killed_lane_offline(
    local_broker: LocalBroker, peers: Peers,
) -> None:
    topic = STORE.status("lane-1")
    station = peers.connected(_settings(local_broker), "station-1")
    station.subscribe(topic)
    lane = LaneProcess(_settings(local_broker), "lane-1", topic,
                       will=status("lane-1", False), online=status("lane-1", True))
    try:
        lane.wait_online()
        station.expect(topic, status("lane-1", True))
    finally:
        lane.kill()

    station.expect(topic, status("lane-1", False))
    late = peers.connected(_settings(local_broker), "station-2")
    late.subscribe(topic)
    assert late.expect(topic).payload == status("lane-1", False)


def test_messages_wait_for_a_station_that_is_away(
    local_broker: LocalBroker, peers: Peers,
) -> None:
    # amqtt drops the queue of "anonymous" sessions; the demo's auth plugin avoids that.
    events = STORE.events("lane-1")
    station = peers.connected(_settings(local_broker), "station-1", clean_start=False)
    station.subscribe(events)
    station.disconnect()

    lane = peers.connected(_settings(local_broker), "lane-1")
    lane.publish(events, b"event 1")

    back = peers.connected(_settings(local_broker), "station-1", clean_start=False)
    assert back.session_present
    assert back.expect(events).payload == b"event 1"
