"""Paying: choose the tender, follow the card terminal, hear about a decline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.controls import TouchButton, card, centered, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.texts import payment_reason_text, terminal_text
from kiosk.view import LaneView, PaymentView

FAILED = ("declined", "aborted")


def failed_payment(view: LaneView) -> PaymentView | None:
    payment = view.current_payment
    return payment if payment is not None and payment.status in FAILED else None


class DeclinedBox(QWidget):
    """Why the last attempt failed and what to do now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("declined")
        box = card("notice")  # the warm notice colour: something went wrong, nothing alarming
        layout = hbox(self, spacing=0)
        layout.addWidget(box)
        inner = hbox(box, margin=20, spacing=20)
        inner.addWidget(Picture("alert", 72, "alert"), 0, Qt.AlignmentFlag.AlignTop)
        texts = vbox(spacing=4)
        self.title = label("strong", name="declined_title")
        self.reason = label("lead", name="declined_reason")
        self.todo = label("lead", name="declined_todo")
        for widget in (self.title, self.reason, self.todo):
            texts.addWidget(widget)
        inner.addLayout(texts, 1)

    def present(self, payment: PaymentView | None) -> None:
        self.setVisible(payment is not None)
        if payment is None:
            return
        declined = payment.status == "declined"
        title = self.tr("The payment was declined") if declined else self.tr(
            "The payment was cancelled")
        reason = payment_reason_text(payment.reason)
        self.title.setText(title)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason) and reason != title)
        self.todo.setText(self.tr("Please try again or use another card."))


class PaymentScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        center = Qt.AlignmentFlag.AlignCenter
        outer = vbox(self, margin=32, spacing=24)
        outer.addStretch(2)
        self.caption = label("lead", tone="muted", align=center)
        self.amount = label("total", align=center, name="amount_due", wrap=False)
        self.paid = label("lead", tone="muted", align=center, name="already_paid")
        for widget in (self.caption, self.amount, self.paid):
            outer.addWidget(widget)
        self.declined = DeclinedBox()
        outer.addLayout(centered(self.declined, 1000))
        outer.addStretch(1)
        self.how = label("title", align=center)
        outer.addWidget(self.how)

        tenders = hbox(spacing=24)
        tenders.addStretch(1)
        self.card = TouchButton("tender_card", "primary", lambda: intents.choose_tender("card"))
        self.card.setMinimumWidth(420)
        tenders.addWidget(self.card)
        tenders.addStretch(1)
        outer.addLayout(tenders)
        self.card_hint = label("body", tone="muted", align=center)
        outer.addWidget(self.card_hint)
        outer.addStretch(1)

        actions = hbox(spacing=20)
        actions.addStretch(1)
        self.back = TouchButton("back_to_scanning", "big", intents.back_to_scanning)
        self.digital = TouchButton("digital_receipt", "big", self._digital, checkable=True)
        actions.addWidget(self.back)
        actions.addWidget(self.digital)
        actions.addStretch(1)
        outer.addLayout(actions)
        outer.addStretch(2)
        self._txn = ""

    def _digital(self) -> None:
        # The lane has no way to take the wish back, so the button stays pressed.
        self.digital.setChecked(True)
        self.digital.setEnabled(False)
        self.intents.choose_digital_receipt()

    def present(self, view: LaneView, fmt: Formats) -> None:
        if view.txn_id != self._txn:  # a new shopper: forget the last one's receipt wish
            self._txn = view.txn_id
            self.digital.setChecked(False)
            self.digital.setEnabled(True)
        self.caption.setText(self.tr("Amount to pay"))
        self.amount.setText(fmt.money(view.due))
        self.paid.setVisible(view.paid > 0)
        self.paid.setText(self.tr("Already paid: {amount}").format(amount=fmt.money(view.paid)))
        self.declined.present(failed_payment(view))
        self.how.setText(self.tr("How would you like to pay?"))
        self.card.setText(self.tr("Card"))
        self.card_hint.setText(self.tr("Debit or credit card, phone or watch"))
        self.back.setText(self.tr("Back to my items"))
        self.digital.setText(self.tr("Receipt as QR code") if not self.digital.isChecked()
                             else self.tr("QR code receipt chosen"))

    def preferred_focus(self) -> QWidget | None:
        return self.card


class PaymentPendingScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        center = Qt.AlignmentFlag.AlignCenter
        outer = vbox(self, margin=32, spacing=24)
        outer.addStretch(2)
        self.picture = Picture("card", 200)
        outer.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = label("title", tone="muted", align=center)
        self.progress = label("hero", align=center, name="terminal_progress")
        self.amount = label("amount", align=center, name="amount_due", wrap=False)
        for widget in (self.title, self.progress, self.amount):
            outer.addWidget(widget)
        self.declined = DeclinedBox()
        outer.addLayout(centered(self.declined, 1000))
        outer.addStretch(1)
        actions = hbox()
        actions.addStretch(1)
        self.cancel = TouchButton("cancel_payment", "big", intents.cancel_payment)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        outer.addLayout(actions)
        outer.addStretch(2)

    def present(self, view: LaneView, fmt: Formats) -> None:
        payment = view.current_payment
        failed = failed_payment(view)
        self.title.setText(self.tr("Follow the instructions on the card terminal"))
        progress = terminal_text(payment.progress) if payment is not None else ""
        self.progress.setText(progress or self.tr("Insert or tap your card"))
        self.progress.setVisible(failed is None)
        amount = payment.amount if payment is not None else view.due
        self.amount.setText(self.tr("Amount: {amount}").format(amount=fmt.money(amount)))
        self.declined.present(failed)
        self.cancel.setText(self.tr("Cancel payment"))

    def preferred_focus(self) -> QWidget | None:
        return self.cancel
