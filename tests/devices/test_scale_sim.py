"""The scale simulator: its model with time passed in, and its bytes on a pty."""

from __future__ import annotations

import pytest

from devices.scale import mtsics
from devices.scale import toledo8217 as t8217
from devices.scale.sim import (
    FailMode,
    MtSicsSim,
    ScaleModel,
    TareOutcome,
    Toledo8217Sim,
    ZeroOutcome,
    control,
)
from devices.simlink import PtyEndpoint

S = 1_000_000_000


def test_a_new_load_moves_for_the_settle_time_then_is_stable_within_noise():
    model = ScaleModel(noise_g=2, settle_s=0.3, seed=7)
    model.set_load(1000, now_ns=10 * S)
    assert model.settled_at_ns == 10 * S + int(0.3 * S)
    moving = [model.sample(10 * S + i * S // 20) for i in range(6)]  # 0 .. 0.25 s
    assert all(sample.motion for sample in moving)
    assert moving[0].net_g < 100 < 500 < moving[-1].net_g  # a ramp towards the load
    settled = [model.sample(11 * S + i) for i in range(200)]
    assert not any(sample.motion for sample in settled)
    assert {s.net_g for s in settled} <= set(range(998, 1003))
    assert len({s.net_g for s in settled}) > 1  # it does jitter


def test_an_empty_platter_reads_exactly_zero():
    model = ScaleModel(noise_g=5, settle_s=0.0, seed=1)
    assert {model.sample(i).net_g for i in range(100)} == {0}


def test_zero_works_within_two_percent_of_capacity_only():
    model = ScaleModel(capacity_g=30_000, settle_s=0.0)
    model.set_load(500, 0)
    assert model.zero(1) is ZeroOutcome.DONE
    assert model.sample(2).net_g == 0
    model.set_load(5000, 3)
    assert model.zero(4) is ZeroOutcome.ABOVE_RANGE
    model.set_load(-700, 5)
    assert model.zero(6) is ZeroOutcome.BELOW_RANGE


def test_zero_and_tare_wait_for_motion_to_end():
    model = ScaleModel(settle_s=0.3)
    model.set_load(300, 0)
    assert model.zero(S // 10) is ZeroOutcome.MOTION
    assert model.tare(S // 10) is TareOutcome.MOTION


def test_tare_takes_the_gross_weight():
    model = ScaleModel(noise_g=0, settle_s=0.0)
    model.set_load(800, 0)
    assert model.tare(1) is TareOutcome.DONE
    assert (model.tare_g, model.sample(2).net_g) == (800, 0)
    model.set_load(1300, 3)
    assert model.sample(4).net_g == 500
    model.set_load(0, 5)
    assert model.sample(6).under_zero
    assert model.tare(7) is TareOutcome.DONE  # tare of nothing: 0
    model.set_load(-100, 8)
    assert model.tare(9) is TareOutcome.BELOW_RANGE


def test_over_capacity_and_underload_flags():
    model = ScaleModel(capacity_g=30_000, settle_s=0.0)
    model.set_load(30_001, 0)
    assert model.sample(1).over_capacity
    model.set_load(-601, 2)
    sample = model.sample(3)
    assert sample.underload
    assert sample.under_zero
    assert not sample.over_capacity


def exchange(port, data: bytes, until: bytes, timeout: float = 5.0) -> bytes:
    """Write to the simulator through a plain serial port and read up to ``until``."""
    port.write(data)
    port.timeout = timeout
    return port.read_until(until)


@pytest.fixture
def pty_port():
    from devices.serialport import SerialSettings, open_port

    def opener(url: str):
        return open_port(url, SerialSettings(timeout=5.0))

    return opener


def test_8217_sim_speaks_the_codec_bytes(pty_port):
    sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.0, noise_g=0).start()
    try:
        with pty_port(sim.url) as port:
            assert exchange(port, b"W", b"\r") == b"\x0200.000\r"
            sim.set_weight(1234)
            assert exchange(port, b"W", b"\r") == b"\x0201.234\r"
            assert exchange(port, b"T", b"\r") == b"\x02?`\r"  # net bit
            assert exchange(port, b"W", b"\r") == b"\x0200.000N\r"
            assert exchange(port, b"C", b"\r") == b"\x02?@\r"
            assert exchange(port, b"Z", b"\r") == b"\x02?H\r"  # outside range
            port.write(b"Ehello")
            assert port.read(8) == b"\x02E\rhello"
            port.write(b"F")
            assert exchange(port, b"W", b"\r") == b"\x0201.234\r"
            sim.set_settle(5.0)
            sim.put(10)
            assert exchange(port, b"W", b"\r") == b"\x02?A\r"  # in motion
    finally:
        sim.stop()
    assert list(sim.commands)[:3] == [b"W", b"W", b"T"]


def test_8217_sim_preset_tare(pty_port):
    sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.0, noise_g=0).start()
    try:
        with pty_port(sim.url) as port:
            sim.set_weight(2000)
            assert exchange(port, t8217.preset_tare(500), b"\r") == b"\x02?`\r"
            assert exchange(port, b"W", b"\r") == b"\x0201.500N\r"
    finally:
        sim.stop()


def test_mtsics_sim_speaks_the_codec_bytes(pty_port):
    sim = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0, decimals=2).start()
    try:
        with pty_port(sim.url) as port:
            sim.set_weight(100)
            assert exchange(port, b"S\r\n", b"\n") == b"S S     100.00 g\r\n"
            assert exchange(port, b"SI\r\n", b"\n") == b"S S     100.00 g\r\n"
            assert exchange(port, b"T\r\n", b"\n") == b"T S     100.00 g\r\n"
            assert exchange(port, b"TAC\r\n", b"\n") == b"TAC A\r\n"
            assert exchange(port, b"Z\r\n", b"\n") == b"Z A\r\n"
            assert exchange(port, b"XYZ\r\n", b"\n") == b"ES\r\n"
            assert exchange(port, b"I4\r\n", b"\n") == b'I4 A "0123456789"\r\n'
            sim.set_weight(40_000)
            assert exchange(port, b"SI\r\n", b"\n") == b"S +\r\n"
            sim.set_weight(-1000)
            assert exchange(port, b"SI\r\n", b"\n") == b"S -\r\n"
            sim.set_weight(350)  # 250 g above the zero set at 100 g
            assert exchange(port, b"SIR\r\n", b"\n") == b"S S     250.00 g\r\n"
            assert port.read_until(b"\n") == b"S S     250.00 g\r\n"  # and again, unasked
            assert sim.streaming
            port.write(b"SI\r\n")  # cancels streaming
            port.read_until(b"S S     250.00 g\r\n")
    finally:
        sim.stop()
    assert not sim.streaming


def test_mtsics_sim_without_sir_answers_es(pty_port):
    sim = MtSicsSim(PtyEndpoint(), sir_supported=False).start()
    try:
        with pty_port(sim.url) as port:
            assert exchange(port, b"SIR\r\n", b"\n") == b"ES\r\n"
    finally:
        sim.stop()


def test_mtsics_sim_fail_modes(pty_port):
    sim = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0, seed=3).start()
    try:
        with pty_port(sim.url) as port:
            sim.set_fail(FailMode.SILENT)
            port.timeout = 0.2
            port.write(b"SI\r\n")
            assert port.read(1) == b""
            sim.set_fail(FailMode.GARBAGE)
            port.write(b"SI\r\n")
            port.timeout = 5
            garbage = port.read(1)
            assert garbage  # something came, and it is not a weight line
            sim.set_fail(FailMode.SLOW, delay_s=0.1)
            port.reset_input_buffer()
            reply = exchange(port, b"SI\r\n", b"g\r\n")
            assert reply.endswith(mtsics.encode_weight(mtsics.Motion.STABLE, 0, "g", 1))
    finally:
        sim.stop()



