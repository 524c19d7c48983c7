"""Percentiles and the JSON record every benchmark writes."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_us(samples_ns: Sequence[int]) -> dict[str, float]:
    """p50/p99/max of nanosecond samples, in microseconds."""
    return {
        "p50_us": round(percentile(samples_ns, 50) / 1000, 2),
        "p99_us": round(percentile(samples_ns, 99) / 1000, 2),
        "max_us": round(max(samples_ns) / 1000, 2),
        "n": len(samples_ns),
    }


def write(name: str, result: dict[str, Any]) -> dict[str, Any]:
    record = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "cpu": platform.machine(),
                    "cores": _cores()},
        **result,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
