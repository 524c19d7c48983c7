"""A bagging-scale simulator that speaks Toledo 8217 or MT-SICS over a pty or TCP.

``ScaleModel`` is the scale itself (load, zero, tare, capacity, noise,
settling) with time passed in, so it can be tested without threads.
``Toledo8217Sim`` and ``MtSicsSim`` put it behind the real bytes, on their
own thread, using the same codec modules as the drivers.

From a test::

    sim = Toledo8217Sim(PtyEndpoint(), settle_s=0.3)
    sim.start()                 # the driver opens sim.url
    sim.put(1250)               # in motion for settle_s, ramping, then stable at 1250 g +/- noise
    sim.settled_at_ns           # when that reading became stable (time.monotonic_ns clock)
    sim.set_fail(FailMode.SILENT)
    sim.stop()

From a shell (what ``sco sim scale`` runs)::

    python -m devices.scale.sim 8217            # prints the pty path, reads commands on stdin
    python -m devices.scale.sim mtsics --tcp 4001
    > put 500 | take 200 | set 0 | zero | tare | tare 250 | tare clear | motion on|off
    > noise 3 | settle 0.5 | fail silent|slow|garbage|none | status | help | quit
"""

from __future__ import annotations

import argparse
import enum
import logging
import random
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from devices.scale import mtsics
from devices.scale import toledo8217 as t8217
from devices.simconsole import Command, Console, choice, help_text, number, whole
from devices.simconsole import serve as serve_console
from devices.simlink import Endpoint, LinkClosed, PtyEndpoint, TcpEndpoint

log = logging.getLogger(__name__)

SECOND_NS = 1_000_000_000


class FailMode(enum.Enum):
    NONE = "none"
    SILENT = "silent"  # answers nothing (power off behind a live USB adapter)
    SLOW = "slow"  # answers after ``delay_s``
    GARBAGE = "garbage"  # answers bytes that are not frames (wrong baud rate, noise)


@dataclass(frozen=True, slots=True)
class Sample:
    """What the load cell says at one instant, relative to the zero point."""

    gross_g: int  # load minus the zero offset
    net_g: int  # gross minus the tare
    motion: bool
    tare_g: int
    # Judged on the reading without ripple or noise, as a scale's filtered signal.
    over_capacity: bool = False
    under_zero: bool = False  # the net weight is negative
    underload: bool = False  # the gross weight is far below zero (platter lifted)


class ZeroOutcome(enum.Enum):
    DONE = "done"
    MOTION = "motion"
    ABOVE_RANGE = "above"
    BELOW_RANGE = "below"


class TareOutcome(enum.Enum):
    DONE = "done"
    MOTION = "motion"
    ABOVE_RANGE = "above"  # over capacity
    BELOW_RANGE = "below"  # under zero


