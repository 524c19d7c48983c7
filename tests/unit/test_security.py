from hypothesis import given
from hypothesis import strategies as st

from pos.security import SecurityPolicy, WeightSource, expected_weight, learn_weight
from tests.unit.conftest import BANANAS, MILK, MYSTERY

POLICY = SecurityPolicy()


def test_tolerance_is_the_larger_of_absolute_and_relative():
    assert POLICY.tolerance_for(100) == 20
    assert POLICY.tolerance_for(2000) == 100
    assert POLICY.tolerance_for(2000, override_g=7) == 7


def test_expected_weight_sources_in_order_of_preference():
    assert expected_weight(MILK, 2, POLICY).grams == 2080
    assert expected_weight(MILK, 1, POLICY).source is WeightSource.CATALOG
    learned = learn_weight([(1010, False)] * 6, POLICY)
    assert learned is not None
    from_learned = expected_weight(MILK, 1, POLICY, learned=learned)
    assert (from_learned.grams, from_learned.source) == (1010, WeightSource.LEARNED)
    weighed = expected_weight(BANANAS, 1, POLICY, weighed_g=1234)
    assert (weighed.grams, weighed.source) == (1234, WeightSource.SCALE)
    assert expected_weight(BANANAS, 1, POLICY, weighed_g=500, from_barcode=True).source is \
        WeightSource.BARCODE
    assert expected_weight(MYSTERY, 1, POLICY).grams is None


def test_learning_rejects_outliers_and_needs_enough_weighings():
    assert learn_weight([(500, False)] * 4, POLICY) is None
    weighings = [(500, False), (502, False), (498, False), (501, True), (499, False),
                 (2500, False), (5, False)]
    learned = learn_weight(weighings, POLICY)
    assert learned is not None
    assert learned.rejected == 2
    assert abs(learned.grams - 500) <= 1
    assert learned.samples == 5


def test_attendant_confirmations_weigh_more():
    plain = learn_weight([(500, False)] * 5 + [(512, False)], POLICY)
    confirmed = learn_weight([(500, False)] * 5 + [(512, True)], POLICY)
    assert plain is not None
    assert confirmed is not None
    assert confirmed.grams > plain.grams


@given(st.lists(st.tuples(st.integers(-1000, 100_000), st.booleans()), max_size=80))
def test_learning_never_fails_and_stays_within_the_observations(observations):
    learned = learn_weight(observations, POLICY)
    if learned is not None:
        kept = [g for g, _ in observations[: POLICY.learned_max_samples] if g > 0]
        assert min(kept) <= learned.grams <= max(kept)
        assert learned.samples >= POLICY.learned_min_samples
