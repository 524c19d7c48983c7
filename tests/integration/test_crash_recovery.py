"""A real lane-core process, killed with SIGKILL again and again, loses and doubles nothing.

The test drives ``python -m kiosk.lanecore`` over its stdin/stdout protocol with two
scripted visits (scanning, bagging alarms, an age check, a decline, a payment whose
outcome is in doubt, partial payment), kills it at every step (58+ points), restarts it on the same
SQLite file, and checks that the journal holds exactly the acknowledged events (plus at
most the one in flight) and that the restarted lane is in exactly the state a pure
replay of those events gives.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.settings import lane_settings_from_store
from kiosk.storage import Database
from pos import events as ev
from pos.catalog import Bagging, Product
from pos.errors import IllegalEvent
from pos.interventions import Role
from pos.payment import Tender
from pos.security import SecurityPolicy, expected_weight
from pos.transaction import TransactionMachine

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "config" / "store.toml"
POLICY = SecurityPolicy()

MILK = Product("04000000000017", "Milk 1 l", 119, "B", expected_weight_g=1040)
BREAD = Product("04000000000024", "Rye bread", 249, "B", expected_weight_g=760)
BEER = Product("04000000000031", "Pils 0.5 l", 89, "A", expected_weight_g=820, min_age=16)
CRATE = Product("04000000000086", "Water crate", 499, "B", expected_weight_g=14500,
                bagging=Bagging.OPTIONAL)


def item(product: Product) -> ev.ItemAdded:
    return ev.ItemAdded(product, expected_weight(product, 1, POLICY))


def script() -> list[ev.Event]:
    ann = ("ann", Role.ATTENDANT)
    first = [
        ev.LanguageChanged("vi"), ev.OwnBagDeclared(), ev.WeightChanged(40),
        item(MILK), ev.WeightChanged(1082), item(BREAD), ev.WeightChanged(1300),
        ev.InterventionApproved(1, *ann),  # the bread weighed wrong; the attendant approves
        item(BEER), ev.WeightChanged(2120), item(CRATE), ev.BaggingSkipped(),
        ev.WeightChanged(2500), ev.WeightChanged(2121),  # unexpected item, then taken off
        item(MILK), ev.WeightChanged(3160), ev.VoidRequested(5),
        ev.InterventionApproved(4, *ann), ev.WeightChanged(2121),
        ev.PayRequested(),  # refused: the age check is open
        ev.InterventionApproved(2, *ann), ev.PayRequested(),
        ev.TenderSelected(Tender.CARD), ev.PaymentDeclined(1, "05", "declined"),
        ev.TenderSelected(Tender.VOUCHER, 300), ev.PaymentApproved(2, 300),
        ev.TenderSelected(Tender.CARD), ev.PaymentOutcomeUnknown(3, "no answer"),
        ev.PaymentApproved(3, 656, masked_pan="************4242", receipt_no="0042"),
        ev.ReceiptIssued(), ev.VisitEnded(),
    ]
    return first + later_visit(2121) + later_visit(2121 + 1800)


def later_visit(base: int) -> list[ev.Event]:
    """A visit with a help call and a terminal abort, bagging on top of ``base`` grams."""
    return [
        item(BREAD), ev.WeightChanged(base + 760), item(MILK), ev.WeightChanged(base + 1800),
        ev.HelpRequested(), ev.HelpCancelled(), ev.PayRequested(), ev.TenderSelected(Tender.CARD),
        ev.PaymentAborted(1, "6C", "aborted"), ev.TenderSelected(Tender.CARD),
        ev.PaymentApproved(2, 368), ev.ReceiptIssued(), ev.VisitEnded(),
    ]


class Lane:
    """One lane-core process."""

    def __init__(self, url: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.lanecore", "--db", url, "--store", str(STORE)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        ready = self.read()
        assert ready["ready"], ready

    def read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"lane exited with {self.proc.wait()}"
        return json.loads(line)

    def send(self, event: ev.Event) -> None:
        assert self.proc.stdin is not None
        request = {"event": type(event).__name__, "payload": ev.encode(event)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()

    def snapshot(self) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write('{"cmd": "snapshot"}\n')
        self.proc.stdin.flush()
        return self.read()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except BrokenPipeError:
                    pass

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0


def journal_of(url: str) -> list[tuple[str, dict]]:
    with Database.open(url, migrate=False) as db:
        return [(r.kind, dict(r.payload)) for r in db.journal().records("lane-1")]


def replay(records: list[tuple[str, dict]]) -> dict:
    machine = TransactionMachine(lane_settings_from_store(STORE, "lane-1"))
    for kind, payload in records:
        machine.handle(ev.decode(kind, payload))
    return machine.snapshot()


def is_legal(records: list[tuple[str, dict]], event: ev.Event) -> bool:
    machine = TransactionMachine(lane_settings_from_store(STORE, "lane-1"))
    for kind, payload in records:
        machine.handle(ev.decode(kind, payload))
    try:
        machine.handle(event)
    except IllegalEvent:
        return False
    return True


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_doubles_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lane-1.db'}"
    rng = random.Random(20261123)
    steps = script()
    expected: list[tuple[str, dict]] = []  # what the journal must hold
    lane = Lane(url)
    expected.append(("LaneOpened", {"operator": ""}))
    kills = 0
    position = 0
    while position < len(steps):
        event = steps[position]
        legal = is_legal(expected, event)
        record = (type(event).__name__, ev.encode(event))
        mode = rng.random()  # every step ends in a kill: in flight, or right after its ack
        lane.send(event)
        if mode < 0.5:
            # Kill while the event is in flight: it may or may not have been committed.
            lane.kill()
            kills += 1
            recovered = journal_of(url)
            assert recovered[: len(expected)] == expected, "an acknowledged event was lost"
            extra = recovered[len(expected):]
            assert extra in ([], [record] if legal else []), f"unexpected records {extra}"
            expected = recovered
            if extra:
                position += 1
            lane = Lane(url)
            expected.append(("LaneRestarted", {}))
            snapshot = lane.snapshot()
            assert snapshot["seq"] == len(expected)
            assert snapshot["snapshot"] == replay(expected)
            assert journal_of(url) == expected
            continue
        reply = lane.read()
        assert reply["ok"] is legal, (event, reply)
        if legal:
            expected.append(record)
        position += 1
        # Kill right after the acknowledgement: the event must survive.
        lane.kill()
        kills += 1
        assert journal_of(url) == expected
        lane = Lane(url)
        expected.append(("LaneRestarted", {}))
        assert lane.snapshot()["snapshot"] == replay(expected)
    final = lane.snapshot()["snapshot"]
    lane.stop()
    assert kills >= 50, f"only {kills} kills"
    assert final["state"] == "attract"
    assert final == replay(journal_of(url))
    # Every payment of the run was recorded once: three visits, their approved amounts.
    approved = [p for k, p in journal_of(url) if k == "PaymentApproved"]
    assert [p["amount"] for p in approved] == [300, 656, 368, 368]
