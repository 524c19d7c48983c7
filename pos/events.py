"""Events into the transaction machine, and the effects it asks the shell for.

Events are facts, complete enough to replay: an ``ItemAdded`` carries the
product as it was priced and the weight the bagging area should expect, so
replaying the journal after a price change or a newly learned weight
rebuilds the transaction exactly as it was.

Every event and effect is a frozen dataclass; ``encode``/``decode`` turn an
event into the JSON-ready payload stored in the journal and back.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Union

from pos.catalog import Product
from pos.errors import SCOError
from pos.interventions import Role
from pos.payment import Tender
from pos.promotions import Coupon
from pos.security import ExpectedWeight


class EventDecodeError(SCOError):
    code = "EVENT_DECODE"


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event."""


# -- lane and visit ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LaneOpened(Event):
    operator: str = ""


@dataclass(frozen=True, slots=True)
class LaneClosed(Event):
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class LaneRestarted(Event):
    """Appended by the lane each time its process starts, after replay."""


@dataclass(frozen=True, slots=True)
class LanguageChanged(Event):
    language: str


@dataclass(frozen=True, slots=True)
class IdleTimedOut(Event):
    """Nobody touched the lane for the configured time."""


@dataclass(frozen=True, slots=True)
class VisitEnded(Event):
    """The thank-you screen timed out or the shopper left."""


# -- items -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemAdded(Event):
    product: Product
    expected: ExpectedWeight
    quantity: int = 1
    weight_g: int | None = None  # weighed items: the stable reading that priced it
    price: int | None = None  # variable-measure price from the barcode
    code: str = ""


@dataclass(frozen=True, slots=True)
class CouponAdded(Event):
    coupon: Coupon


@dataclass(frozen=True, slots=True)
class ProduceLookupOpened(Event):
    pass


@dataclass(frozen=True, slots=True)
class ProduceLookupClosed(Event):
    pass


@dataclass(frozen=True, slots=True)
class VoidRequested(Event):
    line_no: int


# -- bagging area -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeightChanged(Event):
    """A new *stable* reading of the bagging scale (live readings never reach the machine)."""

    grams: int


@dataclass(frozen=True, slots=True)
class OwnBagDeclared(Event):
    pass


@dataclass(frozen=True, slots=True)
class BaggingSkipped(Event):
    operator: str = ""  # empty: the shopper (only for items that need no bagging)
    role: Role | None = None


@dataclass(frozen=True, slots=True)
class BaggingTimedOut(Event):
    pass


# -- help, devices, attendants ------------------------------------------------


@dataclass(frozen=True, slots=True)
class HelpRequested(Event):
    pass


@dataclass(frozen=True, slots=True)
class HelpCancelled(Event):
    pass


@dataclass(frozen=True, slots=True)
class DeviceFaulted(Event):
    device: str  # "scanner", "scale", "printer", "payment"
    code: str
    message: str
    essential: bool = True  # the lane cannot sell without it


@dataclass(frozen=True, slots=True)
class DeviceRestored(Event):
    device: str


@dataclass(frozen=True, slots=True)
class AttendantSignedIn(Event):
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class AttendantSignedOut(Event):
    operator: str


@dataclass(frozen=True, slots=True)
class InterventionApproved(Event):
    intervention_id: int
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class InterventionRejected(Event):
    intervention_id: int
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class LineVoided(Event):
    line_no: int
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class QuantityChanged(Event):
    line_no: int
    quantity: int
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class TransactionCancelled(Event):
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class TransactionSuspended(Event):
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class ReprintRequested(Event):
    operator: str
    role: Role


# -- payment -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayRequested(Event):
    pass


@dataclass(frozen=True, slots=True)
class PaymentLeft(Event):
    """The shopper went back from the tender choice to scanning."""


@dataclass(frozen=True, slots=True)
class TenderSelected(Event):
    tender: Tender
    amount: int | None = None  # None: everything still due


@dataclass(frozen=True, slots=True)
class PaymentCancelRequested(Event):
    """The shopper pressed cancel while the terminal was busy."""


