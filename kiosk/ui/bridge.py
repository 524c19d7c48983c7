"""The one adapter between the lane thread and Qt (STYLE.md practice 6).

``Lane`` calls its listeners on the lane thread.  A widget must never be
touched from there, so the bridge does nothing but emit a signal: the bridge
lives on the UI thread, and Qt delivers a signal emitted from another thread
to receivers on the UI thread as a queued event (an ``AutoConnection`` looks
at the emitting thread at emit time).  ``KioskWindow.attach`` also asks for a
``QueuedConnection`` explicitly, so the delivery does not depend on where a
receiver lives.  A ``LaneView`` is immutable, so handing it across is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.ui.qtfix import guard_none_refcount
from kiosk.view import LaneView

# Before any widget exists: see kiosk.ui.qtfix (PySide6 6.12 on Python 3.11 leaks None).
guard_none_refcount()


class Publishes(Protocol):
    def add_listener(self, listener: Callable[[LaneView], None]) -> None: ...


class LaneBridge(QObject):
    """Turns the lane's listener calls into a Qt signal.

    Signals:
        viewChanged(object): a new ``LaneView``.  Emitted on the lane thread;
            connected slots on the UI thread run later, in the UI thread's
            event loop, in the order the views were published.
    """

    viewChanged = Signal(object)

    def __init__(self, lane: Publishes | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if lane is not None:
            lane.add_listener(self.publish)

    def publish(self, view: LaneView) -> None:
        """The lane's listener: called on the lane thread, touches no widget."""
        self.viewChanged.emit(view)
