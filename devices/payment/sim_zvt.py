"""A ZVT card terminal that speaks the real bytes, for tests, demos and ``sco sim payment``.

It answers over a ``TcpEndpoint`` (bare APDUs, as a terminal on port 20007)
or a ``PtyEndpoint`` (RS232 framing with link ACK/NAK), using the same codec
as the driver.  Each authorization follows the next ``Script`` queued by the
test (approve when none is queued)::

    sim = ZvtSimulator(TcpEndpoint())          # or ZvtSimulator(PtyEndpoint(link=path))
    sim.start()
    sim.decline_next(0x51)                     # the next payment is declined, "51"
    ...
    sim.stop(); sim.endpoint.close()

The simulator keeps a ledger of what it charged and reversed (so a test can
prove a payment was not charged twice), its last transaction (for Repeat
Receipt, 06 20), and counts receipt and trace numbers up.

From a shell (what ``sco sim payment`` runs): ``python -m devices.payment.sim_zvt``
(a pty, RS232 framing; ``--link /tmp/ttyZVT`` for a stable name) or ``--tcp [PORT]``
(bare APDUs, port 20007 unless given; 0: any free port).  It prints where it listens,
then takes commands on stdin that queue the outcome of the next payments:
``approve``, ``decline 51``, ``slow 10``, ``timeout``, ``abort``, ``drop``, plus
``status``, ``clear``, ``help`` and ``quit`` (``devices.simconsole``).
"""

from __future__ import annotations

import argparse
import collections
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from devices.payment import zvt_codec as zc
from devices.simconsole import Command, Console, UsageError, argument, choice, help_text, number
from devices.simconsole import serve as serve_console
from devices.simlink import Endpoint, LinkClosed, PtyEndpoint, TcpEndpoint

_logger = logging.getLogger(__name__)


class Behaviour(Enum):
    APPROVE = "approve"
    DECLINE = "decline"  # status information with the result code, then 06 1E
    SILENT = "silent"  # never answers (optionally after acknowledging the command)
    ABORT = "abort"  # the shopper pressed the abort key: 06 1E 6C
    DROP_AFTER_APPROVAL = "drop_after_approval"  # approves, then the link drops; replugs later


@dataclass(frozen=True, slots=True)
class Script:
    """How the simulator answers one authorization."""

    behaviour: Behaviour = Behaviour.APPROVE
    result_code: int = 0x05  # for DECLINE
    progress: tuple[int, ...] = (0x0A,)  # intermediate statuses before the result ("insert card")
    step_s: float = 0.0  # time between them: the shopper at the terminal
    ack_command: bool = False  # SILENT: acknowledge the command, then say nothing
    replug_after_s: float = 0.3  # DROP_AFTER_APPROVAL: how long the cable stays out


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    kind: str  # "charge" or "reversal"
    amount: int
    currency: int
    receipt_no: str
    trace_no: str
    reverses: str | None = None  # the receipt number a reversal takes back


@dataclass(frozen=True, slots=True)
class Card:
    masked_pan: str = "672559******1234"
    card_type_id: int = 5
    card_name: str = "girocard"
    expiry: str = "2812"
    aid: str = "A0000003"


class _EndpointPipe:
    """``zvt_codec.BytePipe`` over a simulator endpoint."""

    def __init__(self, endpoint: Endpoint) -> None:
        self._endpoint = endpoint

    def recv(self, timeout: float) -> bytes:
        try:
            return self._endpoint.read(4096, timeout)
        except ValueError as exc:
            # devices/simlink.py as committed: TcpEndpoint.read catches only OSError around its
            # select() on the client socket, which raises ValueError when unplug() closed that
            # socket meanwhile.  It means LinkClosed; harmless once simlink catches it itself.
            raise LinkClosed(str(exc)) from exc

    def send(self, data: bytes) -> None:
        self._endpoint.write(data)


