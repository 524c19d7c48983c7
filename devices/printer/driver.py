"""The ESC/POS receipt printer driver: status we decode ourselves, receipts that are confirmed.

Threading: the driver owns one worker thread per printer and a job queue.
The thread holds the connection, so a status request and a receipt never
interleave on the wire; it reconnects with back-off when the printer goes,
polls the status while idle and publishes ``PrinterStatusEvent`` (when the
status changes) and ``HealthEvent``.  Callers on the UI thread use
``submit_receipt``/``submit_status`` (a ``concurrent.futures.Future``);
``print_receipt``/``status`` wait for that future and suit a caller that is
already off the UI thread (the lane core's payment worker, tests, benches).

Status: DLE EOT 1..4 sent over the raw connection and decoded with
``escpos_codec.PrinterStatus``.  python-escpos' ``paper_status()`` is not
used: it reports "paper OK" when the printer answers nothing.  Here silence
is *unknown* (``online=None``) and the lane treats it as "cannot print".

A receipt is printed only when the status says the printer can print
(otherwise ``PrinterPaperOut``, ``PrinterCoverOpen``, ``PrinterOffline``,
``PrinterUnknown`` or ``PrinterFault``).  The receipt is followed by GS r 1,
which the printer answers only after everything before it has been printed,
and never while stopped by a paper end.  Until that answer comes, the driver
checks the real-time status every ``check_interval_s``; a paper end seen
there raises ``PrinterPaperOutDuring`` so the lane offers a digital receipt.

Connections go through python-escpos' ``Network`` (TCP 9100), ``Serial`` and
``Usb`` connectors, opened with explicit timeouts; reads with a timeout are
done here on the connector's socket, port or USB device.  python-escpos is
imported when a connector is first opened, on the printer's thread: its
import (every connector, CUPS and Windows ones included) is a tenth of a
second the kiosk's start would otherwise wait for.  Its printer database is
read from a pickle that ``escpos_cache`` prepares (on the thread that builds
the driver, before any escpos import).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import queue
import select
import socket
import termios
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import serial
import usb.core

from devices.errors import DeviceError, DeviceNotFound, DeviceOffline, DeviceStateError
from devices.events import EventSink, Health, PrinterStatusEvent
from devices.lifecycle import Device, DeviceState
from devices.printer import escpos_cache
from devices.printer import escpos_codec as codec
from devices.printer.escpos_codec import (
    PrinterError,
    PrinterOffline,
    PrinterPaperOutDuring,
    PrinterStatus,
    PrinterUnknown,
)
from devices.printer.render import ReceiptStyle, render_receipt
from devices.worker import Backoff
from pos.receipt import Receipt

# -- where the printer is ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetworkTarget:
    host: str
    port: int = 9100  # raw printing ("JetDirect") port of Ethernet ESC/POS printers


@dataclass(frozen=True, slots=True)
class SerialTarget:
    device: str  # /dev/ttyUSB0, /dev/serial/by-id/..., or a simulator's pty
    baudrate: int = 38400  # Epson TM-T88 factory setting; check the printer's DIP switches
    bytesize: int = serial.EIGHTBITS
    parity: str = serial.PARITY_NONE
    stopbits: int = serial.STOPBITS_ONE
    dsrdtr: bool = False  # pyserial has no DSR/DTR flow control on POSIX; leave the lines alone


@dataclass(frozen=True, slots=True)
class UsbTarget:
    vendor_id: int
    product_id: int
    in_ep: int = 0x82  # python-escpos' defaults, right for Epson TM printers
    out_ep: int = 0x01


PrinterTarget = NetworkTarget | SerialTarget | UsbTarget


def target_from_url(url: str) -> PrinterTarget:
    """``socket://host:port`` or ``tcp://host[:port]``, ``usb://04b8:0202``,
    ``serial:///dev/ttyUSB0?baudrate=19200`` or a bare device path."""
    parts = urlsplit(url)
    if parts.scheme in ("socket", "tcp"):
        if not parts.hostname:
            raise ValueError(f"no host in {url!r}")
        return NetworkTarget(parts.hostname, parts.port or 9100)
    if parts.scheme == "usb":
        vendor, _, product = parts.netloc.partition(":")
        return UsbTarget(int(vendor, 16), int(product, 16))
    if parts.scheme in ("serial", ""):
        query = parse_qs(parts.query)
        if "baudrate" in query:
            return SerialTarget(parts.path, baudrate=int(query["baudrate"][0]))
        return SerialTarget(parts.path)
    raise ValueError(f"unsupported printer address {url!r}")


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    style: ReceiptStyle = field(default_factory=ReceiptStyle)
    connect_timeout_s: float = 3.0
    write_timeout_s: float = 10.0
    status_timeout_s: float = 1.0  # for the four DLE EOT answers together
    print_timeout_s: float = 30.0  # for the receipt to be out (the GS r 1 answer)
    check_interval_s: float = 0.5  # real-time status checks while a receipt prints
    poll_interval_s: float = 5.0  # status checks while idle
    confirm_printed: bool = True  # False for printers without GS r: status right after sending


