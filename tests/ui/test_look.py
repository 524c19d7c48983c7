"""High contrast and large text change the look; the two sizes get their own type scale."""

from __future__ import annotations

from kiosk.ui.style import STYLE_DIR, Look, stylesheet


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


def test_the_small_screen_gets_smaller_type_but_not_smaller_buttons() -> None:
    full, compact = Look(), Look(compact=True)
    assert compact.px("body") < full.px("body")
    assert compact.px("small") >= 15
    assert "min-height: 64px" in stylesheet(compact)
    assert Look(large_text=True, compact=True).px("body") > compact.px("body")
