"""``sco demo``: one scripted shopper visit through the real core and storage, as text.

Until the kiosk screens and the attendant station exist, this is how the
store is shown: a lane database is created, the demo catalog imported, and a
visit played through ``LaneCore`` (so every event is journalled in SQLite)
with the bagging scale's stable readings and the card terminal's answers
simulated.  It prints what happens, the basket, the interventions raised and
the receipt.  At the end the lane is "restarted" from its journal to show
that it comes back in exactly the same state.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kiosk.app import import_store_catalog
from kiosk.lanecore import LaneCore
from kiosk.settings import LaneSetup
from kiosk.storage import Database
from pos import events as ev
from pos.barcode import Symbology, variable_measure_check_digit
from pos.catalog import gs1_check_digit
from pos.errors import SCOError
from pos.interventions import Role
from pos.money import Money
from pos.payment import Tender
from pos.receipt import render_text
from pos.transaction import Decision

MILK, COFFEE, BREAD = "4031750000176", "4006581000176", "4012961000179"
COLA, LEMONADE, BEER = "4026343000596", "4026343000732", "4014086000171"
WATER_PACK, COUPON = "4026343000381", "9900000000011"


def deli_label(item: str, grams: int) -> str:
    """A counter-scale label in the store's weight layout 24 (24 IIII C VVVVV K)."""
    value = f"{grams:05d}"
    body = f"24{item}{variable_measure_check_digit(value)}{value}"
    return body + str(gs1_check_digit(body))


class Visit:
    """Plays one visit, narrating each step."""

    def __init__(self, core: LaneCore, out: TextIO) -> None:
        self.core = core
        self.out = out
        self.scale = 0  # grams on the bagging scale
        self.raised: list[str] = []
        self.closed: list[str] = []

    def say(self, text: str) -> None:
        self.out.write(text + "\n")

    def step(self, what: str, action: Callable[[], Decision]) -> Decision | None:
        try:
            decision = action()
        except SCOError as exc:
            self.say(f"  {what:<52} refused: {exc.code}: {exc.message}")
            return None
        self.say(f"  {what:<52} -> {decision.state.value}")
        for effect in decision.effects:
            self._show(effect)
        return decision

    def _show(self, effect: ev.Effect) -> None:
        if isinstance(effect, ev.CallAttendant):
            data = effect.intervention
            self.raised.append(f"#{data['id']} {data['kind']} (blocks {data['blocks']}): "
                               f"{data['explanation']}")
            self.say(f"      ! attendant called: {data['kind']} {data['explanation']}")
        elif isinstance(effect, ev.InterventionClosed):
            self.closed.append(f"#{effect.intervention_id} {effect.kind}: {effect.how}"
                               + (f" by {effect.operator}" if effect.operator else ""))
            self.say(f"      . {effect.kind} #{effect.intervention_id} {effect.how}")
        elif isinstance(effect, ev.AuthorizePayment):
            amount = Money(effect.amount, effect.currency)
            self.say(f"      > terminal asked to authorise {amount}")
        elif isinstance(effect, ev.QueryPayment):
            self.say("      > terminal asked for the result of its last transaction")

    def weigh(self, grams: int, what: str) -> Decision | None:
        self.scale += grams
        return self.step(f"{what} ({grams:+} g, scale {self.scale} g)",
                         lambda: self.core.submit(ev.WeightChanged(self.scale)))

    def scan(self, code: str, what: str, bag_g: int | None) -> None:
        self.step(f"scan {what}", lambda: self.core.scan(code, Symbology.EAN13))
        if bag_g is not None:
            self.weigh(bag_g, "  bag it")

    def play(self) -> None:
        core = self.core
        attendant = ("Anna (attendant)", Role.ATTENDANT)
        self.say("A shopper's visit on lane-1:")
        self.step("choose language: Tiếng Việt", lambda: core.submit(ev.LanguageChanged("vi")))
        self.step("bring own bag", lambda: core.submit(ev.OwnBagDeclared()))
        self.weigh(38, "  put the bag down")
        self.scan(MILK, "Vollmilch 1 l", 1043)
        for _ in range(3):
            self.scan(COFFEE, "Kaffee 500 g (3 for 2)", 517)
        self.scan(COLA, "Cola 1.5 l (3 soft drinks for 3.50)", 1566)
        self.scan(LEMONADE, "Orangenlimonade 1.5 l", 1563)
        self.scan(LEMONADE, "Orangenlimonade 1.5 l", 1561)
        self.scan(BREAD, "Roggenmischbrot 750 g", None)
        self.weigh(410, "  puts a half loaf down instead")
        self.weigh(-410, "  takes it back off")
        self.weigh(771, "  bags the right bread")
        self.scan(BEER, "Pilsener 0.5 l (age 16)", 861)
        self.step("produce look-up", lambda: core.submit(ev.ProduceLookupOpened()))
        self.step("bananas by PLU 4011, 1.234 kg on the scale",
                  lambda: core.add_by_plu("4011", weight_g=1234))
        self.weigh(1236, "  bag them")
        self.scan(deli_label("7001", 456), "deli label: Leberkäse 456 g", 458)
        self.step("scan water 6 x 1.5 l (no bagging)",
                  lambda: core.scan(WATER_PACK, Symbology.EAN13))
        self.step("  skip bagging", lambda: core.submit(ev.BaggingSkipped()))
        self.weigh(250, "puts an unscanned item in the bag")
        self.weigh(-250, "takes it out again")
        self.step("scan coupon 1 EUR off from 10 EUR", lambda: core.scan(COUPON, Symbology.EAN13))
        self.step("press pay", lambda: core.submit(ev.PayRequested()))
        age_check = next(iter(core.machine.interventions))
        self.step("attendant checks ID and approves",
                  lambda: core.submit(ev.InterventionApproved(age_check, *attendant)))
        self.step("press pay", lambda: core.submit(ev.PayRequested()))
        self.step("choose card", lambda: core.submit(ev.TenderSelected(Tender.CARD)))
        self.step("terminal: declined (51, insufficient funds)",
                  lambda: core.submit(ev.PaymentDeclined(1, "51", "insufficient funds")))
        self.step("choose card again", lambda: core.submit(ev.TenderSelected(Tender.CARD)))
        self.step("terminal link drops after the PIN",
                  lambda: core.submit(ev.PaymentOutcomeUnknown(2, "connection lost")))
        due = core.machine.due
        self.step("terminal answers the query: approved",
                  lambda: core.submit(ev.PaymentApproved(
                      2, due, masked_pan="############4242", card_type="girocard",
                      receipt_no="0815", terminal_id="52500042")))


