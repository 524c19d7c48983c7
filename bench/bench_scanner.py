"""Scanner latency: bytes on the wire to a ``ScanEvent`` off the EventBus.

The serial simulator writes each frame to a pty, its last byte separately,
and stamps the time just before that last byte; the sample ends when the
driver's ``ScanEvent`` is taken off the bus.  So a sample is what a shopper
waits for once the scanner has finished sending: the driver's wake-up, the
frame cut, the event.  Target: p99 under 2 ms.  The same over TCP and through
the simulated USB HID POS backend is reported beside it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from bench.stats import summary_us
from devices.events import EventBus, Health, HealthEvent, ScanEvent, now_ns
from devices.scanner.hidpos import HidPosScanner
from devices.scanner.serial_aim import SerialAimScanner
from devices.scanner.sim_hidpos import SIM_PID, SIM_VID, SimHidPosBackend
from devices.scanner.sim_serial import SerialScannerSim

TARGET_P99_US = 2_000
SCANS = 1_000
CODES = ("4006381333931", "96385074", "0104006381333931\x1d10ABC123", "5901234123457")
AIMS = ("]E0", "]E4", "]C1", "]E0")


def _is_scan(event: object) -> bool:
    return isinstance(event, ScanEvent)


def _is_online(event: object) -> bool:
    return isinstance(event, HealthEvent) and event.health is Health.ONLINE


def _measure(bus: EventBus, send: Callable[[str, str], int], scans: int) -> list[int]:
    bus.wait_for(_is_online, 5)  # bytes sent before the port is open would be flushed
    for i in range(20):  # warm up: first reads, first allocations
        send(CODES[i % 4], AIMS[i % 4])
        bus.wait_for(_is_scan, 5)
    samples = []
    gc.disable()
    try:
        for i in range(scans):
            sent = send(CODES[i % 4], AIMS[i % 4])
            event = bus.wait_for(_is_scan, 5)
            samples.append(now_ns() - sent)
            assert isinstance(event, ScanEvent)
            assert event.text == CODES[i % 4]
    finally:
        gc.enable()
    return samples


def _serial(kind: str, scans: int) -> dict[str, Any]:
    sim = SerialScannerSim.on_pty() if kind == "pty" else SerialScannerSim.on_tcp()
    sim.start()
    bus = EventBus()
    driver = SerialAimScanner("bench-scanner", bus.publish, sim.url)
    try:
        driver.start()
        return summary_us(_measure(bus, sim.scan, scans))
    finally:
        driver.close()
        sim.stop()


def _hidpos(scans: int) -> dict[str, Any]:
    backend = SimHidPosBackend()
    bus = EventBus()
    driver = HidPosScanner("bench-scanner", bus.publish, SIM_VID, SIM_PID, backend=backend)
    try:
        driver.start()
        return summary_us(_measure(bus, backend.scan, scans))
    finally:
        driver.close()
        backend.stop()


def run(scans: int = SCANS) -> dict[str, Any]:
    pty = _serial("pty", scans)
    return {
        "what": "last frame byte written -> ScanEvent taken off the EventBus",
        "scans": scans,
        "pty": pty,
        "tcp": _serial("tcp", scans),
        "hidpos_sim": _hidpos(scans),
        "p50_us": pty["p50_us"],
        "p99_us": pty["p99_us"],
        "target_p99_us": TARGET_P99_US,
        "meets_target": pty["p99_us"] < TARGET_P99_US,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
