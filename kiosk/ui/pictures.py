"""Simple pictograms painted in code: a barcode, a bag, a card terminal, signs.

A picture tells a shopper what to do before any words are read, in every
language.  They are drawn with QPainter (no image files to package) in the
colours the stylesheet gives through ``qproperty-accent`` and ``-soft``, so
the high-contrast look recolours them too.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

KINDS = ("barcode", "bag", "card", "alert", "wait", "check", "help", "closed", "person")


class Picture(QWidget):
    def __init__(self, kind: str, size: int = 160, tone: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"no picture {kind!r}; known: {', '.join(KINDS)}")
        self._kind = kind
        self._size = size
        self._accent = QColor("#0E7C66")
        self._soft = QColor("#E4F3EE")
        if tone:
            self.setProperty("tone", tone)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(size, size)

    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"no picture {kind!r}")
        self._kind = kind
        self.update()

    def set_side(self, size: int) -> None:
        if size != self._size:
            self._size = size
            self.setFixedSize(size, size)

    @property
    def kind(self) -> str:
        return self._kind

    def _get_accent(self) -> QColor:
        return self._accent

    def _set_accent(self, colour: QColor) -> None:
        self._accent = QColor(colour)
        self.update()

    def _get_soft(self) -> QColor:
        return self._soft

    def _set_soft(self, colour: QColor) -> None:
        self._soft = QColor(colour)
        self.update()

    accent = Property(QColor, _get_accent, _set_accent)
    soft = Property(QColor, _get_soft, _set_soft)

    def sizeHint(self) -> QSize:
        return QSize(self._size, self._size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        painter.scale(side / 100.0, side / 100.0)  # draw on a 100x100 canvas
        getattr(self, f"_draw_{self._kind}")(painter)
        painter.end()

    # -- the pictures, on a 100 x 100 canvas ------------------------------------------

    @property
    def _ink(self) -> QColor:
        return self.palette().windowText().color()

    def _disc(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._soft)
        painter.drawEllipse(QRectF(2, 2, 96, 96))
        if self._soft == QColor("#000000"):  # high contrast: outline the disc instead
            painter.setPen(QPen(self._accent, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(3.5, 3.5, 93, 93))

    def _glyph(self, painter: QPainter, text: str) -> None:
        self._disc(painter)
        font = QFont(self.font())
        font.setPixelSize(62)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self._accent)
        painter.drawText(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text)

    def _draw_alert(self, painter: QPainter) -> None:
        self._glyph(painter, "!")

    def _draw_help(self, painter: QPainter) -> None:
        self._glyph(painter, "?")

    def _draw_check(self, painter: QPainter) -> None:
        self._disc(painter)
        pen = QPen(self._accent, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        path = QPainterPath(QPointF(28, 52))
        path.lineTo(44, 67)
        path.lineTo(73, 35)
        painter.drawPath(path)

    def _draw_wait(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(QPen(self._accent, 6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(22, 22, 56, 56))
        painter.setPen(QPen(self._accent, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(50, 50), QPointF(50, 32))
        painter.drawLine(QPointF(50, 50), QPointF(63, 57))

    def _draw_closed(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._accent)
        painter.drawRoundedRect(QRectF(24, 43, 52, 14), 4, 4)

    def _draw_person(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._accent)
        painter.drawEllipse(QRectF(37, 20, 26, 26))
        body = QPainterPath(QPointF(24, 80))
        body.cubicTo(24, 58, 36, 50, 50, 50)
        body.cubicTo(64, 50, 76, 58, 76, 80)
        body.closeSubpath()
        painter.drawPath(body)

    def _draw_barcode(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._ink)
        x = 24.0
        for width in (3, 1.5, 1.5, 4, 1.5, 3, 1.5, 4, 1.5, 1.5, 3, 1.5, 4):
            painter.drawRect(QRectF(x, 30, width, 40))
            x += width + 2.2
        painter.setPen(QPen(self._accent, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(16, 50), QPointF(84, 50))  # the scanner's red line, in accent

    def _draw_bag(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(QPen(self._ink, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(38, 30, 24, 24), 0, 180 * 16)  # the handle
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._accent)
        body = QPainterPath(QPointF(28, 42))
        body.lineTo(72, 42)
        body.lineTo(76, 80)
        body.lineTo(24, 80)
        body.closeSubpath()
        painter.drawPath(body)
        painter.setPen(QPen(self._ink, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(50, 8), QPointF(50, 24))  # "into the bag"
        painter.drawLine(QPointF(43, 18), QPointF(50, 25))
        painter.drawLine(QPointF(57, 18), QPointF(50, 25))

    def _draw_card(self, painter: QPainter) -> None:
        self._disc(painter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._accent)
        painter.drawRoundedRect(QRectF(38, 14, 30, 22), 3, 3)  # the card going in
        painter.setPen(QPen(self._ink, 3.5))
        painter.setBrush(self._soft)
        painter.drawRoundedRect(QRectF(30, 28, 40, 58), 6, 6)
        painter.setPen(QPen(self._ink, 2.5))
        painter.drawRect(QRectF(36, 34, 28, 14))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._ink)
        for row in range(3):
            for column in range(3):
                painter.drawEllipse(QRectF(38 + column * 9, 54 + row * 9, 5, 5))