def test_console_commands_drive_the_simulator():
    sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.0)
    try:
        assert control(sim, "put 500") == "load 500 g"
        assert control(sim, "take 200") == "load 300 g"
        assert control(sim, "set 1000") == "load 1000 g"
        assert control(sim, "zero") == "zero refused"
        assert control(sim, "fail silent") == "load 1000 g"
        assert sim.fail_mode is FailMode.SILENT
        assert control(sim, "put").startswith("bad arguments")
        assert control(sim, "put 5 6").startswith("bad arguments for put: too many")
        assert control(sim, "fail sideways").startswith("bad arguments")
        assert control(sim, "dance").startswith("unknown command")
        assert "tare [GRAMS|clear]" in control(sim, "help")
    finally:
        sim.endpoint.close()


def test_console_tare_zero_and_motion():
    sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.0, noise_g=0)
    try:
        assert control(sim, "put 400") == "load 400 g"
        assert control(sim, "zero") == "zeroed"  # within 2 % of 30 kg
        assert sim.sample().gross_g == 0
        assert control(sim, "put 800") == "load 1200 g"
        assert control(sim, "tare") == "tare 800 g"
        assert sim.sample().net_g == 0
        assert control(sim, "tare clear") == "tare 0 g"
        assert control(sim, "tare 250") == "tare 250 g"
        assert sim.sample().net_g == 550
        assert control(sim, "tare -1").startswith("bad arguments")
        assert control(sim, "motion on") == "held in motion"
        assert sim.sample().motion
        assert control(sim, "tare") == "tare refused: in motion"
        assert control(sim, "zero") == "zero refused"
        assert "in motion" in control(sim, "status")
        assert control(sim, "motion off").startswith("let go")
        assert not sim.sample().motion  # settle_s is 0
        assert control(sim, "motion sideways").startswith("bad arguments")
        assert control(sim, "noise 7") == "noise +/-7 g"
        assert sim.model.noise_g == 7
    finally:
        sim.endpoint.close()


def test_held_motion_ends_with_a_settle_time():
    model = ScaleModel(noise_g=0, settle_s=0.5)
    model.set_load(1000, 0)
    model.set_motion(True, 2 * S)  # long after the load settled
    assert model.sample(10 * S).motion
    model.set_motion(False, 10 * S)
    assert model.sample(10 * S + S // 4).motion
    settled = model.sample(11 * S)
    assert (settled.motion, settled.net_g) == (False, 1000)


def test_held_motion_on_the_wire(pty_port):
    t8217_sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.0, noise_g=0).start()
    sics = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0, stability_timeout_s=0.2).start()
    try:
        with pty_port(t8217_sim.url) as port:
            t8217_sim.set_weight(1234)
            t8217_sim.set_motion(True)
            assert exchange(port, b"W", b"\r") == b"\x02?A\r"  # in motion, however long
            t8217_sim.set_motion(False)
            assert exchange(port, b"W", b"\r") == b"\x0201.234\r"
        with pty_port(sics.url) as port:
            sics.set_weight(100)
            sics.set_motion(True)
            assert exchange(port, b"S\r\n", b"\n") == b"S I\r\n"  # no stable weight in time
            assert exchange(port, b"Z\r\n", b"\n") == b"Z I\r\n"
            sics.set_motion(False)
            assert exchange(port, b"S\r\n", b"\n") == b"S S      100.0 g\r\n"
    finally:
        t8217_sim.stop()
        sics.stop()
