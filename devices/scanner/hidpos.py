"""USB HID POS barcode scanners (HID usage page 0x8C) read through pyusb.

Wire facts (PROTOCOLS.md; HID Point of Sale Usage Tables 1.02, page 0x8C:
0x02 Bar Code Scanner, 0x12 Scanned Data Report, 0xFB-0xFD Symbology
Identifier 1-3, 0xFE Decoded Data, 0xFF Decode Data Continued; the report
layout below is the one Honeywell, Zebra and Access-IS document)::

    byte 0      report id 0x02
    byte 1      number of data bytes in this report
    bytes 2-4   AIM symbology identifier, e.g. "]E0"
    bytes 5-60  data (56 bytes, NUL padded)
    bytes 61-62 vendor (Honeywell: its own code id)
    byte 63     bit 0: more data follows in the next report

A barcode longer than 56 bytes comes in several reports, each with the AIM
id, the last with bit 0 of byte 63 clear.  Vendors differ, so the driver reads
the HID report descriptor and takes the offsets from it where it can
(``parse_report_descriptor``), falling back to the layout above.

This module holds the report codec (``encode_reports`` for the simulator,
``ReportAssembler`` for the driver) and the driver.  The driver finds the
device with ``usb.core.find(backend=...)``: libusb from the ``libusb-package``
wheel by default, ``devices.scanner.sim_hidpos.SimHidPosBackend`` in tests.
"""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Final

import usb.core
import usb.util

from devices.errors import DeviceError, DeviceNotFound, ProtocolError
from devices.events import EventSink, Health, ScanEvent
from devices.lifecycle import Device
from devices.scanner.aim import AIM_LENGTH, Dropped, Scan, is_aim
from devices.worker import Backoff

HIDPOS_USAGE_PAGE: Final = 0x8C
USAGE_BAR_CODE_SCANNER: Final = 0x8C_0002
USAGE_SCANNED_DATA_REPORT: Final = 0x8C_0012
USAGE_SYMBOLOGY_ID_1: Final = 0x8C_00FB
USAGE_DECODED_DATA: Final = 0x8C_00FE
USAGE_DECODE_DATA_CONTINUED: Final = 0x8C_00FF
USAGE_BYTE_COUNT: Final = 0x01_003B  # Generic Desktop page: how many data bytes are valid

# USB 2.0 §9.4.3 GET_DESCRIPTOR, addressed to the interface for HID class
# descriptors (HID 1.11 §7.1): HID descriptor 0x21, report descriptor 0x22.
_GET_DESCRIPTOR: Final = 0x06
_TO_HOST_STANDARD_INTERFACE: Final = 0x81
_HID_DESCRIPTOR: Final = 0x21
_REPORT_DESCRIPTOR: Final = 0x22


class ReportError(ProtocolError):
    """A HID input report that is not a scanned-data report we can read."""

    code = "SCANNER_REPORT"


class ScannerModeError(DeviceError):
    """The USB device is there but does not describe itself as a HID POS scanner."""

    code = "SCANNER_NOT_HID_POS"


# -- the report codec ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportLayout:
    """Where the fields of the scanned-data input report are (byte offsets, report id included)."""

    report_id: int = 0x02  # 0: the device uses no report ids, byte 0 is already a field
    size: int = 64
    length_at: int = 1
    aim_at: int | None = 2  # None: the report carries no symbology identifier
    data_at: int = 5
    data_size: int = 56
    more_at: int | None = 63  # None: the device never continues a report
    more_mask: int = 0x01


COMMON_LAYOUT: Final = ReportLayout()


@dataclass(frozen=True, slots=True)
class ReportPart:
    aim: str | None
    data: bytes
    more: bool


def encode_reports(data: bytes, aim: str | None, layout: ReportLayout = COMMON_LAYOUT,
                   ) -> list[bytes]:
    """The input reports a scanner sends for ``data``: as many as its length needs."""
    aim_bytes = aim.encode("ascii") if aim is not None else bytes(AIM_LENGTH)
    if len(aim_bytes) != AIM_LENGTH:
        raise ValueError(f"an AIM identifier has {AIM_LENGTH} characters: {aim!r}")
    chunks = [data[i:i + layout.data_size] for i in range(0, len(data), layout.data_size)]
    reports = []
    for index, chunk in enumerate(chunks or [b""]):
        report = bytearray(layout.size)
        if layout.report_id:
            report[0] = layout.report_id
        report[layout.length_at] = len(chunk)
        if layout.aim_at is not None:
            report[layout.aim_at:layout.aim_at + AIM_LENGTH] = aim_bytes
        report[layout.data_at:layout.data_at + len(chunk)] = chunk
        if layout.more_at is not None and index < len(chunks) - 1:
            report[layout.more_at] |= layout.more_mask
        reports.append(bytes(report))
    return reports