class ScaleModel:
    """The physics and rules of a retail scale, with time as an argument.

    After the load changes the reading is in motion for ``settle_s``, moving
    from the old towards the new load with some ripple; then it is stable at
    the load +/- ``noise_g``.  An empty platter (or a tared load) reads exactly
    zero, as automatic zero tracking makes a real scale do.  The zero key
    works within +/-2 % of capacity around the power-up zero (OIML R 76).
    ``set_motion(True)`` keeps the reading in motion (a hand on the platter,
    a draught) until ``set_motion(False)``, after which it settles again.
    """

    def __init__(self, capacity_g: int = 30_000, noise_g: int = 2, settle_s: float = 0.3,
                 seed: int | None = None) -> None:
        self.capacity_g = capacity_g
        self.noise_g = noise_g
        self.settle_s = settle_s
        self.zero_offset_g = 0
        self.tare_g = 0
        self.load_g = 0  # what lies on the platter once it has settled
        self._from_g = 0
        self._moved_ns = 0
        self.settled_at_ns = 0  # when the current load became (or becomes) stable
        self.shaken = False  # held in motion by something other than a load change
        self._rng = random.Random(seed)

    @property
    def zero_range_g(self) -> int:
        return self.capacity_g * 2 // 100

    def set_load(self, grams: int, now_ns: int) -> None:
        self._from_g = self._position(now_ns)
        self.load_g = grams
        self._moved_ns = now_ns
        self.settled_at_ns = now_ns + int(self.settle_s * SECOND_NS)

    def set_motion(self, on: bool, now_ns: int) -> None:
        if self.shaken and not on and now_ns >= self.settled_at_ns:
            # The disturbance ends: the reading settles as after a load change, without a ramp.
            self._from_g = self.load_g
            self._moved_ns = now_ns
            self.settled_at_ns = now_ns + int(self.settle_s * SECOND_NS)
        self.shaken = on

    def in_motion(self, now_ns: int) -> bool:
        return self.shaken or now_ns < self.settled_at_ns

    def _position(self, now_ns: int) -> int:
        """The load the cell feels, without noise: a ramp while moving."""
        if now_ns >= self.settled_at_ns:
            return self.load_g
        span = max(1, self.settled_at_ns - self._moved_ns)
        share = (now_ns - self._moved_ns) / span
        return round(self._from_g + (self.load_g - self._from_g) * share)

    def sample(self, now_ns: int) -> Sample:
        motion = self.in_motion(now_ns)
        grams = position = self._position(now_ns)
        if motion:
            ripple = max(5, 3 * self.noise_g)
            grams += self._rng.randint(-ripple, ripple)
        elif self.noise_g and grams - self.zero_offset_g - self.tare_g != 0:
            grams += self._rng.randint(-self.noise_g, self.noise_g)
        gross = grams - self.zero_offset_g
        steady = position - self.zero_offset_g
        return Sample(gross, gross - self.tare_g, motion, self.tare_g,
                      over_capacity=steady > self.capacity_g,
                      under_zero=steady - self.tare_g < 0,
                      underload=steady < -self.zero_range_g)

    def zero(self, now_ns: int) -> ZeroOutcome:
        if self.in_motion(now_ns):
            return ZeroOutcome.MOTION
        if self.load_g > self.zero_range_g:
            return ZeroOutcome.ABOVE_RANGE
        if self.load_g < -self.zero_range_g:
            return ZeroOutcome.BELOW_RANGE
        self.zero_offset_g = self.load_g
        self.tare_g = 0
        return ZeroOutcome.DONE

    def tare(self, now_ns: int, preset_g: int | None = None) -> TareOutcome:
        if preset_g is not None:
            if not 0 <= preset_g <= self.capacity_g:
                return TareOutcome.ABOVE_RANGE
            self.tare_g = preset_g
            return TareOutcome.DONE
        if self.in_motion(now_ns):
            return TareOutcome.MOTION
        gross = self.load_g - self.zero_offset_g
        if gross > self.capacity_g:
            return TareOutcome.ABOVE_RANGE
        if gross < 0:
            return TareOutcome.BELOW_RANGE
        self.tare_g = gross
        return TareOutcome.DONE

    def clear_tare(self) -> None:
        self.tare_g = 0


