"""From validated configuration to the domain's settings objects.

``kiosk.config`` says what a store's IT wrote; this module turns it into what
``pos`` works with (tax policy, promotions, security policy, barcode layouts,
receipt header), so neither side knows the other's shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import (
    LaneConfig,
    StoreConfig,
    load_lane_with_store,
    load_promotions,
    load_store,
)
from kiosk.lanecore import LaneCore
from kiosk.storage import Database
from pos.barcode import VariableMeasureLayout
from pos.catalog import gtin14
from pos.money import Money
from pos.promotions import Coupon, MixMatch, MultiBuy, Promotions
from pos.receipt import StoreHeader
from pos.tax import PricingMode, RoundingLevel, TaxClass, TaxPolicy
from pos.transaction import LaneSettings


def tax_policy(store: StoreConfig) -> TaxPolicy:
    return TaxPolicy.of(
        [TaxClass.from_percent(t.tax_class, t.rate, t.label) for t in store.tax],
        mode=PricingMode(store.pricing.mode),
        level=RoundingLevel(store.pricing.rounding),
        rule=store.pricing.rounding_mode,
    )


def promotions(store: StoreConfig) -> Promotions:
    """The store's promotions (validated by kiosk.config) as the engine's objects."""
    path = store.promotions_path()
    if not path.exists():
        return Promotions()
    config = load_promotions(path)
    currency = store.currency

    def minor(amount: str) -> int:
        return Money.parse(amount, currency).minor

    return Promotions(
        multibuys=tuple(
            MultiBuy(m.id, m.name, frozenset(gtin14(g) for g in m.gtins), m.buy, m.pay,
                     None if m.price is None else minor(m.price))
            for m in config.multibuy),
        mixmatches=tuple(MixMatch(m.id, m.name, m.group, m.buy, minor(m.price))
                         for m in config.mixmatch),
        coupons=tuple(Coupon(gtin14(c.code), c.name, minor(c.value), minor(c.min_spend),
                             frozenset(gtin14(g) for g in c.gtins))
                      for c in config.coupon),
    )


def layouts(store: StoreConfig) -> tuple[VariableMeasureLayout, ...]:
    return tuple(layout.to_layout() for layout in store.barcodes.variable_measure)


def store_header(store: StoreConfig) -> StoreHeader:
    return StoreHeader(
        name=store.store.name, store_id=store.store.id, address=tuple(store.store.address),
        vat_id=store.store.vat_id, footer=tuple(store.receipt.footer),
        digital_receipt_url=store.receipt.digital_receipt_url,
    )


def lane_settings(store: StoreConfig, lane_id: str, lane: LaneConfig | None = None,
                  ) -> LaneSettings:
    security = lane.security_settings(store) if lane is not None else store.security
    return LaneSettings(
        lane_id=lane_id, currency=store.currency, tax=tax_policy(store),
        promotions=promotions(store), security=security.to_policy(),
        default_language=store.store.default_language,
    )


def lane_settings_from_store(store_path: Path | str, lane_id: str) -> LaneSettings:
    return lane_settings(load_store(store_path), lane_id)


@dataclass(frozen=True)
class LaneSetup:
    """Everything a lane process needs, read from its lane file and the store file it names."""

    lane: LaneConfig
    store: StoreConfig
    settings: LaneSettings
    header: StoreHeader
    layouts: tuple[VariableMeasureLayout, ...]

    @property
    def country(self) -> str | None:
        return self.store.barcodes.country or None

    def core(self, db: Database) -> LaneCore:
        """The lane's core over ``db``: its journal, catalog and learned weights."""
        return LaneCore(self.settings, db.journal(), catalog=db.catalog(), weights=db.weights(),
                        store=self.header, layouts=self.layouts, country=self.country)

    @classmethod
    def load(cls, lane_path: Path | str) -> LaneSetup:
        lane, store = load_lane_with_store(lane_path)
        return cls(lane, store, lane_settings(store, lane.lane.id, lane), store_header(store),
                   layouts(store))
