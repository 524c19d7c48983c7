"""Scenarios: a shopper's visit written as data, played against a headless lane.

A scenario file is TOML (see docs/scenarios.md).  The runner builds a lane
from a lane config with every device simulated (real drivers on simulators),
a fresh database and the store's catalog, plays the steps, and checks each
expectation by waiting for the lane's view to match it.  It stops at the
first unmet expectation, naming it, what was expected and what was seen.
With a screen (``kiosk.ui``), it renders the kiosk offscreen and saves a
PNG of every screen reached.
"""

from __future__ import annotations

import logging
import queue
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.app import assemble, open_lane_database
from kiosk.hardware import PAYMENT, PRINTER, SCALE, SCANNER, SCANNER_SCALE, Hardware
from kiosk.lane import Lane, Timeouts
from kiosk.settings import LaneSetup
from kiosk.storage import Database
from kiosk.view import LaneView, screen_for
from pos.errors import SCOError
from pos.interventions import Role
from pos.money import Money

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LANE = ROOT / "config" / "lanes" / "lane-1.toml"


class ScenarioFailed(SCOError):
    code = "SCENARIO_FAILED"


@dataclass
class Result:
    name: str
    path: Path
    steps: int = 0
    screens: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    failure: str | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None


class Screen(Protocol):
    """What the runner needs from a screen: be told of views, and save pictures."""

    def show(self, view: LaneView) -> None: ...

    def pump(self) -> None: ...

    def screenshot(self, path: Path) -> None: ...


class HeadlessLane:
    """A lane with simulated devices, a fresh database, and a way to restart it."""

    def __init__(self, lane_path: Path, workdir: Path, timeouts: Timeouts) -> None:
        self.setup = LaneSetup.load(lane_path)
        self.url = f"sqlite:///{workdir / 'lane.db'}"
        self.timeouts = timeouts
        self.views: queue.Queue[LaneView] = queue.Queue()
        self.view: LaneView | None = None
        self.db = open_lane_database(self.setup.lane, self.setup.store, self.url)
        self.lane, self.hardware = self._start()

    def _start(self, reuse: dict[str, Any] | None = None) -> tuple[Lane, Hardware]:
        lane, hardware = assemble(self.setup, self.db, lane_timeouts=self.timeouts, reuse=reuse)
        lane.add_listener(self.views.put)
        lane.start()
        hardware.start()
        return lane, hardware

    def restart(self) -> None:
        """Stop the lane without a goodbye and start it again on the same database.

        The simulated devices keep running, as hardware would while the lane restarts.
        """
        sims = dict(self.hardware.sims)
        self.lane.stop()  # first: the drivers' goodbyes must not reach the journal as faults
        self.hardware.close(keep_sims=True)
        self.db.close()
        self.db = Database.open(self.url)
        self.lane, self.hardware = self._start(reuse=sims)

    def close(self) -> None:
        self.lane.stop()
        self.hardware.close()
        self.db.close()

    @property
    def sims(self) -> dict[str, Any]:
        return self.hardware.sims


# -- expectations ------------------------------------------------------------------------


def _money(text: Any, currency: str) -> int:
    return Money.parse(str(text), currency).minor


_SIMPLE: dict[str, Callable[[LaneView], Any]] = {
    "screen": screen_for,
    "state": lambda v: v.state,
    "items": lambda v: v.item_count,
    "lines": lambda v: len(v.active_lines),
    "language": lambda v: v.language,
    "payment": lambda v: v.current_payment.status if v.current_payment else None,
    "message": lambda v: v.message[0] if v.message else None,
    "digital_receipt": lambda v: v.receipt_qr is not None,
}


# What an ``expect`` table may check: the keys ``_check`` knows, and two the runner checks.
EXPECTATIONS = frozenset(_SIMPLE) | {"total", "due", "paid", "savings", "line_names",
                                     "interventions", "receipt_contains", "reached", "charges"}


