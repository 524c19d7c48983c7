"""The buttons call the lane's intents (recorded by a stub: the UI is what is tested)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.ui.samples import GTINS

CASES = [
    ("attract", "own_bag", ("declare_own_bag", ())),
    ("attract", "lang_ru", ("choose_language", ("ru",))),
    ("attract", "lookup", ("open_lookup", ())),
    ("scanning", "pay", ("pay", ())),
    ("scanning", "open_lookup", ("open_lookup", ())),
    ("scanning", "void_3", ("request_void", (3,))),
    ("scanning", "help", ("request_help", ())),
    ("awaiting_bagging", "skip_bagging", ("skip_bagging", ())),
    ("produce_lookup", f"tile_{GTINS['bananas']}", ("add_product", (GTINS["bananas"],))),
    ("produce_lookup", "close_lookup", ("close_lookup", ())),
    ("payment", "tender_card", ("choose_tender", ("card",))),
    ("payment", "back_to_scanning", ("back_to_scanning", ())),
    ("payment", "digital_receipt", ("choose_digital_receipt", ())),
    ("payment_pending", "cancel_payment", ("cancel_payment", ())),
    ("help_requested", "cancel_help", ("cancel_help", ())),
    ("age_check_pending", "continue_scanning", ("back_to_scanning", ())),
    ("thank_you", "finish", ("finish", ())),
    ("attendant_mode", "approve_1", ("approve", (1,))),
    ("attendant_mode", "reject_2", ("reject", (2,))),
    ("attendant_mode", "void_line_4", ("void_line", (4,))),
    ("attendant_mode", "cancel_transaction", ("cancel_transaction", ())),
    ("attendant_mode", "suspend_transaction", ("suspend_transaction", ())),
    ("attendant_mode", "reprint", ("reprint", ())),
    ("attendant_mode", "close_lane", ("close_lane", ())),
    ("attendant_mode", "sign_out", ("attendant_sign_out", ())),
]


def button(window, name: str) -> QPushButton:
    """The visible button ``name``: on the current screen first (screens share names)."""
    found = window.stack.currentWidget().findChild(QPushButton, name) or window.findChild(
        QPushButton, name)
    assert found is not None, f"no button {name!r}"
    assert found.isVisible(), name
    assert found.isEnabled(), name
    return found


@pytest.mark.parametrize(("screen_id", "name", "call"), CASES,
                         ids=[f"{s}-{n}" for s, n, _c in CASES])
def test_button_calls_intent(qtbot, window, samples, show, intents, screen_id, name, call):
    show(window, samples.view(screen_id))
    qtbot.mouseClick(button(window, name), Qt.MouseButton.LeftButton)
    assert [(n, a) for n, a, _k in intents.calls] == [call]


def test_plu_keypad_adds_by_code(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("produce_lookup"))
    for key in ("plu_4", "plu_0", "plu_1", "plu_2", "plu_delete", "plu_1"):
        qtbot.mouseClick(button(window, key), Qt.MouseButton.LeftButton)
    assert window.screen_widget("produce_lookup").keypad.display.text() == "4011"
    qtbot.mouseClick(button(window, "plu_ok"), Qt.MouseButton.LeftButton)
    assert intents.calls == [("add_by_plu", ("4011",), {})]
    assert not window.findChild(QPushButton, "plu_ok").isEnabled()  # cleared for the next


def test_search_and_categories_filter_the_tiles(qtbot, window, samples, show) -> None:
    show(window, samples.view("produce_lookup"))
    screen = window.screen_widget("produce_lookup")

    def shown() -> list[str]:
        return [tile.product.name for tile in screen.tiles if tile.isVisible()]

    qtbot.keyClicks(screen.search, "banan")
    assert shown() == ["Bananen lose, je kg"]
    screen.search.clear()
    qtbot.mouseClick(button(window, "category_bakery"), Qt.MouseButton.LeftButton)
    assert shown()
    assert all(t.product.category == "bakery" for t in screen.tiles if t.isVisible())
    qtbot.keyClicks(screen.search, "no such thing")
    assert shown() == []
    assert screen.nothing.isVisible()


def test_language_sheet_chooses_a_language(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("scanning"))
    qtbot.mouseClick(button(window, "language"), Qt.MouseButton.LeftButton)
    assert window.language_sheet.isVisible()
    qtbot.mouseClick(button(window, "sheet_lang_fil"), Qt.MouseButton.LeftButton)
    assert intents.calls == [("choose_language", ("fil",), {})]
    assert not window.language_sheet.isVisible()


def test_accessibility_sheet_toggles_modes(qtbot, window, samples, show, intents) -> None:
    show(window, samples.view("attract"))
    qtbot.mouseClick(button(window, "attract_accessibility"), Qt.MouseButton.LeftButton)
    assert window.accessibility_sheet.isVisible()
    qtbot.mouseClick(button(window, "high_contrast"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window, "large_text"), Qt.MouseButton.LeftButton)
    assert intents.calls == [("set_accessibility", (), {"high_contrast": True}),
                             ("set_accessibility", (), {"large_text": True})]
    qtbot.mouseClick(button(window, "close_accessibility"), Qt.MouseButton.LeftButton)
    assert not window.accessibility_sheet.isVisible()
