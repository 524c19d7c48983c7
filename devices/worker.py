"""A device's own thread: keep the port open, reconnect with back-off when it goes.

A driver gives a ``session`` function that runs while the port is open and
returns or raises when the link is lost; the worker marks the device offline,
waits (doubling the wait up to a limit), and opens the port again.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

import serial

from devices.errors import DeviceError
from devices.events import Health
from devices.lifecycle import Device
from devices.serialport import SerialSettings, open_port


@dataclass(frozen=True, slots=True)
class Backoff:
    initial_s: float = 0.2
    factor: float = 2.0
    max_s: float = 5.0
    jitter: float = 0.1  # +/- share of the delay, so many lanes do not retry in step

    def delays(self) -> Callable[[], float]:
        delay = self.initial_s

        def next_delay() -> float:
            nonlocal delay
            current = delay * (1 + random.uniform(-self.jitter, self.jitter))
            delay = min(self.max_s, delay * self.factor)
            return current

        return next_delay


Session = Callable[[serial.SerialBase, threading.Event], None]


class PortWorker:
    """Runs ``session`` on ``url`` in a thread until stopped, reconnecting as needed."""

    def __init__(self, device: Device, url: str, settings: SerialSettings, session: Session,
                 *, backoff: Backoff | None = None, name: str = "") -> None:
        self.device = device
        self.url = url
        self.settings = settings
        self.session = session
        self.backoff = backoff or Backoff()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name or f"{device.device_id}",
                                        daemon=True)
        self.connects = 0  # how many times the port was (re)opened: for tests and status

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        next_delay = self.backoff.delays()
        while not self._stop.is_set():
            try:
                with open_port(self.url, self.settings) as port:
                    self.connects += 1
                    next_delay = self.backoff.delays()
                    self.session(port, self._stop)
            except DeviceError as exc:
                self.device._set_health(Health.OFFLINE, exc.code, exc.message)
            except (serial.SerialException, OSError) as exc:
                self.device._set_health(Health.OFFLINE, "DEVICE_OFFLINE", str(exc))
            if not self._stop.is_set():
                self._stop.wait(next_delay())