class ScaleSim:
    """The thread, the link and the test controls shared by both protocols."""

    protocol = ""

    def __init__(self, endpoint: Endpoint, *, capacity_g: int = 30_000, noise_g: int = 2,
                 settle_s: float = 0.3, seed: int | None = None) -> None:
        self.endpoint = endpoint
        self.model = ScaleModel(capacity_g, noise_g, settle_s, seed)
        self._lock = threading.RLock()  # the model: tests and the sim thread both touch it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fail = FailMode.NONE
        self._delay_s = 0.0
        self._garbage = random.Random(seed)
        # What the driver sent, latest last (for tests; bounded for long console runs).
        self.commands: deque[bytes] = deque(maxlen=1000)

    # -- controls -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.endpoint.url

    @property
    def settled_at_ns(self) -> int:
        """When the load last became stable, on the ``time.monotonic_ns`` clock."""
        return self.model.settled_at_ns

    @property
    def weight_g(self) -> int:
        return self.model.load_g

    def set_weight(self, grams: int) -> None:
        with self._lock:
            self.model.set_load(grams, time.monotonic_ns())

    def put(self, grams: int) -> None:
        with self._lock:
            self.model.set_load(self.model.load_g + grams, time.monotonic_ns())

    def take(self, grams: int) -> None:
        self.put(-grams)

    def set_noise(self, grams: int) -> None:
        with self._lock:
            self.model.noise_g = grams

    def set_settle(self, seconds: float) -> None:
        with self._lock:
            self.model.settle_s = seconds

    def zero(self) -> bool:
        """The zero key on the scale itself; False when the scale refused."""
        with self._lock:
            return self.model.zero(time.monotonic_ns()) is ZeroOutcome.DONE

    def set_tare(self, grams: int) -> None:
        with self._lock:
            self.model.tare(time.monotonic_ns(), preset_g=grams)

    def tare(self) -> TareOutcome:
        """The tare key on the scale itself: what lies on the platter becomes the tare."""
        with self._lock:
            return self.model.tare(time.monotonic_ns())

    def clear_tare(self) -> None:
        with self._lock:
            self.model.clear_tare()

    def set_motion(self, on: bool) -> None:
        """Hold the reading in motion (True) until released (False), whatever the load."""
        with self._lock:
            self.model.set_motion(on, time.monotonic_ns())

    @property
    def fail_mode(self) -> FailMode:
        return self._fail

    def sample(self) -> Sample:
        """What the load cell says now (noise included), as the protocol would report it."""
        with self._lock:
            return self.model.sample(time.monotonic_ns())

    def set_fail(self, mode: FailMode, delay_s: float = 0.5) -> None:
        self._fail, self._delay_s = mode, delay_s

    def inject(self, data: bytes) -> None:
        """Write raw bytes to the driver, outside the protocol (partial frames, noise)."""
        try:
            self.endpoint.write(data)
        except LinkClosed:
            pass

    # -- thread -----------------------------------------------------------------------

    def start(self) -> ScaleSim:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.protocol}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.endpoint.close()

    def __enter__(self) -> ScaleSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.endpoint.read(timeout=self._read_timeout())
            except LinkClosed:
                log.debug("%s sim: link down", self.protocol)
                self._link_down()
                self._stop.wait(0.05)  # the cable is out: nothing to serve
                continue
            try:
                self._serve(data)
            except LinkClosed:
                self._link_down()

    def _read_timeout(self) -> float:
        return 0.05

    def _link_down(self) -> None:
        """The cable is out; a USB-powered scale loses its state (streaming, echo)."""

    def _serve(self, data: bytes) -> None:
        raise NotImplementedError

    def _send(self, data: bytes, *, unasked: bool = False) -> None:
        """Write an answer the way the current fail mode lets it out.

        ``unasked`` (a streamed line) never waits for a TCP driver to connect:
        with nobody on the line the bytes are lost, as on a real wire.
        """
        mode = self._fail
        if mode is FailMode.SILENT:
            return
        if mode is FailMode.SLOW:
            self._stop.wait(self._delay_s)
        elif mode is FailMode.GARBAGE:
            data = self._garbage.randbytes(self._garbage.randint(1, 24))
        try:
            if unasked and isinstance(self.endpoint, TcpEndpoint):
                self.endpoint.write(data, connect_timeout=0.0)
            else:
                self.endpoint.write(data)
        except LinkClosed:
            pass  # TCP with no driver connected: the bytes go nowhere, as on a real line

    def _now(self) -> int:
        return time.monotonic_ns()

    def _settle_first(self, limit_s: float) -> bool:
        """Wait (as the scale's firmware does) for stability; False after ``limit_s``."""
        deadline = time.monotonic() + limit_s
        while True:
            with self._lock:
                now = self._now()
                if not self.model.in_motion(now):
                    return True
                shaken = self.model.shaken
                remaining_s = (self.model.settled_at_ns - now) / SECOND_NS
            if shaken:  # no knowing when it stops: look again shortly, up to the limit
                remaining_s = min(0.05, deadline - time.monotonic())
                if remaining_s <= 0:
                    return False
            elif time.monotonic() + remaining_s > deadline:
                return False
            if self._stop.wait(remaining_s):
                return False