def decode_report(report: bytes, layout: ReportLayout = COMMON_LAYOUT) -> ReportPart:
    """One scanned-data report; ``ReportError`` when it is not one or is malformed."""
    if not _is_ours(report, layout):
        raise ReportError(f"report id {report[:1].hex() or 'none'}, not {layout.report_id:#04x}")
    if len(report) < layout.data_at + 1 or len(report) <= layout.length_at:
        raise ReportError(f"report of {len(report)} bytes is too short")
    length = report[layout.length_at]
    if length > layout.data_size or layout.data_at + length > len(report):
        raise ReportError(f"report says {length} data bytes; it has room for "
                          f"{min(layout.data_size, len(report) - layout.data_at)}")
    aim: str | None = None
    if layout.aim_at is not None:
        candidate = report[layout.aim_at:layout.aim_at + AIM_LENGTH]
        aim = candidate.decode("ascii") if is_aim(candidate) else None
    more = (layout.more_at is not None and layout.more_at < len(report)
            and bool(report[layout.more_at] & layout.more_mask))
    return ReportPart(aim, report[layout.data_at:layout.data_at + length], more)


def _is_ours(report: bytes, layout: ReportLayout) -> bool:
    return bool(report) and (layout.report_id == 0 or report[0] == layout.report_id)


class ReportAssembler:
    """Joins continued reports into ``Scan``s; drops and counts what does not fit.

    Reports with another report id (trigger, status, vendor reports) are not
    ours: they are ignored and counted in ``ignored``.  Not thread-safe.
    """

    def __init__(self, layout: ReportLayout = COMMON_LAYOUT, *, max_data: int = 8192,
                 continuation_timeout_s: float = 0.5) -> None:
        self.layout = layout
        self.max_data = max_data
        self.continuation_timeout_s = continuation_timeout_s
        self._raw: list[bytes] = []
        self._data = bytearray()
        self._aim: str | None = None
        self._last_at = 0.0
        self.scans = 0
        self.dropped = 0
        self.dropped_bytes = 0
        self.ignored = 0

    def feed(self, report: bytes, now: float) -> list[Scan | Dropped]:
        out: list[Scan | Dropped] = []
        stale = self.expire(now)
        if stale is not None:
            out.append(stale)
        if not _is_ours(report, self.layout):
            self.ignored += 1
            return out
        try:
            part = decode_report(report, self.layout)
        except ReportError as exc:
            out.append(self._count(Dropped(exc.message, report)))
            return out
        if self._raw and part.aim != self._aim:
            out.append(self._drop("continuation with another symbology"))
        self._raw.append(report)
        self._data += part.data
        self._aim = part.aim
        self._last_at = now
        if len(self._data) > self.max_data:
            out.append(self._drop("barcode too long"))
        elif not part.more:
            out.append(self._complete())
        return out

    def use(self, layout: ReportLayout) -> Dropped | None:
        """Read further reports with ``layout``; a barcode half read with the old one is dropped."""
        dropped = self._drop("report layout changed") if self._raw else None
        self.layout = layout
        return dropped

    def expire(self, now: float) -> Dropped | None:
        """Drop a continued barcode whose next report is overdue."""
        if self._raw and now - self._last_at > self.continuation_timeout_s:
            return self._drop("continuation report timed out")
        return None

    def _complete(self) -> Scan | Dropped:
        if not self._data:
            return self._drop("report without data")
        scan = Scan(b"".join(self._raw), self._aim, bytes(self._data))
        self._reset()
        self.scans += 1
        return scan

    def _drop(self, reason: str) -> Dropped:
        dropped = Dropped(reason, b"".join(self._raw))
        self._reset()
        return self._count(dropped)

    def _count(self, dropped: Dropped) -> Dropped:
        self.dropped += 1
        self.dropped_bytes += len(dropped.data)
        return dropped

    def _reset(self) -> None:
        self._raw = []
        self._data = bytearray()
        self._aim = None


# -- the report descriptor (HID 1.11 §6.2.2) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportField:
    bit_offset: int  # from the first byte after the report id
    bit_size: int
    count: int


