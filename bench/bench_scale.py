"""Bagging scale: how long after the load settles the driver publishes the STABLE reading.

For each protocol, ``PUTS`` items are put on a simulated scale behind a pty
(settle time 0.3 s, +/- 2 g noise).  The simulator records the instant the
load becomes stable (``settled_at_ns``); the driver stamps its WeightEvent
when it publishes it (``at_ns``); both on the ``time.monotonic_ns`` clock.
The Toledo 8217 is polled at 5 Hz, so expect up to one poll period; MT-SICS
streams with SIR (a line every 50 ms here), so expect up to one line period.
"""

from __future__ import annotations

import json
import logging
import queue
import random
import sys
import threading
from typing import Any

from bench.stats import percentile, summary_us
from devices.events import EventBus, WeightEvent
from devices.scale.driver import MtSicsScale, ScaleDriver, ScaleOptions, Toledo8217Scale
from devices.scale.sim import MtSicsSim, ScaleSim, Toledo8217Sim
from devices.simlink import PtyEndpoint

PUTS = 50
SETTLE_S = 0.3
NOISE_G = 2
POLL_HZ = 5.0
STREAM_INTERVAL_S = 0.05  # an MT-SICS scale at 9600 baud streams ~20 lines a second


def _rig(protocol: str, bus: EventBus) -> tuple[ScaleSim, ScaleDriver]:
    endpoint = PtyEndpoint()
    options = ScaleOptions(poll_hz=POLL_HZ)
    if protocol == "8217":
        sim: ScaleSim = Toledo8217Sim(endpoint, settle_s=SETTLE_S, noise_g=NOISE_G, seed=1)
        return sim, Toledo8217Scale("bench-scale", bus.publish, endpoint.url, options)
    sim = MtSicsSim(endpoint, settle_s=SETTLE_S, noise_g=NOISE_G, seed=1,
                    stream_interval_s=STREAM_INTERVAL_S)
    return sim, MtSicsScale("bench-scale", bus.publish, endpoint.url, options)


def _next_stable(bus: EventBus, grams: int, tolerance: int, timeout: float = 5.0,
                 ) -> tuple[WeightEvent, int]:
    """The stable event for ``grams``, and how many stable events came before it."""
    others = 0
    while True:
        event = bus.wait_for(lambda e: isinstance(e, WeightEvent) and e.stable, timeout)
        assert isinstance(event, WeightEvent)
        if event.grams is not None and abs(event.grams - grams) <= tolerance:
            return event, others
        others += 1


def detection_latency(protocol: str, puts: int = PUTS) -> dict[str, Any]:
    bus = EventBus()
    sim, driver = _rig(protocol, bus)
    sim.start()
    driver.start()
    tolerance = NOISE_G
    samples_ns: list[int] = []
    stray = missed = 0
    # Shoppers do not put items down in step with the polls: a random pause before each
    # put spreads the settling instant over the poll (or stream) period.
    pause, rng = threading.Event(), random.Random(7)
    try:
        _next_stable(bus, 0, tolerance)
        load = 0
        for i in range(puts):
            grams = 100 + (i * 37) % 500  # 100 .. 599 g: always a new stable value
            load += grams
            pause.wait(rng.uniform(0, 1 / POLL_HZ))
            sim.put(grams)
            settled_ns = sim.settled_at_ns
            try:
                event, others = _next_stable(bus, load, tolerance)
            except queue.Empty:
                missed += 1
                continue
            stray += others
            samples_ns.append(event.at_ns - settled_ns)
    finally:
        driver.close()
        sim.stop()
    ms = [s / 1e6 for s in samples_ns]
    return {
        "p50_ms": round(percentile(ms, 50), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1) if ms else None,
        "detail_us": summary_us(samples_ns) if samples_ns else {},
        "puts": puts,
        "missed": missed,
        "stray_stable_events": stray,
        "bad_frames": driver.bad_frames,
    }


def run() -> dict[str, Any]:
    logging.getLogger("devices").setLevel(logging.ERROR)
    return {
        "what": "time from the simulated load settling to the driver's STABLE WeightEvent",
        "link": "pty",
        "settle_s": SETTLE_S,
        "noise_g": NOISE_G,
        "toledo8217_poll_5hz": detection_latency("8217"),
        "mtsics_sir": detection_latency("mtsics"),
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
