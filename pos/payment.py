"""Payment orchestration: tenders, attempts, and what is still due.

An attempt is created before the terminal is asked, so a crash at any
point leaves a record of it.  An attempt whose outcome is unknown is *in
doubt*: it is neither counted as paid nor retried, and only the terminal's
own answer (after asking it for its last transaction) settles it.  That is
how a payment is never lost and never charged twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Tender(Enum):
    CARD = "card"
    CASH = "cash"
    VOUCHER = "voucher"


class AttemptStatus(Enum):
    PENDING = "pending"  # the terminal is working on it
    APPROVED = "approved"
    DECLINED = "declined"
    ABORTED = "aborted"  # cancelled by shopper, terminal or time-out before any charge
    IN_DOUBT = "in_doubt"  # outcome unknown: ask the terminal
    REVERSED = "reversed"  # approved, then taken back

    @property
    def final(self) -> bool:
        return self not in (AttemptStatus.PENDING, AttemptStatus.IN_DOUBT)


@dataclass(slots=True)
class PaymentAttempt:
    attempt_id: int
    tender: Tender
    amount: int  # requested, minor units
    status: AttemptStatus = AttemptStatus.PENDING
    approved_amount: int = 0
    result_code: str | None = None
    reason: str | None = None
    masked_pan: str | None = None
    card_type: str | None = None
    receipt_no: str | None = None
    terminal_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "attempt_id": self.attempt_id, "tender": self.tender.value, "amount": self.amount,
            "status": self.status.value, "approved_amount": self.approved_amount,
            "result_code": self.result_code, "reason": self.reason,
            "masked_pan": self.masked_pan, "card_type": self.card_type,
            "receipt_no": self.receipt_no, "terminal_id": self.terminal_id,
        }


class PaymentLedger:
    """The attempts of one transaction."""

    def __init__(self) -> None:
        self.attempts: list[PaymentAttempt] = []

    def open(self, tender: Tender, amount: int) -> PaymentAttempt:
        attempt = PaymentAttempt(len(self.attempts) + 1, tender, amount)
        self.attempts.append(attempt)
        return attempt

    def get(self, attempt_id: int) -> PaymentAttempt | None:
        if 1 <= attempt_id <= len(self.attempts):
            return self.attempts[attempt_id - 1]
        return None

    @property
    def paid(self) -> int:
        return sum(a.approved_amount for a in self.attempts if a.status is AttemptStatus.APPROVED)

    @property
    def unsettled(self) -> PaymentAttempt | None:
        """The attempt still pending or in doubt, if any (at most one at a time)."""
        for attempt in reversed(self.attempts):
            if not attempt.status.final:
                return attempt
        return None

    def declines_in_a_row(self) -> int:
        count = 0
        for attempt in reversed(self.attempts):
            if attempt.status is not AttemptStatus.DECLINED:
                break
            count += 1
        return count

    def snapshot(self) -> list[dict[str, Any]]:
        return [a.to_dict() for a in self.attempts]
