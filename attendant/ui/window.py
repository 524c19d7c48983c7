"""The attendant station's window: lane tiles on the left; sign-in, queue and figures on the right.

The window presents a ``StationModel`` and sends what the operator presses
through a ``StationPort``; it keeps no state of the lanes itself.  The
station's app calls the slots (``show_status``, ``show_reply``, ``show_link``,
``show_figures``, ``show_operator``) on the UI thread, queued from its link.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QFrame, QLayout, QMainWindow, QWidget

from attendant.model import QueueItem, StationModel, request_for
from attendant.station import Operator, StationPort
from attendant.ui.figures import Figures, FiguresPanel
from attendant.ui.queue import QueuePanel
from attendant.ui.signin import SignInPanel
from attendant.ui.tiles import LaneGrid, tile_view
from kiosk.ui.controls import hbox, label, vbox
from kiosk.ui.qtfix import guard_none_refcount
from pos.errors import SCOError
from pos.messages import Action, LaneStatus, Reply

log = logging.getLogger(__name__)

# Before any widget exists: see kiosk.ui.qtfix (PySide6 6.12 on Python 3.11 leaks None).
guard_none_refcount()

STYLE = Path(__file__).resolve().parent / "style" / "station.qss"
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")
# The queue's column on a full-HD screen: wider while few lanes leave the tiles room to spare.
SIDE_WIDTH = 560
SIDE_WIDTH_FEW_LANES = 680
FEW_LANES = 8
TICK_MS = 1000


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return STYLE.read_text(encoding="utf-8")


def _translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class StationWindow(QMainWindow):
    """The attendant station's screen.

    Signals:
        rendered(object): a lane's tile has been repainted after ``show_status``; the
            ``LaneStatus`` given (once per status that changed the model; at once when it
            changed nothing visible; when several arrive between two paints, each after the
            paint that shows the newest).
        queueChanged(object): the intervention queue changed; the new tuple of
            ``QueueItem``s, oldest first.
        operatorChanged(object): an ``Operator`` signed in, or ``None``: signed out.
    """

    rendered = Signal(object)
    queueChanged = Signal(object)
    operatorChanged = Signal(object)

    def __init__(self, port: StationPort, model: StationModel, *, columns: int = 2,
                 size: tuple[int, int] = (1920, 1080), title: str = "",
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.port = port
        self.model = model
        self.model.translate = _translate  # the model's sentences through Qt's translators
        self._clock = clock
        self._queue_version = -1
        self._connected = True
        font = QFont(self.font())
        font.setFamilies(list(FONT_FAMILIES))
        self.setFont(font)

        central = QWidget()
        central.setObjectName("station")
        layout = vbox(central, spacing=0)
        self.top_bar = QFrame()
        self.top_bar.setObjectName("topbar")
        self.top_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = hbox(self.top_bar, spacing=24)
        bar.setContentsMargins(24, 8, 24, 8)
        self.title = label("stationtitle", wrap=False, name="station_title")
        self.link = label("link", wrap=False, name="link")
        self.clock_label = label("clock", wrap=False, name="clock")
        bar.addWidget(self.title)
        bar.addWidget(self.link, 1)
        self.signin = SignInPanel(port)
        self.signin.signedIn.connect(self._signed_in)
        self.signin.signedOut.connect(self._signed_out)
        bar.addWidget(self.signin.take_who())  # who is signed in: top right, as anywhere
        bar.addWidget(self.clock_label)
        layout.addWidget(self.top_bar)

        few_lanes = len(model.lanes) <= FEW_LANES
        body = QWidget()
        body_row = hbox(body, margin=16, spacing=16)
        lanes_column = vbox(spacing=16)
        self.grid = LaneGrid(model.lanes, columns)
        self.grid.painted.connect(self.rendered)
        lanes_column.addWidget(self.grid, 1)
        body_row.addLayout(lanes_column, 1)
        self.figures = FiguresPanel(model.kind_words)
        side = QWidget()
        side.setObjectName("side")
        side.setFixedWidth(SIDE_WIDTH_FEW_LANES if few_lanes else SIDE_WIDTH)
        side_column = vbox(side, spacing=12)
        side_column.addWidget(self.signin)
        self.queue_title = label("paneltitle", wrap=False, name="queue_title")
        side_column.addWidget(self.queue_title)
        self.queue = QueuePanel(self._act)
        side_column.addWidget(self.queue, 1)
        # The shift's figures go where there is room: under a few big tiles, with their
        # details; under the queue, folded, when the tiles need the height.
        if few_lanes:
            lanes_column.addWidget(self.figures)
            self.figures.set_wide(True)
        else:
            side_column.addWidget(self.figures)
        body_row.addWidget(side)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)
        self.signin.show_operator(port.operator)
        # The window holds the focus when no field needs it: a focus ring on a button
        # nobody chose would mislead (as in kiosk.ui.window).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._timer = QTimer(self)
        self._timer.setObjectName("tick")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

        # As big as the station's screen and no bigger (see kiosk.ui.window).
        own_layout = self.layout()
        assert own_layout is not None
        own_layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(*size)
        self.setStyleSheet(stylesheet())
        self._station_title = title
        self.retranslate()
        for lane in model.lanes:
            self.grid.present(tile_view(model, lane, _translate))
        self._present_queue()
        self._tick()

    def retranslate(self) -> None:
        title = self._station_title or self.tr("Attendant station")
        self.setWindowTitle(title)
        self.title.setText(title)
        self._show_link_text("")
        self._present_queue_title()

    # -- the public surface -------------------------------------------------------------

    @Slot(object)
    def show_status(self, status: LaneStatus) -> None:
        """A lane's new status: its tile repaints, and the queue if it changed."""
        if not self.model.apply_status(status):
            return
        view = tile_view(self.model, status.lane, _translate)
        if not self.grid.present(view, status):
            self.rendered.emit(status)  # nothing on screen changes: it shows this already
        if self.model.queue_version != self._queue_version:
            self._present_queue()
            self.queueChanged.emit(self.model.queue())

    @Slot(object)
    def show_reply(self, reply: Reply) -> None:
        """A lane answered a command; another station's answers are not ours to show."""
        message = self.model.reply_received(reply)
        if message is None:
            return
        log.info("%s: command %s %s: %s", reply.lane, reply.id, reply.code, message)
        self.queue.refresh(self._clock())

    @Slot(bool, str)
    def show_link(self, connected: bool, reason: str) -> None:
        """The station's own link to the lanes: without it every tile may be old news."""
        self._connected = connected
        self.grid.set_stale(not connected)
        self._show_link_text(reason)

    @Slot(object)
    def show_figures(self, figures: Figures) -> None:
        self.figures.present(figures)

    @Slot(object)
    def show_operator(self, operator: Operator | None) -> None:
        """The port's operator changed without this screen (signed out after a time away)."""
        self.signin.show_operator(operator)
        self._present_queue()
        self.operatorChanged.emit(operator)

    @property
    def operator(self) -> Operator | None:
        return self.port.operator

    @property
    def tick_timer(self) -> QTimer:
        """The one timer that moves every waiting time and time in state on, each second."""
        return self._timer

    # -- inside -----------------------------------------------------------------------

    def _role(self) -> str | None:
        operator = self.port.operator
        return operator.role if operator is not None else None

    def _present_queue(self) -> None:
        self._queue_version = self.model.queue_version
        self.queue.present(self.model.queue(), self.model, self._role(), self._clock())
        self._present_queue_title()

    def _present_queue_title(self) -> None:
        count = len(self.model.queue())
        self.queue_title.setText(self.tr("Waiting: {count}").format(count=count) if count
                                 else self.tr("Waiting: none"))

    def _show_link_text(self, reason: str) -> None:
        if self._connected:
            text, tone = self.tr("Connected to the lanes"), "ok"
        else:
            text = self.tr("NO CONNECTION to the lanes: {reason}").format(
                reason=reason or self.tr("unknown reason"))
            tone = "down"
        self.link.setText(text)
        if self.link.property("tone") != tone:
            self.link.setProperty("tone", tone)
            self.link.style().unpolish(self.link)
            self.link.style().polish(self.link)

    def _act(self, item: QueueItem, action: Action) -> None:
        request = request_for(item, action)
        self.queue.clear_problem(item)
        try:
            command_id = self.port.send(request)
        except SCOError as error:
            # The link refused it outright (not signed in, not connected): say why, right here.
            log.warning("%s: %s not sent: %r", item.lane, action.value, error)
            self.queue.show_problem(item, self.tr("Not sent: {reason}").format(reason=str(error)))
            return
        log.info("%s: %s sent as %s", item.lane, action.value, command_id)
        self.model.command_sent(command_id, request, self._clock())
        self.queue.refresh(self._clock())

    def _signed_in(self, operator: Operator) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._present_queue()
        self.operatorChanged.emit(operator)

    def _signed_out(self) -> None:
        self._present_queue()
        self.operatorChanged.emit(None)

    def _tick(self) -> None:
        now = self._clock()
        self.grid.tick(now)
        self.queue.tick(now)
        self.clock_label.setText(time.strftime("%H:%M", time.localtime(now)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)
