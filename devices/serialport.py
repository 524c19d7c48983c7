"""Serial ports as typed data, opened through ``serial.serial_for_url``.

So ``/dev/ttyUSB0``, ``/dev/serial/by-id/...``, a pty from a simulator and
``socket://127.0.0.1:N`` all open the same way.  Ports are opened only by
``open_port`` (a context manager), never lazily.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import serial

from devices.errors import DeviceNotFound


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """The line settings of one wire protocol (its manual's values)."""

    baudrate: int = 9600
    bytesize: int = serial.EIGHTBITS
    parity: str = serial.PARITY_NONE
    stopbits: float = serial.STOPBITS_ONE
    timeout: float = 0.1  # read timeout: how often a reader loop wakes to check for stop
    write_timeout: float = 1.0


@contextlib.contextmanager
def open_port(url: str, settings: SerialSettings) -> Iterator[serial.SerialBase]:
    """Open ``url`` with ``settings``; raises ``DeviceNotFound`` when it is not there."""
    try:
        port = serial.serial_for_url(
            url, baudrate=settings.baudrate, bytesize=settings.bytesize,
            parity=settings.parity, stopbits=settings.stopbits, timeout=settings.timeout,
            write_timeout=settings.write_timeout, do_not_open=True)
        # A pty refuses modem-control lines; pyserial sets them on open unless told not to.
        port.dsrdtr = False
        port.rtscts = False
        port.open()
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceNotFound(f"cannot open {url}: {exc}") from exc
    try:
        yield port
    finally:
        with contextlib.suppress(serial.SerialException, OSError):
            port.close()
