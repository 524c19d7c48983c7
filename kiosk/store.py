"""``sco demo``: the whole store on one machine, as separate processes.

One attendant station and every lane it watches, each a process of its own
with simulated devices (and, on a lane, the developer panel to shop with),
talking through the store's broker.  When no broker answers at the
configured address a local one is started: Mosquitto when it is installed,
otherwise the embedded pure-Python broker (``attendant.broker``).  Closing
the station's window, Ctrl-C or SIGTERM stops every process cleanly: each
gets SIGTERM, closes its devices and journal, and says "offline".
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TextIO

from attendant.broker import LocalBroker, broker_reachable, start_local_broker
from kiosk.config import load_attendant, load_store

log = logging.getLogger(__name__)

STOP_WAIT_S = 10.0


@dataclass
class Store:
    station: subprocess.Popen[bytes]
    lanes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    broker: LocalBroker | None = None

    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [self.station, *self.lanes.values()]


def _sco(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", *args]


def start_store(config_dir: Path, workdir: Path, *, out: TextIO = sys.stdout,
                windowed: bool = True) -> Store:
    attendant_path = config_dir / "attendant.toml"
    attendant = load_attendant(attendant_path)
    store = load_store(attendant.store_path())
    broker = attendant.broker_settings(store)
    local: LocalBroker | None = None
    if broker_reachable(broker.host, broker.port):
        out.write(f"Broker: the one at {broker.host}:{broker.port}\n")
    elif broker.host in ("localhost", "127.0.0.1") and not broker.tls:
        local = start_local_broker(workdir / "broker", broker.port)
        out.write(f"Broker: none at {broker.host}:{broker.port}, so a local {local.kind} "
                  "was started there\n")
    else:
        out.write(f"Broker: {broker.host}:{broker.port} does not answer; lanes sell on and "
                  "report when it does\n")
    _seed_operators(attendant_path)
    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    extra = ["--windowed"] if windowed else []
    station = subprocess.Popen(_sco("attendant", "--config", str(attendant_path), *extra),
                               env=env)
    running = Store(station, broker=local)
    for lane in attendant.station.lanes:
        lane_path = config_dir / "lanes" / f"{lane}.toml"
        running.lanes[lane] = subprocess.Popen(_sco("lane", "--config", str(lane_path),
                                                    *extra), env=env)
    out.write(f"Station {attendant.station.id} and lanes {', '.join(running.lanes)} started "
              f"(pids {', '.join(str(p.pid) for p in running.processes())}).\n")
    out.write("Sign in at the station as alice (PIN 1234, attendant) or bob (PIN 9876, "
              "supervisor). Close the station window or press Ctrl-C to stop the store.\n")
    out.flush()
    return running


def stop_store(store: Store) -> None:
    for process in store.processes():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_S
    for process in store.processes():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("process %d did not stop in time: killed", process.pid)
            process.kill()
            process.wait()
    if store.broker is not None:
        store.broker.stop()


def run(config_dir: Path, workdir: Path, *, seconds: float | None = None,
        out: TextIO = sys.stdout) -> int:
    """Run the store until the station exits, a signal comes, or ``seconds`` pass."""
    workdir.mkdir(parents=True, exist_ok=True)
    stop = False

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stop
        stop = True

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    store = start_store(config_dir, workdir, out=out)
    started = time.monotonic()
    code = 0
    reported: set[str] = set()
    try:
        while not stop:
            if store.station.poll() is not None:
                out.write("The station closed: stopping the store.\n")
                code = store.station.returncode or 0
                break
            if seconds is not None and time.monotonic() - started >= seconds:
                break
            for lane, process in store.lanes.items():
                if process.poll() is not None and lane not in reported:
                    reported.add(lane)
                    out.write(f"{lane} exited with {process.returncode}\n")
            time.sleep(0.2)  # the launcher's own loop: nothing waits on it
    finally:
        stop_store(store)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    out.write("Store stopped.\n")
    return code


def _seed_operators(attendant_path: Path) -> None:
    from attendant.storage import StationDatabase, seed_demo_operators

    attendant = load_attendant(attendant_path)
    with StationDatabase.open(attendant.database_url()) as db:
        seed_demo_operators(db.operators)
