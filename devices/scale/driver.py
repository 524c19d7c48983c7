"""Bagging-scale drivers: Toledo 8217 (polled) and MT-SICS (streamed with SIR, or polled with SI).

Both run on a ``PortWorker`` thread that owns the port, reconnects by itself
when the port goes, and publishes only events:

Events:
    WeightEvent(status, grams)
        on every change of the live reading, and exactly once per new stable
        value: a consumer that wants stable readings only keeps the events
        whose ``.stable`` is true (STABLE or ZERO); each of those is a new
        value (jitter within ``stable_band_g`` of the last stable value is
        the same value), or the first stable value after motion.
        NOT_READY when the scale stops answering or the port is lost.
    HealthEvent
        ONLINE when the scale answers; OFFLINE (DEVICE_TIMEOUT) after
        ``missed_polls_offline`` unanswered polls; ERROR (DEVICE_PROTOCOL)
        after as many answers that were garbage; ERROR (SCALE_OVER_CAPACITY)
        while overloaded; OFFLINE (DEVICE_OFFLINE/DEVICE_NOT_FOUND) from the
        worker when the port is lost.

``last_live`` is the latest reading (published or not) for display;
``last_stable`` the latest stable one, for decisions.  ``zero()``, ``tare()``,
``clear_tare()`` and ``probe()`` are called from any thread: they queue a
request the port's own thread carries out between polls, and wait for its answer.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

import serial

from devices.errors import DeviceError, DeviceOffline, DeviceStateError, DeviceTimeout
from devices.events import EventSink, Health, WeightEvent, WeightStatus
from devices.lifecycle import Device, DeviceState
from devices.scale import mtsics
from devices.scale import toledo8217 as t8217
from devices.serialport import SerialSettings
from devices.worker import Backoff, PortWorker

T = TypeVar("T")

# Statuses whose value is a settled weight: repeated jitter within the band is one value.
_SETTLED = frozenset({WeightStatus.STABLE, WeightStatus.UNDER_ZERO})


class ScaleCommandError(DeviceError):
    """The scale refused zero or tare (in motion, outside its range, over capacity)."""

    code = "SCALE_COMMAND_REFUSED"


@dataclass(frozen=True, slots=True)
class ScaleOptions:
    """How a scale driver polls, judges silence and tells jitter from a new weight."""

    poll_hz: float = t8217.DEFAULT_POLL_HZ  # 8217 polls; MT-SICS when it cannot stream
    answer_timeout_s: float = 0.5  # per poll; an MT-SICS stream silent this long is one miss
    missed_polls_offline: int = 3  # silent polls in a row before OFFLINE
    bad_answers_error: int = 3  # garbage answers in a row before ERROR
    stable_band_g: int = 5  # a legal 15/30 kg scale shows 5 g steps: less is jitter
    zero_band_g: int = 2  # a stable reading this close to 0 is ZERO
    command_timeout_s: float = 3.0  # zero/tare/probe, including the scale's wait for stability
    streaming: bool = True  # MT-SICS: ask for SIR first
    backoff: Backoff = field(default_factory=Backoff)


class StableFilter:
    """Which readings become events (pure; the driver feeds it from its thread).

    Every change of the live reading is published, except jitter within
    ``stable_band_g`` while stable; so each STABLE/ZERO event is a new stable
    value or the first one after motion, never a repeat of the same plateau.
    """

    def __init__(self, stable_band_g: int, zero_band_g: int) -> None:
        self.stable_band_g = stable_band_g
        self.zero_band_g = zero_band_g
        self._last: tuple[WeightStatus, int | None] | None = None

    def classify(self, status: WeightStatus, grams: int | None,
                 ) -> tuple[WeightStatus, int | None]:
        if status is WeightStatus.STABLE and grams is not None:
            if abs(grams) <= self.zero_band_g:
                return WeightStatus.ZERO, 0
            if grams < 0:
                return WeightStatus.UNDER_ZERO, grams
        return status, grams

    def offer(self, status: WeightStatus, grams: int | None) -> bool:
        """True when this (classified) reading is news and must be published."""
        last = self._last
        news = (last is None or last[0] is not status
                or (status is WeightStatus.UNSTABLE and grams != last[1])
                or (status in _SETTLED and _moved(last[1], grams, self.stable_band_g)))
        if news:
            self._last = (status, grams)
        return news

    def reset(self) -> None:
        self._last = None


def _moved(before: int | None, after: int | None, band: int) -> bool:
    if before is None or after is None:
        return before != after
    return abs(after - before) > band


class _Action(Enum):
    ZERO = "zero"
    TARE = "tare"
    CLEAR_TARE = "clear tare"
    PROBE = "probe"


@dataclass(eq=False)
class _Request:
    action: _Action
    deadline: float  # time.monotonic()
    future: Future[Any] = field(default_factory=Future)
    preset_g: int | None = None


class _Outcome(Enum):
    """How one poll (or one MT-SICS stream period) went."""

    ANSWERED = "answered"
    SILENT = "silent"
    GARBAGE = "garbage"


class ScaleDriver(Device):
    """What both scale drivers share: the worker, the requests, the filter and health."""

    protocol_name = "scale"

    def __init__(self, device_id: str, sink: EventSink, url: str, settings: SerialSettings,
                 options: ScaleOptions | None = None) -> None:
        super().__init__(device_id, sink)
        self.url = url
        self.settings = settings
        self.options = options or ScaleOptions()
        self.bad_frames = 0  # frames and junk that were not the protocol, since construction
        self.last_live: WeightEvent | None = None
        self.last_stable: WeightEvent | None = None
        self.net = False  # the last reading was a net weight (a tare is active)
        self.worker: PortWorker | None = None
        self._filter = StableFilter(self.options.stable_band_g, self.options.zero_band_g)
        self._readings_lock = threading.Lock()
        self._delivering = False
        self._requests: queue.Queue[_Request] = queue.Queue()
        self._connected = threading.Event()
        self._stop = threading.Event()
        self._missed = 0
        self._bad_run = 0
        self._bad_seen = 0  # bad_frames when the current poll began

    # -- lifecycle hooks ----------------------------------------------------------------

    def _on_claim(self) -> None:
        self.worker = PortWorker(self, self.url, self.settings, self._session,
                                 backoff=self.options.backoff, name=f"scale-{self.device_id}")
        self.worker.start()

    def _on_release(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self._fail_requests(DeviceOffline(f"{self.device_id} was released"))

    def _on_enable(self) -> None:
        with self._readings_lock:
            self._filter.reset()  # the first reading after enable is news
            self._delivering = True

    def _on_disable(self) -> None:
        with self._readings_lock:
            self._delivering = False

    # -- commands (any thread) ------------------------------------------------------------

    def zero(self, timeout: float | None = None) -> None:
        """Zero the scale; raises ``ScaleCommandError`` when it refuses."""
        self._call(_Action.ZERO, timeout)

    def tare(self, preset_g: int | None = None, timeout: float | None = None) -> int | None:
        """Tare what is on the platter (or ``preset_g``); the tare in grams if the scale says."""
        result: int | None = self._call(_Action.TARE, timeout, preset_g)
        return result

    def clear_tare(self, timeout: float | None = None) -> None:
        self._call(_Action.CLEAR_TARE, timeout)

    def probe(self, timeout: float | None = None) -> str:
        """A short description of the scale's health, from a harmless exchange with it."""
        try:
            answer: str = self._call(_Action.PROBE, timeout)
        except DeviceError as exc:
            return f"{self.protocol_name} scale at {self.url}: {exc.code} {exc.message}"
        live = self.last_live
        reading = f"{live.status.value} {live.grams} g" if live is not None else "no reading"
        return (f"{self.protocol_name} scale at {self.url}: {answer}; {reading}; "
                f"{self.bad_frames} bad frames")

    def _call(self, action: _Action, timeout: float | None, preset_g: int | None = None) -> Any:
        if self.state < DeviceState.CLAIMED:
            raise DeviceStateError(f"{self.device_id} must be claimed to {action.value}")
        if not self._connected.is_set():
            raise DeviceOffline(f"{self.device_id} is not connected ({self.health_reason})")
        wait = self.options.command_timeout_s if timeout is None else timeout
        request = _Request(action, time.monotonic() + wait, preset_g=preset_g)
        self._requests.put(request)
        try:
            return request.future.result(wait + self.options.answer_timeout_s)
        except FutureTimeout:
            request.future.cancel()
            raise DeviceTimeout(f"{self.device_id}: no answer to {action.value}") from None

    def _next_request(self, timeout: float) -> _Request | None:
        """A request still wanted, waiting up to ``timeout`` s for one (port thread)."""
        try:
            request = self._requests.get(timeout=timeout) if timeout > 0 \
                else self._requests.get_nowait()
        except queue.Empty:
            return None
        if not request.future.set_running_or_notify_cancel():
            return None  # the caller gave up already
        return request

    def _fail_requests(self, error: DeviceError) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request.future.set_running_or_notify_cancel():
                request.future.set_exception(error)

    # -- the port's thread -------------------------------------------------------------------

    def _session(self, port: serial.SerialBase, stop: threading.Event) -> None:
        self._stop = stop
        self._missed = self._bad_run = 0
        self._connected.set()
        try:
            self._run(port, stop)
        finally:
            self._connected.clear()
            self._fail_requests(DeviceOffline(f"{self.device_id}: the port was lost"))
            if not stop.is_set():
                self._reading(WeightStatus.NOT_READY, None, answered=False)

    def _run(self, port: serial.SerialBase, stop: threading.Event) -> None:
        raise NotImplementedError

    def _junk(self, data: bytes) -> None:
        self._bad_frame(data, "not part of any frame")

    def _bad_frame(self, data: bytes, why: str) -> None:
        self.bad_frames += 1
        # The first of a burst at WARNING; a scale stuck on a wrong baud rate must not
        # flood the log, so a burst goes on at DEBUG with a reminder every 100.
        first_of_burst = self._bad_run == 0 and self.bad_frames - self._bad_seen == 1
        if first_of_burst or self.bad_frames % 100 == 0:
            self.log.warning("bad frame %r (%s); %d so far", data[:40], why, self.bad_frames)
        else:
            self.log.debug("bad frame %r (%s)", data[:40], why)

    def _begin_poll(self) -> None:
        self._bad_seen = self.bad_frames

    def _end_poll(self, answered: bool) -> _Outcome:
        """Count silence and garbage; OFFLINE or ERROR after too many in a row."""
        if answered:
            self._missed = self._bad_run = 0
            return _Outcome.ANSWERED
        if self.bad_frames > self._bad_seen:
            self._bad_run += 1
            self._missed = 0
            if self._bad_run >= self.options.bad_answers_error:
                self._set_health(Health.ERROR, "DEVICE_PROTOCOL",
                                 f"answers are not {self.protocol_name} frames")
                self._reading(WeightStatus.NOT_READY, None, answered=False)
            return _Outcome.GARBAGE
        self._missed += 1
        if self._missed >= self.options.missed_polls_offline:
            self._set_health(Health.OFFLINE, "DEVICE_TIMEOUT",
                             f"no answer to {self._missed} polls")
            self._reading(WeightStatus.NOT_READY, None, answered=False)
        return _Outcome.SILENT

    def _reading(self, status: WeightStatus, grams: int | None, *, answered: bool = True,
                 ) -> None:
        """One reading (``answered``: from the scale, not our verdict on its silence)."""
        if status is WeightStatus.OVER_CAPACITY:
            self._set_health(Health.ERROR, "SCALE_OVER_CAPACITY", "over capacity")
        elif answered:
            self._set_health(Health.ONLINE)
        with self._readings_lock:
            status, grams = self._filter.classify(status, grams)
            event = WeightEvent(self.device_id, status, grams)
            self.last_live = event
            if not self._filter.offer(status, grams):
                return
            if event.stable:
                self.last_stable = event
            if self._delivering:
                self.publish(event)