class ZvtSimulator:
    """A payment terminal on ``endpoint``; framed (RS232) on a pty, bare on TCP unless told."""

    def __init__(self, endpoint: Endpoint, *, framed: bool | None = None,
                 terminal_id: str = "52500001", password: str = "000000",
                 vu_number: str = "SIMULATED-VU-01", card: Card | None = None,
                 ack_timeout_s: float = 5.0, link_ack_timeout_s: float = 1.0,
                 name: str = "sim-zvt") -> None:
        self.endpoint = endpoint
        self.name = name
        self.log = logging.LoggerAdapter(_logger, {"device": name})
        self.framed = isinstance(endpoint, PtyEndpoint) if framed is None else framed
        self.terminal_id = terminal_id
        self.password = password
        self.vu_number = vu_number
        self.card = card or Card()
        self.ack_timeout_s = ack_timeout_s
        pipe = _EndpointPipe(endpoint)
        self._link: zc.Link = (zc.FramedLink(pipe, ack_timeout=link_ack_timeout_s, logger=self.log)
                               if self.framed else zc.BareLink(pipe, logger=self.log))
        self._lock = threading.Lock()
        self._scripts: collections.deque[Script] = collections.deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ecr_abort = False
        self._receipt = 0
        self._trace = 0
        self.currency = zc.CURRENCY_NUMERIC["EUR"]
        self.ledger: list[LedgerEntry] = []
        self.last_transaction: zc.StatusInfo | None = None
        self.received: list[int] = []  # control fields of every command, in order
        self.registered = threading.Event()
        self._dialogue_generation = 0  # the endpoint's connection that began the dialogue

    @property
    def url(self) -> str:
        return self.endpoint.url

    # -- control from tests --------------------------------------------------------------

    def script(self, *scripts: Script) -> None:
        """Queue how the next authorizations are answered, in order."""
        with self._lock:
            self._scripts.extend(scripts)

    def approve_next(self, *, progress: tuple[int, ...] = (0x0A,), step_s: float = 0.0) -> None:
        self.script(Script(Behaviour.APPROVE, progress=progress, step_s=step_s))

    def decline_next(self, result_code: int = 0x05) -> None:
        self.script(Script(Behaviour.DECLINE, result_code=result_code))

    def slow_next(self, steps: int = 4, step_s: float = 0.3) -> None:
        """The shopper takes their time: ``steps`` intermediate statuses ``step_s`` apart."""
        codes = (0x0A, 0x01, 0x0E, 0x04, 0x17)
        self.script(Script(Behaviour.APPROVE, progress=tuple(codes[i % len(codes)]
                                                             for i in range(steps)), step_s=step_s))

    def silent_next(self, *, ack_command: bool = False) -> None:
        self.script(Script(Behaviour.SILENT, ack_command=ack_command))

    def abort_next(self) -> None:
        self.script(Script(Behaviour.ABORT))

    def drop_after_approval_next(self, replug_after_s: float = 0.3) -> None:
        self.script(Script(Behaviour.DROP_AFTER_APPROVAL, replug_after_s=replug_after_s))

    def pending(self) -> tuple[Script, ...]:
        """The scripts queued for the next authorizations, first first."""
        with self._lock:
            return tuple(self._scripts)

    def clear_scripts(self) -> None:
        """Forget the queued scripts: the next authorizations are approved."""
        with self._lock:
            self._scripts.clear()

    def inject(self, data: bytes) -> None:
        """Raw bytes to the driver, outside any protocol (garbage, partial frames)."""
        self.endpoint.write(data)

    @property
    def charges(self) -> list[LedgerEntry]:
        return [entry for entry in self.ledger if entry.kind == "charge"]

    @property
    def authorizations_received(self) -> int:
        return self.received.count(zc.Cmd.AUTHORIZATION)

    # -- thread ---------------------------------------------------------------------------

    def start(self) -> ZvtSimulator:
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                apdu = self._link.recv(0.05)
                if apdu is not None:
                    self._dispatch(apdu)
            except LinkClosed:
                self._link.reset()
                self._stop.wait(0.05)  # the cable is out: look again shortly
            except zc.ZvtProtocolError as exc:
                self.log.warning("unreadable command: %s", exc)
                self._send(zc.nak_apdu(0x9A))

    # -- dialogue helpers ---------------------------------------------------------------

    def _send(self, apdu: zc.Apdu) -> None:
        self.log.debug("-> %s", apdu)
        self._link.send(apdu)

    def _orphaned(self) -> bool:
        """Whether the connection that began this dialogue has gone (TCP only).

        A terminal answers on the connection a command came in on: when the ECR hangs
        up mid-dialogue, the terminal finishes (and books) on its own, and what it would
        have sent is not given to the next ECR that connects.
        """
        return self.endpoint.generation != self._dialogue_generation

    def _tell(self, apdu: zc.Apdu) -> bool:
        """Send ``apdu`` and wait for the ECR's 80 00 00; notes an ECR abort (06 B0) meanwhile.

        False when no acknowledgement came, or the ECR that began the dialogue has gone.
        """
        if self._orphaned():
            self.log.warning("the ECR hung up: not sending %s", apdu)
            return False
        self._send(apdu)
        deadline = time.monotonic() + self.ack_timeout_s
        while not self._stop.is_set():
            if self._orphaned():
                self.log.warning("the ECR hung up before acknowledging %s", apdu)
                return False
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.log.warning("no acknowledgement for %s", apdu)
                return False
            answer = self._link.recv(min(remaining, 0.05))
            if answer is None:
                continue
            if answer.control == zc.Cmd.ACK:
                return True
            self._note(answer)
        return False

    def _note(self, apdu: zc.Apdu) -> None:
        """A command that arrives while a dialogue runs: only 06 B0 makes sense."""
        self.received.append(apdu.control)
        if apdu.control == zc.Cmd.ECR_ABORT:
            self._ecr_abort = True
            self._send(zc.ACK_APDU)
        else:
            self.log.warning("ignoring %s during a dialogue", apdu)

    def _wait(self, seconds: float) -> None:
        """Let time pass as a terminal would, still listening for 06 B0."""
        deadline = time.monotonic() + seconds
        while not self._ecr_abort and not self._stop.is_set() and not self._orphaned():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            apdu = self._link.recv(min(remaining, 0.05))
            if apdu is not None:
                self._note(apdu)

    def _next_script(self) -> Script:
        with self._lock:
            return self._scripts.popleft() if self._scripts else Script()

    def _status(self, *, result: int, amount: int, currency: int, receipt_no: str | None,
                trace_no: str) -> zc.StatusInfo:
        now = datetime.now()
        return zc.StatusInfo(
            result_code=result, amount=amount, currency=currency, trace_no=trace_no,
            time=now.strftime("%H%M%S"), date=now.strftime("%m%d"), expiry=self.card.expiry,
            masked_pan=self.card.masked_pan, terminal_id=self.terminal_id,
            vu_number=self.vu_number, aid=self.card.aid, receipt_no=receipt_no,
            card_type_id=self.card.card_type_id, card_name=self.card.card_name)

    def _next_trace(self) -> str:
        self._trace += 1
        return f"{self._trace % 1_000_000:06d}"

    def _next_receipt(self) -> str:
        self._receipt = self._receipt % 9999 + 1
        return f"{self._receipt:04d}"

    def _receipt_lines(self, info: zc.StatusInfo, title: str) -> list[str]:
        amount = info.amount or 0
        currency = zc.CURRENCY_ALPHA.get(info.currency or 0, "")
        return [title, f"{info.card_name}  {info.masked_pan}",
                f"Amount {currency} {amount // 100}.{amount % 100:02d}",
                f"Receipt {info.receipt_no}  Trace {info.trace_no}",
                f"Terminal {info.terminal_id}", "APPROVED"]

    # -- commands ----------------------------------------------------------------------

    def _dispatch(self, apdu: zc.Apdu) -> None:
        self.log.debug("<- %s", apdu)
        self.received.append(apdu.control)
        handlers: dict[int, Callable[[zc.Apdu], None]] = {
            zc.Cmd.REGISTRATION: self._registration,
            zc.Cmd.AUTHORIZATION: self._authorization,
            zc.Cmd.REVERSAL: self._reversal,
            zc.Cmd.REPEAT_RECEIPT: self._repeat_receipt,
        }
        handler = handlers.get(apdu.control)  # IntEnum keys match plain ints
        if handler is not None:
            self._ecr_abort = False
            self._dialogue_generation = self.endpoint.generation
            handler(apdu)
        elif apdu.control == zc.Cmd.ECR_ABORT:
            self._send(zc.ACK_APDU)  # nothing running: nothing to abort
        elif apdu.control == zc.Cmd.ACK or apdu.cls == 0x84:
            pass  # a late acknowledgement
        else:
            self._send(zc.nak_apdu(zc.RESULT_FUNCTION_NOT_POSSIBLE))

    def _registration(self, apdu: zc.Apdu) -> None:
        request = zc.decode_registration(apdu.data)
        if request.currency is not None:
            self.currency = request.currency
        self._send(zc.ACK_APDU)
        if self._tell(zc.completion(self.terminal_id)):
            self.registered.set()

    def _authorization(self, apdu: zc.Apdu) -> None:
        amount, currency = zc.decode_authorization(apdu.data)
        currency = currency or self.currency
        script = self._next_script()
        self.log.info("authorization %d (%s)", amount, script.behaviour.value)
        if script.behaviour is Behaviour.SILENT:
            if script.ack_command:
                self._send(zc.ACK_APDU)
            return
        self._send(zc.ACK_APDU)
        for code in script.progress:
            if self._ecr_abort or not self._tell(zc.intermediate_status(code)):
                break
            self._wait(script.step_s)
        if self._ecr_abort or script.behaviour is Behaviour.ABORT:
            self._tell(zc.abort(zc.RESULT_ABORTED))
            return
        if script.behaviour is Behaviour.DECLINE:
            info = self._status(result=script.result_code, amount=amount, currency=currency,
                                receipt_no=None, trace_no=self._next_trace())
            self.last_transaction = info
            if self._tell(zc.encode_status_info(info)):
                self._tell(zc.abort(script.result_code))
            return
        info = self._status(result=zc.RESULT_OK, amount=amount, currency=currency,
                            receipt_no=self._next_receipt(), trace_no=self._next_trace())
        self._book(LedgerEntry("charge", amount, currency, info.receipt_no or "",
                               info.trace_no or ""), info)
        if script.behaviour is Behaviour.DROP_AFTER_APPROVAL:
            self._drop(script.replug_after_s)
            return
        self._conclude(info, [zc.print_line(line) for line in
                              self._receipt_lines(info, "CARD PAYMENT")])

    def _book(self, entry: LedgerEntry, info: zc.StatusInfo) -> None:
        with self._lock:
            self.ledger.append(entry)
            self.last_transaction = info

    def _conclude(self, info: zc.StatusInfo, receipt: list[zc.Apdu]) -> None:
        """Status information, the receipt, completion: each acknowledged by the ECR."""
        for apdu in [zc.encode_status_info(info), *receipt, zc.completion(self.terminal_id)]:
            if not self._tell(apdu):
                return

    def _drop(self, replug_after_s: float) -> None:
        self.log.info("approved, now pulling the cable for %.1f s", replug_after_s)
        self.endpoint.unplug()
        self._stop.wait(replug_after_s)
        self.endpoint.replug()
        self._link.reset()

    def _reversal(self, apdu: zc.Apdu) -> None:
        _password, fields = zc.decode_password_and_bmps(apdu.data)
        receipt_no = zc.bcd_digits(fields.get(0x87, b""))
        self._send(zc.ACK_APDU)
        with self._lock:
            reversed_already = {e.reverses for e in self.ledger if e.kind == "reversal"}
            original = next((e for e in self.ledger
                             if e.kind == "charge" and e.receipt_no == receipt_no), None)
        if original is None or receipt_no in reversed_already:
            code = (zc.RESULT_ALREADY_REVERSED if original is not None
                    else zc.RESULT_REVERSAL_NOT_POSSIBLE)
            info = self._status(result=code, amount=0, currency=self.currency, receipt_no=None,
                                trace_no=self._next_trace())
            if self._tell(zc.encode_status_info(info)):
                self._tell(zc.abort(code))
            return
        info = self._status(result=zc.RESULT_OK, amount=original.amount,
                            currency=original.currency, receipt_no=self._next_receipt(),
                            trace_no=self._next_trace())
        self._book(LedgerEntry("reversal", original.amount, original.currency,
                               info.receipt_no or "", info.trace_no or "", reverses=receipt_no),
                   info)
        self._conclude(info, [zc.print_line(line) for line in
                              self._receipt_lines(info, "REVERSAL")])

    def _repeat_receipt(self, apdu: zc.Apdu) -> None:
        zc.decode_password_and_bmps(apdu.data)
        self._send(zc.ACK_APDU)
        with self._lock:
            last = self.last_transaction
        if last is None:
            self._tell(zc.abort(zc.RESULT_FUNCTION_NOT_POSSIBLE))
            return
        copy = self._receipt_lines(last, "CARD PAYMENT (COPY)")
        self._conclude(last, [zc.text_block(copy, receipt_type=0x02)])


