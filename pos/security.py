"""Bagging-area security: what a bagged item should weigh, and why.

An item's expected weight comes, in order of preference, from the weight
learned from earlier confirmed weighings, from the catalog, from the scale
or barcode that priced it, or is unknown (then the first stable increase is
taken as the item and learned from).  Every decision carries an explanation
(expected, measured, tolerance, source) that the attendant sees.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pos.catalog import Product, SoldBy


class WeightSource(Enum):
    CATALOG = "catalog"  # the product master data
    LEARNED = "learned"  # from confirmed weighings at this store
    SCALE = "scale"  # the item was weighed to price it
    BARCODE = "barcode"  # a variable-measure code carried the weight
    UNKNOWN = "unknown"  # nothing known: any plausible weight is accepted and learned


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    tolerance_abs_g: int = 20
    tolerance_rel_pct: int = 5
    zero_band_g: int = 5  # changes smaller than this are scale noise
    max_bag_weight_g: int = 1500  # heaviest own bag accepted as tare
    learned_min_samples: int = 5
    learned_max_samples: int = 50

    def tolerance_for(self, expected_g: int, override_g: int | None = None) -> int:
        if override_g is not None:
            return override_g
        return max(self.tolerance_abs_g, expected_g * self.tolerance_rel_pct // 100)


@dataclass(frozen=True, slots=True)
class ExpectedWeight:
    grams: int | None  # None: unknown
    tolerance_g: int
    source: WeightSource
    samples: int = 0  # for learned weights: how many weighings they rest on

    def accepts(self, delta_g: int, zero_band_g: int) -> bool:
        if self.grams is None:
            return delta_g > zero_band_g
        return abs(delta_g - self.grams) <= self.tolerance_g

    def to_dict(self) -> dict[str, Any]:
        return {"grams": self.grams, "tolerance_g": self.tolerance_g,
                "source": self.source.value, "samples": self.samples}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExpectedWeight:
        return cls(data["grams"], int(data["tolerance_g"]), WeightSource(data["source"]),
                   int(data.get("samples", 0)))


@dataclass(frozen=True, slots=True)
class LearnedWeight:
    grams: int
    spread_g: int  # a robust deviation of the accepted weighings
    samples: int  # weighings kept after outliers were rejected
    rejected: int  # weighings rejected as outliers


def learn_weight(observations: Sequence[tuple[int, bool]], policy: SecurityPolicy,
                 ) -> LearnedWeight | None:
    """Estimate an item's weight from ``(grams, confirmed_by_attendant)`` weighings.

    Outliers (more than 3 scaled median absolute deviations, or 3 % of the
    median when the weighings agree closely) are rejected; a weighing an
    attendant confirmed counts twice.  ``None`` until enough weighings remain.
    """
    recent = [o for o in observations[: policy.learned_max_samples] if o[0] > 0]
    if not recent:
        return None
    median = statistics.median(g for g, _ in recent)
    mad = statistics.median(abs(g - median) for g, _ in recent) * 1.4826
    limit = max(3 * mad, median * 0.03, float(policy.zero_band_g))
    kept = [(g, c) for g, c in recent if abs(g - median) <= limit]
    if len(kept) < policy.learned_min_samples:
        return None
    weighted = [g for g, confirmed in kept for _ in range(2 if confirmed else 1)]
    grams = round(statistics.fmean(weighted))
    spread = round(statistics.pstdev(weighted)) if len(weighted) > 1 else 0
    return LearnedWeight(grams, spread, len(kept), len(recent) - len(kept))


def expected_weight(product: Product, quantity: int, policy: SecurityPolicy, *,
                    learned: LearnedWeight | None = None, weighed_g: int | None = None,
                    from_barcode: bool = False) -> ExpectedWeight:
    """What ``quantity`` of ``product`` should add to the bagging area."""
    if weighed_g is not None:
        source = WeightSource.BARCODE if from_barcode else WeightSource.SCALE
        return ExpectedWeight(weighed_g, policy.tolerance_for(weighed_g), source)
    if product.sold_by is SoldBy.WEIGHT:
        return ExpectedWeight(None, policy.tolerance_abs_g, WeightSource.UNKNOWN)
    if learned is not None:
        grams = learned.grams * quantity
        tolerance = max(policy.tolerance_for(grams, product.weight_tolerance_g),
                        3 * learned.spread_g * quantity)
        return ExpectedWeight(grams, tolerance, WeightSource.LEARNED, learned.samples)
    if product.expected_weight_g is not None:
        grams = product.expected_weight_g * quantity
        return ExpectedWeight(grams, policy.tolerance_for(grams, product.weight_tolerance_g),
                              WeightSource.CATALOG)
    return ExpectedWeight(None, policy.tolerance_abs_g, WeightSource.UNKNOWN)


@dataclass(frozen=True, slots=True)
class WeightExplanation:
    """Why a security intervention was raised: shown to the attendant as it is."""

    reason: str  # "mismatch", "unexpected", "removed", "nothing_placed"
    expected_g: int | None
    measured_delta_g: int
    tolerance_g: int
    source: WeightSource | None
    gtin: str | None = None
    item: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason, "expected_g": self.expected_g,
            "measured_delta_g": self.measured_delta_g, "tolerance_g": self.tolerance_g,
            "source": self.source.value if self.source else None,
            "gtin": self.gtin, "item": self.item,
        }