class Toledo8217Scale(ScaleDriver):
    """A Toledo 8217 scale, polled with ``W`` at ``options.poll_hz`` (default 5 Hz).

    ``unit`` None accepts kg or lb by the frame's decimals.  While the scale is
    in motion the 8217 sends no number: UNSTABLE readings carry ``grams=None``.
    """

    protocol_name = "Toledo 8217"

    def __init__(self, device_id: str, sink: EventSink, url: str,
                 options: ScaleOptions | None = None, *, unit: t8217.Unit | None = None,
                 settings: SerialSettings = t8217.SETTINGS) -> None:
        super().__init__(device_id, sink, url, settings, options)
        self.unit = unit
        self._port: serial.SerialBase | None = None
        self._frames = t8217.FrameReader(self._junk)

    def _run(self, port: serial.SerialBase, stop: threading.Event) -> None:
        self._port = port
        self._frames = t8217.FrameReader(self._junk)
        period = 1.0 / self.options.poll_hz
        next_poll = time.monotonic()
        try:
            while not stop.is_set():
                request = self._next_request(next_poll - time.monotonic())
                if request is not None:
                    self._carry_out(request)
                    continue
                if stop.is_set():
                    return
                next_poll = max(next_poll + period, time.monotonic())
                self._poll()
        finally:
            self._port = None

    def _poll(self) -> None:
        self._begin_poll()
        frame = self._transact(t8217.Command.WEIGHT.value)
        if isinstance(frame, t8217.WeightFrame):
            self.net = frame.net
            self._reading(WeightStatus.STABLE, frame.grams)
        elif isinstance(frame, t8217.StatusFrame):
            self.net = t8217.Status.NET in frame.status
            self._reading(_status_reading(frame.status), None)
        elif isinstance(frame, t8217.EchoAck):
            self._bad_frame(t8217.ECHO_ACK, "echo acknowledgement to W")
        self._end_poll(isinstance(frame, t8217.WeightFrame | t8217.StatusFrame))

    def _transact(self, command: bytes, timeout: float | None = None) -> t8217.Frame | None:
        """Send ``command``; the first valid frame back, or None after the answer timeout."""
        port = self._require_port()
        self._drain(port)
        port.write(command)
        deadline = time.monotonic() + (self.options.answer_timeout_s if timeout is None
                                        else timeout)
        while True:
            raw = self._frames.next_frame()
            if raw is not None:
                try:
                    return t8217.parse_frame(raw, self.unit)
                except t8217.Toledo8217Error as exc:
                    self._bad_frame(raw, exc.message)
                    continue
            if time.monotonic() >= deadline or self._stop.is_set():
                return None
            self._frames.feed(port.read(max(1, port.in_waiting)))

    def _drain(self, port: serial.SerialBase) -> None:
        """Forget answers that came too late for the previous command."""
        waiting = port.in_waiting
        if waiting:
            self._frames.feed(port.read(waiting))
        while (raw := self._frames.next_frame()) is not None:
            self.log.debug("late answer %r dropped", raw)
        self._frames.clear()

    def _require_port(self) -> serial.SerialBase:
        if self._port is None:
            raise DeviceOffline(f"{self.device_id} has no port open")
        return self._port

    # -- requests, on the port's thread ------------------------------------------------------

    def _carry_out(self, request: _Request) -> None:
        try:
            if request.action is _Action.PROBE:
                request.future.set_result(self._echo_probe(request.deadline))
            elif request.action is _Action.CLEAR_TARE:
                self._status_command(t8217.Command.CLEAR_TARE.value, request)
                request.future.set_result(None)
            elif request.action is _Action.ZERO:
                self._status_command(t8217.Command.ZERO.value, request)
                request.future.set_result(None)
            else:
                command = t8217.Command.TARE.value if request.preset_g is None \
                    else t8217.preset_tare(request.preset_g)
                self._status_command(command, request)
                request.future.set_result(None)  # the 8217 does not say the tare's weight
        except (DeviceError, ValueError) as exc:
            request.future.set_exception(exc)
        except (serial.SerialException, OSError) as exc:
            request.future.set_exception(DeviceOffline(f"{self.device_id}: {exc}"))
            raise

    def _status_command(self, command: bytes, request: _Request) -> t8217.Status:
        """Z, T or C; repeated while the scale is in motion, as MT-SICS scales do themselves."""
        period = 1.0 / self.options.poll_hz
        while True:
            frame = self._transact(command)
            if frame is None:
                raise DeviceTimeout(f"{self.device_id}: no answer to {request.action.value}")
            if not isinstance(frame, t8217.StatusFrame):
                raise t8217.Toledo8217Error(f"{request.action.value} answered {frame}")
            status = frame.status
            if t8217.Status.MOTION in status and time.monotonic() + period < request.deadline:
                self._stop.wait(period)
                continue
            refusal = _refusal(status)
            if refusal:
                raise ScaleCommandError(f"{self.device_id}: {request.action.value} refused: "
                                        f"{refusal}")
            return status

    def _echo_probe(self, deadline: float) -> str:
        """``Ehello`` -> STX E CR hello, then ``F`` (Odoo's IoT box probes 8217 scales so)."""
        port = self._require_port()
        payload = b"hello"
        frame = self._transact(t8217.Command.ECHO.value + payload,
                               max(0.0, deadline - time.monotonic()))
        if not isinstance(frame, t8217.EchoAck):
            port.write(t8217.Command.END_ECHO.value)
            return f"no echo ({'no answer' if frame is None else frame})"
        echoed = self._frames.take(len(payload))
        while echoed is None and time.monotonic() < deadline:
            self._frames.feed(port.read(max(1, port.in_waiting)))
            echoed = self._frames.take(len(payload))
        port.write(t8217.Command.END_ECHO.value)
        if echoed != payload:
            return f"echo mode entered but echoed {echoed!r}"
        return "echo ok"