# -- console (``sco sim payment``) -------------------------------------------------------


def describe(script: Script) -> str:
    """A script in the console's words."""
    if script.behaviour is Behaviour.DECLINE:
        text = zc.RESULT_TEXTS.get(script.result_code, "no text known")
        return f"decline {script.result_code:02X} ({text})"
    if script.behaviour is Behaviour.SILENT:
        return "timeout (acknowledges, then silent)" if script.ack_command \
            else "timeout (never answers)"
    if script.behaviour is Behaviour.DROP_AFTER_APPROVAL:
        return f"drop (approves, then the link is down for {script.replug_after_s:g} s)"
    if script.behaviour is Behaviour.APPROVE and script.step_s:
        return f"slow ({len(script.progress) * script.step_s:g} s at the terminal, approved)"
    return str(script.behaviour.value)


def _queued(sim: ZvtSimulator) -> str:
    pending = sim.pending()
    return f"queued: {describe(pending[-1])}; waiting: {len(pending)}"


def _approve(sim: ZvtSimulator, _args: list[str]) -> str:
    sim.approve_next()
    return _queued(sim)


def _abort(sim: ZvtSimulator, _args: list[str]) -> str:
    sim.abort_next()
    return _queued(sim)


def _decline(sim: ZvtSimulator, args: list[str]) -> str:
    text = argument(args, 0, "CODE", "05")
    try:
        code = int(text, 16)
    except ValueError:
        raise UsageError(f"CODE is a ZVT result code in hex, like 05 or 51, not {text!r}") \
            from None
    if not 0x01 <= code <= 0xFF or len(text) > 2:
        raise UsageError(f"CODE is one byte in hex, 01 to FF, not {text!r} (00 is approve)")
    sim.decline_next(code)
    return _queued(sim)