class Toledo8217Sim(ScaleSim):
    """A Toledo 8217 scale: answers W, Z, T, T+digits, C, and echo mode (E ... F)."""

    protocol = "8217"

    def __init__(self, endpoint: Endpoint, *, unit: t8217.Unit = t8217.Unit.KG,
                 capacity_g: int = 30_000, noise_g: int = 2, settle_s: float = 0.3,
                 seed: int | None = None) -> None:
        super().__init__(endpoint, capacity_g=capacity_g, noise_g=noise_g, settle_s=settle_s,
                         seed=seed)
        self.unit = unit
        self._reader = t8217.CommandReader()
        self._echo = False
        self._held_since = 0.0

    def _link_down(self) -> None:
        self._echo = False
        self._reader = t8217.CommandReader()

    def _serve(self, data: bytes) -> None:
        if data:
            self._reader.feed(data)
            self._held_since = time.monotonic()
        commands = self._reader.commands()
        if self._reader.pending and time.monotonic() - self._held_since > 0.1:
            commands += self._reader.flush()  # a T that never got its five digits
        for command in commands:
            self.commands.append(command)
            self._answer(command)

    def _answer(self, command: bytes) -> None:
        cmd = t8217.Command
        if self._echo:
            if command == cmd.END_ECHO.value:
                self._echo = False
            else:
                self._send(command)
            return
        with self._lock:
            answer = self._answer_locked(command)
        if answer is not None:
            self._send(answer)

    def _answer_locked(self, command: bytes) -> bytes | None:
        cmd, status = t8217.Command, t8217.Status
        now = self._now()
        if command == cmd.WEIGHT.value:
            return self._weight(self.model.sample(now))
        if command == cmd.ZERO.value:
            zeroed = self.model.zero(now)
            flags = {ZeroOutcome.DONE: status.CENTRE_OF_ZERO, ZeroOutcome.MOTION: status.MOTION}
            return self._status(flags.get(zeroed, status.OUTSIDE_ZERO_RANGE))
        if command.startswith(cmd.TARE.value):
            preset = int(command[1:]) if len(command) > 1 else None
            tared = self.model.tare(now, preset)
            tare_flags = {TareOutcome.DONE: status.NONE, TareOutcome.MOTION: status.MOTION,
                          TareOutcome.ABOVE_RANGE: status.OVER_CAPACITY,
                          TareOutcome.BELOW_RANGE: status.UNDER_ZERO}
            return self._status(tare_flags[tared])
        if command == cmd.CLEAR_TARE.value:
            self.model.clear_tare()
            return self._status(status.NONE)
        if command == cmd.ECHO.value:
            self._echo = True
            return t8217.ECHO_ACK
        return None  # the 8217 ignores bytes it does not know

    def _status(self, flags: t8217.Status) -> bytes:
        if self.model.tare_g:
            flags |= t8217.Status.NET
        return t8217.encode_status_frame(flags)

    def _weight(self, sample: Sample) -> bytes:
        status = t8217.Status
        flags = status.NONE
        if sample.over_capacity:
            flags |= status.OVER_CAPACITY
        if sample.under_zero:
            flags |= status.UNDER_ZERO
        if sample.motion:
            flags |= status.MOTION
        if flags:
            return self._status(flags)
        # Noise can dip a gram or two below zero; the scale's display shows 0 there.
        grams = max(0, sample.net_g)
        try:
            return t8217.encode_weight(grams, self.unit, net=bool(sample.tare_g))
        except ValueError:  # more than the 6-character field holds (capacity set > 99 kg)
            return self._status(status.OVER_CAPACITY)


