"""The messages lanes and attendant stations exchange, as plain data with a strict codec.

Topics (DESIGN.md, "Lane ↔ station link"), QoS 1 throughout:

- ``sco/{store}/lane/{lane}/status``   retained, from the lane (last will: offline)
- ``sco/{store}/lane/{lane}/events``   from the lane: journal events and facts, each with an id
- ``sco/{store}/lane/{lane}/commands`` from stations: one action by one operator, with an id
- ``sco/{store}/lane/{lane}/replies``  from the lane: the result of each command id
- ``sco/{store}/operators``            retained, from stations: who may sign in, PINs hashed

Every payload is a UTF-8 JSON object with ``"v": 1``.  The decoders trust
nothing: a message from the network that is not exactly what this module
writes raises ``MessageError`` naming what is wrong, and is never half applied.
Written with the standard library only, so any MQTT client in any language
can read and write these by following this file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from pos.errors import SCOError

SCHEMA = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # store, lane and station ids
MAX_PAYLOAD = 256 * 1024  # bytes; anything larger is refused before parsing


class MessageError(SCOError):
    """A message that does not follow this schema (garbage, forged or from a newer version)."""

    code = "LINK_BAD_MESSAGE"


# -- topics --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topics:
    """The topic names of one store."""

    store: str

    def __post_init__(self) -> None:
        _check_name("store", self.store)

    def _lane(self, lane: str, kind: str) -> str:
        _check_name("lane", lane)
        return f"sco/{self.store}/lane/{lane}/{kind}"

    def status(self, lane: str) -> str:
        return self._lane(lane, "status")

    def events(self, lane: str) -> str:
        return self._lane(lane, "events")

    def commands(self, lane: str) -> str:
        return self._lane(lane, "commands")

    def replies(self, lane: str) -> str:
        return self._lane(lane, "replies")

    def every_lane(self, kind: str) -> str:
        return f"sco/{self.store}/lane/+/{kind}"

    @property
    def operators(self) -> str:
        return f"sco/{self.store}/operators"

    def parse(self, topic: str) -> tuple[str, str]:
        """(lane, kind) of a lane topic of this store; raises MessageError otherwise."""
        parts = topic.split("/")
        if (len(parts) != 5 or parts[0] != "sco" or parts[1] != self.store
                or parts[2] != "lane" or not _NAME.match(parts[3])
                or parts[4] not in ("status", "events", "commands", "replies")):
            raise MessageError(f"not a lane topic of store {self.store}: {topic!r}")
        return parts[3], parts[4]


def _check_name(what: str, value: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise MessageError(f"{what} must be 1-64 letters, digits, '-', '_' or '.': {value!r}")
    return value


# -- lane status ---------------------------------------------------------------------


class Light(Enum):
    """The lane light, as on the pole above a real lane."""

    GREEN = "green"  # available or selling normally
    YELLOW = "yellow"  # attention: payment in doubt, a device not well, attendant at the lane
    RED = "red"  # an intervention waits, or the lane is closed or offline


@dataclass(frozen=True, slots=True)
class InterventionSummary:
    id: int
    kind: str  # pos.interventions.InterventionKind value
    raised_at: float  # seconds since the epoch, lane clock
    blocks: str  # "nothing", "payment", "scanning"
    clear_role: str  # least role that may clear it: "attendant" or "supervisor"
    security: bool  # a bagging-area alarm: the light flashes
    explanation: Mapping[str, Any] = field(default_factory=dict)
    line_no: int | None = None


@dataclass(frozen=True, slots=True)
class DeviceSummary:
    name: str
    health: str  # "online", "offline", "error"
    code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class LaneStatus:
    """The retained picture of one lane; the last will says ``online: false``."""

    lane: str
    store: str
    online: bool
    at: float  # when the lane wrote it
    name: str = ""
    state: str = "closed"  # pos.transaction.State value
    state_since: float = 0.0
    screen: str = ""  # the shopper's screen id
    txn: str = ""
    total: int = 0  # minor units
    currency: str = ""
    items: int = 0
    light: str = Light.RED.value
    flashing: bool = False
    attendant: str | None = None  # operator signed in at the lane
    interventions: tuple[InterventionSummary, ...] = ()
    devices: tuple[DeviceSummary, ...] = ()

    def encode(self) -> bytes:
        return _dump({"type": "status", **asdict(self)})

    @classmethod
    def offline(cls, lane: str, store: str, at: float, name: str = "") -> LaneStatus:
        return cls(lane=lane, store=store, online=False, at=at, name=name)


def lane_light(state: str, online: bool, interventions: tuple[InterventionSummary, ...],
               devices: tuple[DeviceSummary, ...], attendant: str | None) -> tuple[Light, bool]:
    """The light colour and whether it flashes: one rule, used by lanes and stations alike."""
    if not online or state == "closed":
        return Light.RED, False
    if interventions:
        return Light.RED, any(i.security for i in interventions)
    if (state == "payment_in_doubt" or attendant is not None
            or any(d.health != "online" for d in devices)):
        return Light.YELLOW, False
    return Light.GREEN, False


def decode_status(payload: bytes) -> LaneStatus:
    data = _load(payload, "status")
    r = _Reader(data, "status")
    status = LaneStatus(
        lane=r.name("lane"), store=r.name("store"), online=r.flag("online"), at=r.time("at"),
        name=r.text("name", ""), state=r.text("state", "closed"),
        state_since=r.time("state_since", 0.0), screen=r.text("screen", ""),
        txn=r.text("txn", ""), total=r.integer("total", 0), currency=r.text("currency", ""),
        items=r.integer("items", 0), light=r.choice("light", [x.value for x in Light], "red"),
        flashing=r.flag("flashing", False), attendant=r.optional_text("attendant"),
        interventions=tuple(_intervention(x) for x in r.array("interventions")),
        devices=tuple(_device(x) for x in r.array("devices")))
    return status


def _intervention(data: Any) -> InterventionSummary:
    r = _Reader(data, "intervention")
    return InterventionSummary(
        id=r.integer("id"), kind=r.text("kind"), raised_at=r.time("raised_at"),
        blocks=r.choice("blocks", ["nothing", "payment", "scanning"]),
        clear_role=r.choice("clear_role", ["attendant", "supervisor"]),
        security=r.flag("security", False), explanation=r.mapping("explanation"),
        line_no=r.optional_integer("line_no"))


def _device(data: Any) -> DeviceSummary:
    r = _Reader(data, "device")
    return DeviceSummary(name=r.text("name"), health=r.text("health"), code=r.text("code", ""),
                         reason=r.text("reason", ""))


# -- events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LaneEvent:
    """One thing that happened on a lane, published once per id (redelivery is harmless).

    ``kind`` is a journal event class (``ItemAdded`` ...) with ``seq`` its journal
    sequence number, or one of the facts the lane derives for the station with
    ``seq`` 0: ``InterventionOpened``, ``InterventionClosed``, ``TransactionEnded``,
    ``CommandApplied``.
    """

    id: str  # "{lane}:{seq}" for journal events, "{lane}:f{n}" for facts
    lane: str
    txn: str
    seq: int
    kind: str
    at: float
    data: Mapping[str, Any] = field(default_factory=dict)

    def encode(self) -> bytes:
        return _dump({"type": "event", **asdict(self)})


FACTS = ("InterventionOpened", "InterventionClosed", "TransactionEnded", "CommandApplied")


def decode_event(payload: bytes) -> LaneEvent:
    r = _Reader(_load(payload, "event"), "event")
    return LaneEvent(id=r.text("id"), lane=r.name("lane"), txn=r.text("txn", ""),
                     seq=r.integer("seq", 0), kind=r.text("kind"), at=r.time("at"),
                     data=r.mapping("data"))


# -- commands and replies ------------------------------------------------------------


class Action(Enum):
    APPROVE = "approve"  # an intervention
    REJECT = "reject"  # an intervention
    VOID_LINE = "void_line"
    CANCEL = "cancel"  # the transaction
    SUSPEND = "suspend"  # the transaction
    REPRINT = "reprint"  # the last receipt
    OPEN_LANE = "open_lane"
    CLOSE_LANE = "close_lane"


# What each action needs besides the operator: a transaction it was meant for
# (refused once that transaction ended), an intervention id, a line number.
ACTION_NEEDS: Mapping[Action, tuple[bool, bool, bool]] = {
    Action.APPROVE: (True, True, False),
    Action.REJECT: (True, True, False),
    Action.VOID_LINE: (True, False, True),
    Action.CANCEL: (True, False, False),
    Action.SUSPEND: (True, False, False),
    Action.REPRINT: (False, False, False),
    Action.OPEN_LANE: (False, False, False),
    Action.CLOSE_LANE: (False, False, False),
}


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # unique per command (a UUID); a lane applies each id at most once
    lane: str
    action: Action
    operator: str
    role: str  # "attendant" or "supervisor", as the station authenticated the operator
    station: str
    at: float
    txn: str = ""  # the transaction the operator saw; required where ACTION_NEEDS says
    intervention: int | None = None
    line: int | None = None

    def encode(self) -> bytes:
        data = asdict(self)
        data["action"] = self.action.value
        return _dump({"type": "command", **data})


def decode_command(payload: bytes) -> Command:
    r = _Reader(_load(payload, "command"), "command")
    action = Action(r.choice("action", [a.value for a in Action]))
    command = Command(
        id=r.text("id"), lane=r.name("lane"), action=action, operator=r.text("operator"),
        role=r.choice("role", ["attendant", "supervisor"]), station=r.name("station"),
        at=r.time("at"), txn=r.text("txn", ""), intervention=r.optional_integer("intervention"),
        line=r.optional_integer("line"))
    if not 8 <= len(command.id) <= 64:
        raise MessageError("command: id must be 8 to 64 characters")
    if not command.operator or len(command.operator) > 64:
        raise MessageError("command: operator must be 1 to 64 characters")
    needs_txn, needs_intervention, needs_line = ACTION_NEEDS[action]
    if needs_txn and not command.txn:
        raise MessageError(f"command: {action.value} needs the transaction id (txn)")
    if needs_intervention and command.intervention is None:
        raise MessageError(f"command: {action.value} needs an intervention id")
    if needs_line and command.line is None:
        raise MessageError(f"command: {action.value} needs a line number")
    return command


@dataclass(frozen=True, slots=True)
class Reply:
    """The lane's answer to one command id: applied, or refused with a code and a reason."""

    id: str  # the command's id
    lane: str
    ok: bool
    code: str  # "OK", or a stable error code such as "LINK_TXN_ENDED"
    reason: str  # a sentence for the attendant
    at: float
    txn: str = ""
    action: str = ""
    operator: str = ""

    def encode(self) -> bytes:
        return _dump({"type": "reply", **asdict(self)})


