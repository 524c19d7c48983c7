"""The station's model: latest status per lane, the queue, allowed actions, replies, sentences.

Explanations are taken from a real ``TransactionMachine`` (not typed in here), so a
key renamed in ``pos/`` breaks these tests rather than the attendant's screen.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from attendant.model import (
    ACTION_RULES,
    Contact,
    QueueItem,
    StationModel,
    elapsed,
    kilograms,
    money,
    request_for,
)
from attendant.station import ActionRequest
from pos import events as ev
from pos.interventions import Intervention, InterventionKind, Role
from pos.messages import Action, InterventionSummary, LaneStatus, Light, Reply
from pos.security import SecurityPolicy, WeightExplanation, WeightSource, expected_weight
from pos.transaction import TransactionMachine
from tests.unit.conftest import BREAD, MILK, WHISKY

POLICY = SecurityPolicy()
LANES = ("lane-1", "lane-2", "lane-3")


def summary(intervention: Intervention, raised_at: float = 100.0) -> InterventionSummary:
    """As ``kiosk.lane.Lane.link_status`` builds it."""
    return InterventionSummary(
        id=intervention.id, kind=intervention.kind.value, raised_at=raised_at,
        blocks=intervention.blocks.name.lower(),
        clear_role=intervention.rule.clear_role.name.lower(),
        security=intervention.rule.security, explanation=dict(intervention.explanation),
        line_no=intervention.line_no)


def status(lane: str = "lane-1", at: float = 1000.0, **fields: object) -> LaneStatus:
    values: dict[str, object] = {"online": True, "name": lane.replace("lane-", "Lane "),
                                 "state": "scanning", "txn": f"{lane}-000001",
                                 "currency": "EUR"}
    values.update(fields)
    return LaneStatus(lane=lane, store="demo", at=at, **values)  # type: ignore[arg-type]


def opened(machine: TransactionMachine, kind: InterventionKind) -> Intervention:
    found = [i for i in machine.interventions.values() if i.kind is kind]
    assert len(found) == 1, machine.interventions
    return found[0]


@pytest.fixture
def lane(settings) -> TransactionMachine:
    machine = TransactionMachine(settings)
    machine.handle(ev.LaneOpened())
    return machine


def scan(machine: TransactionMachine, product, grams: int | None = None) -> None:
    machine.handle(ev.ItemAdded(product, expected_weight(product, 1, POLICY)))
    if grams is not None:
        machine.handle(ev.WeightChanged(machine.baseline_g + grams))


@pytest.fixture
def model() -> StationModel:
    return StationModel(LANES)


def item_of(model: StationModel, intervention: InterventionSummary, lane: str = "lane-1",
            **fields: object) -> QueueItem:
    model.apply_status(status(lane, interventions=(intervention,), **fields))
    (queued,) = [i for i in model.queue() if i.lane == lane]
    return queued


# -- statuses ------------------------------------------------------------------------


def test_a_configured_lane_never_heard_from_has_no_contact(model):
    assert model.contact("lane-2") is Contact.NO_CONTACT
    assert model.state_words("lane-2") == "No contact"
    assert model.light("lane-2") == (Light.RED, False)
    assert model.name("lane-2") == "lane-2"


def test_a_newer_status_replaces_and_an_older_one_is_ignored(model):
    assert model.apply_status(status(at=10.0, state="scanning"))
    assert model.apply_status(status(at=12.0, state="payment"))
    assert not model.apply_status(status(at=11.0, state="attract"))
    assert model.status("lane-1").state == "payment"
    assert not model.apply_status(status(at=12.0, state="payment")), "a repeat is no news"
    assert model.state_words("lane-1") == "Paying"
    assert model.name("lane-1") == "Lane 1"


def test_a_last_will_is_taken_though_stamped_when_the_lane_connected():
    now = [500.0]
    model = StationModel(LANES, clock=lambda: now[0])
    model.apply_status(status(at=1000.0))
    will = LaneStatus.offline("lane-1", "demo", 900.0, "Lane 1")  # set at connect, t=900
    now[0] = 1200.0
    assert model.apply_status(will)
    assert model.contact("lane-1") is Contact.OFFLINE
    assert model.offline_since("lane-1") == 1200.0, "when the station learnt it"
    assert not model.apply_status(LaneStatus.offline("lane-1", "demo", 800.0, "Lane 1"))
    assert model.apply_status(status(at=1300.0))
    assert model.offline_since("lane-1") is None


def test_a_lane_this_station_does_not_watch_is_ignored(model):
    assert not model.apply_status(status("lane-9"))
    assert model.status("lane-9") is None


def test_offline_lanes_are_red_and_say_so(model):
    model.apply_status(LaneStatus.offline("lane-1", "demo", 5.0))
    assert model.contact("lane-1") is Contact.OFFLINE
    assert model.state_words("lane-1") == "Offline"
    assert model.light("lane-1") == (Light.RED, False)


def test_the_light_follows_the_lanes_rule(model, lane):
    scan(lane, MILK, 600)
    model.apply_status(status(interventions=(summary(opened(lane, InterventionKind.
                                                            WEIGHT_MISMATCH)),)))
    assert model.light("lane-1") == (Light.RED, True)
    model.apply_status(status(at=2000.0, state="attract", txn=""))
    assert model.light("lane-1") == (Light.GREEN, False)


def test_a_lane_names_from_config_until_the_lane_says_its_own():
    model = StationModel(["lane-1"], {"lane-1": "Front 1"})
    assert model.name("lane-1") == "Front 1"
    model.apply_status(status(name=""))
    assert model.name("lane-1") == "Front 1"
    model.apply_status(status(at=2000.0, name="Lane one"))
    assert model.name("lane-1") == "Lane one"


def test_a_lane_configured_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        StationModel(["lane-1", "lane-1"])


# -- the queue -----------------------------------------------------------------------


def help_at(raised_at: float, intervention_id: int = 1) -> InterventionSummary:
    return InterventionSummary(intervention_id, "help", raised_at, "nothing", "attendant",
                               False, {"reason": "shopper"})


def test_the_queue_runs_oldest_first_across_lanes(model):
    model.apply_status(status("lane-1", interventions=(help_at(30.0, 1), help_at(10.0, 2))))
    model.apply_status(status("lane-2", interventions=(help_at(20.0),)))
    assert [(i.lane, i.intervention.id) for i in model.queue()] == [
        ("lane-1", 2), ("lane-2", 1), ("lane-1", 1)]
    assert model.queue()[1].lane_name == "Lane 2"
    assert model.queue()[1].txn == "lane-2-000001"


def test_the_queue_changes_only_when_what_it_shows_changes(model):
    model.apply_status(status(interventions=(help_at(10.0),), total=100))
    version = model.queue_version
    model.apply_status(status(at=2000.0, interventions=(help_at(10.0),), total=250, items=2))
    assert model.queue_version == version, "a new total leaves the queue alone"
    model.apply_status(status(at=3000.0))
    assert model.queue_version == version + 1
    assert model.queue() == ()


def test_an_offline_lane_leaves_the_queue(model):
    model.apply_status(status(interventions=(help_at(10.0),)))
    model.apply_status(LaneStatus.offline("lane-1", "demo", 2000.0))
    assert model.queue() == ()


def test_security_alarms_flash_in_the_queue(model, lane):
    scan(lane, MILK, 600)
    queued = item_of(model, summary(opened(lane, InterventionKind.WEIGHT_MISMATCH)))
    assert queued.flashing
    assert not item_of(model, help_at(10.0), "lane-2").flashing


# -- allowed actions -----------------------------------------------------------------


def test_nobody_signed_in_may_do_nothing(model):
    assert model.allowed_actions(item_of(model, help_at(10.0)), None) == ()


def test_an_attendant_clears_an_attendant_intervention_and_handles_the_sale(model, lane):
    scan(lane, WHISKY)
    check = item_of(model, summary(opened(lane, InterventionKind.AGE_CHECK)))
    assert check.intervention.line_no == 1
    assert model.allowed_actions(check, "attendant") == (
        Action.APPROVE, Action.REJECT, Action.VOID_LINE, Action.CANCEL, Action.SUSPEND)


def test_a_supervisor_gets_the_lane_too(model):
    queued = item_of(model, help_at(10.0))
    assert model.allowed_actions(queued, "supervisor") == (
        Action.APPROVE, Action.REJECT, Action.CANCEL, Action.SUSPEND, Action.CLOSE_LANE)


def test_a_supervisor_intervention_is_not_an_attendants(model):
    needs_supervisor = InterventionSummary(1, "help", 10.0, "nothing", "supervisor", False, {})
    queued = item_of(model, needs_supervisor)
    assert Action.APPROVE not in model.allowed_actions(queued, "attendant")
    assert Action.APPROVE in model.allowed_actions(queued, "supervisor")


def test_reprint_and_open_lane_without_a_transaction(model):
    fault = InterventionSummary(1, "device_fault", 10.0, "scanning", "attendant", False,
                                {"device": "printer", "code": "PRINTER_PAPER_OUT",
                                 "message": "paper out", "essential": False})
    queued = item_of(model, fault, txn="", state="closed")
    assert model.allowed_actions(queued, "attendant") == (
        Action.APPROVE, Action.REJECT, Action.REPRINT)
    assert model.allowed_actions(queued, "supervisor")[-1] is Action.OPEN_LANE


def test_an_unknown_role_may_do_nothing(model):
    assert model.allowed_actions(item_of(model, help_at(10.0)), "manager") == ()


def test_every_action_has_one_rule():
    assert sorted(r.action.value for r in ACTION_RULES) == sorted(a.value for a in Action)


def test_a_request_carries_only_what_its_action_needs(model, lane):
    scan(lane, WHISKY)
    check = item_of(model, summary(opened(lane, InterventionKind.AGE_CHECK)))
    assert request_for(check, Action.APPROVE) == ActionRequest(
        "lane-1", Action.APPROVE, "lane-1-000001", intervention=1)
    assert request_for(check, Action.VOID_LINE) == ActionRequest(
        "lane-1", Action.VOID_LINE, "lane-1-000001", line=1)
    assert request_for(check, Action.CLOSE_LANE) == ActionRequest("lane-1", Action.CLOSE_LANE)


# -- commands and replies ------------------------------------------------------------


def reply(command_id: str, ok: bool, code: str = "OK", reason: str = "") -> Reply:
    return Reply(command_id, "lane-1", ok, code, reason, 1.0)


def test_a_command_is_pending_until_its_reply(model):
    queued = item_of(model, help_at(10.0))
    request = request_for(queued, Action.APPROVE)
    model.command_sent("cmd-00000001", request, at=5.0)
    assert model.pending_for(queued).request == request
    assert model.reply_received(reply("cmd-00000001", True)) == "Approve: done"
    assert model.pending_for(queued) is None
    assert model.outcome_for(queued).ok


def test_a_refusal_gives_the_lanes_reason(model):
    queued = item_of(model, help_at(10.0))
    model.command_sent("cmd-00000002", request_for(queued, Action.APPROVE))
    message = model.reply_received(reply("cmd-00000002", False, "LINK_ALREADY_DONE",
                                         "Already approved by alice at station-2"))
    assert message == "Already approved by alice at station-2"
    assert model.outcome_for(queued).message == message
    assert not model.outcome_for(queued).ok


def test_a_refusal_without_a_reason_gives_the_code(model):
    queued = item_of(model, help_at(10.0))
    model.command_sent("cmd-00000003", request_for(queued, Action.REJECT))
    assert model.reply_received(reply("cmd-00000003", False, "LINK_TXN_ENDED")) == \
        "Refused (LINK_TXN_ENDED)"


def test_another_stations_reply_is_not_ours(model):
    assert model.reply_received(reply("cmd-of-station-2", True)) is None


def test_a_new_command_replaces_the_old_outcome(model):
    queued = item_of(model, help_at(10.0))
    model.command_sent("cmd-00000004", request_for(queued, Action.APPROVE))
    model.reply_received(reply("cmd-00000004", False, "X", "no"))
    model.command_sent("cmd-00000005", request_for(queued, Action.APPROVE))
    assert model.outcome_for(queued) is None
    assert model.pending_for(queued) is not None


# -- sentences -----------------------------------------------------------------------


def test_weight_mismatch_in_plain_words(model, lane):
    scan(lane, MILK, 600)
    queued = item_of(model, summary(opened(lane, InterventionKind.WEIGHT_MISMATCH)))
    assert model.explain(queued) == (
        "Milk 1 l: expected 1.04 kg ±0.052 kg (from the catalog), bagging area shows 0.60 kg")


def test_a_learned_weight_says_how_many_weighings(model):
    data = WeightExplanation("mismatch", 1200, 1450, 50, WeightSource.LEARNED, "2000000000015",
                             "Bananas").to_dict()
    mismatch = InterventionSummary(1, "weight_mismatch", 10.0, "scanning", "attendant", True,
                                   data, 3)
    queued = item_of(model, mismatch)
    assert model.explain(queued) == ("Bananas: expected 1.20 kg ±0.05 kg (learned from earlier "
                                     "weighings), bagging area shows 1.45 kg")
    # WeightExplanation does not send the count yet; where a lane sends it, it is shown.
    counted = InterventionSummary(1, "weight_mismatch", 10.0, "scanning", "attendant", True,
                                  {**data, "samples": 37}, 3)
    assert model.explain(item_of(model, counted, "lane-2")) == (
        "Bananas: expected 1.20 kg ±0.05 kg (learned from 37 weighings), "
        "bagging area shows 1.45 kg")


def test_nothing_placed_unexpected_and_removed(model, lane, settings):
    lane.handle(ev.ItemAdded(BREAD, expected_weight(BREAD, 1, POLICY)))
    lane.handle(ev.BaggingTimedOut())
    queued = item_of(model, summary(opened(lane, InterventionKind.WEIGHT_MISMATCH)))
    assert model.explain(queued) == ("Rye bread 750 g: nothing was put in the bagging area "
                                     "(expected 0.76 kg ±0.038 kg, from the catalog)")

    other = TransactionMachine(settings)
    other.handle(ev.LaneOpened())
    scan(other, MILK, 1040)
    other.handle(ev.WeightChanged(other.scale_g + 350))
    queued = item_of(model, summary(opened(other, InterventionKind.UNEXPECTED_ITEM)), "lane-2")
    assert model.explain(queued) == "0.35 kg put in the bagging area without a scan"

    third = TransactionMachine(settings)
    third.handle(ev.LaneOpened())
    scan(third, MILK, 1040)
    third.handle(ev.WeightChanged(third.scale_g - 1040))
    queued = item_of(model, summary(opened(third, InterventionKind.ITEM_REMOVED)), "lane-3")
    assert model.explain(queued) == "1.04 kg taken out of the bagging area"


def test_age_check_in_plain_words_with_the_latest_birth_date(lane):
    noon = datetime(2026, 11, 23, 12, 0).timestamp()  # the station's local date
    model = StationModel(LANES, clock=lambda: noon)
    scan(lane, WHISKY)
    queued = item_of(model, summary(opened(lane, InterventionKind.AGE_CHECK)))
    assert model.explain(queued) == (
        "Whisky 0.7 l: customer must be 18 or older (born on or before Nov 23, 2008)")


def test_void_request_help_and_device_fault(model, lane, settings):
    scan(lane, MILK, 1040)
    lane.handle(ev.VoidRequested(1))
    queued = item_of(model, summary(opened(lane, InterventionKind.VOID_REQUEST)))
    assert model.explain(queued) == "Customer asks to remove Milk 1 l (€1.19)"

    other = TransactionMachine(settings)
    other.handle(ev.LaneOpened())
    other.handle(ev.HelpRequested())
    other.handle(ev.DeviceFaulted("scale", "SCALE_OFFLINE", "no answer from the scale"))
    queued = item_of(model, summary(opened(other, InterventionKind.HELP)), "lane-2")
    assert model.explain(queued) == "Customer asked for help"
    fault = item_of(model, summary(opened(other, InterventionKind.DEVICE_FAULT)), "lane-3")
    assert model.explain(fault) == ("Scale: no answer from the scale (SCALE_OFFLINE); "
                                    "the lane cannot sell")


def test_devices_are_named_in_words(model):
    assert model.device_words("scanner_scale") == "scanner-scale"
    assert model.device_words("payment") == "payment"
    assert model.device_words("label_printer") == "label_printer"  # a role it does not know
    platter = InterventionSummary(1, "device_fault", 10.0, "nothing", "attendant", False,
                                  {"device": "scanner_scale", "code": "SCALE_OFFLINE",
                                   "message": "no answer", "essential": False})
    assert model.explain(item_of(model, platter)) == (
        "Scanner-scale: no answer (SCALE_OFFLINE)")


def test_an_unknown_kind_lists_its_keys(model):
    strange = InterventionSummary(1, "coupon_check", 10.0, "payment", "attendant", False,
                                  {"coupon": "X1", "value": 100})
    assert model.explain(item_of(model, strange)) == "coupon_check: coupon=X1, value=100"


def test_a_known_kind_missing_a_key_lists_its_keys(model):
    broken = InterventionSummary(1, "age_check", 10.0, "payment", "attendant", False,
                                 {"item": "Vodka"})
    assert model.explain(item_of(model, broken)) == "age_check: item=Vodka"


def test_sentences_go_through_the_translator():
    model = StationModel(["lane-1"], translate=lambda context, text: text.upper())
    model.apply_status(status(interventions=(help_at(10.0),)))
    assert model.explain(model.queue()[0]) == "CUSTOMER ASKED FOR HELP"
    assert model.state_words("lane-1") == "SCANNING"


# -- formats -------------------------------------------------------------------------


def test_formats():
    assert money(1234, "EUR") == "€12.34"
    assert money(150000, "VND") == "₫150,000"
    assert kilograms(1200) == "1.20 kg"
    assert kilograms(52) == "0.052 kg"
    assert elapsed(42.9) == "0:42"
    assert elapsed(725) == "12:05"
    assert elapsed(3900) == "1:05:00"
    assert elapsed(-3) == "0:00"


def test_roles_are_ordered():
    assert Role.SUPERVISOR > Role.ATTENDANT
