"""Every lane screen size, every language: nothing cut off, squeezed, overlapping or outside."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui.controls import TOUCH_MIN, TouchButton
from kiosk.ui.samples import LANGUAGES, Samples
from tests.ui.geometry import SIZES, problems, shown


def settle() -> None:
    """Run the layout requests a render posted (no waiting: only what is queued)."""
    for _round in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_fits(make_window, products, show, size, language) -> None:
    window = make_window(size)
    assert window.size().width() == size[0]
    samples = Samples(products, language)
    found: list[str] = []
    for name, view in (samples.all() | samples.variants()).items():
        show(window, view)
        settle()
        found.extend(f"{name}: {problem}" for problem in problems(window))
        for button in window.findChildren(TouchButton):
            if shown(button, window) and (button.height() < TOUCH_MIN
                                          or button.width() < TOUCH_MIN):
                found.append(f"{name}: {button.objectName()} is a small touch target "
                             f"{button.width()}x{button.height()}")
    assert found == []


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_letters_keyboard_fits(make_window, products, show, size) -> None:
    """Not a view of its own: a touch on the search field brings it up."""
    window = make_window(size)
    samples = Samples(products, "ru")  # the longest key words ("Скрыть клавиатуру")
    found: list[str] = []
    for name in ("produce_lookup", "produce_lookup-large_text"):
        show(window, (samples.all() | samples.variants())[name])
        window.screen_widget("produce_lookup")._set_letters(True)
        settle()
        found.extend(f"{name}: {problem}" for problem in problems(window))
    assert found == []
