"""The attendant station under load: lane status to tile, its CPU and memory, start to all lanes.

Lanes are simulated in a separate process (so the station process's CPU is its own),
one MQTT client per lane, each publishing a realistic ``LaneStatus`` (retained, QoS 1)
five times a second with a little jitter, stamped ``at = time.time()`` just before it is
encoded and published.  The visits they act out change state, total and items; some
raise weight-mismatch interventions whose measured weight moves while they wait, so the
station's queue changes too.  Everything goes through a real Mosquitto started here.

The station is the real thing, wired as ``attendant.app.StationApp`` wires it:
``StationService`` (its ``StationLink`` on paho's thread) → Qt queued signals →
``StationWindow.show_status`` → ``StationModel`` → a tile repaint → ``rendered``.
A status's latency is the wall clock when ``rendered`` carries it minus its ``at``
(one machine, one clock).  A status not rendered was either never delivered or
superseded: a newer status of the same lane reached the tile before it was painted.
The moving weight of a waiting intervention rebuilds the queue five times a second,
more often than a real lane asks it to: the load errs on the heavy side.

CPU (process and Qt thread, as % of one core) and RSS are taken over the measured
20 s of the 32-lane run.  Start to all lanes: with those 32 statuses retained on the
broker, a fresh service + window (a new station id, so a new session) until every
tile has painted its lane's status; the process is warm, so imports and
``QApplication`` are not in it.  ``SCO_BENCH_PROFILE=<folder>`` writes a cProfile of
the Qt thread over each measured run.
"""

from __future__ import annotations

