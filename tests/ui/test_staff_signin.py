"""An attendant signs in at the lane: Staff in the top bar, their name, the PIN pad.

The intents are recorded (the UI is what is tested here); the lane's side of
the sign-in (hashes, lock-out, badges) is tested through a real broker in
tests/mqtt/test_station_app.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

OPERATORS = (("alice", "Alice"), ("bob", "Bob"))


def press(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_name_and_a_pin_make_one_sign_in_intent(qtbot, window, samples, show, intents):
    show(window, samples.view("scanning").with_(operators=OPERATORS))
    press(qtbot, window, "staff")
    sheet = window.staff_sheet
    assert sheet.isVisible()
    assert not sheet.keypad.isEnabled()  # a name first
    press(qtbot, window, "staff_alice")
    for key in ("pin_1", "pin_2", "pin_3", "pin_9", "pin_delete", "pin_4"):
        press(qtbot, window, key)
    assert sheet.keypad.display.text() == "••••"  # never the digits
    press(qtbot, window, "pin_ok")
    assert intents.calls == [("sign_in_with_pin", ("alice", "1234"), {})]


def test_a_refusal_is_shown_in_the_sheet_and_success_closes_it(qtbot, window, samples, show):
    scanning = samples.view("scanning").with_(operators=OPERATORS)
    show(window, scanning)
    press(qtbot, window, "staff")
    show(window, scanning.with_(message=("OPERATOR_WRONG_PIN", "no match")))
    sheet = window.staff_sheet
    assert sheet.problem.isVisible()
    assert sheet.problem.text() == "That name and PIN do not match. Please try again."
    show(window, samples.view("attendant_mode").with_(operators=OPERATORS))
    assert not sheet.isVisible()
    assert not window.findChild(QPushButton, "staff").isVisible()


def test_without_a_staff_list_the_sheet_says_how_to_sign_in(qtbot, window, samples, show):
    show(window, samples.view("attract").with_(language="ru"))
    press(qtbot, window, "staff")
    assert window.staff_sheet.hint.text().startswith("На этой кассе ещё нет списка")
