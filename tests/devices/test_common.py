"""The common device layer: lifecycle order, and reconnecting over a pty and a socket."""

from __future__ import annotations

import queue
import threading

import pytest

from devices.errors import DeviceStateError
from devices.events import EventBus, Health, HealthEvent
from devices.lifecycle import Device, DeviceState
from devices.serialport import SerialSettings
from devices.simlink import LinkClosed, PtyEndpoint, TcpEndpoint
from devices.worker import Backoff, PortWorker


def test_lifecycle_steps_in_order():
    device = Device("x", EventBus().publish)
    with pytest.raises(DeviceStateError):
        device.claim()
    device.open()
    with pytest.raises(DeviceStateError):
        device.enable()
    device.claim()
    device.enable()
    assert device.state is DeviceState.ENABLED
    device.close()
    assert device.state is DeviceState.CLOSED


def test_backoff_grows_to_its_limit():
    delays = Backoff(initial_s=0.1, factor=2, max_s=0.5, jitter=0).delays()
    assert [round(delays(), 3) for _ in range(5)] == [0.1, 0.2, 0.4, 0.5, 0.5]


class Echo(Device):
    """A minimal driver: reports ONLINE per connection and echoes lines to the bus."""

    def __init__(self, bus: EventBus) -> None:
        super().__init__("echo", bus.publish)
        self.lines: queue.Queue[bytes] = queue.Queue()

    def session(self, port, stop: threading.Event) -> None:
        self._set_health(Health.ONLINE)
        buffer = b""
        while not stop.is_set():
            data = port.read(64)
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                self.lines.put(line)


def serve_echo(endpoint, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            endpoint.read(timeout=0.05)
        except LinkClosed:
            stop.wait(0.05)  # allowed: the simulator idles while its cable is out


@pytest.mark.parametrize("kind", ["pty", "tcp"])
def test_worker_reconnects_after_unplug_and_replug(kind, tmp_path):
    endpoint = PtyEndpoint(tmp_path / "ttyECHO") if kind == "pty" else TcpEndpoint()
    bus = EventBus()
    device = Echo(bus)
    worker = PortWorker(device, endpoint.url, SerialSettings(timeout=0.05), device.session,
                        backoff=Backoff(initial_s=0.05, max_s=0.2))
    stop = threading.Event()
    sim = threading.Thread(target=serve_echo, args=(endpoint, stop), daemon=True)
    if kind == "tcp":
        sim.start()  # a TCP peer must accept; a pty needs no reader
    worker.start()
    try:
        bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.ONLINE, 5)
        endpoint.write(b"hello\n")
        assert device.lines.get(timeout=5) == b"hello"
        endpoint.unplug()
        offline = bus.wait_for(lambda e: isinstance(e, HealthEvent), 5)
        assert offline.health is Health.OFFLINE
        endpoint.replug()
        bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.ONLINE, 5)
        endpoint.write(b"again\n")
        assert device.lines.get(timeout=5) == b"again"
        assert worker.connects >= 2
    finally:
        worker.stop()
        stop.set()
        endpoint.close()
