"""The developer panel: drive a lane's simulated devices by hand (demo and development).

A dock beside the kiosk: scan any catalog item, put and take weight on the
bagging scale and press its tare and zero keys, weigh produce on the
scanner-scale (on lanes that have one), choose how the card terminal answers
the next payment, pull the printer's paper.  It talks to the
simulators only, through their own control methods, so everything the lane
sees arrives over the real protocols.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.hardware import SCANNER_SCALE
from pos.catalog import Product

CARD_OUTCOMES = ("approve", "decline 05", "decline 51", "slow shopper", "no answer", "abort",
                 "link drops after approval")


class DevPanel(QDockWidget):
    """Controls for the simulators of one lane (roles: scanner, scale, printer, payment, and
    scanner_scale where the lane has one)."""

    def __init__(self, sims: Mapping[str, Any], products: Sequence[Product],
                 parent: QWidget | None = None) -> None:
        super().__init__("Developer panel", parent)
        self.setObjectName("devpanel")
        self.sims = sims
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._scanner_box(products))
        layout.addWidget(self._scale_box())
        if SCANNER_SCALE in sims:
            layout.addWidget(self._scanner_scale_box())
        layout.addWidget(self._payment_box())
        layout.addWidget(self._printer_box())
        layout.addStretch(1)
        self.setWidget(body)

    def _scanner_box(self, products: Sequence[Product]) -> QGroupBox:
        box = QGroupBox("Scanner")
        form = QFormLayout(box)
        self.product = QComboBox()
        self.product.setEditable(True)  # type to filter, or type any barcode
        # As wide as the panel, not as the longest product name: the kiosk keeps its width.
        self.product.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(20)
        for product in sorted(products, key=lambda p: p.name):
            code = product.gtin.lstrip("0") if len(product.gtin.lstrip("0")) in (8, 12, 13) \
                else product.gtin[1:]
            self.product.addItem(f"{product.name} – {code}", code)
        scan = QPushButton("Scan")
        scan.clicked.connect(self.scan)
        form.addRow(self.product)
        form.addRow(scan)
        return box

    def scan(self) -> None:
        code = self.product.currentData()
        text = self.product.currentText()
        if code is None or text != self.product.itemText(self.product.currentIndex()):
            code = text.strip()  # a barcode typed by hand
        if code:
            self.sims["scanner"].scan(str(code))

    def _weight_controls(self, role: str, form: QFormLayout, *, most_g: int, start_g: int,
                         empty: str) -> tuple[QSpinBox, QPushButton, QPushButton, QPushButton]:
        """Grams, put, take and empty-it for the simulated scale of ``role``, added to ``form``."""
        grams = QSpinBox()
        grams.setRange(1, most_g)
        grams.setValue(start_g)
        grams.setSuffix(" g")
        row = QHBoxLayout()
        put, take = QPushButton("Put"), QPushButton("Take")
        put.clicked.connect(lambda: self.sims[role].put(grams.value()))
        take.clicked.connect(lambda: self.sims[role].take(grams.value()))
        row.addWidget(put)
        row.addWidget(take)
        clear = QPushButton(empty)
        clear.clicked.connect(lambda: self.sims[role].set_weight(0))
        form.addRow(grams)
        form.addRow(row)
        form.addRow(clear)
        return grams, put, take, clear

    def _scale_box(self) -> QGroupBox:
        box = QGroupBox("Bagging scale")
        form = QFormLayout(box)
        self.grams, self.put_button, _take, _empty = self._weight_controls(
            "scale", form, most_g=30_000, start_g=500, empty="Empty the bagging area")
        keys = QHBoxLayout()  # the scale's own keys: refused in motion, as on a real one
        tare = self.tare_button = QPushButton("Tare")
        zero = self.zero_button = QPushButton("Zero")
        tare.clicked.connect(lambda: self.sims["scale"].tare())
        zero.clicked.connect(lambda: self.sims["scale"].zero())
        keys.addWidget(tare)
        keys.addWidget(zero)
        form.addRow(keys)
        return box

    def _scanner_scale_box(self) -> QGroupBox:
        box = QGroupBox("Scanner-scale")
        form = QFormLayout(box)
        hint = QLabel("Produce is weighed here before it is chosen.")
        hint.setWordWrap(True)
        form.addRow(hint)
        (self.produce_grams, self.weigh_button, self.lift_button,
         self.clear_platter_button) = self._weight_controls(
            SCANNER_SCALE, form, most_g=15_000, start_g=1234, empty="Empty the scanner-scale")
        return box

    def _payment_box(self) -> QGroupBox:
        box = QGroupBox("Card terminal")
        form = QFormLayout(box)
        self.outcome = QComboBox()
        self.outcome.addItems(CARD_OUTCOMES)
        present = QPushButton("Next card")
        present.clicked.connect(self.next_card)
        form.addRow(QLabel("The next payment is answered with:"))
        form.addRow(self.outcome)
        form.addRow(present)
        return box

    def next_card(self) -> None:
        sim = self.sims["payment"]
        choice = self.outcome.currentText()
        if choice == "approve":
            sim.approve_next(progress=(0x0A, 0x01))
        elif choice.startswith("decline"):
            sim.decline_next(int(choice.split()[1], 16))
        elif choice == "slow shopper":
            sim.slow_next(steps=4, step_s=1.0)
        elif choice == "no answer":
            sim.silent_next()
        elif choice == "abort":
            sim.abort_next()
        else:
            sim.drop_after_approval_next(replug_after_s=1.0)

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox("Receipt printer")
        form = QFormLayout(box)
        paper = QCheckBox("Out of paper")
        paper.toggled.connect(lambda on: self.sims["printer"].set_paper_out(on))
        cover = QCheckBox("Cover open")
        cover.toggled.connect(lambda on: self.sims["printer"].set_cover_open(on))
        form.addRow(paper)
        form.addRow(cover)
        return box


PANEL_WIDTH = 440  # px: the kiosk beside it keeps 1480 of a 1920 screen, its full layout


def dock(window: Any, panel: DevPanel) -> None:
    panel.setMaximumWidth(PANEL_WIDTH)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
