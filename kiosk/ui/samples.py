"""Realistic ``LaneView``s that select each screen: for screenshots, tests and demos.

A basket from the demo store's catalog (milk, coffee on a 3-for-2, loose
bananas and apples by weight, bread ...), and one view per screen id of
``kiosk.view.SCREENS``, built the way the lane would build it.  Nothing here
talks to a lane; these are plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from kiosk.view import (
    SCREENS,
    DeviceView,
    InterventionView,
    LaneView,
    LineView,
    PaymentView,
    ScaleView,
    screen_for,
)
from pos.catalog import Bagging, Product, SoldBy
from pos.catalog_csv import read_catalog_csv
from pos.money import divide_rounded

CATALOG_CSV = Path(__file__).resolve().parents[2] / "config" / "catalog.csv"
LANGUAGES = ("en", "vi", "ru", "fil")
LOOKUP_CATEGORIES = ("produce", "bakery", "flowers")
SAMPLE_DAY = date(2026, 11, 23)  # one day for every sample, so screenshots change only with code

GTINS = {
    "milk": "04031750000176",
    "coffee": "04006581000176",
    "bananas": "02840110000006",
    "apples": "02841350000009",
    "bread": "04012961000179",
    "croissants": "04012961000735",
    "beer": "04014086000171",
    "watermelon": "02840320000001",
}


def load_products(path: Path = CATALOG_CSV, currency: str = "EUR") -> dict[str, Product]:
    with path.open(newline="", encoding="utf-8") as source:
        return {product.gtin: product for product in read_catalog_csv(source, currency)}


def lookup_items(products: Mapping[str, Product]) -> tuple[Product, ...]:
    """What the look-up grid offers: loose produce first, then bakery and flowers."""
    return tuple(sorted((p for p in products.values() if p.category in LOOKUP_CATEGORIES),
                        key=lambda p: LOOKUP_CATEGORIES.index(p.category)))


def make_line(line_no: int, product: Product, quantity: int = 1,
              weight_g: int | None = None) -> LineView:
    by_weight = product.sold_by is SoldBy.WEIGHT
    if by_weight:
        assert weight_g is not None, f"{product.name} is sold by weight"
        amount = divide_rounded(product.price * weight_g, 1000)
    else:
        amount = product.price * quantity
    return LineView(line_no, product.gtin, product.name, quantity, weight_g, product.price,
                    amount, False, product.min_age, product.category, by_weight)


class Samples:
    """The demo basket and a view per screen, in one language."""

    def __init__(self, products: Mapping[str, Product], language: str = "en") -> None:
        self.products = products
        self.language = language
        p = {name: products[gtin] for name, gtin in GTINS.items()}
        self.p = p
        self.lines = (
            make_line(1, p["milk"], 2),
            make_line(2, p["coffee"], 3),
            make_line(3, p["bananas"], weight_g=1234),
            make_line(4, p["bread"]),
            make_line(5, p["apples"], weight_g=870),
            make_line(6, p["croissants"]),
        )
        self.discounts = (("Röstwerk Kaffee 500 g: 3 für 2", p["coffee"].price),)

    def base(self, **changes: object) -> LaneView:
        lines: tuple[LineView, ...] = changes.pop("lines", self.lines)  # type: ignore[assignment]
        discounts: tuple[tuple[str, int], ...] = changes.pop(  # type: ignore[assignment]
            "discounts", self.discounts if lines else ())
        savings = sum(amount for _name, amount in discounts)
        total = sum(line.amount for line in lines if not line.voided) - savings
        items = sum(1 if line.by_weight else line.quantity for line in lines if not line.voided)
        view = LaneView(
            lane_id="lane-1", lane_name="Lane 1", store_name="Kiezmarkt Prenzlauer Berg",
            currency="EUR", languages=LANGUAGES, language=self.language, state="scanning",
            txn_id="lane-1-000042" if lines else "", lines=lines, total=total,
            savings=savings, item_count=items, paid=0, due=total, discounts=discounts,
            interventions=(), pending_line=None, skip_bagging_allowed=False, payments=(),
            attendant=None, today=SAMPLE_DAY,
            devices=(DeviceView("scanner", "online"), DeviceView("scale", "online"),
                     DeviceView("printer", "online"), DeviceView("payment", "online")))
        return view.with_(**changes)

    def view(self, screen_id: str) -> LaneView:
        """A view for which ``screen_for`` answers ``screen_id``."""
        build: Callable[[], LaneView] = getattr(self, f"_{screen_id}")
        view = build()
        assert screen_for(view) == screen_id, (screen_id, screen_for(view))
        return view

    def all(self) -> dict[str, LaneView]:
        return {screen_id: self.view(screen_id) for screen_id in SCREENS}

    def variants(self) -> dict[str, LaneView]:
        """Extra states worth a look: declined card, notices, accessibility modes."""
        scanning = self._scanning()
        return {
            "payment-declined": self.base(state="payment", payments=(self._card(
                "declined", reason="declined by the card issuer"),)),
            "payment_pending-enter_pin": self.base(
                state="payment_pending", payments=(self._card("pending", "enter PIN"),)),
            "scanning-notice": scanning.with_(
                message=("BARCODE_CHECK_DIGIT", "check digit wrong")),
            "scanning-still_there": scanning.with_(still_there=True),
            "scanning-high_contrast": scanning.with_(high_contrast=True),
            "scanning-large_text": scanning.with_(large_text=True),
            "attract-high_contrast": self._attract().with_(high_contrast=True),
            "produce_lookup-large_text": self._produce_lookup().with_(large_text=True),
            "thank_you-qr": self.base(state="receipt", receipt_printed=False,
                                      receipt_qr=self._qr()),
        }

    # -- one builder per screen id ------------------------------------------------------

    def _qr(self) -> str:
        return "https://receipts.example.org/r/berlin-kiez/lane-1-000042"

    def _intervention(self, id_: int, kind: str, blocks: str = "scanning",
                      line_no: int | None = None, **explanation: object) -> InterventionView:
        return InterventionView(id_, kind, blocks, dict(explanation), line_no)

    def _attract(self) -> LaneView:
        return self.base(state="attract", lines=())

    def _scanning(self) -> LaneView:
        return self.base()

    def _awaiting_bagging(self) -> LaneView:
        melon = make_line(7, self.p["watermelon"], weight_g=2480)
        assert self.p["watermelon"].bagging is Bagging.OPTIONAL
        return self.base(state="awaiting_bagging", lines=(*self.lines, melon),
                         pending_line=melon, skip_bagging_allowed=True)

    def _produce_lookup(self) -> LaneView:
        # Apples on the bagging scale, settled: the weight an item chosen now is priced from.
        return self.base(state="produce_lookup", weighing=ScaleView("scale", 870))

    def _weight_mismatch(self) -> LaneView:
        coffee = self.lines[1]
        return self.base(state="weight_mismatch", pending_line=coffee, interventions=(
            self._intervention(1, "weight_mismatch", line_no=2, reason="mismatch",
                               expected_g=515, measured_delta_g=1080, tolerance_g=26,
                               item=coffee.name, gtin=coffee.gtin),))

    def _unexpected_item(self) -> LaneView:
        return self.base(state="unexpected_item", interventions=(
            self._intervention(1, "unexpected_item", reason="unexpected", expected_g=None,
                               measured_delta_g=640, tolerance_g=20),))

    def _item_removed(self) -> LaneView:
        return self.base(state="item_removed", interventions=(
            self._intervention(1, "item_removed", reason="removed", expected_g=None,
                               measured_delta_g=-1040, tolerance_g=20),))

    def _age_check_pending(self) -> LaneView:
        beer = make_line(7, self.p["beer"], 4)
        return self.base(lines=(*self.lines, beer), pay_requested=True, interventions=(
            self._intervention(1, "age_check", "payment", 7, min_age=beer.min_age,
                               item=beer.name, gtin=beer.gtin, lines=[7]),))

    def _help_requested(self) -> LaneView:
        return self.base(interventions=(self._intervention(1, "help", "nothing",
                                                           reason="shopper"),))

    def _device_fault(self) -> LaneView:
        return self.base(
            interventions=(self._intervention(1, "device_fault", device="scanner",
                                              code="DEVICE_OFFLINE", message="no answer",
                                              essential=True),),
            devices=(DeviceView("scanner", "offline", "DEVICE_OFFLINE", "no answer"),
                     DeviceView("scale", "online")))

    def _payment(self) -> LaneView:
        return self.base(state="payment")

    def _payment_pending(self) -> LaneView:
        return self.base(state="payment_pending",
                         payments=(self._card("pending", "insert card"),))

    def _payment_in_doubt(self) -> LaneView:
        total = self.base().total
        return self.base(state="payment_in_doubt", payments=(self._card("in_doubt"),),
                         interventions=(self._intervention(
                             1, "payment_problem", "payment", reason="in_doubt",
                             attempt_id=1, amount=total, detail="no answer"),))

    def _receipt(self) -> LaneView:
        total = self.base().total
        return self.base(state="paid", paid=total, due=0,
                         payments=(self._card("approved"),), receipt_qr=self._qr())

    def _thank_you(self) -> LaneView:
        total = self.base().total
        return self.base(state="receipt", paid=total, due=0, receipt_printed=True,
                         payments=(self._card("approved"),))

    def _lane_closed(self) -> LaneView:
        return self.base(state="closed", lines=())

    def _out_of_order(self) -> LaneView:
        return self._device_fault().with_(state="attract", lines=(), discounts=(), total=0,
                                          savings=0, item_count=0, due=0, txn_id="")

    def _attendant_mode(self) -> LaneView:
        beer = make_line(7, self.p["beer"], 4)
        return self.base(
            lines=(*self.lines, beer), attendant_mode=True, attendant="Anna K.",
            interventions=(
                self._intervention(1, "age_check", "payment", 7, min_age=16, item=beer.name,
                                   gtin=beer.gtin, lines=[7]),
                self._intervention(2, "void_request", "payment", 4, item=self.lines[3].name,
                                   amount=self.lines[3].amount)),
            devices=(DeviceView("scanner", "online"), DeviceView("scale", "online"),
                     DeviceView("printer", "error", "PRINTER_PAPER_OUT", "paper out"),
                     DeviceView("payment", "online")))

    def _card(self, status: str, progress: str = "", reason: str | None = None
              ) -> PaymentView:
        total = sum(line.amount for line in self.lines) - sum(a for _n, a in self.discounts)
        return PaymentView(1, "card", total, status, "05" if status == "declined" else None,
                           reason, progress)
