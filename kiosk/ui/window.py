"""The shopper's window: a top bar, a notice bar and one stacked widget per screen id.

The window renders ``LaneView``s and calls intents; it keeps no shopping state
of its own.  ``show_view`` applies a view at once (tests and the screenshot
tool call it directly); ``attach`` connects a ``LaneBridge`` so views from the
lane thread arrive queued on the UI thread.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLayout, QMainWindow, QWidget

from kiosk.sound import Sounds
from kiosk.ui.bridge import LaneBridge
from kiosk.ui.controls import vbox
from kiosk.ui.deck import ScreenDeck
from kiosk.ui.formats import Formats
from kiosk.ui.i18n import Translations
from kiosk.ui.intents import LaneIntents
from kiosk.ui.overlays import (
    AccessibilitySheet,
    LanguageSheet,
    NoticeBar,
    StaffSheet,
    StillThereOverlay,
    TopBar,
)
from kiosk.ui.qtfix import guard_none_refcount
from kiosk.ui.screens import Screen, ScreenSet
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.style import FONT_FAMILIES, Layout, Look, layout_for, stylesheet
from kiosk.view import LaneView, screen_for
from pos.catalog import Product

log = logging.getLogger(__name__)

# Before any widget exists: see kiosk.ui.qtfix (PySide6 6.12 on Python 3.11 leaks None).
guard_none_refcount()

# Screens that call for the shopper's attention: the attention cue plays as they appear.
ATTENTION_SCREENS = frozenset({
    "weight_mismatch", "unexpected_item", "item_removed", "age_check_pending",
    "help_requested", "device_fault", "payment_in_doubt", "out_of_order"})


class KioskWindow(QMainWindow):
    """The lane's screen.

    Signals:
        screenChanged(str): the visible screen changed; the new screen id.
        rendered(object): a ``LaneView`` has been applied to every visible widget.
        painted(): what changed has been painted into the window's buffer (Qt paints what
            the last views changed in one pass, on the event loop's next turn after them).
        settled(): the work put off until the first view was on screen is done (every
            screen built, the jobs passed to ``after_first_paint`` run).

    Start-up shows the first screen first: only the screens a view asks for are built
    before it is painted; the others, and jobs such as docking the developer panel, follow
    one per turn of the event loop, so a scan or a touch in between waits for one of them
    at most.
    """

    screenChanged = Signal(str)
    rendered = Signal(object)
    painted = Signal()
    settled = Signal()

    def __init__(self, intents: LaneIntents, *, lookup_items: Sequence[Product] = (),
                 size: tuple[int, int] = (1920, 1080), sounds: Sounds | None = None) -> None:
        super().__init__()
        self.intents = intents
        self.sounds = sounds
        self._translations = Translations()
        self._view: LaneView | None = None
        self._screen_id = ""
        self._look: Look | None = None
        self._layout = layout_for(*size)
        self._deferred: deque[Callable[[], None]] = deque()
        self._deferring = False  # the first view is painted: deferred work is under way
        self._settled = False
        self._idle = QTimer(self)
        self._idle.setInterval(0)  # a turn of the event loop: input and paints come first
        self._idle.timeout.connect(self._run_deferred)

        # The window itself holds the focus until Tab is pressed: otherwise Qt focuses the first
        # button on start, and a touch shopper sees a focus ring they did not ask for.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFont(self.font())
        font.setFamilies(list(FONT_FAMILIES))
        self.setFont(font)

        central = QWidget()
        central.setObjectName("kiosk")
        layout = vbox(central, spacing=0)
        self.top_bar = TopBar(intents)
        layout.addWidget(self.top_bar)
        self.notice = NoticeBar()
        notice_holder = QWidget()
        self._notice_layout = notice_layout = vbox(notice_holder)
        notice_layout.addWidget(self.notice)
        layout.addWidget(notice_holder)
        self._notice_holder = notice_holder
        self.stack = ScreenDeck()
        layout.addWidget(self.stack, 1)
        self.screens = ScreenSet(intents, lookup_items, self._adopt)
        self.setCentralWidget(central)
        self._central = central

        self.still_there = StillThereOverlay(intents, central)
        self.language_sheet = LanguageSheet(intents, central)
        self.accessibility_sheet = AccessibilitySheet(
            intents, central, speech=sounds is not None and sounds.speech_on)
        self.staff_sheet = StaffSheet(intents, central)
        self.top_bar.staffRequested.connect(self.staff_sheet.open)
        self.top_bar.languageRequested.connect(self.language_sheet.open)
        self.top_bar.accessibilityRequested.connect(self.accessibility_sheet.open)
        self._overlays = (self.language_sheet, self.accessibility_sheet, self.staff_sheet,
                          self.still_there)

        # The window is as big as the lane's screen, never bigger: content must fit it (the
        # layout tests check that), so the content's minimum size is not pushed onto the window.
        own_layout = self.layout()
        assert own_layout is not None  # a QMainWindow always has its layout
        own_layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(*size)
        self._arrange(self._layout)
        self._apply_look(Look(layout=self._layout))

    def _adopt(self, screen: Screen) -> None:
        """A screen just built: into the deck, laid out for the window's size."""
        self.stack.addWidget(screen)
        screen.arrange(self._layout)
        if isinstance(screen, AttractScreen):
            screen.accessibilityRequested.connect(self.accessibility_sheet.open)

    # -- the public surface -------------------------------------------------------------

    def attach(self, bridge: LaneBridge) -> None:
        """Show every view the bridge publishes; queued, since they come from the lane thread."""
        bridge.viewChanged.connect(self.show_view, Qt.ConnectionType.QueuedConnection)

    def current_screen_id(self) -> str:
        return self._screen_id

    def after_first_paint(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the UI thread once the first view is on screen (at once if it
        already is and everything before it has run)."""
        self._deferred.append(job)
        if self._settled:
            self._settled = False
            self._idle.start()

    def is_settled(self) -> bool:
        return self._settled

    def _run_deferred(self) -> None:
        if self._deferred:
            self._deferred.popleft()()
        elif not self.screens.build_next():
            self._idle.stop()
            self._settled = True
            self.settled.emit()

    def screen_widget(self, screen_id: str) -> Screen:
        return self.screens[screen_id]

    @property
    def view(self) -> LaneView | None:
        return self._view

    @Slot(object)
    def show_view(self, view: LaneView) -> None:
        """Apply ``view``: language, look, bars, the screen it selects, overlays."""
        if self._translations.switch(view.language):
            log.info("%s: language %s", view.lane_id, view.language)
        self._apply_look(Look(view.high_contrast, view.large_text, self._layout))
        fmt = Formats(view.language, view.currency)
        screen_id = screen_for(view)
        screen = self.screens[screen_id]
        self.setWindowTitle(self.tr("Self-checkout – {lane}").format(lane=view.lane_name))
        self.top_bar.present(view, screen_id)
        self.notice.present(view)
        self._notice_holder.setVisible(view.message is not None)
        screen.present(view, fmt)
        self.still_there.present(view)
        self.language_sheet.present(view)
        self.accessibility_sheet.present(view)
        self.staff_sheet.present(view)
        previous, self._view = self._view, view
        changed = screen_id != self._screen_id
        if self.sounds is not None:
            self._sound(previous, view, screen, changed)
        if changed:
            keyboard_user = self._has_focus()
            self._screen_id = screen_id
            self.stack.setCurrentWidget(screen)
            target = screen.preferred_focus()
            if keyboard_user and target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.screenChanged.emit(screen_id)
        # Lay the view out now, not on the event loop's next turn: ``rendered`` then means the
        # geometry is final, and the layout is done while the lane is still busy with whatever
        # comes next (a scan right after "skip bagging" used to wait for the basket's layout).
        # Painting stays with the event loop, which merges the repaints of views that arrive
        # together.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.rendered.emit(view)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest:  # the repaint of what changed
            self.painted.emit()
            if not self._deferring and self._view is not None:
                self._deferring = True
                self._idle.start()
        return handled

    # -- sound --------------------------------------------------------------------------

    def _sound(self, previous: LaneView | None, view: LaneView, screen: Screen,
               changed: bool) -> None:
        """A cue for what just happened, and the new screen's prompt for who asked for it."""
        sounds = self.sounds
        assert sounds is not None
        if view.message is not None and (previous is None or previous.message != view.message):
            sounds.cue("error")
        elif changed and screen.screen_id in ATTENTION_SCREENS:
            sounds.cue("attention")
        elif changed and screen.screen_id == "thank_you":
            sounds.cue("done")
        elif previous is not None and len(view.active_lines) > len(previous.active_lines):
            sounds.cue("scan")
        if view.spoken and (changed or (previous is not None and not previous.spoken)):
            sounds.say(screen.spoken_prompt(), view.language)

    # -- look and size ------------------------------------------------------------------

    def _has_focus(self) -> bool:
        """Is a keyboard user here?  Touch never moves focus (buttons take Tab focus only)."""
        focused = QApplication.focusWidget()
        return focused is not None and focused is not self and self.isAncestorOf(focused)

    def _apply_look(self, look: Look) -> None:
        if look != self._look:
            self._look = look
            self.setStyleSheet(stylesheet(look))

    @property
    def look(self) -> Look | None:
        return self._look

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for overlay in self._overlays:
            if overlay.isVisible():
                overlay.setGeometry(self._central.rect())
        layout = layout_for(event.size().width(), event.size().height())
        if layout != self._layout:
            self._set_layout(layout)

    def _arrange(self, layout: Layout) -> None:
        """The bars for ``layout``; the notice lined up with the screens' cards."""
        self.top_bar.arrange(layout)
        side = 16 if layout.compact else 24
        self._notice_layout.setContentsMargins(side, 16, side, 0)

    def _set_layout(self, layout: Layout) -> None:
        self._layout = layout
        self._arrange(layout)
        for screen in self.screens.built():
            screen.arrange(layout)
        look = self._look or Look()
        self._apply_look(Look(look.high_contrast, look.large_text, layout))
        if self._view is not None:
            self.show_view(self._view)  # rows and grids laid out for the new size

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if QApplication.focusWidget() is None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # see the focus policy above

    def closeEvent(self, event: QCloseEvent) -> None:
        self._translations.remove()
        super().closeEvent(event)