def _status_reading(status: t8217.Status) -> WeightStatus:
    """An 8217 ``?`` answer to W: what kind of not-a-number it is."""
    if t8217.Status.OVER_CAPACITY in status:
        return WeightStatus.OVER_CAPACITY
    if t8217.Status.UNDER_ZERO in status:
        return WeightStatus.UNDER_ZERO
    if t8217.Status.MOTION in status:
        return WeightStatus.UNSTABLE
    return WeightStatus.NOT_READY  # e.g. power-up zero outside the capture range


def _refusal(status: t8217.Status) -> str:
    reasons = {t8217.Status.MOTION: "in motion",
               t8217.Status.OVER_CAPACITY: "over capacity",
               t8217.Status.UNDER_ZERO: "under zero",
               t8217.Status.OUTSIDE_ZERO_RANGE: "outside the zero range"}
    return ", ".join(text for flag, text in reasons.items() if flag in status)


class _Mode(Enum):
    TRY_STREAM = "asking for SIR"
    STREAM = "streaming (SIR)"
    POLL = "polling (SI)"


@dataclass
class _Pending:
    """An MT-SICS command sent for a request, waiting for its answer line."""

    request: _Request
    command: str


class MtSicsScale(ScaleDriver):
    """An MT-SICS scale: streams with SIR when the scale knows it, else polls SI.

    A scale that answers SIR with ES or EL is polled at ``options.poll_hz``
    for the rest of the session; the next session asks for SIR again.
    """

    protocol_name = "MT-SICS"

    def __init__(self, device_id: str, sink: EventSink, url: str,
                 options: ScaleOptions | None = None, *,
                 settings: SerialSettings = mtsics.SETTINGS) -> None:
        super().__init__(device_id, sink, url, settings, options)
        self.mode = _Mode.POLL
        self._lines = mtsics.LineReader(self._junk)
        self._pending: _Pending | None = None
        self._asked_at = 0.0  # when the current poll (SI, or SIR) was sent
        self._answered = False  # a weight line came in the current period

    @property
    def streaming(self) -> bool:
        return self.mode is _Mode.STREAM

    def _run(self, port: serial.SerialBase, stop: threading.Event) -> None:
        self._lines = mtsics.LineReader(self._junk)
        self._pending = None
        self.mode = _Mode.TRY_STREAM if self.options.streaming else _Mode.POLL
        try:
            self._ask(port)
            while not stop.is_set():
                self._lines.feed(port.read(max(1, port.in_waiting)))
                while (line := self._lines.next_line()) is not None:
                    self._on_line(port, line)
                now = time.monotonic()
                self._check_pending(now)
                # Not while asking for SIR: an ES then must mean "no SIR", not "no such request".
                if self._pending is None and self.mode is not _Mode.TRY_STREAM:
                    request = self._next_request(0)
                    if request is not None:
                        self._send_request(port, request)
                self._tick(port, now)
        finally:
            if self._pending is not None:
                self._pending.request.future.set_exception(
                    DeviceOffline(f"{self.device_id}: the port was lost"))
                self._pending = None

    def _ask(self, port: serial.SerialBase) -> None:
        """Start a period: send SIR (to start or restart streaming) or SI."""
        self._begin_poll()
        self._answered = False
        self._asked_at = time.monotonic()
        if self.mode is _Mode.STREAM:
            return  # lines come by themselves
        command = mtsics.Command.SEND_IMMEDIATE if self.mode is _Mode.POLL \
            else mtsics.Command.SEND_REPEAT
        port.write(mtsics.encode_command(command))

    def _tick(self, port: serial.SerialBase, now: float) -> None:
        """End the period when it is over: judge it, and ask again."""
        elapsed = now - self._asked_at
        if self.mode is _Mode.POLL and self._answered:
            if elapsed >= 1.0 / self.options.poll_hz:
                self._end_poll(True)
                self._ask(port)
            return
        if self.mode is _Mode.STREAM and self._answered:
            if elapsed >= self.options.answer_timeout_s:
                self._end_poll(True)
                self._ask(port)
            return
        if elapsed >= self.options.answer_timeout_s:
            if self._end_poll(False) is not _Outcome.ANSWERED and self.mode is _Mode.STREAM:
                self.mode = _Mode.TRY_STREAM  # maybe power-cycled: ask for SIR again
            self._ask(port)

    def _on_line(self, port: serial.SerialBase, line: bytes) -> None:
        try:
            reply = mtsics.parse_reply(line)
        except mtsics.MtSicsError as exc:
            self._bad_frame(line, exc.message)
            return
        if isinstance(reply, mtsics.WeightReply | mtsics.WeightUnavailable):
            if self.mode is _Mode.TRY_STREAM:
                self.mode = _Mode.STREAM
                self.log.info("streaming with SIR")
            self._answered = True
            self._on_weight(reply)
        elif isinstance(reply, mtsics.ErrorReply) and self._pending is None \
                and self.mode is _Mode.TRY_STREAM:
            self.log.info("SIR answered %s: polling SI at %.1f Hz", reply.kind.value,
                          self.options.poll_hz)
            self.mode = _Mode.POLL
            self._ask(port)
        elif self._pending is not None:
            self._finish(self._pending, reply)
        else:
            self._bad_frame(line, "an answer nobody asked for")

    def _on_weight(self, reply: mtsics.WeightReply | mtsics.WeightUnavailable) -> None:
        if isinstance(reply, mtsics.WeightReply):
            stable = reply.motion is mtsics.Motion.STABLE
            self._reading(WeightStatus.STABLE if stable else WeightStatus.UNSTABLE, reply.grams)
            return
        status = {mtsics.Unavailable.OVERLOAD: WeightStatus.OVER_CAPACITY,
                  mtsics.Unavailable.UNDERLOAD: WeightStatus.UNDER_ZERO,
                  mtsics.Unavailable.NOT_EXECUTABLE: WeightStatus.NOT_READY}[reply.reason]
        self._reading(status, None)

    # -- requests -------------------------------------------------------------------------

    _COMMANDS = {_Action.ZERO: mtsics.Command.ZERO, _Action.TARE: mtsics.Command.TARE,
                 _Action.CLEAR_TARE: mtsics.Command.CLEAR_TARE,
                 _Action.PROBE: mtsics.Command.SERIAL_NUMBER}

    def _send_request(self, port: serial.SerialBase, request: _Request) -> None:
        if request.preset_g is not None:
            # MT-SICS presets a tare with "TA <value> <unit>"; the simulator lacks it so far.
            request.future.set_exception(ScaleCommandError(
                f"{self.device_id}: a preset tare is not supported over MT-SICS yet"))
            return
        command = self._COMMANDS[request.action].value
        self._pending = _Pending(request, command)
        try:
            port.write(mtsics.encode_command(command))
        except (serial.SerialException, OSError) as exc:
            request.future.set_exception(DeviceOffline(f"{self.device_id}: {exc}"))
            self._pending = None
            raise

    def _check_pending(self, now: float) -> None:
        pending = self._pending
        if pending is not None and now > pending.request.deadline:
            pending.request.future.set_exception(DeviceTimeout(
                f"{self.device_id}: no answer to {pending.request.action.value}"))
            self._pending = None

    def _finish(self, pending: _Pending, reply: mtsics.Reply) -> None:
        self._pending = None
        future = pending.request.future
        action = pending.request.action
        if isinstance(reply, mtsics.ErrorReply):
            if action is _Action.PROBE:
                future.set_result(f"answering ({self.mode.value}); I4 answered "
                                  f"{reply.kind.value}")
            else:
                future.set_exception(ScaleCommandError(
                    f"{self.device_id}: {action.value} answered {reply.kind.value}"))
        elif isinstance(reply, mtsics.ZeroReply) and action is _Action.ZERO:
            if reply.result is mtsics.ZeroResult.DONE:
                future.set_result(None)
            else:
                future.set_exception(ScaleCommandError(
                    f"{self.device_id}: zero refused ({reply.result.name.lower()})"))
        elif isinstance(reply, mtsics.TareReply) and action is _Action.TARE:
            if reply.result is mtsics.TareResult.DONE:
                future.set_result(reply.grams)
            else:
                future.set_exception(ScaleCommandError(
                    f"{self.device_id}: tare refused ({reply.result.name.lower()})"))
        elif isinstance(reply, mtsics.OtherReply) and reply.command == pending.command:
            self._finish_other(pending, reply)
        else:
            future.set_exception(mtsics.MtSicsError(
                f"{self.device_id}: {action.value} answered {reply}"))

    def _finish_other(self, pending: _Pending, reply: mtsics.OtherReply) -> None:
        future = pending.request.future
        if pending.request.action is _Action.PROBE:
            future.set_result(f"answering ({self.mode.value}); serial number "
                              f"{reply.data.strip(chr(34))}")
        elif reply.status == "A":
            future.set_result(None)
        else:
            future.set_exception(ScaleCommandError(
                f"{self.device_id}: {pending.request.action.value} answered {reply.status}"))


def build(protocol: str, device_id: str, sink: EventSink, url: str,
          options: ScaleOptions | None = None) -> ScaleDriver:
    """A driver for ``protocol`` ("8217" or "mtsics"), as a lane's config names it."""
    drivers: dict[str, Callable[..., ScaleDriver]] = {"8217": Toledo8217Scale,
                                                       "mtsics": MtSicsScale}
    if protocol not in drivers:
        raise ValueError(f"unknown scale protocol {protocol!r}: use 8217 or mtsics")
    return drivers[protocol](device_id, sink, url, options)
