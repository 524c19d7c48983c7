"""What lies over the screens: the top bar, the notice bar and the modal sheets.

Sheets (language, accessibility, "are you still there?") are widgets over
the window rather than dialogs: a kiosk has one window, and a dialog's own
event loop would stall the views arriving from the lane.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Property, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from kiosk.ui.controls import (
    Keypad,
    TouchButton,
    add_shown,
    card,
    centered,
    hbox,
    label,
    take_widgets,
    vbox,
)
from kiosk.ui.i18n import native_name
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.style import Layout
from kiosk.ui.texts import notice_text
from kiosk.view import LaneView

NO_HELP_SCREENS = ("attendant_mode", "lane_closed", "out_of_order", "help_requested")


class ElidedLabel(QLabel):
    """One line that ends in "…" when the bar is too narrow (large text on 1024x768)."""

    def __init__(self, role: str, name: str) -> None:
        super().__init__()
        self.setProperty("role", role)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        height = super().minimumSizeHint().height()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, height)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4,
                     super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   self.width()))


class TopBar(QFrame):
    """Store and lane on the left; language, accessibility and help on the right.

    On a portrait screen the buttons take a second row of their own: 768 px is not
    wide enough for the store's name and four buttons in Russian.  On 1024x768 the
    lane's name goes under the store's, which leaves the store's name its width.

    Signals:
        languageRequested(): the language button was pressed.
        accessibilityRequested(): the accessibility button was pressed.
        staffRequested(): the staff button was pressed (an attendant wants to sign in).
    """

    languageRequested = Signal()
    accessibilityRequested = Signal()
    staffRequested = Signal()

    def __init__(self, intents: LaneIntents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topbar")
        self.setProperty("role", "topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(0, 1)
        self.store = ElidedLabel("brand", "store_name")
        self.lane = label("small", tone="muted", wrap=False, name="lane_name")
        self.mode = label("small", tone="accent", wrap=False, name="mode")
        self.brand = QWidget()
        self.brand_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.brand)
        self.brand_row.setContentsMargins(0, 0, 0, 0)
        self.brand_row.setSpacing(12)
        self.brand_row.addWidget(self.store)
        where = QWidget()  # the lane, and the mode it is in
        where_row = hbox(where, spacing=12)
        where_row.addWidget(self.lane)
        where_row.addWidget(self.mode)
        where_row.addStretch(1)
        self.brand_row.addWidget(where)
        self.brand_row.addStretch(1)
        self.language = TouchButton("language", "bar", self.languageRequested.emit)
        self.accessibility = TouchButton("accessibility", "bar", self.accessibilityRequested.emit)
        self.help = TouchButton("help", "bar", intents.request_help)
        self.staff = TouchButton("staff", "bar", self.staffRequested.emit)
        self.button_box = QWidget()
        self.button_row = hbox(self.button_box, spacing=12)
        self.button_row.addStretch(0)  # the room of the buttons not shown (see present)
        self.buttons = (self.language, self.accessibility, self.help, self.staff)
        for button in self.buttons:
            self.button_row.addWidget(button)
        self._layout = Layout.FULL
        self._rows = 0  # of the bar: the buttons beside the names (1) or under them (2)
        self.arrange(Layout.FULL)

    def arrange(self, layout: Layout) -> None:
        self._layout = layout
        # 1024x768: the lane (and the mode) under the store's name.
        self.brand_row.setDirection(QBoxLayout.Direction.TopToBottom if layout is Layout.COMPACT
                                    else QBoxLayout.Direction.LeftToRight)
        self.brand_row.setSpacing(0 if layout is Layout.COMPACT else 12)
        self._rows = 0
        self._place()

    def _place(self) -> None:
        """The buttons beside the names, or on a portrait screen in a row of their own
        unless they fit beside them (the one button of attendant mode does).

        There the buttons share the row, a quarter each: room for a long label ("Язык:
        Русский"); the quarters of hidden ones are left empty at the left, so the
        buttons stay where a shopper saw them on the other screens.
        """
        portrait = self._layout.portrait
        shown = [button for button in self.buttons if not button.isHidden()]
        rows = 1
        if portrait:
            margins = self.grid.contentsMargins()
            spacing = self.grid.horizontalSpacing()
            needed = self.brand.sizeHint().width() + sum(
                spacing + button.sizeHint().width() for button in shown)
            rows = 1 if needed <= self.width() - margins.left() - margins.right() else 2
        self.button_row.setStretch(0, len(self.buttons) - len(shown) if rows == 2 else 0)
        for index in range(1, self.button_row.count()):
            self.button_row.setStretch(index, 1 if rows == 2 else 0)
        if rows == self._rows:
            return
        self._rows = rows
        take_widgets(self.grid)
        self.grid.setContentsMargins(16 if self._layout.compact else 24, 12 if rows == 2 else 8,
                                     16, 8)
        # Two lines of names (1024x768) centred by the layout; one line by the label itself.
        self.grid.addWidget(self.brand, 0, 0, Qt.AlignmentFlag.AlignVCenter
                            if self._layout is Layout.COMPACT else Qt.AlignmentFlag(0))
        self.grid.addWidget(self.button_box, *((1, 0) if rows == 2 else (0, 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def present(self, view: LaneView, screen_id: str) -> None:
        self.store.set_full_text(view.store_name)
        self.lane.setText(view.lane_name)
        self.mode.setVisible(view.attendant_mode)
        self.mode.setText(self.tr("Attendant mode"))
        self.language.setText(self.tr("Language: {name}").format(name=native_name(view.language)))
        self.language.setVisible(len(view.languages) > 1 and not view.attendant_mode)
        self.accessibility.setText(self.tr("Accessibility"))
        self.help.setText(self.tr("Help"))
        self.help.setVisible(screen_id not in NO_HELP_SCREENS)
        self.help.setEnabled(view.intervention("help") is None)
        self.staff.setText(self.tr("Staff"))
        self.staff.setVisible(not view.attendant_mode)
        self._place()


class NoticeBar(QFrame):
    """The lane's last refusal ("that barcode did not scan"), until the next action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setProperty("role", "notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = hbox(self, margin=12, spacing=16)
        self.picture = Picture("alert", 40, "alert")
        self.text = label("lead", name="notice_text")
        row.addWidget(self.picture)
        row.addWidget(self.text, 1)
        self.hide()

    def present(self, view: LaneView) -> None:
        message = view.message
        self.setVisible(message is not None)
        if message is not None:
            code, text = message
            self.text.setText(notice_text(code, text))


class Overlay(QWidget):
    """A dimmed layer over the window holding one centred sheet.

    Signals:
        closed(): the sheet was dismissed from inside.
    """

    closed = Signal()

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shade = QColor(23, 33, 43, 150)
        self.sheet = card("sheet")
        self.sheet.setObjectName(f"{name}_sheet")
        outer = vbox(self, margin=32)
        outer.addStretch(1)
        outer.addLayout(centered(self.sheet, 900))
        outer.addStretch(1)
        self.body = vbox(self.sheet, margin=40, spacing=24)
        self.hide()

    def _get_shade(self) -> QColor:
        return self._shade

    def _set_shade(self, colour: QColor) -> None:
        self._shade = QColor(colour)
        self.update()

    shade = Property(QColor, _get_shade, _set_shade)

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._shade)
        painter.end()


