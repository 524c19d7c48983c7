"""A real lane (core, journal, link) and real station links, through a test-started Mosquitto
with the shipped ACL and per-client passwords.

Nothing here sleeps: each test waits for the message it expects, with a bound.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from attendant.link import StationLink
from devices.events import ScanEvent, WeightEvent, WeightStatus
from kiosk.lane import Lane, LaneDevices, Timeouts
from kiosk.link import LaneLink
from kiosk.settings import LaneSetup
from kiosk.storage import Database, import_products
from kiosk.view import LaneView, ViewContext
from pos.barcode import Symbology
from pos.catalog_csv import read_catalog_csv
from pos.messages import Action, Command, LaneEvent, LaneStatus, Reply
from tests.mqtt_broker import TestBroker

ROOT = Path(__file__).resolve().parents[2]
STORE = "berlin-kiez"
MILK, MILK_G = "4031750000176", 1041
BEER = "4014086000171"  # age-restricted
WAIT = 15.0
T = TypeVar("T")


class Inbox:
    """Messages a callback put here, waited for by predicate."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()
        self.seen: list[Any] = []

    def __call__(self, item: Any) -> None:
        self._queue.put(item)

    def wait(self, check: Callable[[Any], bool], timeout: float = WAIT) -> Any:
        for item in self.seen:
            if check(item):
                return item
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"not received in {timeout} s; saw {self.seen[-5:]}")
            try:
                item = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(item)
            if check(item):
                return item

    def drain(self) -> list[Any]:
        while True:
            try:
                self.seen.append(self._queue.get_nowait())
            except queue.Empty:
                return self.seen


@dataclass
class Station:
    link: StationLink
    statuses: Inbox = field(default_factory=Inbox)
    events: Inbox = field(default_factory=Inbox)
    replies: Inbox = field(default_factory=Inbox)

    def command(self, action: Action, *, txn: str = "", intervention: int | None = None,
                operator: str = "alice") -> Command:
        command = Command(uuid.uuid4().hex, "lane-1", action, operator, "attendant",
                          self.link.station, time.time(), txn=txn, intervention=intervention)
        assert self.link.send(command)
        return command

    def reply_to(self, command: Command) -> Reply:
        reply: Reply = self.replies.wait(lambda r: r.id == command.id)
        return reply


def station(broker: TestBroker, name: str) -> Station:
    boxes = [Inbox(), Inbox(), Inbox()]
    link = StationLink(store=STORE, station=name, broker=broker.broker_settings(name),
                       on_status=boxes[0], on_event=boxes[1], on_reply=boxes[2])
    link.start()
    assert link.wait_connected(WAIT)
    return Station(link, *boxes)


@dataclass
class LaneRig:
    lane: Lane
    link: LaneLink
    db: Database
    views: Inbox

    def scan(self, gtin: str) -> None:
        self.lane.sink(ScanEvent("scanner-1", Symbology.EAN13, gtin.encode(), gtin))

    def weigh(self, grams: int) -> None:
        self.lane.sink(WeightEvent("scale-1", WeightStatus.STABLE, grams))

    def view(self, check: Callable[[LaneView], bool]) -> LaneView:
        view: LaneView = self.views.wait(check)
        return view


def make_lane(path: Path, broker: TestBroker) -> LaneRig:
    setup = LaneSetup.load(ROOT / "config" / "lanes" / "lane-1.toml")
    db = Database.open(f"sqlite:///{path}")
    if db.catalog().count() == 0:
        with setup.store.catalog_csv_path().open(newline="", encoding="utf-8") as source:
            import_products(db, read_catalog_csv(source, setup.store.currency))
    lane = Lane(setup.core(db), ViewContext("Lane 1", "Test", ("en",)),
                LaneDevices(names={"scanner-1": "scanner", "scale-1": "scale"}),
                timeouts=Timeouts(bagging_s=60, thank_you_s=0.5))
    link = LaneLink(store=STORE, lane="lane-1", broker=broker.broker_settings("lane-1"),
                    outbox=db.outbox(), journal=db.journal(), lane_name="Lane 1")
    lane.link = link
    views = Inbox()
    lane.add_listener(views)
    return LaneRig(lane, link, db, views)


