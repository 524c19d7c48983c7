"""The few building blocks every screen uses: buttons, labels, cards, a QR code, a keypad.

Sizes and colours come from the stylesheet (``kiosk.ui.style``) through the
``role`` and ``kind`` properties set here, never from the widgets themselves,
so the high-contrast and large-text modes reach every screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import qrcode
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

MARGIN = 24
SPACING = 16
# The smallest touch target: 64 px is 17 mm at the reference 96 dpi, above the 15 mm a
# fingertip needs (the stylesheet's min-height says the same for the height).
TOUCH_MIN = 64


class TouchButton(QPushButton):
    """A push button a finger can hit and a keyboard can press.

    Qt activates a focused push button with Space only (Enter is reserved for a
    dialog's default button); a kiosk has no dialogs, so Enter and Return
    press the focused button too.  Buttons take focus from Tab but not from a
    touch, so the focus ring shows only for keyboard users.

    The stylesheet draws a button's rounded background and border with antialiased
    paths and arcs: a quarter of the time it takes to paint a screen.  A button looks
    the same until its size, text or state (pressed, checked, focused, enabled) changes,
    or its font, palette or style does: it keeps its last look as a pixmap and paints
    that.  (Composed once more, the antialiased rim may differ by one level of 255.)
    """

    _painted: tuple[object, ...] | None = None
    _pixmap: QPixmap | None = None

    def __init__(self, name: str, kind: str = "secondary",
                 on_click: Callable[[], None] | None = None, parent: QWidget | None = None,
                 *, checkable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("kind", kind)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        if on_click is not None:
            self.clicked.connect(lambda _checked=False: on_click())

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(TOUCH_MIN, TOUCH_MIN))

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(QSize(TOUCH_MIN, TOUCH_MIN))

    def setText(self, text: str) -> None:
        # "&" would mark a keyboard mnemonic ("Fruit & vegetables" lost its "&"); a kiosk has
        # no Alt key shortcuts, so every "&" is shown as it is.
        super().setText(text.replace("&", "&&"))

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        ratio = self.devicePixelRatioF()
        size = self.size()
        # Plain values only: the option's fields die with it.  "kind" picks the stylesheet's
        # rules (re-polishing after a change of it sends no event).
        key = (size.width(), size.height(), ratio, option.state.value, option.features.value,
               option.text, option.icon.cacheKey(), self.property("kind"))
        if self._pixmap is None or key != self._painted:
            pixmap = QPixmap(size * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            # What QPainter.begin(widget) would have set up (QPushButton.paintEvent).
            painter.setFont(self.font())
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.setBackground(self.palette().brush(self.backgroundRole()))
            painter.setLayoutDirection(self.layoutDirection())
            self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
            painter.end()
            self._pixmap, self._painted = pixmap, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        self._pixmap = None  # font, palette, style, direction ...: the look may have changed
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            if self.isEnabled():
                self.click()
            event.accept()
            return
        super().keyPressEvent(event)


class WrappingLabel(QLabel):
    """A word-wrapped label that knows its height for a width without laying its text out.

    QLabel lays its text out anew (shaping every word) on each ``heightForWidth``, and the
    box layouts ask many times per pass, for several widths (``minimumHeightForWidth``
    bypasses their cache): a scan cost some thirty text layouts.  Most texts fit on one
    line, and at any width where the text needs no wrapping the height is the same; so the
    label measures its text once (its unwrapped width and height) and lays it out only
    for a narrower width, remembering those heights until the text, font or margins change.
    """

    UNBOUNDED = 100_000  # wider than any screen: the text as it is without wrapping
    NEVER = 1 << 30  # wider than any widget can be (QWIDGETSIZE_MAX)
    _FORGET = frozenset({QEvent.Type.FontChange, QEvent.Type.StyleChange,
                         QEvent.Type.ContentsRectChange, QEvent.Type.Polish})

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._measured: str | None = None  # the text the fields below are for
        self._unwrapped_width = 0  # from this width on, the text is on as many lines as it has
        self._unwrapped_height = 0
        self._wrapped: dict[int, int] = {}  # width -> height, narrower than that

    def heightForWidth(self, width: int) -> int:
        text = self.text()
        if text != self._measured:
            self._measure(text)
        if width >= self._unwrapped_width:
            return self._unwrapped_height
        height = self._wrapped.get(width)
        if height is None:
            if len(self._wrapped) >= 16:
                self._wrapped.clear()
            height = self._wrapped[width] = super().heightForWidth(width)
        return height

    def _measure(self, text: str) -> None:
        self._measured = text
        self._wrapped.clear()
        if self.margin() or self.indent() > 0 or self.frameWidth():
            # QLabel adds room for these; not worth following: always ask it.
            self._unwrapped_width = self.NEVER
            return
        # QLabel's own measure (QLabelPrivate::sizeForWidth): the bounding box of the text
        # laid out with the label's flags, plus the contents margins.
        flags = (self.alignment() | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
                 | Qt.AlignmentFlag(Qt.TextFlag.TextExpandTabs.value))
        flags &= ~(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        box = self.fontMetrics().boundingRect(0, 0, self.UNBOUNDED, 2000, int(flags.value), text)
        margins = self.contentsMargins()
        # One pixel more than the text needs, against rounding of its natural width.
        self._unwrapped_width = box.width() + margins.left() + margins.right() + 1
        self._unwrapped_height = max(box.height() + margins.top() + margins.bottom(),
                                     self.minimumHeight())

    def setWordWrap(self, on: bool) -> None:
        self._measured = None
        super().setWordWrap(on)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._measured = None
        super().setAlignment(alignment)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in self._FORGET:
            self._measured = None
        super().changeEvent(event)


def label(role: str = "body", text: str = "", *, tone: str = "", wrap: bool = True,
          align: Qt.AlignmentFlag | None = None, name: str = "") -> QLabel:
    # Only wrapped text has a height that depends on the width (see WrappingLabel).
    widget = WrappingLabel(text) if wrap else QLabel(text)
    widget.setProperty("role", role)
    if tone:
        widget.setProperty("tone", tone)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # catalog names must never render as HTML
    if align is not None:
        widget.setAlignment(align)
    return widget


def card(role: str = "card") -> QFrame:
    frame = QFrame()
    frame.setProperty("role", role)
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return frame


def vbox(parent: QWidget | None = None, *, margin: int = 0, spacing: int = SPACING
         ) -> QVBoxLayout:
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def hbox(parent: QWidget | None = None, *, margin: int = 0, spacing: int = SPACING
         ) -> QHBoxLayout:
    layout = QHBoxLayout(parent) if parent is not None else QHBoxLayout()
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def centered(widget: QWidget, max_width: int) -> QHBoxLayout:
    """``widget`` centred, as wide as it may be up to ``max_width``.

    Not ``addWidget(widget, 0, AlignHCenter)``: a box layout computes the height of
    an aligned item for the full width, so wrapped text in it would be cut off.
    """
    widget.setMaximumWidth(max_width)
    row = hbox(spacing=0)
    row.addStretch(1)
    row.addWidget(widget, 1000)
    row.addStretch(1)
    return row


def add_shown(layout: QBoxLayout, widget: QWidget, index: int = -1) -> None:
    """Add ``widget`` to a layout that may be on screen, and show it at once.

    Qt shows a widget added to a visible layout only on the next turn of the event
    loop (a queued call); the window's ``rendered`` signal promises that the view
    is on screen when it is emitted, so the rows a render adds are shown now.
    """
    layout.insertWidget(index, widget)
    parent = layout.parentWidget()
    if parent is not None and parent.isVisible():
        widget.show()


def take_widgets(layout: QLayout) -> None:
    """Take every widget out of ``layout``, to place them again (in another arrangement).

    Not ``takeAt``: the item it returns must be deleted, or the widget keeps reporting
    size changes to it instead of to the item it is placed with next, whose cached size
    hints then go stale (a label grown by large text kept its old height).
    """
    while layout.count():
        item = layout.itemAt(0)
        widget = item.widget() if item is not None else None
        if widget is None:
            raise ValueError("take_widgets takes widgets only; the layout holds another item")
        layout.removeWidget(widget)


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout`` (rows rebuilt from a new view)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class QrCode(QWidget):
    """A QR code drawn square and crisp at any size (the ``qrcode`` package gives the modules)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._payload: str | None = None
        self._modules: list[list[bool]] = []
        self.setMinimumSize(QSize(220, 220))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    @property
    def payload(self) -> str | None:
        return self._payload

    def set_payload(self, payload: str | None) -> None:
        if payload == self._payload:
            return
        self._payload = payload
        self._modules = []
        if payload:
            # Medium error correction survives a scratched or glare-covered screen.
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
            code.add_data(payload)
            code.make(fit=True)
            self._modules = code.get_matrix()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._modules:
            return
        painter = QPainter(self)
        count = len(self._modules)
        side = min(self.width(), self.height())
        module = side // count  # whole pixels per module, or a phone camera sees blur
        left = (self.width() - module * count) // 2
        top = (self.height() - module * count) // 2
        # Always dark on white, even in high contrast: scanners expect that polarity.
        painter.fillRect(left, top, module * count, module * count, QColor("#FFFFFF"))
        dark = QColor("#000000")
        for row, cells in enumerate(self._modules):
            for column, on in enumerate(cells):
                if on:
                    painter.fillRect(left + column * module, top + row * module, module, module,
                                     dark)
        painter.end()


class Keypad(QWidget):
    """A price look-up keypad: digits, delete and OK, with the code entered so far.

    Signals:
        submitted(str): OK was pressed with a code; the display is cleared.
    """

    submitted = Signal(str)

    MAX_DIGITS = 5  # PLUs are 4 digits, 5 with the organic prefix 9 (IFPS)

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "plu",
                 secret: bool = False, max_digits: int = MAX_DIGITS) -> None:
        super().__init__(parent)
        self._code = ""
        self._secret = secret  # a PIN: shown as dots
        self._max_digits = max_digits
        self._layout = layout = vbox(self, spacing=12)
        self.display = label("plu", wrap=False, name=f"{prefix}_display",
                             align=Qt.AlignmentFlag.AlignCenter)
        self.display.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.display)
        self._grid = grid = QGridLayout()
        grid.setSpacing(10)
        keys: list[TouchButton] = []
        for index, digit in enumerate("1234567890"):
            key = TouchButton(f"{prefix}_{digit}", "key", partial(self.press, digit))
            key.setText(digit)
            keys.append(key)
            grid.addWidget(key, index // 3, index % 3 if digit != "0" else 1)
        self.delete = TouchButton(f"{prefix}_delete", "key", self.backspace)
        self.delete.setText("⌫")
        self.ok = TouchButton(f"{prefix}_ok", "keyok", self.submit)
        # Symbols, not words: "Добавить" does not fit a key, and a green tick reads as
        # "enter" in every language; screen readers get the words as accessible names.
        self.ok.setText("✓")
        grid.addWidget(self.delete, 3, 0)
        grid.addWidget(self.ok, 3, 2)
        for key in (*keys, self.delete, self.ok):
            # Keys share the card's height, up to a size where they still look like keys.
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setMaximumHeight(96)
        for row in range(4):
            grid.setRowStretch(row, 1)
        layout.addLayout(grid, 1)
        self._placeholder = ""
        self._refresh()

    @property
    def code(self) -> str:
        return self._code

    def set_compact(self, compact: bool) -> None:
        """Closer keys on the small screens: in large text the keypad's card is the
        height of four 64 px keys and little more."""
        self._layout.setSpacing(8 if compact else 12)
        self._grid.setSpacing(8 if compact else 10)

    def retranslate(self) -> None:
        self.ok.setAccessibleName(self.tr("Add"))
        self.delete.setAccessibleName(self.tr("Delete the last digit"))
        self.set_placeholder(self.tr("PLU code"))

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self._refresh()

    def press(self, digit: str) -> None:
        if len(self._code) < self._max_digits:
            self._code += digit
            self._refresh()

    def backspace(self) -> None:
        self._code = self._code[:-1]
        self._refresh()

    def clear(self) -> None:
        self._code = ""
        self._refresh()

    def submit(self) -> None:
        if self._code:
            code, self._code = self._code, ""
            self._refresh()
            self.submitted.emit(code)

    def _refresh(self) -> None:
        shown = "•" * len(self._code) if self._secret else self._code
        self.display.setText(shown or self._placeholder)
        tone = "" if self._code else "muted"
        # Re-polishing applies the whole stylesheet to the widget again: only when the tone
        # changed (every view re-sets the placeholder of the staff sheet's keypad).
        if self.display.property("tone") != tone:
            self.display.setProperty("tone", tone)
            self.display.style().unpolish(self.display)
            self.display.style().polish(self.display)
        self.ok.setEnabled(bool(self._code))
        self.delete.setEnabled(bool(self._code))
