"""The serial scanner driver against its simulator, over a pty and over TCP."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.events import DeviceEvent, EventBus, Health, HealthEvent, ScanEvent
from devices.scanner.aim import AimIds, Framing
from devices.scanner.serial_aim import SCANNER_SERIAL, SerialAimScanner
from devices.scanner.sim_serial import SerialScannerSim, main
from devices.simlink import PtyEndpoint, TcpEndpoint
from devices.worker import Backoff
from pos.barcode import Symbology
from tests.waiting import wait_until

FAST = Framing(inter_byte_timeout_s=0.1)  # fragments expire quickly in tests
GS1 = "0104006381333931\x1d10ABC123"
KINDS = ["pty", "tcp"]


def is_scan(event: DeviceEvent) -> bool:
    return isinstance(event, ScanEvent)


def health_is(health: Health) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, HealthEvent) and e.health is health


class Rig:
    def __init__(self, sim: SerialScannerSim, bus: EventBus, driver: SerialAimScanner) -> None:
        self.sim, self.bus, self.driver = sim, bus, driver

    def next_scan(self) -> ScanEvent:
        event = self.bus.wait_for(is_scan, 5)
        assert isinstance(event, ScanEvent)
        return event

    def no_scan_within(self, seconds: float) -> None:
        with pytest.raises(queue.Empty):
            self.bus.wait_for(is_scan, seconds)


@contextlib.contextmanager
def rig(kind: str, tmp_path: Path, framing: Framing = FAST) -> Iterator[Rig]:
    endpoint = PtyEndpoint(tmp_path / "ttySCAN") if kind == "pty" else TcpEndpoint()
    sim = SerialScannerSim(endpoint, framing)
    sim.start()
    bus = EventBus()
    driver = SerialAimScanner("scanner-1", bus.publish, sim.url, framing=framing,
                              backoff=Backoff(initial_s=0.05, max_s=0.2))
    driver.start()
    try:
        bus.wait_for(health_is(Health.ONLINE), 5)
        yield Rig(sim, bus, driver)
    finally:
        driver.close()
        sim.stop()


@pytest.mark.parametrize("kind", KINDS)
def test_scans_arrive_with_symbology_raw_and_text(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.sim.scan("4006381333931")
        event = r.next_scan()
        assert (event.device_id, event.symbology, event.text) == \
            ("scanner-1", Symbology.EAN13, "4006381333931")
        assert event.raw == b"]E04006381333931\r"
        r.sim.scan(GS1, aim="]C1")
        event = r.next_scan()
        assert (event.symbology, event.text) == (Symbology.GS1_128, GS1)
        assert r.driver.scans == 2


@pytest.mark.parametrize("kind", KINDS)
def test_prefix_crlf_and_no_aim_settings(kind, tmp_path):
    framing = Framing(prefix=b"\x02", suffix=b"\r\n", aim_ids=AimIds.NONE,
                      inter_byte_timeout_s=0.1)
    with rig(kind, tmp_path, framing) as r:
        r.sim.scan("96385074", aim="]E4")  # the scanner is set up to leave the id out
        event = r.next_scan()
        assert (event.symbology, event.text, event.raw) == \
            (Symbology.UNKNOWN, "96385074", b"\x0296385074\r\n")


@pytest.mark.parametrize("kind", KINDS)
def test_several_frames_in_one_write_and_a_frame_in_two(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.sim.garbage(r.sim.frame("111") + r.sim.frame("222", "]E4") + r.sim.frame("333"))
        assert [r.next_scan().text for _ in range(3)] == ["111", "222", "333"]
        r.sim.scan_split("4006381333931", pause_s=0.02)
        assert r.next_scan().text == "4006381333931"
        assert r.driver.bad_frames == 0


@pytest.mark.parametrize("kind", KINDS)
def test_garbage_and_fragments_are_dropped_and_counted(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.sim.garbage(b"\x00\xff\xfe")  # noise without a suffix: expires
        wait_until(lambda: r.driver.bad_frames == 1)
        r.sim.truncated("4006381333931", keep=6)  # a frame cut off mid-way
        wait_until(lambda: r.driver.bad_frames == 2)
        r.sim.garbage(b"\r")  # an empty frame
        wait_until(lambda: r.driver.bad_frames == 3)
        assert r.driver.dropped_bytes == 3 + 6 + 1
        r.sim.scan("4006381333931")
        assert r.next_scan().text == "4006381333931"
        assert r.driver.health is Health.ONLINE
        assert r.driver.connects == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_slow_scanner_still_delivers_whole_frames(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.sim.set_slow(0.01)  # 10 ms between bytes: far slower than 9600 baud, within timeout
        r.sim.scan("4006381333931")
        assert r.next_scan().text == "4006381333931"
        assert r.driver.bad_frames == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_silent_scanner_stays_online_and_publishes_nothing(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.no_scan_within(0.3)
        assert r.driver.health is Health.ONLINE
        assert (r.driver.scans, r.driver.bad_frames, r.driver.connects) == (0, 0, 1)
        r.sim.scan("96385074", "]E4")
        assert r.next_scan().symbology is Symbology.EAN8


@pytest.mark.parametrize("kind", KINDS)
def test_driver_recovers_by_itself_after_unplug_and_replug(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.sim.truncated("4006381333931", keep=5)  # the cable goes mid-frame
        r.sim.unplug()
        offline = r.bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(offline, HealthEvent)
        assert offline.health is Health.OFFLINE
        r.sim.replug()
        r.bus.wait_for(health_is(Health.ONLINE), 5)
        r.sim.scan("4006381333931")
        event = r.next_scan()
        assert event.raw == b"]E04006381333931\r"  # the fragment did not stick to it
        assert r.driver.connects >= 2


@pytest.mark.parametrize("kind", KINDS)
def test_scans_while_disabled_are_discarded_not_queued(kind, tmp_path):
    with rig(kind, tmp_path) as r:
        r.driver.disable()
        r.sim.scan("111")
        r.sim.scan("222")
        wait_until(lambda: r.driver.discarded == 2)
        r.driver.enable()
        r.sim.scan("333")
        assert r.next_scan().text == "333"


def test_default_line_settings_are_9600_8n1():
    assert (SCANNER_SERIAL.baudrate, SCANNER_SERIAL.bytesize, SCANNER_SERIAL.parity,
            SCANNER_SERIAL.stopbits) == (9600, 8, "N", 1)
    assert SCANNER_SERIAL.timeout <= 0.1  # bounds how late stop and fragment expiry are seen


def test_a_missing_port_is_reported_offline_not_raised(tmp_path):
    bus = EventBus()
    driver = SerialAimScanner("scanner-1", bus.publish, str(tmp_path / "nothing"),
                              backoff=Backoff(initial_s=0.05, max_s=0.1))
    driver.start()
    try:
        event = bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert isinstance(event, HealthEvent)
        assert (event.health, event.code) == (Health.OFFLINE, "DEVICE_NOT_FOUND")
    finally:
        driver.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Rig]:
    with rig("pty", tmp_path_factory.mktemp("fuzz"), Framing(inter_byte_timeout_s=0.05)) as r:
        yield r


@settings(max_examples=40, deadline=None)
@given(noise=st.lists(st.binary(min_size=1, max_size=64), min_size=1, max_size=4))
def test_no_input_kills_the_driver_thread(live, noise):
    for chunk in noise:
        live.sim.garbage(chunk)
    live.sim.garbage(b"\r")  # end whatever fragment the noise left
    live.sim.scan("4006381333931")
    live.bus.wait_for(lambda e: isinstance(e, ScanEvent) and e.raw == b"]E04006381333931\r", 5)
    assert live.driver.connects == 1  # the session never died
    assert live.driver.health is Health.ONLINE


def test_sim_main_serves_stdin_lines_on_a_pty(monkeypatch, capsys, tmp_path):
    read_end, write_end = os.pipe()
    monkeypatch.setattr("sys.stdin", os.fdopen(read_end, encoding="latin-1"))
    bus = EventBus()
    started = threading.Event()
    result: list[int] = []

    def serve() -> None:
        started.set()
        result.append(main(["--link", str(tmp_path / "ttySIM")]))  # a pty by default

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(5)
    driver = SerialAimScanner("scanner-1", bus.publish, str(tmp_path / "ttySIM"),
                              backoff=Backoff(initial_s=0.02, max_s=0.05))
    driver.start()
    try:
        bus.wait_for(health_is(Health.ONLINE), 5)
        with os.fdopen(write_end, "w", encoding="latin-1") as stdin:
            stdin.writelines(["4006381333931\n", "]C1 " + GS1 + "\n", "scan quit\n"])
            stdin.flush()
            scans = [bus.wait_for(is_scan, 5) for _ in range(3)]
            assert all(isinstance(scan, ScanEvent) for scan in scans)
            assert [(s.symbology, s.text) for s in scans if isinstance(s, ScanEvent)] == [
                (Symbology.EAN13, "4006381333931"), (Symbology.GS1_128, GS1),
                (Symbology.EAN13, "quit")]  # a barcode that reads "quit", sent with "scan"
            stdin.write("quit\n")  # the command: the simulator stops
        thread.join(5)
        assert result == [0]
        out = capsys.readouterr().out.rstrip("\n").split("\n")  # splitlines() splits at GS
        assert out[0] == str(tmp_path / "ttySIM")
        assert out[1:] == ["sent 4006381333931 (]E0)", f"sent {GS1} (]C1)", "sent quit (]E0)"]
    finally:
        driver.close()
