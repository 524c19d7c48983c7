"""A broker on this machine, for ``make demo`` where no store broker is configured.

The demo must run on a laptop with nothing set up, yet lanes and the station
should talk exactly as they do in a store: through an MQTT broker, with
retained statuses, last wills and persistent sessions.  So
:func:`start_local_broker` runs

- ``mosquitto`` from PATH when it is installed (the broker stores use), with
  a generated configuration: one listener on 127.0.0.1, anonymous clients
  allowed (nothing outside this machine can reach it), persistence in
  ``workdir``; or otherwise
- amqtt, a pure-Python asyncio broker installed with this package, on its own
  event loop in a background thread.  It keeps its state in memory only.

Neither is meant for a store: there, Mosquitto runs as a service with
passwords, the ACL and TLS (``deploy/mosquitto/``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.mqtt import BrokerError

log = logging.getLogger(__name__)

BrokerKind = Literal["mosquitto", "amqtt"]
HOST = "127.0.0.1"
# Debian installs mosquitto in /usr/sbin, which is not on a normal user's PATH.
_SBIN = "/usr/local/sbin:/usr/sbin:/sbin"
_AUTH_PLUGIN = "LocalClientsAuthPlugin"


def broker_reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections at ``host:port``.

    Only TCP is tried, not MQTT: enough to tell "a broker is already running
    here, use it" from "start one", and it never logs in anywhere.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class LocalBroker(ABC):
    """A running local broker; ``stop()`` ends it (also on leaving a ``with`` block)."""

    kind: BrokerKind
    host: str = HOST

    def __init__(self, port: int) -> None:
        self.port = port

    @abstractmethod
    def stop(self) -> None:
        """Stop the broker and wait until it is gone; calling it twice is harmless."""

    def __enter__(self) -> LocalBroker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} on {self.host}:{self.port}>"


def start_local_broker(
    workdir: Path,
    port: int,
    *,
    prefer: BrokerKind | None = None,
    timeout: float = 10.0,
) -> LocalBroker:
    """Start a broker on 127.0.0.1:``port`` and return once it accepts connections.

    ``prefer=None`` takes mosquitto when it is installed, amqtt otherwise;
    naming one insists on it.  ``workdir`` holds the generated configuration,
    the log and mosquitto's saved state.  Raises :class:`BrokerError` when the
    port is taken (check :func:`broker_reachable` first to reuse a running
    broker) or no broker can be started.
    """
    if broker_reachable(HOST, port, timeout=0.5):
        raise BrokerError(
            f"port {port} on {HOST} is already in use; if a broker runs there, "
            "connect to it instead of starting one"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    mosquitto = shutil.which("mosquitto") or shutil.which("mosquitto", path=_SBIN)
    if prefer == "mosquitto" or (prefer is None and mosquitto is not None):
        if mosquitto is None:
            raise BrokerError("mosquitto is not installed (apt-get install mosquitto)")
        return _MosquittoBroker.start(Path(mosquitto), workdir, port, timeout)
    return _AmqttBroker.start(port, timeout)


# --------------------------------------------------------------------------
# mosquitto


class _MosquittoBroker(LocalBroker):
    kind: BrokerKind = "mosquitto"

    def __init__(self, port: int, process: subprocess.Popen[bytes], log_file: Path) -> None:
        super().__init__(port)
        self._process = process
        self._log_file = log_file

    @classmethod
    def start(cls, program: Path, workdir: Path, port: int, timeout: float) -> _MosquittoBroker:
        config = workdir / "mosquitto.conf"
        log_file = workdir / "mosquitto.log"
        lines = [
            "# Written by attendant/broker.py for the demo; replaced at every start.",
            f"listener {port} {HOST}",
            "allow_anonymous true",
            "persistence true",
            f"persistence_location {workdir.absolute()}/",
            f"log_dest file {log_file.absolute()}",
        ]
        if os.geteuid() == 0:
            # Started as root, mosquitto switches to user "mosquitto", who cannot
            # write a workdir owned by root; the demo broker stays who started it.
            lines.append("user root")
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with (workdir / "mosquitto.out").open("ab") as out:
            process = subprocess.Popen(
                [str(program), "-c", str(config.absolute())],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            )
        broker = cls(port, process, log_file)
        deadline = time.monotonic() + timeout
        while not broker_reachable(HOST, port, timeout=0.2):
            if process.poll() is not None:
                raise BrokerError(
                    f"mosquitto stopped at start (exit {process.returncode}); see {log_file}"
                )
            if time.monotonic() > deadline:
                broker.stop()
                raise BrokerError(f"mosquitto did not listen on port {port} within {timeout} s")
            time.sleep(0.02)  # polling a starting process, not waiting for a guessed time
        log.info("demo broker: mosquitto (pid %d) on %s:%d", process.pid, HOST, port)
        return broker

    def stop(self) -> None:
        if self._process.poll() is not None:
            return
        self._process.terminate()  # SIGTERM: mosquitto saves its state first
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.warning("demo broker: mosquitto ignored SIGTERM; killing it")
            self._process.kill()
            self._process.wait()
        log.info("demo broker: mosquitto on port %d stopped", self.port)


# --------------------------------------------------------------------------
# amqtt


class _AmqttBroker(LocalBroker):
    """amqtt on a private event loop in a daemon thread, so callers need no asyncio."""

    kind: BrokerKind = "amqtt"

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._running = False  # set on the broker's loop once it listens
        self._broker: Any = None  # amqtt.broker.Broker, built on the broker's own loop
        self._thread = threading.Thread(target=self._run, name=f"amqtt-{port}", daemon=True)

    @classmethod
    def start(cls, port: int, timeout: float) -> _AmqttBroker:
        try:
            import amqtt.broker  # noqa: F401  (only to fail here with a clear message)
        except ImportError:
            raise BrokerError(
                "no local MQTT broker: install mosquitto (apt-get install mosquitto) "
                "or the amqtt package (pip install 'amqtt>=0.12,<0.13')"
            ) from None
        broker = cls(port)
        broker._thread.start()
        if not broker._ready.wait(timeout):
            broker.stop()
            raise BrokerError(f"amqtt did not start on port {port} within {timeout} s")
        if not broker._running:
            broker._thread.join(timeout)
            reason = broker._failure or "see the log above"
            raise BrokerError(f"amqtt did not start on port {port}: {reason}")
        log.info("demo broker: amqtt on %s:%d", HOST, port)
        return broker

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            try:
                self._loop.run_until_complete(self._start())
            except _amqtt_start_errors() as exc:
                self._failure = exc
            finally:
                self._ready.set()  # start() waits for this, whatever happened
            if self._running:
                self._loop.run_forever()
        finally:
            self._close_loop()

    async def _start(self) -> None:
        from amqtt.broker import Broker

        config = {
            "listeners": {"default": {"type": "tcp", "bind": f"{HOST}:{self.port}"}},
            # Only our auth plugin: no $SYS topics, no packet logging.
            "plugins": {f"{__name__}.{_AUTH_PLUGIN}": {}},
        }
        self._broker = Broker(config, loop=self._loop)
        await self._broker.start()
        self._running = True

    def _close_loop(self) -> None:
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.close()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        if self._running:
            done = asyncio.run_coroutine_threadsafe(self._broker.shutdown(), self._loop)
            try:
                done.result(timeout=10)
            except TimeoutError:
                log.warning("demo broker: amqtt did not shut down within 10 s")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        log.info("demo broker: amqtt on port %d stopped", self.port)


def _amqtt_start_errors() -> tuple[type[BaseException], ...]:
    """What amqtt raises for a bad configuration or a port it cannot bind."""
    from amqtt.errors import BrokerError as AmqttBrokerError
    from amqtt.errors import PluginError

    return (AmqttBrokerError, PluginError, OSError, ValueError)


def _local_clients_auth_plugin() -> type:
    """amqtt's authentication for the demo: every client is let in, and not as "anonymous".

    amqtt drops the queued messages of anonymous sessions, unlike Mosquitto;
    accepting clients as named users keeps persistent sessions working as in
    a store.  Safe only because the listener is bound to 127.0.0.1.
    """
    from amqtt.plugins.base import BaseAuthPlugin

    class LocalClientsAuthPlugin(BaseAuthPlugin):  # type: ignore[misc]
        @dataclass
        class Config:
            """No options."""

        async def authenticate(self, *, session: Any) -> bool:
            return True

    LocalClientsAuthPlugin.__module__ = __name__
    return LocalClientsAuthPlugin


def __getattr__(name: str) -> Any:
    # amqtt loads plugins by dotted name; building the class on first use keeps
    # `import attendant.broker` from importing amqtt when mosquitto is used.
    if name == _AUTH_PLUGIN:
        plugin = _local_clients_auth_plugin()
        globals()[name] = plugin
        return plugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
