"""Benchmark the catalog (related briefs, relations, timeline, changes) at several corpus sizes,
against the same catalog with computed related briefs scoring every brief that shares a topic
(the launch edition's quadratic method), measured in the same run on the same corpora.

Run: .venv/bin/python benchmarks/bench_catalog.py --briefs 1000 2500 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.rules.validate import validate
from briefing.site import catalog
from synthetic import generate

TODAY = dt.date(2026, 12, 1)


def timed(corpus: object, window: int) -> float:
    saved = catalog.RELATED_WINDOW
    catalog.RELATED_WINDOW = window
    try:
        start = time.perf_counter()
        catalog.build(corpus, TODAY)  # type: ignore[arg-type]
        return time.perf_counter() - start
    finally:
        catalog.RELATED_WINDOW = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000, 2500, 5000])
    args = parser.parse_args()
    print(f"{'briefs':>7} {'all pairs s':>12} {'bounded s':>10} {'ratio':>6} {'bounded s per 1,000':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.briefs:
            root = generate(Path(tmp) / f"corpus-{n}", n)
            corpus = validate(root, today=TODAY)
            unbounded = timed(corpus, 10**9)
            bounded = timed(corpus, catalog.RELATED_WINDOW)
            ratio, per_thousand = unbounded / bounded, bounded / n * 1000
            print(f"{n:>7} {unbounded:>12.2f} {bounded:>10.2f} {ratio:>5.1f}x {per_thousand:>20.2f}")


if __name__ == "__main__":
    main()
