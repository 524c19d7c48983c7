"""The transaction state machine of one lane.

Events go in; the new state and the effects to carry out come out.  The
machine performs no I/O and reads no clock, so replaying a lane's journal
through it rebuilds exactly the state the lane was in.

Which event may arrive in which state is declared once, in ``TRANSITIONS``;
an event outside it raises ``IllegalEvent`` before anything changes, and a
guard that fails (paying with an empty basket, an attendant action by a role
too low) raises ``IllegalEvent`` or ``NotPermitted`` with a stable code.
``diagram()`` prints the table as Graphviz source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pos import events as ev
from pos.basket import Basket, Line
from pos.catalog import Bagging, SoldBy
from pos.errors import BasketError, IllegalEvent, NotPermitted
from pos.interventions import Blocks, Intervention, InterventionKind, Role
from pos.payment import AttemptStatus, PaymentAttempt, PaymentLedger, Tender
from pos.promotions import Promotions
from pos.security import ExpectedWeight, SecurityPolicy, WeightExplanation, WeightSource
from pos.tax import TaxPolicy


class State(Enum):
    CLOSED = "closed"
    ATTRACT = "attract"
    SCANNING = "scanning"
    AWAITING_BAGGING = "awaiting_bagging"
    WEIGHT_MISMATCH = "weight_mismatch"
    UNEXPECTED_ITEM = "unexpected_item"
    ITEM_REMOVED = "item_removed"
    PRODUCE_LOOKUP = "produce_lookup"
    PAYMENT = "payment"
    PAYMENT_PENDING = "payment_pending"
    PAYMENT_IN_DOUBT = "payment_in_doubt"
    PAID = "paid"
    RECEIPT = "receipt"


S = State
SECURITY = frozenset({S.WEIGHT_MISMATCH, S.UNEXPECTED_ITEM, S.ITEM_REMOVED})
SELLING = frozenset({S.SCANNING, S.AWAITING_BAGGING, S.PRODUCE_LOOKUP}) | SECURITY
SETTLING = frozenset({S.PAYMENT_PENDING, S.PAYMENT_IN_DOUBT})
OPEN = frozenset(State) - {S.CLOSED}
EVERY = frozenset(State)


@dataclass(frozen=True)
class Transition:
    event: type[ev.Event]
    sources: frozenset[State]
    targets: frozenset[State]  # empty: the state does not change
    guard: str = ""  # the guard's name, for the diagram and error messages


def _t(event: type[ev.Event], sources: Iterable[State], targets: Iterable[State] = (),
       guard: str = "") -> Transition:
    return Transition(event, frozenset(sources), frozenset(targets), guard)


TRANSITIONS: tuple[Transition, ...] = (
    _t(ev.LaneOpened, {S.CLOSED}, {S.ATTRACT}),
    _t(ev.LaneClosed, OPEN, {S.CLOSED}, "closes_now_if_idle"),
    _t(ev.LaneRestarted, EVERY, {S.PAYMENT_IN_DOUBT}, "pending_payment_becomes_in_doubt"),
    _t(ev.LanguageChanged, OPEN),
    _t(ev.IdleTimedOut, {S.SCANNING, S.PRODUCE_LOOKUP, S.PAYMENT}, {S.ATTRACT},
       "basket_empty"),
    _t(ev.ItemAdded, {S.ATTRACT, S.SCANNING, S.PRODUCE_LOOKUP, S.PAYMENT},
       {S.SCANNING, S.AWAITING_BAGGING}, "scanning_not_blocked"),
    _t(ev.CouponAdded, {S.ATTRACT, S.SCANNING, S.PAYMENT}, {S.SCANNING}),
    _t(ev.ProduceLookupOpened, {S.ATTRACT, S.SCANNING}, {S.PRODUCE_LOOKUP}),
    _t(ev.ProduceLookupClosed, {S.PRODUCE_LOOKUP}, {S.ATTRACT, S.SCANNING}),
    _t(ev.VoidRequested, SELLING | {S.PAYMENT}),
    _t(ev.WeightChanged, EVERY, {S.SCANNING} | SECURITY, "weight_within_tolerance"),
    _t(ev.OwnBagDeclared, {S.ATTRACT, S.SCANNING}, {S.SCANNING}),
    _t(ev.BaggingSkipped, {S.AWAITING_BAGGING}, {S.SCANNING}, "skip_allowed"),
    _t(ev.BaggingTimedOut, {S.AWAITING_BAGGING}, {S.WEIGHT_MISMATCH}),
    _t(ev.HelpRequested, OPEN),
    _t(ev.HelpCancelled, OPEN),
    _t(ev.DeviceFaulted, EVERY),
    _t(ev.DeviceRestored, EVERY),
    _t(ev.AttendantSignedIn, EVERY),
    _t(ev.AttendantSignedOut, EVERY),
    # An attendant's word on a payment in doubt settles it: paid (PAID, or PAYMENT for the
    # rest) or not paid (PAYMENT, to pay again).
    _t(ev.InterventionApproved, EVERY, {S.SCANNING, S.PAYMENT, S.PAID}, "role_may_clear"),
    _t(ev.InterventionRejected, EVERY, {S.SCANNING, S.PAYMENT}, "role_may_clear"),
    _t(ev.LineVoided, SELLING | {S.PAYMENT}, (), "line_active"),
    _t(ev.QuantityChanged, SELLING | {S.PAYMENT}, (), "line_active"),
    _t(ev.TransactionCancelled, SELLING | {S.PAYMENT}, {S.ATTRACT, S.CLOSED}, "nothing_paid"),
    _t(ev.TransactionSuspended, SELLING | {S.PAYMENT}, {S.ATTRACT, S.CLOSED}, "nothing_paid"),
    _t(ev.ReprintRequested, EVERY, (), "receipt_exists"),
    _t(ev.PayRequested, {S.SCANNING}, {S.PAYMENT, S.PAID}, "payment_not_blocked"),
    _t(ev.PaymentLeft, {S.PAYMENT}, {S.SCANNING}),
    _t(ev.TenderSelected, {S.PAYMENT}, {S.PAYMENT_PENDING}, "amount_within_due"),
    _t(ev.PaymentCancelRequested, {S.PAYMENT_PENDING}),
    _t(ev.PaymentApproved, SETTLING, {S.PAYMENT, S.PAID}, "payment_covers_total"),
    _t(ev.PaymentDeclined, SETTLING, {S.PAYMENT}),
    _t(ev.PaymentAborted, SETTLING, {S.PAYMENT}),
    _t(ev.PaymentOutcomeUnknown, SETTLING, {S.PAYMENT_IN_DOUBT}),
    _t(ev.ReversalRequested, {S.PAYMENT}, (), "approved_attempt"),
    _t(ev.PaymentReversed, {S.PAYMENT}),
    _t(ev.ReceiptIssued, {S.PAID}, {S.RECEIPT}),
    _t(ev.VisitEnded, {S.RECEIPT}, {S.ATTRACT, S.CLOSED}),
)

_ALLOWED: dict[type[ev.Event], frozenset[State]] = {t.event: t.sources for t in TRANSITIONS}


@dataclass(frozen=True, slots=True)
class Decision:
    state: State
    effects: tuple[ev.Effect, ...]


@dataclass(slots=True)
class PendingBag:
    line_no: int | None  # None: the shopper's own bag
    expected: ExpectedWeight


@dataclass(frozen=True)
class LaneSettings:
    lane_id: str
    currency: str
    tax: TaxPolicy
    promotions: Promotions = field(default_factory=Promotions)
    security: SecurityPolicy = field(default_factory=SecurityPolicy)
    default_language: str = "en"
    max_declines: int = 3


class TransactionMachine:
    """The state of one lane and its current transaction."""

    def __init__(self, settings: LaneSettings) -> None:
        self.settings = settings
        self.state = State.CLOSED
        self.txn_no = 0
        self.txn_id = ""
        self.language = settings.default_language
        self.attendant: tuple[str, Role] | None = None
        self.interventions: dict[int, Intervention] = {}
        self._next_intervention = 1
        self.last_receipt_txn = ""
        self.last_terminal_receipt = ""  # the terminal's receipt number of our last card payment
        self.close_requested = False
        self.scale_g = 0  # the last stable reading
        self.baseline_g = 0  # what the bagging area should weigh now
        self._effects: list[ev.Effect] = []
        self._new_visit()
        self._handlers: dict[type[ev.Event], Callable[[Any], State]] = {
            cls: getattr(self, "_on_" + _snake(cls.__name__)) for cls in _ALLOWED
        }

    def _new_visit(self) -> None:
        s = self.settings
        self.basket = Basket(s.currency, s.tax, s.promotions)
        self.ledger = PaymentLedger()
        self.pending_bag: PendingBag | None = None
        self.resume_state = State.SCANNING
        self.lookup_return = State.SCANNING
        self.own_bag_expected = False
        self.bagged_g: dict[int, int] = {}  # line -> weight it added to the bagging area
        self.expected_removals: list[tuple[int, int]] = []  # (grams, tolerance) from voids
        self.age_verified = 0

    # -- the one entry point ----------------------------------------------------

    def handle(self, event: ev.Event) -> Decision:
        """Apply ``event``; raise ``IllegalEvent`` (changing nothing) if it is not allowed."""
        sources = _ALLOWED.get(type(event))
        if sources is None or self.state not in sources:
            raise IllegalEvent(
                f"{type(event).__name__} is not allowed in state {self.state.value}",
                code="TXN_ILLEGAL_EVENT",
            )
        self._effects = []
        self.state = self._handlers[type(event)](event)
        return Decision(self.state, tuple(self._effects))

    # -- queries --------------------------------------------------------------

    def blocked(self, level: Blocks) -> Intervention | None:
        for intervention in self.interventions.values():
            if intervention.blocks >= level:
                return intervention
        return None

    @property
    def due(self) -> int:
        return self.basket.totals().total - self.ledger.paid

    def snapshot(self) -> dict[str, Any]:
        """Everything that defines the lane's state, JSON-ready (used to prove recovery)."""
        return {
            "state": self.state.value, "txn_id": self.txn_id, "language": self.language,
            "basket": self.basket.snapshot(), "payments": self.ledger.snapshot(),
            "interventions": [i.to_dict() for i in self.interventions.values()],
            "baseline_g": self.baseline_g, "scale_g": self.scale_g,
            "pending_bag": None if self.pending_bag is None else {
                "line_no": self.pending_bag.line_no,
                "expected": self.pending_bag.expected.to_dict()},
            "age_verified": self.age_verified,
            "attendant": None if self.attendant is None else list(self.attendant[:1]),
            "close_requested": self.close_requested, "txn_no": self.txn_no,
            "next_intervention": self._next_intervention,
            "last_receipt_txn": self.last_receipt_txn,
            "last_terminal_receipt": self.last_terminal_receipt,
        }

    def checkpoint(self) -> dict[str, Any] | None:
        """The whole state while no transaction is open (None during a visit)."""
        if self.txn_id or self.state not in (State.ATTRACT, State.CLOSED):
            return None
        return {
            "state": self.state.value, "txn_no": self.txn_no, "language": self.language,
            "attendant": None if self.attendant is None else [self.attendant[0],
                                                              self.attendant[1].name.lower()],
            "interventions": [i.to_dict() for i in self.interventions.values()],
            "next_intervention": self._next_intervention,
            "last_receipt_txn": self.last_receipt_txn, "close_requested": self.close_requested,
            "last_terminal_receipt": self.last_terminal_receipt,
            "scale_g": self.scale_g, "baseline_g": self.baseline_g,
        }

    @classmethod
    def restore(cls, settings: LaneSettings, data: dict[str, Any]) -> TransactionMachine:
        """A machine in the state a ``checkpoint()`` recorded."""
        machine = cls(settings)
        machine.state = State(data["state"])
        machine.txn_no = int(data["txn_no"])
        machine.language = str(data["language"])
        attendant = data["attendant"]
        machine.attendant = None if attendant is None else (attendant[0],
                                                            Role.parse(attendant[1]))
        for item in data["interventions"]:
            intervention = Intervention.from_dict(item)
            machine.interventions[intervention.id] = intervention
        machine._next_intervention = int(data["next_intervention"])
        machine.last_receipt_txn = str(data["last_receipt_txn"])
        machine.last_terminal_receipt = str(data.get("last_terminal_receipt", ""))
        machine.close_requested = bool(data["close_requested"])
        machine.scale_g = int(data["scale_g"])
        machine.baseline_g = int(data["baseline_g"])
        return machine

    # -- helpers --------------------------------------------------------------

    def _emit(self, effect: ev.Effect) -> None:
        self._effects.append(effect)

    def _start_visit_if_idle(self) -> None:
        if self.state is State.ATTRACT or (self.state is State.PRODUCE_LOOKUP
                                           and not self.txn_id):
            if not self.txn_id:
                self.txn_no += 1
                self.txn_id = f"{self.settings.lane_id}-{self.txn_no:06d}"
                self._emit(ev.TransactionStarted(self.txn_id))

    def _open(self, kind: InterventionKind, explanation: dict[str, Any],
              line_no: int | None = None, blocks: Blocks | None = None) -> Intervention:
        intervention = Intervention(self._next_intervention, kind, explanation, line_no, blocks)
        self._next_intervention += 1
        self.interventions[intervention.id] = intervention
        self._emit(ev.CallAttendant(intervention.to_dict()))
        return intervention

    def _close(self, intervention: Intervention, how: str, operator: str = "") -> None:
        del self.interventions[intervention.id]
        self._emit(ev.InterventionClosed(intervention.id, intervention.kind.value, how, operator))

    def _close_kind(self, kind: InterventionKind, how: str, operator: str = "") -> None:
        for intervention in [i for i in self.interventions.values() if i.kind is kind]:
            self._close(intervention, how, operator)

    def _find(self, intervention_id: int) -> Intervention:
        intervention = self.interventions.get(intervention_id)
        if intervention is None:
            raise IllegalEvent(f"intervention {intervention_id} is not open",
                               code="TXN_NO_INTERVENTION")
        return intervention

    @staticmethod
    def _require(role: Role | None, needed: Role, what: str) -> None:
        if role is None or role < needed:
            raise NotPermitted(f"{what} needs the {needed.name.lower()} role")

    def _end_visit(self, outcome: str | None) -> State:
        """Close the transaction; transaction-bound interventions end with it."""
        if outcome is not None and self.txn_id:
            self._emit(ev.TransactionEnded(self.txn_id, outcome))
        for intervention in list(self.interventions.values()):
            if intervention.kind is not InterventionKind.DEVICE_FAULT:
                self._close(intervention, "ended")
        self.txn_id = ""
        self.language = self.settings.default_language
        self._new_visit()
        self.baseline_g = self.scale_g
        if self.close_requested:
            self.close_requested = False
            return State.CLOSED
        return State.ATTRACT

    # -- lane and visit -------------------------------------------------------------

    def _on_lane_opened(self, event: ev.LaneOpened) -> State:
        self.baseline_g = self.scale_g
        return State.ATTRACT

    def _on_lane_closed(self, event: ev.LaneClosed) -> State:
        self._require(event.role, Role.ATTENDANT, "closing the lane")
        if self.state is State.ATTRACT:
            return State.CLOSED
        self.close_requested = True  # close once the shopper has finished
        return self.state

    def _on_lane_restarted(self, event: ev.LaneRestarted) -> State:
        self.attendant = None  # nobody stays signed in across a restart
        unsettled = self.ledger.unsettled
        if unsettled is not None:
            unsettled.status = AttemptStatus.IN_DOUBT
            self._emit(ev.QueryPayment(unsettled.attempt_id))
            return State.PAYMENT_IN_DOUBT
        if self.state is State.PAID:
            self._emit(ev.IssueReceipt(self.txn_id))
        return self.state

    def _on_language_changed(self, event: ev.LanguageChanged) -> State:
        self.language = event.language
        return self.state

    def _on_idle_timed_out(self, event: ev.IdleTimedOut) -> State:
        if self.basket.is_empty() and not self.ledger.attempts and not self.basket.coupons:
            return self._end_visit("abandoned" if self.txn_id else None)
        if not any(i.kind is InterventionKind.HELP for i in self.interventions.values()):
            self._open(InterventionKind.HELP, {"reason": "inactive"})
        return self.state

    def _on_visit_ended(self, event: ev.VisitEnded) -> State:
        return self._end_visit(None)

    # -- items -------------------------------------------------------------------

    def _on_item_added(self, event: ev.ItemAdded) -> State:
        blocker = self.blocked(Blocks.SCANNING)
        if blocker is not None:
            raise IllegalEvent(f"scanning is blocked by {blocker.kind.value}",
                               code="TXN_SCANNING_BLOCKED")
        if self.ledger.unsettled is not None:
            raise IllegalEvent("a payment is in progress", code="TXN_PAYMENT_BUSY")
        try:
            line = self.basket.add(event.product, event.quantity, weight_g=event.weight_g,
                                   price=event.price, code=event.code)
        except BasketError as exc:
            raise IllegalEvent(exc.message, code=exc.code) from exc
        self._start_visit_if_idle()
        self._check_age(line)
        self.pending_bag = PendingBag(line.line_no, event.expected)
        delta = self.scale_g - self.baseline_g
        zero_band = self.settings.security.zero_band_g
        if delta > zero_band:
            # Already on the scale: produce weighed on the bagging scale during look-up.
            self.state = State.AWAITING_BAGGING
            return self._bagging_reading(delta)
        expected = event.expected.grams
        if expected is not None and expected <= zero_band:
            # Too light for the bagging scale to see (a single tea bag): waiting for it would
            # end in a "nothing placed" alarm whatever the shopper did.  It is taken as
            # bagged at its expected weight, so a few of them never add up to an alarm.
            self.baseline_g += expected
            self.bagged_g[line.line_no] = expected
            self.pending_bag = None
            return State.SCANNING
        return State.AWAITING_BAGGING

    def _check_age(self, line: Line) -> None:
        needed = line.product.min_age
        if needed <= self.age_verified:
            return
        for intervention in self.interventions.values():
            if intervention.kind is InterventionKind.AGE_CHECK:
                intervention.explanation["min_age"] = max(needed,
                                                          intervention.explanation["min_age"])
                intervention.explanation["lines"].append(line.line_no)
                return
        self._open(InterventionKind.AGE_CHECK, {
            "min_age": needed, "item": line.product.name, "gtin": line.product.gtin,
            "lines": [line.line_no]}, line.line_no)

    def _on_coupon_added(self, event: ev.CouponAdded) -> State:
        try:
            self.basket.add_coupon(event.coupon)
        except BasketError as exc:
            raise IllegalEvent(exc.message, code=exc.code) from exc
        self._start_visit_if_idle()
        return State.SCANNING

    def _on_produce_lookup_opened(self, event: ev.ProduceLookupOpened) -> State:
        self.lookup_return = self.state
        return State.PRODUCE_LOOKUP

    def _on_produce_lookup_closed(self, event: ev.ProduceLookupClosed) -> State:
        # What was put on the scale while looking up, and not added, is checked now.
        self.state = self.lookup_return
        return self._on_weight_changed(ev.WeightChanged(self.scale_g))

    def _on_void_requested(self, event: ev.VoidRequested) -> State:
        line = self._active_line(event.line_no)
        self._open(InterventionKind.VOID_REQUEST,
                   {"item": line.product.name, "amount": line.amount}, line.line_no)
        return self.state

    def _active_line(self, line_no: int) -> Line:
        try:
            line = self.basket.line(line_no)
        except BasketError as exc:
            raise IllegalEvent(exc.message, code=exc.code) from exc
        if line.voided:
            raise IllegalEvent(f"line {line_no} is already void", code="BASKET_VOID")
        return line

    # -- the bagging area -----------------------------------------------------------

    def _on_weight_changed(self, event: ev.WeightChanged) -> State:
        self.scale_g = event.grams
        delta = event.grams - self.baseline_g
        zero_band = self.settings.security.zero_band_g
        state = self.state
        if state in (S.CLOSED, S.ATTRACT, S.PAID, S.RECEIPT) or state in SETTLING:
            self.baseline_g = event.grams  # outside a sale (or while paying) the area is free
            return state
        if state is S.PRODUCE_LOOKUP:
            return state  # the bagging scale weighs the produce being looked up
        if state in SECURITY:
            return self._recheck_security(delta)
        if abs(delta) <= zero_band:
            return state
        if state is S.AWAITING_BAGGING and self.pending_bag is not None:
            return self._bagging_reading(delta)
        if delta > 0:
            if self.own_bag_expected and delta <= self.settings.security.max_bag_weight_g:
                self.own_bag_expected = False
                self.baseline_g = event.grams
                return state
            return self._alarm(InterventionKind.UNEXPECTED_ITEM, State.UNEXPECTED_ITEM,
                               WeightExplanation("unexpected", 0, delta, zero_band, None))
        return self._removal(delta)

    def _removal(self, delta: int) -> State:
        for index, (grams, tolerance) in enumerate(self.expected_removals):
            if abs(-delta - grams) <= tolerance:
                del self.expected_removals[index]
                self.baseline_g = self.scale_g
                return self.state
        if self.state is State.PAYMENT:
            self.baseline_g = self.scale_g  # lifting paid-for bags while choosing a tender
            return self.state
        return self._alarm(InterventionKind.ITEM_REMOVED, State.ITEM_REMOVED,
                           WeightExplanation("removed", 0, delta,
                                             self.settings.security.zero_band_g, None))

    def _bagging_reading(self, delta: int) -> State:
        assert self.pending_bag is not None
        expected = self.pending_bag.expected
        zero_band = self.settings.security.zero_band_g
        if expected.accepts(delta, zero_band):
            self._bagged(delta, confirmed=False)
            return State.SCANNING
        line = self.basket.line(self.pending_bag.line_no) if self.pending_bag.line_no else None
        if delta < 0:
            return self._removal(delta)
        return self._alarm(InterventionKind.WEIGHT_MISMATCH, State.WEIGHT_MISMATCH,
                           WeightExplanation("mismatch", expected.grams, delta,
                                             expected.tolerance_g, expected.source,
                                             line.product.gtin if line else None,
                                             line.product.name if line else None))

    def _bagged(self, delta: int, *, confirmed: bool) -> None:
        """The pending item is in the bagging area, adding ``delta`` grams."""
        assert self.pending_bag is not None
        line_no = self.pending_bag.line_no
        self.baseline_g += delta
        if line_no is not None:
            self.bagged_g[line_no] = delta
            line = self.basket.line(line_no)
            learnable = (line.product.sold_by is SoldBy.UNIT
                         and self.pending_bag.expected.source is not WeightSource.SCALE)
            if learnable and delta > 0:
                self._emit(ev.RecordWeighing(line.product.gtin, round(delta / line.quantity),
                                             confirmed))
        self.pending_bag = None

    def _alarm(self, kind: InterventionKind, state: State,
               explanation: WeightExplanation) -> State:
        self.resume_state = self.state
        line_no = self.pending_bag.line_no if self.pending_bag else None
        self._open(kind, explanation.to_dict(), line_no)
        return state

    def _security_intervention(self) -> Intervention | None:
        for intervention in self.interventions.values():
            if intervention.rule.security:
                return intervention
        return None

    def _recheck_security(self, delta: int) -> State:
        """In an alarm: clear it by itself when the bagging area is right again."""
        zero_band = self.settings.security.zero_band_g
        pending = self.pending_bag
        if pending is not None and abs(delta) > zero_band and pending.expected.accepts(
                delta, zero_band):
            self._bagged(delta, confirmed=False)
            return self._clear_alarm(State.SCANNING)
        if abs(delta) <= zero_band:
            return self._clear_alarm(self.resume_state)
        return self.state

    def _clear_alarm(self, state: State, how: str = "cleared", operator: str = "") -> State:
        intervention = self._security_intervention()
        if intervention is not None:
            self._close(intervention, how, operator)
        return state

    def _on_own_bag_declared(self, event: ev.OwnBagDeclared) -> State:
        self._start_visit_if_idle()
        self.own_bag_expected = True
        return State.SCANNING

    def _on_bagging_skipped(self, event: ev.BaggingSkipped) -> State:
        assert self.pending_bag is not None
        line_no = self.pending_bag.line_no
        line = self.basket.line(line_no) if line_no else None
        if line is None or line.product.bagging is not Bagging.OPTIONAL:
            self._require(event.role, Role.ATTENDANT, "skipping bagging for this item")
        self.pending_bag = None
        return State.SCANNING

    def _on_bagging_timed_out(self, event: ev.BaggingTimedOut) -> State:
        assert self.pending_bag is not None
        expected = self.pending_bag.expected
        line_no = self.pending_bag.line_no
        line = self.basket.line(line_no) if line_no else None
        return self._alarm(InterventionKind.WEIGHT_MISMATCH, State.WEIGHT_MISMATCH,
                           WeightExplanation("nothing_placed", expected.grams,
                                             self.scale_g - self.baseline_g,
                                             expected.tolerance_g, expected.source,
                                             line.product.gtin if line else None,
                                             line.product.name if line else None))

    # -- help, devices, attendants --------------------------------------------------

    def _on_help_requested(self, event: ev.HelpRequested) -> State:
        if not any(i.kind is InterventionKind.HELP for i in self.interventions.values()):
            self._open(InterventionKind.HELP, {"reason": "shopper"})
        return self.state

    def _on_help_cancelled(self, event: ev.HelpCancelled) -> State:
        self._close_kind(InterventionKind.HELP, "cancelled")
        return self.state

    def _on_device_faulted(self, event: ev.DeviceFaulted) -> State:
        for intervention in self.interventions.values():
            if (intervention.kind is InterventionKind.DEVICE_FAULT
                    and intervention.explanation["device"] == event.device):
                return self.state
        self._open(InterventionKind.DEVICE_FAULT,
                   {"device": event.device, "code": event.code, "message": event.message,
                    "essential": event.essential},
                   blocks=Blocks.SCANNING if event.essential else Blocks.NOTHING)
        return self.state

    def _on_device_restored(self, event: ev.DeviceRestored) -> State:
        for intervention in list(self.interventions.values()):
            if (intervention.kind is InterventionKind.DEVICE_FAULT
                    and intervention.explanation["device"] == event.device):
                self._close(intervention, "cleared")
        return self.state

    def _on_attendant_signed_in(self, event: ev.AttendantSignedIn) -> State:
        self.attendant = (event.operator, event.role)
        return self.state

    def _on_attendant_signed_out(self, event: ev.AttendantSignedOut) -> State:
        self.attendant = None
        return self.state

    def _on_intervention_approved(self, event: ev.InterventionApproved) -> State:
        intervention = self._find(event.intervention_id)
        self._require(event.role, intervention.rule.clear_role,
                      f"approving {intervention.kind.value}")
        kind = intervention.kind
        if self._in_doubt_attempt(intervention) is not None:
            return self._settle_in_doubt(intervention, paid=True, operator=event.operator)
        if kind is InterventionKind.AGE_CHECK:
            self.age_verified = max(self.age_verified, intervention.explanation["min_age"])
        elif kind is InterventionKind.VOID_REQUEST and intervention.line_no is not None:
            line = self.basket.line(intervention.line_no)
            if not line.voided:
                self._void(line)
        elif intervention.rule.security:
            # The attendant has looked: what is on the scale now is right.
            delta = self.scale_g - self.baseline_g
            if self.pending_bag is not None and kind is InterventionKind.WEIGHT_MISMATCH:
                self._bagged(delta, confirmed=True)
            self.baseline_g = self.scale_g
            self._close(intervention, "approved", event.operator)
            return State.SCANNING if self.resume_state in SELLING else self.resume_state
        self._close(intervention, "approved", event.operator)
        return self.state

    def _on_intervention_rejected(self, event: ev.InterventionRejected) -> State:
        intervention = self._find(event.intervention_id)
        self._require(event.role, intervention.rule.clear_role,
                      f"rejecting {intervention.kind.value}")
        if self._in_doubt_attempt(intervention) is not None:
            return self._settle_in_doubt(intervention, paid=False, operator=event.operator)
        if intervention.kind is InterventionKind.AGE_CHECK:
            self._close(intervention, "rejected", event.operator)
            for line in list(self.basket.active_lines()):
                if line.product.min_age > self.age_verified:
                    self._void(line)
            return self._after_void()
        if intervention.rule.security:
            # Rejected: the item stays a problem until the area is put right, or it is voided.
            if self.pending_bag is not None and self.pending_bag.line_no is not None:
                self._void(self.basket.line(self.pending_bag.line_no))
                self.pending_bag = None
            self._close(intervention, "rejected", event.operator)
            self.baseline_g = self.scale_g
            return State.SCANNING if self.state in SECURITY else self.state
        self._close(intervention, "rejected", event.operator)
        return self.state

    def _in_doubt_attempt(self, intervention: Intervention) -> PaymentAttempt | None:
        """The payment attempt still in doubt that ``intervention`` is about, if any."""
        if intervention.kind is not InterventionKind.PAYMENT_PROBLEM \
                or intervention.explanation.get("reason") != "in_doubt":
            return None
        attempt = self.ledger.unsettled
        if attempt is None or attempt.status is not AttemptStatus.IN_DOUBT \
                or attempt.attempt_id != intervention.explanation.get("attempt_id"):
            return None
        return attempt

    def _settle_in_doubt(self, intervention: Intervention, *, paid: bool,
                         operator: str) -> State:
        """The attendant settles a payment the terminal cannot tell about (it stays silent,
        or has lost the transaction): approving says the money was taken (the terminal's
        own printed journal, or the bank, shows it), rejecting says it was not, and the
        shopper pays again.  Either way it is journalled under the operator's name."""
        attempt = self._in_doubt_attempt(intervention)
        assert attempt is not None  # the caller has checked
        self._close(intervention, "approved" if paid else "rejected", operator)
        attempt.result_code = "ATTENDANT"
        self._emit(ev.InDoubtSettled(attempt.attempt_id, paid))
        if paid:
            attempt.status = AttemptStatus.APPROVED
            attempt.approved_amount = attempt.amount
            attempt.reason = f"confirmed as paid by {operator}"
            return self._paid() if self.due <= 0 else State.PAYMENT
        attempt.status = AttemptStatus.ABORTED
        attempt.reason = f"confirmed as not paid by {operator}"
        return State.PAYMENT

    def _void(self, line: Line) -> None:
        self.basket.void(line.line_no)
        bagged = self.bagged_g.pop(line.line_no, None)
        if bagged:
            tolerance = self.settings.security.tolerance_for(bagged)
            self.expected_removals.append((bagged, tolerance))
        if self.pending_bag is not None and self.pending_bag.line_no == line.line_no:
            self.pending_bag = None
        # An age check for items no longer in the basket has nothing left to check.
        for intervention in list(self.interventions.values()):
            if intervention.kind is InterventionKind.AGE_CHECK and not any(
                    li.product.min_age > self.age_verified for li in self.basket.active_lines()):
                self._close(intervention, "cleared")

    def _on_line_voided(self, event: ev.LineVoided) -> State:
        self._require(event.role, Role.ATTENDANT, "voiding a line")
        line = self._active_line(event.line_no)
        self._void(line)
        return self._after_void()

    def _after_void(self) -> State:
        """The state once lines are voided: nothing left to bag means scanning again."""
        if self.state is State.AWAITING_BAGGING and self.pending_bag is None:
            return State.SCANNING
        return self.state

    def _on_quantity_changed(self, event: ev.QuantityChanged) -> State:
        self._require(event.role, Role.ATTENDANT, "changing a quantity")
        self._active_line(event.line_no)
        try:
            self.basket.set_quantity(event.line_no, event.quantity)
        except BasketError as exc:
            raise IllegalEvent(exc.message, code=exc.code) from exc
        return self.state

    def _nothing_paid(self) -> None:
        if self.ledger.paid or self.ledger.unsettled is not None:
            raise IllegalEvent("payments were taken: reverse them first",
                               code="TXN_PAYMENTS_TAKEN")

    def _on_transaction_cancelled(self, event: ev.TransactionCancelled) -> State:
        self._require(event.role, Role.ATTENDANT, "cancelling a transaction")
        self._nothing_paid()
        return self._end_visit("cancelled")

    def _on_transaction_suspended(self, event: ev.TransactionSuspended) -> State:
        self._require(event.role, Role.ATTENDANT, "suspending a transaction")
        self._nothing_paid()
        return self._end_visit("suspended")

    def _on_reprint_requested(self, event: ev.ReprintRequested) -> State:
        self._require(event.role, Role.ATTENDANT, "reprinting a receipt")
        if not self.last_receipt_txn:
            raise IllegalEvent("there is no receipt to reprint", code="TXN_NO_RECEIPT")
        self._emit(ev.IssueReceipt(self.last_receipt_txn, reprint=True))
        return self.state

    # -- payment ------------------------------------------------------------------

    def _on_pay_requested(self, event: ev.PayRequested) -> State:
        if self.basket.is_empty():
            raise IllegalEvent("the basket is empty", code="TXN_EMPTY_BASKET")
        blocker = self.blocked(Blocks.PAYMENT)
        if blocker is not None:
            raise IllegalEvent(f"payment is blocked by {blocker.kind.value}",
                               code="TXN_PAYMENT_BLOCKED")
        if self.due <= 0:
            return self._paid()
        return State.PAYMENT

    def _on_payment_left(self, event: ev.PaymentLeft) -> State:
        return State.SCANNING

    def _on_tender_selected(self, event: ev.TenderSelected) -> State:
        due = self.due
        amount = due if event.amount is None else event.amount
        if not 0 < amount <= due and event.tender is not Tender.CASH:
            raise IllegalEvent(f"the amount must be between 0 and {due}",
                               code="TXN_AMOUNT")
        if amount <= 0:
            raise IllegalEvent("the amount must be positive", code="TXN_AMOUNT")
        attempt = self.ledger.open(event.tender, amount)
        self._emit(ev.AuthorizePayment(attempt.attempt_id, event.tender, amount,
                                       self.settings.currency))
        return State.PAYMENT_PENDING

    def _unsettled(self, attempt_id: int) -> Any:
        attempt = self.ledger.unsettled
        if attempt is None or attempt.attempt_id != attempt_id:
            raise IllegalEvent(f"payment attempt {attempt_id} is not open",
                               code="TXN_NO_ATTEMPT")
        return attempt

    def _on_payment_cancel_requested(self, event: ev.PaymentCancelRequested) -> State:
        attempt = self.ledger.unsettled
        if attempt is not None:
            self._emit(ev.AbortPayment(attempt.attempt_id))
        return self.state

    def _on_payment_approved(self, event: ev.PaymentApproved) -> State:
        attempt = self._unsettled(event.attempt_id)
        attempt.status = AttemptStatus.APPROVED
        attempt.approved_amount = event.amount
        attempt.result_code = event.result_code
        attempt.masked_pan = event.masked_pan
        attempt.card_type = event.card_type
        attempt.receipt_no = event.receipt_no
        attempt.terminal_id = event.terminal_id
        if event.receipt_no:
            self.last_terminal_receipt = event.receipt_no
        self._close_kind(InterventionKind.PAYMENT_PROBLEM, "cleared")
        if self.due <= 0:
            return self._paid()
        return State.PAYMENT

    def _paid(self) -> State:
        self.last_receipt_txn = self.txn_id
        self._emit(ev.TransactionEnded(self.txn_id, "paid"))
        self._emit(ev.IssueReceipt(self.txn_id))
        return State.PAID

    def _settle_failed(self, attempt_id: int, status: AttemptStatus, code: str,
                       reason: str) -> State:
        attempt = self._unsettled(attempt_id)
        attempt.status = status
        attempt.result_code = code
        attempt.reason = reason
        in_doubt = [i for i in self.interventions.values()
                    if i.kind is InterventionKind.PAYMENT_PROBLEM
                    and i.explanation.get("reason") == "in_doubt"]
        for intervention in in_doubt:
            self._close(intervention, "cleared")
        declines = self.ledger.declines_in_a_row()
        if status is AttemptStatus.DECLINED and declines >= self.settings.max_declines:
            self._open(InterventionKind.PAYMENT_PROBLEM,
                       {"reason": "declined", "declines": declines, "result_code": code})
        return State.PAYMENT

    def _on_payment_declined(self, event: ev.PaymentDeclined) -> State:
        return self._settle_failed(event.attempt_id, AttemptStatus.DECLINED,
                                   event.result_code, event.reason)

    def _on_payment_aborted(self, event: ev.PaymentAborted) -> State:
        return self._settle_failed(event.attempt_id, AttemptStatus.ABORTED,
                                   event.result_code, event.reason)

    def _on_payment_outcome_unknown(self, event: ev.PaymentOutcomeUnknown) -> State:
        attempt = self._unsettled(event.attempt_id)
        attempt.status = AttemptStatus.IN_DOUBT
        attempt.reason = event.reason
        if not any(i.kind is InterventionKind.PAYMENT_PROBLEM
                   for i in self.interventions.values()):
            self._open(InterventionKind.PAYMENT_PROBLEM,
                       {"reason": "in_doubt", "attempt_id": attempt.attempt_id,
                        "amount": attempt.amount, "detail": event.reason})
        self._emit(ev.QueryPayment(attempt.attempt_id))
        return State.PAYMENT_IN_DOUBT

    def _on_reversal_requested(self, event: ev.ReversalRequested) -> State:
        self._require(event.role, Role.SUPERVISOR, "reversing a payment")
        attempt = self.ledger.get(event.attempt_id)
        if attempt is None or attempt.status is not AttemptStatus.APPROVED:
            raise IllegalEvent(f"payment {event.attempt_id} is not an approved payment",
                               code="TXN_NO_ATTEMPT")
        self._emit(ev.ReversePayment(attempt.attempt_id, attempt.approved_amount,
                                     self.settings.currency))
        return self.state

    def _on_payment_reversed(self, event: ev.PaymentReversed) -> State:
        attempt = self.ledger.get(event.attempt_id)
        if attempt is None or attempt.status is not AttemptStatus.APPROVED:
            raise IllegalEvent(f"payment {event.attempt_id} is not an approved payment",
                               code="TXN_NO_ATTEMPT")
        attempt.status = AttemptStatus.REVERSED
        return self.state

    def _on_receipt_issued(self, event: ev.ReceiptIssued) -> State:
        return State.RECEIPT


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def diagram() -> str:
    """Graphviz source of the machine (``dot -Tsvg``); self-loops are left out."""
    lines = ["digraph transaction {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    edges: dict[tuple[str, str], list[str]] = {}
    for t in TRANSITIONS:
        if t.sources == EVERY or t.sources == OPEN:
            continue  # lane-wide events would draw an edge from every state
        for source in sorted(t.sources, key=lambda s: s.value):
            for target in sorted(t.targets, key=lambda s: s.value):
                if source is not target:
                    label = t.event.__name__ + (f" [{t.guard}]" if t.guard else "")
                    edges.setdefault((source.value, target.value), []).append(label)
    for (from_id, to_id), labels in sorted(edges.items()):
        label = "\\n".join(labels)
        lines.append(f'  {from_id} -> {to_id} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def table() -> str:
    """The transition table as text: event, from which states, to which."""
    rows = []
    for t in TRANSITIONS:
        sources = "any" if t.sources == EVERY else (
            "any open" if t.sources == OPEN else ", ".join(sorted(s.value for s in t.sources)))
        targets = ", ".join(sorted(s.value for s in t.targets)) or "(same)"
        guard = f"  [{t.guard}]" if t.guard else ""
        rows.append(f"{t.event.__name__:24} {sources}  ->  {targets}{guard}")
    return "\n".join(rows) + "\n"
