"""The lane's shell: the core, the devices and the clocks, on the lane's own thread.

Everything that touches storage or a device happens here, never on the UI
thread.  The lane thread takes one item at a time from its queue: a device
event (a scan, a stable weight, a terminal's answer), an intent from the
screen (the shopper pressed pay), or a timer firing.  After each it builds a
``LaneView`` and hands it to its listeners; the Qt adapter in ``kiosk.ui``
is one of them.

The shell carries out the machine's effects: it asks the terminal to pay,
the printer to print, and feeds the answers back as events.  Slow device
calls (a payment can take a minute) run on helper threads and come back
through the same queue, so the lane keeps answering meanwhile.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from devices.events import (
    DeviceEvent,
    Health,
    HealthEvent,
    PaymentEvent,
    ScanEvent,
    WeightEvent,
    WeightStatus,
)
from kiosk.lanecore import LaneCore
from kiosk.view import DeviceView, LaneView, ScaleView, ViewContext, build_view, screen_for
from pos import barcode
from pos import events as ev
from pos.catalog import Product
from pos.errors import SCOError
from pos.interventions import Blocks, Role
from pos.messages import (
    ACTION_NEEDS,
    Action,
    Command,
    DeviceSummary,
    InterventionSummary,
    LaneStatus,
    OperatorRecord,
    Reply,
    lane_light,
)
from pos.operators import Attempts, Lockout, decoy_hash, verify_secret
from pos.payment import Tender
from pos.receipt import Receipt
from pos.transaction import Decision, State

if TYPE_CHECKING:
    from kiosk.link import LaneLink

log = logging.getLogger(__name__)

WARM_UP_AFTER_S = 1.0

BADGE_PREFIX = "OP-"  # staff badges are barcodes such as "OP-ALICE-0001" (config/README.md)

BAGGING_SCALE = "scale"  # the role (kiosk.hardware) of the scale under the bagging area


class ProduceNotWeighed(SCOError):
    """An item sold by weight was chosen or scanned, but the scale that weighs it has no weight.

    ``PRODUCE_SCALE_OFFLINE`` when that scale is not working at all.
    """

    code = "PRODUCE_NOT_WEIGHED"


class Printer(Protocol):
    def print_receipt(self, receipt: Receipt) -> None: ...


class PaymentOutcomeLike(Protocol):
    status: str
    amount: int | None
    result_code: str | None
    text: str
    masked_pan: str | None
    card_type: str | None
    receipt_no: str | None
    terminal_id: str | None


class Terminal(Protocol):
    def authorize(self, amount_minor: int, currency: str, *, reference: str) -> Any: ...

    def abort(self) -> None: ...

    def query_last(self) -> Any: ...

    def reverse(self, receipt_no: str, amount_minor: int) -> Any: ...

    def acknowledge_in_doubt(self) -> None: ...


@dataclass(frozen=True)
class Timeouts:
    bagging_s: float = 20.0
    idle_s: float = 120.0
    still_there_s: float = 60.0
    thank_you_s: float = 8.0
    in_doubt_retry_s: float = 5.0


@dataclass
class LaneDevices:
    """The lane's devices; any may be missing (a lane without a printer offers QR receipts)."""

    printer: Printer | None = None
    terminal: Terminal | None = None
    essential: frozenset[str] = frozenset({"scanner", BAGGING_SCALE})
    names: dict[str, str] = field(default_factory=dict)  # device id -> "scanner", "scale" ...
    # The role of the scale whose stable reading prices items sold by weight: the bagging
    # scale, or "scanner_scale" (a scale under the scanner, whose weight is never the bagging
    # area's).
    produce_scale: str = BAGGING_SCALE


@dataclass(frozen=True)
class _Job:
    run: Callable[[], Any]
    name: str


class _Stop:
    pass


@dataclass
class _RuledUnpaid:
    """A card payment in doubt the attendant ruled not paid, until the terminal confirms it."""

    attempt_id: int
    amount: int
    last_receipt: str  # the terminal's receipt of our card payment before this one
    checking: bool = False


Listener = Callable[[LaneView], None]


