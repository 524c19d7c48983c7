"""The welcome screen: scan to start, choose a language, own bag, accessibility."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.ui.controls import TouchButton, add_shown, card, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.i18n import native_name
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.style import Layout
from kiosk.view import LaneView


class AttractScreen(Screen):
    """Signals:
        accessibilityRequested(): the shopper wants the accessibility choices.
    """

    accessibilityRequested = Signal()

    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        center = Qt.AlignmentFlag.AlignCenter
        # Spacing 0 and stretches: on 1024x768 every fixed gap is height the buttons need.
        outer = vbox(self, margin=32, spacing=0)
        outer.addStretch(2)
        self.welcome = label("hero", align=center, name="welcome")
        self.store = label("lead", tone="muted", align=center)
        outer.addWidget(self.welcome)
        outer.addSpacing(8)
        outer.addWidget(self.store)
        outer.addSpacing(16)
        outer.addStretch(1)

        start = card("accentcard")
        row = hbox(start, margin=28, spacing=28)
        self.picture = Picture("barcode", 128)
        row.addWidget(self.picture)
        texts = vbox(spacing=6)
        self.scan = label("title", name="scan_to_start")
        self.scan_hint = label("lead", tone="muted")
        texts.addWidget(self.scan)
        texts.addWidget(self.scan_hint)
        row.addLayout(texts, 1)
        self.band = band = hbox()
        band.addStretch(1)
        band.addWidget(start, 3)  # a share of the width, so the text wraps instead of clipping
        band.addStretch(1)
        outer.addLayout(band)
        outer.addSpacing(16)
        outer.addStretch(1)

        self.choose = label("caption", tone="muted", align=center)
        outer.addWidget(self.choose)
        outer.addSpacing(12)
        self.languages = hbox(spacing=16)
        self.languages.addStretch(1)
        self.languages.addStretch(1)
        outer.addLayout(self.languages)
        self._language_buttons: dict[str, TouchButton] = {}
        outer.addSpacing(16)
        outer.addStretch(1)

        self.action_row = actions = hbox(spacing=20)
        actions.addStretch(1)
        self.own_bag = TouchButton("own_bag", "big", intents.declare_own_bag)
        self.lookup = TouchButton("lookup", "big", intents.open_lookup)
        self.accessibility = TouchButton("attract_accessibility", "big",
                                         self.accessibilityRequested.emit)
        for button in (self.own_bag, self.lookup, self.accessibility):
            actions.addWidget(button)
        actions.addStretch(1)
        outer.addLayout(actions)
        outer.addStretch(2)

    def arrange(self, layout: Layout) -> None:
        """On a portrait screen the start card takes the width, and the three buttons
        are one under the other: side by side, they would be narrower than their words."""
        super().arrange(layout)
        portrait = layout.portrait
        self.band.setStretch(0, 0 if portrait else 1)
        self.band.setStretch(2, 0 if portrait else 1)
        self.action_row.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                     else QBoxLayout.Direction.LeftToRight)
        self.action_row.setSpacing(16 if portrait else 20)
        side = 96 if portrait else 0
        self.action_row.setContentsMargins(side, 0, side, 0)

    def _sync_languages(self, languages: tuple[str, ...], current: str) -> None:
        if tuple(self._language_buttons) != languages:
            for button in self._language_buttons.values():
                self.languages.removeWidget(button)
                button.deleteLater()
            self._language_buttons = {}
            for index, language in enumerate(languages):
                button = TouchButton(f"lang_{language}", "lang",
                                     partial(self.intents.choose_language, language),
                                     checkable=True)
                button.setText(native_name(language))
                add_shown(self.languages, button, 1 + index)
                self._language_buttons[language] = button
        for language, button in self._language_buttons.items():
            button.setChecked(language == current)

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.welcome.setText(self.tr("Welcome"))
        self.store.setText(view.store_name)
        self.scan.setText(self.tr("Scan an item to start"))
        self.scan_hint.setText(self.tr("Hold the barcode under the red light."))
        self.choose.setText(self.tr("Choose your language"))
        self.own_bag.setText(self.tr("I brought my own bag"))
        self.lookup.setText(self.tr("Item without a barcode"))
        self.accessibility.setText(self.tr("Accessibility"))
        self._sync_languages(view.languages, view.language)

    def preferred_focus(self) -> QWidget | None:
        return self.own_bag