def run(lane_path: Path, workdir: Path, out: TextIO) -> int:
    setup = LaneSetup.load(lane_path)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    url = f"sqlite:///{workdir / 'lane-1.db'}"
    with Database.open(url) as db:
        count = import_store_catalog(db, setup.store)
        out.write(f"Store: {setup.store.store.name} ({count} products in the catalog)\n")
        out.write(f"Lane database: {url}\n\n")
        core = setup.core(db)
        core.start()
        visit = Visit(core, out)
        visit.play()
        receipt = core.receipt()
        machine = core.machine
        out.write("\nBasket:\n")
        for line in machine.basket.lines:
            mark = " (void)" if line.voided else ""
            qty = f"{line.weight_g} g" if line.weight_g is not None else f"{line.quantity} x"
            out.write(f"  {line.line_no:>2}. {line.product.name[:44]:<44} {qty:>8} "
                      f"{Money(line.amount, machine.settings.currency)}{mark}\n")
        totals = machine.basket.totals()
        out.write(f"  total {Money(totals.total, totals.currency)}, "
                  f"saved {Money(totals.savings, totals.currency)}, {totals.item_count} items\n")
        out.write("\nInterventions raised:\n")
        out.writelines(f"  {line}\n" for line in visit.raised)
        out.write("Closed:\n")
        out.writelines(f"  {line}\n" for line in visit.closed)
        out.write("\nReceipt:\n")
        out.write(render_text(receipt))
        visit.step("receipt printed", lambda: core.submit(ev.ReceiptIssued()))
        before = machine.snapshot()
        seq = core.seq
        out.write("\nPulling the plug on the lane and starting it again from its journal ...\n")
        again = setup.core(db)
        again.start()
        after = again.machine.snapshot()
        same = {k: v for k, v in after.items() if k != "attendant"} == \
            {k: v for k, v in before.items() if k != "attendant"}
        out.write(f"  {seq} journal records replayed; state {again.machine.state.value}, "
                  f"transaction {again.machine.txn_id}: "
                  f"{'identical' if same else 'DIFFERENT'} to before the restart\n")
        visit.core = again
        visit.step("thank-you screen times out", lambda: again.submit(ev.VisitEnded()))
        return 0 if same else 1
