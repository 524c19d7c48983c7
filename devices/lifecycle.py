"""The device lifecycle after UnifiedPOS: closed -> opened -> claimed -> enabled.

``open`` finds the device and prepares it, ``claim`` takes it exclusively
(the port is opened here), ``enable`` lets it deliver events.  Steps out of
order raise ``DeviceStateError``; going down the ladder is always allowed.
"""

from __future__ import annotations

import logging
import threading
from enum import IntEnum

from devices.errors import DeviceStateError
from devices.events import EventSink, Health, HealthEvent


class DeviceState(IntEnum):
    CLOSED = 0
    OPENED = 1
    CLAIMED = 2
    ENABLED = 3


class Device:
    """Base of every driver: lifecycle, health, and the event sink.

    Subclasses implement ``_on_claim``/``_on_release`` (take and give back the
    hardware) and ``_on_enable``/``_on_disable`` (start and stop delivering).
    """

    def __init__(self, device_id: str, sink: EventSink) -> None:
        self.device_id = device_id
        self._sink = sink
        self._state = DeviceState.CLOSED
        self._health = Health.OFFLINE
        self._health_reason = ""
        self._lock = threading.RLock()
        self.log = logging.LoggerAdapter(logging.getLogger(type(self).__module__),
                                         {"device": device_id})

    # -- lifecycle ----------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        self._step(DeviceState.CLOSED, DeviceState.OPENED)

    def claim(self) -> None:
        with self._lock:
            self._require(DeviceState.OPENED)
            self._on_claim()
            self._state = DeviceState.CLAIMED

    def enable(self) -> None:
        with self._lock:
            self._require(DeviceState.CLAIMED)
            self._on_enable()
            self._state = DeviceState.ENABLED

    def disable(self) -> None:
        with self._lock:
            if self._state is DeviceState.ENABLED:
                self._on_disable()
                self._state = DeviceState.CLAIMED

    def release(self) -> None:
        with self._lock:
            self.disable()
            if self._state is DeviceState.CLAIMED:
                self._on_release()
                self._state = DeviceState.OPENED

    def close(self) -> None:
        with self._lock:
            self.release()
            self._state = DeviceState.CLOSED

    def start(self) -> None:
        """Open, claim and enable: what a lane does at start-up."""
        self.open()
        self.claim()
        self.enable()

    def __enter__(self) -> Device:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _step(self, before: DeviceState, after: DeviceState) -> None:
        with self._lock:
            self._require(before)
            self._state = after

    def _require(self, state: DeviceState) -> None:
        if self._state is not state:
            raise DeviceStateError(
                f"{self.device_id} is {self._state.name.lower()}, expected "
                f"{state.name.lower()}")

    # -- hooks ---------------------------------------------------------------------

    def _on_claim(self) -> None:
        """Take the hardware (open the port)."""

    def _on_release(self) -> None:
        """Give the hardware back (close the port)."""

    def _on_enable(self) -> None:
        """Start delivering events."""

    def _on_disable(self) -> None:
        """Stop delivering events."""

    # -- health ---------------------------------------------------------------------

    @property
    def health(self) -> Health:
        return self._health

    @property
    def health_reason(self) -> str:
        return self._health_reason

    def _set_health(self, health: Health, code: str = "", reason: str = "") -> None:
        if (health, reason) == (self._health, self._health_reason):
            return
        self._health = health
        self._health_reason = reason
        if health is Health.ONLINE:
            self.log.info("online")
        else:
            self.log.warning("%s: %s %s", health.value, code, reason)
        self._sink(HealthEvent(self.device_id, health, code, reason))

    def publish(self, event: object) -> None:
        self._sink(event)  # type: ignore[arg-type]
