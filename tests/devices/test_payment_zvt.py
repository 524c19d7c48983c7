"""The ZVT driver against the ZVT simulator, over TCP (bare APDUs) and over a pty (framed)."""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import DeviceOffline, DeviceStateError
from devices.events import DeviceEvent, EventBus, Health, HealthEvent, PaymentEvent
from devices.payment import (
    DuplicateReference,
    PaymentInDoubt,
    PaymentRequestError,
    PaymentTerminal,
)
from devices.payment import zvt_codec as zc
from devices.payment.sim_zvt import ZvtSimulator
from devices.payment.zvt import Framing, ZvtSettings, ZvtTerminal
from devices.simlink import PtyEndpoint, TcpEndpoint
from devices.worker import Backoff

WAIT = 5.0  # generous; normally not reached
KINDS = ["tcp", "pty"]


@dataclass
class Rig:
    sim: ZvtSimulator
    terminal: ZvtTerminal
    bus: EventBus

    def wait_online(self) -> None:
        self.bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.ONLINE, WAIT)

    def drain(self) -> list[DeviceEvent]:
        events = []
        with contextlib.suppress(queue.Empty):
            while True:
                events.append(self.bus.get(timeout=0))
        return events


@contextlib.contextmanager
def rig(kind: str, tmp_path, **settings: float) -> Iterator[Rig]:
    endpoint = TcpEndpoint() if kind == "tcp" else PtyEndpoint(tmp_path / "ttyZVT")
    sim = ZvtSimulator(endpoint).start()
    bus = EventBus()
    options = {"ack_timeout_s": 1.0, "result_timeout_s": 5.0, **settings}
    terminal = ZvtTerminal("card1", bus.publish, endpoint.url, settings=ZvtSettings(**options),
                           backoff=Backoff(initial_s=0.05, max_s=0.2))
    terminal.start()
    try:
        r = Rig(sim, terminal, bus)
        r.wait_online()
        yield r
    finally:
        terminal.close()
        sim.stop()
        endpoint.close()


@pytest.fixture(params=KINDS)
def setup(request, tmp_path) -> Iterator[Rig]:
    with rig(request.param, tmp_path) as r:
        yield r


def test_framing_follows_the_url(setup):
    expected = Framing.BARE if setup.terminal.url.startswith("socket://") else Framing.FRAMED
    assert setup.terminal.framing is expected
    assert isinstance(setup.terminal, PaymentTerminal)
    assert setup.sim.registered.wait(WAIT)  # set once the driver acknowledged the completion


def test_approve(setup):
    outcome = setup.terminal.authorize(1234, "EUR", reference="T1-1")
    assert outcome.status == "approved"
    assert (outcome.amount, outcome.currency, outcome.result_code) == (1234, "EUR", "00")
    assert outcome.masked_pan == "672559******1234"
    assert outcome.card_type == "girocard"
    assert (outcome.receipt_no, outcome.trace_no) == ("0001", "000001")
    assert outcome.terminal_id == "52500001"
    assert outcome.at is not None
    assert "Amount EUR 12.34" in outcome.print_lines
    assert outcome.reference == "T1-1"
    assert [e.receipt_no for e in setup.sim.charges] == ["0001"]
    events = setup.drain()
    payment = [e for e in events if isinstance(e, PaymentEvent)]
    assert [e.kind for e in payment] == ["progress", "print", "approved"]
    assert payment[0].message == "insert card"
    assert payment[0].details["reference"] == "T1-1"
    assert payment[-1].details["operation"] == "authorize"
    assert payment[-1].details["receipt_no"] == "0001"
    # Receipt and trace numbers count up.
    second = setup.terminal.authorize(100, "EUR", reference="T1-2")
    assert (second.receipt_no, second.trace_no) == ("0002", "000002")


def test_decline_with_result_code(setup):
    setup.sim.decline_next(0x51)
    outcome = setup.terminal.authorize(99_00, "EUR", reference="T2")
    assert (outcome.status, outcome.result_code) == ("declined", "51")
    assert outcome.text == "insufficient funds"
    assert outcome.receipt_no is None
    assert outcome.masked_pan == "672559******1234"
    assert setup.sim.charges == []
    assert setup.terminal.in_doubt is None


def test_slow_shopper_reports_progress(setup):
    setup.sim.slow_next(steps=4, step_s=0.2)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(setup.terminal.authorize, 500, "EUR", reference="T3")
        first = setup.bus.wait_for(lambda e: isinstance(e, PaymentEvent), WAIT)
        assert (first.kind, first.message) == ("progress", "insert card")
        outcome = future.result(WAIT)
    assert outcome.status == "approved"
    progress = [e for e in setup.drain() if isinstance(e, PaymentEvent) and e.kind == "progress"]
    assert [e.details["code"] for e in progress] == ["01", "0E", "04"]


