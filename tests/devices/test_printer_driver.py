"""The ESC/POS driver against the simulator, over TCP and over a pty."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.errors import DeviceNotFound, DeviceStateError
from devices.events import EventBus, Health, HealthEvent, PrinterStatusEvent
from devices.printer import escpos_codec as codec
from devices.printer.driver import (
    EscPosPrinter,
    NetworkTarget,
    PrinterSettings,
    SerialTarget,
    UsbTarget,
    open_link,
    target_from_url,
)
from devices.printer.sim import PrinterSim
from devices.simlink import LinkClosed, PtyEndpoint, TcpEndpoint
from devices.worker import Backoff
from tests.devices.test_printer_render import missing_lines, sample_receipt

FAST = PrinterSettings(status_timeout_s=0.5, poll_interval_s=0.1, check_interval_s=0.05,
                       print_timeout_s=5.0, connect_timeout_s=2.0, write_timeout_s=2.0)
BACKOFF = Backoff(initial_s=0.05, max_s=0.2)


@dataclass
class Rig:
    sim: PrinterSim
    driver: EscPosPrinter
    bus: EventBus

    def health(self, health: Health, code: str | None = None) -> HealthEvent:
        event = self.bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is health
                                  and (code is None or e.code == code), 5)
        assert isinstance(event, HealthEvent)
        return event


@pytest.fixture(params=["tcp", "pty"])
def rig(request, tmp_path) -> Iterator[Rig]:
    endpoint = TcpEndpoint() if request.param == "tcp" else PtyEndpoint(tmp_path / "ttyPRINTER")
    sim = PrinterSim(endpoint).start()
    bus = EventBus()
    driver = EscPosPrinter("printer-1", bus.publish, endpoint.url, FAST, backoff=BACKOFF)
    driver.start()
    rig = Rig(sim, driver, bus)
    try:
        rig.health(Health.ONLINE)
        yield rig
    finally:
        driver.close()
        sim.stop()
        endpoint.close()


def test_a_whole_receipt_is_printed_and_parsed_back(rig):
    receipt = sample_receipt()
    rig.driver.print_receipt(receipt)
    out = rig.sim.wait_receipt(5)
    assert missing_lines(receipt, out) == []
    assert [q.payload for q in out.qr_codes] == [receipt.qr_payload]
    assert [b.data for b in out.barcodes] == [receipt.barcode]
    assert out.cut
    assert len(rig.sim.receipts) == 1
    assert rig.sim.current.items == []  # nothing after the cut
    assert (rig.sim.unknown_bytes, rig.sim.wrapped_lines, rig.driver.garbage_bytes) == (0, 0, 0)


STATES = [
    ("ready", lambda sim: None, dict(online=True, cover_open=False, paper_near_end=False,
                                     paper_out=False, cutter_error=False)),
    ("offline", lambda sim: sim.set_online(False), dict(online=False, cover_open=False)),
    ("cover open", lambda sim: sim.set_cover_open(True), dict(online=False, cover_open=True)),
    ("near end", lambda sim: sim.set_paper_near_end(True),
     dict(online=True, paper_near_end=True, paper_out=False)),
    ("paper out", lambda sim: sim.set_paper_out(True), dict(online=False, paper_out=True)),
    ("cutter", lambda sim: sim.set_cutter_error(True), dict(online=False, cutter_error=True)),
]


def reset(sim: PrinterSim) -> None:
    sim.set_online(True)
    for clear in (sim.set_cover_open, sim.set_paper_near_end, sim.set_paper_out,
                  sim.set_cutter_error, sim.set_unrecoverable_error):
        clear(False)


def test_each_status_state_is_decoded_end_to_end(rig):
    for name, setup, expected in STATES:
        setup(rig.sim)
        event = rig.driver.status()
        assert {k: getattr(event, k) for k in expected} == expected, name
        reset(rig.sim)
    assert rig.driver.status().can_print


def test_status_changes_are_published(rig):
    rig.sim.set_cover_open(True)
    event = rig.bus.wait_for(lambda e: isinstance(e, PrinterStatusEvent) and bool(e.cover_open),
                             5)
    assert not event.can_print
    assert rig.health(Health.ERROR, "PRINTER_COVER_OPEN").reason == "The printer's cover is open."
    rig.sim.set_cover_open(False)
    rig.health(Health.ONLINE)


@pytest.mark.parametrize(("setup", "error"), [
    (lambda sim: sim.set_paper_out(True), codec.PrinterPaperOut),
    (lambda sim: sim.set_cover_open(True), codec.PrinterCoverOpen),
    (lambda sim: sim.set_online(False), codec.PrinterOffline),
    (lambda sim: sim.set_cutter_error(True), codec.PrinterFault),
])
def test_a_printer_that_cannot_print_refuses_the_receipt_with_its_code(rig, setup, error):
    setup(rig.sim)
    with pytest.raises(error) as raised:
        rig.driver.print_receipt(sample_receipt())
    assert raised.value.code == error.code
    assert rig.sim.receipts == []
    assert rig.sim.current.items == []


def test_paper_running_out_in_the_middle_is_detected(rig):
    rig.sim.run_out_after(5)
    with pytest.raises(codec.PrinterPaperOutDuring) as raised:
        rig.driver.print_receipt(sample_receipt())
    assert raised.value.code == "PRINTER_PAPER_OUT_DURING"
    assert len(rig.sim.current.lines) == 5
    assert not rig.sim.current.cut
    assert rig.sim.receipts == []
    assert rig.driver.last_status.paper_out
    rig.health(Health.ERROR, "PRINTER_PAPER_OUT")
    rig.sim.refill()
    rig.driver.print_receipt(sample_receipt())  # a fresh roll: the next one prints
    assert rig.sim.wait_receipt(5).cut


def test_a_silent_printer_is_unknown_never_ok(rig):
    rig.sim.set_silent(True)
    event = rig.driver.status()
    assert event.online is None
    assert not event.can_print
    with pytest.raises(codec.PrinterUnknown):
        rig.driver.print_receipt(sample_receipt())
    rig.health(Health.OFFLINE, "PRINTER_UNKNOWN")
    assert rig.sim.receipts == []
    rig.sim.set_silent(False)
    rig.health(Health.ONLINE)


def test_a_slow_printer_within_the_timeouts_prints(rig):
    rig.sim.set_delays(status_s=0.1, line_s=0.003)
    assert rig.driver.status().online is True
    receipt = sample_receipt()
    rig.driver.print_receipt(receipt)
    assert missing_lines(receipt, rig.sim.wait_receipt(5)) == []


def test_answers_too_late_are_unknown_then_discarded(rig):
    rig.sim.set_delays(status_s=0.8)  # over the 0.5 s status timeout
    assert rig.driver.status().online is None
    rig.sim.set_delays(status_s=0.0)
    rig.sim.set_cover_open(True)
    event = rig.driver.status(timeout=5)
    while event.online is None:  # the late answers may still be on their way
        event = rig.driver.status(timeout=5)
    assert event.cover_open is True  # not mistaken for the stale "ready" answers


def test_unplug_and_replug_recovers_by_itself(rig):
    rig.driver.print_receipt(sample_receipt())
    rig.sim.wait_receipt(5)
    rig.sim.unplug()
    rig.health(Health.OFFLINE)
    assert rig.driver.status().online is None
    with pytest.raises(codec.PrinterOffline):
        rig.driver.print_receipt(sample_receipt())
    rig.sim.replug()
    rig.health(Health.ONLINE)
    receipt = sample_receipt(txn="lane-1-000043")
    rig.driver.print_receipt(receipt)
    assert [b.data for b in rig.sim.wait_receipt(5).barcodes] == ["lane-1-000043"]
    assert rig.driver.connects >= 2


def test_printing_needs_an_enabled_printer():
    driver = EscPosPrinter("p", EventBus().publish, "socket://127.0.0.1:9")
    with pytest.raises(DeviceStateError):
        driver.print_receipt(sample_receipt())
    with pytest.raises(DeviceStateError):
        driver.status()


def test_an_absent_printer_is_offline_and_refuses_at_once():
    endpoint = TcpEndpoint()
    url = endpoint.url
    endpoint.close()  # nobody listens there
    bus = EventBus()
    driver = EscPosPrinter("p", bus.publish, url, FAST, backoff=BACKOFF)
    driver.start()
    try:
        offline = bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert (offline.health, offline.code) == (Health.OFFLINE, "DEVICE_NOT_FOUND")
        with pytest.raises(codec.PrinterOffline):
            driver.print_receipt(sample_receipt(), timeout=5)
    finally:
        driver.close()


@pytest.mark.parametrize("target", [UsbTarget(0xFFFF, 0xFFFE), SerialTarget("/dev/nonexistent")])
def test_absent_usb_and_serial_printers_are_not_found(target):
    with pytest.raises(DeviceNotFound):
        open_link(target, FAST)


def test_printer_addresses():
    assert target_from_url("socket://10.0.0.5:9100") == NetworkTarget("10.0.0.5", 9100)
    assert target_from_url("tcp://printer") == NetworkTarget("printer", 9100)
    assert target_from_url("/dev/ttyUSB0") == SerialTarget("/dev/ttyUSB0")
    assert target_from_url("serial:///dev/ttyS1?baudrate=9600") == SerialTarget("/dev/ttyS1",
                                                                                 9600)
    assert target_from_url("usb://04b8:0e28") == UsbTarget(0x04B8, 0x0E28)
    with pytest.raises(ValueError, match="unsupported"):
        target_from_url("lpt://1")


# -- a printer that answers noise ---------------------------------------------------------------


class Babbler:
    """A fake printer on TCP that answers each status request with ``reply``."""

    def __init__(self) -> None:
        self.endpoint = TcpEndpoint()
        self.reply = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.endpoint.read(timeout=0.02)
                if codec.ALL_STATUS_REQUESTS in data:
                    self.endpoint.write(self.reply)
            except LinkClosed:
                return

    def close(self) -> None:
        self._stop.set()
        self.endpoint.close()
        self._thread.join(5)


@pytest.fixture(scope="module")
def babbler():
    fake = Babbler()
    settings_ = PrinterSettings(status_timeout_s=0.05, poll_interval_s=60.0)
    driver = EscPosPrinter("noisy", EventBus().publish, fake.endpoint.url, settings_,
                           backoff=BACKOFF)
    driver.start()
    assert driver.status(timeout=5).online is None  # after the driver's first query: no reply
    yield fake, driver
    driver.close()
    fake.close()


def test_noise_is_counted_and_does_not_hide_the_answers(babbler):
    fake, driver = babbler
    before = driver.garbage_bytes
    fake.reply = b"\xff\x81" + bytes.fromhex("12 16 12 12")
    event = driver.status(timeout=5)
    assert (event.online, event.cover_open) == (True, True)
    assert driver.garbage_bytes - before == 2


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=40))
def test_any_answer_leaves_the_driver_working(babbler, reply):
    fake, driver = babbler
    fake.reply = reply
    event = driver.status(timeout=5)  # never raises, whatever came back
    assert event.online in (True, False, None)
    assert driver._thread is not None
    assert driver._thread.is_alive()