@dataclass(frozen=True, slots=True)
class PaymentApproved(Event):
    attempt_id: int
    amount: int
    result_code: str = "00"
    masked_pan: str | None = None
    card_type: str | None = None
    receipt_no: str | None = None
    terminal_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentDeclined(Event):
    attempt_id: int
    result_code: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PaymentAborted(Event):
    attempt_id: int
    result_code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PaymentOutcomeUnknown(Event):
    attempt_id: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ReversalRequested(Event):
    attempt_id: int
    operator: str
    role: Role


@dataclass(frozen=True, slots=True)
class PaymentReversed(Event):
    attempt_id: int


@dataclass(frozen=True, slots=True)
class ReceiptIssued(Event):
    digital: bool = False


# -- effects -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Effect:
    """Base of everything the machine asks its shell to do."""


@dataclass(frozen=True, slots=True)
class CallAttendant(Effect):
    intervention: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InterventionClosed(Effect):
    intervention_id: int
    kind: str
    how: str  # "cleared" (cause went away), "approved", "rejected", "ended" (visit ended)
    operator: str = ""


@dataclass(frozen=True, slots=True)
class AuthorizePayment(Effect):
    attempt_id: int
    tender: Tender
    amount: int
    currency: str


@dataclass(frozen=True, slots=True)
class AbortPayment(Effect):
    attempt_id: int


@dataclass(frozen=True, slots=True)
class QueryPayment(Effect):
    """Ask the terminal for the outcome of its last transaction."""

    attempt_id: int


@dataclass(frozen=True, slots=True)
class InDoubtSettled(Effect):
    """An attendant has settled the payment in doubt: the terminal's driver may stop
    holding it open and take the next payment."""

    attempt_id: int
    paid: bool


@dataclass(frozen=True, slots=True)
class ReversePayment(Effect):
    attempt_id: int
    amount: int
    currency: str


@dataclass(frozen=True, slots=True)
class RecordWeighing(Effect):
    """A weighing worth learning from (per piece)."""

    gtin: str
    grams: int
    confirmed: bool


@dataclass(frozen=True, slots=True)
class IssueReceipt(Effect):
    txn_id: str
    reprint: bool = False


@dataclass(frozen=True, slots=True)
class TransactionStarted(Effect):
    txn_id: str


@dataclass(frozen=True, slots=True)
class TransactionEnded(Effect):
    txn_id: str
    outcome: str  # "paid", "cancelled", "suspended"


# -- the journal codec -----------------------------------------------------------

EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls for cls in Event.__subclasses__()
}


def encode(event: Event) -> dict[str, Any]:
    """The JSON-ready payload of ``event`` (its kind is ``type(event).__name__``)."""
    return {f.name: _encode_value(getattr(event, f.name)) for f in dataclasses.fields(event)}


def _encode_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value if not isinstance(value, Role) else value.name.lower()
    if isinstance(value, (Product, ExpectedWeight)):
        return value.to_dict()
    if isinstance(value, Coupon):
        return {"code": value.code, "name": value.name, "value": value.value,
                "min_spend": value.min_spend, "gtins": sorted(value.gtins)}
    return value


def decode(kind: str, payload: dict[str, Any]) -> Event:
    """The event stored as ``kind`` with ``payload``; raises EventDecodeError."""
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise EventDecodeError(f"unknown event kind {kind!r}")
    hints = _hints(cls)
    try:
        args = {name: _decode_value(hints[name], payload[name]) for name in hints
                if name in payload}
        return cls(**args)
    except (KeyError, TypeError, ValueError) as exc:
        raise EventDecodeError(f"{kind} payload {payload!r} is malformed: {exc}") from exc


_HINTS: dict[type[Event], dict[str, Any]] = {}


def _hints(cls: type[Event]) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _HINTS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return found


def _decode_value(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is Role:
        return Role.parse(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is Product:
        return Product.from_dict(value)
    if hint is ExpectedWeight:
        return ExpectedWeight.from_dict(value)
    if hint is Coupon:
        return Coupon(value["code"], value["name"], int(value["value"]), int(value["min_spend"]),
                      frozenset(value["gtins"]))
    return value