class StillThereOverlay(Overlay):
    def __init__(self, intents: LaneIntents, parent: QWidget) -> None:
        super().__init__("still_there", parent)
        center = Qt.AlignmentFlag.AlignCenter
        self.body.addWidget(Picture("wait", 120), 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = label("hero", align=center)
        self.text = label("lead", align=center)
        self.body.addWidget(self.title)
        self.body.addWidget(self.text)
        self.button = TouchButton("still_here", "primary", intents.still_here)
        self.body.addWidget(self.button)

    def present(self, view: LaneView) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.text.setText(self.tr("Touch the button to continue. Otherwise your shopping "
                                  "will be cancelled soon."))
        self.button.setText(self.tr("I'm still here"))
        wanted = view.still_there
        if wanted and not self.isVisible():
            self.open()
        elif not wanted and self.isVisible():
            self.hide()


class LanguageSheet(Overlay):
    def __init__(self, intents: LaneIntents, parent: QWidget) -> None:
        super().__init__("language_sheet", parent)
        self.intents = intents
        self.title = label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.grid = vbox(spacing=14)
        self.body.addLayout(self.grid)
        self.close_button = TouchButton("close_language", "secondary", self.dismiss)
        self.body.addWidget(self.close_button)
        self._buttons: dict[str, TouchButton] = {}

    def _choose(self, language: str) -> None:
        self.intents.choose_language(language)
        self.dismiss()

    def present(self, view: LaneView) -> None:
        self.title.setText(self.tr("Choose your language"))
        self.close_button.setText(self.tr("Close"))
        if tuple(self._buttons) != view.languages:
            for button in self._buttons.values():
                button.setParent(None)
                button.deleteLater()
            self._buttons = {}
            for language in view.languages:
                button = TouchButton(f"sheet_lang_{language}", "lang",
                                     partial(self._choose, language), checkable=True)
                button.setText(native_name(language))
                add_shown(self.grid, button)
                self._buttons[language] = button
        for language, button in self._buttons.items():
            button.setChecked(language == view.language)


class AccessibilitySheet(Overlay):
    def __init__(self, intents: LaneIntents, parent: QWidget, *, speech: bool = False) -> None:
        super().__init__("accessibility_sheet", parent)
        self.intents = intents
        self._view: LaneView | None = None
        self.title = label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.contrast = TouchButton("high_contrast", "lang", self._toggle_contrast,
                                    checkable=True)
        self.large = TouchButton("large_text", "lang", self._toggle_large, checkable=True)
        self.spoken = TouchButton("spoken", "lang", self._toggle_spoken, checkable=True)
        self.body.addWidget(self.contrast)
        self.body.addWidget(self.large)
        self.body.addWidget(self.spoken)
        self.spoken.setVisible(speech)  # only where the lane can speak (espeak-ng installed)
        self.hint = label("body", tone="muted", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.hint)
        self.close_button = TouchButton("close_accessibility", "primary", self.dismiss)
        self.body.addWidget(self.close_button)

    def _toggle_contrast(self) -> None:
        if self._view is not None:
            self.intents.set_accessibility(high_contrast=not self._view.high_contrast)

    def _toggle_large(self) -> None:
        if self._view is not None:
            self.intents.set_accessibility(large_text=not self._view.large_text)

    def _toggle_spoken(self) -> None:
        if self._view is not None:
            self.intents.set_accessibility(spoken=not self._view.spoken)

    def present(self, view: LaneView) -> None:
        self._view = view
        self.title.setText(self.tr("Accessibility"))
        self.contrast.setText(self.tr("High contrast"))
        self.contrast.setChecked(view.high_contrast)
        self.large.setText(self.tr("Large text"))
        self.large.setChecked(view.large_text)
        self.spoken.setText(self.tr("Spoken prompts"))
        self.spoken.setChecked(view.spoken)
        self.hint.setText(self.tr("You can also use the keyboard: Tab moves, Enter presses."))
        self.close_button.setText(self.tr("Done"))


class StaffSheet(Overlay):
    """An attendant signs in at the lane: their name, then their PIN on the keypad.

    A staff badge scanned while the lane shows anything signs in too (``Lane``
    reads badges from the scanner); this sheet is for the PIN.  It closes once
    the lane is in attendant mode, and shows the lane's refusal otherwise.
    """

    def __init__(self, intents: LaneIntents, parent: QWidget) -> None:
        super().__init__("staff_sheet", parent)
        self.intents = intents
        self.body.setSpacing(16)
        self.body.setContentsMargins(32, 28, 32, 28)
        self.title = label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = label("body", tone="muted", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.problem = label("lead", tone="alert", align=Qt.AlignmentFlag.AlignCenter,
                             name="staff_problem")
        self.body.addWidget(self.problem)
        # Names beside the keypad, not above it: the sheet must fit a 1024x768 screen.
        row = hbox(spacing=24)
        self.names = vbox(spacing=12)
        row.addLayout(self.names, 1)
        self.keypad = Keypad(prefix="pin", secret=True, max_digits=8)
        self.keypad.submitted.connect(self._submit)
        row.addWidget(self.keypad, 1)
        self.body.addLayout(row, 1)
        self.close_button = TouchButton("close_staff", "secondary", self.dismiss)
        self.body.addWidget(self.close_button)
        self._buttons: dict[str, TouchButton] = {}
        self._chosen = ""
        self._operators: tuple[tuple[str, str], ...] = ()

    def open(self) -> None:
        self._chosen = ""
        self.keypad.clear()
        self.problem.hide()
        self._check()
        super().open()

    def _choose(self, operator_id: str) -> None:
        self._chosen = operator_id
        self._check()

    def _check(self) -> None:
        for operator_id, button in self._buttons.items():
            button.setChecked(operator_id == self._chosen)
        self.keypad.setEnabled(bool(self._chosen))

    def _submit(self, pin: str) -> None:
        if self._chosen:
            self.intents.sign_in_with_pin(self._chosen, pin)

    def present(self, view: LaneView) -> None:
        self.title.setText(self.tr("Staff sign-in"))
        self.hint.setText(self.tr("Choose your name and enter your PIN, or scan your "
                                  "staff badge."))
        self.keypad.retranslate()
        self.keypad.set_placeholder(self.tr("PIN"))
        self.close_button.setText(self.tr("Cancel"))
        if view.operators != self._operators:
            self._operators = view.operators
            for button in self._buttons.values():
                button.setParent(None)
                button.deleteLater()
            self._buttons = {}
            for operator_id, name in view.operators:
                button = TouchButton(f"staff_{operator_id}", "lang",
                                     partial(self._choose, operator_id), checkable=True)
                button.setText(name)
                add_shown(self.names, button)
                self._buttons[operator_id] = button
            self._check()
        if not view.operators:
            self.hint.setText(self.tr("This lane has no staff list yet: scan your staff "
                                      "badge, or sign in at the attendant station."))
        if not self.isVisible():
            return
        if view.attendant_mode:
            self.dismiss()
            return
        message = view.message
        if message is not None and message[0].startswith("OPERATOR_"):
            self.problem.setText(notice_text(*message))
            self.problem.show()
            self.keypad.clear()