def test_silent_terminal_gives_unknown_within_the_timeout(setup):
    setup.terminal.authorize(100, "EUR", reference="T4-paid")
    setup.sim.silent_next()
    started = time.monotonic()
    outcome = setup.terminal.authorize(250, "EUR", reference="T4")
    assert outcome.status == "unknown"
    assert time.monotonic() - started < 1.0 + 1.0  # ack_timeout_s plus slack
    assert outcome.text == "the terminal did not acknowledge the request"
    assert setup.terminal.in_doubt == outcome
    with pytest.raises(PaymentInDoubt):
        setup.terminal.authorize(250, "EUR", reference="T4-again")
    # The terminal's last transaction is the earlier payment: T4 was not charged.
    last = setup.terminal.query_last()
    assert last is not None
    assert (last.status, last.receipt_no, last.amount) == (
        "approved", "0001", 100)
    assert len(setup.sim.charges) == 1
    assert setup.terminal.in_doubt is None


@pytest.mark.parametrize("kind", KINDS)
def test_acknowledged_but_no_result_times_out(kind, tmp_path):
    with rig(kind, tmp_path, result_timeout_s=0.6) as r:
        r.sim.silent_next(ack_command=True)
        started = time.monotonic()
        outcome = r.terminal.authorize(250, "EUR", reference="T5")
        assert outcome.status == "unknown"
        assert outcome.text == "the terminal's result did not arrive in time"
        assert time.monotonic() - started < 0.6 + 1.0
        assert r.terminal.query_last() is None  # the terminal has no last transaction
        assert r.terminal.in_doubt is not None  # so nothing is proven: a person decides
        r.terminal.acknowledge_in_doubt()
        assert r.terminal.authorize(250, "EUR", reference="T5-2").status == "approved"


def test_terminal_abort(setup):
    setup.sim.abort_next()
    outcome = setup.terminal.authorize(700, "EUR", reference="T6")
    assert (outcome.status, outcome.result_code) == ("aborted", "6C")
    assert setup.sim.charges == []


def test_ecr_abort_while_the_shopper_is_at_the_terminal(setup):
    setup.sim.slow_next(steps=20, step_s=0.2)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(setup.terminal.authorize, 800, "EUR", reference="T7")
        setup.bus.wait_for(lambda e: isinstance(e, PaymentEvent) and e.kind == "progress", WAIT)
        setup.terminal.abort()
        outcome = future.result(WAIT)
    assert (outcome.status, outcome.result_code) == ("aborted", "6C")
    assert zc.Cmd.ECR_ABORT in setup.sim.received
    assert setup.sim.charges == []


def test_link_drop_after_approval_then_query_last(setup):
    setup.sim.drop_after_approval_next(replug_after_s=0.2)
    outcome = setup.terminal.authorize(4321, "EUR", reference="T8")
    assert outcome.status == "unknown"
    assert outcome.reference == "T8"
    # The driver reconnects by itself; the terminal DID approve.
    setup.bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.OFFLINE, WAIT)
    setup.wait_online()
    last = setup.terminal.query_last()
    assert last is not None
    assert last.status == "approved"
    charge = setup.sim.charges[0]
    assert (last.receipt_no, last.amount, last.masked_pan) == (charge.receipt_no, 4321,
                                                               "672559******1234")
    assert last.print_lines[0] == "CARD PAYMENT (COPY)"
    # Never charged twice: the same reference is refused, and the terminal saw one 06 01.
    with pytest.raises(DuplicateReference):
        setup.terminal.authorize(4321, "EUR", reference="T8")
    assert len(setup.sim.charges) == 1
    assert setup.sim.authorizations_received == 1


def test_ecr_hangs_up_mid_dialogue_over_tcp_and_a_new_ecr_is_served_at_once(tmp_path):
    """A TCP dialogue dies with its connection: the terminal books the payment on its own
    and does not pour the old dialogue's messages into the next ECR's connection."""
    endpoint = TcpEndpoint()
    sim = ZvtSimulator(endpoint).start()
    buses = [EventBus(), EventBus()]
    fast = Backoff(initial_s=0.05, max_s=0.2)
    settings = ZvtSettings(ack_timeout_s=1.0, result_timeout_s=5.0)
    first = ZvtTerminal("card1", buses[0].publish, endpoint.url, settings=settings, backoff=fast)
    second = ZvtTerminal("card1", buses[1].publish, endpoint.url, settings=settings, backoff=fast)
    try:
        first.start()
        assert sim.registered.wait(WAIT)
        sim.slow_next(steps=6, step_s=0.2)
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(first.authorize, 115, "EUR", reference="T-hangup")
            buses[0].wait_for(lambda e: isinstance(e, PaymentEvent) and e.kind == "progress",
                              WAIT)
            first.close()  # the lane process dies while the shopper is at the terminal
            assert future.result(WAIT).status == "unknown"
        sim.registered.clear()
        started = time.monotonic()
        second.start()
        buses[1].wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.ONLINE,
                          WAIT)
        assert sim.registered.wait(WAIT)
        # Served without waiting for the old dialogue's acknowledgements (5 s each).
        assert time.monotonic() - started < 2.0
        last = second.query_last()
        assert last is not None
        assert (last.status, last.amount) == ("approved", 115)
        assert [c.amount for c in sim.charges] == [115]
        assert second.bad_frames == 0  # nothing of the old dialogue reached the new ECR
    finally:
        second.close()
        first.close()
        sim.stop()
        endpoint.close()


