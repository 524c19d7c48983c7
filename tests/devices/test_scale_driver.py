"""Scale drivers against their simulators, over a pty and over TCP, with faults."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.errors import DeviceOffline, DeviceStateError
from devices.events import DeviceEvent, EventBus, Health, HealthEvent, WeightEvent, WeightStatus
from devices.scale import toledo8217 as t8217
from devices.scale.driver import (
    MtSicsScale,
    ScaleCommandError,
    ScaleDriver,
    ScaleOptions,
    StableFilter,
    Toledo8217Scale,
)
from devices.scale.sim import FailMode, MtSicsSim, ScaleSim, Toledo8217Sim
from devices.simlink import PtyEndpoint, TcpEndpoint
from devices.worker import Backoff

NOISE = 2
WAIT = 5.0  # generous: normally reached in well under a second

# Fast but otherwise real settings: 20 polls a second, silence judged after 0.2 s.
OPTIONS = ScaleOptions(poll_hz=20, answer_timeout_s=0.2, missed_polls_offline=2,
                       bad_answers_error=2, backoff=Backoff(initial_s=0.05, max_s=0.2))


@dataclass
class Rig:
    sim: ScaleSim
    driver: ScaleDriver
    bus: EventBus

    def weight(self, predicate: Callable[[WeightEvent], bool], timeout: float = WAIT,
               ) -> WeightEvent:
        event = self.bus.wait_for(lambda e: isinstance(e, WeightEvent) and predicate(e), timeout)
        assert isinstance(event, WeightEvent)
        return event

    def stable(self, grams: int, tolerance: int = NOISE) -> WeightEvent:
        return self.weight(lambda e: e.stable and e.grams is not None
                           and abs(e.grams - grams) <= tolerance)

    def status(self, status: WeightStatus) -> WeightEvent:
        return self.weight(lambda e: e.status is status)

    def health(self, health: Health, code: str | None = None) -> HealthEvent:
        event = self.bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is health
                                  and (code is None or e.code == code), WAIT)
        assert isinstance(event, HealthEvent)
        return event

    def collect(self, seconds: float) -> list[DeviceEvent]:
        """Every event within ``seconds`` (to show that something did NOT happen)."""
        events: list[DeviceEvent] = []
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                events.append(self.bus.get(timeout=remaining))
            except queue.Empty:
                break
        return events


def make_sim(protocol: str, endpoint, **options) -> ScaleSim:
    options.setdefault("settle_s", 0.15)
    options.setdefault("noise_g", NOISE)
    options.setdefault("seed", 42)
    if protocol == "8217":
        return Toledo8217Sim(endpoint, **options)
    options.setdefault("stream_interval_s", 0.02)
    return MtSicsSim(endpoint, **options)


def make_driver(protocol: str, bus: EventBus, url: str, options: ScaleOptions = OPTIONS,
                ) -> ScaleDriver:
    if protocol == "8217":
        return Toledo8217Scale("scale-1", bus.publish, url, options)
    return MtSicsScale("scale-1", bus.publish, url, options)


@pytest.fixture
def rig_factory(tmp_path: Path) -> Iterator[Callable[..., Rig]]:
    made: list[Rig] = []

    def factory(protocol: str, transport: str = "pty", options: ScaleOptions = OPTIONS,
                start: bool = True, **sim_options) -> Rig:
        endpoint = PtyEndpoint(tmp_path / f"ttyScale{len(made)}") if transport == "pty" \
            else TcpEndpoint()
        sim = make_sim(protocol, endpoint, **sim_options).start()
        bus = EventBus()
        rig = Rig(sim, make_driver(protocol, bus, endpoint.url, options), bus)
        made.append(rig)
        if start:
            rig.driver.start()
            rig.stable(0)  # connected, and the empty platter reads zero
        return rig

    yield factory
    for rig in made:
        rig.driver.close()
        rig.sim.stop()


PROTOCOLS = ["8217", "mtsics"]
LINKS = [("8217", "pty"), ("8217", "tcp"), ("mtsics", "pty"), ("mtsics", "tcp")]


# -- readings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("protocol", "transport"), LINKS)
def test_a_put_reads_unstable_first_then_exactly_one_stable(rig_factory, protocol, transport):
    rig = rig_factory(protocol, transport)
    rig.sim.put(1250)
    seen: list[WeightEvent] = []
    while not (seen and seen[-1].stable):
        event = rig.weight(lambda e: True)
        seen.append(event)
    *moving, stable = seen
    assert moving
    assert all(e.status is WeightStatus.UNSTABLE for e in moving)
    assert stable.status is WeightStatus.STABLE
    assert abs(stable.grams - 1250) <= NOISE
    assert stable.at_ns >= rig.sim.settled_at_ns
    # The scale keeps jittering by +/- 2 g: no more events, live and stable stay apart.
    later = [e for e in rig.collect(0.4) if isinstance(e, WeightEvent)]
    assert later == []
    assert rig.driver.last_stable == stable
    live = rig.driver.last_live
    assert live is not None
    assert live.status is WeightStatus.STABLE
    assert abs(live.grams - 1250) <= NOISE
    assert rig.driver.bad_frames == 0


def test_mtsics_unstable_readings_carry_the_moving_weight(rig_factory):
    rig = rig_factory("mtsics")
    rig.sim.put(2000)
    moving = rig.weight(lambda e: e.status is WeightStatus.UNSTABLE and e.grams is not None
                        and 300 < e.grams < 1900)
    assert moving.grams is not None
    rig.stable(2000)
    assert rig.driver.streaming  # type: ignore[attr-defined]
    assert rig.sim.commands.count(b"SIR") == 1
    assert b"SI" not in rig.sim.commands


def test_8217_unstable_readings_have_no_weight(rig_factory):
    rig = rig_factory("8217")
    rig.sim.put(700)
    assert rig.status(WeightStatus.UNSTABLE).grams is None
    rig.stable(700)


def test_settling_back_to_the_same_weight_is_reported_once_more(rig_factory):
    rig = rig_factory("mtsics")
    rig.sim.put(500)
    rig.stable(500)
    rig.sim.set_weight(500)  # a hand pressed and let go: motion, then the same weight
    rig.status(WeightStatus.UNSTABLE)
    rig.stable(500)


def test_mtsics_falls_back_to_polling_si(rig_factory):
    rig = rig_factory("mtsics", sir_supported=False)
    rig.sim.put(900)
    rig.stable(900)
    assert not rig.driver.streaming  # type: ignore[attr-defined]
    assert rig.sim.commands[0] == b"SIR"
    assert rig.sim.commands.count(b"SI") >= 2


def test_8217_reads_lb_scales_in_grams(rig_factory):
    rig = rig_factory("8217", unit=t8217.Unit.LB)
    rig.sim.put(1000)
    rig.stable(1000, tolerance=NOISE + 3)  # 0.01 lb steps are 4.5 g


def test_readings_are_published_only_while_enabled(rig_factory):
    rig = rig_factory("mtsics", start=False)
    rig.driver.open()
    with pytest.raises(DeviceStateError):
        rig.driver.zero()
    rig.driver.claim()
    rig.health(Health.ONLINE)
    rig.sim.put(300)
    assert [e for e in rig.collect(0.4) if isinstance(e, WeightEvent)] == []
    assert rig.driver.last_live is not None
    rig.driver.enable()
    rig.stable(300)


# -- zero, tare ----------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_zero_and_tare(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.put(200)
    rig.stable(200)
    rig.driver.zero()
    rig.status(WeightStatus.ZERO)
    rig.sim.put(1000)  # the bag
    rig.stable(1000)
    tare = rig.driver.tare()
    if protocol == "mtsics":
        assert tare is not None
        assert abs(tare - 1000) <= NOISE
    else:
        assert tare is None  # the 8217 does not say
    rig.status(WeightStatus.ZERO)
    rig.sim.put(450)
    rig.stable(450)
    if protocol == "8217":
        assert rig.driver.net  # the trailing N
    rig.driver.clear_tare()
    rig.stable(1450, tolerance=2 * NOISE)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_zero_waits_for_motion_to_end(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.put(300)
    rig.driver.zero()  # asked while still moving: done once it settles
    assert rig.sim.model.zero_offset_g == 300


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_zero_outside_the_range_is_refused(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.put(5000)
    rig.stable(5000)
    with pytest.raises(ScaleCommandError) as refused:
        rig.driver.zero()
    assert refused.value.code == "SCALE_COMMAND_REFUSED"


# -- over capacity, under zero --------------------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_over_capacity(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.put(31_000)
    rig.health(Health.ERROR, "SCALE_OVER_CAPACITY")
    assert rig.status(WeightStatus.OVER_CAPACITY).grams is None
    rig.sim.take(2000)
    rig.health(Health.ONLINE)
    rig.stable(29_000)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_under_zero(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.put(300)
    rig.stable(300)
    rig.driver.zero()
    rig.sim.take(300)  # the platter was zeroed with something on it, which is now gone
    under = rig.status(WeightStatus.UNDER_ZERO)
    if protocol == "mtsics":
        assert under.grams is not None
        assert abs(under.grams + 300) <= NOISE
    else:
        assert under.grams is None  # the 8217 sends only the status bit


# -- faults ------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_silent_scale_goes_offline_and_comes_back(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.set_fail(FailMode.SILENT)
    offline = rig.health(Health.OFFLINE, "DEVICE_TIMEOUT")
    assert "no answer" in offline.reason
    rig.status(WeightStatus.NOT_READY)
    expected = "no echo (no answer)" if protocol == "8217" else "DEVICE_TIMEOUT"
    assert expected in rig.driver.probe(timeout=0.5)
    rig.sim.set_fail(FailMode.NONE)
    rig.health(Health.ONLINE)
    rig.sim.put(400)
    rig.stable(400)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_slow_scale_still_reads(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.set_fail(FailMode.SLOW, delay_s=0.08)  # within the 0.2 s answer timeout
    rig.sim.put(600)
    rig.stable(600)
    assert rig.driver.health is Health.ONLINE
    assert not [e for e in rig.collect(0.3) if isinstance(e, HealthEvent)]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_garbage_is_counted_and_survived(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.set_fail(FailMode.GARBAGE)
    error = rig.health(Health.ERROR, "DEVICE_PROTOCOL")
    assert "frames" in error.reason
    assert rig.driver.bad_frames >= 2
    rig.sim.set_fail(FailMode.NONE)
    rig.health(Health.ONLINE)
    rig.sim.put(800)
    rig.stable(800)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_partial_frames_are_dropped(rig_factory, protocol):
    rig = rig_factory(protocol)
    partial = b"\x0201.2" if protocol == "8217" else b"S S     12"
    rig.sim.inject(partial)
    rig.sim.put(321)
    rig.stable(321)
    assert rig.driver.bad_frames >= 1


@pytest.mark.parametrize(("protocol", "transport"), LINKS)
def test_unplug_and_replug_recover_by_themselves(rig_factory, protocol, transport):
    rig = rig_factory(protocol, transport)
    connects = rig.driver.worker.connects  # type: ignore[union-attr]
    rig.sim.endpoint.unplug()
    rig.health(Health.OFFLINE)
    with pytest.raises(DeviceOffline):
        rig.driver.zero()
    rig.sim.endpoint.replug()
    rig.health(Health.ONLINE)
    rig.sim.put(1500)
    rig.stable(1500)
    assert rig.driver.worker.connects > connects  # type: ignore[union-attr]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_probe_describes_the_scale(rig_factory, protocol):
    rig = rig_factory(protocol)
    description = rig.driver.probe()
    expected = "echo ok" if protocol == "8217" else "serial number 0123456789"
    assert expected in description
    assert "0 bad frames" in description
    rig.sim.put(100)  # polling goes on after the probe (the 8217 left echo mode)
    rig.stable(100)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_the_driver_thread_survives_random_garbage(rig_factory, protocol):
    rig = rig_factory(protocol)
    rig.sim.set_fail(FailMode.SILENT)  # only the fuzzed bytes reach the driver

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.binary(min_size=1, max_size=48))
    def feed(blob: bytes) -> None:
        rig.sim.inject(blob)

    feed()
    rig.sim.set_fail(FailMode.NONE)
    rig.sim.put(2500)
    rig.stable(2500)
    assert rig.driver.bad_frames > 0
    assert rig.driver.worker is not None
    assert rig.driver.worker.connects == 1


# -- the filter on its own --------------------------------------------------------------


def test_stable_filter_publishes_changes_and_one_event_per_plateau():
    f = StableFilter(stable_band_g=5, zero_band_g=2)
    stable, unstable = WeightStatus.STABLE, WeightStatus.UNSTABLE
    offered = [(unstable, 10), (unstable, 10), (unstable, 50), (stable, 100), (stable, 102),
               (stable, 98), (stable, 106), (stable, 104), (unstable, None), (stable, 104),
               (stable, 1), (stable, -1)]
    published = [(s, g) for s, g in offered if f.offer(*f.classify(s, g))]
    assert published == [(unstable, 10), (unstable, 50), (stable, 100), (stable, 106),
                         (unstable, None), (stable, 104), (stable, 1)]
    assert f.classify(stable, 1) == (WeightStatus.ZERO, 0)
    assert f.classify(stable, -40) == (WeightStatus.UNDER_ZERO, -40)
