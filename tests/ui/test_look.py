"""High contrast and large text change the look; the small screens get their own type scale."""

from __future__ import annotations

import pytest

from kiosk.ui.style import STYLE_DIR, Layout, Look, layout_for, stylesheet


def test_high_contrast_applies_the_second_stylesheet(window, samples, show) -> None:
    show(window, samples.view("scanning"))
    standard = window.styleSheet()
    assert "QPushButton[kind=\"primary\"], QPushButton[kind=\"keyok\"] { background: #0E7C66" in (
        standard)
    show(window, samples.view("scanning").with_(high_contrast=True))
    assert window.look.high_contrast
    assert window.styleSheet() != standard
    assert (STYLE_DIR / "high_contrast.qss").read_text(encoding="utf-8") in window.styleSheet()
    pay = window.screen_widget("scanning").pay
    image = pay.grab().toImage()
    centre = image.pixelColor(image.width() // 2, 6)
    assert (centre.red(), centre.green(), centre.blue()) == (0xFF, 0xE1, 0x4D)  # yellow
    show(window, samples.view("scanning"))
    assert window.styleSheet() == standard


def test_large_text_scales_the_fonts(window, samples, show) -> None:
    show(window, samples.view("scanning"))
    total = window.screen_widget("scanning").total
    pay = window.screen_widget("scanning").pay
    normal = (total.font().pixelSize(), pay.font().pixelSize())
    show(window, samples.view("scanning").with_(large_text=True))
    large = (total.font().pixelSize(), pay.font().pixelSize())
    assert large[0] >= normal[0] * 1.25
    assert large[1] >= normal[1] * 1.25
    show(window, samples.view("scanning"))
    assert (total.font().pixelSize(), pay.font().pixelSize()) == normal


@pytest.mark.parametrize("layout", [Layout.COMPACT, Layout.PORTRAIT])
def test_the_small_screens_get_smaller_type_but_not_smaller_buttons(layout) -> None:
    full, small = Look(), Look(layout=layout)
    assert small.px("body") < full.px("body")
    assert small.px("small") >= 15
    assert "min-height: 64px" in stylesheet(small)
    assert Look(large_text=True, layout=layout).px("body") > small.px("body")


@pytest.mark.parametrize(("size", "layout"), [
    ((1920, 1080), Layout.FULL), ((1280, 1024), Layout.COMPACT), ((1024, 768), Layout.COMPACT),
    ((768, 1024), Layout.PORTRAIT)])
def test_the_screen_size_picks_the_layout(size, layout) -> None:
    assert layout_for(*size) is layout


def test_the_window_follows_a_turned_screen(make_window, samples, show) -> None:
    window = make_window((1024, 768))
    show(window, samples.view("scanning"))
    assert window.look.layout is Layout.COMPACT
    window.resize(768, 1024)
    assert window.look.layout is Layout.PORTRAIT
    assert window.top_bar.button_box.y() > window.top_bar.store.y()  # a row of its own
