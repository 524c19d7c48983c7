"""The station's side of the MQTT link: every lane's status, events and replies in,
commands and the operator list out.

Callbacks run on paho's network thread; ``attendant.app`` hands them to the
Qt thread.  A message that does not decode is counted and logged with its
topic, never passed on.  The station's session is persistent (see
``kiosk.mqtt``), so events and replies published while it was away arrive
when it returns; status is retained, so a late station sees every lane at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt

from kiosk.config import BrokerSection
from kiosk.mqtt import make_client
from pos.messages import (
    Command,
    LaneEvent,
    LaneStatus,
    MessageError,
    Reply,
    Topics,
    decode_event,
    decode_reply,
    decode_status,
)

log = logging.getLogger(__name__)


class StationLink:
    def __init__(self, *, store: str, station: str, broker: BrokerSection,
                 on_status: Callable[[LaneStatus], None],
                 on_event: Callable[[LaneEvent], None],
                 on_reply: Callable[[Reply], None],
                 on_connection: Callable[[bool, str], None] = lambda _up, _why: None,
                 client_id: str | None = None) -> None:
        self.topics = Topics(store)
        self.station = station
        self.broker = broker
        self._on_status = on_status
        self._on_event = on_event
        self._on_reply = on_reply
        self._on_connection = on_connection
        self._client = make_client(broker, client_id or f"sco-{store}-{station}")
        self._client.on_connect = self._connected
        self._client.on_disconnect = self._disconnected
        self._client.on_message = self._message
        self._client.reconnect_delay_set(min_delay=1, max_delay=10)
        self._client.max_queued_messages_set(0)
        self._up = threading.Event()
        self._stopping = False
        self.bad_messages = 0
        self.log = logging.LoggerAdapter(log, {"station": station})

    def start(self) -> None:
        self._client.connect_async(self.broker.host, self.broker.port,
                                   keepalive=int(self.broker.keepalive_s))
        self._client.loop_start()

    def stop(self) -> None:
        self._stopping = True
        self._client.disconnect()
        self._client.loop_stop()

    @property
    def connected(self) -> bool:
        return self._up.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._up.wait(timeout)

    def send(self, command: Command) -> bool:
        """Hand the command to the broker (QoS 1); False when the broker is not reachable now.

        A command is not queued for later: an attendant acting on what the screen
        showed a minute ago should press again, seeing the lane as it is now.
        """
        if not self._up.is_set():
            return False
        info = self._client.publish(self.topics.commands(command.lane), command.encode(), qos=1)
        return info.rc == mqtt.MQTT_ERR_SUCCESS

    def publish_operators(self, payload: bytes, timeout: float = 5.0) -> bool:
        """The operator list for lanes (retained); True once the broker has it."""
        info = self._client.publish(self.topics.operators, payload, qos=1, retain=True)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            return False
        try:
            info.wait_for_publish(timeout)
        except (RuntimeError, ValueError):
            return False
        return info.is_published()

    # -- paho's thread ------------------------------------------------------------------------

    def _connected(self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any,
                   _properties: Any) -> None:
        if reason.is_failure:
            self.log.warning("broker refused the connection: %s", reason)
            self._on_connection(False, f"the broker refused the station: {reason}")
            return
        client.subscribe([(self.topics.every_lane(kind), 1)
                          for kind in ("status", "events", "replies")])
        self._up.set()
        self.log.info("connected to the broker at %s:%s", self.broker.host, self.broker.port)
        self._on_connection(True, "")

    def _disconnected(self, _client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any,
                      _properties: Any) -> None:
        self._up.clear()
        if not self._stopping:
            self.log.warning("lost the broker: %s", reason)
            self._on_connection(False, f"no connection to the broker ({reason})")

    def _message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        payload = bytes(message.payload)
        try:
            lane, kind = self.topics.parse(message.topic)
            if kind == "status":
                status = decode_status(payload)
                _same_lane(lane, status.lane)
                self._on_status(status)
            elif kind == "events":
                event = decode_event(payload)
                _same_lane(lane, event.lane)
                self._on_event(event)
            elif kind == "replies":
                reply = decode_reply(payload)
                _same_lane(lane, reply.lane)
                self._on_reply(reply)
        except MessageError as exc:
            self.bad_messages += 1
            self.log.warning("ignored a message on %s: %s %s", message.topic, exc.code,
                             exc.message)


def _same_lane(topic_lane: str, claimed: str) -> None:
    # The broker's ACL lets a lane publish only under its own topics; a payload that
    # claims another lane is a forgery or a bug, either way not believed.
    if topic_lane != claimed:
        raise MessageError(f"a message on {topic_lane}'s topic claims to be from {claimed}")