# -- the connection ------------------------------------------------------------------------


class Link(Protocol):
    def write(self, data: bytes) -> None: ...

    def read(self, timeout: float) -> bytes:
        """What came within ``timeout`` (b"" if nothing); ``DeviceOffline`` if the link is gone."""
        ...

    def close(self) -> None: ...


class NetworkLink:
    def __init__(self, target: NetworkTarget, settings: PrinterSettings) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network  # on the printer's thread (see above)

        self.printer: Any = Network(target.host, target.port, timeout=settings.connect_timeout_s)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise DeviceNotFound(f"no printer at {target.host}:{target.port}") from exc
        self._sock: socket.socket = self.printer.device
        self._sock.settimeout(settings.write_timeout_s)  # applies to sendall in _raw

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except OSError as exc:
            raise DeviceOffline(f"printer connection lost: {exc}") from exc

    def read(self, timeout: float) -> bytes:
        try:
            ready, _, _ = select.select([self._sock], [], [], max(0.0, timeout))
            if not ready:
                return b""
            data = self._sock.recv(256)
        except (OSError, ValueError) as exc:
            raise DeviceOffline(f"printer connection lost: {exc}") from exc
        if not data:
            raise DeviceOffline("the printer closed the connection")
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.printer.close()


class SerialLink:
    def __init__(self, target: SerialTarget, settings: PrinterSettings) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Serial

        self.printer: Any = Serial(
            devfile=target.device, baudrate=target.baudrate, bytesize=target.bytesize,
            timeout=settings.status_timeout_s, parity=target.parity, stopbits=target.stopbits,
            dsrdtr=target.dsrdtr)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise DeviceNotFound(f"no printer on {target.device}") from exc
        self._port: serial.Serial = self.printer.device
        self._port.write_timeout = settings.write_timeout_s

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except (serial.SerialException, OSError) as exc:
            raise DeviceOffline(f"printer port lost: {exc}") from exc

    def read(self, timeout: float) -> bytes:
        # Serial.read(n) waits for all n bytes; take what is there, else wait for one.
        try:
            waiting = self._port.in_waiting
            if waiting:
                return bytes(self._port.read(waiting))
            self._port.timeout = max(0.0, timeout)
            first = bytes(self._port.read(1))
            return first + bytes(self._port.read(self._port.in_waiting)) if first else b""
        except (serial.SerialException, OSError) as exc:
            raise DeviceOffline(f"printer port lost: {exc}") from exc

    def close(self) -> None:
        # Serial.close() flushes first, which fails on a vanished port and leaves the
        # connector "open" (its __del__ then fails again): close the port ourselves.
        try:
            self.printer.close()
        except (serial.SerialException, OSError, termios.error):
            with contextlib.suppress(serial.SerialException, OSError):
                self._port.close()
            self.printer._device = False


