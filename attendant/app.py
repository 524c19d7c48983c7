"""``sco attendant``: the attendant station, wired to the broker, its database and its screen.

``StationService`` is the station's ``StationPort``: sign-in against the
operator store (salted slow hashes, lock-out), commands out through the link,
every action and every answer in the audit, lane events kept once each for the
shift figures, and the operator list published (retained) for the lanes.  The
link's callbacks come on paho's thread; the service re-emits them as Qt
signals, which Qt queues onto the UI thread.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from attendant.link import StationLink
from attendant.model import QueueItem
from attendant.shift import ShiftFigures, shift_figures
from attendant.station import ActionRequest, Operator, SignInRefused
from attendant.storage import StationDatabase
from kiosk.config import AttendantConfig, BrokerSection, StoreConfig, load_attendant, load_store
from kiosk.sound import Sounds
from pos.errors import SCOError
from pos.messages import FACTS, Command, LaneEvent, Reply, encode_operators

log = logging.getLogger(__name__)

SHIFT_HOURS = 8  # the figures cover the last shift's worth of hours
FIGURES_EVERY_MS = 5_000
OPERATORS_EVERY_MS = 5_000  # look for `sco operators add|remove` made while running


class NotSent(SCOError):
    code = "STATION_NOT_SENT"


class StationService(QObject):
    """Signals:
        statusReceived(object): a lane's ``LaneStatus``.
        eventReceived(object): a ``LaneEvent`` seen for the first time.
        replyReceived(object): a lane's ``Reply`` to a command.
        linkChanged(bool, str): connected to the broker, or not and why.
        figuresChanged(object): new ``ShiftFigures``.
    """

    statusReceived = Signal(object)
    eventReceived = Signal(object)
    replyReceived = Signal(object)
    linkChanged = Signal(bool, str)
    figuresChanged = Signal(object)

    def __init__(self, station: str, store: str, broker: BrokerSection, db: StationDatabase,
                 *, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.station = station
        self.store = store
        self.db = db
        self.clock = clock
        self._operator: Operator | None = None
        self._operators_published = -1
        self._facts_changed = True
        self._sent: dict[str, ActionRequest] = {}
        self.link = StationLink(store=store, station=station, broker=broker,
                                on_status=self.statusReceived.emit,
                                on_event=self._event, on_reply=self._reply,
                                on_connection=self._connection)
        self._figures_timer = QTimer(self)
        self._figures_timer.setInterval(FIGURES_EVERY_MS)
        self._figures_timer.timeout.connect(self.refresh_figures)
        self._operators_timer = QTimer(self)
        self._operators_timer.setInterval(OPERATORS_EVERY_MS)
        self._operators_timer.timeout.connect(self.publish_operators)

    def start(self) -> None:
        self.link.start()
        self._figures_timer.start()
        self._operators_timer.start()
        self.refresh_figures()

    def stop(self) -> None:
        self._figures_timer.stop()
        self._operators_timer.stop()
        self.link.stop()

    # -- StationPort ------------------------------------------------------------------------

    @property
    def operator(self) -> Operator | None:
        return self._operator

    def sign_in_pin(self, operator_id: str, pin: str) -> Operator:
        return self._signed_in(lambda now: self.db.operators.verify_pin(operator_id, pin, now),
                               operator_id, "pin")

    def sign_in_badge(self, badge: str) -> Operator:
        return self._signed_in(lambda now: self.db.operators.verify_badge(badge, now),
                               "(badge)", "badge")

    def _signed_in(self, verify: Callable[[float], Operator], who: str, how: str) -> Operator:
        now = self.clock()
        try:
            operator = verify(now)
        except SignInRefused as refused:
            self._audit(action="sign_in", operator=who, role="", ok=False, code=refused.code,
                        detail={"how": how, "reason": str(refused)})
            raise
        self._operator = operator
        self._audit(action="sign_in", operator=operator.id, role=operator.role, ok=True,
                    code="OK", detail={"how": how})
        return operator

    def sign_out(self) -> None:
        operator = self._operator
        self._operator = None
        if operator is not None:
            self._audit(action="sign_out", operator=operator.id, role=operator.role, ok=True,
                        code="OK")

    def send(self, request: ActionRequest) -> str:
        operator = self._operator
        if operator is None:
            raise NotSent("sign in first")
        command = Command(id=uuid.uuid4().hex, lane=request.lane, action=request.action,
                          operator=operator.id, role=operator.role, station=self.station,
                          at=self.clock(), txn=request.txn, intervention=request.intervention,
                          line=request.line)
        sent = self.link.send(command)
        self._audit(action=request.action.value, operator=operator.id, role=operator.role,
                    lane=request.lane, txn=request.txn, command_id=command.id, ok=sent,
                    code="SENT" if sent else "STATION_NOT_SENT",
                    detail={"intervention": request.intervention, "line": request.line})
        if not sent:
            raise NotSent("the station is not connected to the lanes")
        self._sent[command.id] = request
        return command.id

    # -- from the link (paho's thread) --------------------------------------------------------

    def _event(self, event: LaneEvent) -> None:
        if self.db.events.add(event):
            if event.kind in FACTS:
                self._facts_changed = True
            self.eventReceived.emit(event)

    def _reply(self, reply: Reply) -> None:
        request = self._sent.pop(reply.id, None)
        if request is not None:  # ours: audit the outcome (other stations audit theirs)
            self._audit(action=f"{reply.action or request.action.value}_result",
                        operator=reply.operator, role="", lane=reply.lane, txn=reply.txn,
                        command_id=reply.id, ok=reply.ok, code=reply.code,
                        detail={"reason": reply.reason})
        self.replyReceived.emit(reply)

    def _connection(self, up: bool, reason: str) -> None:
        self.linkChanged.emit(up, reason)
        if up:
            self._operators_published = -1  # the broker may have lost it: publish again

    # -- on the Qt thread -----------------------------------------------------------------------

    def publish_operators(self) -> None:
        if not self.link.connected:
            return
        version, records = self.db.operators.snapshot()
        if version == self._operators_published:
            return
        if self.link.publish_operators(encode_operators(records, version)):
            self._operators_published = version
            log.info("published %d operators (version %d)", len(records), version)

    def refresh_figures(self) -> None:
        if not self._facts_changed:
            return
        self._facts_changed = False
        self.figuresChanged.emit(self.figures())

    def figures(self) -> ShiftFigures:
        end = self.clock()
        start = end - SHIFT_HOURS * 3600
        return shift_figures(self.db.events.between(start, end), start, end)

    def _audit(self, *, action: str, operator: str, role: str, ok: bool, code: str,
               lane: str = "", txn: str = "", command_id: str = "",
               detail: dict[str, object] | None = None) -> None:
        self.db.audit.record(at=self.clock(), operator=operator, role=role,
                               station=self.station, action=action, lane=lane, txn=txn,
                               command_id=command_id, ok=ok, result=code, detail=detail or {})


class StationApp:
    """The station's service, model and window, built from ``attendant.toml``."""

    def __init__(self, config_path: Path, *, size: tuple[int, int] | None = None,
                 broker: BrokerSection | None = None, database_url: str | None = None) -> None:
        from PySide6.QtWidgets import QApplication

        from attendant.model import StationModel
        from attendant.ui.window import StationWindow
        from kiosk.ui.qtfix import guard_none_refcount

        guard_none_refcount()  # before any widget exists (see kiosk.ui.qtfix)
        self.config: AttendantConfig = load_attendant(config_path)
        store: StoreConfig = load_store(self.config.store_path())
        self.qt = QApplication.instance() or QApplication(sys.argv[:1])
        self.db = StationDatabase.open(database_url or self.config.database_url())
        station = self.config.station
        self.service = StationService(station.id, store.store.id,
                                      broker or self.config.broker_settings(store), self.db)
        self.model = StationModel(tuple(station.lanes))
        ui = self.config.ui
        self.window = StationWindow(self.service, self.model, columns=ui.columns,
                                    size=size or _screen(ui.screen), title=station.name)
        self.service.statusReceived.connect(self.window.show_status)
        self.service.replyReceived.connect(self.window.show_reply)
        self.service.linkChanged.connect(self.window.show_link)
        self.service.figuresChanged.connect(self.window.show_figures)
        self.window.show_link(False, "connecting…")
        self.sounds = Sounds(cues=ui.sound_alerts, speech=False)
        self._queued: set[tuple[str, str, int]] = set()
        self.window.queueChanged.connect(self._chime)

    def _chime(self, items: tuple[QueueItem, ...]) -> None:
        """The attention cue when an intervention joins the queue (not when one leaves)."""
        keys = {item.key for item in items}
        if keys - self._queued:
            self.sounds.cue("attention")
        self._queued = keys

    def start(self) -> None:
        self.service.start()

    def close(self) -> None:
        self.service.stop()
        self.window.close()
        self.sounds.close()
        self.db.close()


def run(config_path: Path, *, windowed: bool = False,
        size: tuple[int, int] | None = None) -> int:
    from kiosk.app import quit_on_signals

    app = StationApp(config_path, size=size)
    app.start()
    # What start-up built lives as long as the station: keep it out of the collector's
    # full passes, which otherwise stall the screen for ~60 ms (bench station).
    gc.freeze()
    quit_on_signals(app.qt)
    if windowed or not app.config.ui.fullscreen:
        app.window.show()
    else:
        app.window.showFullScreen()
    try:
        code = int(app.qt.exec())
    finally:
        app.close()
    # See kiosk.app.run: leave without the interpreter's teardown (PySide6 6.12 on 3.11).
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)



def _screen(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)