def _slow(sim: ZvtSimulator, args: list[str]) -> str:
    seconds = number(args, 0, "SECONDS", 4.0)
    sim.slow_next(steps=4, step_s=seconds / 4)
    return _queued(sim)


def _timeout(sim: ZvtSimulator, args: list[str]) -> str:
    if args:
        choice(args, 0, ["ack"])
    sim.silent_next(ack_command=bool(args))
    return _queued(sim)


def _drop(sim: ZvtSimulator, args: list[str]) -> str:
    sim.drop_after_approval_next(replug_after_s=number(args, 0, "SECONDS", 1.0))
    return _queued(sim)


def _clear(sim: ZvtSimulator, _args: list[str]) -> str:
    sim.clear_scripts()
    return "queue cleared: the next payments are approved"


def _status(sim: ZvtSimulator, _args: list[str]) -> str:
    pending = sim.pending()
    framing = "RS232 framing" if sim.framed else "bare APDUs"
    last = sim.last_transaction
    lines = [
        f"terminal {sim.terminal_id} at {sim.url} ({framing}); "
        f"registered: {'yes' if sim.registered.is_set() else 'no'}",
        "next payments: " + (", ".join(describe(s) for s in pending) + ", then approve"
                             if pending else "approve"),
        f"authorizations received: {sim.authorizations_received}; booked: "
        f"{len(sim.charges)} charges, {len(sim.ledger) - len(sim.charges)} reversals",
    ]
    if last is not None:
        currency = zc.CURRENCY_ALPHA.get(last.currency or 0, "")
        amount = last.amount or 0
        lines.append(f"last transaction: result {last.result_code or 0:02X}, {currency} "
                     f"{amount // 100}.{amount % 100:02d}, receipt {last.receipt_no or '-'}, "
                     f"trace {last.trace_no}")
    return "\n".join(lines)