def test_reversal(setup):
    paid = setup.terminal.authorize(1500, "EUR", reference="T9")
    assert paid.receipt_no is not None
    reversed_ = setup.terminal.reverse(paid.receipt_no, 1500)
    assert (reversed_.status, reversed_.amount) == ("approved", 1500)
    assert reversed_.receipt_no == "0002"
    entry = setup.sim.ledger[-1]
    assert (entry.kind, entry.reverses, entry.amount) == ("reversal", paid.receipt_no, 1500)
    again = setup.terminal.reverse(paid.receipt_no, 1500)
    assert (again.status, again.result_code) == ("declined", "B4")
    events = [e for e in setup.drain() if isinstance(e, PaymentEvent) and e.kind != "progress"]
    assert [e.details.get("operation") for e in events if e.kind != "print"] == [
        "authorize", "reverse", "reverse"]


def test_same_reference_is_never_sent_twice(setup):
    setup.terminal.authorize(100, "EUR", reference="T10")
    with pytest.raises(DuplicateReference):
        setup.terminal.authorize(100, "EUR", reference="T10")
    assert setup.sim.authorizations_received == 1


@pytest.mark.parametrize("kind", KINDS)
def test_offline_terminal_sends_nothing_and_keeps_the_reference_usable(kind, tmp_path):
    with rig(kind, tmp_path, connect_wait_s=0.3) as r:
        r.sim.endpoint.unplug()
        r.bus.wait_for(lambda e: isinstance(e, HealthEvent) and e.health is Health.OFFLINE, WAIT)
        with pytest.raises(DeviceOffline):
            r.terminal.authorize(300, "EUR", reference="T11")
        r.sim.endpoint.replug()
        r.wait_online()
        assert r.terminal.authorize(300, "EUR", reference="T11").status == "approved"
        assert r.sim.authorizations_received == 1


def test_garbage_and_partial_frames_are_counted_and_survived(setup):
    if setup.terminal.framing is Framing.FRAMED:
        # A frame cut off mid-way, line noise, then a frame with a wrong CRC.
        garbage = b"\x10\x02\x04\xff" + b"\x00\xff" + b"\x10\x02\x06\x01\x10\x03\x00\x00"
    else:
        garbage = bytes.fromhex("ff ee 02 01 02")  # a whole APDU nobody expects
    setup.sim.inject(garbage)
    expected = 2 if setup.terminal.framing is Framing.FRAMED else 1
    assert setup.terminal.wait_for_bad_frames(expected, WAIT)
    outcome = setup.terminal.authorize(1000, "EUR", reference="T12")
    assert outcome.status == "approved"
    assert setup.terminal.bad_frames >= 1


def test_bad_requests_are_refused_before_anything_is_sent():
    terminal = ZvtTerminal("card9", EventBus().publish, "socket://127.0.0.1:9")
    with pytest.raises(PaymentRequestError):
        terminal.authorize(0, "EUR", reference="R1")
    with pytest.raises(PaymentRequestError):
        terminal.authorize(100, "XYZ", reference="R1")
    with pytest.raises(PaymentRequestError):
        terminal.reverse("12345", 100)
    with pytest.raises(DeviceStateError):  # not enabled
        terminal.authorize(100, "EUR", reference="R1")
    assert terminal.framing is Framing.BARE
    assert ZvtTerminal("card9", EventBus().publish, "/dev/ttyUSB0").framing is Framing.FRAMED


class ScriptedLink:
    """A link whose terminal says the scripted APDUs, in order, then nothing."""

    def __init__(self, *apdus: zc.Apdu) -> None:
        self.incoming = list(apdus)
        self.sent: list[zc.Apdu] = []
        self.bad_frames = 0

    def send(self, apdu: zc.Apdu) -> None:
        self.sent.append(apdu)

    def recv(self, timeout: float) -> zc.Apdu | None:
        return self.incoming.pop(0) if self.incoming else None

    def discard_stale(self) -> int:
        return 0


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=120))
def test_fuzz_driver_survives_any_message(cls, instr, data):
    """Any APDU, idle or inside a payment, is answered or counted; nothing escapes."""
    fast = ZvtSettings(ack_timeout_s=0.01, result_timeout_s=0.01, poll_s=0.001)
    terminal = ZvtTerminal("fuzz", EventBus().publish, "socket://127.0.0.1:9", settings=fast)
    stranger = zc.Apdu(cls, instr, data)
    terminal._unsolicited(ScriptedLink(), stranger)
    link = ScriptedLink(zc.ACK_APDU, stranger, zc.completion())
    dialogue = terminal._converse(link, zc.authorization(100, 978), abortable=True)
    assert dialogue.end in ("completion", "abort", "refused", "timeout")
    assert link.sent[0] == zc.authorization(100, 978)
