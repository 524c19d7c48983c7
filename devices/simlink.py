"""The simulator's side of a link: a pty or a TCP socket, with unplug and replug.

A simulator reads what the driver sent and writes its answers through one of
these, so it speaks the same bytes a real device would, over the same kinds
of port.  Both endpoints offer ``url`` (what the driver opens), ``read``,
``write``, ``unplug`` (the cable is pulled) and ``replug``.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import socket
import threading
import time
import tty
from pathlib import Path


class LinkClosed(Exception):
    """The link is down (unplugged, or the peer went away)."""


class PtyEndpoint:
    """A pseudo-terminal in raw mode (no echo, no CR/LF translation).

    With ``link`` set, the driver opens a stable symlink (like a
    ``/dev/serial/by-id`` name) that ``replug`` points at a fresh pty, as a
    USB serial adapter comes back under the same by-id name.
    """

    def __init__(self, link: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._link = link
        self.master = self.slave = -1
        self.tty_path = ""
        self._plugged = False
        # A serial line has no connections: whoever opens it continues what was sent.
        self.generation = 0
        self.replug()

    @property
    def url(self) -> str:
        return str(self._link) if self._link is not None else self.tty_path

    def replug(self) -> None:
        with self._lock:
            self._close_fds()
            master, slave = pty.openpty()
            tty.setraw(master)
            tty.setraw(slave)
            self.master, self.slave, self.tty_path = master, slave, os.ttyname(slave)
            if self._link is not None:
                tmp = self._link.with_suffix(".new")
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                tmp.symlink_to(self.tty_path)
                tmp.replace(self._link)
            self._plugged = True

    def unplug(self) -> None:
        """Close the pty: the driver's reads fail with EIO, as with a pulled USB cable."""
        with self._lock:
            self._close_fds()
            if self._link is not None:
                with contextlib.suppress(FileNotFoundError):
                    self._link.unlink()

    def read(self, size: int = 4096, timeout: float = 0.1) -> bytes:
        """Bytes from the driver; b"" when nothing came within ``timeout``."""
        master = self.master
        if not self._plugged or master < 0:
            raise LinkClosed("unplugged")
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            return os.read(master, size) if ready else b""
        except OSError as exc:
            raise LinkClosed(str(exc)) from exc

    def write(self, data: bytes) -> None:
        with self._lock:
            if not self._plugged:
                raise LinkClosed("unplugged")
            view = memoryview(data)
            try:
                while view:
                    written = os.write(self.master, view)
                    view = view[written:]
            except OSError as exc:
                raise LinkClosed(str(exc)) from exc

    def close(self) -> None:
        self.unplug()

    def _close_fds(self) -> None:
        self._plugged = False
        for fd in (self.master, self.slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.master = self.slave = -1


class TcpEndpoint:
    """A TCP server on 127.0.0.1 that serves one driver connection at a time."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self._host = host
        self._lock = threading.Lock()
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self.port = port
        # Counts connections opened and closed, so a simulator can tell that the driver
        # which began a dialogue has gone (a TCP dialogue dies with its connection).
        self.generation = 0
        self.replug()

    @property
    def url(self) -> str:
        return f"socket://{self._host}:{self.port}"

    def replug(self) -> None:
        with self._lock:
            if self._server is not None:
                return
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind((self._host, self.port))
            server.listen(1)
            server.setblocking(False)  # accept() after select() must not hang if raced
            self.port = server.getsockname()[1]
            self._server = server

    def unplug(self) -> None:
        with self._lock:
            for sock in (self._client, self._server):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            if self._client is not None:
                self.generation += 1
            self._client = self._server = None

    def _accept(self, timeout: float) -> socket.socket | None:
        """The connected driver, accepting it if need be; None if none came in time.

        The simulator thread and a test thread may both get here: whoever accepts
        first sets ``_client`` and the other sees it on its next short wait.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self._client is not None:
                return self._client
            server = self._server
            if server is None:
                raise LinkClosed("unplugged")
            try:
                ready, _, _ = select.select([server], [], [], min(0.02, timeout))
                client = server.accept()[0] if ready else None
            except BlockingIOError:
                client = None  # the other thread took it
            except (OSError, ValueError) as exc:  # closed by unplug() meanwhile
                raise LinkClosed(str(exc)) from exc
            if client is not None:
                client.setblocking(True)
                client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with self._lock:
                    if self._client is not None:
                        self._client.close()  # a new connection replaces a stale one
                    self._client = client
                    self.generation += 1
                return client
            if time.monotonic() >= deadline:
                return None

    def read(self, size: int = 4096, timeout: float = 0.1) -> bytes:
        client = self._client or self._accept(timeout)
        if client is None:
            return b""
        try:
            ready, _, _ = select.select([client], [], [], timeout)
            if not ready:
                return b""
            data = client.recv(size)
        except (OSError, ValueError) as exc:  # ValueError: unplug() closed it meanwhile
            raise LinkClosed(str(exc)) from exc
        if not data:  # the driver closed its end: wait for the next connection
            with self._lock:
                if self._client is client:
                    self._client = None
                    self.generation += 1
            client.close()
        return data

    def write(self, data: bytes, connect_timeout: float = 2.0) -> None:
        # The driver may have connected without the simulator having read yet.
        client = self._client or self._accept(connect_timeout)
        if client is None:
            raise LinkClosed("no driver connected")
        try:
            client.sendall(data)
        except OSError as exc:
            raise LinkClosed(str(exc)) from exc

    def close(self) -> None:
        self.unplug()


Endpoint = PtyEndpoint | TcpEndpoint