def decode_reply(payload: bytes) -> Reply:
    r = _Reader(_load(payload, "reply"), "reply")
    return Reply(id=r.text("id"), lane=r.name("lane"), ok=r.flag("ok"), code=r.text("code"),
                 reason=r.text("reason", ""), at=r.time("at"), txn=r.text("txn", ""),
                 action=r.text("action", ""), operator=r.text("operator", ""))


# -- operators -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    """Who may sign in: the PIN and the badge only as salted slow hashes."""

    id: str  # the operator's name or staff number, shown in the audit
    name: str
    role: str  # "attendant" or "supervisor"
    pin_hash: str  # pos.operators hash string
    badge_hash: str = ""  # empty: no badge


def encode_operators(records: tuple[OperatorRecord, ...], version: int) -> bytes:
    return _dump({"type": "operators", "version": version,
                  "operators": [asdict(r) for r in records]})


def decode_operators(payload: bytes) -> tuple[int, tuple[OperatorRecord, ...]]:
    r = _Reader(_load(payload, "operators"), "operators")
    records = []
    for item in r.array("operators"):
        o = _Reader(item, "operator")
        records.append(OperatorRecord(
            id=o.text("id"), name=o.text("name", ""),
            role=o.choice("role", ["attendant", "supervisor"]), pin_hash=o.text("pin_hash"),
            badge_hash=o.text("badge_hash", "")))
    return r.integer("version", 0), tuple(records)


