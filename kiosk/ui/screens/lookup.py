"""Items without a barcode: category tabs, a grid of tiles, a search field and a PLU keypad."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from kiosk.ui.controls import Keypad, TouchButton, card, hbox, label, take_widgets, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.screens.base import Screen
from kiosk.ui.style import Layout
from kiosk.ui.texts import category_name
from kiosk.view import LaneView
from pos.catalog import Product, SoldBy

ALL = ""

# A colour that looks like the food, found by a word in its (German) catalog name; the
# first match wins, so "süßkartoffel" is listed before "kartoffel".
FOOD_COLOURS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("banane", "zitrone", "paprika gelb", "golden"), "#F4D03F"),
    (("orange", "möhre", "karotte", "süßkartoffel"), "#F0932B"),
    (("granny", "limette", "birne", "hell kernlos", "mini-gurke", "gurke"), "#8BC34A"),
    (("äpfel", "apfel", "tomate", "paprika rot", "erdbeer", "kirsch"), "#E74C3C"),
    (("rot kernlos", "pflaume", "aubergine", "rotkohl", "zwiebeln rot"), "#8E44AD"),
    (("pfirsich", "nektarine", "ingwer"), "#F5A35C"),
    (("kiwi", "avocado", "zucchini", "brokkoli", "paprika grün", "lauch"), "#4E944F"),
    (("wassermelone",), "#58B368"),
    (("kartoffel", "zwiebel", "champignon", "knoblauch"), "#C8A27A"),
    (("weißkohl",), "#B9D98C"),
    (("brot", "brötchen", "brezel", "croissant", "baguette", "semmel"), "#C68642"),
    (("tulpe", "rose", "blume", "strauß"), "#E67FA8"),
)
FALLBACK_COLOURS = ("#5DADE2", "#48C9B0", "#F5B041", "#AF7AC5", "#EC7063", "#58D68D")
TILE_MIN_WIDTH = {False: 200, True: 168}  # px; by compact layout
SWATCH_HEIGHT = {False: 88, True: 64}
KEYPAD_WIDTH = {False: 380, True: 292}
# The on-screen keyboard for the search: alphabetical (shoppers are not typists), with the
# umlauts the catalog's German names use.  Every key keeps the 64 px touch target.
LETTER_ROWS = ("ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZÄÖÜ")


def food_colour(product: Product) -> QColor:
    name = product.name.lower()
    for words, colour in FOOD_COLOURS:
        if any(word in name for word in words):
            return QColor(colour)
    # Stable per product across runs (hash() of a str is salted per process).
    return QColor(FALLBACK_COLOURS[zlib.crc32(product.gtin.encode()) % len(FALLBACK_COLOURS)])


def tile_name(product: Product) -> str:
    """The name without the shelf label's unit suffix: the tile shows the unit price itself."""
    return re.sub(r",\s*(je kg|Stück|per kg|each)$", "", product.name).strip()


