"""What devices tell the rest of the lane: one family of immutable events.

Drivers publish these on an ``EventBus`` from their own threads; the kiosk
has one adapter that turns them into Qt signals on the UI thread.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pos.barcode import Symbology


def now_ns() -> int:
    return time.monotonic_ns()


class Health(Enum):
    ONLINE = "online"
    OFFLINE = "offline"  # not reachable; the driver keeps trying to reconnect
    ERROR = "error"  # reachable but not working (paper out, scale over capacity ...)


class WeightStatus(Enum):
    STABLE = "stable"
    UNSTABLE = "unstable"  # in motion: for display only, never for decisions
    ZERO = "zero"  # stable at zero
    UNDER_ZERO = "under_zero"
    OVER_CAPACITY = "over_capacity"
    NOT_READY = "not_ready"  # offline or not answering


@dataclass(frozen=True, slots=True)
class DeviceEvent:
    device_id: str


@dataclass(frozen=True, slots=True)
class ScanEvent(DeviceEvent):
    symbology: Symbology
    raw: bytes  # the frame as received, prefix and suffix included
    text: str  # the barcode data without prefix, AIM id and suffix
    at_ns: int = field(default_factory=now_ns)


@dataclass(frozen=True, slots=True)
class WeightEvent(DeviceEvent):
    status: WeightStatus
    grams: int | None  # None when the status carries no weight
    at_ns: int = field(default_factory=now_ns)

    @property
    def stable(self) -> bool:
        return self.status in (WeightStatus.STABLE, WeightStatus.ZERO)


@dataclass(frozen=True, slots=True)
class HealthEvent(DeviceEvent):
    health: Health
    code: str = ""  # a stable error code when not online
    reason: str = ""
    at_ns: int = field(default_factory=now_ns)


@dataclass(frozen=True, slots=True)
class PrinterStatusEvent(DeviceEvent):
    online: bool | None  # None: unknown (the printer did not answer)
    cover_open: bool | None = None
    paper_near_end: bool | None = None
    paper_out: bool | None = None
    cutter_error: bool | None = None
    at_ns: int = field(default_factory=now_ns)

    @property
    def can_print(self) -> bool:
        return bool(self.online) and not self.cover_open and not self.paper_out \
            and not self.cutter_error


@dataclass(frozen=True, slots=True)
class PaymentEvent(DeviceEvent):
    """Progress or the outcome of a payment terminal operation."""

    kind: str  # "progress", "approved", "declined", "aborted", "unknown", "print"
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    at_ns: int = field(default_factory=now_ns)


EventSink = Callable[[DeviceEvent], None]


class EventBus:
    """The one channel out of the device layer: a thread-safe queue of events."""

    def __init__(self) -> None:
        self._queue: queue.Queue[DeviceEvent] = queue.Queue()

    def publish(self, event: DeviceEvent) -> None:
        self._queue.put(event)

    def get(self, timeout: float | None = None) -> DeviceEvent:
        """The next event; raises ``queue.Empty`` after ``timeout`` seconds."""
        return self._queue.get(timeout=timeout)

    def wait_for(self, predicate: Callable[[DeviceEvent], bool], timeout: float,
                 ) -> DeviceEvent:
        """The next event matching ``predicate``, skipping others; ``queue.Empty`` on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise queue.Empty
            event = self._queue.get(timeout=remaining)
            if predicate(event):
                return event