class UsbLink:
    def __init__(self, target: UsbTarget, settings: PrinterSettings) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        usb_args: dict[str, Any] = {}
        with contextlib.suppress(ImportError):
            import libusb_package  # the libusb that the wheel ships, if the system has none

            usb_args["backend"] = libusb_package.get_libusb1_backend()
        self.printer: Any = Usb(target.vendor_id, target.product_id, usb_args=usb_args,
                                timeout=int(settings.write_timeout_s * 1000),  # ms; 0 = forever
                                in_ep=target.in_ep, out_ep=target.out_ep)
        try:
            self.printer.open()
        except (DeviceNotFoundError, usb.core.NoBackendError) as exc:
            raise DeviceNotFound(
                f"no USB printer {target.vendor_id:04x}:{target.product_id:04x}: {exc}") from exc
        self._usb: Any = self.printer.device
        self._in_ep = target.in_ep

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except usb.core.USBError as exc:
            raise DeviceOffline(f"USB printer lost: {exc}") from exc

    def read(self, timeout: float) -> bytes:
        try:
            return bytes(self._usb.read(self._in_ep, 64, timeout=max(1, int(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise DeviceOffline(f"USB printer lost: {exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(usb.core.USBError):
            self.printer.close()


def open_link(target: PrinterTarget, settings: PrinterSettings) -> Link:
    if isinstance(target, NetworkTarget):
        return NetworkLink(target, settings)
    if isinstance(target, SerialTarget):
        return SerialLink(target, settings)
    return UsbLink(target, settings)


# -- what comes back -----------------------------------------------------------------------


class Responses:
    """Sorts the bytes a printer sends: DLE EOT answers, GS r answers, and anything else.

    ``garbage`` counts bytes that are neither (logged); ``stale`` counts
    status answers that came too late for the request that asked for them.
    """

    def __init__(self, link: Link, log: logging.LoggerAdapter[logging.Logger]) -> None:
        self.link = link
        self.log = log
        self.status: list[int] = []
        self.printed = 0  # GS r 1 answers: receipts confirmed out
        self.garbage = 0
        self.stale = 0

    def take(self, data: bytes) -> None:
        bad = 0
        for byte in data:
            if codec.is_realtime_status(byte):
                self.status.append(byte)
            elif codec.is_paper_sensor_answer(byte):
                self.printed += 1
            else:
                bad += 1
        if bad:
            self.garbage += bad
            self.log.warning("%d bytes that are no status answer: %s", bad, data.hex(" "))

    def poll(self, timeout: float) -> None:
        self.take(self.link.read(timeout))

    def drain(self) -> None:
        for _ in range(64):  # bounded: a babbling line must not hold the thread
            data = self.link.read(0)
            if not data:
                break
            self.take(data)
        self.stale += len(self.status)
        self.status.clear()

    def collect_status(self, count: int, timeout: float) -> list[int]:
        deadline = time.monotonic() + timeout
        while len(self.status) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.poll(remaining)
        answers, self.status = self.status[:count], self.status[count:]
        return answers


# -- the driver ----------------------------------------------------------------------------


@dataclass
class _Job:
    kind: str  # "status" or "print"
    future: concurrent.futures.Future[Any]
    receipt: Receipt | None = None


def _event_key(event: PrinterStatusEvent) -> tuple[bool | None, ...]:
    return (event.online, event.cover_open, event.paper_near_end, event.paper_out,
            event.cutter_error)


class EscPosPrinter(Device):
    """An ESC/POS receipt printer on TCP, serial or USB.

    Events (on the sink, from the printer's own thread):
      PrinterStatusEvent: whenever the decoded status changes (online=None: unknown).
      HealthEvent: ONLINE when it can print; ERROR with the PrinterError code when it
        answers but cannot print; OFFLINE with DEVICE_NOT_FOUND/DEVICE_OFFLINE when the
        connection is down, or PRINTER_UNKNOWN when it does not answer.
    """

    def __init__(self, device_id: str, sink: EventSink, target: PrinterTarget | str,
                 settings: PrinterSettings | None = None, *, backoff: Backoff | None = None,
                 ) -> None:
        super().__init__(device_id, sink)
        self.target = target_from_url(target) if isinstance(target, str) else target
        self.settings = settings or PrinterSettings()
        self.backoff = backoff or Backoff()
        self.connects = 0
        self.garbage_bytes = 0
        self.stale_answers = 0
        self._last_event = PrinterStatusEvent(device_id, online=None)
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._responses: Responses | None = None
        escpos_cache.prepare()  # here, not on the printer's thread: it may set os.environ

    # -- public API -------------------------------------------------------------------------

    @property
    def last_status(self) -> PrinterStatusEvent:
        return self._last_event

    def submit_status(self) -> concurrent.futures.Future[PrinterStatus]:
        """Ask the printer now; the future holds the decoded answers (unknown when silent)."""
        return self._submit(_Job("status", concurrent.futures.Future()), DeviceState.CLAIMED)

    def status(self, timeout: float | None = None) -> PrinterStatusEvent:
        wait = timeout if timeout is not None else self.settings.status_timeout_s + 10.0
        try:
            status: PrinterStatus = self.submit_status().result(wait)
        except concurrent.futures.TimeoutError:
            status = codec.UNKNOWN_STATUS
        return status.to_event(self.device_id)

    def submit_receipt(self, receipt: Receipt) -> concurrent.futures.Future[None]:
        """Print in the background; the future fails with a ``PrinterError`` (see ``code``)."""
        job = _Job("print", concurrent.futures.Future(), receipt)
        return self._submit(job, DeviceState.ENABLED)

    def print_receipt(self, receipt: Receipt, timeout: float | None = None) -> None:
        """Print ``receipt`` and return once it is out; raises a ``PrinterError`` otherwise.

        Blocks: call it from a worker thread, or use ``submit_receipt`` on the UI thread.
        """
        s = self.settings
        wait = timeout if timeout is not None else (
            s.write_timeout_s + s.print_timeout_s + 3 * s.status_timeout_s + 10.0)
        try:
            self.submit_receipt(receipt).result(wait)
        except concurrent.futures.TimeoutError as exc:
            raise PrinterUnknown(f"no outcome from {self.device_id} within {wait:.0f} s") from exc

    def _submit(self, job: _Job, needs: DeviceState) -> concurrent.futures.Future[Any]:
        if self.state < needs:
            raise DeviceStateError(f"{self.device_id} is {self.state.name.lower()}, expected "
                                   f"{needs.name.lower()}")
        self._jobs.put(job)
        return job.future

    # -- lifecycle -----------------------------------------------------------------------------

    def _on_claim(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.device_id, daemon=True)
        self._thread.start()

    def _on_release(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(self.settings.write_timeout_s + self.settings.print_timeout_s)
        self._fail_waiting("the printer was released")

    # -- the thread ----------------------------------------------------------------------------

    def _run(self) -> None:
        next_delay = self.backoff.delays()
        while not self._stop.is_set():
            try:
                link = open_link(self.target, self.settings)
            except DeviceError as exc:
                self._lost(exc)
                self._wait_offline(next_delay())
                continue
            self.connects += 1
            next_delay = self.backoff.delays()
            self._responses = Responses(link, self.log)
            try:
                self._serve(link)
            except DeviceError as exc:
                self._lost(exc)
            finally:
                self._count(self._responses)
                link.close()
            if not self._stop.is_set():
                self._wait_offline(next_delay())

    def _serve(self, link: Link) -> None:
        self._query(link)
        while not self._stop.is_set():
            try:
                job = self._jobs.get(timeout=self.settings.poll_interval_s)
            except queue.Empty:
                self._query(link)
                continue
            if job is None:
                return
            self._run_job(link, job)

    def _run_job(self, link: Link, job: _Job) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        try:
            if job.kind == "status":
                job.future.set_result(self._query(link))
            else:
                assert job.receipt is not None
                self._print(link, job.receipt)
                job.future.set_result(None)
        except PrinterError as exc:
            self.log.warning("%s: %s", exc.code, exc.message)
            job.future.set_exception(exc)
        except DeviceError as exc:  # the link went while we were at it
            job.future.set_exception(PrinterOffline(
                f"connection lost ({exc.message}); the receipt may be incomplete"))
            raise

    def _wait_offline(self, delay: float) -> None:
        """Wait before reconnecting, answering jobs at once: nobody waits for a dead printer."""
        deadline = time.monotonic() + delay
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                job = self._jobs.get(timeout=remaining)
            except queue.Empty:
                return
            if job is None:
                return
            self._refuse(job, "the printer is not connected")

    def _refuse(self, job: _Job, why: str) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        if job.kind == "status":
            job.future.set_result(codec.UNKNOWN_STATUS)
        else:
            job.future.set_exception(PrinterOffline(f"{self.device_id}: {why}"))

    def _fail_waiting(self, why: str) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                self._refuse(job, why)

    def _count(self, responses: Responses | None) -> None:
        if responses is not None:
            self.garbage_bytes += responses.garbage
            self.stale_answers += responses.stale
            responses.garbage = responses.stale = 0

    # -- status --------------------------------------------------------------------------------

    def _query(self, link: Link) -> PrinterStatus:
        responses = self._responses
        assert responses is not None
        responses.drain()
        link.write(codec.ALL_STATUS_REQUESTS)
        answers = responses.collect_status(4, self.settings.status_timeout_s)
        self._count(responses)
        status = PrinterStatus.from_answers(answers)
        if 0 < len(answers) < 4:
            self.log.warning("only %d of 4 status answers", len(answers))
        self._publish(status)
        return status

    def _publish(self, status: PrinterStatus) -> None:
        event = status.to_event(self.device_id)
        if _event_key(event) != _event_key(self._last_event):
            self._last_event = event
            self.publish(event)
        problem = status.problem()
        if problem is None:
            near_end = bool(status.paper_near_end)
            self._set_health(Health.ONLINE, "PRINTER_PAPER_NEAR_END" if near_end else "",
                             "paper near end" if near_end else "")
        elif problem is PrinterUnknown:
            self._set_health(Health.OFFLINE, PrinterUnknown.code, "no answer to status requests")
        else:
            self._set_health(Health.ERROR, problem.code, _sentence(problem))

    def _lost(self, exc: DeviceError) -> None:
        self._set_health(Health.OFFLINE, exc.code, exc.message)
        unknown = PrinterStatusEvent(self.device_id, online=None)
        if _event_key(unknown) != _event_key(self._last_event):
            self._last_event = unknown
            self.publish(unknown)

    # -- printing ------------------------------------------------------------------------------

    def _print(self, link: Link, receipt: Receipt) -> None:
        before = self._query(link)
        problem = before.problem()
        if problem is not None:
            raise problem(f"{self.device_id} cannot print: {_sentence(problem)}")
        data = render_receipt(receipt, self.settings.style, log=self.log)
        responses = self._responses
        assert responses is not None
        responses.printed = 0
        if not self.settings.confirm_printed:
            link.write(data)
            self._check_during(self._query(link), receipt)
            return
        link.write(data + codec.PAPER_SENSOR_REQUEST)
        self._await_printed(link, receipt)
        self.log.info("receipt %s printed (%d bytes)", receipt.txn_id, len(data))

    def _await_printed(self, link: Link, receipt: Receipt) -> None:
        responses = self._responses
        assert responses is not None
        deadline = time.monotonic() + self.settings.print_timeout_s
        while True:
            check_at = min(deadline, time.monotonic() + self.settings.check_interval_s)
            while not responses.printed and time.monotonic() < check_at:
                responses.poll(check_at - time.monotonic())
            if responses.printed:
                self._query(link)  # publish what the receipt left (paper near end ...)
                return
            self._check_during(self._query(link), receipt)
            if time.monotonic() >= deadline:
                raise PrinterUnknown(f"{self.device_id} did not confirm receipt {receipt.txn_id} "
                                     f"within {self.settings.print_timeout_s:.0f} s")

    def _check_during(self, status: PrinterStatus, receipt: Receipt) -> None:
        """Raise if ``status``, taken while ``receipt`` was printing, says it cannot finish."""
        if status.paper_out:
            raise PrinterPaperOutDuring(
                f"{self.device_id}: paper ran out while printing receipt {receipt.txn_id}")
        problem = status.problem()
        if problem is not None:
            raise problem(f"{self.device_id} stopped while printing receipt {receipt.txn_id}: "
                          f"{_sentence(problem)}")


def _sentence(error: type[PrinterError]) -> str:
    return (error.__doc__ or error.code).strip().splitlines()[0]
