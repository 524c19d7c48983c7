import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.basket import Basket
from pos.errors import BasketError
from pos.promotions import Promotions
from pos.tax import PricingMode, TaxClass, TaxPolicy
from tests.unit.conftest import (
    BANANAS,
    BEER,
    BREAD,
    COFFEE,
    COLA,
    LEMONADE,
    MILK,
    PROMOTIONS,
    TAX,
    WHISKY,
)

PRODUCTS = [MILK, BREAD, BEER, WHISKY, COFFEE, COLA, LEMONADE]


def test_lines_add_up_with_taxes_per_class():
    basket = Basket("EUR", TAX)
    basket.add(MILK)
    basket.add(BEER, 2)
    totals = basket.totals()
    assert totals.total == 119 + 2 * 89
    assert totals.item_count == 3
    by_class = {c.tax_class.code: c for c in totals.classes}
    assert by_class["A"].tax == 28  # 178 * 19/119 = 28.4
    assert by_class["B"].tax == 8  # 119 * 7/107 = 7.8
    assert totals.net == totals.total - totals.tax


def test_weighed_item_is_priced_from_its_weight():
    basket = Basket("EUR", TAX)
    line = basket.add(BANANAS, weight_g=1234)
    assert line.amount == 246  # 1.234 kg x 1.99 = 2.4557
    with pytest.raises(BasketError, match="weigh"):
        basket.add(BANANAS)


def test_void_and_quantity():
    basket = Basket("EUR", TAX)
    basket.add(MILK)
    basket.add(BREAD)
    basket.void(1)
    assert basket.totals().total == 249
    with pytest.raises(BasketError):
        basket.void(1)
    basket.set_quantity(2, 3)
    assert basket.totals().total == 3 * 249
    with pytest.raises(BasketError):
        basket.line(7)


def test_three_for_two_makes_the_third_free():
    basket = Basket("EUR", TAX, PROMOTIONS)
    for _ in range(3):
        basket.add(COFFEE)
    totals = basket.totals()
    assert totals.total == 2 * 549
    assert totals.savings == 549
    basket.void(3)
    assert basket.totals().savings == 0


def test_mix_and_match_across_products():
    basket = Basket("EUR", TAX, PROMOTIONS)
    basket.add(COLA)
    basket.add(COLA)
    basket.add(LEMONADE)
    assert basket.totals().total == 300
    assert basket.totals().discounts[0].amount == 129 + 129 + 99 - 300


def test_coupon_needs_its_minimum_spend():
    basket = Basket("EUR", TAX, PROMOTIONS)
    coupon = PROMOTIONS.coupons[0]
    basket.add_coupon(coupon)
    basket.add(WHISKY)  # 19.99 reaches the 10.00 minimum
    assert basket.totals().total == 1999 - 100
    basket.void(1)
    basket.add(MILK)
    state = basket.totals().coupons[0]
    assert (state.applied, state.reason) == (0, "min_spend")
    with pytest.raises(BasketError):
        basket.add_coupon(coupon)


def test_unknown_tax_class_leaves_the_basket_unchanged():
    basket = Basket("EUR", TaxPolicy.of([TaxClass.from_percent("B", "7")]))
    with pytest.raises(Exception, match="unknown tax class"):
        basket.add(BEER)
    assert basket.lines == ()


@given(st.lists(st.tuples(st.integers(0, len(PRODUCTS) - 1), st.integers(1, 4),
                          st.booleans()), max_size=40),
       st.sampled_from([PricingMode.INCLUSIVE, PricingMode.EXCLUSIVE]))
def test_totals_equal_the_sum_of_lines_less_savings(ops, mode):
    tax = TaxPolicy(TAX.classes, mode=mode)
    basket = Basket("EUR", tax, PROMOTIONS)
    for index, quantity, void in ops:
        line = basket.add(PRODUCTS[index], quantity)
        if void:
            basket.void(line.line_no)
    totals = basket.totals()
    goods = sum(line.amount for line in basket.active_lines())
    assert sum(c.net if mode is PricingMode.EXCLUSIVE else c.gross
               for c in totals.classes) == goods - totals.savings
    assert totals.total == totals.net + totals.tax
    assert totals.total >= 0
    assert totals.savings >= 0
    assert totals.item_count == sum(line.quantity for line in basket.active_lines())


@given(st.lists(st.integers(0, len(PRODUCTS) - 1), min_size=1, max_size=30), st.data())
def test_voids_never_go_negative(indexes, data):
    basket = Basket("EUR", TAX, Promotions())
    for index in indexes:
        basket.add(PRODUCTS[index])
    for line_no in data.draw(st.permutations(range(1, len(indexes) + 1))):
        basket.void(line_no)
        assert basket.totals().total >= 0
    assert basket.totals().total == 0
    assert basket.item_count == 0