@dataclass(slots=True)
class _Globals:
    usage_page: int = 0
    report_size: int = 0
    report_count: int = 0
    report_id: int = 0


@dataclass(slots=True)
class _Parse:
    globals: _Globals = field(default_factory=_Globals)
    stack: list[_Globals] = field(default_factory=list)
    usages: list[int] = field(default_factory=list)
    usage_min: int | None = None
    bits: dict[int, int] = field(default_factory=dict)  # input bits so far, per report id
    fields: dict[tuple[int, int], ReportField] = field(default_factory=dict)
    pages: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class ReportDescription:
    """What a report descriptor says about the device's input reports."""

    pages: frozenset[int]
    fields: dict[tuple[int, int], ReportField]  # (report id, usage) -> first field with that usage
    report_bits: dict[int, int]  # report id -> input report size in bits, id byte excluded

    @property
    def is_hidpos_scanner(self) -> bool:
        return HIDPOS_USAGE_PAGE in self.pages

    def layout(self) -> ReportLayout | None:
        """The scanned-data report's layout, or None when the descriptor does not say."""
        for (report_id, usage), data in self.fields.items():
            if usage != USAGE_DECODED_DATA:
                continue
            length = self.fields.get((report_id, USAGE_BYTE_COUNT))
            if length is None or data.bit_size != 8 or length.bit_size != 8:
                continue
            aim = self.fields.get((report_id, USAGE_SYMBOLOGY_ID_1))
            more = self.fields.get((report_id, USAGE_DECODE_DATA_CONTINUED))
            base = 1 if report_id else 0  # the report id byte precedes the fields
            return ReportLayout(
                report_id=report_id,
                size=base + (self.report_bits[report_id] + 7) // 8,
                length_at=base + length.bit_offset // 8,
                aim_at=None if aim is None else base + aim.bit_offset // 8,
                data_at=base + data.bit_offset // 8,
                data_size=data.count,
                more_at=None if more is None else base + more.bit_offset // 8,
                more_mask=0x01 if more is None else 1 << (more.bit_offset % 8),
            )
        return None


def parse_report_descriptor(descriptor: bytes) -> ReportDescription:
    """Walk a HID report descriptor, recording where each input usage sits.

    Only what the layout needs: Usage Page, Report Size/Count/ID, Push/Pop,
    Usage and Usage Minimum/Maximum, Input.  A short usage takes the usage
    page in force when it is declared.  Never raises: a truncated descriptor
    yields what was read before the cut.
    """
    state = _Parse()
    index = 0
    while index < len(descriptor):
        prefix = descriptor[index]
        if prefix == 0xFE:  # long item (HID 1.11 §6.2.2.3): no long items are defined
            size = descriptor[index + 1] if index + 1 < len(descriptor) else 0
            index += 3 + size
            continue
        size = (0, 1, 2, 4)[prefix & 0x03]
        raw = descriptor[index + 1:index + 1 + size]
        index += 1 + size
        _item(state, (prefix >> 2) & 0x03, prefix >> 4, int.from_bytes(raw, "little"), size)
    return ReportDescription(frozenset(state.pages), dict(state.fields), dict(state.bits))


def _item(state: _Parse, kind: int, tag: int, value: int, size: int) -> None:
    if kind == 0:
        _main_item(state, tag)
    elif kind == 1:
        _global_item(state, tag, value)
    elif kind == 2:
        _local_item(state, tag, value, size)


def _main_item(state: _Parse, tag: int) -> None:
    if tag == 0x8:  # Input
        g = state.globals
        offset = state.bits.get(g.report_id, 0)
        # One usage for a run of fields (a byte array) is recorded once, with its count.
        run = g.report_count if len(state.usages) == 1 else 1
        for i, usage in enumerate(state.usages[:g.report_count]):
            state.fields.setdefault((g.report_id, usage),
                                    ReportField(offset + i * g.report_size, g.report_size, run))
        state.bits[g.report_id] = offset + g.report_size * g.report_count
    state.usages = []  # local items last until the next main item (HID 1.11 §6.2.2.8)
    state.usage_min = None


def _global_item(state: _Parse, tag: int, value: int) -> None:
    g = state.globals
    if tag == 0x0:
        g.usage_page = value
        state.pages.add(value)
    elif tag == 0x7:
        g.report_size = value
    elif tag == 0x8:
        g.report_id = value
    elif tag == 0x9:
        g.report_count = value
    elif tag == 0xA:  # Push
        state.stack.append(_Globals(g.usage_page, g.report_size, g.report_count, g.report_id))
    elif tag == 0xB and state.stack:  # Pop
        state.globals = state.stack.pop()


