"""What the attendant station knows of its lanes, and what an operator may do about it.

Pure Python (no Qt), so the rules are tested in microseconds and the screen
(``attendant.ui``) only presents them:

- the latest ``LaneStatus`` of every configured lane (a lane never heard from
  shows as "no contact"; a status older than the one held is ignored, since
  a retained status may arrive after a fresher one);
- the intervention queue across lanes, oldest first;
- the actions a role may take on a queued intervention (one table, ``ACTION_RULES``);
- the commands sent and not yet answered, and the outcome of each answer;
- a plain-English sentence for each intervention, built from the keys the
  lane's core puts into ``Intervention.explanation`` (``WeightExplanation.to_dict``
  in ``pos/security.py`` and the ``_open`` calls in ``pos/transaction.py``).

Every sentence is marked with ``QT_TRANSLATE_NOOP`` (a no-op here, which
``pyside6-lupdate`` finds by its name) and translated when it is shown,
through the ``translate(context, text)`` the screen passes in
(``QCoreApplication.translate``); the default leaves English as it is.
"""

from __future__ import annotations

import functools
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency

from attendant.station import ActionRequest
from pos.interventions import Role, born_on_or_before
from pos.messages import Action, InterventionSummary, LaneStatus, Light, Reply, lane_light
from pos.money import currency_exponent

