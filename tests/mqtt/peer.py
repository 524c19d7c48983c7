"""A lane or station as the broker sees it: a paho client built by ``make_client``.

Tests wait on what the client reports (CONNACK, SUBACK, PUBACK, a message)
with a bounded timeout, never for a guessed time.  A "must not arrive" check
is made deterministic by ordering: the forbidden message is published and
acknowledged first, then a legitimate one on the same subscription; once the
legitimate one has arrived, the forbidden one would have arrived before it.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.reasoncodes import ReasonCode

from kiosk.config import BrokerSection
from kiosk.mqtt import make_client

TIMEOUT_S = 10.0  # an upper bound for things that take milliseconds
REPO = Path(__file__).resolve().parents[2]


class Peer:
    """One MQTT client on its own network thread (paho's ``loop_start``)."""

    def __init__(self, settings: BrokerSection, client_id: str, *,
                 will: tuple[str, bytes] | None = None, clean_start: bool = False) -> None:
        self.settings = settings
        self.client = make_client(settings, client_id, will=will, clean_start=clean_start)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self._lock = threading.Condition()
        self._connack: ReasonCode | None = None
        self.session_present = False
        self._closed = False  # the connection ended (before or after CONNACK)
        self._subacks: dict[int, list[ReasonCode]] = {}
        self.messages: list[mqtt.MQTTMessage] = []

    # -- callbacks (paho's network thread) ---------------------------------------------

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: mqtt.ConnectFlags,
                    reason: ReasonCode, properties: Any) -> None:
        with self._lock:
            self._connack = reason
            self.session_present = flags.session_present
            self._lock.notify_all()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: mqtt.DisconnectFlags,
                       reason: ReasonCode, properties: Any) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int,
                      reasons: list[ReasonCode], properties: Any) -> None:
        with self._lock:
            self._subacks[mid] = list(reasons)
            self._lock.notify_all()

    def _on_message(self, client: mqtt.Client, userdata: Any,
                    message: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()

    # -- what tests call -----------------------------------------------------------

    def _wait(self, ready: Callable[[], bool], what: str, timeout: float) -> None:
        with self._lock:
            if not self._lock.wait_for(ready, timeout):
                raise TimeoutError(f"{what} did not happen within {timeout} s")

    def connect(self, timeout: float = TIMEOUT_S) -> ReasonCode:
        """Connect and return the CONNACK reason code (success or refusal).

        Raises ``ConnectionError`` when the connection closed before any CONNACK
        (a TLS listener reading plain MQTT), ``ssl.SSLError`` from the handshake.
        """
        self.client.connect(self.settings.host, self.settings.port, self.settings.keepalive_s)
        self.client.loop_start()
        self._wait(lambda: self._connack is not None or self._closed, "CONNACK", timeout)
        if self._connack is None:
            raise ConnectionError("the broker closed the connection before any CONNACK")
        return self._connack

    def subscribe(self, topic: str, qos: int = 1, timeout: float = TIMEOUT_S) -> ReasonCode:
        """Subscribe and return the SUBACK reason code (granted QoS, or a failure)."""
        result, mid = self.client.subscribe(topic, qos)
        assert result == mqtt.MQTT_ERR_SUCCESS, mqtt.error_string(result)
        assert mid is not None
        self._wait(lambda: mid in self._subacks, f"SUBACK for {topic}", timeout)
        return self._subacks[mid][0]

    def publish(self, topic: str, payload: bytes, *, retain: bool = False,
                timeout: float = TIMEOUT_S) -> None:
        """Publish at QoS 1 and return once the broker acknowledged it (PUBACK).

        Mosquitto acknowledges a publish its ACL denies too, and drops it:
        the PUBACK says the broker took it, not that anyone may read it.
        """
        info = self.client.publish(topic, payload, qos=1, retain=retain)
        info.wait_for_publish(timeout)
        if not info.is_published():
            raise TimeoutError(f"no PUBACK for {topic} within {timeout} s")

    def expect(self, topic: str, payload: bytes | None = None,
               timeout: float = TIMEOUT_S) -> mqtt.MQTTMessage:
        """The first message received on ``topic`` (with ``payload``, if given)."""
        def found() -> mqtt.MQTTMessage | None:
            for message in self.messages:
                if message.topic == topic and payload in (None, message.payload):
                    return message
            return None

        self._wait(lambda: found() is not None, f"a message on {topic}", timeout)
        message = found()
        assert message is not None
        return message

    def received(self, topic: str) -> list[bytes]:
        """Payloads received so far on ``topic``, in order."""
        with self._lock:
            return [bytes(m.payload) for m in self.messages if m.topic == topic]

    def disconnect(self, timeout: float = TIMEOUT_S) -> None:
        """Say goodbye (DISCONNECT: no last will) and stop the network thread."""
        if self.client.is_connected():
            self.client.disconnect()
            self._wait(lambda: self._closed, "disconnect", timeout)
        self.client.loop_stop()

    def close(self) -> None:
        """Stop the client whatever its state; paho retries a refused connection until then."""
        self.client.disconnect()
        self.client.loop_stop()


class Peers:
    """Makes peers and closes every one of them when the test ends (the ``peers`` fixture)."""

    def __init__(self) -> None:
        self._made: list[Peer] = []

    def __call__(self, settings: BrokerSection, client_id: str, *,
                 will: tuple[str, bytes] | None = None, clean_start: bool = False) -> Peer:
        peer = Peer(settings, client_id, will=will, clean_start=clean_start)
        self._made.append(peer)
        return peer

    def connected(self, settings: BrokerSection, client_id: str, *,
                  clean_start: bool = True) -> Peer:
        """A peer whose connection the broker accepted."""
        peer = self(settings, client_id, clean_start=clean_start)
        reason = peer.connect()
        assert reason.value == 0, f"{settings.username or 'anonymous'} refused: {reason}"
        return peer

    def close_all(self) -> None:
        for peer in self._made:
            peer.close()


# A lane in another process: SIGKILL closes its socket without DISCONNECT, as a
# crash or a pulled cable would (after the keep-alive), so the broker must
# publish its last will.
_LANE_PROCESS = """
import sys
from kiosk.config import BrokerSection
from kiosk.mqtt import make_client

settings = BrokerSection.model_validate_json(sys.argv[1])
client = make_client(settings, sys.argv[2], will=(sys.argv[3], sys.argv[4].encode()))

def on_connect(client, userdata, flags, reason, properties):
    client.publish(sys.argv[3], sys.argv[5].encode(), qos=1, retain=True)

def on_publish(client, userdata, mid, reason, properties):
    print("online", flush=True)

client.on_connect = on_connect
client.on_publish = on_publish
client.connect(settings.host, settings.port, settings.keepalive_s)
client.loop_forever()
"""


class LaneProcess:
    """A lane in a child process that publishes a retained online status, then waits."""

    def __init__(self, settings: BrokerSection, client_id: str, status_topic: str,
                 will: bytes, online: bytes) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LANE_PROCESS, settings.model_dump_json(), client_id,
             status_topic, will.decode(), online.decode()],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )

    def wait_online(self, timeout: float = TIMEOUT_S) -> None:
        """Return once the child's retained status was acknowledged by the broker."""
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.kill()
                raise TimeoutError(f"the lane process did not come online within {timeout} s")
        line = self.process.stdout.readline()
        if line.strip() != b"online":
            self.kill()
            stderr = self.process.stderr.read() if self.process.stderr else b""
            raise RuntimeError(f"the lane process failed: {line!r} {stderr.decode()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def status(lane: str, online: bool) -> bytes:
    """A small status payload; the link's real codec is tested elsewhere."""
    return json.dumps({"lane": lane, "online": online}).encode()
