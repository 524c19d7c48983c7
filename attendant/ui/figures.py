"""The shift's figures: transactions, interventions per 100 by cause, time to assist, per hour.

The figures are computed elsewhere (``attendant.shift``); this panel shows any
object with the fields of ``Figures``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from PySide6.QtCore import Property, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from attendant.model import elapsed
from kiosk.ui.controls import TouchButton, hbox, label, vbox

CAUSES_SHOWN = 4  # the commonest causes; the rest would not be read from a step away


class Figures(Protocol):
    """What the panel shows (``attendant.shift.ShiftFigures`` has these fields)."""

    @property
    def transactions(self) -> int: ...

    @property
    def interventions_per_100(self) -> Mapping[str, float]: ...  # kind -> per 100 transactions

    @property
    def assist_median_s(self) -> float | None: ...

    @property
    def assist_p90_s(self) -> float | None: ...

    @property
    def per_hour(self) -> Sequence[tuple[str, int, int]]: ...  # (hour, transactions, interv.)


class HourChart(QWidget):
    """Transactions (and, inside them, interventions) per hour, as bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hour_chart")
        self._hours: tuple[tuple[str, int, int], ...] = ()
        self._bar = QColor("#5B8DEF")
        self._alert = QColor("#FACC15")
        self._ink = QColor("#AEB8C4")
        self.setMinimumHeight(130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _get_bar(self) -> QColor:
        return QColor(self._bar)

    def _set_bar(self, colour: QColor) -> None:
        self._bar = QColor(colour)
        self.update()

    def _get_alert(self) -> QColor:
        return QColor(self._alert)

    def _set_alert(self, colour: QColor) -> None:
        self._alert = QColor(colour)
        self.update()

    def _get_ink(self) -> QColor:
        return QColor(self._ink)

    def _set_ink(self, colour: QColor) -> None:
        self._ink = QColor(colour)
        self.update()

    bar = Property(QColor, _get_bar, _set_bar)
    alert = Property(QColor, _get_alert, _set_alert)
    ink = Property(QColor, _get_ink, _set_ink)

    @property
    def hours(self) -> tuple[tuple[str, int, int], ...]:
        return self._hours

    def set_hours(self, hours: Sequence[tuple[str, int, int]]) -> None:
        hours = tuple((str(h), int(t), int(i)) for h, t, i in hours)
        if hours != self._hours:
            self._hours = hours
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 150)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._hours:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(16)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        label_h = metrics.height() + 4
        top = metrics.height() + 2  # room for the number above the tallest bar
        chart_h = max(1, self.height() - label_h - top)
        slot = self.width() / len(self._hours)
        bar_w = max(4.0, slot * 0.62)
        most = max(max(t for _h, t, _i in self._hours), 1)
        # Every label would crowd a long shift: one in every ``step`` is written.
        step = max(1, int(metrics.horizontalAdvance("00:00") * 1.3 // max(slot, 1)) + 1)
        for index, (hour, transactions, interventions) in enumerate(self._hours):
            x = index * slot + (slot - bar_w) / 2
            height = chart_h * transactions / most
            base = top + chart_h
            painter.fillRect(QRectF(x, base - height, bar_w, height), self._bar)
            if interventions:
                inner = chart_h * min(interventions, transactions or interventions) / most
                painter.fillRect(QRectF(x, base - inner, bar_w, inner), self._alert)
            painter.setPen(self._ink)
            if transactions:
                painter.drawText(QRectF(index * slot, base - height - metrics.height() - 2,
                                        slot, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, str(transactions))
            if index % step == 0:
                painter.drawText(QRectF(index * slot - slot, base + 2, slot * 3, label_h),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 hour)
        painter.end()


class FiguresPanel(QFrame):
    """The shift so far, for the attendant and the supervisor."""

    def __init__(self, kind_words: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figures")
        self.setProperty("role", "panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._kind_words = kind_words
        layout = vbox(self, margin=16, spacing=8)
        heading = hbox(spacing=16)
        self.title = label("paneltitle", wrap=False, name="figures_title")
        self.toggle = TouchButton("figures_details", "toggle", checkable=True)
        self.toggle.toggled.connect(self._set_details)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.toggle)
        layout.addLayout(heading)
        # Narrow (under the queue): the numbers side by side, the details below them, folded.
        # Wide (under a few tiles): numbers, causes and chart side by side, all shown.
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(12)
        self._numbers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._numbers.setSpacing(16)
        self._number_boxes: list[QBoxLayout] = []
        self.transactions = self._number(self._numbers, "transactions")
        self.median = self._number(self._numbers, "assist_median")
        self.p90 = self._number(self._numbers, "assist_p90")
        self._body.addLayout(self._numbers)
        self.details = QWidget()
        self.details.setObjectName("figures_details_panel")
        details = hbox(self.details, spacing=16)
        details.setContentsMargins(0, 0, 0, 0)
        self.causes = QGridLayout()
        self.causes.setHorizontalSpacing(12)
        self.causes.setVerticalSpacing(2)
        causes_box = vbox(spacing=0)
        causes_box.addLayout(self.causes)
        causes_box.addStretch(1)
        details.addLayout(causes_box, 1)
        chart_box = vbox(spacing=4)
        self.chart = HourChart()
        self.legend = label("small", name="chart_legend")
        self.legend.setProperty("tone", "muted")
        chart_box.addWidget(self.chart, 1)
        chart_box.addWidget(self.legend)
        details.addLayout(chart_box, 1)
        self._body.addWidget(self.details, 2)
        layout.addLayout(self._body)
        self.details.hide()
        self._cause_labels: list[QLabel] = []
        self.retranslate()
        self.setVisible(False)  # until there are figures

    def _number(self, row: QBoxLayout, name: str) -> tuple[QLabel, QLabel]:
        box = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        box.setSpacing(0)
        value = label("figure", wrap=False, name=name)
        caption = label("small", name=f"{name}_caption")
        caption.setProperty("tone", "muted")
        box.addWidget(value)
        box.addWidget(caption, 1)
        row.addLayout(box, 1)
        self._number_boxes.append(box)
        return value, caption

    def set_wide(self, wide: bool) -> None:
        """Lay the panel out in one row, details always shown (there is room), or folded."""
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                else QBoxLayout.Direction.TopToBottom)
        self._numbers.setDirection(QBoxLayout.Direction.TopToBottom if wide
                                   else QBoxLayout.Direction.LeftToRight)
        for box in self._number_boxes:
            box.setDirection(QBoxLayout.Direction.LeftToRight if wide
                             else QBoxLayout.Direction.TopToBottom)
            box.setSpacing(12 if wide else 0)
        self.toggle.setVisible(not wide)
        if wide:
            self.set_details(True)

    def _set_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText(self.tr("Less") if shown else self.tr("Details"))

    def set_details(self, shown: bool) -> None:
        """Show the causes and the hours, or only the three numbers."""
        self.toggle.setChecked(shown)

    def retranslate(self) -> None:
        self.title.setText(self.tr("This shift"))
        self.toggle.setText(self.tr("Less") if self.toggle.isChecked() else self.tr("Details"))
        self.transactions[1].setText(self.tr("transactions"))
        self.median[1].setText(self.tr("time to assist, median"))
        self.p90[1].setText(self.tr("9 in 10 assisted within"))
        self.legend.setText(self.tr("Per hour: sales (blue), with interventions (yellow)"))

    def present(self, figures: Figures) -> None:
        self.transactions[0].setText(f"{figures.transactions:,}")
        self.median[0].setText(self._duration(figures.assist_median_s))
        self.p90[0].setText(self._duration(figures.assist_p90_s))
        for widget in self._cause_labels:
            self.causes.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._cause_labels = []
        commonest = sorted(figures.interventions_per_100.items(), key=lambda kv: -kv[1])
        for row, (kind, rate) in enumerate(commonest[:CAUSES_SHOWN]):
            words = label("body", self._kind_words(kind), wrap=False)
            number = label("body", self.tr("{rate} per 100").format(rate=f"{rate:.1f}"),
                           wrap=False, align=Qt.AlignmentFlag.AlignRight)
            self.causes.addWidget(words, row, 0)
            self.causes.addWidget(number, row, 1)
            self._cause_labels += [words, number]
        if not commonest:
            none = label("body", self.tr("No interventions yet"))
            none.setProperty("tone", "muted")
            self.causes.addWidget(none, 0, 0)
            self._cause_labels.append(none)
        self.chart.set_hours(figures.per_hour)
        self.setVisible(True)

    @staticmethod
    def _duration(seconds: float | None) -> str:
        return "–" if seconds is None else elapsed(seconds)
