"""A serial barcode scanner simulator: real frames over a pty or a TCP socket.

Start one for a driver to open::

    sim = SerialScannerSim.on_pty()          # or .on_tcp(port=0), or (PtyEndpoint(link))
    sim.start()
    driver = SerialAimScanner("scanner", bus.publish, sim.url)
    sim.scan("4006381333931")                # EAN-13, ]E0, CR
    sim.scan("0104006381333931\\x1d10ABC", aim="]C1")
    sim.stop()

From a shell (what ``sco sim scanner`` runs): ``python -m devices.scanner.sim_serial``
(a pty; ``--tcp 0`` for a TCP port) prints the URL to open, then scans each
line read from standard input (``]C1 data`` to give an AIM id).  A line that
starts with a command word (``scan``, ``status``, ``help``, ``quit``) is that
command; ``scan quit`` sends a barcode that reads "quit".  Frames come from
``devices.scanner.aim``, the driver's own codec.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

from devices.events import now_ns
from devices.scanner.aim import CRLF, AimIds, Framing, encode_frame
from devices.simconsole import Command, Console, UsageError, help_text
from devices.simconsole import serve as serve_console
from devices.simlink import Endpoint, LinkClosed, PtyEndpoint, TcpEndpoint

log = logging.getLogger(__name__)


class SerialScannerSim:
    """A scanner that writes frames on ``endpoint``; tests steer it through methods.

    ``scan`` and the fault helpers write from the caller's thread, so a test
    knows the bytes are on the wire when they return.  The simulator's own
    thread reads and ignores what the driver sends (and, over TCP, accepts the
    driver's connection).  A TCP write waits up to ``connect_timeout_s`` for
    the driver to connect: a driver may report its port open a moment before
    the simulator has accepted it.
    """

    def __init__(self, endpoint: Endpoint, framing: Framing | None = None, *,
                 byte_delay_s: float = 0.0, connect_timeout_s: float = 5.0) -> None:
        self.endpoint = endpoint
        self.framing = framing or Framing()
        self.byte_delay_s = byte_delay_s  # > 0: a slow scanner, one byte at a time
        self.connect_timeout_s = connect_timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._write_lock = threading.Lock()
        self.received = bytearray()  # what the driver sent (scanners ignore it)
        self.scans = 0  # barcodes sent whole

    @classmethod
    def on_pty(cls, link: Path | None = None, framing: Framing | None = None) -> SerialScannerSim:
        return cls(PtyEndpoint(link), framing)

    @classmethod
    def on_tcp(cls, port: int = 0, framing: Framing | None = None) -> SerialScannerSim:
        return cls(TcpEndpoint(port), framing)

    @property
    def url(self) -> str:
        return self.endpoint.url

    # -- thread ----------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="sim-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.endpoint.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                self.received += self.endpoint.read(timeout=0.05)
            except LinkClosed:
                self._stop.wait(0.05)  # the cable is out: idle until replugged

    # -- what a scanner does ---------------------------------------------------------------

    def scan(self, data: str | bytes, aim: str | None = "]E0") -> int:
        """Send one barcode; returns ``now_ns()`` taken just before its last byte was written."""
        stamp = self._send(self.frame(data, aim))
        self.scans += 1
        return stamp

    def frame(self, data: str | bytes, aim: str | None = "]E0") -> bytes:
        """The frame ``scan`` would send."""
        raw = data.encode("latin-1") if isinstance(data, str) else data
        return encode_frame(raw, aim, self.framing)

    # -- faults ------------------------------------------------------------------------------

    def garbage(self, data: bytes) -> None:
        """Bytes that are no frame (line noise, a scanner's boot banner)."""
        self._write(data)

    def scan_split(self, data: str | bytes, aim: str | None = "]E0", at: int | None = None,
                   pause_s: float = 0.0) -> int:
        """One frame written in two chunks, cut at ``at`` (default: the middle)."""
        frame = self.frame(data, aim)
        cut = len(frame) // 2 if at is None else at
        self._write(frame[:cut])
        if pause_s:
            self._stop.wait(pause_s)
        return self._send(frame[cut:])

    def truncated(self, data: str | bytes, aim: str | None = "]E0", keep: int = 3) -> None:
        """Only the first ``keep`` bytes of a frame, as when a cable is jostled."""
        self._write(self.frame(data, aim)[:keep])

    def set_slow(self, byte_delay_s: float) -> None:
        """Write every byte ``byte_delay_s`` after the previous one (0: at once)."""
        self.byte_delay_s = byte_delay_s

    def unplug(self) -> None:
        self.endpoint.unplug()

    def replug(self) -> None:
        self.endpoint.replug()

    # -- writing -------------------------------------------------------------------------------

    def _send(self, data: bytes) -> int:
        """Write ``data``, its last byte separately, stamping the time just before it."""
        self._write(data[:-1])
        stamp = now_ns()
        self._write(data[-1:])
        return stamp

    def _write(self, data: bytes) -> None:
        if not data:
            return
        with self._write_lock:
            if self.byte_delay_s > 0:
                for index in range(len(data)):
                    if index:
                        self._stop.wait(self.byte_delay_s)
                    self._write_once(data[index:index + 1])
            else:
                self._write_once(data)

    def _write_once(self, data: bytes) -> None:
        deadline = time.monotonic() + self.connect_timeout_s
        while True:
            try:
                self.endpoint.write(data)
                return
            except LinkClosed:
                if isinstance(self.endpoint, PtyEndpoint) or time.monotonic() > deadline:
                    raise
                self._stop.wait(0.005)  # TCP: the driver has not been accepted yet


def _framing(args: argparse.Namespace) -> Framing:
    return Framing(prefix=bytes.fromhex(args.prefix), suffix=CRLF if args.crlf else b"\r",
                   aim_ids=AimIds.NONE if args.no_aim else AimIds.OPTIONAL)


def _scan(sim: SerialScannerSim, text: str) -> str:
    """Send ``text`` as a barcode; ``]C1 data`` gives the AIM id (default ``]E0``)."""
    if not text.strip():
        raise UsageError("CODE is missing")
    aim, _, data = text.partition(" ")
    if not (len(aim) == 3 and aim.startswith("]") and data):
        aim, data = "]E0", text
    try:
        sim.scan(data, aim)
    except LinkClosed as exc:
        log.warning("scan %r lost: %s", text, exc)  # nobody listening, as with a real scanner
        return f"lost: nobody is listening ({exc})"
    return f"sent {data} ({aim})" if sim.framing.aim_ids is not AimIds.NONE else f"sent {data}"


def _status(sim: SerialScannerSim, _args: list[str]) -> str:
    framing = sim.framing
    return (f"scanner at {sim.url}: {sim.scans} barcodes sent; prefix "
            f"{framing.prefix.hex() or 'none'}, suffix {framing.suffix.hex()}, AIM ids "
            f"{framing.aim_ids.name.lower()}")


COMMANDS: tuple[Command[SerialScannerSim], ...] = (
    Command("scan [AIM] CODE", "send CODE (AIM id such as ]C1, default ]E0); any other line is "
            "scanned as it is", lambda sim, args: _scan(sim, args[0]), rest_of_line=True),
    Command("status", "where it is and what it sent", _status),
)
TITLE = "sco sim scanner"


def main(argv: list[str] | None = None) -> int:
    """``sco sim scanner [--pty [--link PATH] | --tcp PORT] [--crlf] [--prefix HEX] [--no-aim]``."""
    parser = argparse.ArgumentParser(prog="sco sim scanner", description=__doc__.splitlines()[0],
                                     epilog=help_text(TITLE, COMMANDS),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="serve on a pseudo-terminal (default)")
    where.add_argument("--tcp", type=int, metavar="PORT", help="serve on 127.0.0.1:PORT (0: any)")
    parser.add_argument("--link", type=Path,
                        help="stable symlink to the pty (like /dev/serial/by-id)")
    parser.add_argument("--crlf", action="store_true", help="end frames with CR LF, not CR")
    parser.add_argument("--prefix", default="", help="prefix bytes in hex, e.g. 02")
    parser.add_argument("--no-aim", action="store_true", help="send no AIM symbology ids")
    args = parser.parse_args(argv)
    if args.link is not None and args.tcp is not None:
        parser.error("--link names a pty: it does not go with --tcp")
    endpoint: Endpoint = TcpEndpoint(args.tcp) if args.tcp is not None else PtyEndpoint(args.link)
    sim = SerialScannerSim(endpoint, _framing(args))
    sim.start()
    print(sim.url, flush=True)  # the one line a caller (``sco sim scanner``) reads
    try:
        return serve_console(Console(TITLE, COMMANDS, sim, fallback=_scan), stdin=sys.stdin,
                             out=sys.stdout)
    finally:
        sim.stop()


if __name__ == "__main__":
    raise SystemExit(main())
