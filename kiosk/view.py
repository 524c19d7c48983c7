"""What the shopper's screens show: an immutable view of the lane, and which screen it is.

The lane's core runs off the UI thread; after every accepted event it builds
a ``LaneView`` and hands it to the UI, which only renders it.  ``screen_for``
decides the screen from the machine state, the open interventions and the
devices; its ids are the stable names scenarios and tests use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pos.catalog import SoldBy
from pos.interventions import Blocks, InterventionKind
from pos.payment import AttemptStatus
from pos.transaction import State, TransactionMachine

SCREENS = (
    "attract", "scanning", "awaiting_bagging", "produce_lookup", "weight_mismatch",
    "unexpected_item", "item_removed", "age_check_pending", "help_requested", "device_fault",
    "payment", "payment_pending", "payment_in_doubt", "receipt", "thank_you", "lane_closed",
    "out_of_order", "attendant_mode",
)


@dataclass(frozen=True, slots=True)
class LineView:
    line_no: int
    gtin: str
    name: str
    quantity: int
    weight_g: int | None
    unit_price: int
    amount: int
    voided: bool
    min_age: int
    category: str
    by_weight: bool


@dataclass(frozen=True, slots=True)
class InterventionView:
    id: int
    kind: str
    blocks: str
    explanation: Mapping[str, Any]
    line_no: int | None


@dataclass(frozen=True, slots=True)
class PaymentView:
    attempt_id: int
    tender: str
    amount: int
    status: str  # AttemptStatus value
    result_code: str | None
    reason: str | None
    progress: str = ""  # the terminal's latest prompt ("insert or tap card", "enter PIN" ...)


@dataclass(frozen=True, slots=True)
class DeviceView:
    name: str
    health: str  # "online", "offline", "error"
    code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ScaleView:
    """The scale that weighs produce, as the look-up screen shows it while a shopper chooses."""

    place: str  # "scale" (the bagging area) or "scanner_scale"
    grams: int | None  # the net weight that would price an item; None: nothing on it
    stable: bool = True  # False while the reading moves
    working: bool = True  # False: the scale is offline or faulty, nothing can be weighed


@dataclass(frozen=True)
class LaneView:
    lane_id: str
    lane_name: str
    store_name: str
    currency: str
    languages: tuple[str, ...]
    language: str
    state: str  # the machine's state id
    txn_id: str
    lines: tuple[LineView, ...]
    total: int
    savings: int
    item_count: int
    paid: int
    due: int
    discounts: tuple[tuple[str, int], ...]
    interventions: tuple[InterventionView, ...]
    pending_line: LineView | None  # the item waiting to be bagged
    skip_bagging_allowed: bool
    payments: tuple[PaymentView, ...]
    attendant: str | None
    devices: tuple[DeviceView, ...] = ()
    pay_requested: bool = False  # the shopper pressed pay while something blocked it
    receipt_qr: str | None = None  # the digital receipt, when shown
    receipt_printed: bool | None = None  # None: printing, or no receipt yet
    message: tuple[str, str] | None = None  # (code, text) of the last refusal, for a notice
    attendant_mode: bool = False
    still_there: bool = False  # ask "are you still there?"
    high_contrast: bool = False
    large_text: bool = False
    spoken: bool = False  # the shopper asked for spoken prompts
    operators: tuple[tuple[str, str], ...] = ()  # (id, name) who may sign in at this lane
    today: date = field(default_factory=date.today)  # the lane's date: age checks count from it
    weighing: ScaleView | None = None  # on the look-up screen: what the produce scale shows

    @property
    def active_lines(self) -> tuple[LineView, ...]:
        return tuple(line for line in self.lines if not line.voided)

    @property
    def last_line(self) -> LineView | None:
        active = self.active_lines
        return active[-1] if active else None

    @property
    def current_payment(self) -> PaymentView | None:
        return self.payments[-1] if self.payments else None

    def intervention(self, kind: str) -> InterventionView | None:
        for intervention in self.interventions:
            if intervention.kind == kind:
                return intervention
        return None

    def with_(self, **changes: Any) -> LaneView:
        return replace(self, **changes)


def _line(line: Any) -> LineView:
    product = line.product
    return LineView(line.line_no, product.gtin, product.name, line.quantity, line.weight_g,
                    line.unit_price, line.amount, line.voided, product.min_age,
                    product.category, product.sold_by is SoldBy.WEIGHT)


@dataclass
class ViewContext:
    """What the view needs beyond the machine: names, languages, devices, UI toggles."""

    lane_name: str
    store_name: str
    languages: tuple[str, ...]
    devices: dict[str, DeviceView] = field(default_factory=dict)
    progress: str = ""


def build_view(machine: TransactionMachine, context: ViewContext, **extra: Any) -> LaneView:
    basket = machine.basket
    totals = basket.totals()
    pending = machine.pending_bag
    pending_line = None
    skip_allowed = False
    if pending is not None and pending.line_no is not None:
        line = basket.line(pending.line_no)
        pending_line = _line(line)
        skip_allowed = line.product.bagging.value == "optional"
    payments = tuple(
        PaymentView(a.attempt_id, a.tender.value, a.amount, a.status.value, a.result_code,
                    a.reason, context.progress if a.status is AttemptStatus.PENDING else "")
        for a in machine.ledger.attempts)
    discounts = tuple((d.name, d.amount) for d in totals.discounts) + tuple(
        (c.coupon.name, c.applied) for c in totals.coupons if c.applied)
    return LaneView(
        lane_id=machine.settings.lane_id, lane_name=context.lane_name,
        store_name=context.store_name, currency=machine.settings.currency,
        languages=context.languages, language=machine.language, state=machine.state.value,
        txn_id=machine.txn_id, lines=tuple(_line(line) for line in basket.lines),
        total=totals.total, savings=totals.savings, item_count=totals.item_count,
        paid=machine.ledger.paid, due=machine.due, discounts=discounts,
        interventions=tuple(
            InterventionView(i.id, i.kind.value, i.blocks.name.lower(), dict(i.explanation),
                             i.line_no)
            for i in machine.interventions.values()),
        pending_line=pending_line, skip_bagging_allowed=skip_allowed, payments=payments,
        attendant=machine.attendant[0] if machine.attendant else None,
        devices=tuple(context.devices.values()), **extra,
    )


_STATE_SCREENS = {
    State.CLOSED: "lane_closed", State.ATTRACT: "attract", State.SCANNING: "scanning",
    State.AWAITING_BAGGING: "awaiting_bagging", State.PRODUCE_LOOKUP: "produce_lookup",
    State.WEIGHT_MISMATCH: "weight_mismatch", State.UNEXPECTED_ITEM: "unexpected_item",
    State.ITEM_REMOVED: "item_removed", State.PAYMENT: "payment",
    State.PAYMENT_PENDING: "payment_pending", State.PAYMENT_IN_DOUBT: "payment_in_doubt",
    State.PAID: "receipt", State.RECEIPT: "thank_you",
}


def screen_for(view: LaneView) -> str:
    """The screen to show, by priority: attendant, faults, security, help, age, state."""
    state = State(view.state)
    if view.attendant_mode:
        return "attendant_mode"
    if state is State.CLOSED:
        return "lane_closed"
    essential_fault = any(
        i.kind == InterventionKind.DEVICE_FAULT.value and i.blocks == Blocks.SCANNING.name.lower()
        for i in view.interventions)
    if essential_fault and state in (State.ATTRACT, State.SCANNING, State.AWAITING_BAGGING):
        return "out_of_order" if state is State.ATTRACT else "device_fault"
    screen = _STATE_SCREENS[state]
    if screen in ("scanning", "payment") or (screen == "attract" and view.interventions):
        if view.intervention(InterventionKind.HELP.value) is not None:
            return "help_requested"
        if view.pay_requested and view.intervention(InterventionKind.AGE_CHECK.value):
            return "age_check_pending"
    if state is State.PAID and view.receipt_printed is not None:
        return "thank_you"
    return screen
