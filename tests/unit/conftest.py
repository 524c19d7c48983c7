"""Shared builders for the core's unit tests: a small store with known products."""

from __future__ import annotations

import pytest

from pos.catalog import Bagging, Product, SoldBy
from pos.promotions import Coupon, MixMatch, MultiBuy, Promotions
from pos.security import SecurityPolicy
from pos.tax import TaxClass, TaxPolicy
from pos.transaction import LaneSettings

MILK = Product("04000000000017", "Milk 1 l", 119, "B", expected_weight_g=1040)
BREAD = Product("04000000000024", "Rye bread 750 g", 249, "B", expected_weight_g=760)
BEER = Product("04000000000031", "Pils 0.5 l", 89, "A", expected_weight_g=820, min_age=16)
WHISKY = Product("04000000000048", "Whisky 0.7 l", 1999, "A", expected_weight_g=1300,
                 min_age=18)
COFFEE = Product("04000000000055", "Coffee 500 g", 549, "B", expected_weight_g=520)
COLA = Product("04000000000062", "Cola 1.5 l", 129, "B", expected_weight_g=1580,
               mix_match="soft")
LEMONADE = Product("04000000000079", "Lemonade 1 l", 99, "B", expected_weight_g=1060,
                   mix_match="soft")
WATER_CRATE = Product("04000000000086", "Water crate 12 x 1 l", 499, "B",
                      expected_weight_g=14500, bagging=Bagging.OPTIONAL)
BANANAS = Product("02000000401100", "Bananas", 199, "B", sold_by=SoldBy.WEIGHT, plu="4011")
MYSTERY = Product("04000000000093", "Socks", 599, "A")  # no expected weight

TAX = TaxPolicy.of([TaxClass.from_percent("A", "19"), TaxClass.from_percent("B", "7")])
PROMOTIONS = Promotions(
    multibuys=(MultiBuy("coffee-3for2", "Coffee 3 for 2", frozenset({COFFEE.gtin}), 3, pay=2),),
    mixmatches=(MixMatch("soft", "Any 3 soft drinks for 3.00", "soft", 3, 300),),
    coupons=(Coupon("09900000000017", "1 EUR off from 10 EUR", 100, min_spend=1000),),
)


@pytest.fixture
def settings() -> LaneSettings:
    return LaneSettings("lane-1", "EUR", TAX, PROMOTIONS, SecurityPolicy())
