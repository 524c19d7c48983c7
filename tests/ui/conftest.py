"""Fixtures for the shopper's screens: a window on a recording stub, sample views.

The Makefile exports QT_QPA_PLATFORM=offscreen; a plain ``pytest`` run gets it
here, before anything imports Qt.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402 (Qt must not load before the platform is set)
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from kiosk.ui.qtfix import guard_none_refcount  # noqa: E402
from kiosk.ui.samples import Samples, load_products, lookup_items  # noqa: E402
from kiosk.ui.window import KioskWindow  # noqa: E402
from kiosk.view import LaneView  # noqa: E402
from pos.catalog import Product  # noqa: E402

guard_none_refcount()  # pytest-qt makes void calls too; see kiosk/ui/qtfix.py


class Intents:
    """Records every intent the screens call; the thing under test is the UI, not the lane."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)

        def intent(*args: Any, **kwargs: Any) -> None:
            self.calls.append((name, args, kwargs))

        return intent

    def names(self) -> list[str]:
        return [name for name, _args, _kwargs in self.calls]


@pytest.fixture(scope="session")
def products() -> dict[str, Product]:
    return load_products()


@pytest.fixture(scope="session")
def tiles(products: dict[str, Product]) -> tuple[Product, ...]:
    """A short look-up grid (the full one costs a tenth of a second per window)."""
    items = lookup_items(products)
    return tuple(p for category, count in (("produce", 16), ("bakery", 6), ("flowers", 2))
                 for p in [q for q in items if q.category == category][:count])


@pytest.fixture
def samples(products: dict[str, Product]) -> Samples:
    return Samples(products, "en")


@pytest.fixture
def intents() -> Intents:
    return Intents()


@pytest.fixture
def make_window(qtbot: Any, intents: Intents, tiles: tuple[Product, ...]
                ) -> Callable[..., KioskWindow]:
    def make(size: tuple[int, int] = (1920, 1080)) -> KioskWindow:
        window = KioskWindow(intents, lookup_items=tiles, size=size)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., KioskWindow]) -> KioskWindow:
    return make_window()


@pytest.fixture
def show(qtbot: Any) -> Callable[[KioskWindow, LaneView], None]:
    """Apply a view and wait until the window says it has rendered it."""

    def apply(window: KioskWindow, view: LaneView) -> None:
        with qtbot.waitSignal(window.rendered, timeout=2000):
            window.show_view(view)

    return apply
