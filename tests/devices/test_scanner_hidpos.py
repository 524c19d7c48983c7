"""USB HID POS: the report codec, the report descriptor, and the driver on a simulated backend."""

from __future__ import annotations

import contextlib
import errno
import queue
from collections.abc import Callable, Iterator

import pytest
import usb.core
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.events import DeviceEvent, EventBus, Health, HealthEvent, ScanEvent
from devices.scanner.aim import Dropped, Scan
from devices.scanner.hidpos import (
    COMMON_LAYOUT,
    HidPosScanner,
    ReportAssembler,
    ReportError,
    ReportLayout,
    decode_report,
    encode_reports,
    hid_report_descriptor_length,
    parse_report_descriptor,
)
from devices.scanner.sim_hidpos import (
    HIDPOS_REPORT_DESCRIPTOR,
    KEYBOARD_REPORT_DESCRIPTOR,
    SIM_PID,
    SIM_VID,
    SimHidPosBackend,
)
from devices.worker import Backoff
from pos.barcode import Symbology
from tests.waiting import wait_until

GS1 = "0104006381333931\x1d10ABC123"

# A HID POS descriptor laid out as Honeywell's firmware sources describe theirs: the same
# 64-byte report, with vendor usages (page 0xFF66) for bytes 61-62, written out here from
# the HID POS usage tables rather than taken from a device.
VENDOR_STYLE_DESCRIPTOR = bytes([
    0x06, 0x8C, 0xFF, 0x09, 0x02, 0xA1, 0x01,  # vendor page, Bar Code Scanner, Application
    0x09, 0x12, 0xA1, 0x02, 0x85, 0x02,        # Scanned Data Report, Logical, Report ID 2
    0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x01,
    0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,        # Generic Desktop Byte Count
    0x95, 0x03, 0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81, 0x02,
    0x95, 0x38, 0x09, 0xFE, 0x82, 0x02, 0x01,  # Decoded Data x 56, buffered bytes
    0x06, 0x66, 0xFF, 0x95, 0x02, 0x09, 0x04, 0x09, 0x00, 0x81, 0x02,  # vendor code id
    0x05, 0x8C, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x09, 0xFF, 0x81, 0x02,  # continued x 8
    0xC0, 0xC0,
])

# A made-up vendor layout: no report id, no AIM field, a 32-byte report.
SMALL_DESCRIPTOR = bytes([
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x15, 0x00, 0x26, 0xFF, 0x00,
    0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81, 0x02,  # bit 0 of byte 0: continued
    0x95, 0x07, 0x81, 0x01,                          # padding
    0x75, 0x08, 0x95, 0x01, 0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,  # byte 1: count
    0x95, 0x1E, 0x05, 0x8C, 0x09, 0xFE, 0x82, 0x02, 0x01,        # bytes 2-31: data
    0xC0,
])
SMALL_LAYOUT = ReportLayout(report_id=0, size=32, length_at=1, aim_at=None, data_at=2,
                            data_size=30, more_at=0, more_mask=0x01)


def is_scan(event: DeviceEvent) -> bool:
    return isinstance(event, ScanEvent)


def health_event(health: Health) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, HealthEvent) and e.health is health


# -- reports ----------------------------------------------------------------------------------


def test_one_report_exact_bytes():
    (report,) = encode_reports(b"4006381333931", "]E0")
    assert report == b"\x02\x0d]E04006381333931" + bytes(64 - 18)
    assert len(report) == 64
    assert decode_report(report).data == b"4006381333931"


def test_sixty_bytes_split_into_56_and_4_with_the_continuation_bit():
    data = bytes(range(0x20, 0x5C))  # 60 bytes, as in the Access-IS manual's example
    first, second = encode_reports(data, "]Q1")
    assert (first[0], first[1], first[2:5], first[63]) == (0x02, 56, b"]Q1", 0x01)
    assert first[5:61] == data[:56]
    assert (second[1], second[2:5], second[63]) == (4, b"]Q1", 0x00)
    assert second[5:9] == data[56:]
    assert second[9:61] == bytes(52)