class ProductTile(TouchButton):
    """A product as a tile: a patch in the food's colour with its initial, name and price.

    Painted rather than built from labels: a tile has a fixed height for its font
    (three lines of name), and German compound names ("Speisekartoffeln") must
    break anywhere to fit a narrow tile, which a QLabel cannot do.
    """

    NAME_LINES = 3
    PAD = 12
    _ready = False  # changeEvent runs inside the base constructor, before __init__ ends
    _compact = False

    def __init__(self, product: Product, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"tile_{product.gtin}", "tile",
                         lambda: intents.add_product(product.gtin), parent)
        self.product = product
        self.name = tile_name(product)
        self.price = ""
        self._colour = food_colour(product)
        self._compact = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._ready = True
        self._fit()

    def set_compact(self, compact: bool) -> None:
        self._compact = compact
        self._fit()

    def present(self, fmt: Formats) -> None:
        if self.product.sold_by is SoldBy.WEIGHT:
            self.price = fmt.per_kg(self.product.price)
        else:
            self.price = self.tr("{price} each").format(price=fmt.money(self.product.price))
        self.setAccessibleName(f"{self.product.name}, {self.price}")
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        name = QFont(self.font())
        price = QFont(self.font())
        price.setWeight(QFont.Weight.Normal)
        price.setPixelSize(max(14, round(name.pixelSize() * 0.88)))
        return name, price

    def _fit(self) -> None:
        name, price = self._fonts()
        height = (2 * self.PAD + SWATCH_HEIGHT[self._compact] + 8
                  + self.NAME_LINES * QFontMetrics(name).lineSpacing() + 4
                  + QFontMetrics(price).lineSpacing())
        self.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self._ready and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # the stylesheet (large text, 1024x768) sets the font

    def sizeHint(self) -> QSize:
        return QSize(TILE_MIN_WIDTH[self._compact], self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(TILE_MIN_WIDTH[self._compact], self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # the styled card, its border and focus ring
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        inner = QRectF(self.rect()).adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        swatch = QRectF(inner.left(), inner.top(), inner.width(), SWATCH_HEIGHT[self._compact])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        painter.drawRoundedRect(swatch, 12, 12)
        letter = QFont(self.font())
        letter.setPixelSize(int(swatch.height() * 0.55))
        letter.setBold(True)
        painter.setFont(letter)
        dark = self._colour.lightnessF() > 0.62
        painter.setPen(QColor(0, 0, 0, 150) if dark else QColor(255, 255, 255, 230))
        painter.drawText(swatch, Qt.AlignmentFlag.AlignCenter, self.name[:1].upper())

        name_font, price_font = self._fonts()
        ink = self.palette().buttonText().color()
        painter.setPen(ink)
        painter.setFont(name_font)
        lines = self.NAME_LINES * QFontMetrics(name_font).lineSpacing()
        name_box = QRectF(inner.left(), swatch.bottom() + 8, inner.width(), lines)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        painter.save()
        painter.setClipRect(name_box)  # a fourth line of a very long name is cut, not spilled
        painter.drawText(name_box, self.name, option)
        painter.restore()
        painter.setFont(price_font)
        painter.drawText(QRectF(inner.left(), name_box.bottom() + 4, inner.width(),
                                QFontMetrics(price_font).lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.price)
        painter.end()

    def matches(self, category: str, search: str) -> bool:
        if category != ALL and self.product.category != category:
            return False
        if not search:
            return True
        return search in self.product.name.casefold() or search == (self.product.plu or "")


class LetterPad(QWidget):
    """Letters for the search field, for a kiosk with no keyboard.

    Signals:
        typed(str): a letter or a space.
        erased(): the delete key.
        hidden(): the hide key.
    """

    typed = Signal(str)
    erased = Signal()
    hidden = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_pad")
        self.grid = grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.keys: dict[str, TouchButton] = {}
        for row, letters in enumerate(LETTER_ROWS):
            for column, letter in enumerate(letters):
                key = TouchButton(f"letter_{letter}", "key", partial(self.typed.emit, letter))
                key.setText(letter)
                grid.addWidget(key, row, column)
                self.keys[letter] = key
        self.delete = TouchButton("letter_delete", "key", self.erased.emit)
        self.delete.setText("⌫")
        grid.addWidget(self.delete, 2, 9)
        self.space = TouchButton("letter_space", "key", partial(self.typed.emit, " "))
        self.hide_button = TouchButton("letter_hide", "key", self.hidden.emit)
        self.set_narrow(False)
        for key in (*self.keys.values(), self.delete, self.space, self.hide_button):
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_narrow(self, narrow: bool) -> None:
        """On a portrait screen's 64 px keys "Скрыть клавиатуру" (large text) needs six
        columns; elsewhere the space bar has the wider share."""
        hide = 6 if narrow else 4
        self.grid.removeWidget(self.space)
        self.grid.removeWidget(self.hide_button)
        self.grid.addWidget(self.space, 3, 0, 1, 10 - hide)
        self.grid.addWidget(self.hide_button, 3, 10 - hide, 1, hide)

    def retranslate(self) -> None:
        self.space.setText(self.tr("Space"))
        self.hide_button.setText(self.tr("Hide keyboard"))
        self.delete.setAccessibleName(self.tr("Delete the last letter"))


class LookupScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents, items: Sequence[Product] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        self._layout = Layout.FULL
        self._columns = 0
        self._category = ALL
        self._fmt: Formats | None = None
        self._weighing = False  # the view has a produce scale to show
        outer = vbox(self, margin=24, spacing=16)

        # The title, the search field and the way back: one row, or two on a portrait screen.
        self.header = QGridLayout()
        self.header.setSpacing(16)
        self.title = label("title", wrap=False)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refilter)
        self.search.installEventFilter(self)  # a touch on the field brings the letters up
        self.show_letters = TouchButton("show_letters", "secondary", self._toggle_letters,
                                        checkable=True)
        self.show_letters.setText("ABC")
        self.back = TouchButton("close_lookup", "secondary", intents.close_lookup)
        outer.addLayout(self.header)

        # The category tabs: in one row, or two where they are wider than the screen
        # (Russian in large text on a portrait screen).
        self.tabs = vbox(spacing=12)
        self.tab_rows = (hbox(spacing=12), hbox(spacing=12))
        for row in self.tab_rows:
            row.addStretch(1)  # tabs go before it, packed to the left
            self.tabs.addLayout(row)
        self._tabs_per_row = 0
        self.tab_group = QButtonGroup(self)
        self.tab_group.setExclusive(True)
        self._tabs: dict[str, TouchButton] = {}
        for category in [ALL, *dict.fromkeys(p.category for p in items)]:
            tab = TouchButton(f"category_{category or 'all'}", "tab",
                              partial(self._choose_category, category), checkable=True)
            self.tab_group.addButton(tab)
            self._tabs[category] = tab
        self._tabs[ALL].setChecked(True)
        outer.addLayout(self.tabs)
        self.letters = LetterPad()
        self.letters.typed.connect(self.search.insert)
        self.letters.erased.connect(self.search.backspace)
        self.letters.hidden.connect(lambda: self._set_letters(False))
        self.letters.hide()
        outer.addWidget(self.letters)

        body = hbox(spacing=24)
        # What the produce scale shows, above the tiles: the shopper sees the weight settle
        # before choosing (a line the grid's scrolling makes room for on any screen).
        self.scale_box = QWidget()
        scale_layout = vbox(self.scale_box, spacing=2)
        scale_row = hbox(spacing=16)
        self.scale_title = label("strong")  # wraps beside the weight on a narrow column
        self.scale_weight = label("amount", wrap=False, name="scale_weight")
        self.scale_hint = label("small", tone="muted", name="scale_hint")
        scale_row.addWidget(self.scale_title)
        scale_row.addWidget(self.scale_weight)
        scale_row.addStretch(1)
        scale_layout.addLayout(scale_row)
        scale_layout.addWidget(self.scale_hint)
        self.scale_box.hide()
        left = vbox(spacing=12)
        left.addWidget(self.scale_box)
        self.grid_area = QScrollArea()
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setSpacing(16)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid_area.setWidget(holder)
        self.grid_area.viewport().installEventFilter(self)
        self.tiles = [ProductTile(product, intents, holder) for product in items]
        self.nothing = label("lead", tone="muted", align=Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.grid_area, 1)
        body.addLayout(left, 1)

        self.pad_card = card()
        self.pad_layout = pad_layout = vbox(self.pad_card, margin=20, spacing=10)
        self.pad_title = label("strong")
        self.pad_hint = label("small", tone="muted")
        pad_layout.addWidget(self.pad_title)
        pad_layout.addWidget(self.pad_hint)
        self.keypad = Keypad()
        self.keypad.submitted.connect(intents.add_by_plu)
        pad_layout.addWidget(self.keypad, 1)
        body.addWidget(self.pad_card)
        outer.addLayout(body, 1)
        self.arrange(Layout.FULL)

    # -- layout ---------------------------------------------------------------------

    def arrange(self, layout: Layout) -> None:
        super().arrange(layout)
        self._layout = layout
        compact = layout.compact
        self.pad_card.setFixedWidth(KEYPAD_WIDTH[compact])
        # The small screens have no height for the hint above the 64 px keys (a portrait
        # screen's keypad is under two rows of header, and maybe two of tabs); the title
        # says enough.
        self.pad_hint.setVisible(not compact)
        self.keypad.set_compact(compact)
        self.letters.set_narrow(layout.portrait)
        # Beside the way back on a portrait screen, the title wraps rather than push it out.
        self.title.setWordWrap(layout.portrait)
        take_widgets(self.header)
        for column in range(4):
            self.header.setColumnStretch(column, 0)
        if layout.portrait:  # the search field under the title, as wide as the screen
            self.header.addWidget(self.title, 0, 0)
            self.header.addWidget(self.back, 0, 1, 1, 2, Qt.AlignmentFlag.AlignRight)
            self.header.addWidget(self.search, 1, 0, 1, 2)
            self.header.addWidget(self.show_letters, 1, 2)
            self.header.setColumnStretch(1, 1)
        else:
            self.header.addWidget(self.title, 0, 0)
            self.header.addWidget(self.search, 0, 1)
            self.header.addWidget(self.show_letters, 0, 2)
            self.header.addWidget(self.back, 0, 3)
            self.header.setColumnStretch(1, 1)
        # No width for the ABC button beside the title at 1024x768: touching the field
        # brings the letters up there.
        self.show_letters.setVisible(layout is not Layout.COMPACT)
        self._wrap_tabs()
        margin = 14 if compact else 20
        self.pad_layout.setContentsMargins(margin, margin, margin, margin)
        for tile in self.tiles:
            tile.set_compact(compact)
        self._columns = 0
        self._relayout()

    def _wrap_tabs(self) -> None:
        """The tabs in one row if they fit the screen's width, else in two."""
        tabs = list(self._tabs.values())
        margins = self.contentsMargins()
        own = self.layout()
        if own is not None:
            margins = own.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        spacing = self.tab_rows[0].spacing()
        needed = sum(tab.sizeHint().width() + spacing for tab in tabs) - spacing
        per_row = len(tabs) if needed <= width else (len(tabs) + 1) // 2
        if per_row == self._tabs_per_row:
            return
        self._tabs_per_row = per_row
        for index, tab in enumerate(tabs):
            row = self.tab_rows[index // per_row]
            for other in self.tab_rows:
                other.removeWidget(tab)
            row.insertWidget(row.count() - 1, tab)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._wrap_tabs()

    def _toggle_letters(self) -> None:
        self._set_letters(self.show_letters.isChecked())

    def _set_letters(self, shown: bool) -> None:
        """Letters in, the PLU keypad out (one way of finding an item at a time); on a
        small screen the category tabs make room too, so the tiles stay in view."""
        self.letters.setVisible(shown)
        self.show_letters.setChecked(shown)
        self.pad_card.setVisible(not shown)
        # The scale's line too: while typing a name the tiles need the height, and the
        # weight is back with the keypad.
        self.scale_box.setVisible(self._weighing and not shown)
        for tab in self._tabs.values():
            tab.setVisible(not (shown and self._layout.compact))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search:
            if event.type() == QEvent.Type.MouseButtonPress and hasattr(self, "letters"):
                self._set_letters(True)
            return super().eventFilter(watched, event)
        # The grid's column count follows the scroll area's viewport, which is resized
        # after this screen is, so the screen's own resizeEvent comes too early.
        if watched is self.grid_area.viewport() and event.type() == QEvent.Type.Resize:
            self._relayout()
        return super().eventFilter(watched, event)

    def _relayout(self) -> None:
        width = self.grid_area.viewport().width() - self.grid.contentsMargins().right()
        spacing = self.grid.horizontalSpacing()
        columns = max(1, (width + spacing) // (TILE_MIN_WIDTH[self._layout.compact] + spacing))
        if columns != self._columns:
            self._columns = columns
            self._refilter()

    def _refilter(self) -> None:
        take_widgets(self.grid)
        search = self.search.text().strip().casefold()
        shown = [tile for tile in self.tiles if tile.matches(self._category, search)]
        hidden = set(self.tiles) - set(shown)
        for tile in hidden:
            tile.hide()
        columns = max(1, self._columns)
        for index, tile in enumerate(shown):
            self.grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        for column in range(max(columns, self.grid.columnCount())):
            # Columns past the count are left from a wider layout: no room for them.
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        if not shown:
            self.grid.addWidget(self.nothing, 0, 0, 1, columns)
        self.nothing.setVisible(not shown)
        self._set_tab_order(shown)

    def _set_tab_order(self, shown: list[ProductTile]) -> None:
        chain: list[QWidget] = [self.search, *self._tabs.values(), *shown]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _choose_category(self, category: str) -> None:
        self._category = category
        self._refilter()

    # -- keyboard: digits go to the keypad unless the search field has them ---------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.keypad.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.keypad.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.keypad.code:
            self.keypad.submit()
        elif event.key() == Qt.Key.Key_Escape:
            self.intents.close_lookup()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- rendering ------------------------------------------------------------------------

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.title.setText(self.tr("Look up an item"))
        self.search.setPlaceholderText(self.tr("Search by name"))
        self.back.setText(self.tr("Back to my items") if view.lines else self.tr("Back"))
        for category, tab in self._tabs.items():
            tab.setText(self.tr("All") if category == ALL else category_name(category))
        self._wrap_tabs()
        self.nothing.setText(self.tr("No items found. Try another word or the code."))
        self.pad_title.setText(self.tr("Enter the code"))
        self.pad_hint.setText(self.tr("The number on the sticker (PLU)"))
        self.keypad.retranslate()
        self.letters.retranslate()
        self.show_letters.setAccessibleName(self.tr("Search by name"))
        self._present_scale(view, fmt)
        if fmt != self._fmt:
            self._fmt = fmt
            for tile in self.tiles:
                tile.present(fmt)

    def _present_scale(self, view: LaneView, fmt: Formats) -> None:
        weighing = view.weighing
        self._weighing = weighing is not None
        self.scale_box.setVisible(self._weighing and not self.letters.isVisibleTo(self))
        if weighing is None:
            return
        self.scale_title.setText(self.tr("On the scale:"))
        if not weighing.working:
            self.scale_weight.setText("")
            self.scale_hint.setText(self.tr("The scale is not working: ask for help with "
                                            "loose items."))
            return
        if not weighing.stable:
            self.scale_weight.setText("…")
            self.scale_hint.setText(self.tr("Weighing: keep it still."))
            return
        self.scale_weight.setText(fmt.weight(weighing.grams) if weighing.grams else "–")
        if weighing.place == "scanner_scale":
            self.scale_hint.setText(self.tr("Put loose items on the scale at the scanner, "
                                            "then choose them."))
        else:
            self.scale_hint.setText(self.tr("Put loose items in the bagging area, then "
                                            "choose them."))

    def preferred_focus(self) -> QWidget | None:
        return self._tabs[self._category]
