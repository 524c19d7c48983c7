"""The attendant, signed in at the lane: interventions, voids, transaction and lane actions.

Signing in (the PIN pad) belongs to the attendant station; this screen shows
what a signed-in attendant may do here.  The lane checks every permission
again, so a button here is a convenience, never the guard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QWidget

from kiosk.ui.controls import (
    TouchButton,
    add_shown,
    card,
    clear_layout,
    hbox,
    label,
    vbox,
)
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.scanning import line_detail
from kiosk.ui.texts import device_name, health_text, intervention_text
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
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        layout = vbox(self, spacing=8)
        layout.setContentsMargins(4, 12, 4, 12)
        layout.addWidget(label("strong", intervention_text(intervention, fmt)))
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
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        outer = vbox(self, margin=24, spacing=20)
        columns = hbox(spacing=20)
        outer.addLayout(columns, 1)

        left = vbox(spacing=20)
        interventions = card()
        interventions_layout = vbox(interventions, margin=20, spacing=8)
        self.interventions_title = label("title")
        interventions_layout.addWidget(self.interventions_title)
        holder = QWidget()
        self.intervention_rows = vbox(holder, spacing=0)
        interventions_layout.addWidget(scrolling(holder), 1)
        left.addWidget(interventions, 1)
        devices = card()
        devices_layout = vbox(devices, margin=20, spacing=6)
        self.devices_title = label("caption", tone="muted")
        devices_layout.addWidget(self.devices_title)
        self.device_rows = vbox(spacing=4)
        devices_layout.addLayout(self.device_rows)
        left.addWidget(devices)
        columns.addLayout(left, 1)

        basket = card()
        right = vbox(basket, margin=20, spacing=8)
        self.basket_title = label("title")
        right.addWidget(self.basket_title)
        self.operator = label("small", tone="muted", name="attendant_name")
        right.addWidget(self.operator)
        holder = QWidget()
        self.line_rows = vbox(holder, spacing=0)
        right.addWidget(scrolling(holder), 1)
        self.total = label("strong", name="attendant_total", align=RIGHT)
        right.addWidget(self.total)
        columns.addWidget(basket, 1)

        # The actions along the bottom: one row on full HD, two rows on 1024x768.
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
        self._arrange_actions(compact=False)
        self._key: object = None

    def _arrange_actions(self, *, compact: bool) -> None:
        while self.action_grid.count():
            self.action_grid.takeAt(0)
        lane = (1, 0) if compact else (0, 3)  # close and open never show together
        places = ((self.cancel, 0, 0, 1), (self.suspend, 0, 1, 1), (self.reprint, 0, 2, 1),
                  (self.close_lane, *lane, 1), (self.open_lane, *lane, 1),
                  (self.sign_out, *((1, 1, 2) if compact else (0, 4, 1))))
        for button, row, column, span in places:
            self.action_grid.addWidget(button, row, column, 1, span)

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self._arrange_actions(compact=compact)

    def _render_lists(self, view: LaneView, fmt: Formats) -> None:
        key = (view.interventions, view.active_lines, view.devices, fmt)
        if key == self._key:
            return
        self._key = key
        clear_layout(self.intervention_rows)
        for intervention in view.interventions:
            add_shown(self.intervention_rows, InterventionRow(intervention, fmt, self.intents))
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
        clear_layout(self.device_rows)
        for device in view.devices:
            row = QWidget()
            row_layout = hbox(row, spacing=8)
            row_layout.addWidget(label("body", device_name(device.name)), 1)
            state = vbox(spacing=0)
            state.addWidget(label("body", health_text(device.health), align=RIGHT,
                                  tone="" if device.health == "online" else "alert"))
            if device.code:  # the code, for the service call
                state.addWidget(label("small", device.code, tone="muted", align=RIGHT))
            row_layout.addLayout(state)
            add_shown(self.device_rows, row)
        if not view.devices:
            add_shown(self.device_rows, label("body", self.tr("No device reports yet."),
                                              tone="muted"))

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