def test_reports_without_an_aim_id_give_unknown():
    (report,) = encode_reports(b"123", None)
    part = decode_report(report)
    assert part.aim is None
    assembler = ReportAssembler()
    (scan,) = assembler.feed(report, 0.0)
    assert isinstance(scan, Scan)
    assert scan.symbology is Symbology.UNKNOWN


@pytest.mark.parametrize(("report", "message"), [
    (b"\x01" + bytes(63), "report id"),
    (b"\x02\x39]E0" + bytes(60), "57 data bytes"),
    (b"\x02\x05]E0", "too short"),
])
def test_malformed_reports_are_refused(report, message):
    with pytest.raises(ReportError, match=message) as caught:
        decode_report(report)
    assert caught.value.code == "SCANNER_REPORT"


def test_the_assembler_joins_continued_reports():
    data = ("x" * 150).encode()
    reports = encode_reports(data, "]Q1")
    assembler = ReportAssembler()
    assert assembler.feed(reports[0], 0.0) == []
    assert assembler.feed(reports[1], 0.0) == []
    (scan,) = assembler.feed(reports[2], 0.0)
    assert isinstance(scan, Scan)
    assert (scan.data, scan.aim, scan.raw) == (data, "]Q1", b"".join(reports))


def test_the_assembler_drops_what_does_not_fit_and_ignores_other_reports():
    assembler = ReportAssembler(max_data=100, continuation_timeout_s=0.5)
    first, _ = encode_reports(b"a" * 60, "]Q1")
    assert assembler.feed(b"\x04\x01", 0.0) == []  # a trigger report: not ours
    assert assembler.ignored == 1
    assembler.feed(first, 0.0)
    (other,) = encode_reports(b"b", "]E0")
    dropped, scan = assembler.feed(other, 0.1)  # a new barcode before the continuation
    assert isinstance(dropped, Dropped)
    assert dropped.reason == "continuation with another symbology"
    assert isinstance(scan, Scan)
    assembler.feed(first, 1.0)
    assert assembler.expire(1.4) is None
    assert isinstance(assembler.expire(1.6), Dropped)
    for report in encode_reports(b"c" * 120, "]Q1")[:2]:
        out = assembler.feed(report, 2.0)
    assert [d.reason for d in out if isinstance(d, Dropped)] == ["barcode too long"]
    (empty,) = encode_reports(b"", "]E0")
    assert [d.reason for d in assembler.feed(empty, 3.0) if isinstance(d, Dropped)] == \
        ["report without data"]
    assert assembler.dropped == 4


@settings(max_examples=200, deadline=None)
@given(reports=st.lists(st.one_of(
    st.binary(max_size=70),
    st.builds(lambda body, more: b"\x02" + body[:62] + bytes([more]),
              st.binary(min_size=62, max_size=62), st.integers(0, 255)),
), max_size=8))
def test_no_report_breaks_the_assembler(reports):
    assembler = ReportAssembler()
    for i, report in enumerate(reports):
        for item in assembler.feed(report, i * 0.1):
            assert isinstance(item, Scan | Dropped)
    assembler.expire(100.0)


# -- the report descriptor -----------------------------------------------------------------------


@pytest.mark.parametrize("descriptor", [HIDPOS_REPORT_DESCRIPTOR, VENDOR_STYLE_DESCRIPTOR])
def test_hidpos_descriptors_give_the_common_layout(descriptor):
    description = parse_report_descriptor(descriptor)
    assert description.is_hidpos_scanner
    assert description.layout() == COMMON_LAYOUT


def test_a_vendor_layout_is_read_from_its_descriptor():
    assert parse_report_descriptor(SMALL_DESCRIPTOR).layout() == SMALL_LAYOUT


def test_a_keyboard_descriptor_is_no_hidpos_scanner():
    description = parse_report_descriptor(KEYBOARD_REPORT_DESCRIPTOR)
    assert not description.is_hidpos_scanner
    assert description.layout() is None


def test_the_hid_descriptor_gives_the_report_descriptor_length():
    assert hid_report_descriptor_length(bytes([9, 0x21, 0x11, 1, 0, 1, 0x22, 0x51, 0])) == 0x51
    assert hid_report_descriptor_length(b"") == 1024


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200),
                 st.builds(lambda d, n: d[:n], st.just(VENDOR_STYLE_DESCRIPTOR),
                           st.integers(0, len(VENDOR_STYLE_DESCRIPTOR)))))
