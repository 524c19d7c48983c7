"""``sco devices probe``: open each configured device and say how it is, in plain words.

Each device is started as the lane would start it; the probe waits a few
seconds for it to come online, then asks it for something only a working
device can answer: a weight, a printer status, a terminal registration.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from pathlib import Path

from devices.events import DeviceEvent, EventBus, Health, HealthEvent, ScanEvent
from devices.payment.zvt import ZvtTerminal
from devices.printer.driver import EscPosPrinter
from devices.scale.driver import ScaleDriver
from kiosk.config import load_lane
from kiosk.hardware import build
from pos.errors import SCOError


@dataclass(frozen=True)
class ProbeResult:
    role: str
    device_id: str
    ok: bool
    health: str
    detail: str


def probe_lane(lane_path: Path | str, *, wait_s: float = 5.0) -> list[ProbeResult]:
    lane = load_lane(lane_path)
    bus = EventBus()
    hardware = build(lane, bus.publish)
    results = []
    try:
        hardware.start()
        health = _collect_health(bus, {d.device_id for d in hardware.drivers.values()}, wait_s)
        for role, driver in hardware.drivers.items():
            state = health.get(driver.device_id)
            online = state is not None and state.health is Health.ONLINE
            try:
                detail = _ask(driver) if online else (
                    f"{state.code}: {state.reason}" if state else "no answer")
                ok = online
            except SCOError as exc:
                detail, ok = f"{exc.code}: {exc.message}", False
            results.append(ProbeResult(role, driver.device_id, ok,
                                       state.health.value if state else "unknown", detail))
    finally:
        hardware.close()
    return results


def _collect_health(bus: EventBus, ids: set[str], wait_s: float) -> dict[str, HealthEvent]:
    """The latest health of each device, waiting until all are online or time is up."""
    latest: dict[str, HealthEvent] = {}
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            event: DeviceEvent = bus.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if isinstance(event, HealthEvent):
            latest[event.device_id] = event
        if ids <= {k for k, v in latest.items() if v.health is Health.ONLINE}:
            break
    return latest


def _ask(driver: object) -> str:
    if isinstance(driver, ScaleDriver):
        described = driver.probe(timeout=3.0)
        live = driver.last_live
        return f"{described}; reading {live.grams} g ({live.status.value})" if live else described
    if isinstance(driver, EscPosPrinter):
        status = driver.status(timeout=3.0)
        if status.online is None:
            return "no status answer (unknown)"
        flags = [name for name in ("cover_open", "paper_near_end", "paper_out", "cutter_error")
                 if getattr(status, name)]
        return "ready" if status.can_print and not flags else "not ready: " + ", ".join(flags)
    if isinstance(driver, ZvtTerminal):
        driver.register()
        return "registered"
    _ = ScanEvent  # scanners answer only when something is scanned: online is all we know
    return "port open; scan a code to test reading"
