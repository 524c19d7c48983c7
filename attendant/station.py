"""What the station's screen may ask of the station, and what it is told back.

The screen (``attendant.ui``) only presents and takes input.  Everything it
does goes through a ``StationPort``: ``attendant.app`` implements it over the
MQTT link, the operator store and the audit; tests implement nothing of their
own but drive the real one against a test-started Mosquitto.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pos.messages import Action


@dataclass(frozen=True, slots=True)
class Operator:
    id: str
    name: str
    role: str  # "attendant" or "supervisor"


class SignInRefused(Exception):
    """Wrong PIN, unknown badge, or locked out; ``str()`` is a sentence for the screen."""

    def __init__(self, message: str, *, code: str, locked_until: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.locked_until = locked_until


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """One button pressed on the station, for one lane."""

    lane: str
    action: Action
    txn: str = ""
    intervention: int | None = None
    line: int | None = None


class StationPort(Protocol):
    def sign_in_pin(self, operator_id: str, pin: str) -> Operator:
        """The operator, or SignInRefused."""

    def sign_in_badge(self, badge: str) -> Operator:
        """The operator whose badge this is, or SignInRefused."""

    def sign_out(self) -> None: ...

    @property
    def operator(self) -> Operator | None: ...

    def send(self, request: ActionRequest) -> str:
        """Send a command as the signed-in operator; its id.  The reply comes as a signal."""