def test_no_descriptor_breaks_the_parser(descriptor):
    description = parse_report_descriptor(descriptor)
    layout = description.layout()
    assert layout is None or layout.data_size >= 0


# -- the simulated backend through pyusb --------------------------------------------------------


def test_the_simulated_device_looks_like_a_hidpos_scanner_to_pyusb():
    backend = SimHidPosBackend()
    device = usb.core.find(backend=backend, idVendor=SIM_VID, idProduct=SIM_PID)
    assert device is not None
    device.set_configuration()
    interface = device.get_active_configuration()[(0, 0)]
    assert interface.bInterfaceClass == 0x03
    (endpoint,) = list(interface)
    assert (endpoint.bEndpointAddress, endpoint.bmAttributes, endpoint.wMaxPacketSize) == \
        (0x81, 0x03, 64)
    descriptor = device.ctrl_transfer(0x81, 0x06, 0x2200, 0,
                                      hid_report_descriptor_length(
                                          bytes(interface.extra_descriptors)))
    assert bytes(descriptor) == HIDPOS_REPORT_DESCRIPTOR
    with pytest.raises(usb.core.USBTimeoutError):
        endpoint.read(64, 10)
    backend.scan("123")
    assert bytes(endpoint.read(64, 1000))[:6] == b"\x02\x03]E01"
    backend.unplug()
    with pytest.raises(usb.core.USBError) as caught:
        endpoint.read(64, 10)
    assert caught.value.errno == errno.ENODEV
    assert usb.core.find(backend=backend, idVendor=SIM_VID, idProduct=SIM_PID) is None
    backend.replug()
    assert usb.core.find(backend=backend, idVendor=SIM_VID, idProduct=SIM_PID) is not None
    usb.util.dispose_resources(device)


# -- the driver ------------------------------------------------------------------------------------


class Rig:
    def __init__(self, backend: SimHidPosBackend, bus: EventBus, driver: HidPosScanner) -> None:
        self.backend, self.bus, self.driver = backend, bus, driver

    def next_scan(self) -> ScanEvent:
        event = self.bus.wait_for(is_scan, 5)
        assert isinstance(event, ScanEvent)
        return event


@contextlib.contextmanager
def rig(backend: SimHidPosBackend, *, online: bool = True) -> Iterator[Rig]:
    bus = EventBus()
    driver = HidPosScanner("scanner-usb", bus.publish, SIM_VID, SIM_PID, backend=backend,
                           read_timeout_ms=50, backoff=Backoff(initial_s=0.02, max_s=0.1),
                           continuation_timeout_s=0.1)
    driver.start()
    try:
        if online:
            bus.wait_for(health_event(Health.ONLINE), 5)
        yield Rig(backend, bus, driver)
    finally:
        driver.close()
        backend.stop()


def test_scans_arrive_including_continued_ones():
    with rig(SimHidPosBackend()) as r:
        r.backend.scan("4006381333931")
        event = r.next_scan()
        assert (event.device_id, event.symbology, event.text) == \
            ("scanner-usb", Symbology.EAN13, "4006381333931")
        assert event.raw == encode_reports(b"4006381333931", "]E0")[0]
        r.backend.scan(GS1, aim="]d2")
        assert (r.next_scan().symbology, GS1) == (Symbology.GS1_DATAMATRIX, GS1)
        long_qr = "https://example.org/" + "q" * 180
        r.backend.scan(long_qr, aim="]Q1")
        event = r.next_scan()
        assert (event.symbology, event.text, len(event.raw)) == (Symbology.QR, long_qr, 4 * 64)
        assert r.driver.scans == 3


