"""Layout checks shared by the UI tests: nothing cut off, squeezed or outside the window."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QStackedWidget,
    QWidget,
)

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
SIZES = ((1920, 1080), (1024, 768))  # the two lane screens the layouts are made for


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0


def scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def problems(window: QWidget) -> list[str]:
    """Every visible label or button that is outside the window or smaller than its text."""
    found: list[str] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not shown(widget, window):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r} {_text(widget)!r}"
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = QRect(top_left, widget.size())
        area = scroll_area_of(widget, window)
        if area is None and not bounds.contains(rect):
            found.append(f"{name} at {rect.getRect()} lies outside the window {bounds.size()}")
        if area is not None:  # these lists scroll up and down only: nothing may stick out
            viewport = area.viewport()
            left = widget.mapTo(viewport, widget.rect().topLeft()).x()
            if left < 0 or left + widget.width() > viewport.width() + 1:
                found.append(f"{name} sticks out of its list sideways")
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