def _check(view: LaneView, key: str, wanted: Any, receipt_text: Callable[[], str]) -> str | None:
    """None when ``view`` meets ``key = wanted``, else what was seen instead."""
    if key in _SIMPLE:
        seen = _SIMPLE[key](view)
        return None if seen == wanted else repr(seen)
    if key in ("total", "due", "paid", "savings"):
        amount = getattr(view, key)
        shown = Money(amount, view.currency).format_plain().split()[0]
        return None if amount == _money(wanted, view.currency) else shown
    if key == "line_names":
        names = [line.name for line in view.active_lines]
        return None if all(any(w in name for name in names) for w in wanted) else str(names)
    if key == "interventions":
        kinds = sorted(i.kind for i in view.interventions)
        return None if kinds == sorted(wanted) else str(kinds)
    if key == "receipt_contains":
        text = receipt_text()
        missing = [w for w in wanted if w not in text]
        return None if not missing else f"receipt without {missing}:\n{text}"
    raise ScenarioFailed(f"unknown expectation {key!r}")


# -- the runner ------------------------------------------------------------------------------


class Runner:
    def __init__(self, path: Path, shots: Path | None, screen: Screen | None,
                 timeout_s: float = 10.0) -> None:
        self.path = path
        self.data = tomllib.loads(path.read_text(encoding="utf-8"))
        self.result = Result(str(self.data.get("name", path.stem)), path)
        self.shots = shots
        self.screen = screen
        self.timeout_s = float(self.data.get("timeout_s", timeout_s))
        self.printed: list[str] = []

    def run(self) -> Result:
        timeouts = Timeouts(thank_you_s=float(self.data.get("thank_you_s", 1.0)),
                            bagging_s=float(self.data.get("bagging_timeout_s", 20.0)))
        lane_path = ROOT / self.data["lane"] if "lane" in self.data else DEFAULT_LANE
        with tempfile.TemporaryDirectory(prefix="sco-scenario-") as tmp:
            self.shop = HeadlessLane(lane_path, Path(tmp), timeouts)
            try:
                # Still scales by default, so prices by weight are exact; a scenario may ask
                # for the noise of a real platter instead.
                for role in (SCALE, SCANNER_SCALE):
                    if role in self.shop.sims:
                        self.shop.sims[role].set_noise(int(self.data.get("scale_noise_g", 0)))
                self._wait(lambda v: v.state == "attract", "the lane to start")
                devices = len(self.shop.hardware.drivers)
                self._wait(lambda v: sum(d.health == "online" for d in v.devices) >= devices,
                           "every device online")
                for number, step in enumerate(self.data.get("step", []), start=1):
                    self.result.steps = number
                    self._step(number, step)
            except ScenarioFailed as exc:
                self.result.failure = exc.message
            finally:
                self.shop.close()
        return self.result

    # -- waiting on views ---------------------------------------------------------

    def _take(self, timeout: float) -> LaneView | None:
        try:
            view = self.shop.views.get(timeout=timeout)
        except queue.Empty:
            return None
        self.shop.view = view
        screen = screen_for(view)
        if not self.result.screens or self.result.screens[-1] != screen:
            self.result.screens.append(screen)
            self._shoot(view, screen)
        return view

    def _shoot(self, view: LaneView, screen: str) -> None:
        if self.screen is None:
            return
        self.screen.show(view)
        if self.shots is not None:
            path = self.shots / f"{len(self.result.screens):02d}-{screen}.png"
            self.screen.screenshot(path)
            self.result.screenshots.append(path)

    def _wait(self, check: Callable[[LaneView], bool], what: str) -> LaneView:
        deadline = time.monotonic() + self.timeout_s
        view = self.shop.view
        if view is not None and check(view):
            return view
        while time.monotonic() < deadline:
            if self.screen is not None:
                self.screen.pump()
            taken = self._take(0.05)
            if taken is not None and check(taken):
                return taken
            # The lane publishes only views that changed; some conditions (the scale's
            # reading) are not in the view, so look again at the current one.
            current = self.shop.view
            if taken is None and current is not None and check(current):
                return current
        raise ScenarioFailed(f"timed out waiting for {what}")

    def _settle(self) -> None:
        """Let the lane finish what the last step started (it publishes after each job)."""
        marker: queue.Queue[bool] = queue.Queue()
        self.shop.lane.call(lambda: marker.put(True), "marker")
        marker.get(timeout=self.timeout_s)
        while self._take(0.05) is not None:
            pass

    # -- steps ------------------------------------------------------------------------

    def _step(self, number: int, step: dict[str, Any]) -> None:
        where = f"step {number}"
        actions = {k: v for k, v in step.items() if k != "expect"}
        for key, value in actions.items():
            handler = getattr(self, f"_do_{key}", None)
            if handler is None:
                raise ScenarioFailed(f"{where}: unknown action {key!r}")
            try:
                handler(value, step)
            except ScenarioFailed as exc:  # say which step could not be played
                if exc.message.startswith("step "):
                    raise
                raise ScenarioFailed(f"{where}: {key} = {value!r}: {exc.message}") from exc
        if "expect" in step:
            self._expect(where, step["expect"])

    def _expect(self, where: str, expect: dict[str, Any]) -> None:
        unknown = sorted(set(expect) - EXPECTATIONS)
        if unknown:
            raise ScenarioFailed(f"{where}: unknown expectation {', '.join(map(repr, unknown))}"
                                 f" (known: {', '.join(sorted(EXPECTATIONS))})")
        last: dict[str, str] = {}

        def meets(view: LaneView) -> bool:
            last.clear()
            for key, wanted in expect.items():
                if key == "reached":
                    missing = [s for s in wanted if s not in self.result.screens]
                    if missing:
                        last[key] = f"{self.result.screens} (not {missing})"
                    continue
                if key == "charges":  # what the terminal actually charged, in order
                    charged = [Money(c.amount, view.currency).format_plain().split()[0]
                               for c in self.shop.sims[PAYMENT].charges]
                    if charged != [str(w) for w in wanted]:
                        last[key] = str(charged)
                    continue
                seen = _check(view, key, wanted, self._receipt_text)
                if seen is not None:
                    last[key] = seen
            return not last

        try:
            self._wait(meets, "expectations")
        except ScenarioFailed:
            problems = "; ".join(f"{k}: expected {expect[k]!r}, saw {v}" for k, v in last.items())
            raise ScenarioFailed(f"{where}: {problems}") from None

    def _receipt_text(self) -> str:
        sim = self.shop.sims.get(PRINTER)
        if sim is not None:
            while True:
                try:
                    self.printed.append(sim.wait_receipt(0.01).text)
                except queue.Empty:
                    break
        return "\n".join(self.printed)

    def _do_scan(self, code: Any, step: dict[str, Any]) -> None:
        aim = str(step.get("aim", "]E0"))
        lane = self.shop.lane
        taken = lane.scans_taken
        self.shop.sims[SCANNER].scan(str(code), aim=aim)
        # The code is on its way through the pty and the driver: wait until the lane has it,
        # or a weight put down next could reach the lane first (an "unexpected item").
        self._wait(lambda _view: lane.scans_taken > taken, f"the lane to read {code}")
        self._settle()

    def _do_aim(self, value: Any, step: dict[str, Any]) -> None:
        """Read by ``scan``."""

    def _do_bag(self, grams: Any, step: dict[str, Any]) -> None:
        self._weigh(int(grams))

    def _do_unbag(self, grams: Any, step: dict[str, Any]) -> None:
        self._weigh(-int(grams))

    def _weigh(self, delta: int) -> None:
        """Put (or take) ``delta`` grams and wait until the lane has the stable reading."""
        machine = self.shop.lane.core.machine
        target = machine.scale_g + delta
        sim = self.shop.sims[SCALE]
        if delta >= 0:
            sim.put(delta)
        else:
            sim.take(-delta)
        # Exactly, on a still scale: a few grams (a tea bag) are a change to wait for too.
        slack = 2 * int(self.data.get("scale_noise_g", 0))
        self._wait(lambda v: abs(machine.scale_g - target) <= slack,
                   f"the scale to show {target} g")
        self._settle()

    def _do_weigh(self, grams: Any, step: dict[str, Any]) -> None:
        self._weigh_produce(int(grams))

    def _do_unweigh(self, grams: Any, step: dict[str, Any]) -> None:
        self._weigh_produce(-int(grams))

    def _weigh_produce(self, delta: int) -> None:
        """Put (or take) ``delta`` grams on the scanner-scale; wait for the lane's stable reading.

        The scanner-scale is not the bagging area: its reading is the lane's, not the machine's.
        """
        sim = self._sim(SCANNER_SCALE)
        target = sim.weight_g + delta
        sim.put(delta)
        lane = self.shop.lane

        def shown(_view: LaneView) -> bool:
            reading = lane.scale_reading(SCANNER_SCALE)
            return (reading is not None and reading.stable and reading.grams is not None
                    and abs(reading.grams - target) <= 10)

        self._wait(shown, f"the scanner-scale to show {target} g")
        self._settle()

    def _do_weight(self, value: Any, step: dict[str, Any]) -> None:
        """Read by ``plu`` and ``product``."""

    def _do_plu(self, plu: Any, step: dict[str, Any]) -> None:
        if "weight" in step:
            self.shop.lane.add_by_plu(str(plu), weight_g=int(step["weight"]))
        else:
            self.shop.lane.add_by_plu(str(plu))
        self._settle()

    def _do_product(self, gtin: Any, step: dict[str, Any]) -> None:
        weight = int(step["weight"]) if "weight" in step else None
        self.shop.lane.add_product(str(gtin).zfill(14), weight_g=weight)
        self._settle()

    PRESSES = {
        "pay": "pay", "help": "request_help", "cancel_help": "cancel_help",
        "own_bag": "declare_own_bag", "lookup": "open_lookup", "close_lookup": "close_lookup",
        "skip_bagging": "skip_bagging", "back": "back_to_scanning", "card": "choose_tender",
        "cancel_payment": "cancel_payment", "digital_receipt": "choose_digital_receipt",
        "finish": "finish", "still_here": "still_here",
    }

    def _do_press(self, button: Any, step: dict[str, Any]) -> None:
        name = self.PRESSES.get(str(button))
        if name is None:
            raise ScenarioFailed(f"unknown button {button!r} (one of {sorted(self.PRESSES)})")
        if name == "choose_tender":
            self.shop.lane.choose_tender("card")
        else:
            getattr(self.shop.lane, name)()
        self._settle()

    def _do_void_request(self, line_no: Any, step: dict[str, Any]) -> None:
        self.shop.lane.request_void(int(line_no))
        self._settle()

    def _do_language(self, language: Any, step: dict[str, Any]) -> None:
        self.shop.lane.choose_language(str(language))
        self._settle()

    def _do_card(self, outcome: Any, step: dict[str, Any]) -> None:
        """How the terminal answers the next payment: approve, decline[:CODE], slow, silent,
        abort, drop (approves, then the link drops before completion)."""
        sim = self.shop.sims[PAYMENT]
        kind, _, arg = str(outcome).partition(":")
        if kind == "approve":
            sim.approve_next()
        elif kind == "decline":
            sim.decline_next(int(arg or "05", 16))
        elif kind == "slow":
            sim.slow_next(steps=3, step_s=0.2)
        elif kind == "silent":
            sim.silent_next()
        elif kind == "abort":
            sim.abort_next()
        elif kind == "drop":
            sim.drop_after_approval_next(replug_after_s=0.3)
        else:
            raise ScenarioFailed(f"unknown card outcome {outcome!r}")

    def _do_printer(self, state: Any, step: dict[str, Any]) -> None:
        sim = self.shop.sims[PRINTER]
        if state == "paper_out":
            sim.set_paper_out(True)
        elif state == "ok":
            sim.set_paper_out(False)
        else:
            raise ScenarioFailed(f"unknown printer state {state!r}")

    def _do_attendant(self, action: Any, step: dict[str, Any]) -> None:
        """``"approve KIND"``, ``"reject KIND"``, ``"void LINE"``, ``"cancel"``, ``"suspend"``,
        ``"reprint"``, ``"close"``, ``"open"``: sign in, act, sign out."""
        lane = self.shop.lane
        verb, _, arg = str(action).partition(" ")
        lane.attendant_sign_in(str(step.get("operator", "Anna")),
                               Role.parse(str(step.get("role", "attendant"))))
        self._settle()
        view = self.shop.view
        assert view is not None
        if verb in ("approve", "reject"):
            target = view.intervention(arg)
            if target is None:
                raise ScenarioFailed(f"no open {arg} intervention to {verb}")
            (lane.approve if verb == "approve" else lane.reject)(target.id)
        elif verb == "void":
            lane.void_line(int(arg))
        else:
            acts = {"cancel": lane.cancel_transaction, "suspend": lane.suspend_transaction,
                    "reprint": lane.reprint, "close": lane.close_lane, "open": lane.open_lane}
            if verb not in acts:
                raise ScenarioFailed(f"unknown attendant action {action!r}")
            acts[verb]()
        self._settle()
        lane.attendant_sign_out()
        self._settle()

    def _do_unplug(self, role: Any, step: dict[str, Any]) -> None:
        """Pull the cable of ``scanner``, ``scale``, ``scanner_scale``, ``printer`` or
        ``payment``."""
        self._sim(role).endpoint.unplug()

    def _do_replug(self, role: Any, step: dict[str, Any]) -> None:
        self._sim(role).endpoint.replug()

    def _sim(self, role: Any) -> Any:
        sim = self.shop.sims.get(str(role))
        if sim is None:
            raise ScenarioFailed(f"no simulated {role!r} on this lane")
        return sim

    def _do_restart(self, value: Any, step: dict[str, Any]) -> None:
        self.shop.restart()
        self.shop.view = None
        # Back when it has replayed its journal; devices reconnect by themselves.
        self._wait(lambda v: v.state != "closed", "the lane to come back")

    def _do_wait(self, screen: Any, step: dict[str, Any]) -> None:
        self._wait(lambda v: screen_for(v) == screen, f"screen {screen}")


@contextmanager
def offscreen_screen(size: tuple[int, int] = (1920, 1080)) -> Iterator[Screen | None]:
    """The kiosk's window, offscreen, when the UI is installed; None otherwise."""
    try:
        from kiosk.ui.scenario_screen import QtScreen
    except ImportError:
        yield None
        return
    screen = QtScreen(size)
    try:
        yield screen
    finally:
        screen.close()


def run_files(paths: list[Path], shots_root: Path | None, *, screens: bool = True,
              out: Callable[[str], None] = print) -> int:
    """Run every scenario; 0 when all pass, 1 at the first failure (named)."""
    with offscreen_screen() if screens else _no_screen() as screen:
        for path in paths:
            shots = None
            if shots_root is not None:
                shots = shots_root / path.stem
                shutil.rmtree(shots, ignore_errors=True)
                shots.mkdir(parents=True)
            result = Runner(path, shots, screen).run()
            if not result.passed:
                out(f"FAIL {path}: {result.failure}")
                out(f"     screens reached: {' -> '.join(result.screens)}")
                return 1
            out(f"ok   {path} ({result.steps} steps; {' -> '.join(result.screens)})")
    return 0


@contextmanager
def _no_screen() -> Iterator[None]:
    yield None
