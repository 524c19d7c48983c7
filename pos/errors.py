"""The error hierarchy of the domain.

Every error carries a stable ``code`` (shown to the attendant and written to
logs) and a sentence a person understands (``str(error)``).  Subclasses pin
their own code; callers may give a more precise one.
"""

from __future__ import annotations


class SCOError(Exception):
    """Base of every error the self-checkout raises on purpose."""

    code: str = "SCO_ERROR"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code}: {self.message})"


class MoneyError(SCOError):
    """Amounts in different currencies were mixed, or an amount is malformed."""

    code = "MONEY"


class CatalogError(SCOError):
    """A product is unknown or a catalog row is invalid."""

    code = "CATALOG"


class BarcodeError(SCOError):
    """A barcode could not be interpreted; it is never looked up."""

    code = "BARCODE"


class BasketError(SCOError):
    """A basket operation refers to a line that does not exist or is already void."""

    code = "BASKET"


class IllegalEvent(SCOError):
    """The transaction machine cannot take this event in its current state."""

    code = "TXN_ILLEGAL_EVENT"


class NotPermitted(IllegalEvent):
    """The operator's role may not perform the action."""

    code = "TXN_NOT_PERMITTED"


class JournalConflict(SCOError):
    """A journal record's sequence number is not the next one for its lane."""

    code = "JOURNAL_CONFLICT"