Translate = Callable[[str, str], str]
CONTEXT = "StationModel"  # the translation context of every text below
MONEY_LOCALE = "en"  # the station is English for now (attendants are staff): money and dates
KEPT_OUTCOMES = 200  # answered commands remembered for their queue entries


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate``; translated later, when shown."""
    del context
    return text


def _untranslated(context: str, text: str) -> str:
    del context
    return text


# -- words ---------------------------------------------------------------------------

STATE_WORDS: Mapping[str, str] = {
    "closed": QT_TRANSLATE_NOOP("StationModel", "Closed"),
    "attract": QT_TRANSLATE_NOOP("StationModel", "Available"),
    "scanning": QT_TRANSLATE_NOOP("StationModel", "Scanning"),
    "awaiting_bagging": QT_TRANSLATE_NOOP("StationModel", "Bagging"),
    "weight_mismatch": QT_TRANSLATE_NOOP("StationModel", "Weight mismatch"),
    "unexpected_item": QT_TRANSLATE_NOOP("StationModel", "Unexpected item"),
    "item_removed": QT_TRANSLATE_NOOP("StationModel", "Item removed"),
    "produce_lookup": QT_TRANSLATE_NOOP("StationModel", "Looking up produce"),
    "payment": QT_TRANSLATE_NOOP("StationModel", "Paying"),
    "payment_pending": QT_TRANSLATE_NOOP("StationModel", "Card payment"),
    "payment_in_doubt": QT_TRANSLATE_NOOP("StationModel", "Payment in doubt"),
    "paid": QT_TRANSLATE_NOOP("StationModel", "Paid"),
    "receipt": QT_TRANSLATE_NOOP("StationModel", "Receipt"),
}

KIND_WORDS: Mapping[str, str] = {
    "age_check": QT_TRANSLATE_NOOP("StationModel", "Age check"),
    "weight_mismatch": QT_TRANSLATE_NOOP("StationModel", "Weight mismatch"),
    "unexpected_item": QT_TRANSLATE_NOOP("StationModel", "Unexpected item"),
    "item_removed": QT_TRANSLATE_NOOP("StationModel", "Item removed"),
    "void_request": QT_TRANSLATE_NOOP("StationModel", "Void request"),
    "help": QT_TRANSLATE_NOOP("StationModel", "Help"),
    "device_fault": QT_TRANSLATE_NOOP("StationModel", "Device fault"),
    "payment_problem": QT_TRANSLATE_NOOP("StationModel", "Payment problem"),
}

# The lanes name their devices by role (kiosk.hardware); a role this station does not know
# is shown as the lane sent it.
DEVICE_WORDS: Mapping[str, str] = {
    "scanner": QT_TRANSLATE_NOOP("StationModel", "scanner"),
    "scale": QT_TRANSLATE_NOOP("StationModel", "scale"),
    "scanner_scale": QT_TRANSLATE_NOOP("StationModel", "scanner-scale"),
    "printer": QT_TRANSLATE_NOOP("StationModel", "printer"),
    "payment": QT_TRANSLATE_NOOP("StationModel", "payment"),
}

ACTION_WORDS: Mapping[Action, str] = {
    Action.APPROVE: QT_TRANSLATE_NOOP("StationModel", "Approve"),
    Action.REJECT: QT_TRANSLATE_NOOP("StationModel", "Reject"),
    Action.VOID_LINE: QT_TRANSLATE_NOOP("StationModel", "Void item"),
    Action.CANCEL: QT_TRANSLATE_NOOP("StationModel", "Cancel sale"),
    Action.SUSPEND: QT_TRANSLATE_NOOP("StationModel", "Suspend"),
    Action.REPRINT: QT_TRANSLATE_NOOP("StationModel", "Reprint"),
    Action.OPEN_LANE: QT_TRANSLATE_NOOP("StationModel", "Open lane"),
    Action.CLOSE_LANE: QT_TRANSLATE_NOOP("StationModel", "Close lane"),
}

# Where an expected weight came from (pos.security.WeightSource values).
SOURCE_WORDS: Mapping[str, str] = {
    "catalog": QT_TRANSLATE_NOOP("StationModel", "from the catalog"),
    "learned": QT_TRANSLATE_NOOP("StationModel", "learned from earlier weighings"),
    "scale": QT_TRANSLATE_NOOP("StationModel", "weighed when priced"),
    "barcode": QT_TRANSLATE_NOOP("StationModel", "from the barcode"),
}

# The sentences of ``explain``, by kind and, where the lane gives one, by reason.
SENTENCES: Mapping[str, str] = {
    "mismatch": QT_TRANSLATE_NOOP(
        "StationModel", "{item}: expected {expected} ±{tolerance} ({source}), "
        "bagging area shows {measured}"),
    "mismatch_unknown": QT_TRANSLATE_NOOP(
        "StationModel", "{item}: weight not known, bagging area shows {measured}"),
    "nothing_placed": QT_TRANSLATE_NOOP(
        "StationModel", "{item}: nothing was put in the bagging area (expected {expected} "
        "±{tolerance}, {source})"),
    "nothing_placed_unknown": QT_TRANSLATE_NOOP(
        "StationModel", "{item}: nothing was put in the bagging area"),
    "unexpected": QT_TRANSLATE_NOOP(
        "StationModel", "{measured} put in the bagging area without a scan"),
    "removed": QT_TRANSLATE_NOOP(
        "StationModel", "{measured} taken out of the bagging area"),
    "age_check": QT_TRANSLATE_NOOP(
        "StationModel", "{item}: customer must be {age} or older (born on or before {born})"),
    "age_check_more": QT_TRANSLATE_NOOP(
        "StationModel",
        "{item} and {more} more: customer must be {age} or older (born on or before {born})"),
    "void_request": QT_TRANSLATE_NOOP(
        "StationModel", "Customer asks to remove {item} ({amount})"),
    "help_shopper": QT_TRANSLATE_NOOP("StationModel", "Customer asked for help"),
    "help_inactive": QT_TRANSLATE_NOOP(
        "StationModel", "No activity for a while: the customer may need help"),
    "device_fault": QT_TRANSLATE_NOOP("StationModel", "{device}: {message} ({code})"),
    "device_fault_essential": QT_TRANSLATE_NOOP(
        "StationModel", "{device}: {message} ({code}); the lane cannot sell"),
    "declined": QT_TRANSLATE_NOOP(
        "StationModel", "Card declined {declines} times in a row (last code {code})"),
    "in_doubt": QT_TRANSLATE_NOOP(
        "StationModel", "Payment of {amount} may or may not have gone through: {detail}. "
        "Check the terminal before taking payment again"),
    "unknown": QT_TRANSLATE_NOOP("StationModel", "{kind}: {details}"),
    "samples": QT_TRANSLATE_NOOP("StationModel", "learned from {count} weighings"),
    "an_item": QT_TRANSLATE_NOOP("StationModel", "Item"),
    "done": QT_TRANSLATE_NOOP("StationModel", "{action}: done"),
    "refused": QT_TRANSLATE_NOOP("StationModel", "{reason}"),
    "refused_no_reason": QT_TRANSLATE_NOOP("StationModel", "Refused ({code})"),
}


# -- what an operator may do ---------------------------------------------------------


class Contact(Enum):
    """What the station has heard of a lane."""

    ONLINE = "online"
    OFFLINE = "offline"  # the lane said so, or its last will did
    NO_CONTACT = "no_contact"  # configured, never heard from


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One open intervention in the station's queue."""

    lane: str
    lane_name: str
    txn: str
    intervention: InterventionSummary
    flashing: bool  # a bagging-area alarm: its lane's light flashes

    @property
    def key(self) -> tuple[str, str, int]:
        return self.lane, self.txn, self.intervention.id


