"""The ECR side of ZVT: a ``PaymentTerminal`` over TCP (bare APDUs) or RS232 (framed).

One thread (a ``PortWorker``) owns the connection: it registers on every
(re)connect, serves one request at a time from a queue, acknowledges every
message of the terminal, and reconnects with back-off when the link goes.
The public methods put a request on that queue and wait for its answer, so
they block the calling thread (the kiosk calls them off the UI thread).

The payment dialogue (PA00P015 2.2): ECR sends 06 01, PT answers 80 00 00,
then any number of 04 FF (intermediate status), one 04 0F (status
information, BMP 27 = result), 06 D1/06 D3 (receipt lines), and finally
06 0F (completion) or 06 1E (abort).  The ECR acknowledges each with
80 00 00 and may send 06 B0 to abort while the shopper is at the terminal.

What is never done: guess.  No acknowledgement, no result before the
timeout, a dropped link, or contradicting answers make the outcome
``unknown``; the terminal is then in doubt until ``query_last`` (06 20,
Repeat Receipt) reports its last transaction.
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final, Generic, TypeVar

import serial

from devices.errors import DeviceError, DeviceOffline, DeviceStateError, DeviceTimeout
from devices.events import EventSink, Health, PaymentEvent
from devices.lifecycle import Device
from devices.payment import zvt_codec as zc
from devices.payment.interface import (
    DuplicateReference,
    PaymentError,
    PaymentInDoubt,
    PaymentOutcome,
    PaymentRequestError,
    PaymentStatus,
    PaymentTerminal,
)
from devices.serialport import SerialSettings
from devices.worker import Backoff, PortWorker

T = TypeVar("T")

_LINK_ERRORS: Final = (serial.SerialException, OSError, zc.ZvtLinkError)


class Framing(Enum):
    BARE = "bare"  # TCP: APDUs back to back
    FRAMED = "framed"  # RS232: DLE STX ... DLE ETX CRC, link ACK/NAK


@dataclass(frozen=True, slots=True)
class ZvtSettings:
    """How this lane talks to its terminal; the defaults suit a self-checkout."""

    password: str = "000000"
    currency: str = "EUR"  # announced at registration
    config_byte: int = zc.CONFIG_BYTE_SELF_CHECKOUT
    service_byte: int | None = None  # registration BMP 03, when the terminal wants one
    register_on_connect: bool = True  # also how the driver learns the terminal answers
    ack_timeout_s: float = 5.0  # for the 80 00 00 after a command
    result_timeout_s: float = 180.0  # from the command to completion/abort
    connect_wait_s: float = 5.0  # how long a request waits for a connection before giving up
    link_ack_timeout_s: float = 1.0  # serial: for the 06 after a frame
    link_retries: int = 3  # serial: retransmissions after NAK or silence
    repeat_receipt_service_byte: int | None = None  # 06 20 BMP 03; see zvt_codec.repeat_receipt
    poll_s: float = 0.05  # how often the worker looks at the stop flag and the abort request


class _NotSent(DeviceOffline):
    """Nothing reached the terminal: the request may safely be made again."""


class _Job(Generic[T]):
    """One request for the worker thread; the caller waits on ``done``."""

    def __init__(self, name: str, run: Callable[[zc.Link], T]) -> None:
        self.name = name
        self.run = run
        self.started = threading.Event()
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._state = "queued"
        self._result: T | None = None
        self._error: DeviceError | None = None

    def try_start(self) -> bool:
        with self._lock:
            if self._state != "queued":
                return False
            self._state = "running"
        self.started.set()
        return True

    def try_cancel(self) -> bool:
        with self._lock:
            if self._state != "queued":
                return False
            self._state = "cancelled"
            return True

    def finish(self, result: T) -> None:
        self._result = result
        self.done.set()

    def fail(self, error: DeviceError) -> None:
        self._error = error
        self.done.set()

    def value(self) -> T:
        if self._error is not None:
            raise self._error
        return self._result  # type: ignore[return-value]  # set by finish() before done


@dataclass(slots=True)
class _Dialogue:
    """What happened during one command's dialogue."""

    end: str = "running"  # acked, completion, abort, refused, no_ack, timeout, link_lost, stopped
    sent: bool = False  # the command may have reached the terminal
    status: zc.StatusInfo | None = None
    status_unreadable: bool = False
    code: int | None = None  # of the abort (06 1E) or the refusal (84 xx)
    lines: list[str] = field(default_factory=list)
    error: BaseException | None = None


