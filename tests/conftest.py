"""Session-wide test settings."""

from __future__ import annotations

import os
import sys

import pytest

pytest_plugins = ["tests.mqtt_broker"]

_exit_status = 0


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
