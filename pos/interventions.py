"""Interventions: the situations that need a person, and who may clear them.

Each kind has one rule: what it blocks (nothing, payment, or scanning and
payment), the least role that may clear it, and whether it clears by itself
when its cause goes away (a security alarm does when the weight is right
again).  The rules are a table, so the station and docs can print them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, IntEnum
from typing import Any


class InterventionKind(Enum):
    AGE_CHECK = "age_check"
    WEIGHT_MISMATCH = "weight_mismatch"
    UNEXPECTED_ITEM = "unexpected_item"
    ITEM_REMOVED = "item_removed"
    VOID_REQUEST = "void_request"
    HELP = "help"
    DEVICE_FAULT = "device_fault"
    PAYMENT_PROBLEM = "payment_problem"


class Blocks(IntEnum):
    NOTHING = 0
    PAYMENT = 1  # the shopper may go on scanning
    SCANNING = 2  # scanning and payment


class Role(IntEnum):
    """Operator roles, ordered: a supervisor may do all an attendant may."""

    ATTENDANT = 1
    SUPERVISOR = 2

    @classmethod
    def parse(cls, name: str) -> Role:
        return cls[name.upper()]


@dataclass(frozen=True, slots=True)
class InterventionRule:
    blocks: Blocks
    clear_role: Role
    clears_by_itself: bool
    security: bool  # a bagging-area alarm (the lane light flashes)


_R = InterventionRule
RULES: Mapping[InterventionKind, InterventionRule] = {
    InterventionKind.AGE_CHECK: _R(Blocks.PAYMENT, Role.ATTENDANT, False, False),
    InterventionKind.WEIGHT_MISMATCH: _R(Blocks.SCANNING, Role.ATTENDANT, True, True),
    InterventionKind.UNEXPECTED_ITEM: _R(Blocks.SCANNING, Role.ATTENDANT, True, True),
    InterventionKind.ITEM_REMOVED: _R(Blocks.SCANNING, Role.ATTENDANT, True, True),
    InterventionKind.VOID_REQUEST: _R(Blocks.PAYMENT, Role.ATTENDANT, False, False),
    InterventionKind.HELP: _R(Blocks.NOTHING, Role.ATTENDANT, False, False),
    InterventionKind.DEVICE_FAULT: _R(Blocks.SCANNING, Role.ATTENDANT, True, False),
    InterventionKind.PAYMENT_PROBLEM: _R(Blocks.PAYMENT, Role.ATTENDANT, False, False),
}


@dataclass(slots=True)
class Intervention:
    id: int  # unique within the lane's transaction; the station adds lane and txn
    kind: InterventionKind
    explanation: dict[str, Any] = field(default_factory=dict)
    line_no: int | None = None
    blocks_override: Blocks | None = None  # a fault of a device the lane can sell without

    @property
    def rule(self) -> InterventionRule:
        return RULES[self.kind]

    @property
    def blocks(self) -> Blocks:
        return self.rule.blocks if self.blocks_override is None else self.blocks_override

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "id": self.id, "kind": self.kind.value, "line_no": self.line_no,
            "explanation": dict(self.explanation), "blocks": self.blocks.name.lower(),
            "clear_role": rule.clear_role.name.lower(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Intervention:
        kind = InterventionKind(data["kind"])
        blocks = Blocks[str(data["blocks"]).upper()]
        return cls(int(data["id"]), kind, dict(data["explanation"]), data.get("line_no"),
                   None if blocks is RULES[kind].blocks else blocks)


def born_on_or_before(today: date, age: int) -> date:
    """The latest birth date of someone who is ``age`` or older on ``today``.

    What the attendant compares with the date on an ID card.  Someone born on 29 February
    has had their birthday in a common year once 28 February is over, so on 28 February of
    a common year the answer is 28 February: one born the next day, 1 March, is not yet of age.
    """
    if age < 0:
        raise ValueError(f"an age is not negative: {age}")
    year = today.year - age
    try:
        return today.replace(year=year)
    except ValueError:  # today is 29 February and that year has none
        return date(year, 2, 28)