class Lane:
    """One lane: thread-safe intents in, ``LaneView`` out to listeners."""

    def __init__(self, core: LaneCore, context: ViewContext, devices: LaneDevices | None = None,
                 *, timeouts: Timeouts | None = None,
                 lookup_items: tuple[Product, ...] = ()) -> None:
        self.core = core
        self.context = context
        self.devices = devices or LaneDevices()
        self.timeouts = timeouts or Timeouts()
        self.lookup_items = lookup_items
        self._queue: queue.Queue[object] = queue.Queue()
        self._listeners: list[Listener] = []
        self._thread = threading.Thread(target=self._run, name=f"lane-{core.settings.lane_id}",
                                        daemon=True)
        self._extra: dict[str, Any] = {}  # LaneView fields the shell adds to the machine's
        self._wants_digital = False  # the shopper chose a receipt on screen, not on paper
        self.scans_taken = 0  # codes the lane has taken from its scanners (the runner waits on it)
        self._last_activity = time.monotonic()
        self._state_since = time.monotonic()
        self._last_state: State | None = None
        self._last_weight: int | None = None
        self._readings: dict[str, WeightEvent] = {}  # role -> latest reading, bagging scale aside
        self._in_doubt_retry_at: float | None = None
        self._ruled_unpaid: _RuledUnpaid | None = None
        self._ruled_check_at: float | None = None
        self.view: LaneView | None = None
        self.log = logging.LoggerAdapter(log, {"lane": core.settings.lane_id})
        # The attendant link, when the lane has one (kiosk.link); the lane never waits on it.
        self.link: LaneLink | None = None
        self._link_seq = -1
        self._state_since_wall = time.time()
        self._raised: dict[tuple[str, int], float] = {}  # (txn, intervention) -> when
        self._closed: dict[tuple[str, int], tuple[str, str, str]] = {}  # how, who, where
        self._txn_started: dict[str, float] = {}
        self._station = ""  # the station whose command is being applied
        self._totals = ("", 0, 0)  # txn, total, items as last shown: the basket as it ended
        self.lockout = Lockout()
        self._attempts: dict[str, Attempts] = {}

    # -- running ---------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def sink(self) -> Callable[[DeviceEvent], None]:
        """Where drivers publish: straight into the lane's queue."""
        return self._queue.put

    def start(self) -> None:
        self._thread.start()
        self._post(self._boot, "start")
        # The barcode tables (biip's, a tenth of a second) once the first screen is up: loaded
        # any earlier, they hold up the screen they would make no faster.  A scan that comes
        # first loads them itself.
        warm = threading.Timer(WARM_UP_AFTER_S, self._post,
                               (barcode.warm_up, "load the barcode rules"))
        warm.daemon = True
        warm.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(_Stop())
        self._thread.join(timeout)

    def call(self, fn: Callable[[], Any], name: str = "call") -> None:
        """Run ``fn`` on the lane thread (tests and tools use this to reach the core)."""
        self._post(fn, name)

    def _post(self, fn: Callable[[], Any], name: str) -> None:
        self._queue.put(_Job(fn, name))

    def _boot(self) -> None:
        decision = self.core.start()
        self._carry_out(decision)
        if self.link is not None:
            self.link.start(self._remote, lambda fn: self._post(fn, "station command"))

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self._next_timer())
            except queue.Empty:
                item = None
            if isinstance(item, _Stop):
                return
            try:
                if isinstance(item, _Job):
                    item.run()
                elif isinstance(item, DeviceEvent):
                    self._device_event(item)
                self._timers()
            except SCOError as exc:
                self.log.info("refused: %s %s", exc.code, exc.message)
                self._extra["message"] = (exc.code, exc.message)
            self._publish()

    def _publish(self) -> None:
        machine = self.core.machine
        if self._extra.get("pay_requested") and not any(
                i.blocks >= Blocks.PAYMENT for i in machine.interventions.values()):
            # What held the shopper's "pay" back is gone (the age check approved): the
            # screen that explained the wait must not come back with the next intervention.
            del self._extra["pay_requested"]
        view = build_view(self.core.machine, self.context, **self._extra,
                          operators=tuple((r.id, r.name or r.id) for r in self.operators()),
                          weighing=self._weighing())
        state = self.core.machine.state
        if state is not self._last_state:
            self._last_state = state
            self._state_since = time.monotonic()
            self._state_since_wall = time.time()
        link = self.link
        if link is not None and self.core.seq != self._link_seq:
            self._link_seq = self.core.seq
            link.journal_advanced()
        if view == self.view:
            return  # nothing the screen shows has changed (a live weight reading, a tick)
        self.view = view
        if view.txn_id:
            self._totals = (view.txn_id, view.total, view.item_count)
        for listener in self._listeners:
            listener(view)
        if link is not None:
            link.status(self.link_status())

    @property
    def screen(self) -> str:
        return screen_for(self.view) if self.view is not None else "lane_closed"

    # -- the core -----------------------------------------------------------------

    def _submit(self, event: ev.Event) -> Decision:
        decision = self.core.submit(event)
        self._carry_out(decision)
        return decision

    def _shopper(self, fn: Callable[[], Any], name: str) -> None:
        """An intent from the screen: counts as activity and clears the last notice."""

        def job() -> None:
            self._last_activity = time.monotonic()
            self._extra.pop("message", None)
            self._extra.pop("still_there", None)
            fn()

        self._post(job, name)

    # -- device events ---------------------------------------------------------------

    def _device_event(self, event: DeviceEvent) -> None:
        if isinstance(event, ScanEvent):
            self.scans_taken += 1
            self._last_activity = time.monotonic()
            self._extra.pop("message", None)
            if event.text.startswith(BADGE_PREFIX):
                self._sign_in_by_badge(event.text)
                return
            # A scanned code of an item sold by weight without a weight in it: a scanner-scale
            # weighs it; the bagging area cannot (it would take it for an unexpected item).
            weigh = None if self.devices.produce_scale == BAGGING_SCALE else self._weighed_on
            self._carry_out(self.core.scan(event.text, event.symbology, weigh=weigh))
        elif isinstance(event, WeightEvent):
            role = self.devices.names.get(event.device_id, BAGGING_SCALE)
            if role != BAGGING_SCALE:
                # The scanner-scale weighs produce to price it; the bagging area is not its
                # business, so its readings are kept aside, never fed to the machine.
                self._readings[role] = event
                if self.core.machine.state is State.PRODUCE_LOOKUP:
                    self._publish()  # the look-up screen shows the weight as it settles
            elif event.stable and event.grams is not None and event.grams != self._last_weight:
                self._last_weight = event.grams
                self._submit(ev.WeightChanged(event.grams))
        elif isinstance(event, HealthEvent):
            self._health(event)
        elif isinstance(event, PaymentEvent) and event.kind == "progress":
            self.context.progress = event.message

    def _health(self, event: HealthEvent) -> None:
        name = self.devices.names.get(event.device_id, event.device_id)
        self.context.devices[name] = DeviceView(name, event.health.value, event.code,
                                                event.reason)
        if event.health is Health.ONLINE:
            if any(i.kind.value == "device_fault" and i.explanation.get("device") == name
                   for i in self.core.machine.interventions.values()):
                self._submit(ev.DeviceRestored(name))
        else:
            self._submit(ev.DeviceFaulted(name, event.code or "DEVICE_OFFLINE",
                                          event.reason, name in self.devices.essential))

    # -- effects --------------------------------------------------------------------

    def _carry_out(self, decision: Decision) -> None:
        for effect in decision.effects:
            if isinstance(effect, ev.AuthorizePayment):
                self._pay(effect)
            elif isinstance(effect, ev.AbortPayment):
                self._in_background(self._abort, "abort payment")
            elif isinstance(effect, ev.QueryPayment):
                self._in_background(functools.partial(self._query, effect), "query payment")
            elif isinstance(effect, ev.ReversePayment):
                self._in_background(functools.partial(self._reverse, effect), "reverse")
            elif isinstance(effect, ev.IssueReceipt):
                self._receipt(effect)
            elif isinstance(effect, ev.TransactionStarted):
                self._extra = {k: v for k, v in self._extra.items()
                               if k in ("high_contrast", "large_text", "spoken")}
                self._wants_digital = False  # the last shopper's wish is not this one's
            elif isinstance(effect, ev.InDoubtSettled):
                self._release_in_doubt(effect)
            elif isinstance(effect, ev.CallAttendant):
                self.log.info("attendant called: %s", effect.intervention)
            self._note_for_station(effect)

    def _note_for_station(self, effect: ev.Effect) -> None:
        if isinstance(effect, ev.CallAttendant):
            self._intervention_opened(effect)
        elif isinstance(effect, ev.InterventionClosed):
            self._intervention_closed(effect)
        elif isinstance(effect, ev.TransactionStarted):
            self._txn_started[effect.txn_id] = time.time()
        elif isinstance(effect, ev.TransactionEnded):
            self._transaction_ended(effect)

    def _in_background(self, fn: Callable[[], None], name: str) -> None:
        threading.Thread(target=fn, name=f"{self.core.settings.lane_id}-{name}",
                         daemon=True).start()

    def _pay(self, effect: ev.AuthorizePayment) -> None:
        terminal = self.devices.terminal
        if terminal is None or effect.tender is not Tender.CARD:
            self._post(lambda: self._submit(ev.PaymentAborted(
                effect.attempt_id, "", "no card terminal on this lane")), "no terminal")
            return
        reference = f"{self.core.machine.txn_id}/{effect.attempt_id}"
        self.context.progress = ""

        def run() -> None:
            try:
                outcome = terminal.authorize(effect.amount, effect.currency, reference=reference)
            except SCOError as exc:  # nothing reached the terminal
                why = f"{exc.code}: {exc.message}"
                self._post(lambda: self._submit(ev.PaymentAborted(effect.attempt_id, "", why)),
                           "payment refused")
                return
            self._post(lambda: self._settle(effect.attempt_id, outcome), "payment outcome")

        self._in_background(run, "authorize")

    def _settle(self, attempt_id: int, outcome: Any, *, from_query: bool = False) -> None:
        status = outcome.status
        if from_query and status == "approved" and not self._is_ours(attempt_id, outcome):
            # The terminal's last transaction is an earlier one: ours never completed there.
            self._submit(ev.PaymentAborted(attempt_id, outcome.result_code or "",
                                           "the terminal has no record of this payment"))
            return
        if status == "approved":
            self._submit(ev.PaymentApproved(
                attempt_id, outcome.amount if outcome.amount is not None else
                self.core.machine.due, outcome.result_code or "00", outcome.masked_pan,
                outcome.card_type, outcome.receipt_no, outcome.terminal_id))
        elif status == "declined":
            self._submit(ev.PaymentDeclined(attempt_id, outcome.result_code or "",
                                            outcome.text))
        elif status == "aborted":
            self._submit(ev.PaymentAborted(attempt_id, outcome.result_code or "",
                                           outcome.text))
        else:
            unsettled = self.core.machine.ledger.unsettled
            if unsettled is not None and unsettled.attempt_id == attempt_id:
                if self.core.machine.state is State.PAYMENT_IN_DOUBT:
                    self._in_doubt_retry_at = time.monotonic() + self.timeouts.in_doubt_retry_s
                else:
                    self._submit(ev.PaymentOutcomeUnknown(attempt_id, outcome.text))

    def _is_ours(self, attempt_id: int, outcome: Any) -> bool:
        """Whether the terminal's last transaction is the attempt in doubt, not an earlier one."""
        machine = self.core.machine
        attempt = machine.ledger.get(attempt_id)
        if attempt is None:
            return False
        if outcome.receipt_no and outcome.receipt_no == machine.last_terminal_receipt:
            return False
        return outcome.amount is None or outcome.amount == attempt.amount

    def _abort(self) -> None:
        terminal = self.devices.terminal
        if terminal is not None:
            try:
                terminal.abort()
            except SCOError as exc:
                self.log.warning("abort failed: %s", exc)

    def _query(self, effect: ev.QueryPayment) -> None:
        terminal = self.devices.terminal
        outcome = None
        if terminal is not None:
            try:
                outcome = terminal.query_last()
            except SCOError as exc:
                self.log.warning("query failed: %s", exc)
        if outcome is None or outcome.status == "unknown":
            def retry() -> None:
                self._in_doubt_retry_at = time.monotonic() + self.timeouts.in_doubt_retry_s

            self._post(retry, "query again later")
            return
        self._post(lambda: self._settle(effect.attempt_id, outcome, from_query=True),
                   "query outcome")

    def _reverse(self, effect: ev.ReversePayment) -> None:
        terminal = self.devices.terminal
        attempt = self.core.machine.ledger.get(effect.attempt_id)
        if terminal is None or attempt is None or attempt.receipt_no is None:
            return
        try:
            outcome = terminal.reverse(attempt.receipt_no, effect.amount)
        except SCOError as exc:
            self.log.warning("reversal failed: %s", exc)
            return
        if outcome.status == "approved":
            self._post(lambda: self._submit(ev.PaymentReversed(effect.attempt_id)), "reversed")

    def _release_in_doubt(self, effect: ev.InDoubtSettled) -> None:
        """An attendant settled the payment in doubt.

        Ruled paid: the driver stops holding it, so the terminal takes the next payment.
        Ruled not paid: the shopper will pay again, so the lane first asks the terminal once
        more (and again until it answers): a charge it did make for this attempt after all
        is taken back, and the shopper is never charged twice.  The journal keeps the
        attendant's ruling; the terminal's own journal shows the charge and its reversal.
        """
        self._in_doubt_retry_at = None
        self.log.warning("payment %d in doubt settled by the attendant as %s", effect.attempt_id,
                         "paid" if effect.paid else "not paid")
        terminal = self.devices.terminal
        if terminal is None:
            return
        attempt = self.core.machine.ledger.get(effect.attempt_id)
        if effect.paid or attempt is None:
            terminal.acknowledge_in_doubt()
            return
        self._ruled_unpaid = _RuledUnpaid(effect.attempt_id, attempt.amount,
                                          self.core.machine.last_terminal_receipt)
        self._check_ruled_unpaid()

    def _check_ruled_unpaid(self) -> None:
        ruled, terminal = self._ruled_unpaid, self.devices.terminal
        if ruled is None or terminal is None or ruled.checking:
            return
        ruled.checking = True

        def check() -> None:
            try:
                outcome = terminal.query_last()  # None: the terminal has no last transaction
            except SCOError as exc:
                self.log.warning("terminal not answering about payment %d: %s",
                                 ruled.attempt_id, exc)
                self._post(lambda: self._ruled_unpaid_answered(ruled, None, answered=False),
                           "terminal silent")
                return
            self._post(lambda: self._ruled_unpaid_answered(ruled, outcome), "terminal checked")

        self._in_background(check, "check ruled unpaid")

    def _ruled_unpaid_answered(self, ruled: _RuledUnpaid, outcome: Any, *,
                               answered: bool = True) -> None:
        ruled.checking = False
        terminal = self.devices.terminal
        if ruled is not self._ruled_unpaid or terminal is None:
            return
        if not answered or (outcome is not None and outcome.status == "unknown"):
            self._ruled_check_at = time.monotonic() + self.timeouts.in_doubt_retry_s
            return
        self._ruled_unpaid = None
        terminal.acknowledge_in_doubt()
        receipt_no = outcome.receipt_no if outcome is not None else None
        charged = (outcome is not None and outcome.status == "approved" and bool(receipt_no)
                   and receipt_no != ruled.last_receipt
                   and (outcome.amount is None or outcome.amount == ruled.amount))
        if not charged or receipt_no is None:
            self.log.info("terminal confirms payment %d was not charged", ruled.attempt_id)
            return
        amount = outcome.amount if outcome.amount is not None else ruled.amount
        self.log.warning("payment %d, ruled not paid, was charged after all (terminal receipt "
                         "%s, %d): taking it back", ruled.attempt_id, receipt_no, amount)

        def reverse() -> None:
            try:
                result = terminal.reverse(receipt_no, amount)
            except SCOError as exc:
                result = None
                self.log.error("could not reverse terminal receipt %s (%d): %s; refund it by "
                               "hand", receipt_no, amount, exc)
            if result is not None and result.status == "approved":
                self.log.warning("terminal receipt %s reversed: payment %d was not taken",
                                 receipt_no, ruled.attempt_id)
            elif result is not None:
                self.log.error("terminal refused to reverse receipt %s (%d): %s; refund it by "
                               "hand", receipt_no, amount, result.text)

        self._in_background(reverse, "reverse ruled unpaid")

    def _receipt(self, effect: ev.IssueReceipt) -> None:
        receipt = self.core.receipt(effect.txn_id, reprint=effect.reprint)
        printer = self.devices.printer
        if effect.reprint:
            if printer is not None:
                self._in_background(lambda: self._print(receipt, reprint=True), "reprint")
            return
        if printer is None or self._wants_digital:
            self._wants_digital = False
            self._digital(receipt)
            return
        self._extra["receipt_printed"] = None
        self._in_background(lambda: self._print(receipt), "print")

    def _print(self, receipt: Receipt, *, reprint: bool = False) -> None:
        printer = self.devices.printer
        assert printer is not None
        try:
            printer.print_receipt(receipt)
        except SCOError as exc:
            self.log.warning("receipt not printed: %s %s", exc.code, exc.message)
            code = exc.code
            if not reprint:
                self._post(lambda: self._digital(receipt, code), "digital receipt")
            return
        if not reprint:
            def printed() -> None:
                self._extra["receipt_printed"] = True
                if self.core.machine.state is State.PAID:
                    self._submit(ev.ReceiptIssued(digital=False))

            self._post(printed, "printed")

    def _digital(self, receipt: Receipt, reason: str = "") -> None:
        self._extra["receipt_qr"] = receipt.qr_payload
        self._extra["receipt_printed"] = False
        if reason:
            self._extra["message"] = (reason, "The printer cannot print: here is your receipt.")
        if self.core.machine.state is State.PAID:
            self._submit(ev.ReceiptIssued(digital=True))

    # -- clocks -----------------------------------------------------------------------

    def _next_timer(self) -> float:
        return 0.25  # timeouts are seconds long: a quarter-second tick is precise enough

    def _timers(self) -> None:
        machine = self.core.machine
        now = time.monotonic()
        in_state = now - self._state_since
        idle = now - self._last_activity
        state = machine.state
        if state is State.AWAITING_BAGGING and in_state >= self.timeouts.bagging_s:
            self._state_since = now
            self._submit(ev.BaggingTimedOut())
        elif state is State.RECEIPT and in_state >= self.timeouts.thank_you_s:
            self._submit(ev.VisitEnded())
        elif state in (State.SCANNING, State.PRODUCE_LOOKUP, State.PAYMENT):
            if machine.basket.is_empty() and idle >= self.timeouts.idle_s:
                self._last_activity = now
                self._submit(ev.IdleTimedOut())
            elif not machine.basket.is_empty() and idle >= self.timeouts.still_there_s:
                if not self._extra.get("still_there"):
                    self._extra["still_there"] = True
                elif idle >= self.timeouts.still_there_s + self.timeouts.idle_s:
                    self._last_activity = now
                    self._submit(ev.IdleTimedOut())
        if self._ruled_check_at is not None and now >= self._ruled_check_at:
            self._ruled_check_at = None
            self._check_ruled_unpaid()
        if self._in_doubt_retry_at is not None and now >= self._in_doubt_retry_at:
            self._in_doubt_retry_at = None
            unsettled = machine.ledger.unsettled
            if state is State.PAYMENT_IN_DOUBT and unsettled is not None:
                self._submit(ev.PaymentOutcomeUnknown(unsettled.attempt_id, "still unknown"))

    # -- the attendant link ------------------------------------------------------------------

    def link_status(self) -> LaneStatus:
        """The lane as stations see it (retained on the status topic)."""
        machine = self.core.machine
        now = time.time()
        txn = machine.txn_id
        interventions = tuple(
            InterventionSummary(
                id=i.id, kind=i.kind.value, raised_at=self._raised.get((txn, i.id), now),
                blocks=i.blocks.name.lower(), clear_role=i.rule.clear_role.name.lower(),
                security=i.rule.security, explanation=dict(i.explanation), line_no=i.line_no)
            for i in machine.interventions.values())
        devices = tuple(DeviceSummary(d.name, d.health, d.code, d.reason)
                        for d in self.context.devices.values())
        attendant = machine.attendant[0] if machine.attendant is not None else None
        state = machine.state.value
        light, flashing = lane_light(state, True, interventions, devices, attendant)
        totals = machine.basket.totals()
        return LaneStatus(
            lane=machine.settings.lane_id, store=self.link.store if self.link else "",
            online=True, at=now, name=self.context.lane_name, state=state,
            state_since=self._state_since_wall, screen=self.screen, txn=txn,
            total=totals.total, currency=machine.settings.currency, items=totals.item_count,
            light=light.value, flashing=flashing, attendant=attendant,
            interventions=interventions, devices=devices)

    def _intervention_opened(self, effect: ev.CallAttendant) -> None:
        data = effect.intervention
        txn = self.core.machine.txn_id
        key = (txn, int(data["id"]))
        self._raised.setdefault(key, time.time())
        if self.link is not None:
            self.link.fact("InterventionOpened", txn, {
                "intervention": data["id"], "kind": data["kind"],
                "explanation": data.get("explanation", {}), "line_no": data.get("line_no")},
                key=f"{txn}:{data['id']}:open")

    def _intervention_closed(self, effect: ev.InterventionClosed) -> None:
        txn = self.core.machine.txn_id
        key = (txn, effect.intervention_id)
        opened = self._raised.pop(key, None)
        self._closed[key] = (effect.how, effect.operator, self._station)
        if len(self._closed) > 1000:  # only the latest are asked about
            self._closed.pop(next(iter(self._closed)))
        if self.link is not None:
            now = time.time()
            self.link.fact("InterventionClosed", txn, {
                "intervention": effect.intervention_id, "kind": effect.kind,
                "how": effect.how, "operator": effect.operator, "station": self._station,
                "opened_at": opened if opened is not None else now,
                "seconds": round(now - opened, 3) if opened is not None else 0.0},
                key=f"{txn}:{effect.intervention_id}:close")

    def _transaction_ended(self, effect: ev.TransactionEnded) -> None:
        started = self._txn_started.pop(effect.txn_id, None)
        if self.link is not None:
            # A cancelled visit's basket is emptied before its effects are carried out.
            txn, total, items = self._totals
            if effect.outcome == "paid" or txn != effect.txn_id:
                totals = self.core.machine.basket.totals()
                total, items = totals.total, totals.item_count
            self.link.fact("TransactionEnded", effect.txn_id, {
                "outcome": effect.outcome, "total": total, "items": items,
                "started_at": started if started is not None else time.time()},
                key=f"{effect.txn_id}:end")

    def _remote(self, command: Command) -> Reply:
        """Apply one station command on the lane thread; the reply says what happened."""
        machine = self.core.machine

        def reply(ok: bool, code: str, reason: str) -> Reply:
            return Reply(command.id, machine.settings.lane_id, ok, code, reason, time.time(),
                         command.txn or machine.txn_id, command.action.value, command.operator)

        needs_txn, needs_intervention, _needs_line = ACTION_NEEDS[command.action]
        if needs_txn and command.txn != machine.txn_id:
            return reply(False, "LINK_TXN_ENDED",
                         f"Transaction {command.txn} has ended; nothing was changed.")
        if needs_intervention and command.intervention not in machine.interventions:
            how, who, where = self._closed.get((command.txn, command.intervention or 0),
                                               ("", "", ""))
            if how in ("approved", "rejected") and who:
                at = f" at {where}" if where else " at the lane"
                reason = f"Already {how} by {who}{at}."
            elif how == "cleared":
                reason = "It cleared by itself: the cause went away."
            else:
                reason = "That intervention is no longer open."
            return reply(False, "LINK_INTERVENTION_CLOSED", reason)
        event = self._command_event(command)
        self._station = command.station
        try:
            self._submit(event)
        except SCOError as exc:
            return reply(False, exc.code, exc.message)
        finally:
            self._station = ""
        self.log.info("%s by %s (%s) from %s applied", command.action.value, command.operator,
                      command.role, command.station)
        return reply(True, "OK", "Done.")

    @staticmethod
    def _command_event(command: Command) -> ev.Event:
        op, role = command.operator, Role.parse(command.role)
        match command.action:
            case Action.APPROVE:
                return ev.InterventionApproved(command.intervention or 0, op, role)
            case Action.REJECT:
                return ev.InterventionRejected(command.intervention or 0, op, role)
            case Action.VOID_LINE:
                return ev.LineVoided(command.line or 0, op, role)
            case Action.CANCEL:
                return ev.TransactionCancelled(op, role)
            case Action.SUSPEND:
                return ev.TransactionSuspended(op, role)
            case Action.REPRINT:
                return ev.ReprintRequested(op, role)
            case Action.CLOSE_LANE:
                return ev.LaneClosed(op, role)
            case Action.OPEN_LANE:
                return ev.LaneOpened(op)
        raise AssertionError(command.action)

    # -- intents from the screen -----------------------------------------------------------

    def choose_language(self, language: str) -> None:
        self._shopper(lambda: self._submit(ev.LanguageChanged(language)), "language")

    def declare_own_bag(self) -> None:
        self._shopper(lambda: self._submit(ev.OwnBagDeclared()), "own bag")

    def open_lookup(self) -> None:
        self._shopper(lambda: self._submit(ev.ProduceLookupOpened()), "lookup")

    def close_lookup(self) -> None:
        self._shopper(lambda: self._submit(ev.ProduceLookupClosed()), "lookup closed")

    def add_product(self, gtin: str, *, weight_g: int | None = None) -> None:
        """A product chosen on screen; items sold by weight take the scale's stable reading."""

        def job() -> None:
            product = self._product(gtin)
            grams = weight_g
            if product.sold_by.value == "weight" and grams is None:
                grams = self._stable_item_weight(product)
            self._submit(self.core.item_event(product, weight_g=grams, code=product.plu or gtin))

        self._shopper(job, "add product")

    def add_by_plu(self, plu: str, *, weight_g: int | None = None) -> None:
        def job() -> None:
            grams = weight_g
            if grams is None and self.core.catalog is not None:
                product = self.core.catalog.by_plu(plu)
                if product is not None and product.sold_by.value == "weight":
                    grams = self._stable_item_weight(product)
            self._carry_out(self.core.add_by_plu(plu, weight_g=grams))

        self._shopper(job, "plu")

    def _product(self, gtin: str) -> Product:
        product = self.core.catalog.by_gtin(gtin) if self.core.catalog is not None else None
        if product is None:
            raise SCOError("This item is not in our catalog.", code="CATALOG_UNKNOWN_ITEM")
        return product

    def _stable_item_weight(self, product: Product) -> int | None:
        """The stable weight of ``product`` on the scale this lane weighs produce on.

        On the bagging scale: what it shows above what is already bagged, None when that is
        within the zero band (the core then refuses the item).  On the scanner-scale: its
        latest reading, or a refusal (``ProduceNotWeighed``) when there is none to price from.
        """
        if self.devices.produce_scale != BAGGING_SCALE:
            return self._weighed_on(product)
        machine = self.core.machine
        grams = machine.scale_g - machine.baseline_g
        return grams if grams > self.core.settings.security.zero_band_g else None

    def _weighing(self) -> ScaleView | None:
        """What the produce scale shows, for the look-up screen (None on any other screen).

        The same figures that would price an item chosen now: on the bagging scale what it
        shows above what is already bagged, on the scanner-scale its latest reading; at or
        under the zero band that is nothing.
        """
        machine = self.core.machine
        if machine.state is not State.PRODUCE_LOOKUP:
            return None
        place = self.devices.produce_scale
        device = self.context.devices.get(place)
        working = device is None or device.health == Health.ONLINE.value
        zero_band = self.core.settings.security.zero_band_g
        if place == BAGGING_SCALE:
            above = machine.scale_g - machine.baseline_g
            return ScaleView(place, above if above > zero_band else None, True, working)
        reading = self._readings.get(place)
        if reading is None or reading.status is WeightStatus.NOT_READY:
            return ScaleView(place, None, False, False)
        grams = reading.grams
        return ScaleView(place, grams if grams is not None and grams > zero_band else None,
                         reading.status in (WeightStatus.STABLE, WeightStatus.ZERO), working)

    def scale_reading(self, role: str) -> WeightEvent | None:
        """The latest reading of a scale other than the bagging scale (the scanner-scale)."""
        return self._readings.get(role)

    def _weighed_on(self, product: Product) -> int:
        """The scanner-scale's stable net weight of ``product``; refused when there is none.

        Only a stable reading above the zero band prices an item: a reading in motion, at
        zero or below, or none at all is "nothing weighed".
        """
        role = self.devices.produce_scale
        device = self.context.devices.get(role)
        reading = self._readings.get(role)
        if (device is None or device.health != Health.ONLINE.value or reading is None
                or reading.status is WeightStatus.NOT_READY):
            raise ProduceNotWeighed(
                "The scale at the scanner is not working: items sold by weight cannot be "
                "weighed. Please ask for help.", code="PRODUCE_SCALE_OFFLINE")
        grams = reading.grams
        if (reading.status is not WeightStatus.STABLE or grams is None
                or grams <= self.core.settings.security.zero_band_g):
            raise ProduceNotWeighed(f"{product.name} is sold by weight: put it on the scale at "
                                    "the scanner and keep it still.")
        return grams

    def skip_bagging(self) -> None:
        self._shopper(lambda: self._submit(ev.BaggingSkipped()), "skip bagging")

    def request_help(self) -> None:
        self._shopper(lambda: self._submit(ev.HelpRequested()), "help")

    def cancel_help(self) -> None:
        self._shopper(lambda: self._submit(ev.HelpCancelled()), "help cancelled")

    def request_void(self, line_no: int) -> None:
        self._shopper(lambda: self._submit(ev.VoidRequested(line_no)), "void request")

    def pay(self) -> None:
        def job() -> None:
            try:
                self._submit(ev.PayRequested())
            except SCOError:
                self._extra["pay_requested"] = True
                raise

        self._shopper(job, "pay")

    def back_to_scanning(self) -> None:
        def job() -> None:
            self._extra.pop("pay_requested", None)
            if self.core.machine.state is State.PAYMENT:
                self._submit(ev.PaymentLeft())

        self._shopper(job, "back")

    def choose_tender(self, tender: str, amount: int | None = None) -> None:
        self._shopper(lambda: self._submit(ev.TenderSelected(Tender(tender), amount)), "tender")

    def cancel_payment(self) -> None:
        self._shopper(lambda: self._submit(ev.PaymentCancelRequested()), "cancel payment")

    def choose_digital_receipt(self) -> None:
        def job() -> None:
            machine = self.core.machine
            if not machine.txn_id or machine.state in (State.PAID, State.RECEIPT):
                raise SCOError("The receipt of this visit has already been given.",
                               code="TXN_RECEIPT_GIVEN")
            self._wants_digital = True

        self._shopper(job, "digital receipt")

    def finish(self) -> None:
        def job() -> None:
            if self.core.machine.state is State.RECEIPT:
                self._submit(ev.VisitEnded())

        self._shopper(job, "finish")

    def still_here(self) -> None:
        self._shopper(lambda: None, "still here")

    def set_accessibility(self, *, high_contrast: bool | None = None,
                          large_text: bool | None = None, spoken: bool | None = None) -> None:
        def job() -> None:
            if high_contrast is not None:
                self._extra["high_contrast"] = high_contrast
            if large_text is not None:
                self._extra["large_text"] = large_text
            if spoken is not None:
                self._extra["spoken"] = spoken

        self._shopper(job, "accessibility")

    # -- attendant -------------------------------------------------------------------------

    def attendant_sign_in(self, operator: str, role: Role) -> None:
        def job() -> None:
            self._submit(ev.AttendantSignedIn(operator, role))
            self._extra["attendant_mode"] = True

        self._shopper(job, "sign in")

    def operators(self) -> tuple[OperatorRecord, ...]:
        """Who may sign in here: the list the stations publish, kept by the link."""
        return self.link.operators if self.link is not None else ()

    def sign_in_with_pin(self, operator_id: str, pin: str) -> None:
        """An attendant at the lane's PIN pad; the PIN is checked off the lane thread."""
        records = {r.id: r for r in self.operators()}

        def check() -> None:
            record = records.get(operator_id)
            # Hash even for an unknown id, so the answer takes as long either way.
            good = verify_secret(pin, record.pin_hash if record is not None else decoy_hash())
            self._post(lambda: self._pin_checked(operator_id, record if good else None),
                       "PIN checked")

        def start() -> None:
            until = self.lockout.locked_until(self._attempts.get(operator_id, Attempts()),
                                              time.time())
            if until is not None:
                self._refuse_sign_in("OPERATOR_LOCKED", "Too many wrong PINs: locked until "
                                     + time.strftime("%H:%M", time.localtime(until)) + ".")
                return
            self._in_background(check, "check PIN")

        self._shopper(start, "PIN sign in")

    def _pin_checked(self, operator_id: str, record: OperatorRecord | None) -> None:
        now = time.time()
        attempts = self._attempts.get(operator_id, Attempts())
        if record is None:
            self._attempts[operator_id] = self.lockout.failed(attempts, now)
            self.log.warning("wrong PIN or unknown operator %r at the lane", operator_id)
            self._refuse_sign_in("OPERATOR_WRONG_PIN", "That operator and PIN do not match.")
            return
        self._attempts[operator_id] = self.lockout.succeeded(attempts, now)
        self._sign_in(record)

    def _sign_in_by_badge(self, badge: str) -> None:
        """A badge scanned at the lane: the operator whose badge hash matches, if any."""
        records = self.operators()

        def check() -> None:
            match = next((r for r in records
                          if r.badge_hash and verify_secret(badge, r.badge_hash)), None)
            self._post(lambda: self._sign_in(match) if match is not None else
                       self._refuse_sign_in("OPERATOR_UNKNOWN", "That badge is not known."),
                       "badge checked")

        self._in_background(check, "check badge")

    def _sign_in(self, record: OperatorRecord) -> None:
        self._submit(ev.AttendantSignedIn(record.id, Role.parse(record.role)))
        self._extra["attendant_mode"] = True
        self._extra.pop("message", None)

    def _refuse_sign_in(self, code: str, text: str) -> None:
        self._extra["message"] = (code, text)

    def attendant_sign_out(self) -> None:
        def job() -> None:
            attendant = self.core.machine.attendant
            self._extra["attendant_mode"] = False
            if attendant is not None:
                self._submit(ev.AttendantSignedOut(attendant[0]))

        self._shopper(job, "sign out")

    def _as_attendant(self, make: Callable[[str, Role], ev.Event], name: str) -> None:
        def job() -> None:
            attendant = self.core.machine.attendant
            if attendant is None:
                raise SCOError("An attendant must sign in first.", code="TXN_NOT_PERMITTED")
            self._submit(make(*attendant))

        self._shopper(job, name)

    def approve(self, intervention_id: int) -> None:
        self._as_attendant(lambda op, role: ev.InterventionApproved(intervention_id, op, role),
                           "approve")

    def reject(self, intervention_id: int) -> None:
        self._as_attendant(lambda op, role: ev.InterventionRejected(intervention_id, op, role),
                           "reject")

    def void_line(self, line_no: int) -> None:
        self._as_attendant(lambda op, role: ev.LineVoided(line_no, op, role), "void")

    def cancel_transaction(self) -> None:
        self._as_attendant(lambda op, role: ev.TransactionCancelled(op, role), "cancel")

    def suspend_transaction(self) -> None:
        self._as_attendant(lambda op, role: ev.TransactionSuspended(op, role), "suspend")

    def reprint(self) -> None:
        self._as_attendant(lambda op, role: ev.ReprintRequested(op, role), "reprint")

    def close_lane(self) -> None:
        self._as_attendant(lambda op, role: ev.LaneClosed(op, role), "close lane")

    def open_lane(self) -> None:
        self._as_attendant(lambda op, role: ev.LaneOpened(op), "open lane")