def _local_item(state: _Parse, tag: int, value: int, size: int) -> None:
    usage = value if size == 4 else (state.globals.usage_page << 16) | value
    if tag == 0x0:
        state.usages.append(usage)
    elif tag == 0x1:
        state.usage_min = usage
    elif tag == 0x2 and state.usage_min is not None:
        # A range stands for one usage per field; bounded so a bad descriptor cannot blow up.
        state.usages.extend(range(state.usage_min, min(usage, state.usage_min + 1024) + 1))


def hid_report_descriptor_length(extra: bytes, default: int = 1024) -> int:
    """wDescriptorLength of the report descriptor, from the HID descriptor (HID 1.11 §6.2.1)."""
    if len(extra) >= 9 and extra[1] == _HID_DESCRIPTOR and extra[6] == _REPORT_DESCRIPTOR:
        return int.from_bytes(extra[7:9], "little")
    return default


# -- the driver ------------------------------------------------------------------------------------


def default_backend() -> Any:
    """libusb 1.0 as shipped by the ``libusb-package`` wheel (so no system libusb is needed)."""
    import libusb_package

    return libusb_package.get_libusb1_backend()


class HidPosScanner(Device):
    """A HID POS scanner found by VID:PID, read on its own thread.

    ``claim`` starts the thread: find the device, detach the kernel's HID
    driver from the interface (where the backend can tell), set the
    configuration, read the report descriptor, then read the interrupt IN
    endpoint with ``read_timeout_ms`` in a loop.  When the device disappears
    the thread finds it again with back-off.

    Events published: ``ScanEvent`` per barcode (raw = the reports as read),
    only while enabled; ``HealthEvent`` ONLINE when reading, OFFLINE when not
    found or lost, ERROR (``SCANNER_NOT_HID_POS``) when the device is in
    another mode (keyboard wedge, serial emulation).
    Counters: ``scans``, ``bad_frames``, ``dropped_bytes``, ``ignored_reports``,
    ``connects``, ``discarded``.
    """

    def __init__(self, device_id: str, sink: EventSink, vid: int, pid: int, *,
                 backend: Any = None, interface: int = 0, read_timeout_ms: int = 100,
                 backoff: Backoff | None = None, continuation_timeout_s: float = 0.5) -> None:
        super().__init__(device_id, sink)
        self.vid, self.pid = vid, pid
        self.interface = interface
        self.read_timeout_ms = read_timeout_ms
        self.backoff = backoff or Backoff()
        self._backend = backend
        self._assembler = ReportAssembler(continuation_timeout_s=continuation_timeout_s)
        self._delivering = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connects = 0
        self.discarded = 0

    # -- counters --------------------------------------------------------------------------

    @property
    def layout(self) -> ReportLayout:
        return self._assembler.layout

    @property
    def scans(self) -> int:
        return self._assembler.scans

    @property
    def bad_frames(self) -> int:
        return self._assembler.dropped

    @property
    def dropped_bytes(self) -> int:
        return self._assembler.dropped_bytes

    @property
    def ignored_reports(self) -> int:
        return self._assembler.ignored

    # -- lifecycle hooks --------------------------------------------------------------------------

    def _on_claim(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scanner-{self.device_id}",
                                        daemon=True)
        self._thread.start()

    def _on_release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._set_health(Health.OFFLINE, "DEVICE_OFFLINE", "released")

    def _on_enable(self) -> None:
        self._delivering.set()

    def _on_disable(self) -> None:
        self._delivering.clear()

    # -- the USB thread ---------------------------------------------------------------------

    def _run(self) -> None:
        next_delay = self.backoff.delays()
        while not self._stop.is_set():
            connects = self.connects
            try:
                self._session()
            except ScannerModeError as exc:
                self._set_health(Health.ERROR, exc.code, exc.message)
            except DeviceError as exc:
                self._set_health(Health.OFFLINE, exc.code, exc.message)
            except usb.core.USBError as exc:
                self._set_health(Health.OFFLINE, "DEVICE_OFFLINE", _usb_reason(exc))
            except (ValueError, LookupError) as exc:
                # pyusb's answer to descriptors that do not hold what we asked for
                # (no such interface or configuration): the device is not what we expect.
                self._set_health(Health.ERROR, ProtocolError.code, f"unexpected descriptors: {exc}")
            if self.connects != connects:
                next_delay = self.backoff.delays()  # it worked for a while: retry soon
            if not self._stop.is_set():
                self._stop.wait(next_delay())

    def _session(self) -> None:
        backend = self._backend if self._backend is not None else default_backend()
        if backend is None:
            raise DeviceNotFound("no libusb backend could be loaded")
        device = usb.core.find(backend=backend, idVendor=self.vid, idProduct=self.pid)
        if device is None:
            raise DeviceNotFound(f"no USB device {self.vid:04x}:{self.pid:04x}")
        detached = False
        try:
            detached = self._detach_kernel_driver(device)
            endpoint = self._prepare(device)
            self.connects += 1
            self._set_health(Health.ONLINE)
            self._read_loop(endpoint)
        finally:
            usb.util.dispose_resources(device)
            if detached:
                self._reattach_kernel_driver(device)

    def _detach_kernel_driver(self, device: Any) -> bool:
        try:
            if not device.is_kernel_driver_active(self.interface):
                return False
        except NotImplementedError:
            # libusb cannot tell on some platforms, nor can the simulated backend.
            self.log.debug("backend cannot tell whether a kernel driver is bound: skipped")
            return False
        device.detach_kernel_driver(self.interface)
        self.log.info("detached the kernel driver from interface %d", self.interface)
        return True

    def _reattach_kernel_driver(self, device: Any) -> None:
        """Give the interface back to the kernel (so the scanner types again when we stop)."""
        try:
            device.attach_kernel_driver(self.interface)
        except (usb.core.USBError, NotImplementedError) as exc:
            self.log.debug("kernel driver not reattached: %s", exc)

    def _prepare(self, device: Any) -> Any:
        try:
            device.set_configuration()
        except usb.core.USBError as exc:
            if exc.errno != errno.EBUSY:
                raise
            # Linux: another interface of a composite device is busy; the configuration
            # is already active, which is all we need.
            self.log.info("configuration left as it is: %s", exc)
        interface = device.get_active_configuration()[(self.interface, 0)]
        layout = self._read_layout(device, bytes(interface.extra_descriptors))
        if layout != self._assembler.layout:
            self.log.info("report layout from the descriptor: %s", layout)
            self._handle(self._assembler.use(layout))
        endpoint = usb.util.find_descriptor(interface, custom_match=_is_interrupt_in)
        if endpoint is None:
            raise ProtocolError(f"interface {self.interface} has no interrupt IN endpoint")
        return endpoint

    def _read_layout(self, device: Any, hid_descriptor: bytes) -> ReportLayout:
        length = hid_report_descriptor_length(hid_descriptor)
        try:
            descriptor = bytes(device.ctrl_transfer(
                _TO_HOST_STANDARD_INTERFACE, _GET_DESCRIPTOR, _REPORT_DESCRIPTOR << 8,
                self.interface, length, 1000))
        except usb.core.USBError as exc:
            self.log.warning("report descriptor unreadable (%s): assuming the common layout",
                             _usb_reason(exc))
            return COMMON_LAYOUT
        description = parse_report_descriptor(descriptor)
        if not description.is_hidpos_scanner:
            raise ScannerModeError(
                f"USB device {self.vid:04x}:{self.pid:04x} is not in HID POS mode (no usage "
                f"page 0x8C); scan the vendor's 'USB HID POS' programming barcode")
        layout = description.layout()
        if layout is None:
            self.log.warning("report descriptor names no decoded-data field: assuming the "
                             "common layout")
            return COMMON_LAYOUT
        return layout

    def _read_loop(self, endpoint: Any) -> None:
        while not self._stop.is_set():
            try:
                report = bytes(endpoint.read(self.layout.size, self.read_timeout_ms))
            except usb.core.USBTimeoutError:
                self._handle(self._assembler.expire(time.monotonic()))
                continue
            for item in self._assembler.feed(report, time.monotonic()):
                self._handle(item)

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


def _is_interrupt_in(endpoint: Any) -> bool:
    return bool(usb.util.endpoint_direction(endpoint.bEndpointAddress) == usb.util.ENDPOINT_IN
                and usb.util.endpoint_type(endpoint.bmAttributes) == usb.util.ENDPOINT_TYPE_INTR)


def _usb_reason(exc: usb.core.USBError) -> str:
    if exc.errno == errno.ENODEV:
        return f"device gone: {exc.strerror}"
    return str(exc.strerror or exc)
