"""What the lane asks of a card terminal, whatever protocol it speaks.

ZVT (``devices.payment.zvt``) is the first implementation; nexo / Adyen
Terminal API (JSON) or Ingenico Concert could implement the same class.

The rules every implementation keeps:

* ``authorize`` never guesses.  Once the request may have reached the
  terminal, it returns an outcome (``unknown`` when the answer did not come)
  and does not raise; it raises only when nothing was sent.
* A reference is authorized at most once: a second ``authorize`` with a
  reference that may have reached the terminal raises ``DuplicateReference``.
* After an ``unknown`` outcome the terminal is *in doubt*: ``authorize``
  raises ``PaymentInDoubt`` until ``query_last`` (or
  ``acknowledge_in_doubt``, for an attendant's decision) settles it, since a
  new payment would replace the very "last transaction" that tells what
  happened.
* Progress goes to the event sink as ``PaymentEvent(kind="progress")``; the
  outcome of each operation as ``PaymentEvent(kind=<status>)``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from devices.errors import DeviceError

PaymentStatus = Literal["approved", "declined", "aborted", "unknown"]


class PaymentError(DeviceError):
    code = "PAYMENT"


class PaymentRequestError(PaymentError):
    """The request itself is wrong (amount out of range, unknown currency, ...)."""

    code = "PAYMENT_BAD_REQUEST"


class DuplicateReference(PaymentError):
    """This reference was already sent to the terminal; sending it again could charge twice."""

    code = "PAYMENT_DUPLICATE_REFERENCE"


class PaymentInDoubt(PaymentError):
    """An earlier payment's outcome is unknown: ask the terminal (``query_last``) first."""

    code = "PAYMENT_IN_DOUBT"


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    """The result of one terminal operation, as the terminal reported it."""

    status: PaymentStatus
    amount: int | None = None  # minor units, as the terminal reported (or as requested)
    currency: str | None = None  # ISO 4217 alpha, "EUR"
    result_code: str | None = None  # the terminal's result code, 2 hex digits: "00", "05", "6C"
    text: str = ""  # a sentence for the journal and the attendant
    masked_pan: str | None = None  # "672559******1234"
    card_type: str | None = None  # "girocard", "Visa", ...
    receipt_no: str | None = None  # what a reversal needs
    trace_no: str | None = None
    terminal_id: str | None = None
    at: datetime | None = None  # date and time from the terminal
    print_lines: tuple[str, ...] = ()  # the terminal's receipt, line by line
    reference: str | None = None  # the caller's reference, when the outcome answers a request

    @property
    def final(self) -> bool:
        """False only for ``unknown``: the payment is in doubt."""
        return self.status != "unknown"

    def details(self) -> dict[str, Any]:
        """Plain values for events and the journal."""
        return {
            "status": self.status, "amount": self.amount, "currency": self.currency,
            "result_code": self.result_code, "text": self.text, "masked_pan": self.masked_pan,
            "card_type": self.card_type, "receipt_no": self.receipt_no,
            "trace_no": self.trace_no, "terminal_id": self.terminal_id,
            "at": None if self.at is None else self.at.isoformat(),
            "print_lines": list(self.print_lines), "reference": self.reference,
        }


class PaymentTerminal(ABC):
    """A card terminal.  Calls block the calling thread (never the UI thread) until done."""

    @abstractmethod
    def register(self) -> None:
        """Log on to the terminal; raises ``DeviceError`` when it refuses or does not answer."""

    @abstractmethod
    def authorize(self, amount_minor: int, currency: str, *, reference: str) -> PaymentOutcome:
        """Take ``amount_minor`` from the shopper's card.

        Raises (nothing was sent): ``PaymentRequestError``, ``DuplicateReference``,
        ``PaymentInDoubt``, ``DeviceOffline``.  Otherwise returns the outcome,
        ``unknown`` when the terminal's answer did not arrive.
        """

    @abstractmethod
    def abort(self) -> None:
        """Ask the terminal to stop the payment in progress (the shopper cancelled).

        The payment's own ``authorize`` call then returns ``aborted`` -- or
        ``approved``, if the terminal had already got that far.
        """

    @abstractmethod
    def query_last(self) -> PaymentOutcome | None:
        """What the terminal says about its last transaction (after a timeout or a crash).

        ``None`` when the terminal reports no last transaction; that alone never
        proves that an in-doubt payment was not charged.  The caller matches the
        amount and the receipt/trace number against what it expected.  Raises
        ``DeviceError`` when the terminal cannot be asked.
        """

    @abstractmethod
    def reverse(self, receipt_no: str, amount_minor: int) -> PaymentOutcome:
        """Take back the approved payment with ``receipt_no``; ``approved`` means reversed."""

    @abstractmethod
    def acknowledge_in_doubt(self) -> None:
        """A person settled the in-doubt payment by other means: allow new payments."""
