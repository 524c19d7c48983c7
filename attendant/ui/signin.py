"""Signing in at the station: operator id and PIN, or a badge; then who is signed in.

Touch: the operator id field, then the PIN pad's keys and OK.  Keyboard: type
the id, Enter (or Tab) moves to the PIN pad, type the digits, Enter; Backspace
takes one digit back, Escape clears.

Badges: a badge reader at a station is a keyboard-wedge scanner, which types
the badge's text followed by Enter into whatever has the focus.  The operator
id field has the focus whenever nobody is signed in, so a badge lands there;
badge texts start with "OP-" and operator ids do not, so Enter on a text that
starts with "OP-" signs in by badge instead of moving on to the PIN.  If the
PIN pad has the focus instead (after a wrong PIN), the badge's first letter
sends it, and the rest of the scan, to the id field: a PIN has no letters.  No
timing heuristics (a fast typist is not a scanner, and a scanner over a slow
USB hub is not fast): just the prefix.

The PIN is never shown (dots only), never logged, and cleared after each try.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLineEdit, QSizePolicy, QWidget

from attendant.station import Operator, SignInRefused, StationPort
from kiosk.ui.controls import TouchButton, hbox, label, vbox

BADGE_PREFIX = "OP-"
MASK = "●"


class PinPad(QWidget):
    """Digits, clear and OK, by touch or keyboard; shows a dot per digit.

    Signals:
        submitted(): OK or Enter was pressed.
        textTyped(str): a letter was typed (a PIN has none): most likely a badge being
            scanned while the pad had the focus; the panel moves it to the id field.
    """

    submitted = Signal()
    textTyped = Signal(str)

    MAX_DIGITS = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinpad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pin = ""
        layout = vbox(self, spacing=8)
        self.display = label("pin", wrap=False, name="pin_display",
                             align=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.keys: dict[str, TouchButton] = {}
        for index, digit in enumerate("123456789"):
            self._key(grid, f"pin_{digit}", digit, partial(self.press, digit), index // 3,
                      index % 3)
        self.clear_key = self._key(grid, "pin_clear", "C", self.clear, 3, 0)
        self._key(grid, "pin_0", "0", partial(self.press, "0"), 3, 1)
        self.ok = self._key(grid, "pin_ok", "OK", self.submitted.emit, 3, 2, kind="keyok")
        layout.addLayout(grid)
        self.retranslate()
        self._refresh()

    def _key(self, grid: QGridLayout, name: str, text: str, on_click: Callable[[], None],
             row: int, column: int, kind: str = "key") -> TouchButton:
        key = TouchButton(name, kind, on_click)
        key.setText(text)
        # Keys are for fingers; a keyboard types digits into the pad itself, so a key
        # taking the focus would only take it away from the pad.
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        grid.addWidget(key, row, column)
        self.keys[name] = key
        return key

    def retranslate(self) -> None:
        self.clear_key.setAccessibleName(self.tr("Clear the PIN"))
        self.ok.setText(self.tr("OK"))
        self.setAccessibleName(self.tr("PIN"))

    @property
    def pin(self) -> str:
        return self._pin

    def press(self, digit: str) -> None:
        if len(self._pin) < self.MAX_DIGITS:
            self._pin += digit
            self._refresh()

    def backspace(self) -> None:
        self._pin = self._pin[:-1]
        self._refresh()

    def clear(self) -> None:
        self._pin = ""
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText(MASK * len(self._pin) if self._pin else self.tr("PIN"))
        self.display.setProperty("tone", "" if self._pin else "muted")
        self.display.style().unpolish(self.display)
        self.display.style().polish(self.display)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1 and text.isascii():
            self.press(text)
        elif text.isprintable() and text.strip():
            self.textTyped.emit(text)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Escape:
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.submitted.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SignInPanel(QFrame):
    """Who may act at this station: a form when nobody is signed in, else name, role, sign out.

    Signals:
        signedIn(object): an ``Operator`` signed in.
        signedOut(): the operator signed out.
    """

    signedIn = Signal(object)
    signedOut = Signal()

    def __init__(self, port: StationPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.port = port
        self.setObjectName("signin")
        self.setProperty("role", "panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = vbox(self, margin=16, spacing=12)

        self.form = QWidget()
        self.form.setObjectName("signin_form")
        row = hbox(self.form, spacing=16)
        left = vbox(spacing=12)
        self.title = label("paneltitle", name="signin_title")
        self.operator_id = QLineEdit()
        self.operator_id.setObjectName("operator_id")
        self.operator_id.returnPressed.connect(self._operator_entered)
        self.hint = label("hint", name="signin_hint")
        self.message = label("message", name="signin_message")
        self.message.setProperty("tone", "refused")
        self.message.hide()
        left.addWidget(self.title)
        left.addWidget(self.operator_id)
        left.addWidget(self.hint)
        left.addWidget(self.message)
        left.addStretch(1)
        self.pinpad = PinPad()
        self.pinpad.submitted.connect(self._pin_entered)
        self.pinpad.textTyped.connect(self._badge_typed_into_pad)
        row.addLayout(left, 1)
        row.addWidget(self.pinpad, 1)
        self.setTabOrder(self.operator_id, self.pinpad)
        layout.addWidget(self.form)

        # Who is signed in, with the sign-out button: in this panel unless the window
        # moves it elsewhere (the station's top bar); the panel hides when it has nothing
        # left to show.
        self.who = QWidget(self)
        self.who.setObjectName("signed_in")
        who_row = hbox(self.who, spacing=16)
        who_row.setContentsMargins(0, 0, 0, 0)
        self.operator_label = label("operator", wrap=False, name="operator")
        self.sign_out_button = TouchButton("sign_out", "secondary", self.sign_out)
        who_row.addWidget(self.operator_label, 1)
        who_row.addWidget(self.sign_out_button)
        layout.addWidget(self.who)
        self.retranslate()
        self.show_operator(port.operator)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in to act"))
        self.operator_id.setPlaceholderText(self.tr("Operator id"))
        self.hint.setText(self.tr("then your PIN, or scan your badge"))
        self.operator_id.setAccessibleName(self.tr("Operator id"))
        self.sign_out_button.setText(self.tr("Sign out"))
        self.pinpad.retranslate()

    def take_who(self) -> QWidget:
        """The signed-in line, out of this panel, for the window to place (a top bar)."""
        layout = self.layout()
        assert layout is not None
        layout.removeWidget(self.who)  # the new layout's addWidget gives it its new parent
        return self.who

    def role_words(self, role: str) -> str:
        return {"attendant": self.tr("Attendant"),
                "supervisor": self.tr("Supervisor")}.get(role, role)

    # -- sign in and out -----------------------------------------------------------

    def _operator_entered(self) -> None:
        text = self.operator_id.text().strip()
        if text.upper().startswith(BADGE_PREFIX):
            self.operator_id.clear()  # a badge is a secret too: off the screen at once
            self._try(lambda: self.port.sign_in_badge(text))
        else:
            self.pinpad.setFocus(Qt.FocusReason.OtherFocusReason)

    def _badge_typed_into_pad(self, text: str) -> None:
        """A badge scanned while the PIN pad had the focus: its text goes to the id field,
        before any of its digits can be taken for a PIN (and count as a wrong one)."""
        self.pinpad.clear()
        self.operator_id.setText(text)
        self.operator_id.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pin_entered(self) -> None:
        operator_id = self.operator_id.text().strip()
        pin = self.pinpad.pin
        if not operator_id:
            self._refuse(self.tr("Enter your operator id first."))
            self.operator_id.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not pin:
            self._refuse(self.tr("Enter your PIN."))
            return
        self.pinpad.clear()
        self._try(lambda: self.port.sign_in_pin(operator_id, pin))

    def _try(self, sign_in: Callable[[], Operator]) -> None:
        try:
            operator = sign_in()
        except SignInRefused as refused:
            self._refuse(str(refused))
            self.pinpad.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.operator_id.clear()
        self.message.hide()
        self.show_operator(operator)
        self.signedIn.emit(operator)

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def sign_out(self) -> None:
        self.port.sign_out()
        self.show_operator(None)
        self.signedOut.emit()

    def show_operator(self, operator: Operator | None) -> None:
        self.form.setVisible(operator is None)
        self.who.setVisible(operator is not None)
        if operator is not None and not self.isAncestorOf(self.who):
            self.hide()
        elif self.parentWidget() is not None:  # not before it is placed: it would be a window
            self.show()
        if operator is not None:
            self.operator_label.setText(self.tr("{name} · {role}").format(
                name=operator.name or operator.id, role=self.role_words(operator.role)))
        else:
            self.operator_id.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def refusal(self) -> str:
        """The message on show, "" when none."""
        return self.message.text() if not self.message.isHidden() else ""
