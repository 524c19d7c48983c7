"""Serial (RS-232, USB CDC-ACM "COM port emulation") barcode scanners sending AIM ids.

The frame is cut by ``devices.scanner.aim``; this module only owns the port
and the thread.  Bytes are taken as soon as they arrive (``read(1)`` then
whatever is waiting), so a scan is published when its suffix arrives, not
when the read timeout expires; the timeout only bounds how late the thread
notices ``stop`` and expires an incomplete frame.
"""

from __future__ import annotations

import threading
import time
from typing import Final

import serial

from devices.events import EventSink, Health, ScanEvent
from devices.lifecycle import Device
from devices.scanner.aim import Dropped, FrameDecoder, Framing, Scan
from devices.serialport import SerialSettings
from devices.worker import Backoff, PortWorker

# Factory setting of the common scanners' RS-232 interface: 9600 baud, 8N1, no
# handshake (Honeywell, Datalogic and Zebra programming guides agree).
SCANNER_SERIAL: Final = SerialSettings(
    baudrate=9600, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE,
    stopbits=serial.STOPBITS_ONE, timeout=0.05, write_timeout=1.0)


class SerialAimScanner(Device):
    """A scanner on a serial port (``/dev/tty*``, a pty, or ``socket://host:port``).

    ``claim`` starts the port thread (reconnecting with back-off when the port
    goes); scans are published only while the scanner is enabled, so a code
    scanned while the lane is closed is never added later.

    Events published: ``ScanEvent`` per frame; ``HealthEvent`` ONLINE when the
    port is open (a scanner says nothing until it scans, so an open port is
    all there is to check), OFFLINE when it is lost.
    Counters: ``scans``, ``bad_frames`` (frames and fragments dropped),
    ``dropped_bytes``, ``discarded`` (scans while disabled).
    """

    def __init__(self, device_id: str, sink: EventSink, url: str, *,
                 framing: Framing | None = None, settings: SerialSettings = SCANNER_SERIAL,
                 backoff: Backoff | None = None) -> None:
        super().__init__(device_id, sink)
        self.url = url
        self.framing = framing or Framing()
        self.settings = settings
        self.backoff = backoff or Backoff()
        self._decoder = FrameDecoder(self.framing)
        self._delivering = threading.Event()
        self._worker: PortWorker | None = None
        self.discarded = 0

    # -- counters --------------------------------------------------------------------

    @property
    def scans(self) -> int:
        return self._decoder.scans

    @property
    def bad_frames(self) -> int:
        return self._decoder.dropped

    @property
    def dropped_bytes(self) -> int:
        return self._decoder.dropped_bytes

    @property
    def connects(self) -> int:
        return self._worker.connects if self._worker is not None else 0

    # -- lifecycle hooks -----------------------------------------------------------------

    def _on_claim(self) -> None:
        self._worker = PortWorker(self, self.url, self.settings, self._session,
                                  backoff=self.backoff, name=f"scanner-{self.device_id}")
        self._worker.start()

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._set_health(Health.OFFLINE, "DEVICE_OFFLINE", "released")

    def _on_enable(self) -> None:
        self._delivering.set()

    def _on_disable(self) -> None:
        self._delivering.clear()

    # -- the port thread -------------------------------------------------------------------

    def _session(self, port: serial.SerialBase, stop: threading.Event) -> None:
        self._handle(self._decoder.discard("link lost in the middle of a frame"))
        self._set_health(Health.ONLINE)
        while not stop.is_set():
            chunk = port.read(1)  # returns at the first byte, or after settings.timeout
            if chunk:
                waiting = port.in_waiting
                if waiting:
                    chunk += port.read(waiting)
                for item in self._decoder.feed(chunk, time.monotonic()):
                    self._handle(item)
            else:
                self._handle(self._decoder.expire(time.monotonic()))

    def _handle(self, item: Scan | Dropped | None) -> None:
        if isinstance(item, Scan):
            if self._delivering.is_set():
                self.publish(ScanEvent(self.device_id, item.symbology, item.raw, item.text))
            else:
                self.discarded += 1
                self.log.info("scan while disabled discarded (%d bytes)", len(item.data))
        elif isinstance(item, Dropped):
            self.log.warning("dropped %d bytes: %s: %r", len(item.data), item.reason,
                             item.data[:64])