import gc
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
RATE_HZ = 5.0
JITTER = 0.2  # each period is drawn from ±20 % of 1/RATE_HZ
WARMUP_S = 3.0
MEASURE_S = 20.0
TAIL_S = 1.0  # the lanes go on a little so the last measured statuses meet a busy station
SCREEN = (1920, 1080)
COLUMNS = 2  # config/attendant.toml
TARGET_P99_MS = 100.0
START_RUNS = 5
DEVICES = ("scanner", "scale", "printer", "payment")
# The end of a visit, one status each: the state that follows.
PAYING = {"payment": "payment_pending", "payment_pending": "paid", "paid": "receipt"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _lanes(count: int) -> tuple[str, ...]:
    return tuple(f"lane-{n}" for n in range(1, count + 1))


# -- the lanes (their own process) ------------------------------------------------------


@dataclass
class LaneScript:
    """One lane's visits, one status change per ``step``: every step changes what shows."""

    lane: str
    store: str
    rng: random.Random
    state: str = "attract"
    since: float = 0.0
    visit: int = 0
    txn: str = ""
    total: int = 0
    items: int = 0
    wanted_items: int = 0
    attendant: str | None = None
    attendant_steps: int = 0
    intervention: Any = None  # pos.messages.InterventionSummary while one waits
    hold: int = 0  # steps the intervention still waits
    next_intervention: int = 1
    printer: tuple[str, str, str] = ("online", "", "")
    devices: tuple[Any, ...] = field(default_factory=tuple)

    def step(self, now: float) -> Any:
        from pos.messages import DeviceSummary

        if not self.since:
            self.since = now
        self._advance(now)
        if self.rng.random() < 0.004:  # now and then the printer runs out of paper, or is fixed
            self.printer = (("online", "", "") if self.printer[0] != "online" else
                            ("error", "PRINTER_PAPER_OUT", "out of paper"))
        self.devices = tuple(DeviceSummary(name, *(self.printer if name == "printer" else
                                                   ("online", "", ""))) for name in DEVICES)
        return self.status(time.time())

    def _advance(self, now: float) -> None:
        if self.attendant_steps:
            self.attendant_steps -= 1
            if not self.attendant_steps:
                self.attendant = None
        if self.state in PAYING:
            self._to(PAYING[self.state], now)
        elif self.state in ("weight_mismatch", "unexpected_item"):
            self._wait_for_attendant(now)
        elif self.state == "awaiting_bagging":
            roll = self.rng.random()
            if roll < 0.06:
                self._raise("weight_mismatch", now)
            elif roll < 0.08:
                self._raise("unexpected_item", now)
            else:
                self._to("scanning", now)
        elif self.state == "scanning":
            self._scan(now)
        elif self.state == "attract":
            self.visit += 1
            self.txn = f"{self.lane}-{self.visit:06d}"
            self.total, self.items = 0, 0
            self.wanted_items = self.rng.randint(3, 25)
            self._to("scanning", now)
        else:  # receipt
            self.txn, self.total, self.items = "", 0, 0
            self._to("attract", now)

    def _scan(self, now: float) -> None:
        if self.items >= self.wanted_items:
            self._to("payment", now)
            return
        self.items += 1
        self.total += self.rng.choice((49, 99, 129, 199, 249, 399, 599, 1299))
        self._to("awaiting_bagging", now)

    def _wait_for_attendant(self, now: float) -> None:
        self.hold -= 1
        if self.hold > 0:  # the shopper moves things in the bagging area: the weight moves
            waiting = self.intervention
            self.intervention = self._summary(waiting.kind, waiting.raised_at, waiting.id)
            return
        self.intervention = None
        self.attendant, self.attendant_steps = "ann", 4  # she cleared it at the lane
        self._to("scanning", now)

    def _to(self, state: str, now: float) -> None:
        self.state, self.since = state, now

    def _raise(self, kind: str, now: float) -> None:
        self.intervention = self._summary(kind, now, self.next_intervention)
        self.next_intervention += 1
        self.hold = self.rng.randint(5, 25)  # one to five seconds until an attendant clears it
        self._to(kind, now)

    def _summary(self, kind: str, raised_at: float, number: int) -> Any:
        from pos.messages import InterventionSummary
        from pos.security import WeightExplanation, WeightSource

        if kind == "weight_mismatch":
            expected = self.rng.choice((180, 450, 1000, 1200, 2350))
            measured = expected + self.rng.choice((-1, 1)) * self.rng.randint(60, 400)
            why: dict[str, Any] = WeightExplanation(
                "mismatch", expected, measured, 50, WeightSource.LEARNED, "2000000000015",
                self.rng.choice(("Bananas", "Whole milk 1 l", "Rye bread"))).to_dict()
            why["samples"] = self.rng.randint(5, 80)
        else:
            why = WeightExplanation("unexpected", 0, self.rng.randint(40, 900), 5,
                                    None).to_dict()
        return InterventionSummary(number, kind, raised_at, "scanning", "attendant", True,
                                   why, self.items if kind == "weight_mismatch" else None)

    def status(self, at: float) -> Any:
        from pos.messages import LaneStatus, lane_light

        interventions = (self.intervention,) if self.intervention is not None else ()
        light, flashing = lane_light(self.state, True, interventions, self.devices,
                                     self.attendant)
        return LaneStatus(
            lane=self.lane, store=self.store, online=True, at=at,
            name=f"Lane {self.lane.split('-')[1]}", state=self.state, state_since=self.since,
            screen=self.state, txn=self.txn, total=self.total, currency="EUR",
            items=self.items, light=light.value, flashing=flashing, attendant=self.attendant,
            interventions=interventions, devices=self.devices)


def publish_lanes(port: int, store: str, count: int, seconds: float, seed: int = 5) -> None:
    """The lane process: prints ``ready <time>``, publishes for ``seconds``, then one JSON
    line: every lane's published ``at`` stamps and this process's CPU time."""
    import paho.mqtt.client as mqtt

    from kiosk.config import BrokerSection
    from kiosk.mqtt import make_client
    from pos.messages import LaneStatus, Topics

    topics = Topics(store)
    settings = BrokerSection.model_validate({"host": HOST, "port": port})
    clients: dict[str, mqtt.Client] = {}
    for lane in _lanes(count):
        will = LaneStatus.offline(lane, store, time.time()).encode()
        client = make_client(settings, f"bench-{store}-{lane}", will=(topics.status(lane), will),
                             clean_start=True)
        client.connect(HOST, port, keepalive=30)
        client.loop_start()
        clients[lane] = client
    deadline = time.monotonic() + 10
    while not all(c.is_connected() for c in clients.values()):
        if time.monotonic() > deadline:
            raise SystemExit("the lanes could not connect to the broker")
        time.sleep(0.01)  # polling paho's flag in the lane process, not on the Qt thread
    start = time.time()
    print(f"ready {start!r}", flush=True)
    end = start + seconds
    published: dict[str, list[float]] = {lane: [] for lane in clients}
    last: dict[str, mqtt.MQTTMessageInfo] = {}

    def lane_thread(lane: str, rng: random.Random) -> None:
        script = LaneScript(lane, store, rng)
        topic = topics.status(lane)
        period = 1 / RATE_HZ
        due = start + rng.uniform(0, period)  # lanes are not in step with each other
        while True:
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            if time.time() >= end:
                break
            status = script.step(time.time())
            last[lane] = clients[lane].publish(topic, status.encode(), qos=1, retain=True)
            published[lane].append(status.at)
            due += period * rng.uniform(1 - JITTER, 1 + JITTER)

    threads = [threading.Thread(target=lane_thread, args=(lane, random.Random(seed * 1000 + n)),
                                name=lane, daemon=True) for n, lane in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for info in last.values():
        info.wait_for_publish(5)
    for client in clients.values():
        client.disconnect()
        client.loop_stop()
    print(json.dumps({"published": published, "cpu_s": time.process_time()}), flush=True)


def _lane_process(port: int, store: str, count: int, seconds: float) -> list[str]:
    code = ("import sys; from bench.bench_station import publish_lanes; "
            "publish_lanes(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))")
    return ["-c", code, str(port), store, str(count), repr(seconds)]


# -- the station (this process, on Qt's thread) ---------------------------------------------


class Waiter:
    """Runs Qt's event loop until ``done()`` is called or ``timeout`` passes (no sleeping)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEventLoop

        self._loop = QEventLoop()
        self.finished = False

    def done(self) -> None:
        self.finished = True
        self._loop.quit()

    def run(self, timeout: float, what: str) -> None:
        from PySide6.QtCore import QTimer

        if self.finished:
            return
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(self._loop.quit)
        timer.start(int(timeout * 1000))
        self._loop.exec()
        timer.stop()
        if not self.finished:
            raise TimeoutError(f"the station bench timed out: {what}")


class Station:
    """Service, model and window, wired as ``attendant.app.StationApp`` wires them."""

    def __init__(self, station: str, store: str, port: int, lanes: tuple[str, ...],
                 db: Any) -> None:
        from PySide6.QtCore import Qt

        from attendant.app import StationService
        from attendant.model import StationModel
        from attendant.ui.window import StationWindow
        from kiosk.config import BrokerSection

        broker = BrokerSection.model_validate({"host": HOST, "port": port})
        self.service = StationService(station, store, broker, db)
        self.model = StationModel(lanes)
        self.window = StationWindow(self.service, self.model, columns=COLUMNS, size=SCREEN,
                                    title=f"Bench {station}")
        self.service.statusReceived.connect(self.window.show_status)
        self.service.replyReceived.connect(self.window.show_reply)
        self.service.linkChanged.connect(self.window.show_link)
        self.service.figuresChanged.connect(self.window.show_figures)
        self.window.show_link(False, "connecting…")
        gc.freeze()  # as attendant.app.run does once the station is built
        # The harness's own records: (wall clock, lane, at).  Arrivals are counted on paho's
        # thread (a direct connection), so counting adds no event to the Qt thread.
        self.received: list[tuple[float, str, float]] = []
        self.rendered: list[tuple[float, str, float]] = []
        self.connected_at = 0.0
        self.service.statusReceived.connect(
            lambda s: self.received.append((time.time(), s.lane, s.at)),
            Qt.ConnectionType.DirectConnection)
        self.service.linkChanged.connect(self._link, Qt.ConnectionType.DirectConnection)
        self.window.rendered.connect(lambda s: self.rendered.append((time.time(), s.lane, s.at)))

    def _link(self, up: bool, _reason: str) -> None:
        if up and not self.connected_at:
            self.connected_at = time.time()

    def start(self) -> None:
        # As attendant.app.run: the service first, then the window.
        self.service.start()
        self.window.show()

    def close(self) -> None:
        self.service.stop()
        self.window.close()
        self.window.deleteLater()


def _wait_connected(station: Station) -> None:
    from PySide6.QtCore import QTimer

    waiter = Waiter()

    def look() -> None:
        if station.service.link.connected:
            waiter.done()

    check = QTimer()
    check.timeout.connect(look)
    check.start(10)
    waiter.run(10, "the station did not connect to the broker")
    check.stop()


class LaneLoad:
    """The lane process driving a station for warm-up + ``measure_s``, and what the station
    process spent meanwhile (CPU, RSS, optionally a cProfile of the Qt thread)."""

    def __init__(self, port: int, store: str, count: int, *, warmup_s: float,
                 measure_s: float, memory: bool, profile: Path | None) -> None:
        from PySide6.QtCore import QProcess, QTimer

        self.warmup_s, self.measure_s = warmup_s, measure_s
        self.output: list[str] = []
        self.failure = ""
        self.marks: dict[str, float] = {}
        self.rss: list[float] = []
        self.finished = Waiter()
        self._memory = memory
        self._profile = profile
        self._profiler: Any = None
        if profile is not None:
            import cProfile

            self._profiler = cProfile.Profile()
        self._sampler = QTimer()
        self._sampler.timeout.connect(lambda: self.rss.append(_rss_mb()))
        self._process = QProcess()
        self._process.setWorkingDirectory(str(ROOT))
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.finished.connect(self._exited)
        self._seconds = warmup_s + measure_s + TAIL_S
        self._args = _lane_process(port, store, count, self._seconds)

    def run(self) -> None:
        self._process.start(sys.executable, self._args)
        self.finished.run(self._seconds + 30, "the lanes did not finish")
        if self.failure:
            raise RuntimeError(f"the lane process failed: {self.failure[-2000:]}")
        if self._profiler is not None and self._profile is not None:
            self._profiler.dump_stats(str(self._profile))

    @property
    def lanes_report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.output[-1])
        return report

    def _read(self) -> None:
        from PySide6.QtCore import QTimer

        while self._process.canReadLine():
            line = bytes(self._process.readLine().data()).decode().strip()
            if line.startswith("ready "):
                ready = float(line.split()[1])
                self.marks["from"] = ready + self.warmup_s
                self.marks["to"] = ready + self.warmup_s + self.measure_s
                QTimer.singleShot(int(self.warmup_s * 1000), self._begin)
                QTimer.singleShot(int((self.warmup_s + self.measure_s) * 1000), self._end)
            elif line:
                self.output.append(line)

    def _begin(self) -> None:
        self.marks.update(cpu_from=time.process_time(), qt_cpu_from=time.thread_time(),
                          wall_from=time.monotonic())
        if self._memory:
            self._sampler.start(1000)
        if self._profiler is not None:
            self._profiler.enable()

    def _end(self) -> None:
        if self._profiler is not None:
            self._profiler.disable()
        self.marks.update(cpu_to=time.process_time(), qt_cpu_to=time.thread_time(),
                          wall_to=time.monotonic())
        self._sampler.stop()
        self.rss.append(_rss_mb())

    def _exited(self, code: int, _status: Any) -> None:
        from PySide6.QtCore import QTimer

        self._read()
        if code != 0:
            self.failure = bytes(self._process.readAllStandardError().data()).decode(
                errors="replace") or f"exit {code}"
            self.finished.done()
            return
        QTimer.singleShot(500, self.finished.done)  # the last statuses' paint

    def cpu(self) -> dict[str, float]:
        m = self.marks
        wall = m["wall_to"] - m["wall_from"]
        return {"process_cpu_percent_of_one_core":
                round(100 * (m["cpu_to"] - m["cpu_from"]) / wall, 1),
                "qt_thread_cpu_percent_of_one_core":
                round(100 * (m["qt_cpu_to"] - m["qt_cpu_from"]) / wall, 1)}


def status_to_tile(db: Any, port: int, count: int, *, measure_s: float = MEASURE_S,
                   warmup_s: float = WARMUP_S, memory: bool = False,
                   profile: Path | None = None) -> dict[str, Any]:
    """``count`` lanes at 5 Hz for warm-up + ``measure_s``; latency of the measured ones."""
    store = f"bench{count}"
    station = Station(f"station-{count}", store, port, _lanes(count), db)
    station.start()
    _wait_connected(station)
    load = LaneLoad(port, store, count, warmup_s=warmup_s, measure_s=measure_s,
                    memory=memory, profile=profile)
    try:
        load.run()
    finally:
        station.close()
    report = load.lanes_report
    low, high = load.marks["from"], load.marks["to"]
    published = {(lane, at) for lane, ats in report["published"].items() for at in ats
                 if low <= at < high}
    received = {(lane, at) for _t, lane, at in station.received if (lane, at) in published}
    latencies: dict[tuple[str, float], float] = {}
    for t, lane, at in station.rendered:
        if (lane, at) in published:
            latencies.setdefault((lane, at), t - at)
    samples_ms = [v * 1000 for v in latencies.values()]
    p99 = percentile(samples_ms, 99)
    result: dict[str, Any] = {
        "lanes": count, "rate_hz_per_lane": RATE_HZ, "measured_s": measure_s,
        "p50_ms": round(percentile(samples_ms, 50), 2), "p99_ms": round(p99, 2),
        "max_ms": round(max(samples_ms), 2), "count": len(samples_ms),
        "published": len(published), "delivered": len(received),
        "rendered": len(latencies),
        "not_delivered": len(published) - len(received),
        "superseded_before_paint": len(received) - len(latencies),
        "not_rendered": len(published) - len(latencies),
        "target_p99_ms": TARGET_P99_MS, "meets_target": p99 < TARGET_P99_MS,
        "lane_process_cpu_s": round(report["cpu_s"], 2),
        **load.cpu(),
    }
    if memory:
        result.update({"rss_mb_max": round(max(load.rss), 1),
                       "rss_mb_end": round(load.rss[-1], 1),
                       "rss_mb_samples": [round(x, 1) for x in load.rss]})
    return result


def start_to_all_lanes(db: Any, port: int, count: int,
                       runs: int = START_RUNS) -> dict[str, Any]:
    """With ``count`` lanes' statuses retained on the broker (the previous run's), a fresh
    station from nothing to every tile painted with its lane's status."""
    store = f"bench{count}"
    lanes = _lanes(count)
    totals, from_link, connects = [], [], []
    for run in range(runs):
        t0 = time.time()
        # A new station id each time: a fresh persistent session, nothing queued for it.
        station = Station(f"start-{run}", store, port, lanes, db)
        waiter = Waiter()
        shown: set[str] = set()

        def painted(s: Any, shown: set[str] = shown, waiter: Waiter = waiter) -> None:
            shown.add(s.lane)
            if len(shown) == len(lanes):
                waiter.done()

        station.window.rendered.connect(painted)
        started = time.time()
        station.start()
        waiter.run(30, f"not every lane shown after start {run}")
        t1 = max(t for t, _lane, _at in station.rendered)
        totals.append(t1 - t0)
        from_link.append(t1 - started)
        connects.append(station.connected_at - started)
        station.close()
    return {
        "lanes": count, "runs": runs,
        "median_s": round(statistics.median(totals), 3), "max_s": round(max(totals), 3),
        "median_from_service_start_s": round(statistics.median(from_link), 3),
        "median_connect_s": round(statistics.median(connects), 3),
        "samples_s": [round(x, 3) for x in totals],
    }


def run() -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.qtfix import guard_none_refcount

    guard_none_refcount()  # before any widget exists (see kiosk.ui.qtfix)
    from PySide6.QtWidgets import QApplication

    from attendant.broker import start_local_broker
    from attendant.storage import StationDatabase

    qt = QApplication.instance() or QApplication(sys.argv[:1])
    profile_dir = os.environ.get("SCO_BENCH_PROFILE")  # a folder: cProfile of the Qt thread
    with tempfile.TemporaryDirectory(prefix="sco-bench-station-") as tmp:
        port = _free_port()
        db = StationDatabase.open(f"sqlite:///{tmp}/station.db")
        try:
            with start_local_broker(Path(tmp) / "broker", port, prefer="mosquitto") as broker:
                few = status_to_tile(db, port, 4, profile=_profile(profile_dir, 4))
                many = status_to_tile(db, port, 32, memory=True,
                                      profile=_profile(profile_dir, 32))
                start = start_to_all_lanes(db, port, 32)
                kind = broker.kind
        finally:
            db.close()
    del qt
    return {
        "broker": kind,
        "status_to_tile_4_lanes": few,
        "status_to_tile_32_lanes": many,
        "station_32_lanes": {
            "process_cpu_percent_of_one_core": many["process_cpu_percent_of_one_core"],
            "qt_thread_cpu_percent_of_one_core": many["qt_thread_cpu_percent_of_one_core"],
            "rss_mb_max": many["rss_mb_max"],
        },
        "start_to_all_lanes_shown_32": start,
        "targets": {"p99_under_100_ms_at_32_lanes": many["meets_target"]},
    }


def _profile(folder: str | None, count: int) -> Path | None:
    return Path(folder) / f"station-{count}.prof" if folder else None


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

