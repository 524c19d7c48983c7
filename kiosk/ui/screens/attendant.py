"""The attendant, signed in at the lane: interventions, voids, transaction and lane actions.

Signing in (the PIN pad) belongs to the attendant station; this screen shows
what a signed-in attendant may do here.  The lane checks every permission
again, so a button here is a convenience, never the guard.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLayout, QScrollArea, QWidget

from kiosk.ui.controls import (
    TouchButton,
    add_shown,
    card,
    clear_layout,
    hbox,
    label,
    take_widgets,
    vbox,
)
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.scanning import line_detail
from kiosk.ui.style import Layout
from kiosk.ui.texts import born_before_text, device_name, health_text, intervention_text
from kiosk.view import InterventionView, LaneView, LineView

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


class InterventionRow(QFrame):
    def __init__(self, intervention: InterventionView, fmt: Formats, intents: LaneIntents,
                 today: date, parent: QWidget | None = None, *,
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        layout = vbox(self, spacing=8)
        gap = 8 if compact else 12  # 1024x768: a two-line request and its buttons in view
        layout.setContentsMargins(4, gap, 4, gap)
        layout.addWidget(label("strong", intervention_text(intervention, fmt)))
        born = born_before_text(intervention, fmt, today)
        if born is not None:
            layout.addWidget(label("body", born, name=f"born_before_{intervention.id}"))
        buttons = hbox(spacing=12)
        approve = TouchButton(f"approve_{intervention.id}", "secondary",
                              lambda: intents.approve(intervention.id))
        approve.setText(self.tr("Approve"))
        reject = TouchButton(f"reject_{intervention.id}", "secondary",
                             lambda: intents.reject(intervention.id))
        reject.setText(self.tr("Reject"))
        buttons.addWidget(approve, 1)
        buttons.addWidget(reject, 1)
        layout.addLayout(buttons)


class VoidRow(QFrame):
    def __init__(self, line: LineView, fmt: Formats, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        layout = hbox(self, spacing=12)
        layout.setContentsMargins(4, 8, 4, 8)
        texts = vbox(spacing=2)
        texts.addWidget(label("body", line.name))
        texts.addWidget(label("small", line_detail(line, fmt), tone="muted"))
        layout.addLayout(texts, 1)
        layout.addWidget(label("body", fmt.money(line.amount), wrap=False, align=RIGHT))
        void = TouchButton(f"void_line_{line.line_no}", "secondary",
                           lambda: intents.void_line(line.line_no))
        void.setText(self.tr("Void"))
        layout.addWidget(void)


class AttendantScreen(Screen):
    """Interventions and devices beside the basket, the actions along the bottom.

    On a portrait screen the basket goes under the interventions and the devices under
    both, two to a row.  On both small screens the actions take two rows, and the cards
    have headings in the size of their rows' text, so that a list shows a whole row.
    """

    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        self.outer = outer = vbox(self, margin=24, spacing=20)
        self.cards = QGridLayout()
        self.cards.setSpacing(20)
        outer.addLayout(self.cards, 1)

        self.interventions_card = card()
        self.interventions_title = label("title")
        holder = QWidget()
        self.intervention_rows = vbox(holder, spacing=0)
        self._fill(self.interventions_card, self.interventions_title, scrolling(holder))
        self.devices_card = card()
        self.devices_title = label("caption", tone="muted")
        self.device_grid = QGridLayout()
        self.device_grid.setSpacing(4)
        self.device_grid.setHorizontalSpacing(32)
        self._fill(self.devices_card, self.devices_title, self.device_grid, stretch=0)
        self._device_rows: list[QWidget] = []

        self.basket_card = card()
        self.basket_title = label("title")
        self.operator = label("small", tone="muted", name="attendant_name")
        holder = QWidget()
        self.line_rows = vbox(holder, spacing=0)
        self.total = label("strong", name="attendant_total", align=RIGHT)
        self._fill(self.basket_card, self.basket_title, self.operator, scrolling(holder),
                   self.total)

        self.action_grid = QGridLayout()
        self.action_grid.setSpacing(14)
        outer.addLayout(self.action_grid)
        self.cancel = TouchButton("cancel_transaction", "secondary", intents.cancel_transaction)
        self.suspend = TouchButton("suspend_transaction", "secondary",
                                   intents.suspend_transaction)
        self.reprint = TouchButton("reprint", "secondary", intents.reprint)
        self.close_lane = TouchButton("close_lane", "secondary", intents.close_lane)
        self.open_lane = TouchButton("open_lane", "secondary", intents.open_lane)
        self.sign_out = TouchButton("sign_out", "primary", intents.attendant_sign_out)
        self._layout = Layout.FULL
        self._key: object = None
        self.arrange(Layout.FULL)

    @staticmethod
    def _fill(frame: QFrame, *items: QWidget | QLayout, stretch: int = 1) -> None:
        """A card of ``items`` top to bottom; the one scroll area among them takes the
        height that is left."""
        layout = vbox(frame, margin=20, spacing=8)
        for item in items:
            if isinstance(item, QLayout):
                layout.addLayout(item, stretch)
            else:
                layout.addWidget(item, stretch if isinstance(item, QScrollArea) else 0)

    def arrange(self, layout: Layout) -> None:
        super().arrange(layout)
        self._layout = layout
        take_widgets(self.cards)
        for index in range(3):
            self.cards.setRowStretch(index, 0)
            self.cards.setColumnStretch(index, 0)
        if layout.portrait:
            self.cards.addWidget(self.interventions_card, 0, 0)
            self.cards.addWidget(self.basket_card, 1, 0)
            self.cards.addWidget(self.devices_card, 2, 0)
            self.cards.setRowStretch(0, 1)
            self.cards.setRowStretch(1, 1)
        else:
            self.cards.addWidget(self.interventions_card, 0, 0)
            self.cards.addWidget(self.devices_card, 1, 0)
            self.cards.addWidget(self.basket_card, 0, 1, 2, 1)
            self.cards.setRowStretch(0, 1)
            self.cards.setColumnStretch(0, 1)
            self.cards.setColumnStretch(1, 1)
        spacing = 16 if layout.compact else 20
        self.cards.setSpacing(spacing)
        self.outer.setSpacing(spacing)
        self.action_grid.setSpacing(12 if layout.compact else 14)
        for frame in (self.interventions_card, self.devices_card, self.basket_card):
            own = frame.layout()
            if own is not None:
                own.setContentsMargins(spacing, spacing, spacing, spacing)
        # Headings in the rows' size on the small screens: 20 px more for each list.
        for title in (self.interventions_title, self.basket_title):
            title.setProperty("role", "strong" if layout.compact else "title")
            title.style().unpolish(title)
            title.style().polish(title)
        self._arrange_actions(layout)
        self._place_devices()
        self._key = None  # rows are built for the layout: anew with the next view

    def _arrange_actions(self, layout: Layout) -> None:
        """One row on full HD, two rows on the small screens (in small type on a portrait
        one, whose 240 px columns are too narrow for "Suspend transaction" in button type)."""
        take_widgets(self.action_grid)
        compact = layout.compact
        lane = (1, 0) if compact else (0, 3)  # close and open never show together
        places = ((self.cancel, 0, 0, 1), (self.suspend, 0, 1, 1), (self.reprint, 0, 2, 1),
                  (self.close_lane, *lane, 1), (self.open_lane, *lane, 1),
                  (self.sign_out, *((1, 1, 2) if compact else (0, 4, 1))))
        for button, row, column, span in places:
            self.action_grid.addWidget(button, row, column, 1, span)
            if button is not self.sign_out and bool(button.property("dense")) != (
                    layout.portrait):
                button.setProperty("dense", layout.portrait)
                button.style().unpolish(button)
                button.style().polish(button)

    def _place_devices(self) -> None:
        """One device a row; two on a portrait screen, whose cards are as wide as it."""
        take_widgets(self.device_grid)
        columns = 2 if self._layout.portrait else 1
        for index, row in enumerate(self._device_rows):
            self.device_grid.addWidget(row, index // columns, index % columns)
        for column in range(2):
            self.device_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _render_lists(self, view: LaneView, fmt: Formats) -> None:
        key = (view.interventions, view.active_lines, view.devices, fmt, view.today)
        if key == self._key:
            return
        self._key = key
        clear_layout(self.intervention_rows)
        for intervention in view.interventions:
            add_shown(self.intervention_rows, InterventionRow(
                intervention, fmt, self.intents, view.today, compact=self._layout.compact))
        if not view.interventions:
            add_shown(self.intervention_rows, label("lead", self.tr("Nothing to do."),
                                                    tone="muted"))
        self.intervention_rows.addStretch(1)  # not AlignTop, which cuts wrapped rows
        clear_layout(self.line_rows)
        for line in view.active_lines:
            add_shown(self.line_rows, VoidRow(line, fmt, self.intents))
        if not view.active_lines:
            add_shown(self.line_rows, label("lead", self.tr("The basket is empty."),
                                            tone="muted"))
        self.line_rows.addStretch(1)
        for row in self._device_rows:
            self.device_grid.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self._device_rows = []
        for device in view.devices:
            row = QWidget()
            row_layout = hbox(row, spacing=8)
            row_layout.addWidget(label("body", device_name(device.name)), 1)
            # The fault's code beside its state on 1024x768, where the list is one column
            # and height is short; under it elsewhere.
            state = hbox(spacing=8) if self._layout is Layout.COMPACT else vbox(spacing=0)
            state.addWidget(label("body", health_text(device.health), align=RIGHT,
                                  tone="" if device.health == "online" else "alert"))
            if device.code:  # the code, for the service call
                state.addWidget(label("small", device.code, tone="muted", align=RIGHT))
            row_layout.addLayout(state)
            self._device_rows.append(row)
        if not view.devices:
            self._device_rows.append(label("body", self.tr("No device reports yet."),
                                           tone="muted"))
        self._place_devices()
        if self.devices_card.isVisible():
            for row in self._device_rows:
                row.show()  # now, not on the event loop's next turn (see add_shown)

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.interventions_title.setText(self.tr("Open interventions"))
        self.basket_title.setText(self.tr("Basket"))
        self.total.setText(self.tr("Total: {amount}").format(amount=fmt.money(view.total)))
        self.operator.setText(" · ".join((
            self.tr("Signed in: {name}").format(name=view.attendant or "–"),
            self.tr("Transaction {id}").format(id=view.txn_id or "–"))))
        self.cancel.setText(self.tr("Cancel transaction"))
        self.suspend.setText(self.tr("Suspend transaction"))
        self.reprint.setText(self.tr("Reprint receipt"))
        self.close_lane.setText(self.tr("Close lane"))
        self.open_lane.setText(self.tr("Open lane"))
        closed = view.state == "closed"
        self.close_lane.setVisible(not closed)
        self.open_lane.setVisible(closed)
        has_basket = bool(view.txn_id) and bool(view.lines)
        self.cancel.setEnabled(has_basket)
        self.suspend.setEnabled(has_basket)
        self.devices_title.setText(self.tr("Devices"))
        self.sign_out.setText(self.tr("Sign out"))
        self._render_lists(view, fmt)

    def preferred_focus(self) -> QWidget | None:
        return self.sign_out
