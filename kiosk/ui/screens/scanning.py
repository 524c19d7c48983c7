"""The basket while scanning: the last item large, the running list, the total, pay."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QScrollArea, QWidget

from kiosk.ui.controls import TouchButton, add_shown, card, hbox, label, take_widgets, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.style import Layout
from kiosk.view import LaneView, LineView

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def line_detail(line: LineView, fmt: Formats) -> str:
    """"1,234 kg × 1,69 € / kg" or "2 × 1,15 €": how the amount came about."""
    if line.by_weight and line.weight_g is not None:
        return f"{fmt.weight(line.weight_g)} × {fmt.per_kg(line.unit_price)}"
    return f"{fmt.number(line.quantity)} × {fmt.money(line.unit_price)}"


class LineRow(QFrame):
    """One basket line: name, how much, amount, and a button to ask for its removal.

    Rows are kept and given the next line rather than built per line (see ScanningScreen):
    ``show_line`` fills one in, ``release`` hides it until a line needs it again.
    """

    def __init__(self, intents: LaneIntents, *, stacked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        self._line_no = 0
        row = hbox(self, margin=0, spacing=16)
        row.setContentsMargins(8, 10, 8, 10)
        texts = vbox(spacing=2)
        self.name = label("strong")
        self.detail = label("small", tone="muted")
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        row.addLayout(texts, 1)
        # On 1024x768 the amount sits above its button, not beside it: the name keeps the
        # width a long German compound ("Roggenmischbrot") needs in large text.  (A portrait
        # screen's list is as wide as the screen: room for both beside the name.)
        side = vbox(spacing=6) if stacked else hbox(spacing=16)
        self.amount = label("lead", wrap=False, align=RIGHT)
        side.addWidget(self.amount)
        self.void = TouchButton("", "bar", lambda: intents.request_void(self._line_no))
        side.addWidget(self.void, 0, Qt.AlignmentFlag.AlignRight if stacked
                       else Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(side)

    def show_line(self, line: LineView, fmt: Formats, void_requested: bool) -> None:
        self._line_no = line.line_no
        self.setObjectName(f"line_{line.line_no}")
        self.void.setObjectName(f"void_{line.line_no}")
        self.name.setText(line.name)
        self.detail.setText(line_detail(line, fmt))
        self.amount.setText(fmt.money(line.amount))
        if void_requested:
            self.void.setText(self.tr("Removal requested"))
        else:
            self.void.setText(self.tr("Remove"))
        self.void.setEnabled(not void_requested)
        self.void.setAccessibleName(self.tr("Remove {item}").format(item=line.name))
        self.setVisible(True)

    def release(self) -> None:
        """Hidden, and no longer named after a line (tests and tools find rows by name)."""
        self.setVisible(False)
        self.setObjectName("")
        self.void.setObjectName("")


class DiscountRow(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        row = hbox(self, spacing=16)
        row.setContentsMargins(8, 10, 8, 10)
        self.name = label("lead", tone="accent")
        self.amount = label("lead", tone="accent", wrap=False, align=RIGHT)
        row.addWidget(self.name, 1)
        row.addWidget(self.amount)

    def show_discount(self, name: str, amount: int, fmt: Formats) -> None:
        self.name.setText(name)
        self.amount.setText(fmt.money(-amount))
        self.setVisible(True)


class RowHolder(QWidget):
    """What a list's scroll area scrolls: tells when its rows have their new places.

    The scroll area hears of a new size before the rows are moved (its event filter
    runs before the layout's); this widget's own resize event comes after.

    Signals:
        laidOut(): the rows have been laid out for the holder's new size.
    """

    laidOut = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.laidOut.emit()


class ScanningScreen(Screen):
    """The basket beside the total and the buttons; on a portrait screen, above them."""

    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        self.outer = outer = hbox(self, margin=24, spacing=24)

        basket = card()
        basket_layout = vbox(basket, margin=24, spacing=8)
        self.list_title = label("title")
        basket_layout.addWidget(self.list_title)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = RowHolder()
        self.rows = vbox(holder, spacing=0)
        # A stretch, not AlignTop: an aligned layout gives rows their one-line height.  Rows
        # are inserted before it.
        self.rows.addStretch(1)
        self.list_area.setWidget(holder)
        self.list_area.verticalScrollBar().rangeChanged.connect(self._follow_new_lines)
        holder.laidOut.connect(self._follow_new_lines)
        self._tail = 0  # px below the last row, so the list can stop on a row's top edge
        basket_layout.addWidget(self.list_area, 1)
        self.empty = QWidget()
        empty_layout = vbox(self.empty, spacing=20)
        empty_layout.addStretch(1)
        empty_layout.addWidget(Picture("barcode", 140), 0, Qt.AlignmentFlag.AlignHCenter)
        self.empty_text = label("title", align=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addStretch(2)
        basket_layout.addWidget(self.empty, 1)
        outer.addWidget(basket, 3)

        self.side = side = QGridLayout()
        side.setSpacing(16)
        self.last = card("accentcard")
        last_layout = vbox(self.last, margin=20, spacing=4)
        self.last_caption = label("caption", tone="accent")
        self.last_name = label("itemname", name="last_item")
        self.last_detail = label("body", tone="muted")
        self.last_amount = label("amount", wrap=False, name="last_amount")
        last_layout.addWidget(self.last_caption)
        name_row = hbox(spacing=16)
        name_row.addWidget(self.last_name, 1)
        name_row.addWidget(self.last_amount, 0, Qt.AlignmentFlag.AlignTop)
        last_layout.addLayout(name_row)
        last_layout.addWidget(self.last_detail)

        self.summary = summary = card()
        summary_layout = vbox(summary, margin=20, spacing=6)
        savings_row = hbox()
        self.savings_label = label("lead", tone="accent")
        self.savings = label("lead", tone="accent", wrap=False, align=RIGHT, name="savings")
        savings_row.addWidget(self.savings_label, 1)
        savings_row.addWidget(self.savings)
        self.savings_box = QWidget()
        self.savings_box.setLayout(savings_row)
        summary_layout.addWidget(self.savings_box)
        count_row = hbox()
        self.count_label = label("lead", tone="muted")
        self.count = label("lead", wrap=False, align=RIGHT, name="item_count")
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.count)
        summary_layout.addLayout(count_row)
        self.total_row = total_row = hbox()
        self.total_label = label("title")
        self.total = label("total", wrap=False, align=RIGHT, name="total")
        total_row.addWidget(self.total_label, 1, Qt.AlignmentFlag.AlignBottom)
        total_row.addWidget(self.total)
        summary_layout.addLayout(total_row)

        self.lookup = TouchButton("open_lookup", "big", intents.open_lookup)
        self.pay = TouchButton("pay", "primary", intents.pay)
        outer.addLayout(side, 2)
        self._layout: Layout | None = None
        self._arrange_side(Layout.FULL)

        # The rows stay between views: a scan fills in one more row instead of rebuilding the
        # list, and a new visit reuses the rows of the last one.  Every widget built costs a
        # stylesheet polish and every one deleted a deferred delete, both on the UI thread
        # while the next scan is on its way.  Rows past the basket's end are hidden.
        self._line_rows: list[LineRow] = []
        self._discount_rows: list[DiscountRow] = []
        self._shown_lines: list[tuple[LineView, bool]] = []  # (line, removal asked) per row
        self._shown_discounts: tuple[tuple[str, int], ...] = ()
        self._rows_format: Formats | None = None
        self._line_count = 0
        self._follow = False

    def arrange(self, layout: Layout) -> None:
        super().arrange(layout)
        if layout is not self._layout:
            if (layout is Layout.COMPACT) != (self._layout is Layout.COMPACT):
                self._drop_rows()  # a line row's layout depends on the size: built anew
            self._arrange_side(layout)
            self._fit_total()

    def _arrange_side(self, layout: Layout) -> None:
        """The last item, the total and the buttons: one column beside the basket; under it
        on a portrait screen, the total beside the two buttons it leads to."""
        self._layout = layout
        side = self.side
        take_widgets(side)
        for row in range(side.rowCount()):
            side.setRowStretch(row, 0)
        portrait = layout.portrait
        self.outer.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        self.outer.setStretch(0, 1 if portrait else 3)
        self.outer.setStretch(1, 0 if portrait else 2)
        self.outer.setSpacing(16 if portrait else 24)  # as between the cards under it
        side.addWidget(self.last, 0, 0, 1, 2)
        if portrait:
            side.addWidget(self.summary, 1, 0, 2, 1)
            side.addWidget(self.lookup, 1, 1)
            side.addWidget(self.pay, 2, 1)
            side.setColumnStretch(0, 1)
            side.setColumnStretch(1, 1)
        else:
            side.addWidget(self.summary, 1, 0, 1, 2)
            side.setRowStretch(2, 1)
            side.addWidget(self.lookup, 3, 0, 1, 2)
            side.addWidget(self.pay, 4, 0, 1, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_total()

    def _fit_total(self) -> None:
        """"Total" beside the amount (on two lines if need be), or over it where the card
        is too narrow for even its longest word beside it: a portrait screen's half, in
        large text.

        The room is reckoned from the screen's width, not the card's: the card is as wide
        as its content asks, and would stay narrow once it had put "Total" on top.
        """
        direction = QBoxLayout.Direction.LeftToRight
        own = self.summary.layout()
        if self._layout is Layout.PORTRAIT and own is not None:
            outer = self.outer.contentsMargins()
            half = (self.width() - outer.left() - outer.right() - self.side.spacing()) // 2
            margins = own.contentsMargins()
            room = half - margins.left() - margins.right()
            needed = (self.total_label.minimumSizeHint().width() + self.total_row.spacing()
                      + self.total.sizeHint().width())
            if needed > room:
                direction = QBoxLayout.Direction.TopToBottom
        if self.total_row.direction() != direction:
            self.total_row.setDirection(direction)

    def _follow_new_lines(self, *_range: int) -> None:
        """Show the newest line: the list scrolled to its end, its top row whole.

        The end of the list seldom falls on a row's edge; so a little room (``_tail``)
        is left below the last row, as much as brings the top of the first row in view to
        the top of the list.  Called as the range changes (a row added, the list resized)
        and again once the rows have their places.
        """
        if not self._follow:
            return
        rows = [row for row in (*self._line_rows, *self._discount_rows) if row.isVisibleTo(self)]
        end = max((row.geometry().bottom() + 1 for row in rows), default=0)
        first = end - self.list_area.viewport().height()  # the last row at the bottom
        tail = 0
        if first > 0:
            tail = min((row.y() for row in rows if row.y() >= first), default=first) - first
        if tail != self._tail:
            self._tail = tail
            self.rows.setContentsMargins(0, 0, 0, tail)  # laid out again: called again
            return
        bar = self.list_area.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _render_rows(self, view: LaneView, fmt: Formats) -> None:
        requested = {i.line_no for i in view.interventions if i.kind == "void_request"}
        wanted = [(line, line.line_no in requested) for line in view.active_lines]
        refill = fmt != self._rows_format  # another language: every row's text changes
        self._rows_format = fmt
        if not refill and wanted == self._shown_lines and (
                view.discounts == self._shown_discounts):
            return
        bar = self.list_area.verticalScrollBar()
        # Follow the newest line when one was added or the list was already at its end.
        follow = len(wanted) > self._line_count or bar.value() >= bar.maximum() - 4
        self._line_count = len(wanted)
        # Lines are only ever appended, voided (gone from active_lines) or asked to be
        # removed: the rows up to the first difference stay as they are.
        kept = 0
        for shown, want in zip(self._shown_lines, wanted, strict=False):
            if refill or shown != want:
                break
            kept += 1
        for index in range(kept, len(wanted)):
            line, asked = wanted[index]
            if index == len(self._line_rows):
                row = LineRow(self.intents, stacked=self._layout is Layout.COMPACT)
                add_shown(self.rows, row, index)
                self._line_rows.append(row)
            self._line_rows[index].show_line(line, fmt, asked)
        for row in self._line_rows[len(wanted):len(self._shown_lines)]:
            row.release()
        self._shown_lines = wanted
        if refill or view.discounts != self._shown_discounts:
            for index, (name, amount) in enumerate(view.discounts):
                if index == len(self._discount_rows):
                    discount = DiscountRow()
                    add_shown(self.rows, discount, len(self._line_rows) + index)
                    self._discount_rows.append(discount)
                self._discount_rows[index].show_discount(name, amount, fmt)
            for discount in self._discount_rows[len(view.discounts):]:
                discount.hide()
            self._shown_discounts = view.discounts
        self._follow = follow

    def _drop_rows(self) -> None:
        for row in (*self._line_rows, *self._discount_rows):
            self.rows.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self._line_rows = []
        self._discount_rows = []
        self._shown_lines = []
        self._shown_discounts = ()
        self._tail = 0
        self.rows.setContentsMargins(0, 0, 0, 0)

    def present(self, view: LaneView, fmt: Formats) -> None:
        self.list_title.setText(self.tr("Your items"))
        self.empty_text.setText(self.tr("Scan your first item"))
        has_lines = bool(view.active_lines)
        self.list_area.setVisible(has_lines)
        self.empty.setVisible(not has_lines)
        self._render_rows(view, fmt)

        last = view.last_line
        self.last.setVisible(last is not None)
        if last is not None:
            self.last_caption.setText(self.tr("Just scanned"))
            self.last_name.setText(last.name)
            self.last_detail.setText(line_detail(last, fmt))
            self.last_amount.setText(fmt.money(last.amount))

        self.savings_box.setVisible(view.savings > 0)
        self.savings_label.setText(self.tr("You save"))
        self.savings.setText(fmt.money(view.savings))
        self.count_label.setText(self.tr("Items"))
        self.count.setText(fmt.number(view.item_count))
        self.total_label.setText(self.tr("Total"))
        self.total.setText(fmt.money(view.total))
        self._fit_total()
        self.lookup.setText(self.tr("Look up item"))
        self.pay.setText(self.tr("Pay"))
        self.pay.setEnabled(view.item_count > 0)

    def preferred_focus(self) -> QWidget | None:
        return self.pay if self.pay.isEnabled() else self.lookup
