"""The on-screen letters for the produce search: for a kiosk with no keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.controls import TOUCH_MIN


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)])
def test_touching_the_search_brings_letters_that_type_into_it(
        qtbot, make_window, samples, show, size) -> None:
    window = make_window(size)
    show(window, samples.view("produce_lookup"))
    screen = window.screen_widget("produce_lookup")
    assert not screen.letters.isVisible()
    qtbot.mouseClick(screen.search, Qt.MouseButton.LeftButton)
    assert screen.letters.isVisible()
    for name in ("letter_B", "letter_A", "letter_N", "letter_X", "letter_delete"):
        qtbot.mouseClick(screen.letters.findChild(type(screen.letters.delete), name),
                         Qt.MouseButton.LeftButton)
    assert screen.search.text() == "BAN"
    shown = [tile.product.name for tile in screen.tiles if tile.isVisible()]
    assert shown == ["Bananen lose, je kg"]
    keys = [*screen.letters.keys.values(), screen.letters.delete, screen.letters.space,
            screen.letters.hide_button]
    small = [k.objectName() for k in keys if k.width() < TOUCH_MIN or k.height() < TOUCH_MIN]
    assert small == []
    qtbot.waitUntil(lambda: screen.letters.space.geometry().top()
                    > screen.letters.keys["U"].geometry().bottom())
    rows = [screen.letters.keys[k].geometry() for k in "AKU"] + [
        screen.letters.space.geometry()]
    assert all(upper.bottom() < lower.top() for upper, lower in zip(rows, rows[1:], strict=False))
    assert not screen.pad_card.isVisible()  # one way of finding an item at a time
    assert screen.grid_area.viewport().height() >= TOUCH_MIN * 2  # the tiles stay in view
    qtbot.mouseClick(screen.letters.hide_button, Qt.MouseButton.LeftButton)
    assert not screen.letters.isVisible()
    assert not screen.show_letters.isChecked()
    assert screen.pad_card.isVisible()
