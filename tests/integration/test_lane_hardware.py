"""A whole lane with its four devices as the demo config declares them: real drivers on
simulators speaking the real protocols (serial AIM scanner, MT-SICS scale, ESC/POS printer
over TCP, ZVT terminal over TCP).  No Qt; the test waits on the lane's views.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import assemble, open_lane_database
from kiosk.hardware import PAYMENT, PRINTER, SCALE, SCANNER
from kiosk.lane import Timeouts
from kiosk.settings import LaneSetup
from kiosk.view import ScaleView, screen_for
from pos.interventions import Role
from tests.integration.test_lane import Views
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
LANE = ROOT / "config" / "lanes" / "lane-1.toml"
MILK, COFFEE = "4031750000176", "4006581000176"


@pytest.fixture
def lane_file(tmp_path):
    """lane-1 as in the demo, with a short terminal timeout so a silent terminal is quick."""
    text = LANE.read_text().replace('store = "../store.toml"',
                                    f'store = "{ROOT / "config" / "store.toml"}"')
    text = text.replace('[devices.payment]\ndriver = "simulated"',
                        '[devices.payment]\ndriver = "simulated"\ntimeout_s = 2')
    assert "timeout_s = 2" in text
    path = tmp_path / "lane-1.toml"
    path.write_text(text)
    return path


@pytest.fixture
def shop(tmp_path, lane_file):
    setup = LaneSetup.load(lane_file)
    db = open_lane_database(setup.lane, setup.store, f"sqlite:///{tmp_path / 'lane.db'}")
    lane, hardware = assemble(setup, db, lane_timeouts=Timeouts(thank_you_s=0.5,
                                                                in_doubt_retry_s=1.0))
    views = Views()
    lane.add_listener(views)
    lane.start()
    views.wait(lambda v: v.state == "attract")
    hardware.start()
    views.wait(lambda v: {d.name for d in v.devices if d.health == "online"}
               >= {SCANNER, SCALE, PRINTER, PAYMENT}, timeout=15)
    yield lane, views, hardware.sims
    lane.stop()
    hardware.close()
    db.close()


def bag(sims, views, grams):
    sims[SCALE].put(grams)
    return views.wait(lambda v: v.state == "scanning", timeout=10)


def test_scan_weigh_pay_by_card_and_print(shop):
    lane, views, sims = shop
    sims[SCANNER].scan(MILK)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 1042)
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging" and len(v.lines) == 2)
    view = bag(sims, views, 516)
    assert view.total == 115 + 599
    sims[PAYMENT].approve_next(progress=(0x0A, 0x01))
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    view = views.wait(lambda v: v.state == "receipt", timeout=15)
    payment = view.payments[-1]
    assert payment.status == "approved"
    assert len(sims[PAYMENT].charges) == 1
    assert sims[PAYMENT].charges[0].amount == 714
    printed = sims[PRINTER].wait_receipt(10)
    text = printed.text
    assert "Vollmilch" in text
    assert "7.14" in text
    assert view.receipt_printed is True
    assert screen_for(view) == "thank_you"
    views.wait(lambda v: v.state == "attract", timeout=10)


def test_declined_card_then_approved(shop):
    lane, views, sims = shop
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 517)
    sims[PAYMENT].decline_next(0x05)
    sims[PAYMENT].approve_next()
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    view = views.wait(lambda v: v.payments and v.payments[-1].status == "declined", timeout=15)
    assert view.payments[-1].result_code == "05"
    assert view.state == "payment"
    lane.choose_tender("card")
    views.wait(lambda v: v.state == "receipt", timeout=15)
    assert [c.amount for c in sims[PAYMENT].charges] == [599]


def test_terminal_link_drops_after_approval_is_settled_by_asking_it(shop):
    lane, views, sims = shop
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 517)
    sims[PAYMENT].drop_after_approval_next(replug_after_s=0.3)
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    views.wait(lambda v: v.state == "payment_in_doubt", timeout=30)
    view = views.wait(lambda v: v.state == "receipt", timeout=30)
    assert view.payments[-1].status == "approved"
    assert len(sims[PAYMENT].charges) == 1  # charged once, never twice


def test_a_payment_ruled_not_paid_but_charged_is_taken_back_before_paying_again(shop):
    lane, views, sims = shop
    terminal = sims[PAYMENT]
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 517)
    # The terminal charges the card, then its cable is out for 3 s: the lane cannot know.
    terminal.drop_after_approval_next(replug_after_s=3.0)
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    view = views.wait(lambda v: v.intervention("payment_problem") is not None, timeout=30)
    assert view.state == "payment_in_doubt"
    # The attendant, wrongly, rules that nothing was taken: the shopper is to pay again.
    lane.attendant_sign_in("Anna", Role.ATTENDANT)
    lane.reject(view.intervention("payment_problem").id)
    view = views.wait(lambda v: v.state == "payment")
    lane.attendant_sign_out()
    assert (view.paid, view.payments[-1].status) == (0, "aborted")
    # Once the terminal answers again, the lane finds the charge and takes it back.
    wait_until(lambda: [e.kind for e in terminal.ledger] == ["charge", "reversal"], 30)
    charge, reversal = terminal.ledger
    assert (reversal.reverses, reversal.amount) == (charge.receipt_no, charge.amount)
    terminal.approve_next()
    lane.choose_tender("card")
    view = views.wait(lambda v: v.state == "receipt", timeout=30)
    assert view.payments[-1].status == "approved"
    kinds = [e.kind for e in terminal.ledger]
    assert kinds == ["charge", "reversal", "charge"]  # paid once, in the end


def test_paper_out_gives_a_digital_receipt(shop):
    lane, views, sims = shop
    sims[PRINTER].set_paper_out(True)
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 517)
    sims[PAYMENT].approve_next()
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    view = views.wait(lambda v: v.state == "receipt" and v.receipt_qr is not None, timeout=15)
    assert view.receipt_printed is False
    assert view.receipt_qr.endswith("/lane-1-000001")


def test_a_payment_that_never_reached_the_terminal_is_not_taken_for_the_last_one(shop):
    lane, views, sims = shop
    for grams, expected_state in ((517, "receipt"),):
        sims[SCANNER].scan(COFFEE)
        views.wait(lambda v: v.state == "awaiting_bagging")
        bag(sims, views, grams)
        sims[PAYMENT].approve_next()
        lane.pay()
        views.wait(lambda v: v.state == "payment")
        lane.choose_tender("card")
        views.wait(lambda v, s=expected_state: v.state == s, timeout=15)
    views.wait(lambda v: v.state == "attract", timeout=10)
    # The next shopper pays the same amount; the terminal stays silent this time.
    sims[SCANNER].scan(COFFEE)
    views.wait(lambda v: v.state == "awaiting_bagging")
    bag(sims, views, 517)
    sims[PAYMENT].silent_next()
    lane.pay()
    views.wait(lambda v: v.state == "payment")
    lane.choose_tender("card")
    views.wait(lambda v: v.state == "payment_in_doubt", timeout=15)
    # Asked, the terminal reports its last transaction: the first shopper's.  Not ours.
    view = views.wait(lambda v: v.state == "payment", timeout=15)
    assert view.payments[-1].status == "aborted"
    assert view.payments[-1].reason == "the terminal has no record of this payment"
    assert len(sims[PAYMENT].charges) == 1


def test_lane_1_weighs_produce_on_its_bagging_scale_and_has_no_scanner_scale(shop):
    lane, views, sims = shop
    assert lane.devices.produce_scale == SCALE
    assert set(sims) == {SCANNER, SCALE, PRINTER, PAYMENT}
    assert {d.name for d in lane.view.devices} == {SCANNER, SCALE, PRINTER, PAYMENT}


def test_the_look_up_screen_shows_the_bagging_scales_weight_that_prices_produce(shop):
    lane, views, sims = shop
    lane.open_lookup()
    view = views.wait(lambda v: v.state == "produce_lookup")
    assert view.weighing == ScaleView(SCALE, None, stable=True, working=True)
    sims[SCALE].put(870)  # loose bananas put down in the bagging area
    view = views.wait(lambda v: v.weighing is not None and v.weighing.grams is not None,
                      timeout=10)
    shown = view.weighing.grams
    assert abs(shown - 870) <= 10
    lane.add_by_plu("4011")  # Bananen lose, 1.69 per kg
    view = views.wait(lambda v: len(v.lines) == 1, timeout=10)
    assert view.lines[0].weight_g == shown  # priced from the weight the screen showed
    assert view.weighing is None
