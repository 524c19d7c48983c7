"""After paying: the receipt (printing, or a QR code to scan) and the goodbye."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.ui.controls import QrCode, TouchButton, card, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.style import Layout
from kiosk.view import LaneView


class ReceiptScreen(Screen):
    """Both "receipt" (paid, receipt on its way) and "thank_you" (the visit is over)."""

    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.outer = outer = hbox(self, margin=48, spacing=48)
        outer.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(900)
        self.texts = texts = vbox(column, spacing=22)
        texts.addStretch(1)
        self.picture = Picture("check", 150)
        texts.addWidget(self.picture)
        self.title = label("title", align=left, name="receipt_title")
        self.status = label("lead", align=left, name="receipt_status")
        self.reminder = label("lead", tone="muted", align=left)
        for widget in (self.title, self.status, self.reminder):
            texts.addWidget(widget)
        self.finish = TouchButton("finish", "primary", intents.finish)
        self.finish.setMinimumWidth(320)
        texts.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignLeft)
        texts.addStretch(1)
        outer.addWidget(column, 3)

        self.qr_card = card()
        self.qr_layout = qr_layout = vbox(self.qr_card, margin=28, spacing=16)
        self.qr = QrCode()
        self.qr.setObjectName("receipt_qr")
        qr_layout.addWidget(self.qr, 1)
        self.qr_hint = label("lead", align=Qt.AlignmentFlag.AlignCenter)
        qr_layout.addWidget(self.qr_hint)
        outer.addWidget(self.qr_card, 2, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)

    def arrange(self, layout: Layout) -> None:
        """On a portrait screen the receipt's QR code goes under the words, and the words
        are centred over it."""
        super().arrange(layout)
        compact = layout.compact
        portrait = layout.portrait
        self.outer.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        self.outer.setSpacing(24 if portrait else 48)
        side = Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignLeft
        for text in (self.title, self.status, self.reminder):
            text.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)
        self.texts.setAlignment(self.picture, side)
        self.texts.setAlignment(self.finish, side)
        # Under the words the code would grow to the screen's width: as big as a phone
        # needs, and the room left to the words.
        self.qr.setMaximumSize(*((360, 360) if portrait else (16777215, 16777215)))
        self.qr_layout.setAlignment(self.qr, Qt.AlignmentFlag.AlignHCenter if portrait
                                    else Qt.AlignmentFlag(0))
        self.qr.setMinimumSize(240 if compact else 400, 240 if compact else 400)
        self.picture.set_side(110 if compact else 150)
        # The heading in hero size on full HD; on 1024x768 it would take four lines.
        self.title.setProperty("role", "title" if compact else "hero")
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.qr.set_payload(view.receipt_qr)
        self.qr_card.setVisible(bool(view.receipt_qr))
        self.qr_hint.setText(self.tr("Scan this code with your phone to keep your receipt."))
        if self.screen_id == "receipt":
            self.title.setText(self.tr("Payment accepted"))
            self.status.setText(self.tr("Your receipt is on the screen.") if view.receipt_qr
                                else self.tr("Printing your receipt…"))
            self.finish.hide()
        else:
            self.title.setText(self.tr("Thank you for shopping with us"))
            if view.receipt_qr:
                self.status.setText(self.tr("Your receipt is on the screen."))
            elif view.receipt_printed:
                self.status.setText(self.tr("Please take your receipt."))
            else:
                self.status.setText(self.tr("Your payment is complete."))
            self.finish.show()
            self.finish.setText(self.tr("Done"))
        self.reminder.setText(self.tr("Don't forget your bags."))

    def preferred_focus(self) -> QWidget | None:
        return self.finish if self.finish.isVisible() else None