class MtSicsSim(ScaleSim):
    """An MT-SICS scale: S, SI, SIR, Z, T, TAC, I4 and @; ES for anything else.

    ``sir_supported=False`` makes it answer SIR with ES, as level-0 scales do.
    ``stream_interval_s`` is how often SIR repeats (a real scale: 10-20 per second).
    """

    protocol = "mtsics"

    def __init__(self, endpoint: Endpoint, *, sir_supported: bool = True,
                 stream_interval_s: float = 0.05, unit: str = "g", decimals: int = 1,
                 capacity_g: int = 30_000, noise_g: int = 2, settle_s: float = 0.3,
                 stability_timeout_s: float = 2.0, serial_number: str = "0123456789",
                 seed: int | None = None) -> None:
        super().__init__(endpoint, capacity_g=capacity_g, noise_g=noise_g, settle_s=settle_s,
                         seed=seed)
        self.sir_supported = sir_supported
        self.stream_interval_s = stream_interval_s
        self.unit, self.decimals = unit, decimals
        self.stability_timeout_s = stability_timeout_s
        self.serial_number = serial_number
        self._reader = mtsics.LineReader()
        self._streaming = False
        self._next_line = 0.0

    @property
    def streaming(self) -> bool:
        return self._streaming

    def _link_down(self) -> None:
        self._streaming = False
        self._reader = mtsics.LineReader()

    def _read_timeout(self) -> float:
        if not self._streaming:
            return 0.05
        return max(0.0, min(0.05, self._next_line - time.monotonic()))

    def _serve(self, data: bytes) -> None:
        self._reader.feed(data)
        while (line := self._reader.next_line()) is not None:
            self.commands.append(line)
            self._answer(line.decode("ascii", "replace").strip())
        if self._streaming and time.monotonic() >= self._next_line:
            self._next_line = max(self._next_line + self.stream_interval_s, time.monotonic())
            self._send(self._weight_line(), unasked=True)

    def _weight_line(self) -> bytes:
        with self._lock:
            sample = self.model.sample(self._now())
            if sample.over_capacity:
                return mtsics.encode_reply("S", mtsics.Unavailable.OVERLOAD.value)
            if sample.underload:
                return mtsics.encode_reply("S", mtsics.Unavailable.UNDERLOAD.value)
        motion = mtsics.Motion.DYNAMIC if sample.motion else mtsics.Motion.STABLE
        return mtsics.encode_weight(motion, sample.net_g, self.unit, self.decimals)

    def _answer(self, command: str) -> None:
        if command in mtsics.CANCELS_STREAMING:
            self._streaming = False
        handlers: dict[str, Callable[[], bytes]] = {
            "S": self._stable_weight, "SI": self._weight_line, "SIR": self._start_streaming,
            "Z": self._zero, "T": self._tare, "TAC": self._clear_tare,
            "I4": self._serial_number, "@": self._reset,
        }
        handler = handlers.get(command)
        self._send(handler() if handler else mtsics.encode_error(mtsics.ErrorKind.SYNTAX))

    def _stable_weight(self) -> bytes:
        if not self._settle_first(self.stability_timeout_s):
            return mtsics.encode_reply("S", mtsics.Unavailable.NOT_EXECUTABLE.value)
        return self._weight_line()

    def _start_streaming(self) -> bytes:
        if not self.sir_supported:
            return mtsics.encode_error(mtsics.ErrorKind.SYNTAX)
        self._streaming = True
        self._next_line = time.monotonic() + self.stream_interval_s
        return self._weight_line()

    def _zero(self) -> bytes:
        if not self._settle_first(self.stability_timeout_s):
            return mtsics.encode_reply("Z", mtsics.ZeroResult.NOT_EXECUTABLE.value)
        with self._lock:
            outcome = self.model.zero(self._now())
        results = {ZeroOutcome.DONE: mtsics.ZeroResult.DONE,
                   ZeroOutcome.MOTION: mtsics.ZeroResult.NOT_EXECUTABLE,
                   ZeroOutcome.ABOVE_RANGE: mtsics.ZeroResult.ABOVE_RANGE,
                   ZeroOutcome.BELOW_RANGE: mtsics.ZeroResult.BELOW_RANGE}
        return mtsics.encode_reply("Z", results[outcome].value)

    def _tare(self) -> bytes:
        if not self._settle_first(self.stability_timeout_s):
            return mtsics.encode_reply("T", mtsics.TareResult.NOT_EXECUTABLE.value)
        with self._lock:
            outcome = self.model.tare(self._now())
            tare_g = self.model.tare_g
        if outcome is TareOutcome.DONE:
            return mtsics.encode_reply("T", mtsics.TareResult.DONE.value,
                                       mtsics.format_value(tare_g, self.unit, self.decimals))
        results = {TareOutcome.MOTION: mtsics.TareResult.NOT_EXECUTABLE,
                   TareOutcome.ABOVE_RANGE: mtsics.TareResult.ABOVE_RANGE,
                   TareOutcome.BELOW_RANGE: mtsics.TareResult.BELOW_RANGE}
        return mtsics.encode_reply("T", results[outcome].value)

    def _clear_tare(self) -> bytes:
        with self._lock:
            self.model.clear_tare()
        return mtsics.encode_reply("TAC", "A")

    def _serial_number(self) -> bytes:
        return mtsics.encode_reply("I4", "A", f'"{self.serial_number}"')

    def _reset(self) -> bytes:
        with self._lock:
            self.model.clear_tare()
        return self._serial_number()  # '@' answers like I4 (MT-SICS manual, command @)


