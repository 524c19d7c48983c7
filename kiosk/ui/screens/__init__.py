"""One widget per screen id of ``kiosk.view.SCREENS``; several ids share a class by mode."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

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

__all__ = ["Screen", "build_screens"]

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


def build_screens(intents: LaneIntents, lookup_items: Sequence[Product] = ()
                  ) -> dict[str, Screen]:
    screens: dict[str, Screen] = {}
    for screen_id in SCREENS:
        if screen_id == "produce_lookup":
            screens[screen_id] = LookupScreen(screen_id, intents, lookup_items)
        else:
            screens[screen_id] = _CLASSES[screen_id](screen_id, intents)
    return screens
