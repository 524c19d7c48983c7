"""The screens, one shown at a time, in the space below the bars.

A ``QStackedWidget`` would do the same with a layout; but a layout passes every change
upwards.  A scan changes a few texts on a screen and shows another screen, and through the
stacked layout each of those re-ran the layout of the whole window (the bars, the stack,
the window) before the screen could be painted: about a millisecond per scan.  The deck has
no layout of its own.  It gives the shown screen its whole area and keeps it there; a
change inside a screen is laid out inside that screen and stops at the deck, since the
screen's size cannot change with it (the window has the screen's fixed size, and the layout
tests check that every screen's content fits).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class ScreenDeck(QWidget):
    """Holds the screens; shows one of them, sized to the deck."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deck")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        page.setParent(self)
        page.setGeometry(self.rect())
        self._pages.append(page)
        if self._current is None:
            self._current = page
            page.show()
        else:
            page.hide()

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentWidget(self) -> QWidget | None:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        if page not in self._pages:
            raise ValueError(f"{page.objectName()} is not one of the deck's screens")
        previous = self._current
        if page is previous:
            return
        self._current = page
        page.setGeometry(self.rect())
        page.show()  # before the other is hidden: hiding the focus would move it elsewhere
        if previous is None:
            return
        focused = self.window().focusWidget()
        if focused is not None and previous.isAncestorOf(focused):
            # As QStackedWidget does: focus moves onto the incoming screen.
            target = page.focusWidget() or self._first_focusable(page)
            (target or page).setFocus(Qt.FocusReason.OtherFocusReason)
        previous.hide()

    @staticmethod
    def _first_focusable(page: QWidget) -> QWidget | None:
        for widget in page.findChildren(QWidget):
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus \
                    and widget.isVisibleTo(page) and widget.isEnabled():
                return widget
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._current is not None:
            self._current.setGeometry(self.rect())