# -- command line --------------------------------------------------------------------------


def build(protocol: str, endpoint: Endpoint, **options: object) -> ScaleSim:
    """A simulator for ``protocol`` ("8217" or "mtsics") on ``endpoint``; not started."""
    if protocol == "8217":
        return Toledo8217Sim(endpoint, **options)  # type: ignore[arg-type]
    if protocol == "mtsics":
        return MtSicsSim(endpoint, **options)  # type: ignore[arg-type]
    raise ValueError(f"unknown scale protocol {protocol!r}: use 8217 or mtsics")


def _load(sim: ScaleSim) -> str:
    return f"load {sim.weight_g} g"


def _move(sim: ScaleSim, args: list[str], how: Callable[[ScaleSim, int], None]) -> str:
    how(sim, whole(args, 0, "GRAMS"))
    return _load(sim)


def _zero(sim: ScaleSim, _args: list[str]) -> str:
    return "zeroed" if sim.zero() else "zero refused"


_TARE_REFUSED = {TareOutcome.MOTION: "in motion", TareOutcome.ABOVE_RANGE: "over capacity",
                 TareOutcome.BELOW_RANGE: "under zero"}


def _tare(sim: ScaleSim, args: list[str]) -> str:
    if not args:
        outcome = sim.tare()
        if outcome is not TareOutcome.DONE:
            return f"tare refused: {_TARE_REFUSED[outcome]}"
    elif args[0] == "clear":
        sim.clear_tare()
    else:
        sim.set_tare(whole(args, 0, "GRAMS", minimum=0))
    return f"tare {sim.model.tare_g} g"


def _motion(sim: ScaleSim, args: list[str]) -> str:
    on = choice(args, 0, ["on", "off"]) == "on"
    sim.set_motion(on)
    return "held in motion" if on else f"let go: stable after {sim.model.settle_s:g} s"


def _noise(sim: ScaleSim, args: list[str]) -> str:
    sim.set_noise(whole(args, 0, "GRAMS", minimum=0))
    return f"noise +/-{sim.model.noise_g} g"


def _settle(sim: ScaleSim, args: list[str]) -> str:
    sim.set_settle(number(args, 0, "SECONDS"))
    return f"settle {sim.model.settle_s:g} s"