def test_bad_and_foreign_reports_are_counted_and_survived():
    with rig(SimHidPosBackend()) as r:
        r.backend.send_report(b"\x02\x7f]E0" + bytes(60))  # impossible length
        r.backend.send_report(b"\x04\x01")  # a trigger report
        first, _ = encode_reports(b"z" * 60, "]Q1")
        r.backend.send_report(first)  # a continuation that never comes
        wait_until(lambda: r.driver.bad_frames == 2)
        assert r.driver.ignored_reports == 1
        r.backend.scan("96385074", "]E4")
        assert r.next_scan().symbology is Symbology.EAN8
        assert (r.driver.connects, r.driver.health) == (1, Health.ONLINE)


def test_a_silent_scanner_stays_online():
    with rig(SimHidPosBackend()) as r:
        with pytest.raises(queue.Empty):
            r.bus.wait_for(is_scan, 0.3)
        assert r.driver.health is Health.ONLINE
        assert r.backend.reads == 0


def test_driver_refinds_the_device_after_unplug_and_replug():
    with rig(SimHidPosBackend()) as r:
        r.backend.unplug()
        offline = r.bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(offline, HealthEvent)
        assert (offline.health, offline.code) == (Health.OFFLINE, "DEVICE_OFFLINE")
        assert "No such device" in offline.reason
        # While unplugged find() misses it: the driver keeps looking, with back-off.
        not_found = r.bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(not_found, HealthEvent)
        assert not_found.code == "DEVICE_NOT_FOUND"
        r.backend.replug()
        r.bus.wait_for(health_event(Health.ONLINE), 5)
        r.backend.scan("4006381333931")
        assert r.next_scan().text == "4006381333931"
        assert r.driver.connects == 2


def test_the_kernel_driver_is_detached_and_given_back():
    backend = SimHidPosBackend(kernel_driver=True)
    with rig(backend) as r:
        assert (backend.detaches, backend.kernel_driver_bound) == (1, False)
        r.backend.scan("123")
        assert r.next_scan().text == "123"
        r.driver.close()
        assert backend.kernel_driver_bound  # the scanner is the system's again


def test_a_vendor_layout_from_the_descriptor_is_used():
    backend = SimHidPosBackend(layout=SMALL_LAYOUT, report_descriptor=SMALL_DESCRIPTOR)
    with rig(backend) as r:
        assert r.driver.layout == SMALL_LAYOUT
        r.backend.scan("y" * 70, aim=None)  # three 32-byte reports
        event = r.next_scan()
        assert (event.symbology, event.text, len(event.raw)) == (Symbology.UNKNOWN, "y" * 70, 96)


def test_a_scanner_in_keyboard_mode_is_reported_as_an_error():
    backend = SimHidPosBackend(report_descriptor=KEYBOARD_REPORT_DESCRIPTOR)
    with rig(backend, online=False) as r:
        event = r.bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(event, HealthEvent)
        assert (event.health, event.code) == (Health.ERROR, "SCANNER_NOT_HID_POS")
        assert "HID POS" in event.reason


def test_scans_while_disabled_are_discarded():
    with rig(SimHidPosBackend()) as r:
        r.driver.disable()
        r.backend.scan("111")
        wait_until(lambda: r.driver.discarded == 1)
        r.driver.enable()
        r.backend.scan("222")
        assert r.next_scan().text == "222"


def test_the_same_driver_runs_on_real_libusb():
    """No backend given: libusb from libusb-package. No such device here, so: not found."""
    bus = EventBus()
    driver = HidPosScanner("scanner-usb", bus.publish, 0x1209, 0xFFFE,
                           backoff=Backoff(initial_s=0.05, max_s=0.1))
    driver.start()
    try:
        event = bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(event, HealthEvent)
        assert (event.health, event.code) == (Health.OFFLINE, "DEVICE_NOT_FOUND")
    finally:
        driver.close()


def test_an_interface_the_device_does_not_have_is_an_error_not_a_dead_thread():
    bus = EventBus()
    driver = HidPosScanner("scanner-usb", bus.publish, SIM_VID, SIM_PID,
                           backend=SimHidPosBackend(), interface=1,
                           backoff=Backoff(initial_s=0.05, max_s=0.1))
    driver.start()
    try:
        event = bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(event, HealthEvent)
        assert (event.health, event.code) == (Health.ERROR, "DEVICE_PROTOCOL")
    finally:
        driver.close()
