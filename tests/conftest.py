"""Session-wide test settings."""

from __future__ import annotations

import gc
import os
import sys

import pytest

pytest_plugins = ["tests.mqtt_broker"]

_exit_status = 0


def _uses_qt(item: pytest.Item) -> bool:
    path = str(getattr(item, "path", ""))
    return ("qtbot" in getattr(item, "fixturenames", ()) or f"{os.sep}ui{os.sep}" in path
            or "scenario" in path or "station_app" in path)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> object:
    """After a test with Qt windows (pytest-qt has closed them), free them now.

    PySide6 6.12 on Python 3.11 (see kiosk/ui/qtfix.py) can crash when the cyclic garbage
    collector frees a test's Qt objects later, at whatever moment it runs: in the middle
    of painting the next test's window, a button was found without its object.  So the
    deferred deletions run and the collector runs here, between tests, where nothing paints.
    """
    result = yield
    if _uses_qt(item) and "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent

        app = QCoreApplication.instance()
        if app is not None:
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
    return result


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without the interpreter's teardown once Qt was loaded.

    PySide6 6.12 on Python 3.11 (see kiosk/ui/qtfix.py) can crash while Python frees
    Qt objects at exit, which would turn a passing run into a segmentation fault.
    Everything pytest reports has been written by now.
    """
    if "PySide6.QtWidgets" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
