"""A receipt printer simulator: real ESC/POS bytes over a pty or TCP, parsed into receipts.

It parses everything the lane sends (with ``escpos_codec.EscPosParser``, the
codec the driver uses) into a receipt model: text lines with their styles,
barcodes, QR codes, raster images, feeds and cuts.  ``receipts`` holds the
finished receipts, split at cuts; ``devices.printer.preview.render_png`` draws
one as a person would see it on paper (imported when first drawn: Pillow,
python-barcode and qrcode are a twentieth of a second of a lane's start).

It answers DLE EOT 1..4 at once, as a real printer does (they are
real-time commands), from conditions the test controls: offline, cover open,
paper near end, paper out, cutter error.  It can run out of paper after N
printed lines (it stops printing, drops what it cannot print and its status
says so), be silent (no answers) or slow (delayed answers, slow lines).

Start it for a lane or a person (``sco sim printer`` runs this)::

    python -m devices.printer.sim --tcp 9100      # prints socket://127.0.0.1:9100
    python -m devices.printer.sim [--pty] [--link /tmp/ttyPRINTER] [--png-dir out/]
    > paper ok|near-end|out [LINES] | cover open|closed | normal | status | last | help | quit

or from code: ``PrinterSim(TcpEndpoint(9100)).start()`` (``PtyEndpoint()`` for
a pty; the driver opens ``endpoint.url``).
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import logging
import queue
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from devices.printer import escpos_codec as codec
from devices.printer.escpos_codec import Align, Command, Kind, PrinterConditions, StatusKind
from devices.simconsole import Command as ConsoleCommand
from devices.simconsole import Console, choice, help_text, whole
from devices.simconsole import serve as serve_console
from devices.simlink import Endpoint, LinkClosed, PtyEndpoint, TcpEndpoint

# About a roll of paper: what a simulator keeps of what it printed.
KEEP_RECEIPTS = 200

log = logging.getLogger(__name__)

# -- the receipt model --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Style:
    bold: bool = False
    underline: int = 0
    width: int = 1  # character magnification
    height: int = 1
    font_b: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class TextLine:
    spans: tuple[Span, ...]
    align: Align = Align.LEFT

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def bold(self) -> bool:
        return any(span.style.bold and span.text.strip() for span in self.spans)

    @property
    def width(self) -> int:
        return max((span.style.width for span in self.spans), default=1)

    @property
    def height(self) -> int:
        return max((span.style.height for span in self.spans), default=1)

    @property
    def columns(self) -> int:
        return sum(len(span.text) * span.style.width for span in self.spans)


BARCODE_NAMES = {0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF",
                 6: "CODABAR", 65: "UPC-A", 66: "UPC-E", 67: "EAN13", 68: "EAN8", 69: "CODE39",
                 70: "ITF", 71: "CODABAR", 72: "CODE93", 73: "CODE128", 74: "GS1-128"}


@dataclass(frozen=True, slots=True)
class Barcode:
    symbology: str
    data: str  # for CODE128: without the code-set prefix
    raw: bytes  # the GS k payload as sent
    height: int = 162
    module: int = 3
    hri: int = 0  # 0 none, 1 above, 2 below, 3 both
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class QrCode:
    payload: str
    raw: bytes
    module: int = 3
    level: str = "L"
    model: int = 2
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class Picture:
    width: int  # dots
    height: int
    bits: bytes  # rows of width/8 bytes, MSB first, 1 = black
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int


Item = TextLine | Barcode | QrCode | Picture | Feed


@dataclass
class SimReceipt:
    """What came out of the printer between two cuts."""

    items: list[Item] = field(default_factory=list)
    cut: bool = False

    @property
    def text_lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]

    @property
    def lines(self) -> list[str]:
        return [line.text for line in self.text_lines]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def barcodes(self) -> list[Barcode]:
        return [i for i in self.items if isinstance(i, Barcode)]

    @property
    def qr_codes(self) -> list[QrCode]:
        return [i for i in self.items if isinstance(i, QrCode)]

    @property
    def images(self) -> list[Picture]:
        return [i for i in self.items if isinstance(i, Picture)]


# -- the print engine: commands in, receipt model out ----------------------------------------

QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
# GS h / GS w / GS H: barcode height, module width, where the human-readable text goes
_BARCODE_SETTINGS = {0x68: "height", 0x77: "module", 0x48: "hri"}


class PrintEngine:
    """The printer's state machine over parsed commands (no I/O, no clock).

    ``paper_lines`` counts the lines left on the roll (None: plenty); when it
    reaches 0 the roll is empty.  ``print`` returns False for every command
    it dropped because it could not print.
    """

    def __init__(self, columns: int = 42,
                 logger: logging.LoggerAdapter[logging.Logger] | None = None) -> None:
        self.columns = columns
        self.log = logger or logging.LoggerAdapter(log, {"device": "printer-engine"})
        self.receipts: list[SimReceipt] = []
        self.current = SimReceipt()
        self.paper_lines: int | None = None
        self.wrapped_lines = 0  # lines longer than the paper (a printer wraps them)
        self.unknown_code_pages = 0
        self._done: list[SimReceipt] = []
        self._init()

    def _init(self) -> None:
        self.style = Style()
        self.align = Align.LEFT
        self.code_page = codec.PC437
        self.spans: list[Span] = []
        self.barcode = {"height": 162, "module": 3, "hri": 0}
        self.qr: dict[str, Any] = {"model": 2, "module": 3, "level": "L", "data": b""}

    @property
    def paper_out(self) -> bool:
        return self.paper_lines is not None and self.paper_lines <= 0

    # one handler per kind; each returns the receipt items it completed
    def apply(self, command: Command) -> list[SimReceipt]:
        handler = self._handlers.get(command.kind)
        if handler is not None:
            handler(self, command)
        done, self._done = self._done, []
        return done

    def _text(self, command: Command) -> None:
        text = command.data.decode(self.code_page.codec, errors="replace").replace("\t", "    ")
        if text:
            self.spans.append(Span(text, self.style))

    def _lf(self, _command: Command) -> None:
        self._flush_line(force=True)

    def _flush_line(self, force: bool = False) -> None:
        if not self.spans and not force:
            return
        line = TextLine(tuple(self.spans), self.align)
        self.spans = []
        if line.columns > self.columns:
            self.wrapped_lines += 1
        self._emit(line)

    def _emit(self, item: Item, paper: int = 1) -> None:
        if self.paper_out:
            return
        self.current.items.append(item)
        if self.paper_lines is not None:
            self.paper_lines -= paper

    def _print_mode(self, command: Command) -> None:
        n = command.args[0]
        self.style = Style(bold=bool(n & codec.MODE_EMPHASIZED),
                           underline=1 if n & codec.MODE_UNDERLINE else 0,
                           width=2 if n & codec.MODE_DOUBLE_WIDTH else 1,
                           height=2 if n & codec.MODE_DOUBLE_HEIGHT else 1,
                           font_b=bool(n & codec.MODE_FONT_B))

    def _size(self, command: Command) -> None:
        n = command.args[0]
        self.style = replace(self.style, width=(n >> 4 & 7) + 1, height=(n & 7) + 1)

    def _bold(self, command: Command) -> None:
        self.style = replace(self.style, bold=bool(command.args[0] & 1))

    def _underline(self, command: Command) -> None:
        self.style = replace(self.style, underline=command.args[0] % 48 if command.args[0] in
                             (0, 1, 2, 48, 49, 50) else 0)

    def _align(self, command: Command) -> None:
        n = command.args[0] % 48
        if n <= 2 and not self.spans:  # ESC a only acts at the start of a line
            self.align = Align(n)

    def _code_page(self, command: Command) -> None:
        page = codec.CODE_PAGES.get(command.args[0])
        if page is None:
            self.unknown_code_pages += 1
            self.log.warning("code page %d not simulated; keeping %s", command.args[0],
                        self.code_page.name)
            return
        self.code_page = page

    def _feed(self, command: Command) -> None:
        self._flush_line()
        if command.args[0]:
            self._emit(Feed(command.args[0]), paper=command.args[0])

    def _cut(self, _command: Command) -> None:
        self._flush_line()
        if self.paper_out:
            return
        self.current.cut = True
        self.receipts.append(self.current)
        if len(self.receipts) > KEEP_RECEIPTS:
            del self.receipts[0]  # a simulator running for days keeps the latest only
        self._done.append(self.current)
        self.current = SimReceipt()

    def _setting(self, command: Command) -> None:
        if len(command.raw) == 3 and command.raw[0] == codec.GS:
            name = _BARCODE_SETTINGS.get(command.raw[1])
            if name is not None:
                self.barcode[name] = command.raw[2]

    def _barcode(self, command: Command) -> None:
        self._flush_line()
        m = command.args[0]
        name = BARCODE_NAMES.get(m, f"TYPE{m}")
        data = (codec.decode_code128(command.data) if name == "CODE128"
                else command.data.decode("latin-1"))
        self._emit(Barcode(name, data, command.data, self.barcode["height"],
                           self.barcode["module"], self.barcode["hri"], self.align), paper=3)

    def _qr_setting(self, command: Command) -> None:
        if command.kind is Kind.QR_MODEL and command.args:
            self.qr["model"] = command.args[0] - 48
        elif command.kind is Kind.QR_SIZE and command.args:
            self.qr["module"] = command.args[0]
        elif command.kind is Kind.QR_LEVEL and command.args:
            self.qr["level"] = QR_LEVELS.get(command.args[0], "L")
        elif command.kind is Kind.QR_STORE:
            self.qr["data"] = command.data

    def _qr_print(self, _command: Command) -> None:
        self._flush_line()
        data: bytes = self.qr["data"]
        if data:
            self._emit(QrCode(data.decode("utf-8", errors="replace"), data, self.qr["module"],
                              self.qr["level"], self.qr["model"], self.align), paper=4)

    def _raster(self, command: Command) -> None:
        self._flush_line()
        _mode, width_bytes, height = command.args
        self._emit(Picture(width_bytes * 8, height, command.data, self.align),
                   paper=max(1, height // 24))

    def _reset(self, _command: Command) -> None:
        self._flush_line()
        self._init()

    _handlers: dict[Kind, Any] = {
        Kind.TEXT: _text, Kind.LF: _lf, Kind.INIT: _reset, Kind.PRINT_MODE: _print_mode,
        Kind.SIZE: _size, Kind.BOLD: _bold, Kind.UNDERLINE: _underline, Kind.ALIGN: _align,
        Kind.CODE_PAGE: _code_page, Kind.FEED: _feed, Kind.CUT: _cut, Kind.SETTING: _setting,
        Kind.BARCODE: _barcode, Kind.QR_MODEL: _qr_setting, Kind.QR_SIZE: _qr_setting,
        Kind.QR_LEVEL: _qr_setting, Kind.QR_STORE: _qr_setting, Kind.QR_PRINT: _qr_print,
        Kind.RASTER: _raster,
    }


# -- the simulator: a thread on an endpoint --------------------------------------------------


@dataclass
class SimState:
    """The conditions a test sets; the status bytes follow from them."""

    online: bool = True
    cover_open: bool = False
    feed_button: bool = False
    paper_near_end: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    silent: bool = False
    status_delay_s: float = 0.0
    line_delay_s: float = 0.0


class PrinterSim:
    """An ESC/POS receipt printer on ``endpoint`` (a ``PtyEndpoint`` or ``TcpEndpoint``).

    Control it with the ``set_*`` methods, ``run_out_after(lines)``,
    ``refill()``; read ``receipts`` or wait with ``wait_receipt(timeout)``.
    Counters: ``unknown_bytes`` (bytes that were no command), ``dropped``
    (commands it could not print), ``status_requests``.
    """

    def __init__(self, endpoint: Endpoint, *, columns: int = 42, name: str = "printer-sim",
                 ) -> None:
        self.endpoint = endpoint
        self.log = logging.LoggerAdapter(log, {"device": name})
        self.state = SimState()
        self.parser = codec.EscPosParser()
        self.engine = PrintEngine(columns, self.log)
        self.dropped = 0
        self.status_requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pending: deque[Command] = deque()  # waiting for the print head (slow printing)
        self._ready_at = 0.0
        self._answers: list[tuple[float, int, bytes]] = []  # (due, seq, bytes): a heap
        self._seq = 0
        self._finished: queue.Queue[SimReceipt] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    # -- control ------------------------------------------------------------------------------

    def start(self) -> PrinterSim:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def set_online(self, online: bool) -> None:
        self._set(online=online)

    def set_cover_open(self, is_open: bool) -> None:
        self._set(cover_open=is_open)

    def set_feed_button(self, pressed: bool) -> None:
        self._set(feed_button=pressed)

    def set_paper_near_end(self, near_end: bool) -> None:
        self._set(paper_near_end=near_end)

    def set_cutter_error(self, error: bool) -> None:
        self._set(cutter_error=error)

    def set_unrecoverable_error(self, error: bool) -> None:
        self._set(unrecoverable_error=error)

    def set_silent(self, silent: bool) -> None:
        """A silent printer takes data but answers nothing (no status, no GS r)."""
        self._set(silent=silent)

    def set_delays(self, *, status_s: float | None = None, line_s: float | None = None) -> None:
        """Slow answers to status requests, and slow printing (per line)."""
        with self._lock:
            if status_s is not None:
                self.state.status_delay_s = status_s
            if line_s is not None:
                self.state.line_delay_s = line_s

    def set_paper_out(self, out: bool) -> None:
        with self._lock:
            self.engine.paper_lines = 0 if out else None

    def run_out_after(self, lines: int | None) -> None:
        """The roll ends after ``lines`` more printed lines (None: plenty)."""
        with self._lock:
            self.engine.paper_lines = lines

    def refill(self) -> None:
        with self._lock:
            self.engine.paper_lines = None
            self.state.paper_near_end = False

    def set_normal(self) -> None:
        """Back to a ready printer: a fresh roll, cover shut, no errors, prompt answers."""
        self.refill()
        with self._lock:
            self.state = SimState()

    def unplug(self) -> None:
        self.endpoint.unplug()

    def replug(self) -> None:
        self.endpoint.replug()

    def _set(self, **changes: bool) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self.state, name, value)

    # -- what it printed ------------------------------------------------------------------------

    @property
    def receipts(self) -> list[SimReceipt]:
        with self._lock:
            return list(self.engine.receipts)

    @property
    def current(self) -> SimReceipt:
        """The receipt being printed (after a paper-out: the part that came out)."""
        with self._lock:
            return SimReceipt(list(self.engine.current.items), self.engine.current.cut)

    def wait_receipt(self, timeout: float) -> SimReceipt:
        """The next receipt to be cut; ``queue.Empty`` after ``timeout`` seconds."""
        return self._finished.get(timeout=timeout)

    @property
    def unknown_bytes(self) -> int:
        return self.parser.unknown_bytes

    @property
    def wrapped_lines(self) -> int:
        return self.engine.wrapped_lines

    def conditions(self) -> PrinterConditions:
        with self._lock:
            return self._conditions()

    def _conditions(self) -> PrinterConditions:
        s, paper_out = self.state, self.engine.paper_out
        error = s.cutter_error or s.unrecoverable_error
        return PrinterConditions(
            offline=not s.online or s.cover_open or paper_out or error or s.feed_button,
            cover_open=s.cover_open, feed_button=s.feed_button, paper_end_stop=paper_out,
            error=error, cutter_error=s.cutter_error, unrecoverable_error=s.unrecoverable_error,
            paper_near_end=s.paper_near_end or paper_out, paper_out=paper_out)

    def render_png(self, receipt: SimReceipt, path: Path | str) -> Path:
        from devices.printer.preview import render_png

        return render_png(receipt, path, columns=self.engine.columns)

    # -- the thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.endpoint.read(4096, self._wait_s())
            except LinkClosed:
                self._unplugged()
                self._stop.wait(0.02)
                continue
            if data:
                self._receive(data)
            self._send_due()
            self._print_due()

    def _wait_s(self) -> float:
        now = time.monotonic()
        waits = [0.05]
        with self._lock:
            if self._pending:
                waits.append(self._ready_at - now)
            if self._answers:
                waits.append(self._answers[0][0] - now)
        return max(0.0, min(waits))

    def _unplugged(self) -> None:
        with self._lock:
            self.parser.reset()  # bytes in flight are lost with the cable
            self._answers.clear()

    def _receive(self, data: bytes) -> None:
        commands = self.parser.feed(data)
        with self._lock:
            for command in commands:
                if command.kind is Kind.STATUS:
                    self._answer_status(StatusKind(command.args[0]))
                elif command.kind is Kind.UNKNOWN:
                    self.log.warning("unknown bytes %s", command.raw.hex(" "))
                elif command.kind is not Kind.CR:
                    self._pending.append(command)

    def _answer_status(self, kind: StatusKind) -> None:
        # Real-time: answered on receipt, ahead of whatever is waiting to be printed.
        self.status_requests += 1
        if not self.state.silent:
            self._queue_answer(codec.encode_status(kind, self._conditions()))

    def _queue_answer(self, byte: int) -> None:
        self._seq += 1
        due = time.monotonic() + self.state.status_delay_s
        heapq.heappush(self._answers, (due, self._seq, bytes((byte,))))

    def _send_due(self) -> None:
        out = b""
        with self._lock:
            now = time.monotonic()
            while self._answers and self._answers[0][0] <= now:
                out += heapq.heappop(self._answers)[2]
        if out:
            try:
                self.endpoint.write(out)
            except LinkClosed:
                self.log.info("status answer lost: link down")

    def _can_print(self) -> bool:
        return not self._conditions().offline  # offline for any reason: nothing is printed

    def _print_due(self) -> None:
        finished: list[SimReceipt] = []
        with self._lock:
            while self._pending and time.monotonic() >= self._ready_at:
                command = self._pending.popleft()
                finished += self._print(command)
        for receipt in finished:
            self._finished.put(receipt)
            if self._finished.qsize() > KEEP_RECEIPTS:  # nobody is waiting for old ones
                with contextlib.suppress(queue.Empty):
                    self._finished.get_nowait()

    def _print(self, command: Command) -> list[SimReceipt]:
        if not self._can_print():
            self.dropped += 1  # a stopped printer: this is lost, as after a paper end
            return []
        if command.kind is Kind.PAPER_SENSOR:
            if not self.state.silent:
                self._queue_answer(codec.encode_paper_sensor(self._conditions()))
            return []
        done = self.engine.apply(command)
        if command.kind in (Kind.LF, Kind.FEED) and self.state.line_delay_s:
            self._ready_at = time.monotonic() + self.state.line_delay_s
        if self.engine.paper_out:
            self.log.warning("paper out")
        return done


# -- command line ----------------------------------------------------------------------------


class ReceiptArchive:
    """Logs every receipt the simulator cuts and, given ``png_dir``, draws each as a PNG."""

    def __init__(self, sim: PrinterSim, png_dir: Path | None) -> None:
        self.sim = sim
        self.png_dir = png_dir
        self._lock = threading.Lock()
        self.count = 0
        self._last: SimReceipt | None = None
        self._last_png: Path | None = None
        self._scratch: Path | None = None  # without png_dir: where ``preview`` draws

    def run(self, finished: threading.Event) -> int:
        """Take receipts until ``finished`` is set and none is left; the number taken."""
        while True:
            try:
                receipt = self.sim.wait_receipt(timeout=0.2)
            except queue.Empty:
                if finished.is_set():
                    return self.count
                continue
            with self._lock:
                self.count += 1
                number, self._last = self.count, receipt
            self.sim.log.info("receipt %d: %d lines, %d barcodes, %d QR codes", number,
                              len(receipt.lines), len(receipt.barcodes), len(receipt.qr_codes))
            if self.png_dir is not None:
                self.png_dir.mkdir(parents=True, exist_ok=True)
                drawn = self.sim.render_png(receipt, self.png_dir / f"receipt-{number:04d}.png")
                with self._lock:
                    self._last_png = drawn

    def preview(self) -> Path | None:
        """The last receipt's PNG (drawn now into a temporary directory without ``png_dir``)."""
        with self._lock:
            receipt, number, drawn = self._last, self.count, self._last_png
        if receipt is None or self.png_dir is not None:
            return drawn
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="sco-printer-sim-"))
        return self.sim.render_png(receipt, self._scratch / f"receipt-{number:04d}.png")


