"""Layout checks shared by the UI tests: nothing cut off, squeezed or outside the window."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
# The lane screens the layouts are made for: full HD, and a 1024x768 panel either way round.
SIZES = ((1920, 1080), (1024, 768), (768, 1024))


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0


def scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def problems(window: QWidget) -> list[str]:
    """Every visible label or button that is outside the window, cut off by a widget it
    lies in, or smaller than its text."""
    found: list[str] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not shown(widget, window):
            continue
        name = _name(widget)
        rect = window_rect(widget, window)
        area = scroll_area_of(widget, window)
        if area is None and not bounds.contains(rect):
            found.append(f"{name} at {rect.getRect()} lies outside the window {bounds.size()}")
        else:
            found.extend(f"{name} {problem}" for problem in clipping(widget, window))
        if widget.hasHeightForWidth():
            needed_height = widget.heightForWidth(widget.width())
            needed_width = 0
        else:
            hint = widget.minimumSizeHint()
            needed_height, needed_width = hint.height(), hint.width()
        needed_height = max(needed_height, widget.minimumHeight())  # QSS min-height, 64 px
        needed_width = max(needed_width, widget.minimumWidth())
        if widget.height() + 1 < needed_height or widget.width() + 1 < needed_width:
            found.append(f"{name} is {widget.width()}x{widget.height()}, needs "
                         f"{needed_width}x{needed_height}")
    found.extend(overlaps(window))
    return found


def clipping(widget: QWidget, window: QWidget) -> list[str]:
    """How the widgets ``widget`` lies in cut it off.

    A child is painted only inside its parent: a button laid out past the edge of its card
    is cut there, whatever the window's size.  Lists that scroll are the exception, up and
    down: a row past the bottom of a list is the sign that there is more.  But the top row
    of a list must be shown whole, and no row may be taller than its list, or a shopper
    would see part of it whatever they scrolled to.
    """
    rect = window_rect(widget, window)
    visible = QRect(rect)
    parent = widget.parentWidget()
    while parent is not None:
        inside = visible.intersected(window_rect(parent, window))
        if inside != visible:
            area = parent.parentWidget()
            if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
                problem = _cut_by_list(widget, area)
                if problem:
                    return [problem]
            else:
                return [f"is cut off by {_name(parent)} (shows {inside.getRect()} of "
                        f"{rect.getRect()})"]
            if inside.isEmpty():
                return []  # scrolled out of sight: the list's own business
        visible = inside
        if parent is window:
            break
        parent = parent.parentWidget()
    return []


def _cut_by_list(widget: QWidget, area: QAbstractScrollArea) -> str:
    viewport = area.viewport()
    left = widget.mapTo(viewport, widget.rect().topLeft()).x()
    if left < 0 or left + widget.width() > viewport.width() + 1:
        return "sticks out of its list sideways"
    # The row: what the list's content holds directly (a QScrollArea's widget).
    content = area.widget() if isinstance(area, QScrollArea) else viewport
    row = widget
    parent = row.parentWidget()
    while parent is not None and parent is not content:
        row, parent = parent, parent.parentWidget()
    top = row.mapTo(viewport, row.rect().topLeft()).y()
    bottom = top + row.height()
    if top < 0 < bottom:
        return f"is in a row cut at the top of its list ({-top} px hidden)"
    if row.height() > viewport.height() + 1:
        return (f"is in a row {row.height()} px high, in a list {viewport.height()} px high: "
                "it can never be seen whole")
    return ""


def overlaps(window: QWidget) -> list[str]:
    """Visible siblings laid out on top of each other: a layout without room for its items."""
    found: list[str] = []
    for parent in [window, *window.findChildren(QWidget)]:
        if not shown(parent, window) or isinstance(parent, QStackedWidget):
            continue
        children = [child for child in parent.findChildren(QWidget, options=DIRECT)
                    if shown(child, window) and not child.isWindow()
                    and child.metaObject().className() != "Overlay"
                    and child.inherits("QWidget") and _in_layout(parent, child)]
        for index, first in enumerate(children):
            for second in children[index + 1:]:
                if first.geometry().intersects(second.geometry()):
                    found.append(f"{_name(first)} overlaps {_name(second)} in "
                                 f"{parent.objectName() or type(parent).__name__}")
    return found


def _in_layout(parent: QWidget, child: QWidget) -> bool:
    layout = parent.layout()
    return layout is not None and _contains(layout, child)


def _contains(layout: QLayout, child: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is child:
            return True
        inner = item.layout()
        if inner is not None and _contains(inner, child):
            return True
    return False


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} {_text(widget)!r}"


def _text(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return text[:40]