@pytest.fixture
def rig(mosquitto: TestBroker, tmp_path: Path) -> Iterator[LaneRig]:
    rig = make_lane(tmp_path / "lane.db", mosquitto)
    rig.lane.start()
    assert rig.link.wait_connected(WAIT)
    yield rig
    rig.lane.stop()
    rig.link.stop()
    rig.db.close()


@pytest.fixture
def desk(mosquitto: TestBroker) -> Iterator[Station]:
    s = station(mosquitto, "station-1")
    yield s
    s.link.stop()


def test_a_late_station_sees_the_lane_at_once_and_a_clean_stop_says_offline(
        mosquitto: TestBroker, rig: LaneRig) -> None:
    rig.scan(BEER)
    rig.view(lambda v: v.intervention("age_check") is not None)
    late = station(mosquitto, "station-2")  # subscribes only now: the status is retained
    status: LaneStatus = late.statuses.wait(lambda s: s.online and s.items == 1)
    assert (status.lane, status.light, status.state) == ("lane-1", "red", "awaiting_bagging")
    [age] = status.interventions
    assert (age.kind, age.blocks, age.explanation["min_age"]) == ("age_check", "payment", 16)
    rig.lane.stop()
    rig.link.stop()
    late.statuses.wait(lambda s: not s.online)
    late.link.stop()


def test_a_killed_lane_process_is_shown_offline_by_its_last_will(
        mosquitto: TestBroker, desk: Station, tmp_path: Path) -> None:
    user, password_file = mosquitto.credentials("lane-1")
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from tests.mqtt.test_lane_link import make_lane
        from kiosk.config import BrokerSection
        class B:
            def broker_settings(self, user):
                return BrokerSection(host="127.0.0.1", port={mosquitto.port},
                                     username={user!r}, password_file={str(password_file)!r})
        rig = make_lane(Path({str(tmp_path / "killed.db")!r}), B())
        rig.lane.start()
        assert rig.link.wait_connected(10)
        print("ready", flush=True)
        time.sleep(600)  # allowed: the child idles until the test kills it
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"ready"
        desk.statuses.wait(lambda s: s.online and s.state == "attract")
        process.send_signal(signal.SIGKILL)
        process.wait(WAIT)
        gone: LaneStatus = desk.statuses.wait(lambda s: not s.online)
        assert (gone.lane, gone.light) == ("lane-1", "red")
    finally:
        process.kill()
        process.wait(WAIT)


def test_commands_are_applied_once_and_garbage_is_refused(rig: LaneRig, desk: Station) -> None:
    rig.scan(BEER)
    view = rig.view(lambda v: v.intervention("age_check") is not None)
    age = view.intervention("age_check")
    assert age is not None
    # Garbage and a command claiming another lane, with station credentials: refused unread.
    desk.link._client.publish(desk.link.topics.commands("lane-1"), b"\xff{not json", qos=1)
    forged = Command(uuid.uuid4().hex, "lane-2", Action.CANCEL, "mallory", "supervisor",
                     "station-1", time.time(), txn=view.txn_id)
    desk.link._client.publish(desk.link.topics.commands("lane-1"), forged.encode(), qos=1)
    approve = desk.command(Action.APPROVE, txn=view.txn_id, intervention=age.id)
    reply = desk.reply_to(approve)
    assert (reply.ok, reply.code, reply.operator) == (True, "OK", "alice")
    assert rig.link.refused_commands == 2
    rig.view(lambda v: v.intervention("age_check") is None and v.txn_id == view.txn_id)
    # The same command again (a redelivery): the same answer, nothing applied twice.
    desk.link._client.publish(desk.link.topics.commands("lane-1"), approve.encode(), qos=1)
    again = desk.replies.wait(lambda r: r.id == approve.id and r is not reply)
    assert again.ok
    approvals = [r for r in rig.db.journal().records("lane-1")
                 if r.kind == "InterventionApproved"]
    assert len(approvals) == 1
    assert approvals[0].payload["operator"] == "alice"
    audit = rig.db.outbox().command(approve.id)
    assert audit is not None
    assert (audit.station, audit.operator, audit.action, audit.ok) == (
        "station-1", "alice", "approve", True)