# -- console (``sco sim printer``) -------------------------------------------------------------

_CONDITIONS = (("offline", "offline"), ("cover_open", "cover open"),
               ("feed_button", "feed button held"), ("paper_out", "paper out"),
               ("paper_near_end", "paper near end"), ("cutter_error", "cutter error"),
               ("unrecoverable_error", "unrecoverable error"))


def describe(conditions: PrinterConditions) -> str:
    """What the printer's status answers say, in words: "ready" or the conditions."""
    said = [words for name, words in _CONDITIONS if getattr(conditions, name)]
    return ", ".join(said) if said else "ready"


def _state(archive: ReceiptArchive) -> str:
    return describe(archive.sim.conditions())


def _paper(archive: ReceiptArchive, args: list[str]) -> str:
    sim = archive.sim
    level = choice(args, 0, ["ok", "near-end", "out"])
    if level != "out" and len(args) > 1:
        raise ValueError("LINES goes with out only")
    if level == "ok":
        sim.refill()
    elif level == "near-end":
        sim.refill()
        sim.set_paper_near_end(True)
    elif len(args) > 1:
        sim.run_out_after(whole(args, 1, "LINES", minimum=0))
        return f"{_state(archive)}; the roll ends after {args[1]} more lines"
    else:
        sim.set_paper_out(True)
    return _state(archive)