@dataclass(frozen=True, slots=True)
class ActionRule:
    """Who may take an action on a queued intervention, and when it applies.

    ``role`` None: the intervention's own ``clear_role``.  ``when`` names one of
    the conditions in ``_CONDITIONS``.
    """

    action: Action
    role: Role | None
    when: str


# The one table of what the station offers; its order is the order of the buttons.
ACTION_RULES: tuple[ActionRule, ...] = (
    ActionRule(Action.APPROVE, None, "always"),
    ActionRule(Action.REJECT, None, "always"),
    ActionRule(Action.VOID_LINE, Role.ATTENDANT, "has_line"),
    ActionRule(Action.CANCEL, Role.ATTENDANT, "has_transaction"),
    ActionRule(Action.SUSPEND, Role.ATTENDANT, "has_transaction"),
    ActionRule(Action.REPRINT, Role.ATTENDANT, "no_transaction"),
    ActionRule(Action.CLOSE_LANE, Role.SUPERVISOR, "lane_open"),
    ActionRule(Action.OPEN_LANE, Role.SUPERVISOR, "lane_closed"),
)

_CONDITIONS: Mapping[str, Callable[[QueueItem, LaneStatus | None], bool]] = {
    "always": lambda item, status: True,
    "has_line": lambda item, status: item.intervention.line_no is not None,
    "has_transaction": lambda item, status: bool(item.txn),
    "no_transaction": lambda item, status: not item.txn,
    "lane_open": lambda item, status: status is not None and status.state != "closed",
    "lane_closed": lambda item, status: status is not None and status.state == "closed",
}


def _role(name: str | None) -> Role | None:
    if not name:
        return None
    try:
        return Role.parse(name)
    except KeyError:
        return None  # a role this station does not know grants nothing


def request_for(item: QueueItem, action: Action) -> ActionRequest:
    """The request a button of ``item`` sends: only the ids ``action`` needs."""
    intervention = item.intervention.id if action in (Action.APPROVE, Action.REJECT) else None
    line = item.intervention.line_no if action is Action.VOID_LINE else None
    txn = "" if action in (Action.REPRINT, Action.OPEN_LANE, Action.CLOSE_LANE) else item.txn
    return ActionRequest(lane=item.lane, action=action, txn=txn, intervention=intervention,
                         line=line)


# -- commands in flight ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pending:
    command_id: str
    request: ActionRequest
    sent_at: float


@dataclass(frozen=True, slots=True)
class Outcome:
    request: ActionRequest
    ok: bool
    message: str  # what the attendant reads: "Approve: done", or the lane's reason
    code: str


def _concerns(request: ActionRequest, item: QueueItem) -> bool:
    """Is ``request`` about ``item`` (its lane, transaction, intervention, line)?"""
    return (request.lane == item.lane and request.txn in ("", item.txn)
            and request.intervention in (None, item.intervention.id)
            and request.line in (None, item.intervention.line_no))


# -- formats -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # babel is slow, and totals repeat (bench station)
def money(minor: int, currency: str) -> str:
    """``minor`` units as the station shows them ("€12.34")."""
    major = Decimal(minor).scaleb(-currency_exponent(currency))
    return format_currency(major, currency, locale=MONEY_LOCALE)


def kilograms(grams: int) -> str:
    """1200 -> "1.20 kg", 1234 -> "1.234 kg": two decimals unless the grams need three."""
    decimals = 2 if grams % 10 == 0 else 3
    return f"{grams / 1000:.{decimals}f} kg"


