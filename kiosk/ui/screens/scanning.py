"""The basket while scanning: the last item large, the running list, the total, pay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from kiosk.ui.controls import TouchButton, add_shown, card, clear_layout, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.view import LaneView, LineView

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def line_detail(line: LineView, fmt: Formats) -> str:
    """"1,234 kg × 1,69 € / kg" or "2 × 1,15 €": how the amount came about."""
    if line.by_weight and line.weight_g is not None:
        return f"{fmt.weight(line.weight_g)} × {fmt.per_kg(line.unit_price)}"
    return f"{fmt.number(line.quantity)} × {fmt.money(line.unit_price)}"


class LineRow(QFrame):
    """One basket line: name, how much, amount, and a button to ask for its removal."""

    def __init__(self, line: LineView, fmt: Formats, intents: LaneIntents,
                 void_requested: bool, *, stacked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        self.setObjectName(f"line_{line.line_no}")
        row = hbox(self, margin=0, spacing=16)
        row.setContentsMargins(8, 10, 8, 10)
        texts = vbox(spacing=2)
        self.name = label("strong", line.name)
        self.detail = label("small", line_detail(line, fmt), tone="muted")
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        row.addLayout(texts, 1)
        # On 1024x768 the amount sits above its button, not beside it: the name keeps the
        # width a long German compound ("Roggenmischbrot") needs in large text.
        side = vbox(spacing=6) if stacked else hbox(spacing=16)
        self.amount = label("lead", fmt.money(line.amount), wrap=False, align=RIGHT)
        side.addWidget(self.amount)
        self.void = TouchButton(f"void_{line.line_no}", "bar",
                                lambda: intents.request_void(line.line_no))
        if void_requested:
            self.void.setText(self.tr("Removal requested"))
            self.void.setEnabled(False)
        else:
            self.void.setText(self.tr("Remove"))
        self.void.setAccessibleName(self.tr("Remove {item}").format(item=line.name))
        side.addWidget(self.void, 0, Qt.AlignmentFlag.AlignRight if stacked
                       else Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(side)


class DiscountRow(QFrame):
    def __init__(self, name: str, amount: int, fmt: Formats,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        row = hbox(self, spacing=16)
        row.setContentsMargins(8, 10, 8, 10)
        row.addWidget(label("lead", name, tone="accent"), 1)
        row.addWidget(label("lead", fmt.money(-amount), tone="accent", wrap=False, align=RIGHT))


class ScanningScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        outer = hbox(self, margin=24, spacing=24)

        basket = card()
        basket_layout = vbox(basket, margin=24, spacing=8)
        self.list_title = label("title")
        basket_layout.addWidget(self.list_title)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        self.rows = vbox(holder, spacing=0)
        self.list_area.setWidget(holder)
        self.list_area.verticalScrollBar().rangeChanged.connect(self._follow_new_lines)
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

        side = vbox(spacing=16)
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
        side.addWidget(self.last)

        summary = card()
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
        total_row = hbox()
        self.total_label = label("title")
        self.total = label("total", wrap=False, align=RIGHT, name="total")
        total_row.addWidget(self.total_label, 1, Qt.AlignmentFlag.AlignBottom)
        total_row.addWidget(self.total)
        summary_layout.addLayout(total_row)
        side.addWidget(summary)
        side.addStretch(1)

        self.lookup = TouchButton("open_lookup", "big", intents.open_lookup)
        self.pay = TouchButton("pay", "primary", intents.pay)
        side.addWidget(self.lookup)
        side.addWidget(self.pay)
        outer.addLayout(side, 2)

        self._rows_key: object = None
        self._compact = False
        self._line_count = 0
        self._follow = False

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self._compact = compact  # the rows are rebuilt with the next view

    def _follow_new_lines(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.list_area.verticalScrollBar().setValue(maximum)

    def _render_rows(self, view: LaneView, fmt: Formats) -> None:
        requested = {i.line_no for i in view.interventions if i.kind == "void_request"}
        key = (view.active_lines, view.discounts, fmt, frozenset(requested), self._compact)
        if key == self._rows_key:
            return
        bar = self.list_area.verticalScrollBar()
        # Follow the newest line when one was added or the list was already at its end.
        follow = len(view.active_lines) > self._line_count or bar.value() >= bar.maximum() - 4
        self._rows_key = key
        self._line_count = len(view.active_lines)
        clear_layout(self.rows)
        for line in view.active_lines:
            add_shown(self.rows, LineRow(line, fmt, self.intents, line.line_no in requested,
                                         stacked=self._compact))
        for name, amount in view.discounts:
            add_shown(self.rows, DiscountRow(name, amount, fmt))
        # A stretch, not AlignTop: an aligned layout gives rows their one-line height.
        self.rows.addStretch(1)
        self._follow = follow

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
        self.lookup.setText(self.tr("Look up item"))
        self.pay.setText(self.tr("Pay"))
        self.pay.setEnabled(view.item_count > 0)

    def preferred_focus(self) -> QWidget | None:
        return self.pay if self.pay.isEnabled() else self.lookup
