"""A guard against a reference-count bug of the installed PySide6 on Python 3.11.

PySide6 6.12's bindings return ``None`` from every void method (``setText``,
``setEnabled`` ...) without taking a reference to it.  From Python 3.12 on,
``None`` is immortal and that is harmless; on 3.11 each call takes one
reference away, and after a few thousand calls the interpreter aborts with
"Fatal Python error: none_dealloc".  A kiosk makes that many calls within
minutes.  ``True`` and ``False`` suffer the same when they travel through a
signal (``Signal(object).emit(True)``, ``connect`` results), which ends in
"bool_dealloc" — mid-run, or while the interpreter shuts down.  The guard
measures each leak once and, only where it is there, gives the object the
effectively endless reference count that 3.12 gives it.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from functools import cache

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

PROBE_CALLS = 200
IMMORTAL = 1 << 40  # 3.12 uses a similar sentinel; no program takes this many references


def void_calls_leak_none() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _call in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= PROBE_CALLS * 9 // 10


class _Probe(QObject):
    carried = Signal(object)


def signals_leak_bools() -> bool:
    probe = _Probe()
    probe.carried.connect(_ignore)
    before = sys.getrefcount(True)
    for _call in range(PROBE_CALLS):
        probe.carried.emit(True)
    return before - sys.getrefcount(True) >= PROBE_CALLS * 9 // 10


def _ignore(value: object) -> None:
    del value


@cache
def guard_none_refcount() -> bool:
    """Make ``None`` (and ``True``/``False``) immortal where this PySide6 leaks them.

    True when a guard was needed.
    """
    if sys.version_info >= (3, 12):
        return False
    immortalized = []
    if void_calls_leak_none():
        ctypes.c_ssize_t.from_address(id(None)).value += IMMORTAL
        immortalized.append("None")
    if signals_leak_bools():
        for value in (True, False):
            ctypes.c_ssize_t.from_address(id(value)).value += IMMORTAL
        immortalized.append("True/False")
    if immortalized:
        log.warning("PySide6 %s drops references to %s on Python %s; made immortal to keep "
                    "the kiosk alive (fixed by Python >= 3.12)", _pyside_version(),
                    " and ".join(immortalized), sys.version.split()[0])
    return bool(immortalized)


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)
