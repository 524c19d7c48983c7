"""Card payment terminals: a protocol-neutral interface and its ZVT implementation."""

from devices.payment.interface import (
    DuplicateReference,
    PaymentError,
    PaymentInDoubt,
    PaymentOutcome,
    PaymentRequestError,
    PaymentStatus,
    PaymentTerminal,
)

__all__ = [
    "DuplicateReference", "PaymentError", "PaymentInDoubt", "PaymentOutcome",
    "PaymentRequestError", "PaymentStatus", "PaymentTerminal",
]
