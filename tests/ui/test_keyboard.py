"""Everything works from a keyboard: Tab order, Enter and Space, a visible focus ring, digits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

MAX_TABS = 40


def tab_to(qtbot, window, name: str):
    for _press in range(MAX_TABS):
        focused = QApplication.focusWidget() or window
        if focused.objectName() == name:
            return focused
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def test_tab_reaches_pay_and_enter_presses_it(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("scanning"))
    activate(qtbot, window)
    pay = tab_to(qtbot, window, "pay")
    qtbot.keyClick(pay, Qt.Key.Key_Return)
    assert intents.names() == ["pay"]
    qtbot.keyClick(pay, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert intents.names() == ["pay", "pay"]


def test_space_presses_the_focused_button(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("attract"))
    activate(qtbot, window)
    own_bag = tab_to(qtbot, window, "own_bag")
    qtbot.keyClick(own_bag, Qt.Key.Key_Space)
    assert intents.names() == ["declare_own_bag"]


def test_the_focus_ring_is_visible(qtbot, window, samples, show) -> None:
    show(window, samples.view("scanning"))
    activate(qtbot, window)
    lookup = window.screen_widget("scanning").lookup
    before = lookup.grab().toImage()
    tab_to(qtbot, window, "open_lookup")
    after = lookup.grab().toImage()
    edge = [(before.pixelColor(x, lookup.height() // 2), after.pixelColor(x, lookup.height() // 2))
            for x in range(1, 5)]
    assert any(old != new for old, new in edge)  # the border thickened and darkened


def test_a_screen_change_keeps_a_keyboard_user_on_its_main_button(qtbot, window, samples,
                                                                   show) -> None:
    show(window, samples.view("scanning"))
    activate(qtbot, window)
    tab_to(qtbot, window, "pay")
    show(window, samples.view("payment"))
    assert QApplication.focusWidget() is window.screen_widget("payment").card


def test_touch_users_see_no_focus_ring_at_start(qtbot, window, samples, show) -> None:
    show(window, samples.view("scanning"))
    activate(qtbot, window)
    assert QApplication.focusWidget() in (None, window)


def test_digit_keys_type_into_the_plu_keypad(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("produce_lookup"))
    activate(qtbot, window)
    screen = window.screen_widget("produce_lookup")
    tab_to(qtbot, window, "category_all")
    focused = QApplication.focusWidget()
    qtbot.keyClicks(focused, "40111")
    qtbot.keyClick(focused, Qt.Key.Key_Backspace)
    assert screen.keypad.code == "4011"
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert intents.calls == [("add_by_plu", ("4011",), {})]
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert intents.names()[-1] == "close_lookup"