_UNKNOWN_ENDS: Final[dict[str, str]] = {
    "no_ack": "the terminal did not acknowledge the request",
    "timeout": "the terminal's result did not arrive in time",
    "link_lost": "the connection to the terminal was lost before the result",
    "stopped": "the driver was stopped before the result",
}


class _PortPipe:
    """``zvt_codec.BytePipe`` over an open pyserial port (tty, pty or socket://)."""

    def __init__(self, port: serial.SerialBase) -> None:
        self._port = port

    def recv(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            waiting = self._port.in_waiting
            if waiting:
                return bytes(self._port.read(waiting))
            if time.monotonic() >= deadline:
                return b""
            data = bytes(self._port.read(1))  # waits up to the port's own (short) timeout
            if data:
                return data

    def send(self, data: bytes) -> None:
        self._port.write(data)


class ZvtTerminal(Device, PaymentTerminal):
    """A ZVT card terminal at ``url``: ``socket://host:20007`` or a serial device.

    Events published: ``HealthEvent`` (online after registration, offline while
    the link is down), ``PaymentEvent(kind="progress")`` for each intermediate
    status, ``PaymentEvent(kind="print")`` with the terminal's receipt lines,
    and ``PaymentEvent(kind=<status>)`` with ``details["operation"]`` for
    every authorization, reversal and query.
    """

    def __init__(self, device_id: str, sink: EventSink, url: str, *,
                 framing: Framing | None = None, settings: ZvtSettings | None = None,
                 backoff: Backoff | None = None) -> None:
        super().__init__(device_id, sink)
        self.url = url
        self.framing = framing or (Framing.BARE if url.startswith("socket://") else Framing.FRAMED)
        self.settings = settings or ZvtSettings()
        self._line = (zc.ZVT_SERIAL_SETTINGS if self.framing is Framing.FRAMED
                      else SerialSettings(timeout=0.05))
        self._backoff = backoff
        self._worker: PortWorker | None = None
        self._enabled = False
        self._jobs: queue.Queue[_Job[Any]] = queue.Queue()
        self._guard = threading.Lock()
        self._references: set[str] = set()
        self._in_doubt: PaymentOutcome | None = None
        self._payment_active = False
        self._abort_requested = threading.Event()
        self._stop: threading.Event = threading.Event()
        self._link_error: BaseException | None = None
        self._link: zc.Link | None = None
        self._bad_total = 0
        self._counted = threading.Condition()

    @classmethod
    def over_tcp(cls, device_id: str, sink: EventSink, host: str, port: int = zc.ZVT_TCP_PORT,
                 **kwargs: Any) -> ZvtTerminal:
        return cls(device_id, sink, f"socket://{host}:{port}", framing=Framing.BARE, **kwargs)

    # -- lifecycle ----------------------------------------------------------------------

    def _on_claim(self) -> None:
        self._worker = PortWorker(self, self.url, self._line, self._session,
                                  backoff=self._backoff, name=f"zvt-{self.device_id}")
        self._worker.start()

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _on_enable(self) -> None:
        self._enabled = True

    def _on_disable(self) -> None:
        self._enabled = False

    # -- diagnostics ----------------------------------------------------------------------

    @property
    def bad_frames(self) -> int:
        """Frames and APDUs that could not be used (bad CRC, unreadable, unexpected)."""
        link = self._link
        return self._bad_total + (link.bad_frames if link is not None else 0)

    @property
    def in_doubt(self) -> PaymentOutcome | None:
        return self._in_doubt

    def wait_for_bad_frames(self, count: int, timeout: float) -> bool:
        """True once at least ``count`` bad frames were seen (for tests and diagnostics)."""
        deadline = time.monotonic() + timeout
        with self._counted:
            while self.bad_frames < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._counted.wait(min(remaining, 0.02))  # link counters do not notify
        return True

    def _count_bad(self, what: str) -> None:
        self._bad_total += 1
        self.log.warning("bad message from the terminal: %s", what)
        with self._counted:
            self._counted.notify_all()

    # -- PaymentTerminal ----------------------------------------------------------------

    def register(self) -> None:
        self._submit(_Job("register", self._register_on))

    def authorize(self, amount_minor: int, currency: str, *, reference: str) -> PaymentOutcome:
        numeric = _currency_numeric(currency)
        if not 0 < amount_minor <= 999_999_999_999:
            raise PaymentRequestError(f"amount {amount_minor} out of range")
        with self._guard:
            if reference in self._references:
                raise DuplicateReference(f"payment {reference!r} was already sent to the terminal")
            if self._in_doubt is not None:
                raise PaymentInDoubt(f"payment {self._in_doubt.reference!r} is in doubt")
            self._references.add(reference)
            self._payment_active = True
        job = _Job("authorize", lambda link: self._authorize_on(
            link, amount_minor, currency.upper(), numeric, reference))
        try:
            return self._submit(job)
        except (_NotSent, PaymentInDoubt):
            with self._guard:
                self._references.discard(reference)
            raise
        except DeviceTimeout:  # the worker overran every timeout of its own: never a guess
            outcome = PaymentOutcome("unknown", amount_minor, currency, text="no result",
                                     reference=reference)
            with self._guard:
                self._in_doubt = outcome
            return outcome
        finally:
            with self._guard:
                self._payment_active = False
                self._abort_requested.clear()

    def abort(self) -> None:
        with self._guard:
            if self._payment_active:
                self.log.info("abort requested")
                self._abort_requested.set()

    def query_last(self) -> PaymentOutcome | None:
        return self._submit(_Job("query_last", self._query_on))

    def reverse(self, receipt_no: str, amount_minor: int) -> PaymentOutcome:
        if not receipt_no.isdigit() or int(receipt_no) > 9999:
            raise PaymentRequestError(f"receipt number {receipt_no!r} is not 1-4 digits")
        with self._guard:
            if self._in_doubt is not None:
                raise PaymentInDoubt(f"payment {self._in_doubt.reference!r} is in doubt")
        return self._submit(_Job("reverse", lambda link: self._reverse_on(
            link, int(receipt_no), amount_minor)))

    def acknowledge_in_doubt(self) -> None:
        with self._guard:
            if self._in_doubt is not None:
                self.log.warning("in-doubt payment %s settled by a person",
                                 self._in_doubt.reference)
            self._in_doubt = None

    # -- requests, on the caller's thread -------------------------------------------------

    def _submit(self, job: _Job[T]) -> T:
        if not self._enabled:
            raise DeviceStateError(f"{self.device_id} is not enabled")
        self._jobs.put(job)
        if not job.started.wait(self.settings.connect_wait_s) and job.try_cancel():
            raise _NotSent(f"{self.device_id}: the terminal is not connected")
        job.started.wait()
        limit = self.settings.ack_timeout_s + self.settings.result_timeout_s + 10
        if not job.done.wait(limit):
            raise DeviceTimeout(f"{self.device_id}: {job.name} did not finish")
        return job.value()

    # -- the worker thread ----------------------------------------------------------------

    def _session(self, port: serial.SerialBase, stop: threading.Event) -> None:
        sock = getattr(port, "_socket", None)  # pyserial's socket:// keeps it private
        if isinstance(sock, socket.socket):
            # pyserial leaves Nagle on: each small APDU (80 00 00 ...) would then wait for the
            # terminal's delayed ACK, about 40 ms per message.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pipe = _PortPipe(port)
        link: zc.Link
        if self.framing is Framing.BARE:
            link = zc.BareLink(pipe, logger=self.log)
        else:
            link = zc.FramedLink(pipe, ack_timeout=self.settings.link_ack_timeout_s,
                                 retries=self.settings.link_retries, logger=self.log)
        self._stop, self._link, self._link_error = stop, link, None
        try:
            self._greet(link)
            while not stop.is_set():
                try:  # wait on the queue, so a request starts at once ...
                    job = self._jobs.get(timeout=self.settings.poll_s)
                except queue.Empty:
                    # ... and look at the link in between: an unsolicited message, or a link
                    # that went away (a hung-up tty or a closed socket raises right here).
                    apdu = link.recv(0)
                    if apdu is not None:
                        self._unsolicited(link, apdu)
                    continue
                if job.try_start():
                    self._serve(job, link)
        finally:
            self._link = None
            self._bad_total += link.bad_frames

    def _greet(self, link: zc.Link) -> None:
        if not self.settings.register_on_connect:
            return
        try:
            self._register_on(link)
        except (DeviceTimeout, PaymentError) as exc:
            self._set_health(Health.ERROR, exc.code, exc.message)
        self._raise_if_link_lost()

    def _serve(self, job: _Job[Any], link: zc.Link) -> None:
        try:
            job.finish(job.run(link))
        except DeviceError as exc:
            job.fail(exc)
        finally:
            if not job.done.is_set():  # a bug in the driver: do not leave the caller hanging
                job.fail(DeviceError(f"{job.name} failed inside the driver"))
        self._raise_if_link_lost()

    def _raise_if_link_lost(self) -> None:
        error, self._link_error = self._link_error, None
        if error is not None:
            raise DeviceOffline(f"link to the terminal lost: {error}") from error

    def _unsolicited(self, link: zc.Link, apdu: zc.Apdu) -> None:
        """A message while no request runs: acknowledge it so the terminal does not hang."""
        try:
            message = zc.decode_pt_message(apdu)
        except zc.ZvtProtocolError as exc:
            self._count_bad(f"{apdu}: {exc}")
            return
        if isinstance(message, zc.Ack | zc.Nak):
            return  # a late answer to an earlier command
        if isinstance(message, zc.Unexpected):
            self._count_bad(f"unexpected {apdu}")
            link.send(zc.nak_apdu(zc.RESULT_FUNCTION_NOT_POSSIBLE))
            return
        if isinstance(message, zc.Status):
            self.log.warning("status information outside a request (late result?): %s",
                             message.info)
        link.send(zc.ACK_APDU)

    # -- dialogues ------------------------------------------------------------------------

    def _converse(self, link: zc.Link, command: zc.Apdu, *, reference: str | None = None,
                  abortable: bool = False) -> _Dialogue:
        dialogue = _Dialogue()
        try:
            link.discard_stale()
            dialogue.sent = True  # from here on the command may reach the terminal
            self.log.debug("-> %s", command)
            link.send(command)
            self._await_ack(link, dialogue, reference)
            self._follow(link, dialogue, reference, abortable)
        except _LINK_ERRORS as exc:
            self.log.warning("link error during %s: %s", command, exc)
            dialogue.end, dialogue.error = "link_lost", exc
            self._link_error = exc
        return dialogue

    def _await_ack(self, link: zc.Link, dialogue: _Dialogue, reference: str | None) -> None:
        deadline = time.monotonic() + self.settings.ack_timeout_s
        while dialogue.end == "running":
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._stop.is_set():
                dialogue.end = "no_ack" if remaining <= 0 else "stopped"
                return
            apdu = link.recv(min(remaining, self.settings.poll_s))
            if apdu is None:
                continue
            try:
                message = zc.decode_pt_message(apdu)
            except zc.ZvtProtocolError as exc:
                self._count_bad(f"{apdu}: {exc}")
                continue
            if isinstance(message, zc.Ack):
                dialogue.end = "acked"
            elif isinstance(message, zc.Nak):
                dialogue.end, dialogue.code = "refused", message.code
            else:  # the terminal went straight on: its message implies the acknowledgement
                dialogue.end = "acked"
                self._take(link, dialogue, apdu, message, reference)

    def _follow(self, link: zc.Link, dialogue: _Dialogue, reference: str | None,
                abortable: bool) -> None:
        deadline = time.monotonic() + self.settings.result_timeout_s
        abort_sent = False
        while dialogue.end == "acked":
            if abortable and not abort_sent and self._abort_requested.is_set():
                self.log.info("-> 06 B0 (abort)")
                link.send(zc.ECR_ABORT_APDU)
                abort_sent = True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._stop.is_set():
                dialogue.end = "timeout" if remaining <= 0 else "stopped"
                return
            apdu = link.recv(min(remaining, self.settings.poll_s))
            if apdu is None:
                continue
            try:
                message = zc.decode_pt_message(apdu)
            except zc.ZvtProtocolError as exc:
                self._count_bad(f"{apdu}: {exc}")
                if apdu.control == zc.Cmd.STATUS_INFORMATION:
                    dialogue.status_unreadable = True
                link.send(zc.ACK_APDU)
                continue
            self._take(link, dialogue, apdu, message, reference)

    def _take(self, link: zc.Link, dialogue: _Dialogue, apdu: zc.Apdu, message: zc.PtMessage,
              reference: str | None) -> None:
        """Act on one message of the terminal inside a dialogue."""
        self.log.debug("<- %s", apdu)
        if isinstance(message, zc.Ack | zc.Nak):
            return  # the answer to our 06 B0; nothing to acknowledge
        if isinstance(message, zc.Unexpected):
            self._count_bad(f"unexpected {apdu}")
            link.send(zc.nak_apdu(zc.RESULT_FUNCTION_NOT_POSSIBLE))
            return
        link.send(zc.ACK_APDU)
        if isinstance(message, zc.Intermediate):
            self.publish(PaymentEvent(self.device_id, "progress", message.text, {
                "code": f"{message.code:02X}", "reference": reference}))
        elif isinstance(message, zc.Status):
            dialogue.status = message.info
            if message.info.problem:
                self._count_bad(f"status information: {message.info.problem}")
        elif isinstance(message, zc.PrintLine):
            dialogue.lines.extend(message.lines())
        elif isinstance(message, zc.TextBlock):
            dialogue.lines.extend(message.lines)
        elif isinstance(message, zc.Completion):
            dialogue.end = "completion"
        else:
            dialogue.end, dialogue.code = "abort", message.code

    # -- the operations, on the worker thread ------------------------------------------

    def _register_on(self, link: zc.Link) -> None:
        settings = self.settings
        command = zc.registration(settings.password, settings.config_byte,
                                  _currency_numeric(settings.currency), settings.service_byte)
        dialogue = self._converse(link, command)
        self._raise_for_failure(dialogue, "registration")
        if dialogue.end != "completion":
            raise PaymentError(f"registration refused ({_hex(dialogue.code)})",
                               code="PAYMENT_REGISTRATION_REFUSED")
        self._set_health(Health.ONLINE)

    def _authorize_on(self, link: zc.Link, amount: int, currency: str, numeric: int,
                      reference: str) -> PaymentOutcome:
        with self._guard:
            if self._in_doubt is not None:
                raise PaymentInDoubt(f"payment {self._in_doubt.reference!r} is in doubt")
        self.log.info("authorize %d %s (%s)", amount, currency, reference)
        dialogue = self._converse(link, zc.authorization(amount, numeric), reference=reference,
                                  abortable=True)
        if not dialogue.sent:
            raise _NotSent(f"authorization not sent: {dialogue.error}")
        outcome = _outcome(dialogue, requested=amount, currency=currency, reference=reference)
        return self._settle("authorize", outcome)

    def _reverse_on(self, link: zc.Link, receipt_no: int, amount: int) -> PaymentOutcome:
        self.log.info("reverse receipt %04d (%d)", receipt_no, amount)
        dialogue = self._converse(link, zc.reversal(self.settings.password, receipt_no))
        if not dialogue.sent:
            raise _NotSent(f"reversal not sent: {dialogue.error}")
        outcome = _outcome(dialogue, requested=None, currency=None, reference=None)
        if outcome.status == "approved" and outcome.amount not in (None, amount):
            self.log.warning("terminal reversed %s, the lane expected %d", outcome.amount, amount)
        return self._settle("reverse", outcome)

    def _query_on(self, link: zc.Link) -> PaymentOutcome | None:
        command = zc.repeat_receipt(self.settings.password,
                                    self.settings.repeat_receipt_service_byte)
        dialogue = self._converse(link, command)
        self._raise_for_failure(dialogue, "the query for the last transaction")
        if dialogue.end == "refused":
            raise PaymentError(f"terminal refused Repeat Receipt (84 {_hex(dialogue.code)})")
        if dialogue.status is None:
            self.log.warning("terminal reports no last transaction (%s %s)", dialogue.end,
                             _hex(dialogue.code))
            return None
        outcome = _outcome(dialogue, requested=None, currency=None, reference=None,
                           status_only=True)
        with self._guard:
            if outcome.final and self._in_doubt is not None:
                self.log.info("in-doubt payment %s: terminal's last transaction is %s %s",
                              self._in_doubt.reference, outcome.status, outcome.receipt_no)
                self._in_doubt = None
        self.publish(PaymentEvent(self.device_id, outcome.status, outcome.text,
                                  {"operation": "query_last", **outcome.details()}))
        return outcome

    def _raise_for_failure(self, dialogue: _Dialogue, what: str) -> None:
        if not dialogue.sent:
            raise _NotSent(f"{what} not sent: {dialogue.error}")
        if dialogue.end == "link_lost":
            raise DeviceOffline(f"link lost during {what}: {dialogue.error}")
        if dialogue.end in ("no_ack", "timeout", "stopped"):
            raise DeviceTimeout(f"no answer to {what} ({dialogue.end})")

    def _settle(self, operation: str, outcome: PaymentOutcome) -> PaymentOutcome:
        if not outcome.final:
            with self._guard:
                self._in_doubt = outcome
            self.log.error("%s %s is in doubt: %s", operation, outcome.reference, outcome.text)
        else:
            self.log.info("%s %s: %s %s", operation, outcome.reference, outcome.status,
                          outcome.text)
        if outcome.print_lines:
            self.publish(PaymentEvent(self.device_id, "print", "\n".join(outcome.print_lines), {
                "lines": list(outcome.print_lines), "reference": outcome.reference}))
        self.publish(PaymentEvent(self.device_id, outcome.status, outcome.text,
                                  {"operation": operation, **outcome.details()}))
        return outcome


# -- from a dialogue to an outcome ---------------------------------------------------------


def _hex(code: int | None) -> str:
    return "--" if code is None else f"{code:02X}"


def _currency_numeric(currency: str) -> int:
    try:
        return zc.CURRENCY_NUMERIC[currency.upper()]
    except KeyError:
        raise PaymentRequestError(f"currency {currency!r} is not supported") from None


def _verdict(dialogue: _Dialogue, requested: int | None,
             status_only: bool) -> tuple[PaymentStatus, int | None, str]:
    """(status, result code, text) -- ``unknown`` whenever the terminal did not say clearly."""
    info = dialogue.status
    if dialogue.end in _UNKNOWN_ENDS:
        return "unknown", None, _UNKNOWN_ENDS[dialogue.end]
    if dialogue.end == "refused":
        text = f"the terminal refused the request (84 {_hex(dialogue.code)})"
        return "aborted", dialogue.code, text
    if dialogue.status_unreadable:
        return "unknown", None, "the terminal's status information could not be read"
    result = info.result_code if info is not None else None
    if dialogue.end == "abort" and not status_only:
        if result == zc.RESULT_OK:
            return "unknown", dialogue.code, "the terminal reported approval, then aborted"
        result = dialogue.code
    if result is None:
        return "unknown", None, "the terminal ended without a result"
    if result == zc.RESULT_OK:
        reported = info.amount if info is not None else None
        if requested is not None and reported is not None and reported != requested:
            return "unknown", result, f"the terminal approved {reported}, not {requested}"
        return "approved", result, "approved"
    status: PaymentStatus = "aborted" if result == zc.RESULT_ABORTED else "declined"
    return status, result, zc.RESULT_TEXTS.get(result, f"result code {result:02X}")


def _outcome(dialogue: _Dialogue, *, requested: int | None, currency: str | None,
             reference: str | None, status_only: bool = False) -> PaymentOutcome:
    status, code, text = _verdict(dialogue, requested, status_only)
    info = dialogue.status or zc.StatusInfo()
    card_type = info.card_name or (zc.CARD_TYPES.get(info.card_type_id)
                                   if info.card_type_id is not None else None)
    reported_currency = (zc.CURRENCY_ALPHA.get(info.currency, str(info.currency))
                         if info.currency is not None else None)
    return PaymentOutcome(
        status=status, amount=info.amount if info.amount is not None else requested,
        currency=reported_currency or currency, result_code=None if code is None else _hex(code),
        text=text, masked_pan=info.masked_pan, card_type=card_type, receipt_no=info.receipt_no,
        trace_no=info.trace_no, terminal_id=info.terminal_id, at=info.timestamp(),
        print_lines=tuple(dialogue.lines), reference=reference)
