"""The lane's side of the MQTT link to attendant stations.

The lane never waits for it.  The lane thread hands the link a status now and
then, writes facts and command replies to the SQLite outbox, and nudges it
after journal appends; the link's own sender thread publishes when the broker
is there:

- status: retained, latest only (a newer one replaces one not yet sent); the
  last will publishes ``online: false`` when the lane vanishes;
- events: every journal record after the delivered watermark, then the owed
  facts, in order, at QoS 1; the watermark moves and rows are marked sent
  only after the broker acknowledged them.  A crash between publish and mark
  means a message is sent again: its id makes that harmless;
- commands arrive on paho's thread, are checked (``pos.messages``) and run on
  the lane thread; the reply is recorded with the command in one transaction
  and sent like a fact.  A redelivered command id gets its first reply again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt

from kiosk.config import BrokerSection
from kiosk.mqtt import make_client
from kiosk.storage.journal import SqlJournal
from kiosk.storage.outbox import CommandRecord, SqlOutbox
from pos.messages import (
    Command,
    LaneEvent,
    LaneStatus,
    MessageError,
    OperatorRecord,
    Reply,
    Topics,
    decode_command,
    decode_operators,
)

log = logging.getLogger(__name__)

BATCH = 200  # messages published before waiting for their acknowledgements
ACK_WAIT_S = 10.0
# After a nudge the sender waits this long before it publishes.  A scan's new view reaches
# the screen within a few milliseconds, and all of that is Python wanting the interpreter
# lock: a sender encoding JSON and reading the journal at the same moment made the shopper's
# screen ~3 ms later (p99: 6 ms).  Stations see the lane 50 ms later instead, and the views
# of one scan (item added, waiting for the bag, ...) go out together.
LINGER_S = 0.05


class LaneLink:
    """Status out, events and replies out through the outbox, commands in.

    ``run_on_lane(fn)`` must run ``fn`` on the lane thread; ``apply(command)`` is
    called there and returns the lane's reply.
    """

    def __init__(self, *, store: str, lane: str, broker: BrokerSection, outbox: SqlOutbox,
                 journal: SqlJournal, lane_name: str = "",
                 clock: Callable[[], float] = time.time) -> None:
        self.topics = Topics(store)
        self.store = store
        self.lane = lane
        self.lane_name = lane_name
        self.broker = broker
        self.outbox = outbox
        self.journal = journal
        self.clock = clock
        self.log = logging.LoggerAdapter(log, {"lane": lane})
        self._apply: Callable[[Command], Reply] | None = None
        self._run_on_lane: Callable[[Callable[[], Any]], None] | None = None
        self._client: mqtt.Client | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._sent = threading.Condition()  # notified after each pass of the sender
        self._status: LaneStatus | None = None
        self._status_dirty = False
        self._watermark = 0
        self._operators: tuple[OperatorRecord, ...] = ()
        self._operators_version = -1
        self._thread = threading.Thread(target=self._send_loop, name=f"{lane}-link",
                                        daemon=True)
        self.published = 0  # messages acknowledged by the broker, for tests and status
        self.refused_commands = 0  # commands that were not messages we understand

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, apply: Callable[[Command], Reply],
              run_on_lane: Callable[[Callable[[], Any]], None]) -> None:
        self._apply, self._run_on_lane = apply, run_on_lane
        watermark = self.outbox.journal_watermark()
        if watermark is None:
            # First start with a link: what happened before was never meant for a station.
            watermark = self.journal.last_seq(self.lane)
            self.outbox.set_journal_watermark(watermark)
        self._watermark = watermark
        saved = self.outbox.operators()
        if saved is not None:
            self._take_operators(saved, persist=False)
        offline = LaneStatus.offline(self.lane, self.store, self.clock(), self.lane_name)
        client = make_client(self.broker, f"sco-{self.store}-{self.lane}",
                             will=(self.topics.status(self.lane), offline.encode()))
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.reconnect_delay_set(min_delay=1, max_delay=10)
        client.max_inflight_messages_set(BATCH)
        client.max_queued_messages_set(0)
        self._client = client
        client.connect_async(self.broker.host, self.broker.port,
                             keepalive=int(self.broker.keepalive_s))
        client.loop_start()
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Say goodbye (offline, retained) if connected, then disconnect."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        client = self._client
        if client is None:
            return
        if self._connected.is_set():
            offline = LaneStatus.offline(self.lane, self.store, self.clock(), self.lane_name)
            info = client.publish(self.topics.status(self.lane), offline.encode(), qos=1,
                                  retain=True)
            _wait(info, timeout)
        client.disconnect()
        client.loop_stop()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    # -- from the lane thread ---------------------------------------------------------------

    def status(self, status: LaneStatus) -> None:
        with self._lock:
            self._status, self._status_dirty = status, True
        self._wake.set()

    def fact(self, kind: str, txn: str, data: dict[str, Any], *, key: str) -> None:
        """Owe the station a fact; ``key`` makes its id, so the same fact is kept once."""
        at = self.clock()
        event = LaneEvent(id=f"{self.lane}:f:{key}", lane=self.lane, txn=txn, seq=0,
                          kind=kind, at=at, data=data)
        self.outbox.add(event.id, "events", event.encode(), int(at * 1000))
        self._wake.set()

    def journal_advanced(self) -> None:
        self._wake.set()

    @property
    def operators(self) -> tuple[OperatorRecord, ...]:
        return self._operators

    def wait_delivered(self, timeout: float) -> bool:
        """Wait until nothing is owed (the broker acknowledged everything); for tests, tools
        and a clean shutdown."""
        deadline = time.monotonic() + timeout
        with self._sent:
            while self.pending() > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.set()
                self._sent.wait(min(remaining, 0.5))
        return True

    def pending(self) -> int:
        """Messages owed: outbox rows not acknowledged plus journal records after the mark."""
        return (self.outbox.pending_count()
                + max(0, self.journal.last_seq(self.lane) - self._watermark))

    # -- paho's thread ------------------------------------------------------------------------

    def _on_connect(self, client: mqtt.Client, _userdata: Any, _flags: Any,
                    reason: Any, _properties: Any) -> None:
        if reason.is_failure:
            self.log.warning("broker refused the connection: %s", reason)
            return
        client.subscribe([(self.topics.commands(self.lane), 1), (self.topics.operators, 1)])
        self._connected.set()
        with self._lock:
            self._status_dirty = self._status is not None
        self.log.info("connected to the broker at %s:%s", self.broker.host, self.broker.port)
        self._wake.set()

    def _on_disconnect(self, _client: mqtt.Client, _userdata: Any, _flags: Any,
                       reason: Any, _properties: Any) -> None:
        if self._connected.is_set() and not self._stop.is_set():
            self.log.warning("lost the broker: %s", reason)
        self._connected.clear()

    def _on_message(self, _client: mqtt.Client, _userdata: Any,
                    message: mqtt.MQTTMessage) -> None:
        if message.topic == self.topics.operators:
            self._take_operators(bytes(message.payload), persist=True)
            return
        try:
            command = decode_command(bytes(message.payload))
            if command.lane != self.lane:
                raise MessageError(f"command for lane {command.lane} on {self.lane}'s topic")
        except MessageError as exc:
            self.refused_commands += 1
            self.log.warning("refused a command: %s %s", exc.code, exc.message)
            return
        if self._run_on_lane is not None:
            self._run_on_lane(lambda: self._answer(command))

    def _take_operators(self, payload: bytes, *, persist: bool) -> None:
        try:
            version, records = decode_operators(payload)
        except MessageError as exc:
            self.log.warning("ignored an operator list: %s", exc.message)
            return
        self._operators, self._operators_version = records, version
        if persist:
            self.outbox.set_operators(payload)
        self.log.info("%d operators (version %d)", len(records), version)

    # -- the lane thread, for one command -----------------------------------------------------

    def _answer(self, command: Command) -> None:
        done = self.outbox.command(command.id)
        if done is not None:  # redelivered: the same answer, nothing applied again
            self.log.info("command %s again: answered before (%s)", command.id, done.code)
            self.outbox.add(f"{self.lane}:r:{command.id}:{int(self.clock() * 1000)}",
                            "replies", done.reply, int(self.clock() * 1000))
            self._wake.set()
            return
        assert self._apply is not None
        reply = self._apply(command)
        record = CommandRecord(command.id, int(reply.at * 1000), command.station,
                               command.operator, command.role, command.action.value,
                               reply.txn, reply.ok, reply.code, reply.encode())
        self.outbox.answer(record, f"{self.lane}:r:{command.id}")
        self._wake.set()

    # -- the sender thread ----------------------------------------------------------------------

    def _send_loop(self) -> None:
        while not self._stop.is_set():
            if self._wake.wait(1.0):
                self._stop.wait(LINGER_S)  # the shopper's screen first; see LINGER_S
            self._wake.clear()
            if not self._connected.is_set() or self._client is None:
                continue
            try:
                self._send_status(self._client)
                more = self._send_journal(self._client) | self._send_outbox(self._client)
            except Exception:  # noqa: BLE001 - the link must outlive any one failure
                self.log.exception("the link's sender failed; trying again")
                self._stop.wait(1.0)
                more = True
            if more:
                self._wake.set()
            with self._sent:
                self._sent.notify_all()

    def _send_status(self, client: mqtt.Client) -> None:
        with self._lock:
            status, dirty = self._status, self._status_dirty
            self._status_dirty = False
        if status is None or not dirty:
            return
        info = client.publish(self.topics.status(self.lane), status.encode(), qos=1,
                              retain=True)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            with self._lock:
                self._status_dirty = True

    def _send_journal(self, client: mqtt.Client) -> bool:
        """Publish journal records after the watermark; True if more may be waiting."""
        records = []
        for record in self.journal.records(self.lane, self._watermark):
            records.append(record)
            if len(records) >= BATCH:
                break
        if not records:
            return False
        topic = self.topics.events(self.lane)
        infos = [client.publish(topic, LaneEvent(
            id=f"{self.lane}:{r.seq}", lane=self.lane, txn=r.txn_id, seq=r.seq, kind=r.kind,
            at=r.at_ms / 1000, data=dict(r.payload)).encode(), qos=1) for r in records]
        if not _wait_all(infos, ACK_WAIT_S):
            return False  # the broker went away: all of these again later
        self._watermark = records[-1].seq
        self.outbox.set_journal_watermark(self._watermark)
        self.published += len(records)
        return len(records) >= BATCH

    def _send_outbox(self, client: mqtt.Client) -> bool:
        owed = self.outbox.pending(BATCH)
        if not owed:
            return False
        infos = [client.publish(self.topics.events(self.lane) if o.topic_kind == "events"
                                else self.topics.replies(self.lane), o.payload, qos=1)
                 for o in owed]
        if not _wait_all(infos, ACK_WAIT_S):
            return False
        self.outbox.mark_sent([o.row_id for o in owed])
        self.published += len(owed)
        return len(owed) >= BATCH


def _wait(info: mqtt.MQTTMessageInfo, timeout: float) -> bool:
    if info.rc != mqtt.MQTT_ERR_SUCCESS:
        return False
    try:
        info.wait_for_publish(timeout)
    except (RuntimeError, ValueError):
        return False
    return info.is_published()


def _wait_all(infos: list[mqtt.MQTTMessageInfo], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    return all(_wait(info, max(0.0, deadline - time.monotonic())) for info in infos)
