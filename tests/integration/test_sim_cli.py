"""``sco sim payment|printer`` as a tester drives them: a real subprocess, commands typed on
its stdin, and our own drivers on the other end of its pty or TCP port."""

from __future__ import annotations

import os
import pty
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from devices.events import EventBus, Health, HealthEvent, PaymentEvent
from devices.payment.zvt import ZvtSettings, ZvtTerminal
from devices.printer.driver import EscPosPrinter, PrinterSettings
from devices.worker import Backoff
from tests.devices.test_printer_render import sample_receipt

ROOT = Path(__file__).resolve().parents[2]
SCO = Path(sys.executable).parent / "sco"
WAIT = 15.0  # generous: the first line waits for the interpreter to start
FAST_BACKOFF = Backoff(initial_s=0.05, max_s=0.2)


class Sim:
    """``sco sim ...`` in a subprocess: its first stdout line is the URL, then one reply per
    command (``ask``)."""

    def __init__(self, *args: str, stdin: int | IO[Any] = subprocess.PIPE) -> None:
        self.process = subprocess.Popen([str(SCO), "sim", *args], cwd=ROOT, stdin=stdin,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, bufsize=1)
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = self.line()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def line(self) -> str:
        try:
            return self._lines.get(timeout=WAIT)
        except queue.Empty:
            self.process.kill()
            _, err = self.process.communicate(timeout=WAIT)
            raise AssertionError(f"no output from the simulator; stderr:\n{err}") from None

    def ask(self, command: str, lines: int = 1) -> list[str]:
        """Type ``command``; its reply (``lines`` lines), which comes once it took effect."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return [self.line() for _ in range(lines)]

    def quit(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        return self.process.wait(WAIT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(WAIT)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def sim(*args: str, stdin: int | IO[Any] = subprocess.PIPE) -> Iterator[Sim]:
    process = Sim(*args, stdin=stdin)
    try:
        yield process
    finally:
        process.close()


@contextmanager
def card_terminal(url: str) -> Iterator[tuple[ZvtTerminal, EventBus]]:
    bus = EventBus()
    terminal = ZvtTerminal("card1", bus.publish, url, backoff=FAST_BACKOFF,
                           settings=ZvtSettings(ack_timeout_s=1.0, result_timeout_s=5.0))
    terminal.start()
    try:
        bus.wait_for(online, WAIT)
        yield terminal, bus
    finally:
        terminal.close()


def online(event: object) -> bool:
    return isinstance(event, HealthEvent) and event.health is Health.ONLINE


def offline(event: object) -> bool:
    return isinstance(event, HealthEvent) and event.health is Health.OFFLINE


def where(kind: str, tmp_path: Path, name: str) -> list[str]:
    """TCP on any free port, or the default pty behind a stable link (a dropped link comes
    back as a new pty, as a USB adapter does)."""
    return ["--tcp", "0"] if kind == "tcp" else ["--link", str(tmp_path / name)]


@pytest.mark.parametrize("kind", ["tcp", "pty"])
def test_sco_sim_payment_answers_as_told_on_stdin(kind, tmp_path):
    with sim("payment", *where(kind, tmp_path, "ttyZVT")) as zvt:
        if kind == "tcp":
            assert zvt.url.startswith("socket://127.0.0.1:")
        else:
            assert zvt.url == str(tmp_path / "ttyZVT")  # a pty, with no --pty needed
        with card_terminal(zvt.url) as (terminal, bus):
            assert terminal.authorize(100, "EUR", reference="T0").status == "approved"

            assert zvt.ask("decline 05") == [
                "queued: decline 05 (declined by the card issuer); waiting: 1"]
            declined = terminal.authorize(1234, "EUR", reference="T1")
            assert (declined.status, declined.result_code) == ("declined", "05")

            zvt.ask("abort")
            aborted = terminal.authorize(500, "EUR", reference="T2")
            assert (aborted.status, aborted.result_code) == ("aborted", "6C")

            zvt.ask("slow 0.8")  # four intermediate statuses 0.2 s apart, then approved
            assert terminal.authorize(700, "EUR", reference="T3").status == "approved"
            progress = []
            while len(progress) < 4:
                event = bus.wait_for(lambda e: isinstance(e, PaymentEvent), WAIT)
                if isinstance(event, PaymentEvent) and event.kind == "progress" \
                        and event.details.get("reference") == "T3":
                    progress.append(event)

            zvt.ask("timeout")
            silent = terminal.authorize(250, "EUR", reference="T4")
            assert silent.status == "unknown"
            assert terminal.in_doubt == silent
            terminal.acknowledge_in_doubt()  # a person settles it: nothing was booked

            zvt.ask("drop 0.2")  # approved, then the link is down before the lane hears it
            dropped = terminal.authorize(4321, "EUR", reference="T5")
            assert dropped.status == "unknown"
            bus.wait_for(offline, WAIT)
            bus.wait_for(online, WAIT)
            last = terminal.query_last()
            assert last is not None
            assert (last.status, last.amount) == ("approved", 4321)

        status = zvt.ask("status", lines=4)
        assert status[1] == "next payments: approve"
        assert status[2] == "authorizations received: 6; booked: 3 charges, 0 reversals"
        assert status[3].startswith("last transaction: result 00, EUR 43.21")
        assert zvt.ask("decline 00")[0].startswith("bad arguments for decline: CODE is one byte")
        assert zvt.ask("refund 5") == ["unknown command 'refund': type help for the list"]
        assert zvt.ask("help", lines=11)[1].startswith("  approve")
        assert zvt.quit() == 0


def test_bare_sco_sim_payment_serves_a_pty_and_survives_the_end_of_its_input(tmp_path):
    """Started in the background with stdin from /dev/null, it serves until SIGTERM."""
    with sim("payment", stdin=subprocess.DEVNULL) as zvt:
        assert zvt.url.startswith("/dev/pts/")
        assert zvt.line() == f"end of input: serving until SIGTERM (kill {zvt.process.pid})"
        with card_terminal(zvt.url) as (terminal, _bus):
            assert terminal.authorize(1000, "EUR", reference="B1").status == "approved"
        zvt.process.send_signal(signal.SIGTERM)
        assert zvt.process.wait(WAIT) == 0


def test_ctrl_d_on_a_terminal_stops_the_simulator():
    controller, terminal = pty.openpty()
    try:
        with sim("payment", "--tcp", "0", stdin=terminal) as zvt:
            assert zvt.line() == "sco sim payment: type help for the commands"
            os.write(controller, b"decline 51\n")
            assert zvt.line() == "queued: decline 51 (insufficient funds); waiting: 1"
            os.write(controller, b"\x04")  # Ctrl-D: the person is done
            assert zvt.process.wait(WAIT) == 0
    finally:
        os.close(controller)
        os.close(terminal)


@contextmanager
def printer(url: str) -> Iterator[EscPosPrinter]:
    settings = PrinterSettings(status_timeout_s=1.0, poll_interval_s=0.1, check_interval_s=0.05,
                               print_timeout_s=5.0, connect_timeout_s=2.0, write_timeout_s=2.0)
    bus = EventBus()
    driver = EscPosPrinter("printer-1", bus.publish, url, settings, backoff=FAST_BACKOFF)
    driver.start()
    try:
        bus.wait_for(online, WAIT)
        yield driver
    finally:
        driver.close()


@pytest.mark.parametrize("kind", ["tcp", "pty"])
def test_sco_sim_printer_takes_its_conditions_from_stdin(kind, tmp_path):
    png_dir = tmp_path / "png"
    # With --png-dir every receipt is drawn there; without, ``last`` draws it on demand.
    extra = ["--png-dir", str(png_dir)] if kind == "tcp" else []
    with sim("printer", *where(kind, tmp_path, "ttyPRINTER"), *extra) as lp, \
            printer(lp.url) as driver:
        assert driver.status().can_print
        assert lp.ask("paper near-end") == ["paper near end"]
        near_end = driver.status()
        assert (near_end.paper_near_end, near_end.paper_out, near_end.can_print) == \
            (True, False, True)
        assert lp.ask("paper out") == ["offline, paper out, paper near end"]
        out = driver.status()
        assert (out.paper_out, out.can_print) == (True, False)
        assert lp.ask("cover open") == ["offline, cover open, paper out, paper near end"]
        assert driver.status().cover_open is True
        assert lp.ask("normal") == ["ready"]
        ready = driver.status()
        assert (ready.can_print, ready.cover_open, ready.paper_near_end) == (True, False, False)
        assert lp.ask("cover ajar")[0].startswith("bad arguments for cover")

        assert lp.ask("last") == ["no receipt printed yet"]
        driver.print_receipt(sample_receipt())
        # The simulator's archive takes the receipt on its own thread: ask until it has.
        deadline = time.monotonic() + WAIT
        reply = lp.ask("last")[0]
        while reply == "no receipt printed yet" and time.monotonic() < deadline:
            reply = lp.ask("last")[0]
        number, _, path = reply.partition(": ")
        assert number == "receipt 1"
        assert Path(path).read_bytes().startswith(b"\x89PNG")
        if kind == "tcp":
            assert Path(path) == png_dir / "receipt-0001.png"
        assert lp.ask("status")[0].startswith(f"printer at {lp.url}: ready; receipts: 1;")
        assert lp.quit() == 0