def _cover(archive: ReceiptArchive, args: list[str]) -> str:
    archive.sim.set_cover_open(choice(args, 0, ["open", "closed"]) == "open")
    return _state(archive)


def _normal(archive: ReceiptArchive, _args: list[str]) -> str:
    archive.sim.set_normal()
    return _state(archive)


def _last(archive: ReceiptArchive, _args: list[str]) -> str:
    path = archive.preview()
    return "no receipt printed yet" if path is None else f"receipt {archive.count}: {path}"


def _status(archive: ReceiptArchive, _args: list[str]) -> str:
    sim = archive.sim
    return (f"printer at {sim.endpoint.url}: {_state(archive)}; receipts: {archive.count}; "
            f"status requests: {sim.status_requests}; dropped while stopped: {sim.dropped}; "
            f"unknown bytes: {sim.unknown_bytes}")


COMMANDS: tuple[ConsoleCommand[ReceiptArchive], ...] = (
    ConsoleCommand("paper ok|near-end|out [LINES]", "a full roll, near its end, or out "
                   "(out LINES: after LINES more lines)", _paper),
    ConsoleCommand("cover open|closed", "open or shut the cover", _cover),
    ConsoleCommand("normal", "back to normal: fresh roll, cover shut, no errors", _normal),
    ConsoleCommand("status", "what the printer's status answers say, and counters", _status),
    ConsoleCommand("last", "where the last receipt's PNG preview is", _last),
)
TITLE = "sco sim printer"


