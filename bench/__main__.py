"""``make bench``: run every benchmark, write bench/results/*.json, print one JSON summary."""

from __future__ import annotations

import json
import sys

from bench import (
    bench_core,
    bench_kiosk,
    bench_printer,
    bench_scale,
    bench_scanner,
    bench_station,
    bench_storage,
)
from bench.stats import write

SUITES = {
    "core": bench_core.run,
    "storage": bench_storage.run,
    "scanner": bench_scanner.run,
    "scale": bench_scale.run,
    "printer": bench_printer.run,
    "kiosk": bench_kiosk.run,
    "station": bench_station.run,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    summary = {}
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr)
        summary[name] = write(name, SUITES[name]())
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