def _fail(sim: ScaleSim, args: list[str]) -> str:
    mode = FailMode(choice(args, 0, [m.value for m in FailMode]))
    sim.set_fail(mode, number(args, 1, "SECONDS", 0.5))
    return _load(sim)


def _status(sim: ScaleSim, _args: list[str]) -> str:
    sample, model = sim.sample(), sim.model
    flags = [name for name, on in (("in motion", sample.motion), ("stable", not sample.motion),
                                   ("over capacity", sample.over_capacity),
                                   ("under zero", sample.under_zero)) if on]
    return (f"{sim.protocol} scale at {sim.url}: load {model.load_g} g, reads net "
            f"{sample.net_g} g (tare {model.tare_g} g, zero offset {model.zero_offset_g} g), "
            f"{', '.join(flags)}; noise +/-{model.noise_g} g, settle {model.settle_s:g} s, "
            f"capacity {model.capacity_g} g, fail {sim.fail_mode.value}")


COMMANDS: tuple[Command[ScaleSim], ...] = (
    Command("put GRAMS", "put GRAMS on the platter (in motion for the settle time)",
            lambda sim, args: _move(sim, args, ScaleSim.put)),
    Command("take GRAMS", "take GRAMS off", lambda sim, args: _move(sim, args, ScaleSim.take)),
    Command("set GRAMS", "the platter holds GRAMS (0: empty)",
            lambda sim, args: _move(sim, args, ScaleSim.set_weight)),
    Command("zero", "the zero key (within 2 % of capacity, when stable)", _zero),
    Command("tare [GRAMS|clear]", "the tare key (what lies there), a preset tare, or none",
            _tare),
    Command("motion on|off", "hold the reading in motion (a hand on the platter), or let go",
            _motion),
    Command("noise GRAMS", "+/- GRAMS of jitter on a stable reading", _noise),
    Command("settle SECONDS", "how long a load change is in motion", _settle),
    Command("fail MODE [SECONDS]", "MODE none|silent|slow|garbage: answer normally, "
            "nothing, SECONDS late, noise", _fail),
    Command("status", "load, reading, tare, motion and settings", _status),
)
TITLE = "sco sim scale"


def control(sim: ScaleSim, line: str) -> str:
    """One console command (``put 500``, ``fail silent`` ...) -> a reply for the console."""
    return Console(TITLE, COMMANDS, sim).handle(line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sco sim scale", description="A simulated bagging scale on a pty or a TCP port.",
        epilog=help_text(TITLE, COMMANDS), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("protocol", choices=["8217", "mtsics"])
    parser.add_argument("--tcp", type=int, metavar="PORT", help="serve TCP (0: any free port)")
    parser.add_argument("--link", type=Path, help="a stable symlink to the pty")
    parser.add_argument("--weight", type=int, default=0, help="grams on the platter at start")
    parser.add_argument("--noise", type=int, default=2, help="+/- grams while stable")
    parser.add_argument("--settle", type=float, default=0.3,
                        help="seconds in motion after a change")
    parser.add_argument("--capacity", type=int, default=30_000, help="grams")
    parser.add_argument("--no-sir", action="store_true", help="MT-SICS: answer SIR with ES")
    args = parser.parse_args(argv)
    endpoint: Endpoint = TcpEndpoint(args.tcp) if args.tcp is not None else PtyEndpoint(args.link)
    options: dict[str, object] = {"capacity_g": args.capacity, "noise_g": args.noise,
                                  "settle_s": args.settle}
    if args.protocol == "mtsics":
        options["sir_supported"] = not args.no_sir
    sim = build(args.protocol, endpoint, **options)
    sim.set_weight(args.weight)
    sim.start()
    sys.stdout.write(f"{sim.url}\n")  # the one line a caller needs: where to point the driver
    sys.stdout.flush()
    try:
        return serve_console(Console(TITLE, COMMANDS, sim), stdin=sys.stdin, out=sys.stdout)
    finally:
        sim.stop()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
