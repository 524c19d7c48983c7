"""The kiosk window as the scenario runner sees it: shown views, saved screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kiosk.view import LaneView


class _NoIntents:
    """The scenario drives the lane itself; the window only shows what happens."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


class QtScreen:
    def __init__(self, size: tuple[int, int] = (1920, 1080)) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.window import KioskWindow

        self.app = QApplication.instance() or QApplication([])
        self.window = KioskWindow(_NoIntents(), size=size)
        self.window.show()

    def show(self, view: LaneView) -> None:
        self.window.show_view(view)
        self.app.processEvents()

    def pump(self) -> None:
        self.app.processEvents()

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.window.grab().save(str(path))

    def close(self) -> None:
        """Close and delete the window now, not whenever Python's collector frees it."""
        from PySide6.QtCore import QEvent

        self.window.close()
        self.window.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.app.processEvents()