def main(argv: Sequence[str] | None = None, *, stop: threading.Event | None = None,
         out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """``sco sim printer``: serve until ``quit``, SIGTERM or ``stop``; first prints the URL."""
    parser = argparse.ArgumentParser(prog="sco sim printer", description=__doc__.split("\n")[0],
                                     epilog=help_text(TITLE, COMMANDS),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--tcp", type=int, metavar="PORT", help="listen on 127.0.0.1:PORT")
    where.add_argument("--pty", action="store_true", help="a pseudo-terminal (the default)")
    parser.add_argument("--link", type=Path, help="stable symlink to the pty")
    parser.add_argument("--columns", type=int, default=42, choices=(42, 48))
    parser.add_argument("--png-dir", type=Path, help="draw every receipt as a PNG here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    endpoint: Endpoint = TcpEndpoint(args.tcp) if args.tcp is not None else PtyEndpoint(args.link)
    sim = PrinterSim(endpoint, columns=args.columns).start()
    archive = ReceiptArchive(sim, args.png_dir)
    finished = threading.Event()
    archivist = threading.Thread(target=archive.run, args=(finished,), name="printer-archive",
                                 daemon=True)
    archivist.start()
    out = out or sys.stdout
    out.write(endpoint.url + "\n")
    out.flush()
    try:
        return serve_console(Console(TITLE, COMMANDS, archive), stdin=stdin or sys.stdin,
                             out=out, stop=stop)
    finally:
        finished.set()
        archivist.join(10)  # the receipts already cut are still drawn
        sim.stop()
        endpoint.close()


if __name__ == "__main__":
    raise SystemExit(main())