COMMANDS: tuple[Command[ZvtSimulator], ...] = (
    Command("approve", "approve the next payment (outcomes queue in order; none: approve)",
            _approve),
    Command("decline [CODE]", "decline it with a ZVT result code in hex (05; 51 no funds)",
            _decline),
    Command("slow [SECONDS]", "the shopper takes SECONDS (default 4), then approve", _slow),
    Command("timeout [ack]", "never answer (ack: acknowledge, then silence)", _timeout),
    Command("abort", "the shopper presses abort on the terminal (6C)", _abort),
    Command("drop [SECONDS]", "approve, then the link drops for SECONDS (1): in doubt", _drop),
    Command("clear", "forget the queued outcomes", _clear),
    Command("status", "the link, the queued outcomes, what was booked", _status),
)
TITLE = "sco sim payment"


def main(argv: list[str] | None = None) -> int:
    """``sco sim payment``: a simulated terminal until ``quit`` or SIGTERM; prints its URL."""
    parser = argparse.ArgumentParser(prog="sco sim payment", description=__doc__.splitlines()[0],
                                     epilog=help_text(TITLE, COMMANDS),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--tcp", type=int, metavar="PORT", nargs="?", const=zc.ZVT_TCP_PORT,
                       help="listen on 127.0.0.1:PORT (bare APDUs, default 20007; 0 = any)")
    where.add_argument("--pty", action="store_true",
                       help="open a pty (RS232 framing): the default")
    parser.add_argument("--link", type=Path, help="with a pty: a stable symlink to it")
    args = parser.parse_args(argv)
    if args.link is not None and args.tcp is not None:
        parser.error("--link names a pty: it does not go with --tcp")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    endpoint: Endpoint = TcpEndpoint(args.tcp) if args.tcp is not None else PtyEndpoint(args.link)
    sim = ZvtSimulator(endpoint).start()
    print(sim.url, flush=True)  # the one line a caller (or a person) needs: where to connect
    try:
        return serve_console(Console(TITLE, COMMANDS, sim), stdin=sys.stdin, out=sys.stdout)
    finally:
        sim.stop()
        endpoint.close()


if __name__ == "__main__":
    sys.exit(main())