def test_a_command_for_a_finished_transaction_is_refused(rig: LaneRig, desk: Station) -> None:
    rig.scan(BEER)
    view = rig.view(lambda v: v.intervention("age_check") is not None)
    age = view.intervention("age_check")
    assert age is not None
    cancel = desk.command(Action.CANCEL, txn=view.txn_id)
    assert desk.reply_to(cancel).ok
    rig.view(lambda v: v.state == "attract")
    late = desk.command(Action.APPROVE, txn=view.txn_id, intervention=age.id)
    reply = desk.reply_to(late)
    assert (reply.ok, reply.code) == (False, "LINK_TXN_ENDED")
    assert view.txn_id in reply.reason
    ended: LaneEvent = desk.events.wait(lambda e: e.kind == "TransactionEnded")
    assert (ended.txn, ended.data["outcome"], ended.data["items"]) == (view.txn_id,
                                                                       "cancelled", 1)


def test_two_stations_act_on_one_intervention_one_wins_the_other_is_told(
        mosquitto: TestBroker, rig: LaneRig, desk: Station) -> None:
    other = station(mosquitto, "station-2")
    try:
        rig.scan(BEER)
        view = rig.view(lambda v: v.intervention("age_check") is not None)
        age = view.intervention("age_check")
        assert age is not None
        first = desk.command(Action.APPROVE, txn=view.txn_id, intervention=age.id,
                             operator="alice")
        second = other.command(Action.APPROVE, txn=view.txn_id, intervention=age.id,
                               operator="bob")
        replies = [desk.reply_to(first), other.reply_to(second)]
        winners = [r for r in replies if r.ok]
        losers = [r for r in replies if not r.ok]
        assert len(winners) == 1
        assert len(losers) == 1
        who, where = ("alice", "station-1") if winners[0].id == first.id else ("bob",
                                                                                "station-2")
        assert losers[0].code == "LINK_INTERVENTION_CLOSED"
        assert losers[0].reason == f"Already approved by {who} at {where}."
    finally:
        other.link.stop()


def test_broker_restart_mid_visit_loses_nothing_and_doubles_nothing(
        mosquitto: TestBroker, rig: LaneRig, desk: Station) -> None:
    rig.scan(MILK)
    rig.weigh(MILK_G)
    rig.view(lambda v: v.state == "scanning" and v.item_count == 1)
    desk.events.wait(lambda e: e.kind == "ItemAdded")
    mosquitto.stop()
    # The lane sells on with no broker: three more milks, each bagged.
    for n in range(2, 5):
        rig.scan(MILK)
        rig.view(lambda v, n=n: v.state == "awaiting_bagging" and v.item_count == n)
        rig.weigh(MILK_G * n)
        rig.view(lambda v, n=n: v.state == "scanning" and v.item_count == n)
    assert rig.link.pending() > 0
    mosquitto.start()
    last = rig.db.journal().last_seq("lane-1")
    desk.events.wait(lambda e: e.seq == last)
    received = [e for e in desk.events.drain() if e.seq > 0]
    ids = [e.id for e in received]
    # Every journal record after the link started reached the station, in order.
    first = min(e.seq for e in received)
    expected = [f"lane-1:{seq}" for seq in range(first, last + 1)]
    assert list(dict.fromkeys(ids)) == expected
    kinds = [e.kind for e in {e.id: e for e in received}.values()]
    assert kinds.count("ItemAdded") == 4
    status = desk.statuses.wait(lambda s: s.online and s.items == 4)
    assert rig.lane.view is not None
    assert status.total == rig.lane.view.total == 4 * 115
    assert rig.link.wait_delivered(WAIT)
    assert rig.link.pending() == 0
