"""After a scan: put the item in the bagging area (or skip, for items that need no bag)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.controls import TouchButton, card, centered, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.scanning import line_detail
from kiosk.ui.style import Layout
from kiosk.view import LaneView


class BaggingScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        center = Qt.AlignmentFlag.AlignCenter
        outer = vbox(self, margin=32, spacing=20)
        outer.addStretch(2)
        self.picture = Picture("bag", 200)
        outer.addWidget(self.picture, 0, center)
        self.title = label("hero", align=center, name="bagging_title")
        outer.addWidget(self.title)
        self.hint = label("lead", tone="muted", align=center)
        outer.addWidget(self.hint)
        outer.addStretch(1)

        item = card()
        item_layout = hbox(item, margin=28, spacing=24)
        texts = vbox(spacing=4)
        self.name = label("itemname", name="bagging_item")
        self.detail = label("body", tone="muted")
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        item_layout.addLayout(texts, 1)
        self.amount = label("amount", wrap=False, name="bagging_price",
                            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item_layout.addWidget(self.amount)
        outer.addLayout(centered(item, 1100))
        self.item = item
        outer.addStretch(1)

        actions = hbox(spacing=20)
        actions.addStretch(1)
        self.skip = TouchButton("skip_bagging", "big", intents.skip_bagging)
        actions.addWidget(self.skip)
        actions.addStretch(1)
        outer.addLayout(actions)
        self.total = label("lead", tone="muted", align=center)
        outer.addWidget(self.total)
        outer.addStretch(2)

    def arrange(self, layout: Layout) -> None:
        super().arrange(layout)
        self.picture.set_side(120 if layout.compact else 200)  # 1024x768: room for a two-line title

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.title.setText(self.tr("Place the item in the bagging area"))
        self.hint.setText(self.tr("Then scan your next item."))
        line = view.pending_line
        self.item.setVisible(line is not None)
        if line is not None:
            self.name.setText(line.name)
            self.detail.setText(line_detail(line, fmt))
            self.amount.setText(fmt.money(line.amount))
        self.skip.setVisible(view.skip_bagging_allowed)
        self.skip.setText(self.tr("Skip bagging"))
        self.total.setText(self.tr("Total so far: {amount}").format(amount=fmt.money(view.total)))

    def preferred_focus(self) -> QWidget | None:
        return self.skip if self.skip.isVisible() else None
