"""``sco demo`` as a newcomer runs it: the station and four lane processes, offscreen.

The store's broker port is pointed at a free port where nothing answers, so the
demo must start its own broker there; a plain MQTT client then sees every lane
come online, and every lane say "offline" when the demo is stopped by SIGTERM.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from attendant.broker import broker_reachable
from pos.messages import decode_status
from tests.mqtt_broker import free_port

ROOT = Path(__file__).resolve().parents[2]
LANES = {"lane-1", "lane-2", "lane-3", "lane-4"}
WAIT = 90.0  # five Qt processes starting on two cores


def test_the_demo_runs_the_whole_store_and_stops_it_cleanly(tmp_path: Path) -> None:
    config = tmp_path / "config"
    subprocess.run(["cp", "-r", str(ROOT / "config"), str(config)], check=True)
    port = free_port()
    store = config / "store.toml"
    store.write_text(re.sub(r"(?m)^port = 1883$", f"port = {port}", store.read_text()))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    demo = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "demo", "--config-dir", str(config),
         "--workdir", str(tmp_path / "var" / "demo")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    statuses: queue.Queue[tuple[str, bool]] = queue.Queue()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, "demo-watcher", clean_session=True)
    client.on_message = lambda _c, _u, m: statuses.put(
        (decode_status(m.payload).lane, decode_status(m.payload).online))
    try:
        deadline = time.monotonic() + WAIT
        while not broker_reachable("127.0.0.1", port, 0.5):
            assert demo.poll() is None, demo.communicate()[0]
            assert time.monotonic() < deadline, "the demo started no broker"
            time.sleep(0.2)  # allowed: another process's port; nothing to signal on
        client.connect("127.0.0.1", port)
        client.subscribe("sco/berlin-kiez/lane/+/status", qos=1)
        client.loop_start()
        online: set[str] = set()
        while online != LANES:
            lane, up = statuses.get(timeout=max(0.1, deadline - time.monotonic()))
            if up:
                online.add(lane)
        demo.send_signal(signal.SIGTERM)
        offline: set[str] = set()
        while offline != LANES:
            lane, up = statuses.get(timeout=30)
            if not up:
                offline.add(lane)
        output, _ = demo.communicate(timeout=60)
    finally:
        client.loop_stop()
        client.disconnect()
        if demo.poll() is None:
            demo.kill()
            demo.communicate()
    assert demo.returncode == 0, output
    assert f"none at localhost:{port}, so a local" in output
    assert "Store stopped." in output
    assert "Traceback" not in output
