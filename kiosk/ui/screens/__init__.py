"""One widget per screen id of ``kiosk.view.SCREENS``; several ids share a class by mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from kiosk.ui.intents import LaneIntents
from kiosk.ui.screens.attendant import AttendantScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.bagging import BaggingScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.lookup import LookupScreen
from kiosk.ui.screens.message import MODES as MESSAGE_MODES
from kiosk.ui.screens.message import MessageScreen
from kiosk.ui.screens.payment import PaymentPendingScreen, PaymentScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.scanning import ScanningScreen
from kiosk.view import SCREENS
from pos.catalog import Product

__all__ = ["Screen", "ScreenSet", "build_screen"]

Factory = Callable[[str, LaneIntents], Screen]

_CLASSES: Mapping[str, Factory] = {
    "attract": AttractScreen,
    "scanning": ScanningScreen,
    "awaiting_bagging": BaggingScreen,
    "payment": PaymentScreen,
    "payment_pending": PaymentPendingScreen,
    "receipt": ReceiptScreen,
    "thank_you": ReceiptScreen,
    "attendant_mode": AttendantScreen,
} | dict.fromkeys(MESSAGE_MODES, MessageScreen)


def build_screen(screen_id: str, intents: LaneIntents, lookup_items: Sequence[Product] = ()
                 ) -> Screen:
    if screen_id == "produce_lookup":
        return LookupScreen(screen_id, intents, lookup_items)
    return _CLASSES[screen_id](screen_id, intents)


class ScreenSet(Mapping[str, Screen]):
    """Every screen id's widget, each built the first time it is asked for.

    A lane starts faster when it builds only the screen it shows first: the produce
    look-up's picture grid alone takes 40 ms.  The window then builds the rest one at a
    time while it idles (``build_next``), so a shopper's first scan finds them ready;
    a screen asked for before that is built on the spot.  ``adopt`` is called with
    each screen as it is built (the window puts it in its deck).
    """

    def __init__(self, intents: LaneIntents, lookup_items: Sequence[Product],
                 adopt: Callable[[Screen], None]) -> None:
        self._intents = intents
        self._lookup_items = lookup_items
        self._adopt = adopt
        self._built: dict[str, Screen] = {}

    def __getitem__(self, screen_id: str) -> Screen:
        screen = self._built.get(screen_id)
        if screen is None:
            if screen_id not in SCREENS:
                raise KeyError(screen_id)
            screen = build_screen(screen_id, self._intents, self._lookup_items)
            self._built[screen_id] = screen
            self._adopt(screen)
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(SCREENS)

    def __len__(self) -> int:
        return len(SCREENS)

    def built(self) -> list[Screen]:
        """The screens built so far (a look or size change applies to these; the rest
        get it as they are built)."""
        return list(self._built.values())

    def build_next(self) -> bool:
        """Build one screen not built yet; False when every screen is built."""
        for screen_id in SCREENS:
            if screen_id not in self._built:
                self[screen_id]
                return True
        return False
