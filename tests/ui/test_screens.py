"""Every screen id has its widget, and a view that selects it shows it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.ui.screens.lookup import KEYPAD_WIDTH
from kiosk.ui.window import KioskWindow
from kiosk.view import SCREENS, ScaleView, screen_for


def test_one_widget_per_screen_id_named_by_it(window: KioskWindow) -> None:
    assert all(window.screen_widget(screen_id).objectName() == screen_id for screen_id in SCREENS)
    names = [window.stack.widget(i).objectName() for i in range(window.stack.count())]
    assert sorted(names) == sorted(SCREENS)
    assert all(window.screen_widget(screen_id).objectName() == screen_id for screen_id in SCREENS)


def test_screens_are_built_when_first_needed(qtbot, window, samples, show) -> None:
    assert window.screens.built() == []
    assert window.stack.count() == 0
    show(window, samples.view("scanning"))
    assert [screen.screen_id for screen in window.screens.built()] == ["scanning"]
    assert window.stack.currentWidget() is window.screen_widget("scanning")
    # The rest follow, one per turn of the event loop, once the first view is painted.
    with qtbot.waitSignal(window.settled, timeout=5000):
        pass
    assert sorted(screen.screen_id for screen in window.screens.built()) == sorted(SCREENS)
    assert window.current_screen_id() == "scanning"
    assert window.screen_widget("scanning").isVisible()
    assert not window.screen_widget("produce_lookup").isVisible()


def test_a_screen_built_late_takes_the_window_look(qtbot, make_window, samples, show) -> None:
    window = make_window((1024, 768))
    show(window, samples.view("attract"))
    lookup = window.screen_widget("produce_lookup")  # built after the window knew its size
    assert lookup.pad_card.maximumWidth() == KEYPAD_WIDTH[True]
    assert not lookup.pad_hint.isVisibleTo(lookup)


@pytest.mark.parametrize("screen_id", SCREENS)
def test_a_view_selecting_a_screen_shows_it(qtbot, window, samples, screen_id) -> None:
    view = samples.view(screen_id)
    assert screen_for(view) == screen_id
    with qtbot.waitSignal(window.screenChanged, timeout=2000) as changed:
        window.show_view(view)
    assert changed.args == [screen_id]
    assert window.current_screen_id() == screen_id
    assert window.stack.currentWidget() is window.screen_widget(screen_id)
    assert window.screen_widget(screen_id).isVisible()


def test_a_new_view_of_the_same_screen_does_not_signal_a_change(qtbot, window, samples, show):
    show(window, samples.view("scanning"))
    with qtbot.assertNotEmitted(window.screenChanged), qtbot.waitSignal(window.rendered):
        window.show_view(samples.view("scanning").with_(total=100))


def test_rendered_carries_the_view(qtbot, window, samples) -> None:
    view = samples.view("payment")
    with qtbot.waitSignal(window.rendered, timeout=2000) as rendered:
        window.show_view(view)
    assert rendered.args == [view]
    assert window.view is view


def test_scanning_shows_the_basket(window, samples, show) -> None:
    view = samples.view("scanning")
    show(window, view)
    screen = window.screen_widget("scanning")
    assert screen.findChild(QPushButton, "pay").isEnabled()
    assert screen.last_name.text() == view.last_line.name
    assert screen.total.text() == "€22.32"
    assert screen.count.text() == "9"
    assert screen.savings.text() == "€5.99"
    bananas = next(line for line in view.lines if line.by_weight)
    row = screen.findChild(QPushButton, f"void_{bananas.line_no}").parentWidget()
    assert "1.234 kg × €1.69 / kg" in [child.text() for child in row.findChildren(type(
        screen.total))]


def test_skip_bagging_only_when_the_view_allows_it(window, samples, show) -> None:
    view = samples.view("awaiting_bagging")
    show(window, view)
    screen = window.screen_widget("awaiting_bagging")
    assert screen.skip.isVisible()
    assert screen.name.text() == view.pending_line.name
    show(window, view.with_(skip_bagging_allowed=False))
    assert not screen.skip.isVisible()


def test_weight_mismatch_names_the_item(window, samples, show) -> None:
    view = samples.view("weight_mismatch")
    show(window, view)
    screen = window.screen_widget("weight_mismatch")
    assert "Röstwerk Kaffee Klassisch gemahlen 500 g" in screen.what.text()
    assert screen.called.isVisible()


def test_payment_pending_follows_the_terminal_and_shows_a_decline(window, samples, show):
    view = samples.view("payment_pending")
    show(window, view)
    screen = window.screen_widget("payment_pending")
    assert screen.progress.text() == "Insert or tap your card"
    payment = view.current_payment.__class__(1, "card", view.total, "declined", "05",
                                             "insufficient funds", "")
    show(window, view.with_(payments=(payment,)))
    assert not screen.progress.isVisible()
    assert screen.declined.title.text() == "The payment was declined"
    assert screen.declined.reason.text() == "Not enough funds on the card"
    assert screen.declined.todo.text() == "Please try again or use another card."


def test_receipt_draws_the_qr_code(window, samples, show) -> None:
    view = samples.view("receipt")
    show(window, view)
    screen = window.screen_widget("receipt")
    assert screen.qr.payload == view.receipt_qr
    assert screen.qr.isVisible()
    image = screen.qr.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 64)
    assert dark > 50  # modules were painted
    show(window, samples.view("thank_you"))
    assert not window.screen_widget("thank_you").qr_card.isVisible()


def test_attendant_mode_lists_interventions_and_devices(window, samples, show) -> None:
    view = samples.view("attendant_mode")
    show(window, view)
    screen = window.screen_widget("attendant_mode")
    for intervention in view.interventions:
        assert screen.findChild(QPushButton, f"approve_{intervention.id}") is not None
    texts = [label.text() for label in screen.findChildren(type(screen.total))]
    assert "PRINTER_PAPER_OUT" in texts
    assert "Signed in: Anna K." in screen.operator.text()


def test_an_age_check_says_the_latest_birth_date_to_accept(window, samples, show) -> None:
    view = samples.view("attendant_mode")  # a 16+ beer on 23 November 2026
    age_check = next(i for i in view.interventions if i.kind == "age_check")
    show(window, view)
    screen = window.screen_widget("attendant_mode")
    born = screen.findChild(QLabel, f"born_before_{age_check.id}")
    assert born is not None
    assert born.text() == "Born on or before Nov 23, 2010"
    show(window, view.with_(today=date(2027, 3, 1)))  # the row is built again for the new day
    born = screen.findChild(QLabel, f"born_before_{age_check.id}")
    assert born.text() == "Born on or before Mar 1, 2011"
    others = [i for i in view.interventions if i.kind != "age_check"]
    assert others
    assert all(screen.findChild(QLabel, f"born_before_{i.id}") is None for i in others)


def test_still_there_overlay(qtbot, window, samples, show, intents) -> None:
    scanning = samples.view("scanning")
    show(window, scanning.with_(still_there=True))
    assert window.still_there.isVisible()
    qtbot.mouseClick(window.still_there.button, Qt.MouseButton.LeftButton)
    assert intents.names() == ["still_here"]
    show(window, scanning)
    assert not window.still_there.isVisible()


@pytest.mark.parametrize(("code", "text", "shown"), [
    ("BARCODE_CHECK_DIGIT", "check digit", "That barcode did not scan correctly."),
    ("TXN_PAYMENT_BLOCKED", "blocked", "You can pay as soon as the attendant"),
    ("PRINTER_COVER_OPEN", "cover open", "The printer cannot print right now."),
    ("SOMETHING_NEW", "The lane's own words.", "The lane's own words."),
])
def test_notice_bar_explains_known_codes(window, samples, show, code, text, shown) -> None:
    show(window, samples.view("scanning").with_(message=(code, text)))
    assert window.notice.isVisible()
    assert window.notice.text.text().startswith(shown)
    show(window, samples.view("scanning"))
    assert not window.notice.isVisible()


def test_a_portrait_screen_stacks_the_basket_above_the_total(make_window, samples, show):
    window = make_window((768, 1024))
    show(window, samples.view("scanning"))
    screen = window.screen_widget("scanning")
    basket = screen.list_area.mapTo(screen, screen.list_area.rect().bottomLeft())
    total = screen.total.mapTo(screen, screen.total.rect().topLeft())
    assert basket.y() < total.y()
    pay = screen.pay.mapTo(screen, screen.pay.rect().topLeft())
    assert pay.x() > total.x()  # the buttons beside the total, not under it
    void = screen.findChild(QPushButton, f"void_{samples.view('scanning').lines[0].line_no}")
    amount = void.parentWidget().amount
    # The list is as wide as the screen: the amount beside its button, not above it.
    assert abs(amount.geometry().center().y() - void.geometry().center().y()) < 8


def test_a_portrait_screen_built_late_is_laid_out_for_it(make_window, samples, show):
    window = make_window((768, 1024))
    show(window, samples.view("attract"))
    lookup = window.screen_widget("produce_lookup")  # built hidden: not laid out yet

    def place(grid, widget):
        return grid.getItemPosition(grid.indexOf(widget))[:2]  # (row, column)

    assert place(lookup.header, lookup.search) == (1, 0)  # under the title
    attendant = window.screen_widget("attendant_mode")
    assert place(attendant.cards, attendant.basket_card) == (1, 0)  # under the interventions


def test_the_newest_line_shows_with_the_top_row_whole(make_window, samples, show):
    window = make_window((1024, 768))
    show(window, samples.view("scanning"))
    screen = window.screen_widget("scanning")
    viewport = screen.list_area.viewport()
    bar = screen.list_area.verticalScrollBar()
    assert bar.maximum() > 0  # the list scrolls
    assert bar.value() == bar.maximum()
    tops = [row.mapTo(viewport, row.rect().topLeft()).y()
            for row in screen._line_rows if row.isVisibleTo(screen)]
    assert 0 in tops  # a row starts at the list's top edge: no half row above it


def test_the_look_up_screen_shows_the_produce_scale(window, samples, show) -> None:
    view = samples.view("produce_lookup")  # 870 g settled on the bagging scale
    show(window, view)
    lookup = window.screen_widget("produce_lookup")
    assert lookup.scale_box.isVisible()
    assert (lookup.scale_title.text(), lookup.scale_weight.text()) == ("On the scale:",
                                                                       "0.870 kg")
    assert lookup.scale_hint.text() == "Put loose items in the bagging area, then choose them."
    show(window, view.with_(weighing=ScaleView("scanner_scale", 1234, stable=False)))
    assert (lookup.scale_weight.text(), lookup.scale_hint.text()) == (
        "…", "Weighing: keep it still.")
    show(window, view.with_(weighing=ScaleView("scanner_scale", None)))
    assert (lookup.scale_weight.text(), lookup.scale_hint.text()) == (
        "–", "Put loose items on the scale at the scanner, then choose them.")
    show(window, view.with_(weighing=ScaleView("scanner_scale", None, working=False)))
    assert lookup.scale_weight.text() == ""
    assert lookup.scale_hint.text().startswith("The scale is not working")
    show(window, view.with_(weighing=None, language="ru"))
    assert not lookup.scale_box.isVisible()
    show(window, view.with_(language="ru"))
    assert (lookup.scale_title.text(), lookup.scale_weight.text()) == ("На весах:", "0,870 кг")