def elapsed(seconds: float) -> str:
    """A waiting time as a clock reads it: "0:42", "12:05", "1:05:00"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- the model -----------------------------------------------------------------------


class StationModel:
    """The station's picture of its lanes, the queue, and the commands in flight."""

    def __init__(self, lanes: Sequence[str], names: Mapping[str, str] | None = None, *,
                 translate: Translate = _untranslated,
                 clock: Callable[[], float] = time.time) -> None:
        self._lanes = tuple(lanes)
        if len(set(self._lanes)) != len(self._lanes):
            raise ValueError(f"a lane is configured twice: {', '.join(self._lanes)}")
        self._names = dict(names or {})
        self._status: dict[str, LaneStatus] = {}
        self._offline_since: dict[str, float] = {}
        self._clock = clock
        self._queue: tuple[QueueItem, ...] = ()
        self._queue_version = 0
        self._pending: dict[str, Pending] = {}
        self._outcomes: OrderedDict[str, Outcome] = OrderedDict()
        self.translate = translate

    # -- lanes ---------------------------------------------------------------------

    @property
    def lanes(self) -> tuple[str, ...]:
        """The configured lane ids, in configured order."""
        return self._lanes

    def status(self, lane: str) -> LaneStatus | None:
        return self._status.get(lane)

    def name(self, lane: str) -> str:
        status = self._status.get(lane)
        return (status.name if status and status.name else None) or self._names.get(lane, lane)

    def contact(self, lane: str) -> Contact:
        status = self._status.get(lane)
        if status is None:
            return Contact.NO_CONTACT
        return Contact.ONLINE if status.online else Contact.OFFLINE

    def offline_since(self, lane: str) -> float | None:
        """When this station learnt that ``lane`` went offline (its clock); None if online."""
        status = self._status.get(lane)
        if status is None or status.online:
            return None
        return self._offline_since.get(lane)

    def light(self, lane: str) -> tuple[Light, bool]:
        """The lane's light, by the rule lanes use (``lane_light``); red without contact."""
        status = self._status.get(lane)
        if status is None:
            return Light.RED, False
        return lane_light(status.state, status.online, status.interventions, status.devices,
                          status.attendant)

    def apply_status(self, status: LaneStatus) -> bool:
        """Hold ``status`` if it is news; False for an unknown lane, a stale or repeated one.

        Older means an earlier ``at``, with one exception: a lane's last will is stamped
        when the lane connected (``kiosk.link``), before everything the lane said since,
        so "offline" after "online" is taken whatever its ``at``.
        """
        if status.lane not in self._lanes:
            return False
        held = self._status.get(status.lane)
        if held is not None:
            went_away = held.online and not status.online
            if status == held or (status.at < held.at and not went_away):
                return False
        if not status.online and (held is None or held.online):
            self._offline_since[status.lane] = self._clock()
        self._status[status.lane] = status
        if held is None or _queue_facts(held) != _queue_facts(status):
            self._queue = self._build_queue()
            self._queue_version += 1
        return True

    # -- the queue -------------------------------------------------------------------

    @property
    def queue_version(self) -> int:
        """Goes up whenever ``queue()`` or the actions allowed on it may have changed."""
        return self._queue_version

    def queue(self) -> tuple[QueueItem, ...]:
        """Open interventions of every lane in contact, oldest first."""
        return self._queue

    def _build_queue(self) -> tuple[QueueItem, ...]:
        items = [
            QueueItem(lane, self.name(lane), status.txn, intervention, intervention.security)
            for lane, status in self._status.items() if status.online
            for intervention in status.interventions
        ]
        items.sort(key=lambda i: (i.intervention.raised_at, i.lane, i.intervention.id))
        return tuple(items)

    def allowed_actions(self, item: QueueItem, role: str | None) -> tuple[Action, ...]:
        """What ``role`` may do about ``item``, in button order; nothing without a role."""
        rank = _role(role)
        if rank is None:
            return ()
        needed_for_intervention = _role(item.intervention.clear_role) or Role.SUPERVISOR
        status = self._status.get(item.lane)
        return tuple(
            rule.action for rule in ACTION_RULES
            if rank >= (rule.role or needed_for_intervention)
            and _CONDITIONS[rule.when](item, status)
        )

    # -- commands --------------------------------------------------------------------

    def command_sent(self, command_id: str, request: ActionRequest, at: float = 0.0) -> None:
        self._pending[command_id] = Pending(command_id, request, at)
        for key in [k for k, o in self._outcomes.items() if o.request.lane == request.lane
                    and o.request.txn in ("", request.txn)]:
            del self._outcomes[key]  # a new command makes earlier outcomes old news

    def reply_received(self, reply: Reply) -> str | None:
        """The outcome sentence of our command ``reply.id``; None for another station's."""
        pending = self._pending.pop(reply.id, None)
        if pending is None:
            return None
        if reply.ok:
            message = self._text("done").format(
                action=self.translate(CONTEXT, ACTION_WORDS[pending.request.action]))
        elif reply.reason:
            message = self._text("refused").format(reason=reply.reason)
        else:
            message = self._text("refused_no_reason").format(code=reply.code)
        self._outcomes[reply.id] = Outcome(pending.request, reply.ok, message, reply.code)
        while len(self._outcomes) > KEPT_OUTCOMES:
            self._outcomes.popitem(last=False)
        return message

    def pending_for(self, item: QueueItem) -> Pending | None:
        """A command about ``item`` that has no answer yet."""
        for pending in self._pending.values():
            if _concerns(pending.request, item):
                return pending
        return None

    def outcome_for(self, item: QueueItem) -> Outcome | None:
        """The latest answer to a command about ``item``."""
        for outcome in reversed(self._outcomes.values()):
            if _concerns(outcome.request, item):
                return outcome
        return None

    # -- words -----------------------------------------------------------------------

    def _text(self, key: str) -> str:
        return self.translate(CONTEXT, SENTENCES[key])

    def state_words(self, lane: str) -> str:
        status = self._status.get(lane)
        if status is None:
            return self.translate(CONTEXT, QT_TRANSLATE_NOOP("StationModel", "No contact"))
        if not status.online:
            return self.translate(CONTEXT, QT_TRANSLATE_NOOP("StationModel", "Offline"))
        words = STATE_WORDS.get(status.state)
        return self.translate(CONTEXT, words) if words else status.state

    def kind_words(self, kind: str) -> str:
        words = KIND_WORDS.get(kind)
        return self.translate(CONTEXT, words) if words else kind

    def device_words(self, device: str) -> str:
        words = DEVICE_WORDS.get(device)
        return self.translate(CONTEXT, words) if words else device

    def action_words(self, action: Action) -> str:
        return self.translate(CONTEXT, ACTION_WORDS[action])

    def explain(self, item: QueueItem) -> str:
        """One plain sentence saying why ``item`` needs a person.

        A kind or a reason this station does not know, or an explanation missing
        a key it expects (it comes over the network), is listed key by key.
        """
        status = self._status.get(item.lane)
        currency = status.currency if status else ""
        data = item.intervention.explanation
        try:
            sentence = self._sentence(item.intervention.kind, data, currency)
        except (KeyError, TypeError, ValueError, AttributeError):
            sentence = None
        if sentence is None:
            details = ", ".join(f"{key}={data[key]}" for key in sorted(data))
            sentence = self._text("unknown").format(kind=item.intervention.kind,
                                                    details=details or "-")
        return sentence

    def _sentence(self, kind: str, data: Mapping[str, Any], currency: str) -> str | None:
        if kind in ("weight_mismatch", "unexpected_item", "item_removed"):
            return self._weight_sentence(data)
        if kind == "age_check":
            lines = data.get("lines") or []
            more = len(lines) - 1
            key = "age_check_more" if more > 0 else "age_check"
            age = int(data["min_age"])
            born = born_on_or_before(date.fromtimestamp(self._clock()), age)
            return self._text(key).format(item=data["item"], age=age, more=more,
                                          born=format_date(born, "medium", locale=MONEY_LOCALE))
        if kind == "void_request":
            return self._text("void_request").format(
                item=data["item"], amount=self._money(int(data["amount"]), currency))
        if kind == "help":
            reason = data.get("reason")
            return self._text("help_inactive" if reason == "inactive" else "help_shopper")
        if kind == "device_fault":
            key = "device_fault_essential" if data.get("essential") else "device_fault"
            device = self.device_words(str(data["device"]))
            return self._text(key).format(device=device[:1].upper() + device[1:],
                                          message=data["message"], code=data["code"])
        if kind == "payment_problem":
            if data["reason"] == "declined":
                return self._text("declined").format(declines=int(data["declines"]),
                                                     code=data["result_code"])
            if data["reason"] == "in_doubt":
                return self._text("in_doubt").format(
                    amount=self._money(int(data["amount"]), currency), detail=data["detail"])
        return None

    def _weight_sentence(self, data: Mapping[str, Any]) -> str | None:
        """From ``pos.security.WeightExplanation.to_dict`` (plus ``samples``, where sent)."""
        reason = data["reason"]
        measured = int(data["measured_delta_g"])
        item = data.get("item") or self._text("an_item")
        if reason in ("unexpected", "removed"):
            return self._text(reason).format(measured=kilograms(abs(measured)))
        if reason not in ("mismatch", "nothing_placed"):
            return None
        expected = data.get("expected_g")
        if expected is None:
            return self._text(f"{reason}_unknown").format(item=item, measured=kilograms(measured))
        source = str(data.get("source"))
        samples = data.get("samples")
        if source == "learned" and isinstance(samples, int) and samples > 0:
            source_words = self._text("samples").format(count=samples)
        elif source in SOURCE_WORDS:
            source_words = self.translate(CONTEXT, SOURCE_WORDS[source])
        else:
            source_words = self.translate(
                CONTEXT, QT_TRANSLATE_NOOP("StationModel", "source not given"))
        return self._text(reason).format(
            item=item, expected=kilograms(int(expected)),
            tolerance=kilograms(int(data["tolerance_g"])), source=source_words,
            measured=kilograms(measured))

    @staticmethod
    def _money(minor: int, currency: str) -> str:
        return money(minor, currency) if currency else str(minor)


def _queue_facts(status: LaneStatus) -> tuple[object, ...]:
    """What the queue and the actions on it depend on, of one lane's status."""
    return status.online, status.txn, status.state == "closed", status.name, \
        status.currency, status.interventions