# -- the codec underneath ------------------------------------------------------------


def _dump(data: dict[str, Any]) -> bytes:
    return json.dumps({"v": SCHEMA, **data}, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=_jsonable).encode("utf-8")


def _jsonable(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)  # an explanation value of a type JSON lacks: shown as text


def _load(payload: bytes, expected: str) -> dict[str, Any]:
    if len(payload) > MAX_PAYLOAD:
        raise MessageError(f"{expected}: {len(payload)} bytes is too large")
    try:
        data = json.loads(payload.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise MessageError(f"{expected}: not UTF-8 JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise MessageError(f"{expected}: expected a JSON object")
    if data.get("v") != SCHEMA:
        raise MessageError(f"{expected}: schema version {data.get('v')!r}, expected {SCHEMA}",
                           code="LINK_VERSION")
    if data.get("type") != expected:
        raise MessageError(f"expected a {expected} message, got {data.get('type')!r}")
    return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


class _Reader:
    """Typed access to one JSON object; each wrong field raises MessageError naming it."""

    _MISSING = object()

    def __init__(self, data: Any, what: str) -> None:
        if not isinstance(data, dict):
            raise MessageError(f"{what}: expected a JSON object")
        self.data = data
        self.what = what

    def _get(self, key: str, default: Any) -> Any:
        value = self.data.get(key, default)
        if value is self._MISSING:
            raise MessageError(f"{self.what}: {key} is missing")
        return value

    def _fail(self, key: str, expected: str) -> MessageError:
        return MessageError(f"{self.what}: {key} must be {expected}, "
                            f"got {self.data.get(key)!r}"[:300])

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self._get(key, default)
        if not isinstance(value, str) or len(value) > 4096:
            raise self._fail(key, "a string")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def name(self, key: str) -> str:
        value = self.text(key)
        if not _NAME.match(value):
            raise self._fail(key, "an id (letters, digits, '-', '_', '.')")
        return value

    def integer(self, key: str, default: Any = _MISSING) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
            raise self._fail(key, "an integer")
        return value

    def optional_integer(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.integer(key)

    def flag(self, key: str, default: Any = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def time(self, key: str, default: Any = _MISSING) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value) or value < 0:
            raise self._fail(key, "seconds since the epoch")
        return float(value)

    def choice(self, key: str, allowed: list[str], default: Any = _MISSING) -> str:
        value = self._get(key, default)
        if value not in allowed:
            raise self._fail(key, "one of " + ", ".join(allowed))
        return str(value)

    def array(self, key: str) -> list[Any]:
        value = self._get(key, [])
        if not isinstance(value, list):
            raise self._fail(key, "a list")
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self._get(key, {})
        if not isinstance(value, dict):
            raise self._fail(key, "an object")
        return value
