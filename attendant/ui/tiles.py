"""Lane tiles: every lane at a glance, readable from two metres, cheap to repaint.

A tile paints itself in one ``paintEvent`` and has no child widgets and no
layout: a new status changes one tile's data and calls ``update()`` on that
tile only, so 32 lanes sending five statuses a second never re-lay-out the
window (a ``QLabel.setText`` would, through ``updateGeometry``).  The grid
places the tiles itself, choosing more columns than configured when the
configured number would make them too small to read.

One timer ticks the time-in-state of every tile each second (the window's),
and one timer here toggles the flash of every flashing tile.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from attendant.model import Contact, StationModel, elapsed, money
from pos.messages import LaneStatus, Light

GAP = 16  # px between tiles
MIN_TILE = QSize(200, 150)  # below this the band and three lines no longer fit
COMPACT_BELOW = QSize(320, 220)  # smaller tiles: condensed type, only sick devices named
NAME_PX = (40, 96)  # the lane name's font: at least 40 px (two metres), at most this
FLASH_MS = 500  # a security alarm blinks once a second (WCAG: below 3 flashes a second)
RADIUS = 14.0

Translate = Callable[[str, str], str]


def choose_columns(count: int, configured: int, width: int, height: int,
                   minimum: QSize = MIN_TILE) -> int:
    """The fewest columns, from ``configured`` up, at which ``count`` tiles fit the area.

    Where none fits, the count whose tiles come nearest the minimum in both ways.
    """
    count = max(1, count)
    configured = max(1, min(configured, count))

    def size(columns: int) -> tuple[float, float]:
        rows = math.ceil(count / columns)
        return ((width - GAP * (columns - 1)) / columns, (height - GAP * (rows - 1)) / rows)

    for columns in range(configured, count + 1):
        tile_w, tile_h = size(columns)
        if tile_w >= minimum.width() and tile_h >= minimum.height():
            return columns
    return max(range(configured, count + 1),
               key=lambda c: min(size(c)[0] / minimum.width(), size(c)[1] / minimum.height()))


# Marked for pyside6-lupdate under the context they are translated in (as kiosk/ui/texts.py).
TILE_TEXTS: Mapping[str, object] = {
    "never": QT_TRANSLATE_NOOP("LaneTile", "never heard from"),
    "since": QT_TRANSLATE_NOOP("LaneTile", "since {time}"),
    "more": QT_TRANSLATE_NOOP("LaneTile", "{first} +{more}"),
    "item": QT_TRANSLATE_NOOP("LaneTile", "1 item"),
    "items": QT_TRANSLATE_NOOP("LaneTile", "{count} items"),
    "attendant": QT_TRANSLATE_NOOP("LaneTile", "{name} at the lane"),
}


@dataclass(frozen=True, slots=True)
class TileView:
    """What one tile shows, in words; equal views paint the same."""

    lane: str
    name: str
    light: Light
    flashing: bool
    contact: Contact
    state: str  # in words: "Scanning", "Weight mismatch", "Offline"
    detail: str  # "€12.34 · 5 items", "since 14:02", "never heard from"
    note: str  # "ann at the lane"
    why: str  # the oldest intervention's sentence, for tiles with room for it
    # When the state shown began: the lane's clock (lanes and stations keep NTP time), or
    # the station's for "offline"; None: no time shown.
    since: float | None
    devices: tuple[tuple[str, str], ...]  # (name, health)


def tile_view(model: StationModel, lane: str, translate: Translate) -> TileView:
    """The tile of ``lane`` as the model knows it."""

    def words(key: str) -> str:
        return translate("LaneTile", str(TILE_TEXTS[key]))

    status: LaneStatus | None = model.status(lane)
    contact = model.contact(lane)
    light, flashing = model.light(lane)
    name = model.name(lane)
    if status is None:
        return TileView(lane, name, light, False, contact, model.state_words(lane),
                        words("never"), "", "", None, ())
    if not status.online:
        since = model.offline_since(lane)
        shown = time.strftime("%H:%M", time.localtime(since)) if since else "?"
        return TileView(lane, name, light, False, contact, model.state_words(lane),
                        words("since").format(time=shown), "", "", since, ())
    state = model.state_words(lane)
    why = ""
    waiting = [item for item in model.queue() if item.lane == lane]  # oldest first
    if waiting:
        why = model.explain(waiting[0])
        first = model.kind_words(waiting[0].intervention.kind)
        state = first if len(waiting) == 1 else words("more").format(
            first=first, more=len(waiting) - 1)
    detail = ""
    if status.txn or status.items:
        total = money(status.total, status.currency) if status.currency else str(status.total)
        items = words("item") if status.items == 1 else words("items").format(
            count=status.items)
        detail = f"{total} · {items}"
    note = words("attendant").format(name=status.attendant) if status.attendant else ""
    since = status.state_since or None
    devices = tuple((model.device_words(d.name), d.health) for d in status.devices)
    return TileView(lane, name, light, flashing, contact, state, detail, note, why, since,
                    devices)


def _font(families: Sequence[str], px: int, weight: QFont.Weight,
          stretch: QFont.Stretch = QFont.Stretch.Unstretched) -> QFont:
    font = QFont()
    font.setFamilies(list(families))
    font.setPixelSize(px)
    font.setWeight(weight)
    font.setStretch(stretch)
    return font


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _colour(attribute: str) -> Property:
    """A colour the stylesheet sets (``qproperty-<name>``); setting it repaints."""

    def get(self: QWidget) -> QColor:
        return QColor(getattr(self, attribute))

    def put(self: QWidget, colour: QColor) -> None:
        setattr(self, attribute, QColor(colour))
        self.update()

    return Property(QColor, get, put)


class LaneTile(QWidget):
    """One lane: its light as a strong band with the name, the state, money, time, devices.

    Colours come from the station stylesheet as ``qproperty-*`` (``station.qss``).

    Signals:
        painted(object): the tile was repainted after ``present`` was given this object
            (the ``LaneStatus`` that changed it); once for each, the first repaint after it.
    """

    painted = Signal(object)

    FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")

    def __init__(self, lane: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self.setObjectName(f"tile_{lane}")
        # The tile paints every pixel of itself: Qt need not paint the grid behind it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._view: TileView | None = None
        self._unpainted: list[object] = []  # causes of changes not yet on screen
        self._lit = True  # the flash phase: False paints the band dark
        self._now = 0.0
        self._time_text = ""
        self._stale = False
        self._compact = False
        self._base = QColor("#0B0E12")
        self._card = QColor("#1A2029")
        self._ink = QColor("#FFFFFF")
        self._muted = QColor("#AEB8C4")
        self._green = QColor("#22C55E")
        self._yellow = QColor("#FACC15")
        self._red = QColor("#E5252A")
        self._on_light = QColor("#000000")  # text on a green or yellow band
        self._on_red = QColor("#FFFFFF")
        self._dark_red = QColor("#3B0A0C")
        self._alert = QColor("#FF6B6B")  # red text on the dark card (the band's red is too dark)
        self._layout_fonts()

    # -- colours from the stylesheet (qproperty-green: ... in station.qss) ---------

    base = _colour("_base")
    card = _colour("_card")
    ink = _colour("_ink")
    muted = _colour("_muted")
    green = _colour("_green")
    yellow = _colour("_yellow")
    red = _colour("_red")
    onLight = _colour("_on_light")
    onRed = _colour("_on_red")
    darkRed = _colour("_dark_red")
    alert = _colour("_alert")

    # -- what it shows --------------------------------------------------------------

    @property
    def view(self) -> TileView | None:
        return self._view

    def present(self, view: TileView, cause: object = None) -> bool:
        """Show ``view``; True when ``painted`` will carry ``cause``.

        False when the screen shows ``view`` already and no repaint is due.
        """
        if view == self._view:
            if cause is not None and self._unpainted:  # a repaint is due anyway
                self._unpainted.append(cause)
                return True
            return False
        self._view = view
        if cause is not None:
            self._unpainted.append(cause)
        self._time_text = self._elapsed_text()
        self.setAccessibleName(view.name)
        self.setAccessibleDescription(", ".join(x for x in (view.state, view.detail, view.note)
                                                if x))
        self.update()
        return True

    def tick(self, now: float) -> None:
        """The clock moved on: repaint the time in state if its text changed."""
        self._now = now
        text = self._elapsed_text()
        if text != self._time_text:
            self._time_text = text
            self.update()

    def set_lit(self, lit: bool) -> None:
        """The flash phase; only a flashing tile repaints."""
        if lit != self._lit:
            self._lit = lit
            if self._view is not None and self._view.flashing:
                self.update()

    def set_stale(self, stale: bool) -> None:
        """The station lost its link: what the tile shows may be old."""
        if stale != self._stale:
            self._stale = stale
            self.update()

    def light_colour(self) -> QColor:
        """The colour the band shows now (the flash's dark phase included)."""
        view = self._view
        if view is None:
            return QColor(self._red)
        if view.flashing and not self._lit:
            return QColor(self._dark_red)
        return QColor({Light.GREEN: self._green, Light.YELLOW: self._yellow,
                       Light.RED: self._red}[view.light])

    @property
    def time_text(self) -> str:
        return self._time_text

    @property
    def stale(self) -> bool:
        return self._stale

    @property
    def name_font(self) -> QFont:
        return QFont(self._name_font)

    @property
    def band_height(self) -> int:
        """The height of the light's band, in px."""
        return self._band

    def _elapsed_text(self) -> str:
        view = self._view
        if view is None or view.since is None or not self._now:
            return ""
        return elapsed(self._now - view.since)

    # -- painting -------------------------------------------------------------------

    def _layout_fonts(self) -> None:
        height = max(self.height(), MIN_TILE.height())
        width = max(self.width(), MIN_TILE.width())
        compact = width < COMPACT_BELOW.width() or height < COMPACT_BELOW.height()
        # Narrow tiles (32 lanes) keep their 40 px names by setting them condensed.
        stretch = QFont.Stretch.Condensed if compact else QFont.Stretch.Unstretched
        name_px = _clamp(min(round(height * 0.19), round(width * 0.16)), *NAME_PX)
        state_px = 24 if compact else _clamp(round(height * 0.1), 28, 48)
        detail_px = 20 if compact else _clamp(round(height * 0.08), 22, 36)
        small_px = 16 if compact else _clamp(round(height * 0.05), 18, 24)
        why_px = _clamp(round(height * 0.07), 20, 30)
        time_px = 20 if compact else _clamp(round(name_px * 0.5), 24, 44)
        self._compact = compact
        self._name_font = _font(self.FAMILIES, name_px, QFont.Weight.ExtraBold, stretch)
        self._state_font = _font(self.FAMILIES, state_px, QFont.Weight.Bold, stretch)
        self._detail_font = _font(self.FAMILIES, detail_px, QFont.Weight.Normal, stretch)
        self._time_font = _font(self.FAMILIES, time_px, QFont.Weight.Bold, stretch)
        self._small_font = _font(self.FAMILIES, small_px, QFont.Weight.Normal, stretch)
        self._why_font = _font(self.FAMILIES, why_px, QFont.Weight.Normal)
        self._band = name_px + max(12, name_px // 3)
        self._pad = 8 if compact else _clamp(width // 28, 12, 24)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout_fonts()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self._base)
        card = QPainterPath()
        card.addRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), RADIUS, RADIUS)
        painter.fillPath(card, self._card)
        view = self._view
        if view is not None:
            time_in_band = self._paint_band(painter, card, view)
            self._paint_body(painter, view, "" if time_in_band else self._time_text)
        if self._stale:
            veil = QColor(self._base)
            veil.setAlpha(150)
            painter.fillPath(card, veil)
        painter.end()
        # Several statuses may arrive between two paints: each is on screen now (or a newer).
        causes, self._unpainted = self._unpainted, []
        for cause in causes:
            self.painted.emit(cause)

    def _paint_band(self, painter: QPainter, card: QPainterPath, view: TileView) -> bool:
        """The light with the lane's name and, where it fits, the time in state."""
        band = QRect(0, 0, self.width(), self._band)
        painter.save()
        painter.setClipRect(band)
        painter.fillPath(card, self.light_colour())
        if view.contact is not Contact.ONLINE:  # hatched: no live picture of this lane
            painter.fillPath(card, QBrush(self._dark_red, Qt.BrushStyle.BDiagPattern))
        painter.restore()
        if view.flashing:  # a thick red frame stays while the band blinks
            painter.setPen(QPen(self._red, 6))
            painter.drawPath(card)
        ink = self._on_red if view.light is Light.RED else self._on_light
        if view.flashing and not self._lit:
            ink = self._red
        painter.setPen(ink)
        inner = band.adjusted(self._pad, 0, -self._pad, 0)
        name_width = QFontMetrics(self._name_font).horizontalAdvance(view.name)
        time_in_band = False
        room = inner.width()
        if self._time_text:  # where the name leaves no room for it, on the state line
            time_width = QFontMetrics(self._time_font).horizontalAdvance(self._time_text)
            # A pixel of slack: elidedText rounds, and must not cut the name it measured.
            if name_width + max(12, self._pad) + time_width + 2 <= inner.width():
                painter.setFont(self._time_font)
                painter.drawText(inner, Qt.AlignmentFlag.AlignRight
                                 | Qt.AlignmentFlag.AlignVCenter, self._time_text)
                room -= time_width + self._pad
                time_in_band = True
        painter.setFont(self._name_font)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(self._name_font).elidedText(
                             view.name, Qt.TextElideMode.ElideRight, room))
        return time_in_band

    def _paint_body(self, painter: QPainter, view: TileView, trailing: str) -> None:
        """State, money, who is at the lane, why it calls, devices: as room allows."""
        pad = self._pad
        left, width = pad, self.width() - 2 * pad
        top = self._band + max(4, pad // 2)
        bottom = self.height() - max(4, pad // 2)
        alarm = view.contact is Contact.ONLINE and bool(view.why or view.flashing)
        state_colour = self._alert if alarm else self._ink
        top = self._line(painter, self._state_font, state_colour, view.state, left, top,
                         width, bottom, trailing)
        detail_colour = self._ink if view.contact is Contact.ONLINE else self._muted
        if view.detail:
            top = self._line(painter, self._detail_font, detail_colour, view.detail, left, top,
                             width, bottom)
        if view.note:
            top = self._line(painter, self._small_font, self._muted, view.note, left, top,
                             width, bottom)
        devices_top = self._paint_devices(painter, view.devices, left, top, width, bottom)
        if view.why and not self._compact:
            metrics = QFontMetrics(self._why_font)
            lines = (devices_top - top - pad // 2) // metrics.lineSpacing()
            if lines > 0:
                painter.setFont(self._why_font)
                painter.setPen(self._ink)
                painter.drawText(QRect(left, top + pad // 2, width,
                                       lines * metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap, view.why)

    def _line(self, painter: QPainter, font: QFont, colour: QColor, text: str, left: int,
              top: int, width: int, bottom: int, trailing: str = "") -> int:
        """One line of text, elided; ``trailing`` right-aligned in bold.  The next top."""
        metrics = QFontMetrics(font)
        if top + metrics.height() > bottom:
            return top
        room = width
        if trailing:
            time_font = self._time_font
            room -= QFontMetrics(time_font).horizontalAdvance(trailing) + self._pad
            painter.setFont(time_font)
            painter.setPen(self._ink)
            painter.drawText(QRect(left, top, width, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             trailing)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QRect(left, top, max(0, room), metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room)))
        return top + metrics.height() + max(2, self._pad // 4)

    def _paint_devices(self, painter: QPainter, devices: tuple[tuple[str, str], ...],
                       left: int, top: int, width: int, bottom: int) -> int:
        """A dot per device along the bottom, named where there is room (always when sick).

        Returns the top of what was painted (``bottom`` when nothing was).
        """
        if not devices:
            return bottom
        metrics = QFontMetrics(self._small_font)
        row_height = metrics.height()
        rows_free = max(0, (bottom - top) // row_height)
        if rows_free == 0:
            return bottom
        dot = max(8, round(metrics.ascent() * 0.6))
        gap = dot // 2
        spacing = metrics.horizontalAdvance("  ")

        def flow(named: Callable[[str], bool]) -> list[tuple[int, int, str, str]]:
            placed, x, row = [], 0, 0
            for name, health in devices:
                text = name if named(health) else ""
                need = dot + (gap + metrics.horizontalAdvance(text) if text else 0)
                if x and x + need > width:
                    x, row = 0, row + 1
                placed.append((x, row, text, health))
                x += need + spacing
            return placed

        def sick(health: str) -> bool:
            return health != "online"

        # Compact tiles name only the devices that are not well, so every tile reads alike.
        placed = flow(sick if self._compact else lambda health: True)
        if placed[-1][1] >= rows_free:
            placed = flow(sick)
        rows = min(rows_free, placed[-1][1] + 1)
        top = bottom - rows * row_height
        painter.setFont(self._small_font)
        for x, row, text, health in placed:
            if row >= rows:
                break
            y = top + row * row_height
            rect = QRectF(left + x, y + (row_height - dot) / 2, dot, dot)
            colour = {"online": self._green, "offline": self._red,
                      "error": self._red}.get(health, self._yellow)
            if health == "offline":  # hollow: not there at all
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(rect)
            if text:
                painter.setPen(self._ink if health == "online" else colour)
                painter.drawText(QRect(left + x + dot + gap, y, width, row_height),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 text)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return top


class LaneGrid(QWidget):
    """The tiles of every configured lane, placed by hand in ``resizeEvent``.

    Signals:
        painted(object): a tile repainted after a status (``LaneTile.painted``).
    """

    painted = Signal(object)

    def __init__(self, lanes: Sequence[str], columns: int = 2,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lanes")
        self.configured_columns = max(1, columns)
        self.columns = self.configured_columns
        self.tiles: dict[str, LaneTile] = {}
        for lane in lanes:
            tile = LaneTile(lane, self)
            tile.painted.connect(self.painted)
            self.tiles[lane] = tile
        self._lit = True
        self._flash = QTimer(self)
        self._flash.setObjectName("flash")
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle_flash)
        self.setMinimumSize(QSize(MIN_TILE.width(), MIN_TILE.height()))

    def tile(self, lane: str) -> LaneTile:
        return self.tiles[lane]

    def present(self, view: TileView, cause: object = None) -> bool:
        changed = self.tiles[view.lane].present(view, cause)
        if changed:
            self._run_flash()
        return changed

    def tick(self, now: float) -> None:
        for tile in self.tiles.values():
            tile.tick(now)

    def set_stale(self, stale: bool) -> None:
        for tile in self.tiles.values():
            tile.set_stale(stale)

    @property
    def flash_timer(self) -> QTimer:
        """The one timer that blinks every flashing tile."""
        return self._flash

    def _run_flash(self) -> None:
        wanted = any(t.view is not None and t.view.flashing for t in self.tiles.values())
        if wanted and not self._flash.isActive():
            self._flash.start()
        elif not wanted and self._flash.isActive():
            self._flash.stop()
            self._lit = True
            for tile in self.tiles.values():
                tile.set_lit(True)

    def _toggle_flash(self) -> None:
        self._lit = not self._lit
        for tile in self.tiles.values():
            tile.set_lit(self._lit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        count = len(self.tiles)
        if not count:
            return
        width, height = self.width(), self.height()
        self.columns = choose_columns(count, self.configured_columns, width, height)
        rows = math.ceil(count / self.columns)
        tile_w = (width - GAP * (self.columns - 1)) // self.columns
        tile_h = (height - GAP * (rows - 1)) // rows
        for index, tile in enumerate(self.tiles.values()):
            row, column = divmod(index, self.columns)
            tile.setGeometry(column * (tile_w + GAP), row * (tile_h + GAP), tile_w, tile_h)

    def sizeHint(self) -> QSize:
        return QSize(1280, 960)
