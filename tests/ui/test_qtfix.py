"""The PySide6 reference-count guard keeps a long-running kiosk alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from kiosk.ui.qtfix import guard_none_refcount


class Carrier(QObject):
    carried = Signal(object)


def test_none_and_bools_survive_many_calls_and_emits(qapp):
    guard_none_refcount()
    carrier = Carrier()
    received = {True: 0, False: 0}

    def count(value: object) -> None:
        received[bool(value)] += 1

    carrier.carried.connect(count)
    # Without the guard, Python 3.11 with PySide6 6.12 aborts ("none_dealloc",
    # "bool_dealloc") well before this many calls.
    for _ in range(50_000):
        carrier.setObjectName("kiosk")
        carrier.carried.emit(True)
        carrier.carried.emit(False)
    assert received == {True: 50_000, False: 50_000}
    assert carrier.objectName() == "kiosk"
    assert sys.getrefcount(None) > 0
